package deck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handlingsplan/internal/officetest"
	"handlingsplan/pptx"
)

// TestLibreOffice converts every deck to PDF with LibreOffice: one page per slide,
// and the text of every activity the deck shows is on the pages. With
// DECK_PNG_DIR set, the pages are also rendered as PNG there, for looking at.
func TestLibreOffice(t *testing.T) {
	officetest.Need(t, "soffice", "pdftotext", "pdfinfo")
	if testing.Short() {
		t.Skip("LibreOffice conversion in -short mode")
	}
	cat, rs := reports(t, 1)
	dir := t.TempDir()
	paths := writeDecks(t, dir, cat, rs)
	var files []string
	for _, tr := range rs {
		files = append(files, paths[tr.name])
	}
	out := t.TempDir()
	officetest.ConvertInto(t, out, "pdf", files...)
	pngDir := os.Getenv("DECK_PNG_DIR")
	for _, tr := range rs {
		t.Run(tr.name, func(t *testing.T) {
			data, err := os.ReadFile(paths[tr.name])
			if err != nil {
				t.Fatal(err)
			}
			doc, err := pptx.Open(data, pptx.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			pdf := filepath.Join(out, tr.name+".pdf")
			if _, err := os.Stat(pdf); err != nil {
				t.Fatalf("LibreOffice did not convert %s", tr.name)
			}
			if got, want := officetest.PDFPages(t, pdf), len(doc.Slides); got != want {
				t.Errorf("PDF has %d pages, deck %d slides", got, want)
			}
			text := norm(officetest.PDFText(t, pdf))
			for _, a := range activities(tr.r) {
				if want := prefix(norm(a.Description), 40); !strings.Contains(text, want) {
					t.Errorf("PDF text lacks activity %q", want)
				}
			}
			for _, s := range doc.Slides {
				if want := prefix(norm(s.Title), 30); !strings.Contains(text, want) {
					t.Errorf("PDF text lacks slide title %q", want)
				}
			}
			if pngDir != "" {
				officetest.Run(t, "pdftoppm", "-png", "-r", "50", pdf, filepath.Join(pngDir, tr.name))
				if b, err := os.ReadFile(pdf); err == nil {
					_ = os.WriteFile(filepath.Join(pngDir, tr.name+".pdf"), b, 0o644)
				}
			}
		})
	}
}

// prefix is the first n runes of s, cut back to a whole word so that line wrapping
// in the PDF does not split the compared text.
func prefix(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut
}
