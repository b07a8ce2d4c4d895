package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/config"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/store"
	"handlingsplan/templates"
)

// drop puts a file into the data folder's inbox as if it had arrived an hour ago,
// and ingests it.
func drop(t *testing.T, data, name string, b []byte) {
	t.Helper()
	dir := filepath.Join(data, "inbox")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := cli(t, "ingest", "--data", data); code != exitOK {
		t.Fatalf("ingest %s: exit %d\n%s\n%s", name, code, stdout, stderr)
	}
}

func history(t *testing.T, data, name string) []store.Version {
	t.Helper()
	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := st.History(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The pre-filled template round trip of SPEC §7: the latest version written as a
// filled template with activity ids validates, makes no new version when
// submitted unchanged, and with one activity renamed makes a version whose diff
// is exactly that one change.
func TestTemplateRoundTrip(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	const name = "RPO Psykisk hälsa"
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	var orig *plan.Plan
	for _, p := range set.Current {
		if p.Name == name {
			orig = p
		}
	}
	if orig == nil || orig.ActivityCount() < 2 {
		t.Fatalf("no sample plan %s with activities", name)
	}
	fname, b, err := sample.File(&cfg.Catalog, orig)
	if err != nil {
		t.Fatal(err)
	}
	data, out := t.TempDir(), t.TempDir()
	drop(t, data, fname, b)
	if h := history(t, data, name); len(h) != 1 {
		t.Fatalf("%d versions after the first submission", len(h))
	}

	filled := filepath.Join(out, "Psykisk hälsa.xlsx")
	code, stdout, stderr := cli(t, "template", "--data", data, "--plan", "psykisk hälsa", "-o", filled)
	if code != exitOK || !strings.Contains(stdout, "Förifylld mall för RPO Psykisk hälsa (version 1") {
		t.Fatalf("template exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, stderr := cli(t, "validate", filled); code != exitOK {
		t.Fatalf("the filled template does not validate: exit %d\n%s\n%s", code, stdout, stderr)
	}
	v1 := history(t, data, name)[0]
	f, err := excelize.OpenFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	idCol, actCol := colName(t, templates.ColID), colName(t, templates.ColActivity)
	row := exceltemplate.ExampleRow + 1 // the first activity, below the example
	heading, _ := f.GetCellValue(templates.SheetActivities, idCol+"3")
	id, _ := f.GetCellValue(templates.SheetActivities, idCol+strconv.Itoa(row))
	if heading != "Aktivitets-id" || id != v1.Plan.Areas[0].Activities[0].ID {
		t.Errorf("id column %s: heading %q, first id %q; want Aktivitets-id, %q", idCol, heading, id, v1.Plan.Areas[0].Activities[0].ID)
	}

	unchanged, err := os.ReadFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	drop(t, data, "Psykisk hälsa, oförändrad.xlsx", unchanged)
	if h := history(t, data, name); len(h) != 1 {
		t.Fatalf("the unchanged template made a new version: %d versions", len(h))
	}

	const renamed = "Utbildning i suicidriskbedömning för all vårdpersonal (omformulerad)"
	if err := f.SetCellStr(templates.SheetActivities, actCol+strconv.Itoa(row), renamed); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(out, "Psykisk hälsa, ändrad.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, err = os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	drop(t, data, filepath.Base(edited), b)
	h := history(t, data, name)
	if len(h) != 2 {
		t.Fatalf("the renamed activity gave %d versions, want 2", len(h))
	}
	d := plan.Compare(h[0].Plan, h[1].Plan)
	want := plan.Diff{Renamed: []plan.TextChange{{
		ActivityRef: plan.ActivityRef{Area: h[1].Plan.Areas[0].Title, Activity: renamed, Status: h[1].Plan.Areas[0].Activities[0].Status},
		From:        orig.Areas[0].Activities[0].Description, To: renamed,
	}}}
	if len(d.Renamed) != 1 || d.Renamed[0] != want.Renamed[0] || len(d.New)+len(d.Removed)+len(d.StatusChanges)+
		len(d.Finished)+len(d.GoalChanges)+len(d.ResultChanges)+len(d.NewAreas)+len(d.RemovedAreas) != 0 {
		t.Errorf("diff = %+v\nwant exactly %+v", d, want)
	}
	if got := h[1].Plan.Areas[0].Activities[0].ID; got != id {
		t.Errorf("the renamed activity's id is %q, want %q", got, id)
	}
}

func TestTemplateErrors(t *testing.T) {
	data := storedPlans(t, "RPO Psykisk hälsa", 1)
	out := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"ErrUnknownPlan", []string{"--plan", "RPO Påhittat", "-o", filepath.Join(out, "a.xlsx")}, exitUsage, "Okänt programområde"},
		{"ErrNotSubmitted", []string{"--plan", "Äldres hälsa", "-o", filepath.Join(out, "b.xlsx")}, exitUsage, "Ingen version av RPO Äldres hälsa"},
		{"ErrExtension", []string{"--plan", "Psykisk hälsa", "-o", filepath.Join(out, "d.docx")}, exitUsage, ".xlsx eller .pptx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := cli(t, append([]string{"template", "--data", data}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("failed commands left %d files", len(left))
	}
}

func colName(t *testing.T, f templates.Field) string {
	t.Helper()
	for i, c := range templates.ActivityColumns {
		if c.Field == f {
			n, err := excelize.ColumnNumberToName(i + 1)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no column %s", f)
	return ""
}
