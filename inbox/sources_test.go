package inbox

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
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

// TestUploadHostileWorkbooks sends hostile workbooks through Upload with the real
// reader: each is kept byte for byte in the quarantine with a report that says
// what is wrong, and the result carries the problems for the report object.
func TestUploadHostileWorkbooks(t *testing.T) {
	ctx := context.Background()
	in, _ := newRealInbox(t)
	src := filepath.Join(t.TempDir(), "bra.xlsx")
	writeWorkbook(t, src, "Grön")
	good, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	rewrite := func(edit func(name string, b []byte) (string, []byte), extra ...string) []byte {
		zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			name, b := edit(f.Name, b)
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			w.Write(b)
		}
		for _, name := range extra {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			io.WriteString(w, "<x/>")
		}
		zw.Close()
		return buf.Bytes()
	}
	same := func(name string, b []byte) (string, []byte) { return name, b }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"Entity", rewrite(func(name string, b []byte) (string, []byte) {
			if name == "xl/sharedStrings.xml" {
				b = append([]byte(`<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]>`), b[bytes.Index(b, []byte("<sst")):]...)
			}
			return name, b
		}), "dokumenttypdeklaration"},
		{"Nested", rewrite(func(name string, b []byte) (string, []byte) {
			if name == "xl/sharedStrings.xml" {
				b = []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>` +
					strings.Repeat("<r>", 1000) + strings.Repeat("</r>", 1000) + `</si></sst>`)
			}
			return name, b
		}), "nästlad djupare"},
		{"Duplicate", rewrite(same, "xl/worksheets/sheet1.xml"), "två gånger"},
		{"DotDot", rewrite(same, "../../evil.xml"), "otillåtet namn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := in.Upload(ctx, tt.name+".xlsx", bytes.NewReader(tt.data), "anna")
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != OutcomeRejected || !res.Result.Problems.HasErrors() {
				t.Fatalf("result %+v", res)
			}
			rep := sources.JSONReport(res.Name, res.Result)
			if rep.OK || len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0].Message, tt.want) {
				t.Errorf("report object %+v, want %q", rep, tt.want)
			}
			text, err := os.ReadFile(filepath.Join(in.dir, res.Report))
			if err != nil || !strings.Contains(string(text), tt.want) || strings.Contains(string(text), "Ingen rubrikrad") {
				t.Errorf(".fel.txt (%v):\n%s", err, text)
			}
			if kept, err := os.ReadFile(filepath.Join(in.dir, res.Kept)); err != nil || !bytes.Equal(kept, tt.data) {
				t.Errorf("kept copy differs (%v)", err)
			}
		})
	}
}
