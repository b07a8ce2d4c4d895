package adoption_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/adoption"
	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/store"
)

func TestAdopt(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	const name = "RPO Hjärt- och kärlsjukdomar"
	for i := range 2 {
		p := &plan.Plan{Name: name, Kind: plan.KindRPO, Updated: time.Date(2026, 10, 1+i, 0, 0, 0, 0, time.UTC),
			Areas: []plan.Area{{Title: "Jämlik vård", Activities: []plan.Activity{{Description: "Aktivitet", Status: plan.StatusGreen}}}}}
		if _, _, err := st.AddVersion(ctx, 0, p); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation("2006-01-02", s, time.Local)
		return d
	}
	tests := []struct {
		name        string
		r           adoption.Request
		wantVersion int
		wantCreated bool
		wantCode    apperr.Code
		wantMsg     string
	}{
		{"Latest", adoption.Request{Plan: "Hjärt- och kärlsjukdomar", Meeting: day("2026-12-03"), By: "anna"}, 2, true, "", ""},
		{"Again", adoption.Request{Plan: name, Meeting: day("2026-12-03"), Version: 2, By: "anna"}, 2, false, "", ""},
		{"Older", adoption.Request{Plan: name, Meeting: day("2026-09-10"), Version: 1, By: "anna"}, 1, true, "", ""},
		{"NoMeeting", adoption.Request{Plan: name, Meeting: day("2026-12-04"), By: "anna"}, 0, false, apperr.Invalid, "har inget möte 2026-12-04"},
		{"NoVersion", adoption.Request{Plan: name, Meeting: day("2026-12-03"), Version: 3, By: "anna"}, 0, false, apperr.NotFound, "har ingen version 3; den senaste är version 2"},
		{"Nothing", adoption.Request{Plan: "RPO Psykisk hälsa", Meeting: day("2026-12-08"), By: "anna"}, 0, false, apperr.NotFound, "Ingen version av RPO Psykisk hälsa"},
		{"NoOne", adoption.Request{Plan: name, Meeting: day("2026-12-03")}, 0, false, apperr.Invalid, "vem som fastställer"},
		{"Negative", adoption.Request{Plan: name, Meeting: day("2026-12-03"), Version: -1, By: "anna"}, 0, false, apperr.Invalid, "ogiltig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ad, created, err := adoption.Adopt(ctx, cfg, st, tt.r)
			if tt.wantCode != "" {
				if apperr.CodeOf(err) != tt.wantCode || !strings.Contains(apperr.MessageOf(err), tt.wantMsg) {
					t.Errorf("err = %v, want %s containing %q", err, tt.wantCode, tt.wantMsg)
				}
				return
			}
			if err != nil || ad.Plan != name || ad.Version != tt.wantVersion || created != tt.wantCreated || ad.Forum != "Kunskapsråd Medicin" {
				t.Errorf("Adopt = %+v, %v, %v", ad, created, err)
			}
		})
	}
}
