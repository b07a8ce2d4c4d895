package sample_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/sources"
)

// TestFilesReadBack submits every sample plan the way the demo does and reads it
// with the real readers: each must be accepted and give back the same plan.
func TestFilesReadBack(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	if len(set.Current) != 17 || len(set.Missing) != 1 || len(set.Stale) != 1 || len(set.Earlier) == 0 {
		t.Fatalf("current %d, missing %v, stale %v, earlier %d", len(set.Current), set.Missing, set.Stale, len(set.Earlier))
	}
	formats := map[string]int{}
	for _, p := range append(set.Current, set.Earlier...) {
		name, data, err := sample.File(&cfg.Catalog, p)
		if err != nil {
			t.Fatal(err)
		}
		r := sources.Read(sources.Input{Name: name, Data: data}, &cfg.Catalog, cfg.Limits)
		if !r.OK() {
			t.Errorf("%s rejected:\n%v", name, r.Problems)
			continue
		}
		formats[r.Format]++
		if d := plan.Compare(p, r.Plan); !d.Empty() {
			t.Errorf("%s reads back different: %+v", name, d)
		}
		// Every field comes back, from the workbook and from the plan deck.
		for _, diff := range fieldDiffs(p, r.Plan) {
			t.Errorf("%s: %s", name, diff)
		}
		if r.Plan.Name != p.Name || r.Plan.ActivityCount() != p.ActivityCount() || !r.Plan.Updated.Equal(p.Updated) {
			t.Errorf("%s: read %q, %d activities, updated %v; want %q, %d, %v", name,
				r.Plan.Name, r.Plan.ActivityCount(), r.Plan.Updated, p.Name, p.ActivityCount(), p.Updated)
		}
		for _, pr := range r.Problems {
			if strings.Contains(pr.Message, "tolkades") {
				t.Errorf("%s: status inferred from colour: %s", name, pr)
			}
		}
	}
	if formats["xlsx"] == 0 || formats["pptx"] == 0 {
		t.Errorf("formats read: %v; the samples must exercise both readers", formats)
	}
}

// fieldDiffs lists every field of SPEC §2 that differs between two plans.
func fieldDiffs(want, got *plan.Plan) []string {
	var out []string
	cmp := func(what, w, g string) {
		if w != g {
			out = append(out, fmt.Sprintf("%s = %q, want %q", what, g, w))
		}
	}
	cmp("typ", string(want.Kind), string(got.Kind))
	cmp("NPO/NSG", want.National, got.National)
	cmp("kunskapsråd", want.Forum, got.Forum)
	cmp("kontaktperson", want.Contact, got.Contact)
	cmp("e-post", want.Email, got.Email)
	cmp("planperiod", want.Period, got.Period)
	cmp("samverkan NPO", want.Cooperation.National, got.Cooperation.National)
	cmp("samverkan RPO", want.Cooperation.Regional, got.Cooperation.Regional)
	cmp("samverkan kommuner", want.Cooperation.Local, got.Cooperation.Local)
	cmp("samverkan patienter", want.Cooperation.Patients, got.Cooperation.Patients)
	cmp("övriga kommentarer", want.Comments, got.Comments)
	if len(want.Areas) != len(got.Areas) {
		return append(out, fmt.Sprintf("%d areas, want %d", len(got.Areas), len(want.Areas)))
	}
	for i, wa := range want.Areas {
		ga := got.Areas[i]
		cmp("område", wa.Title, ga.Title)
		cmp(wa.Title+": insatsområde", wa.NationalArea, ga.NationalArea)
		cmp(wa.Title+": patientlöften", strings.Join(wa.Promises, ";"), strings.Join(ga.Promises, ";"))
		if len(wa.Activities) != len(ga.Activities) {
			out = append(out, fmt.Sprintf("%s: %d activities, want %d", wa.Title, len(ga.Activities), len(wa.Activities)))
			continue
		}
		for j, w := range wa.Activities {
			g, at := ga.Activities[j], w.Description+": "
			cmp(at+"aktivitet", w.Description, g.Description)
			cmp(at+"tidplan", w.Schedule, g.Schedule)
			cmp(at+"samverkan", w.Cooperation, g.Cooperation)
			cmp(at+"metod", w.FollowUp.Method, g.FollowUp.Method)
			cmp(at+"kvalitetsindikatorer", w.FollowUp.Indicators, g.FollowUp.Indicators)
			cmp(at+"mål", w.FollowUp.Goal, g.FollowUp.Goal)
			cmp(at+"mätansvarig", w.FollowUp.Responsible, g.FollowUp.Responsible)
			cmp(at+"resultat", w.FollowUp.Result, g.FollowUp.Result)
			cmp(at+"status", string(w.Status), string(g.Status))
			cmp(at+"kommentar", w.Comment, g.Comment)
			cmp(at+"ledningsstöd", fmt.Sprint(w.NeedsSupport), fmt.Sprint(g.NeedsSupport))
			cmp(at+"konsekvenser invånare", w.Consequences.Citizens, g.Consequences.Citizens)
			cmp(at+"konsekvenser verksamhet", w.Consequences.Operations, g.Consequences.Operations)
			cmp(at+"konsekvenser styrning", w.Consequences.Governance, g.Consequences.Governance)
			cmp(at+"slutrapport", w.FinalReport, g.FinalReport)
			cmp(at+"påverkan", string(w.Impact), string(g.Impact))
			cmp(at+"beskrivning av förändring", w.ImpactDetail, g.ImpactDetail)
		}
	}
	return out
}

