package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handlingsplan/plan"
)

// testCatalog is the sample reference data of SPEC §6.
func testCatalog() *plan.Catalog {
	return &plan.Catalog{
		Promises: []plan.Promise{
			{ID: "P1", Title: "Du får en jämlik vård oavsett var i sjukvårdsregionen du bor"},
			{ID: "P2", Title: "Du får vård i rätt tid"},
			{ID: "P3", Title: "Du är delaktig och välinformerad i din vård"},
			{ID: "P4", Title: "Du får en säker vård av hög kvalitet"},
			{ID: "P5", Title: "Du får en sammanhållen vård"},
		},
		Forums: []plan.Forum{
			{Name: "Kunskapsråd Medicin", Short: "Medicin", Kind: plan.ForumKR, Areas: []string{
				"RPO Hjärt- och kärlsjukdomar", "RPO Endokrina sjukdomar", "RPO Lung- och allergisjukdomar",
				"RPO Njur- och urinvägssjukdomar", "RPO Infektionssjukdomar"}},
			{Name: "Kunskapsråd Kirurgi och cancer", Short: "Kirurgi och cancer", Kind: plan.ForumKR, Areas: []string{
				"RPO Cancersjukdomar", "RPO Rörelseorganens sjukdomar",
				"RPO Perioperativ vård, intensivvård och transplantation", "RPO Kvinnosjukdomar och förlossning"}},
			{Name: "Kunskapsråd Psykisk hälsa", Short: "Psykisk hälsa", Kind: plan.ForumKR, Areas: []string{
				"RPO Psykisk hälsa", "RPO Barn och ungdomars hälsa"}},
			{Name: "Kunskapsråd Nära vård", Short: "Nära vård", Kind: plan.ForumKR, Areas: []string{
				"RPO Äldres hälsa", "RPO Primärvård", "RPO Levnadsvanor",
				"RPO Rehabilitering, habilitering och försäkringsmedicin"}},
			{Name: "RSL", Short: "RSL", Kind: plan.ForumRSL, Areas: []string{
				"RSG Läkemedel och medicinteknik", "RSG Patientsäkerhet", "RSG Uppföljning och analys"}},
		},
	}
}

// readFixture reads testdata/name through Read with the test catalog.
func readFixture(t testing.TB, name string, lim Limits) Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture %s: %v (run go test -run TestMakeFixtures -args -regen)", name, err)
	}
	return Read(Input{Name: name, Data: data}, testCatalog(), lim)
}

// wantProblem is an expected problem: its severity, location, field and a part
// of its message.
type wantProblem struct {
	sev   plan.Severity
	loc   string
	field string
	msg   string
}

// findProblem returns the problem matching w, if any.
func findProblem(ps plan.Problems, w wantProblem) (plan.Problem, bool) {
	for _, p := range ps {
		if p.Severity == w.sev && p.Location == w.loc && p.Field == w.field && strings.Contains(p.Message, w.msg) {
			return p, true
		}
	}
	return plan.Problem{}, false
}

func dumpProblems(ps plan.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\n  ")
		b.WriteString(string(p.Severity) + " | " + p.Location + " | " + p.Field + " | " + p.Message)
	}
	return b.String()
}
