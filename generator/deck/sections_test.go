package deck_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/pdfreport"
	"handlingsplan/generator/workbook"
	"handlingsplan/report"
)

// TestSameSections checks that each audience's deck, PDF and workbook show the
// report's sections in the same order: the deck's PowerPoint sections, the PDF's
// top-level bookmarks and the workbook's sheets.
func TestSameSections(t *testing.T) {
	if _, err := exec.LookPath("pdftohtml"); err != nil {
		if os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") != "" {
			t.Fatal("pdftohtml (poppler) is required")
		}
		t.Skip("pdftohtml not installed")
	}
	cat, rs := reports(t, 1)
	for _, tr := range rs {
		r := tr.r
		var titles, sheets []string
		for _, s := range r.Sections() {
			titles = append(titles, s.Title)
			sheets = append(sheets, s.Sheet)
		}
		if r.DataSheet() {
			sheets = append(sheets, report.SheetActivities)
		}

		data, err := deck.Bytes(r, cat)
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`<p14:section name="([^"]*)"`)
		var got []string
		for _, m := range re.FindAllStringSubmatch(zipPart(t, data, "ppt/presentation.xml"), -1) {
			if m[1] != "Inledning" {
				got = append(got, unescape(m[1]))
			}
		}
		if !slices.Equal(got, titles) {
			t.Errorf("%s: deck sections %q, report %q", tr.name, got, titles)
		}

		var pdf bytes.Buffer
		if err := pdfreport.Write(&pdf, r, cat); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "r.pdf")
		if err := os.WriteFile(path, pdf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftohtml", "-xml", "-i", "-stdout", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := topOutline(t, out); !slices.Equal(got, titles) {
			t.Errorf("%s: PDF bookmarks %q, report %q", tr.name, got, titles)
		}

		var wb bytes.Buffer
		if err := workbook.Write(&wb, r, cat, workbook.Options{}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&wb)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.GetSheetList(); !slices.Equal(got, sheets) {
			t.Errorf("%s: workbook sheets %q, report %q", tr.name, got, sheets)
		}
		f.Close()
	}
}

// topOutline reads the first level of the outline from pdftohtml's XML.
func topOutline(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	depth := 0
	var out []string
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "outline":
				depth++
			case "item":
				if depth == 1 {
					var s string
					if err := d.DecodeElement(&s, &e); err == nil {
						out = append(out, strings.TrimSpace(s))
					}
				}
			}
		case xml.EndElement:
			if e.Name.Local == "outline" {
				depth--
			}
		}
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
}
