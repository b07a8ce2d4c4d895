package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handlingsplan/plan"
)

// TestReadFileErrors covers files that are not a readable workbook at all: each
// gets one error at the file name with its own Swedish explanation.
func TestReadFileErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	fixture := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ole := func(names ...string) []byte {
		b := append([]byte(nil), oleMagic...)
		b = append(b, make([]byte, 504)...)
		for _, n := range names {
			for _, r := range n {
				b = append(b, byte(r), 0)
			}
			b = append(b, make([]byte, 64)...)
		}
		return b
	}
	small := DefaultLimits
	small.MaxFileBytes = 1000
	tests := []struct {
		name string
		file string
		data []byte
		lim  Limits
		msg  string
	}{
		{"encrypted", "err_encrypted.xlsx", fixture("err_encrypted.xlsx"), DefaultLimits, "lösenordsskyddad"},
		{"legacy xls by LibreOffice", "err_legacy.xls", fixture("err_legacy.xls"), DefaultLimits, "gamla Excel-formatet .xls"},
		{"legacy xls renamed", "plan.xlsx", fixture("err_legacy.xls"), DefaultLimits, "gamla Excel-formatet .xls"},
		{"legacy ppt", "plan.ppt", ole("Current User", "PowerPoint Document"), DefaultLimits, "gamla PowerPoint-formatet .ppt"},
		{"encrypted pptx", "plan.pptx", ole("EncryptionInfo", "EncryptedPackage"), DefaultLimits, "lösenordsskyddad"},
		{"macro xlsm", "err_macro.xlsm", fixture("err_macro.xlsm"), DefaultLimits, "makroaktiverad arbetsbok (.xlsm)"},
		{"macro renamed xlsx", "plan.xlsx", fixture("err_macro.xlsm"), DefaultLimits, "makroaktiverad"},
		{"corrupt", "err_corrupt.xlsx", fixture("err_corrupt.xlsx"), DefaultLimits, "skadad eller ofullständigt överförd"},
		{"not a zip", "err_notzip.xlsx", fixture("err_notzip.xlsx"), DefaultLimits, "Filen heter .xlsx men är inte en läsbar Excel-arbetsbok"},
		{"csv", "plan.csv", []byte("a;b\n"), DefaultLimits, "Filtypen .csv stöds inte"},
		{"empty", "tom.xlsx", nil, DefaultLimits, "Filen är tom"},
		{"too large", "stor.xlsx", good, small, "byte tillåts). Ta bort stora bilder"},
		{"zip but not office", "arkiv.xlsx", zipOf(t, map[string]string{"a.txt": "hej"}), DefaultLimits, "varken en Excel-arbetsbok"},
		{"pptx with embedded workbook", "plan.pptx", zipOf(t, map[string]string{
			"[Content_Types].xml": `<Types><Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>` +
				`<Default Extension="xlsm" ContentType="application/vnd.ms-excel.sheet.macroEnabled.12"/>` +
				`<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>`,
			"ppt/presentation.xml": "<p/>", "ppt/embeddings/data.xlsx": "x"}), DefaultLimits, "kan inte öppnas som Office-fil"},
		{"pptx without its parts", "plan.pptx", zipOf(t, map[string]string{"ppt/presentation.xml": "<p/>"}), DefaultLimits, "kan inte öppnas som Office-fil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Read(Input{Name: tt.file, Data: tt.data}, testCatalog(), tt.lim)
			if r.Plan != nil || r.OK() {
				t.Fatalf("file accepted:%s", dumpProblems(r.Problems))
			}
			if len(r.Problems) != 1 {
				t.Errorf("want exactly one problem:%s", dumpProblems(r.Problems))
			}
			if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, tt.file, "", tt.msg}); !ok {
				t.Errorf("want error at %s containing %q:%s", tt.file, tt.msg, dumpProblems(r.Problems))
			}
		})
	}
}

// TestReadContentBeatsName reads a workbook named .pptx as the workbook it is.
func TestReadContentBeatsName(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	r := Read(Input{Name: "plan.pptx", Data: good}, testCatalog(), DefaultLimits)
	if !r.OK() || r.Format != "xlsx" {
		t.Fatalf("format %q ok=%v:%s", r.Format, r.OK(), dumpProblems(r.Problems))
	}
	if _, ok := findProblem(r.Problems, wantProblem{plan.SevWarning, "plan.pptx", "", "Filnamnet slutar på .pptx men innehållet är en Excel-arbetsbok"}); !ok {
		t.Errorf("problems:%s", dumpProblems(r.Problems))
	}
}

// TestLimitsDefaults makes sure a zero Limits does not mean unlimited.
func TestLimitsDefaults(t *testing.T) {
	if got := withDefaults(Limits{}); got != DefaultLimits {
		t.Errorf("withDefaults = %+v", got)
	}
	good, _ := os.ReadFile(filepath.Join("testdata", "good.xlsx"))
	if r := Read(Input{Name: "good.xlsx", Data: good}, testCatalog(), Limits{}); !r.OK() {
		t.Errorf("zero limits:%s", dumpProblems(r.Problems))
	}
}

func TestFileProblem(t *testing.T) {
	r := FileProblem("x.xlsx", os.ErrNotExist)
	if r.OK() || r.Plan != nil || len(r.Problems) != 1 || r.Problems[0].Location != "x.xlsx" ||
		!strings.Contains(r.Problems[0].Message, "Filen kunde inte läsas") {
		t.Errorf("FileProblem = %+v", r)
	}
}
