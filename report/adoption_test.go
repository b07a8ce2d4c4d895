package report_test

import (
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/report"
)

func TestAdoptionLabel(t *testing.T) {
	cfg, in := sampleInput(t)
	medicin, _ := cfg.Catalog.Forum("Medicin")
	hjarta, endokrina := "RPO Hjärt- och kärlsjukdomar", "RPO Endokrina sjukdomar"
	for i := range in.Current {
		in.Current[i].Version = 3
	}
	sept := time.Date(2026, 9, 10, 0, 0, 0, 0, time.Local)
	in.Adopted = map[string]report.Adoption{
		hjarta:    {Version: 3, Forum: medicin.Name, Meeting: sept},
		endokrina: {Version: 2, Forum: medicin.Name, Meeting: sept},
	}
	r, err := report.Build(report.Request{Audience: plan.AudienceKR, Forum: medicin.Name}, in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{ // label, cell
		hjarta:                            {"Fastställd 10 september 2026", "2026-09-10"},
		endokrina:                         {"Version 3 ej fastställd (version 2 fastställd 10 september 2026)", "Nej (v. 2: 2026-09-10)"},
		"RPO Lung- och allergisjukdomar":  {"Ej fastställd", "Nej"},
		"RPO Njur- och urinvägssjukdomar": {"", ""}, // missing
	}
	if !r.ShowsAdoption() {
		t.Error("a kunskapsråd overview shows no Fastställd column")
	}
	for _, row := range r.Overview {
		if w, ok := want[row.Name]; ok && (row.AdoptionLabel() != w[0] || row.AdoptionCell() != w[1]) {
			t.Errorf("%s: %q, %q, want %q", row.Name, row.AdoptionLabel(), row.AdoptionCell(), w)
		}
		if got, w := row.AdoptedCurrent(), row.Name == hjarta; got != w {
			t.Errorf("%s: AdoptedCurrent %v, want %v", row.Name, got, w)
		}
	}
}

func TestChangesNoteRenamed(t *testing.T) {
	tests := []struct {
		d    plan.Diff
		want string
	}{
		{plan.Diff{}, ""},
		{plan.Diff{Renamed: make([]plan.TextChange, 1)}, "1 aktivitet omformulerad"},
		{plan.Diff{Renamed: make([]plan.TextChange, 2), NewAreas: []string{"Ny"}}, "1 prioriterat område tillagt eller borttaget; 2 aktiviteter omformulerade"},
	}
	for _, tt := range tests {
		if got := (report.PlanChanges{Diff: tt.d}).Note(); got != tt.want {
			t.Errorf("Note = %q, want %q", got, tt.want)
		}
	}
}
