package report_test

import (
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// sampleInput is the sample region as of a day in November 2026, with the earlier
// versions current at a previous meeting in September.
func sampleInput(t testing.TB) (*config.Config, report.Input) {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	in := sample.Make(&cfg.Catalog, now, 1).Input(&cfg.Catalog, now.AddDate(0, 0, 10))
	return cfg, in
}

func TestBuild(t *testing.T) {
	cfg, in := sampleInput(t)
	medicin, _ := cfg.Catalog.Forum("Medicin")
	nara, _ := cfg.Catalog.Forum("Nära vård")
	tests := []struct {
		name      string
		req       report.Request
		wantRows  int
		wantPlans int
		wantFlag  map[string]report.Flag
		wantFile  string
	}{
		{"KR", report.Request{Audience: plan.AudienceKR, Forum: medicin.Name}, 5, 4,
			map[string]report.Flag{"RPO Njur- och urinvägssjukdomar": report.FlagMissing}, "Kunskapsrad-Medicin_2026-12-03"},
		{"KRStale", report.Request{Audience: plan.AudienceKR, Forum: nara.Name}, 4, 4,
			map[string]report.Flag{"RPO Levnadsvanor": report.FlagNewStale}, "Kunskapsrad-Nara-vard_2026-12-03"},
		{"RSL", report.Request{Audience: plan.AudienceRSL}, 18, 0, nil, "RSL_2026-12-03"},
		{"SVN", report.Request{Audience: plan.AudienceSVN}, 18, 0, nil, "Overenskommelse_2026-12-03"},
		{"Plan", report.Request{Audience: plan.AudiencePlan, Plan: "RPO Psykisk hälsa"}, 1, 1, nil, "Handlingsplan-RPO-Psykisk-halsa_2026-12-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := report.Build(tt.req, in)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(r.Overview); got != tt.wantRows {
				t.Errorf("overview rows = %d, want %d", got, tt.wantRows)
			}
			if got := len(r.Plans); got != tt.wantPlans {
				t.Errorf("plans in full = %d, want %d", got, tt.wantPlans)
			}
			for _, row := range r.Overview {
				if want, ok := tt.wantFlag[row.Name]; ok && row.Flag != want {
					t.Errorf("%s flag = %q, want %q", row.Name, row.Flag, want)
				}
			}
			if got := r.FileBase(); got != tt.wantFile {
				t.Errorf("FileBase = %q, want %q", got, tt.wantFile)
			}
			if r.Totals.Total() == 0 {
				t.Error("no activities counted")
			}
		})
	}
}

func TestBuildRSLLists(t *testing.T) {
	_, in := sampleInput(t)
	r, err := report.Build(report.Request{Audience: plan.AudienceRSL}, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 5 {
		t.Errorf("groups = %d, want 5 forums", len(r.Groups))
	}
	if len(r.Attention) == 0 || r.Attention[0].Activity.Status != plan.StatusRed {
		t.Errorf("attention list should start with red activities: %d items", len(r.Attention))
	}
	for _, it := range r.Attention {
		if s := it.Activity.Status; s != plan.StatusRed && s != plan.StatusYellow {
			t.Errorf("attention holds a %s activity", s)
		}
	}
	if len(r.Support) == 0 || len(r.Proposals) == 0 || len(r.Changes) == 0 {
		t.Errorf("support %d, proposals %d, changes %d: the samples have all three", len(r.Support), len(r.Proposals), len(r.Changes))
	}
	var sum plan.StatusCounts
	for _, g := range r.Groups {
		sum = sum.Plus(g.Counts)
	}
	if sum != r.Totals {
		t.Errorf("groups add up to %+v, totals %+v", sum, r.Totals)
	}
}

func TestSlugAndDate(t *testing.T) {
	if got := report.Slug("Kunskapsråd Kirurgi och cancer"); got != "Kunskapsrad-Kirurgi-och-cancer" {
		t.Errorf("Slug = %q", got)
	}
	if got := report.Date(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); got != "1 mars 2026" {
		t.Errorf("Date = %q", got)
	}
}
