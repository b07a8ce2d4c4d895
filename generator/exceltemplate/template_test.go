package exceltemplate_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/config"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
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
