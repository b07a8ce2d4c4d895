package sources

import (
	"testing"

	"handlingsplan/plan"
)

func TestSplitImpact(t *testing.T) {
	tests := []struct{ in, choice, detail string }{
		{"Verksamhetsförändring", "Verksamhetsförändring", ""},
		{"Finansiell förändring – 2,4 mnkr per år", "Finansiell förändring", "2,4 mnkr per år"},
		{"Arbetsfördelning/nivåstrukturering: kirurgin till Linköping", "Arbetsfördelning/nivåstrukturering", "kirurgin till Linköping"},
		{"Verksamhetsförändring. Ny mottagning 2027.", "Verksamhetsförändring", "Ny mottagning 2027."},
		{"Ingen", "Ingen", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, d := splitImpact(tt.in)
			if c != tt.choice || d != tt.detail {
				t.Errorf("splitImpact(%q) = %q, %q; want %q, %q", tt.in, c, d, tt.choice, tt.detail)
			}
		})
	}
}

// TestSlideStatusGlyph: a status written after a coloured symbol ("● Gul"), as
// decks write it so that the marker travels with its row, is read as the word.
func TestSlideStatusGlyph(t *testing.T) {
	for _, cell := range []string{"● Gul", "⬤ Gul", "■ Gul"} {
		t.Run(cell, func(t *testing.T) {
			data := buildDeck(t, withCell(goodSlides(), 1, 0, 2, 4, cell))
			r := Read(Input{Name: "plan.pptx", Data: data}, testCatalog(), DefaultLimits)
			if !r.OK() {
				t.Fatalf("problems:%s", dumpProblems(r.Problems))
			}
			if got := r.Plan.Areas[0].Activities[1].Status; got != plan.StatusYellow {
				t.Errorf("status = %v, want Gul", got)
			}
		})
	}
}

// TestSlideDetailsTable: the plan's values in a label/value table are read, a
// label's help on the line under it is not a value, and a problem names the
// value's cell.
func TestSlideDetailsTable(t *testing.T) {
	slides := goodSlides()
	slides[0] = slideSpec{title: "Uppgifter om planen", tables: []tableSpec{{rows: [][]string{
		{"Uppgift", "Värde"},
		{"Programområde/samverkansgrupp *\nNamnet på programområdet eller samverkansgruppen, t.ex. RPO Psykisk hälsa.", "RPO Psykisk hälsa"},
		{"Kontaktperson\nDen som svarar på frågor om planen.", "Anna Andersson"},
		{"E-post\nKontaktpersonens e-postadress.", "anna.andersson"},
		{"Senast uppdaterad", "2026-03-01"},
		{"Samverkan – patientföreträdare\nSamverkan med patientföreträdare.", "Brukarråd i varje region."},
		{"Övriga kommentarer", ""},
	}}}}
	r := Read(Input{Name: "plan.pptx", Data: buildDeck(t, slides)}, testCatalog(), DefaultLimits)
	if !r.OK() {
		t.Fatalf("problems:%s", dumpProblems(r.Problems))
	}
	p := r.Plan
	if p.Name != "RPO Psykisk hälsa" || p.Contact != "Anna Andersson" || p.Cooperation.Patients != "Brukarråd i varje region." ||
		p.Comments != "" || p.Updated.Format("2006-01-02") != "2026-03-01" {
		t.Errorf("read %q, %q, %q, %q, %v", p.Name, p.Contact, p.Cooperation.Patients, p.Comments, p.Updated)
	}
	if _, ok := findProblem(r.Problems, wantProblem{sev: plan.SevWarning, loc: "bild 1, tabell 1, rad 4, kolumn Värde", field: "E-post"}); !ok {
		t.Errorf("no warning at the e-mail's cell:%s", dumpProblems(r.Problems))
	}
}

// TestSlideActivityTable: a table of Aktivitet and konsekvenser/slutrapport under
// area bands fills the plan table's activities; a dash is no value; an activity
// the plan table lacks is a warning at its cell.
func TestSlideActivityTable(t *testing.T) {
	slides := append(goodSlides(), slideSpec{title: "Konsekvenser och slutrapport – RPO Psykisk hälsa", tables: []tableSpec{{
		rows: [][]string{
			{"Aktivitet", "Konsekvenser för invånare, patienter och närstående", "Konsekvenser för verksamhet och medarbetare",
				"Konsekvenser för styrning och ledning", "Slutrapport och utvärdering"},
			{"Tillgänglighet till psykiatrisk vård", "", "", "", ""},
			{"Gemensam remissrutin mellan regionerna", "Kortare väntan.", "–", "Uppföljning i kunskapsrådet.", "–"},
			{"Suicidprevention (forts.)", "", "", "", ""},
			{"Regional handlingsplan för suicidprevention", "–", "–", "–", "Planen antogs i juni."},
			{"Okänd aktivitet", "Något", "", "", ""},
		},
		merges: [][4]int{{1, 0, 1, 5}, {3, 0, 1, 5}},
	}}})
	r := Read(Input{Name: "plan.pptx", Data: buildDeck(t, slides)}, testCatalog(), DefaultLimits)
	if !r.OK() {
		t.Fatalf("problems:%s", dumpProblems(r.Problems))
	}
	first := r.Plan.Areas[0].Activities[0]
	if first.Consequences.Citizens != "Kortare väntan." || first.Consequences.Operations != "" ||
		first.Consequences.Governance != "Uppföljning i kunskapsrådet." || first.FinalReport != "" {
		t.Errorf("first activity: %+v, slutrapport %q", first.Consequences, first.FinalReport)
	}
	var done *plan.Activity
	for i := range r.Plan.Areas {
		for j := range r.Plan.Areas[i].Activities {
			if a := &r.Plan.Areas[i].Activities[j]; a.Description == "Regional handlingsplan för suicidprevention" {
				done = a
			}
		}
	}
	if done == nil || done.FinalReport != "Planen antogs i juni." {
		t.Errorf("slutrapport not read: %+v", done)
	}
	if _, ok := findProblem(r.Problems, wantProblem{sev: plan.SevWarning, loc: "bild 4, tabell 1, rad 6, kolumn Aktivitet", field: "Aktivitet"}); !ok {
		t.Errorf("no warning for the unknown activity:%s", dumpProblems(r.Problems))
	}
}
