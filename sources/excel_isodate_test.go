package sources

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// rewritePart returns the xlsx with one part's XML passed through edit, as another
// program might have written it.
func rewritePart(t *testing.T, xlsx []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b, found = []byte(edit(string(b))), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out.Bytes()
}

// TestReadISODateCells: a Senast uppdaterad stored as an ISO 8601 date cell
// (t="d"), with or without a date format, is read as that date without a warning.
func TestReadISODateCells(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "plan.xlsx")
	writeBook(t, src, []sheetSpec{
		planSheet(map[string]any{"Senast uppdaterad": time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}),
		actSheet("Aktiviteter", modActs(0, templates.ColSchedule, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))),
	})
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cell := regexp.MustCompile(`<c r="B7"([^>]*?)(?: t="[a-z]+")?([^>]*)>.*?</c>`)
	style := regexp.MustCompile(` s="\d+"`)
	schedule := regexp.MustCompile(`<c r="([A-Z]+\d+)"[^>]*><v>46203</v></c>`) // 2026-06-30
	tests := []struct {
		name  string
		value string
		keep  bool // keep the cell's date style
	}{
		{"styled datetime", "2026-03-01T00:00:00Z", true},
		{"styled date", "2026-03-01", true},
		{"unstyled datetime", "2026-03-01T00:00:00Z", false},
		{"unstyled compact", "20260301T000000Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rewritePart(t, data, "xl/worksheets/sheet1.xml", func(s string) string {
				if !cell.MatchString(s) {
					t.Fatalf("no cell B7 in %s", s)
				}
				return cell.ReplaceAllStringFunc(s, func(c string) string {
					m := cell.FindStringSubmatch(c)
					attrs := m[1] + m[2]
					if !tt.keep {
						attrs = style.ReplaceAllString(attrs, "")
					}
					return `<c r="B7"` + style.ReplaceAllString(attrs, style.FindString(attrs)) + ` t="d"><v>` + tt.value + `</v></c>`
				})
			})
			if !tt.keep { // Tidplan too, as an unformatted ISO date cell
				b = rewritePart(t, b, "xl/worksheets/sheet2.xml", func(s string) string {
					if !schedule.MatchString(s) {
						t.Fatalf("no Tidplan date cell in %s", s)
					}
					return schedule.ReplaceAllString(s, `<c r="$1" t="d"><v>2026-06-30T00:00:00Z</v></c>`)
				})
			}
			r := Read(Input{Name: "plan.xlsx", Data: b}, testCatalog(), DefaultLimits)
			if !r.OK() {
				t.Fatalf("problems:%s", dumpProblems(r.Problems))
			}
			if want := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); !r.Plan.Updated.Equal(want) {
				t.Errorf("updated = %v, want %v", r.Plan.Updated, want)
			}
			if got := r.Plan.Areas[0].Activities[0].Schedule; got != "2026-06-30" {
				t.Errorf("a date cell in Tidplan reads %q, want 2026-06-30", got)
			}
			for _, p := range r.Problems {
				if p.Field == "Senast uppdaterad" {
					t.Errorf("warning about the date: %s", p)
				}
			}
		})
	}
}

// TestReadImpactWithDescription: a Påverkan cell with the description after a dash
// gives both, when Beskrivning av förändring is empty.
func TestReadImpactWithDescription(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	writeBook(t, path, []sheetSpec{planSheet(nil),
		actSheet("Aktiviteter", modActs(0, templates.ColImpact, "Finansiell förändring – 2,4 mnkr per år"))})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := Read(Input{Name: "plan.xlsx", Data: data}, testCatalog(), DefaultLimits)
	if !r.OK() {
		t.Fatalf("problems:%s", dumpProblems(r.Problems))
	}
	a := r.Plan.Areas[0].Activities[0]
	if a.Impact != plan.ImpactFinancial || a.ImpactDetail != "2,4 mnkr per år" {
		t.Errorf("påverkan %v, beskrivning %q", a.Impact, a.ImpactDetail)
	}
}
