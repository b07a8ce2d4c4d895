package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/store"
	"handlingsplan/templates"
)

// TestBeslut records a proposal's trail on the command line, then fills the
// SVN package's working list that `run` wrote and reads it back with --fil.
func TestBeslut(t *testing.T) {
	const name = "RPO Psykisk hälsa"
	data, out := t.TempDir(), t.TempDir()
	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{Name: name, Kind: plan.KindRPO, Updated: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Areas: []plan.Area{{Title: "Suicidprevention", Activities: []plan.Activity{
			{Description: "Regional suicidpreventiv samordnare", Status: plan.StatusGreen, Impact: plan.ImpactFinancial, ImpactDetail: "0,5 mnkr per år"},
			{Description: "Utbildning i riskbedömning", Status: plan.StatusYellow},
		}}}}
	v, _, err := st.AddVersion(context.Background(), 0, p)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	id := v.Plan.Areas[0].Activities[0].ID
	other := v.Plan.Areas[0].Activities[1].ID
	common := []string{"--data", data, "--output", out}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"ErrNoFlags", nil, exitUsage, "", "Ange --plan"},
		{"List", []string{"--plan", "psykisk hälsa"}, exitOK, id + "  Suicidprevention – Regional suicidpreventiv samordnare: Föreslagen", ""},
		{"ErrNoDate", []string{"--plan", name, "--activity", id, "--steg", "kr"}, exitUsage, "", "Ange --datum"},
		{"ErrBadDate", []string{"--plan", name, "--activity", id, "--steg", "kr", "--datum", "i går"}, exitUsage, "", "ÅÅÅÅ-MM-DD"},
		{"ErrOrder", []string{"--plan", name, "--activity", id, "--steg", "rsl", "--utfall", "tillstyrks", "--datum", "2026-11-01"}, exitUsage, "", "Steget bedömd i KR kommer först"},
		{"ErrNotProposal", []string{"--plan", name, "--activity", other, "--steg", "kr", "--datum", "2026-11-01"}, 4, "", "har inget förslag med aktivitets-id"},
		{"KR", []string{"--plan", name, "--activity", id, "--steg", "kr", "--datum", "2026-10-20", "--anteckning", "Stöds", "--by", "anna"}, exitOK,
			"RPO Psykisk hälsa " + id + " (Regional suicidpreventiv samordnare): Bedömd i KR 20 oktober 2026 (registrerat av anna)", ""},
		{"KRAgain", []string{"--plan", name, "--activity", id, "--steg", "kr", "--datum", "2026-10-20", "--anteckning", "Stöds"}, exitOK, "redan registrerat", ""},
		{"ErrBoth", []string{"--plan", name, "--fil", "x.xlsx"}, exitUsage, "", "inte båda"},
		{"ErrNoFile", []string{"--fil", filepath.Join(t.TempDir(), "saknas.xlsx")}, exitFail, "", "Filen finns inte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, append(append([]string{"beslut"}, common...), tt.args...)...)
			if tt.wantCode == 4 {
				tt.wantCode = code // not found: whatever a.fail maps it to, as long as it fails
				if code == exitOK {
					t.Errorf("exit 0")
				}
			}
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantStdout) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}

	// The SVN package's working list, filled in and read back.
	if code, stdout, stderr := cli(t, append([]string{"run", "--audience", "svn", "--meeting", "2026-12-10"}, common...)...); code != exitOK {
		t.Fatalf("run: %d %s %s", code, stdout, stderr)
	}
	books, _ := filepath.Glob(filepath.Join(out, "Overenskommelse_*", "Overenskommelse_*.xlsx"))
	if len(books) != 1 {
		t.Fatalf("workbooks = %v", books)
	}
	fill := func(t *testing.T, set map[string]string) string {
		t.Helper()
		f, err := excelize.OpenFile(books[0])
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(templates.WorkListSheet)
		col := map[string]string{}
		for i, h := range rows[0] {
			col[h], _ = excelize.ColumnNumberToName(i + 1)
		}
		if state := rows[1][indexOf(rows[0], templates.WorkHeadState)]; state != "Bedömd i KR 20 oktober 2026" {
			t.Errorf("Beslutsläge = %q", state)
		}
		for h, v := range set {
			f.SetCellValue(templates.WorkListSheet, col[h]+"2", v)
		}
		path := filepath.Join(t.TempDir(), "lista.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bad := fill(t, map[string]string{templates.WorkHeadAssessment: "Tillstyrks", templates.WorkHeadDecision: "Ja"})
	code, stdout, stderr := cli(t, append([]string{"beslut", "--fil", bad}, common...)...)
	if code != exitFail || !strings.Contains(stderr, "inga beslut registrerades") || !strings.Contains(stderr, "'Förslag till överenskommelse'!L2 (Beslut): Beslutet \"Ja\" finns inte i listan") {
		t.Errorf("bad list: %d %q %q", code, stdout, stderr)
	}
	good := fill(t, map[string]string{templates.WorkHeadAssessment: "Tillstyrks", templates.WorkHeadAssessedOn: "2026-11-20",
		templates.WorkHeadDecision: "Bifall", templates.WorkHeadDecidedOn: "2026-12-10", templates.WorkHeadNote: "Ingår 2027"})
	code, stdout, stderr = cli(t, append([]string{"beslut", "--fil", good, "--by", "bertil"}, common...)...)
	if code != exitOK || !strings.Contains(stdout, "2 steg registrerade ur 1 ifylld rad") {
		t.Errorf("good list: %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = cli(t, append([]string{"beslut", "--plan", name}, common...)...)
	if code != exitOK || !strings.Contains(stdout, "Beslutad i SVN 10 december 2026: bifall") {
		t.Errorf("list after: %d %q", code, stdout)
	}
	st, err = store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.AuditLog(context.Background(), 10)
	if len(log) != 3 || log[0].Action != store.ActionDecision || log[0].Actor != "bertil" || !strings.Contains(log[0].Detail, "Beslutad i SVN 2026-12-10 – Bifall (Ingår 2027)") {
		t.Errorf("audit = %+v", log)
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
