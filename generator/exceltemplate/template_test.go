package exceltemplate_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/config"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/sources"
	"handlingsplan/templates"
)

func TestBlankTemplate(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := exceltemplate.Write(&a, &cfg.Catalog, exceltemplate.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := exceltemplate.Write(&b, &cfg.Catalog, exceltemplate.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two blank templates differ: output is not deterministic")
	}
	f, err := excelize.OpenReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, c := range templates.ActivityColumns {
		name, _ := excelize.CoordinatesToCellName(i+1, exceltemplate.HeaderRow)
		got, _ := f.GetCellValue(templates.SheetActivities, name)
		if !c.Matches(trimStar(got)) {
			t.Errorf("%s = %q, want %q", name, got, c.Label)
		}
	}
	dvs, err := f.GetDataValidations(templates.SheetActivities)
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) < 4 {
		t.Errorf("Aktiviteter has %d data validations, want status, ledningsstöd, påverkan and patientlöften", len(dvs))
	}
	panes, err := f.GetPanes(templates.SheetActivities)
	if err != nil || !panes.Freeze || panes.YSplit != exceltemplate.HeaderRow {
		t.Errorf("header not frozen: %+v, %v", panes, err)
	}
}

func TestFilledTemplateIsDeterministic(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	first := func() []byte {
		var b bytes.Buffer
		if err := exceltemplate.Write(&b, &cfg.Catalog, exceltemplate.Options{Plan: set.Current[0]}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	want := first()
	for i := 0; i < 5; i++ {
		if !bytes.Equal(first(), want) {
			t.Fatal("the same plan gave different bytes: an identical resubmission would not be recognised")
		}
	}
}

func trimStar(s string) string {
	if n := len(s); n > 2 && s[n-2:] == " *" {
		return s[:n-2]
	}
	return s
}

// TestTemplateFriction checks what a plan owner meets first: the file opens on the
// instructions, the Plan sheet explains itself, the example row is marked and
// skipped, and "P2; P4" raises no dialog.
func TestTemplateFriction(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := exceltemplate.Write(&buf, &cfg.Catalog, exceltemplate.Options{}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != templates.SheetInstructions {
		t.Errorf("the file opens on %q, want %s", got, templates.SheetInstructions)
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cell(templates.SheetPlan, "A1"); !strings.HasPrefix(got, "Handlingsplan") {
		t.Errorf("Plan!A1 = %q, want a title", got)
	}
	for i, l := range templates.PlanLabels {
		r := exceltemplate.PlanFirstRow + i
		label, hint := cell(templates.SheetPlan, fmt.Sprintf("A%d", r)), cell(templates.SheetPlan, fmt.Sprintf("C%d", r))
		if want := l.Label + map[bool]string{true: " *"}[l.Required]; label != want {
			t.Errorf("Plan!A%d = %q, want %q", r, label, want)
		}
		if hint == "" || hint != l.Help {
			t.Errorf("Plan!C%d: hint %q, want %q", r, hint, l.Help)
		}
	}

	// The example row: grey italics, marked, and skipped by the reader.
	ref := fmt.Sprintf("B%d", exceltemplate.ExampleRow)
	if got := cell(templates.SheetActivities, ref); !strings.HasPrefix(got, "Exempel:") {
		t.Errorf("Aktiviteter!%s = %q, want an example marked Exempel:", ref, got)
	}
	id, _ := f.GetCellStyle(templates.SheetActivities, ref)
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Italic {
		t.Errorf("the example row is not in italics: %+v %v", st, err)
	}
	r := sources.Read(sources.Input{Name: "mall.xlsx", Data: data}, &cfg.Catalog, cfg.Limits)
	for _, p := range r.Problems {
		if strings.Contains(p.Location, fmt.Sprint(exceltemplate.ExampleRow)) && strings.HasPrefix(p.Location, templates.SheetActivities) {
			t.Errorf("the example row is reported: %s", p)
		}
	}
	if r.Plan == nil || r.Plan.ActivityCount() != 0 {
		t.Errorf("the blank template reads as %+v, want no activities", r.Plan)
	}

	// What is typed stays as typed ("72 %", "2026–2027"): text cells, but a date
	// cell for Senast uppdaterad, whose validation wants a date.
	numFmt := func(sheet, ref string) int {
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return -1
		}
		return st.NumFmt
	}
	for _, ref := range []string{fmt.Sprintf("K%d", exceltemplate.ExampleRow+1), fmt.Sprintf("E%d", exceltemplate.ExampleRow+20)} {
		if got := numFmt(templates.SheetActivities, ref); got != 49 {
			t.Errorf("Aktiviteter!%s has number format %d, want text (49)", ref, got)
		}
	}
	for i, l := range templates.PlanLabels {
		ref := fmt.Sprintf("B%d", exceltemplate.PlanFirstRow+i)
		got := numFmt(templates.SheetPlan, ref)
		if l.Field == templates.PlanUpdated {
			if got == 49 {
				t.Errorf("Plan!%s (Senast uppdaterad) is text; a typed date would fail its validation", ref)
			}
		} else if got != 49 {
			t.Errorf("Plan!%s (%s) has number format %d, want text (49)", ref, l.Label, got)
		}
	}

	// Patientlöften: a message, not a list that refuses "P2; P4".
	dvs, err := f.GetDataValidations(templates.SheetActivities)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, dv := range dvs {
		if dv.PromptTitle != nil && *dv.PromptTitle == "Patientlöften" {
			found = true
			if dv.Type != "" || dv.ShowErrorMessage {
				t.Errorf("Patientlöften validates (%q, error %v): \"P2; P4\" would raise a dialog", dv.Type, dv.ShowErrorMessage)
			}
		}
	}
	if !found {
		t.Error("Patientlöften has no input message")
	}
}

// TestFilledTemplateReadsBack: a filled template, example row included, is read
// without problems about the example.
func TestFilledTemplateReadsBack(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	p := set.Current[0]
	var buf bytes.Buffer
	if err := exceltemplate.Write(&buf, &cfg.Catalog, exceltemplate.Options{Plan: p}); err != nil {
		t.Fatal(err)
	}
	r := sources.Read(sources.Input{Name: "plan.xlsx", Data: buf.Bytes()}, &cfg.Catalog, cfg.Limits)
	if !r.OK() {
		t.Fatalf("rejected: %v", r.Problems)
	}
	if got, want := r.Plan.ActivityCount(), p.ActivityCount(); got != want {
		t.Errorf("%d activities read, want %d (the example row must not count)", got, want)
	}
	for _, pr := range r.Problems {
		if strings.Contains(pr.Message, "Exempel") {
			t.Errorf("problem about the example: %s", pr)
		}
	}
}
