package deck_test

import (
	"archive/zip"
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

// TestSameDecisionState checks that the deck, the PDF and the workbook of every
// report that lists proposals show each proposal's Beslutsläge alike.
func TestSameDecisionState(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") != "" {
			t.Fatal("pdftotext (poppler) is required")
		}
		t.Skip("pdftotext not installed")
	}
	cat, rs := reports(t, 1)
	checked := map[string]bool{}
	for _, tr := range rs {
		r := tr.r
		if !r.ShowsProposals() {
			continue
		}
		var labels []string
		recorded := 0
		for _, p := range r.Proposals {
			for _, it := range p.Items {
				labels = append(labels, report.TrailLabel(it.Trail))
				if len(it.Trail) > 0 {
					recorded++
				}
			}
		}
		if recorded == 0 {
			continue
		}
		checked[string(r.Audience)] = true
		data, err := deck.Bytes(r, cat)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zipReader(data)
		if err != nil {
			t.Fatal(err)
		}
		var slidesXML strings.Builder
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "ppt/slides/slide") {
				slidesXML.WriteString(zipPart(t, data, f.Name))
			}
		}
		var pdf bytes.Buffer
		if err := pdfreport.Write(&pdf, r, cat); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "r.pdf")
		if err := os.WriteFile(path, pdf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdfText := strings.Join(strings.Fields(string(out)), " ")
		var wb bytes.Buffer
		if err := workbook.Write(&wb, r, cat, workbook.Options{}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&wb)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(workbook.SheetProposals)
		f.Close()
		var cells []string
		for i, row := range rows {
			for j, c := range row {
				if i > 0 && rows[0][j] == report.HeadTrail {
					cells = append(cells, c)
				}
			}
		}
		if !slices.Equal(cells, labels) {
			t.Errorf("%s: workbook Beslutsläge %q, report %q", tr.name, cells, labels)
		}
		for _, l := range labels {
			if !strings.Contains(slidesXML.String(), ">"+l+"<") {
				t.Errorf("%s: deck lacks %q", tr.name, l)
			}
			if !strings.Contains(pdfText, l) {
				t.Errorf("%s: PDF lacks %q", tr.name, l)
			}
		}
	}
	if !checked["rsl"] || !checked["svn"] {
		t.Errorf("checked %v; the sample has decisions for RSL and SVN", checked)
	}
}

func zipReader(data []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}
