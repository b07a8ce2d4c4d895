package inbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
	"handlingsplan/templates"
)

// writeWorkbook builds a filled-in Excel template of RPO Psykisk hälsa with one
// activity of the given status.
func writeWorkbook(tb testing.TB, path, status string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", templates.SheetPlan); err != nil {
		tb.Fatal(err)
	}
	planRows := [][2]string{
		{"Programområde/samverkansgrupp", "RPO Psykisk hälsa"},
		{"Typ", "RPO"},
		{"Kunskapsråd", "Kunskapsråd Psykisk hälsa"},
		{"Kontaktperson", "Anna Andersson"},
		{"Senast uppdaterad", "2026-03-01"},
	}
	for i, r := range planRows {
		if err := f.SetSheetRow(templates.SheetPlan, fmt.Sprintf("A%d", i+1), &[]any{r[0], r[1]}); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := f.NewSheet(templates.SheetActivities); err != nil {
		tb.Fatal(err)
	}
	values := map[templates.Field]string{
		templates.ColArea: "Suicidprevention", templates.ColPromises: "P2", templates.ColActivity: "Utbildning i suicidriskbedömning",
		templates.ColGoal: "80 % av personalen utbildad", templates.ColStatus: status, templates.ColSupport: "Nej",
	}
	var header, row []any
	for _, c := range templates.ActivityColumns {
		header = append(header, c.Label)
		row = append(row, values[c.Field])
	}
	for i, r := range [][]any{header, row} {
		if err := f.SetSheetRow(templates.SheetActivities, fmt.Sprintf("A%d", i+1), &r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

// newRealInbox opens an inbox with the real reader and error report, for RPO
// Psykisk hälsa.
func newRealInbox(tb testing.TB) (*Inbox, *store.Store) {
	tb.Helper()
	cat := &plan.Catalog{
		Promises: []plan.Promise{{ID: "P2", Title: "Du får vård i rätt tid"}},
		Forums: []plan.Forum{{Name: "Kunskapsråd Psykisk hälsa", Short: "Psykisk hälsa", Kind: plan.ForumKR,
			Areas: []string{"RPO Psykisk hälsa"}}},
	}
	read := func(in sources.Input) sources.Result { return sources.Read(in, cat, sources.DefaultLimits) }
	dir := tb.TempDir()
	st, err := store.Open(filepath.Join(dir, DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	in, err := New(dir, st, read, sources.ErrorReport, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { in.Close() })
	in.Settle = 0
	return in, st
}

// TestIngestWorkbooks runs the inbox with the real reader and error report.
func TestIngestWorkbooks(t *testing.T) {
	ctx := context.Background()
	in, st := newRealInbox(t)
	dir := in.dir

	writeWorkbook(t, filepath.Join(in.Dir(), "Psykisk hälsa.xlsx"), "Röd")
	writeWorkbook(t, filepath.Join(in.Dir(), "Psykisk hälsa fel.xlsx"), "Lila")
	if err := os.WriteFile(filepath.Join(in.Dir(), "gammal.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0o644); err != nil {
		t.Fatal(err)
	}

	sum, err := in.Ingest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.NewVersions != 1 || sum.Rejected != 2 {
		t.Fatalf("summary:\n%s", sum)
	}
	v, err := st.Latest(ctx, "RPO Psykisk hälsa")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Counts, (plan.StatusCounts{Red: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	for _, f := range sum.Files {
		if f.Outcome != OutcomeRejected {
			continue
		}
		report, err := os.ReadFile(filepath.Join(dir, f.Report))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(report), "Granskning av "+f.Name) || !strings.Contains(string(report), "inte godkänd") {
			t.Errorf("report for %s:\n%s", f.Name, report)
		}
	}
	if !strings.Contains(sum.String(), "Lila") {
		t.Errorf("summary does not show the unknown status:\n%s", sum)
	}
	t.Logf("\n%s", sum)
}