// TestContentIsItsOwn: no comment, goal, result, method or change description is
// shared by two sample activities, so the demo reads like real plans.
func TestContentIsItsOwn(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	seen := map[string]string{}
	n := 0
	for _, p := range set.Current {
		for _, a := range p.Areas {
			for _, act := range a.Activities {
				n++
				for field, v := range map[string]string{"kommentar": act.Comment, "mål": act.FollowUp.Goal,
					"resultat": act.FollowUp.Result, "beskrivning av förändring": act.ImpactDetail, "slutrapport": act.FinalReport} {
					if v == "" {
						continue
					}
					if other, dup := seen[v]; dup {
						t.Errorf("%s %q is used by %q and %q", field, v, other, act.Description)
					}
					seen[v] = act.Description
				}
				if act.Status == plan.StatusDone && act.FinalReport == "" {
					t.Errorf("%q is done without a slutrapport", act.Description)
				}
				if act.NeedsSupport && act.Status != plan.StatusRed && act.Status != plan.StatusYellow {
					t.Errorf("%q asks for ledningsstöd although %s", act.Description, act.Status.Label())
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("%d sample activities, want at least 50", n)
	}
}

// TestLongPlanDeckReadsBack: long cells that the plan deck continues on the next
// slide ("(forts.)" rows, "Kommentar (forts.):" bands) read back whole.
func TestLongPlanDeckReadsBack(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	for _, p := range set.Current {
		if !strings.Contains(p.Name, "Patientsäkerhet") { // the plan submitted as slides
			continue
		}
		long := func(s string, n int) string { return strings.TrimSpace(strings.Repeat(s, n)) }
		acts := p.Areas[0].Activities
		acts[0].Comment = long("Granskningen visar att vårdskadorna minskar i alla tre regionerna. ", 30) // one cell: a band
		acts[1].FollowUp.Result = long("Andelen trycksår minskar för tredje mätningen i rad. ", 15)
		acts[1].Comment = long("Kommunerna deltar i mätningen sedan våren. ", 25)                   // two cells: a continuation row
		acts[2].Consequences.Citizens = long("Samma misstag upprepas inte i en annan region. ", 40) // the konsekvenser table
		name, data, err := sample.File(&cfg.Catalog, p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := pptx.Open(data, pptx.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		var bands, rows int
		for _, s := range doc.Slides {
			for _, tb := range s.Tables {
				for _, row := range tb.Rows {
					for _, c := range row.Cells {
						switch text := c.Text(); {
						case strings.HasPrefix(text, "Kommentar (forts.):"):
							bands++
						case strings.HasPrefix(text, "(forts.)"):
							rows++
						}
					}
				}
			}
		}
		if bands == 0 || rows == 0 {
			t.Fatalf("the deck has %d continued bands and %d continued cells; the test needs both", bands, rows)
		}
		r := sources.Read(sources.Input{Name: name, Data: data}, &cfg.Catalog, cfg.Limits)
		if !r.OK() {
			t.Fatalf("rejected: %v", r.Problems)
		}
		for _, pr := range r.Problems {
			t.Errorf("problem: %s", pr)
		}
		for _, diff := range fieldDiffs(p, r.Plan) {
			t.Errorf("%s", diff)
		}
		return
	}
	t.Fatal("no slides sample")
}
