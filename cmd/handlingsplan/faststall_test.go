package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// storedPlans makes a data folder whose database holds versions of the named plan.
func storedPlans(t *testing.T, name string, versions int) string {
	t.Helper()
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range versions {
		p := &plan.Plan{Name: name, Kind: plan.KindRPO, Updated: time.Date(2026, 10, 1+i, 0, 0, 0, 0, time.UTC),
			Areas: []plan.Area{{Title: "Jämlik vård", Activities: []plan.Activity{{Description: "Aktivitet", Status: plan.StatusGreen}}}}}
		if _, _, err := st.AddVersion(context.Background(), 0, p); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestFaststall(t *testing.T) {
	const name = "RPO Psykisk hälsa"
	data := storedPlans(t, name, 2)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"ErrNoFlags", nil, exitUsage, "", "Ange planen och mötet"},
		{"ErrBadDate", []string{"--plan", name, "--meeting", "8 dec"}, exitUsage, "", "ÅÅÅÅ-MM-DD"},
		{"ErrUnknownPlan", []string{"--plan", "RPO Påhittat", "--meeting", "2026-12-08"}, exitUsage, "", "Okänt programområde"},
		{"ErrNotAMeeting", []string{"--plan", name, "--meeting", "2026-12-09"}, exitUsage, "", "Kunskapsråd Psykisk hälsa har inget möte 2026-12-09"},
		{"ErrUnknownVersion", []string{"--plan", name, "--meeting", "2026-12-08", "--version", "5"}, exitUsage, "", "har ingen version 5"},
		{"ErrNothingSubmitted", []string{"--plan", "RPO Barn och ungdomars hälsa", "--meeting", "2026-12-08"}, exitUsage, "", "Ingen version av RPO Barn och ungdomars hälsa"},
		{"OKLatest", []string{"--plan", "psykisk hälsa", "--meeting", "2026-12-08", "--by", "anna"}, exitOK,
			"RPO Psykisk hälsa version 2 fastställd av Kunskapsråd Psykisk hälsa vid mötet 8 december 2026 (registrerat av anna)", ""},
		{"OKAgain", []string{"--plan", name, "--meeting", "2026-12-08"}, exitOK, "redan fastställd", ""},
		{"OKVersion", []string{"--plan", name, "--meeting", "2026-09-15", "--version", "1"}, exitOK, "version 1 fastställd", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"faststall", "--data", data, "--output", t.TempDir()}, tt.args...)
			code, stdout, stderr := cli(t, args...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantStdout) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}

	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	latest, err := st.LatestAdopted(ctx, name)
	if err != nil || latest.Version != 2 || latest.By != "anna" || latest.Meeting.Format("2006-01-02") != "2026-12-08" {
		t.Errorf("LatestAdopted = %+v, %v", latest, err)
	}
	log, err := st.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "fastställande" || log[1].Actor != "anna" {
		t.Errorf("audit log = %+v", log)
	}
	if log[0].Actor == "" {
		t.Errorf("no OS user recorded: %+v", log[0])
	}
}
