package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"handlingsplan/internal/officetest"
	"handlingsplan/templates"
)

func testFonts(t testing.TB) (regular, bold *Font) {
	t.Helper()
	r, err := ParseFont(templates.FontRegular)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseFont(templates.FontBold)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

var (
	black  = Color{}
	accent = Color{0x1F, 0x4E, 0x79}
)

// sampleDoc draws two A4 landscape pages the way a report does: a title bar,
// text in two fonts and colours, a rule, and bookmarks.
func sampleDoc(t testing.TB, title string) []byte {
	t.Helper()
	reg, bold := testFonts(t)
	d := New(297, 210, Info{Title: title, Author: "Handlingsplaner – Sydöstra sjukvårdsregionen", Subject: "Prov",
		Creator: "test", Keywords: "Kunskapsråd", Created: time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC), Lang: "sv-SE"})
	p := d.AddPage()
	p.Rect(15, 11, 267, 12, accent)
	p.Text(18, 19, bold, 14, Color{0xFF, 0xFF, 0xFF}, "Hjärt- och kärlsjukdomar")
	p.Text(15, 35, reg, 9, black, "Andel patienter med uppföljning ≥ 90 % – åäö ÅÄÖ é “citat” …")
	p.Line(15, 40, 282, 40, 0.2, accent)
	p.Text(15, 50, reg, 9, black, "Okänt tecken: 中")
	d.AddBookmark(Bookmark{Title: "Översikt", Page: 0, Y: 11})
	p2 := d.AddPage()
	p2.Text(15, 20, bold, 11.5, accent, "Planerna")
	p2.Text(15, 30, reg, 9, black, "RPO Endokrina sjukdomar")
	d.AddBookmark(Bookmark{Title: "Planerna", Page: 1, Y: 15})
	d.AddBookmark(Bookmark{Title: "RPO Endokrina sjukdomar", Level: 1, Page: 1, Y: 25})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quiet runs a poppler tool and fails on any complaint it prints.
func quiet(t *testing.T, name string, args ...string) string {
	t.Helper()
	officetest.Need(t, name)
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, errb.String())
	}
	if errb.Len() > 0 {
		t.Errorf("%s complains:\n%s", name, errb.String())
	}
	return out.String()
}

// validFile checks b with pdfcpu's strict validator and writes it to a
// temporary file for the poppler tools.
func validFile(t *testing.T, b []byte) string {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(b), conf); err != nil {
		t.Errorf("pdfcpu: %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDocument(t *testing.T) {
	b := sampleDoc(t, "Kunskapsråd Medicin – möte 3 december 2026")
	path := validFile(t, b)

	text := strings.Join(strings.Fields(quiet(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")), " ")
	for _, want := range []string{
		"Hjärt- och kärlsjukdomar",
		"Andel patienter med uppföljning ≥ 90 % – åäö ÅÄÖ é “citat” …",
		"Okänt tecken: 中", // no glyph, yet it copies right
		"Planerna RPO Endokrina sjukdomar",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in %q", want, text)
		}
	}

	info := quiet(t, "pdfinfo", path)
	for _, want := range []string{"Title:           Kunskapsråd Medicin – möte 3 december 2026",
		"Author:          Handlingsplaner – Sydöstra sjukvårdsregionen", "Pages:           2", "Page size:       841.89 x 595.276 pts (A4)"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	fonts := strings.Split(strings.TrimSpace(quiet(t, "pdffonts", path)), "\n")
	if len(fonts) != 4 {
		t.Fatalf("want 2 fonts:\n%s", strings.Join(fonts, "\n"))
	}
	for _, l := range fonts[2:] {
		f := strings.Fields(l)
		// name type encoding emb sub uni object ID
		if !strings.Contains(f[0], "+LiberationSans") || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("want an embedded subset with a ToUnicode map: %s", l)
		}
	}
	outline := quiet(t, "pdftohtml", "-xml", "-i", "-stdout", path)
	for _, want := range []string{`<item page="1">Översikt</item>`, `<item page="2">Planerna</item>`, `<item page="2">RPO Endokrina sjukdomar</item>`} {
		if !strings.Contains(outline, want) {
			t.Errorf("outline lacks %s:\n%s", want, outline)
		}
	}
	quiet(t, "pdftoppm", "-r", "20", "-png", path, filepath.Join(t.TempDir(), "p"))
	if !bytes.Contains(b, []byte("/Lang (sv-SE)")) {
		t.Error("no /Lang")
	}
}

func TestDeterministic(t *testing.T) {
	a, b := sampleDoc(t, "A"), sampleDoc(t, "A")
	if !bytes.Equal(a, b) {
		t.Error("two renderings differ")
	}
	if bytes.Equal(a, sampleDoc(t, "B")) {
		t.Error("a different title gives the same bytes")
	}
}

func TestEmptyDocument(t *testing.T) {
	b, err := New(210, 297, Info{}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	validFile(t, b)
}

func TestBookmarkOutsideDocument(t *testing.T) {
	d := New(297, 210, Info{})
	d.AddPage()
	d.AddBookmark(Bookmark{Title: "x", Page: 1})
	if _, err := d.Bytes(); err == nil {
		t.Error("a bookmark on a missing page was accepted")
	}
}

func TestAppendNum(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{{0, "0"}, {1, "1"}, {12.5, "12.5"}, {0.2834, "0.283"}, {-0.0001, "0"}, {841.8897, "841.89"}, {-3.25, "-3.25"}} {
		if got := string(appendNum(nil, tt.v)); got != tt.want {
			t.Errorf("appendNum(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func BenchmarkDocument(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sampleDoc(b, "A")
	}
}
