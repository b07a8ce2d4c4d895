package pptx

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"handlingsplan/internal/officetest"
)

// soffice converts data (a file named name) with LibreOffice to format ("pdf", "pptx") and
// returns the result.
func soffice(t *testing.T, data []byte, name, format string) []byte {
	t.Helper()
	return officetest.ConvertBytes(t, data, name, format)
}

// poppler runs a poppler tool on a PDF and returns what it prints.
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	return officetest.Run(t, tool, append(args, writeTemp(t, pdf), "-")...)
}

func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	return officetest.PDFPages(t, writeTemp(t, pdf))
}

func writeTemp(t *testing.T, pdf []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestLibreOfficePDF renders the sample deck with LibreOffice. Set PPTX_PNG_DIR to also get
// PNG pictures of the pages to look at.
func TestLibreOfficePDF(t *testing.T) {
	p := sampleDeck(t)
	data, err := p.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, data, "deck.pptx", "pdf")
	if got, want := pdfPages(t, pdf), len(p.Slides()); got != want {
		t.Errorf("pages = %d, want %d", got, want)
	}
	text := poppler(t, "pdftotext", pdf)
	for _, want := range []string{"Handlingsplan RPO Psykisk hälsa 2026", "Läget i korthet", "Nationellt insatsområde",
		"Införa digitalt stöd", "Sammanslagen 2×2", "Kunskapsråd Medicin", "Status per kunskapsråd", "Tom layout med & < >"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if dir := os.Getenv("PPTX_PNG_DIR"); dir != "" {
		f := filepath.Join(dir, "deck.pdf")
		if err := os.WriteFile(f, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("pdftoppm", "-png", "-r", "50", f, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
	}
}

// TestLibreOfficeNoOverflow fills tables to the height MeasureParagraphs allows and checks
// that LibreOffice keeps every table above the footer: a row that LibreOffice grows beyond
// the measured height would push the last row's text below the marker line.
func TestLibreOfficeNoOverflow(t *testing.T) {
	p := New()
	cr := ContentRect()
	words := strings.Fields("Förbättra tillgängligheten till vård för patienter med depression och ångest genom att införa digitala stöd, gemensamma vårdplaner och uppföljning av väntetider i hela regionen WWW MMM")
	for n, size := range []float64{10, 11, 12, 14, 18} {
		s := p.AddSlide(LayoutTitleOnly)
		s.Title = fmt.Sprintf("Storlek %v", size)
		t := s.AddTable(cr.X, cr.Y, Cm(4), Cm(7), Cm(9), Cm(5), Cm(3))
		t.Border = Line{Color: "000000"}
		for i := 0; ; i++ {
			row := t.AddRow(Cm(0.6))
			for c := range row.Cells {
				k := (i*7+c*3+n)%12 + 1
				row.Cells[c].SetText(strings.Join(words[:k], " "), size)
			}
			t.FitRows()
			if t.Height() > cr.H {
				t.Rows = t.Rows[:len(t.Rows)-1]
				break
			}
		}
		// The last row ends with a unique word; it must be on the page above the footer.
		last := t.Rows[len(t.Rows)-1].Cells[0]
		last.Text = append(last.Text, Paragraph{Runs: []Run{{Text: fmt.Sprintf("SLUT%d", n), Size: size}}})
		t.FitRows()
		if t.Height() > cr.H {
			t.Rows[len(t.Rows)-1].Cells[0].Text = last.Text[len(last.Text)-1:]
			t.FitRows()
		}
	}
	data, err := p.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, data, "overflow.pptx", "pdf")
	if got := pdfPages(t, pdf); got != 5 {
		t.Fatalf("pages = %d, want 5", got)
	}
	// pdftotext -bbox gives word positions; the page is 7.5 in = 540 pt high and the
	// footer starts at footerY.
	bbox := poppler(t, "pdftotext", pdf, "-bbox")
	limit := float64(footerY) / float64(EMUPerPoint)
	re := regexp.MustCompile(`<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="[0-9.]+" yMax="([0-9.]+)">(SLUT\d)</word>`)
	found := 0
	for _, m := range re.FindAllStringSubmatch(bbox, -1) {
		found++
		y, _ := strconv.ParseFloat(m[1], 64)
		if y > limit {
			t.Errorf("%s ends at %.1f pt, below the content area (%.1f pt)", m[2], y, limit)
		}
	}
	if found != 5 {
		t.Errorf("found %d end markers, want 5", found)
	}
	if dir := os.Getenv("PPTX_PNG_DIR"); dir != "" {
		f := filepath.Join(dir, "overflow.pdf")
		_ = os.WriteFile(f, pdf, 0o644)
		_ = exec.Command("pdftoppm", "-png", "-r", "50", f, filepath.Join(dir, "overflow")).Run()
	}
}
