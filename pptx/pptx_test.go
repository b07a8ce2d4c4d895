package pptx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mustBytes(tb testing.TB, p *Presentation) []byte {
	tb.Helper()
	data, err := p.Bytes()
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestRoundTrip(t *testing.T) {
	data := mustBytes(t, sampleDeck(t))
	if err := Check(data); err != nil {
		t.Fatalf("Check: %v", err)
	}
	doc, err := Open(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Title, "Handlingsplan RPO Psykisk hälsa 2026"; got != want {
		t.Errorf("doc title = %q, want %q", got, want)
	}
	if doc.SlideWidth != SlideWidth || doc.SlideHeight != SlideHeight {
		t.Errorf("slide size = %d×%d", doc.SlideWidth, doc.SlideHeight)
	}
	if got := len(doc.Slides); got != 5 {
		t.Fatalf("slides = %d, want 5", got)
	}

	s1 := doc.Slides[0]
	if s1.Title != "Handlingsplan RPO Psykisk hälsa 2026" || s1.Notes != "Välkommen.\nÅtta planer är inskickade." {
		t.Errorf("slide 1 title %q notes %q", s1.Title, s1.Notes)
	}

	s2 := doc.Slides[1]
	if s2.Title != "Översikt och status" {
		t.Errorf("slide 2 title = %q", s2.Title)
	}
	var text ShapeInfo
	var markers, checkboxes []ShapeInfo
	for _, sh := range s2.Shapes {
		switch {
		case len(sh.Paragraphs) > 0 && sh.Paragraphs[0] == "Läget i korthet":
			text = sh
		case sh.Geometry == "ellipse":
			markers = append(markers, sh)
		case strings.HasPrefix(sh.Name, "Checkbox"):
			checkboxes = append(checkboxes, sh)
		}
	}
	if got, want := text.Paragraphs, []string{"Läget i korthet", "Tre aktiviteter är försenade", "varav en allvarligt", "Centrerad rad"}; !slices.Equal(got, want) {
		t.Errorf("text box paragraphs = %q, want %q", got, want)
	}
	var fills []string
	for _, m := range markers {
		fills = append(fills, m.Fill+"/"+m.Descr)
	}
	if want := []string{green + "/Grön", yellow + "/Gul", red + "/Röd"}; !slices.Equal(fills, want) {
		t.Errorf("markers = %v, want %v", fills, want)
	}
	if len(checkboxes) != 2 || checkboxes[0].Name != "Checkbox" || checkboxes[0].Geometry != "custGeom" || checkboxes[1].Name != "Checkbox empty" {
		t.Errorf("checkboxes = %+v", checkboxes)
	}
	if s2.Notes != "Diagrammet visar fördelningen." {
		t.Errorf("slide 2 notes = %q", s2.Notes)
	}
	var footer, number bool
	for _, sh := range s2.Shapes {
		footer = footer || sh.Text() == "Kunskapsråd Medicin · 2026-12-03"
		number = number || sh.Text() == "2"
	}
	if !footer || !number {
		t.Errorf("footer %v, slide number %v", footer, number)
	}

	s3 := doc.Slides[2]
	if len(s3.Tables) != 1 {
		t.Fatalf("slide 3 tables = %d", len(s3.Tables))
	}
	tbl := s3.Tables[0]
	if tbl.Name != "Plan" || len(tbl.Cols) != 5 || len(tbl.Rows) != 5 {
		t.Fatalf("table %q %d cols %d rows", tbl.Name, len(tbl.Cols), len(tbl.Rows))
	}
	header := []string{}
	for _, c := range tbl.Rows[0].Cells {
		header = append(header, c.Text())
		if c.Fill != "005A9C" {
			t.Errorf("header fill = %q", c.Fill)
		}
	}
	if want := []string{"Nationellt insatsområde", "Prioriterat område och patientlöften", "Aktiviteter", "Uppföljning", "Status"}; !slices.Equal(header, want) {
		t.Errorf("header = %q", header)
	}
	if got := tbl.Rows[1].Cells[1].Paragraphs; !slices.Equal(got, []string{"Tillgänglighet", "Löfte 1: Du får kontakt inom tre dagar"}) {
		t.Errorf("cell 1,1 = %q", got)
	}
	if got := tbl.Rows[2].Cells[3].Fill; got != "FFF4CC" {
		t.Errorf("cell 2,3 fill = %q", got)
	}
	if c := tbl.Rows[3].Cells[0]; c.RowSpan != 2 || c.Text() != "Suicidprevention" {
		t.Errorf("merged cell = %+v", c)
	}
	if c := tbl.Rows[4].Cells[0]; !c.VMerge {
		t.Errorf("covered cell = %+v", c)
	}
	// Each status marker lies in the status cell of its row.
	wantStatus := map[int]string{1: green, 2: yellow, 3: red}
	for row := 1; row <= 4; row++ {
		in := s3.ShapesIn(tbl.Rows[row].Cells[4].Rect)
		if len(in) != 1 {
			t.Errorf("row %d: %d shapes in the status cell", row, len(in))
			continue
		}
		if want, ok := wantStatus[row]; ok && (in[0].Fill != want || in[0].Geometry != "ellipse") {
			t.Errorf("row %d: marker %+v", row, in[0])
		}
		if row == 4 && in[0].Name != "Checkbox" {
			t.Errorf("row 4: %+v, want the checkbox", in[0])
		}
		x, y := in[0].Rect.Center()
		if r, c, ok := tbl.CellAt(x, y); !ok || r != row || c != 4 {
			t.Errorf("row %d: CellAt = %d,%d,%v", row, r, c, ok)
		}
	}

	s4 := doc.Slides[3]
	t2 := s4.Tables[0]
	c := t2.Rows[0].Cells[0]
	if c.GridSpan != 2 || c.RowSpan != 2 || c.Fill != "E8EEF4" || c.Text() != "Sammanslagen 2×2" {
		t.Errorf("merged 2×2 = %+v", c)
	}
	if !t2.Rows[0].Cells[1].HMerge || !t2.Rows[1].Cells[0].VMerge || !t2.Rows[1].Cells[1].HMerge || !t2.Rows[1].Cells[1].VMerge {
		t.Errorf("covered cells wrong: %+v %+v", t2.Rows[0].Cells[1], t2.Rows[1])
	}
	if x, y := t2.Rows[1].Cells[1].Rect.Center(); true {
		if r, c, ok := t2.CellAt(x, y); !ok || r != 0 || c != 0 {
			t.Errorf("CellAt in merge = %d,%d,%v", r, c, ok)
		}
	}
	if got := t2.Rows[2].Cells[2]; got.Fill != red || got.Text() != "I" {
		t.Errorf("cell 2,2 = %+v", got)
	}
	if got := doc.Slides[4].Shapes[0].Text(); got != `Tom layout med & < > " ' tecken` {
		t.Errorf("blank slide text = %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	a := mustBytes(t, sampleDeck(t))
	b := mustBytes(t, sampleDeck(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same deck differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry = %s", zr.File[0].Name)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deck.pptx")
	p := sampleDeck(t)
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, mustBytes(t, p)) {
		t.Error("saved file differs from Bytes")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the deck", len(entries))
	}
	if err := p.Save(filepath.Join(dir, "missing", "deck.pptx")); err == nil {
		t.Error("Save into a missing folder succeeded")
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(p *Presentation) error
		want  string
	}{
		{"BadFill", func(p *Presentation) error {
			p.AddSlide(LayoutBlank).AddShape(GeomEllipse, Rect{W: 10, H: 10}, "green")
			return nil
		}, `fill colour "green"`},
		{"BadGeometry", func(p *Presentation) error {
			p.AddSlide(LayoutBlank).AddShape(`x"y`, Rect{W: 10, H: 10}, "")
			return nil
		}, "bad geometry"},
		{"BadAccent", func(p *Presentation) error { p.Theme.Accent = "blue"; return nil }, "Accent"},
		{"EmptyTable", func(p *Presentation) error { p.AddSlide(LayoutBlank).AddTable(0, 0, 100); return nil }, "no columns or no rows"},
		{"ChartLengths", func(p *Presentation) error {
			return p.AddSlide(LayoutBlank).AddBarChart(Rect{}, BarChart{Categories: []string{"a"}, Series: []Series{{Name: "s", Values: []float64{1, 2}}}})
		}, "has 2 values for 1 categories"},
		{"MergeOutside", func(p *Presentation) error {
			tb := p.AddSlide(LayoutBlank).AddTable(0, 0, 100, 100)
			tb.AddRow(100)
			return tb.Merge(0, 0, 2, 1)
		}, "outside the table"},
		{"MergeOverlap", func(p *Presentation) error {
			tb := p.AddSlide(LayoutBlank).AddTable(0, 0, 100, 100)
			tb.AddRow(100)
			tb.AddRow(100)
			if err := tb.Merge(0, 0, 2, 1); err != nil {
				return err
			}
			return tb.Merge(1, 0, 1, 2)
		}, "overlaps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New()
			err := tt.build(p)
			if err == nil {
				_, err = p.Bytes()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// zipOf builds a zip from name/content pairs.
func zipOf(tb testing.TB, files ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// replacePart returns data with one part's content replaced.
func replacePart(tb testing.TB, data []byte, name, content string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		if f.Name == name {
			files = append(files, f.Name, content)
		} else {
			files = append(files, f.Name, b.String())
		}
	}
	return zipOf(tb, files...)
}

func TestOpenErrors(t *testing.T) {
	good := mustBytes(t, sampleDeck(t))
	ct := `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/ppt/presentation.xml" ContentType="%s"/></Types>`
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`
	bomb := zipOf(t, "[Content_Types].xml", strings.Repeat(" ", 3<<20))
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"Empty", nil, Limits{}, ErrNotZip},
		{"Text", []byte("hello, not a zip"), Limits{}, ErrNotZip},
		{"OLE", append(append([]byte{}, oleSignature...), make([]byte, 512)...), Limits{}, ErrEncrypted},
		{"FileTooLarge", good, Limits{MaxFileBytes: 1000}, ErrTooLarge},
		{"TooManyEntries", good, Limits{MaxZipEntries: 3}, ErrTooLarge},
		{"DeclaredTooLarge", bomb, Limits{MaxPartBytes: 1 << 20}, ErrTooLarge},
		{"TotalTooLarge", bomb, Limits{MaxUnzippedBytes: 1 << 20}, ErrTooLarge},
		{"Macro", zipOf(t, "[Content_Types].xml", fmt.Sprintf(ct, "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"), "_rels/.rels", rels, "ppt/presentation.xml", "<p/>"), Limits{}, ErrMacro},
		{"VBA", zipOf(t, "[Content_Types].xml", fmt.Sprintf(ct, ctPresentation), "_rels/.rels", rels, "ppt/vbaProject.bin", "x"), Limits{}, ErrMacro},
		{"Workbook", zipOf(t, "[Content_Types].xml", fmt.Sprintf(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), "_rels/.rels", rels), Limits{}, ErrNotPresentation},
		{"NoContentTypes", zipOf(t, "a.txt", "x"), Limits{}, ErrNotPresentation},
		{"MissingPresentation", zipOf(t, "[Content_Types].xml", fmt.Sprintf(ct, ctPresentation), "_rels/.rels", rels), Limits{}, ErrCorrupt},
		{"DTD", replacePart(t, good, "ppt/slides/slide1.xml", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><p:sld xmlns:p="`+nsP+`">&a;</p:sld>`), Limits{}, ErrCorrupt},
		{"BadXML", replacePart(t, good, "ppt/slides/slide2.xml", `<p:sld xmlns:p="`+nsP+`"><p:cSld>`), Limits{}, ErrCorrupt},
		{"BadNumber", replacePart(t, good, "ppt/presentation.xml", `<p:presentation xmlns:p="`+nsP+`"><p:sldSz cx="wide" cy="1"/></p:presentation>`), Limits{}, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.data, tt.lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestOpenLyingSizes checks that a zip whose directory understates a part's size is still
// stopped while inflating.
func TestOpenLyingSizes(t *testing.T) {
	data := zipOf(t, "[Content_Types].xml", strings.Repeat("a", 2<<20))
	// Patch the declared uncompressed size (local header and central directory) to 10.
	patched := bytes.Clone(data)
	for _, sig := range [][]byte{{'P', 'K', 3, 4}, {'P', 'K', 1, 2}} {
		i := bytes.Index(patched, sig)
		if i < 0 {
			t.Fatal("signature not found")
		}
		off := 22
		if sig[2] == 1 {
			off = 24
		}
		copy(patched[i+off:], []byte{10, 0, 0, 0})
	}
	_, err := Open(patched, Limits{MaxPartBytes: 1 << 20})
	if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrTooLarge or ErrCorrupt", err)
	}
}

func TestCheckFindsProblems(t *testing.T) {
	good := mustBytes(t, sampleDeck(t))
	tests := []struct {
		name, part, content, want string
	}{
		{"MissingTarget", "ppt/slides/_rels/slide1.xml.rels", `<Relationships xmlns="` + nsPkgRels + `"><Relationship Id="rId1" Type="` + relSlideLayout + `" Target="../slideLayouts/nope.xml"/><Relationship Id="rId2" Type="` + relNotesSlide + `" Target="../notesSlides/notesSlide1.xml"/></Relationships>`, "missing part"},
		{"DuplicateRelID", "ppt/slides/_rels/slide1.xml.rels", `<Relationships xmlns="` + nsPkgRels + `"><Relationship Id="rId1" Type="` + relSlideLayout + `" Target="../slideLayouts/slideLayout1.xml"/><Relationship Id="rId1" Type="` + relNotesSlide + `" Target="../notesSlides/notesSlide1.xml"/></Relationships>`, "used twice"},
		{"DuplicateShapeID", "ppt/slides/slide5.xml", `<p:sld xmlns:a="` + nsA + `" xmlns:p="` + nsP + `"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/></p:nvGrpSpPr><p:sp><p:nvSpPr><p:cNvPr id="1" name="x"/></p:nvSpPr></p:sp></p:spTree></p:cSld></p:sld>`, "shape id 1 used twice"},
		{"UndefinedRID", "ppt/slides/slide5.xml", `<p:sld xmlns:r="` + nsRel + `" xmlns:p="` + nsP + `"><x r:id="rId9"/></p:sld>`, "r:id rId9"},
		{"NotWellFormed", "ppt/slides/slide5.xml", `<p:sld xmlns:p="` + nsP + `">`, "not well-formed"},
		{"NoContentType", "ppt/media/extra.bin", "x", "no content type"},
	}
	if err := Check(good); err != nil {
		t.Fatalf("good deck: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			if tt.name == "NoContentType" {
				data = addPart(t, good, tt.part, tt.content)
			} else {
				data = replacePart(t, good, tt.part, tt.content)
			}
			err := Check(data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}

func addPart(tb testing.TB, data []byte, name, content string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			tb.Fatal(err)
		}
	}
	w, _ := zw.Create(name)
	_, _ = w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestMeasureText(t *testing.T) {
	if lines, h := MeasureText("", 12, false, Cm(5)); lines != 1 || h <= 0 {
		t.Errorf("empty text = %d lines, %d EMU", lines, h)
	}
	l1, h1 := MeasureText("Kort", 12, false, Cm(5))
	if l1 != 1 {
		t.Errorf("short text wraps to %d lines", l1)
	}
	long := strings.Repeat("Förbättra tillgängligheten ", 10)
	l2, h2 := MeasureText(long, 12, false, Cm(5))
	if l2 < 5 || h2 <= h1*int64(l2-1) {
		t.Errorf("long text = %d lines, %d EMU", l2, h2)
	}
	lb, _ := MeasureText(long, 12, true, Cm(5))
	if lb < l2 {
		t.Errorf("bold wraps to fewer lines (%d) than regular (%d)", lb, l2)
	}
	if l, _ := MeasureText("a\nb\nc", 12, false, Cm(5)); l != 3 {
		t.Errorf("three lines measured as %d", l)
	}
	if l, _ := MeasureText(strings.Repeat("W", 100), 12, false, Cm(2)); l < 10 {
		t.Errorf("unbreakable word = %d lines", l)
	}
	if l, _ := MeasureText("漢字漢字漢字漢字漢字", 12, false, Cm(1)); l < 3 {
		t.Errorf("CJK fallback = %d lines", l)
	}
	// A 12 pt line: about 1.2 × 12 pt.
	if _, h := MeasureText("x", 12, false, Cm(5)); h < Pt(14) || h > Pt(15) {
		t.Errorf("line height = %d EMU", h)
	}
	paras := []Paragraph{Para("Rubrik"), {Runs: []Run{{Text: "Punkt", Size: 24}}, Bullet: true, SpaceBefore: 6}}
	if got, min := MeasureParagraphs(paras, Cm(5)), Pt(18*1.2+24*1.2+6); got < min {
		t.Errorf("MeasureParagraphs = %d, want ≥ %d", got, min)
	}
}

// TestMeasureMatchesFont checks the built-in widths against Arial's (and Liberation
// Sans's) published advance widths, so that a regenerated table is noticed.
func TestMeasureMatchesFont(t *testing.T) {
	if w := runeWidthEm('å', false); w < 0.55 || w > 0.57 {
		t.Errorf("width of å = %v em, Arial has 0.556", w)
	}
	if w := runeWidthEm('●', false); w < 0.6 || w > 0.61 {
		t.Errorf("width of ● = %v em, Arial has 0.604", w)
	}
	if w := runeWidthEm(' ', false); w < 0.27 || w > 0.28 {
		t.Errorf("width of space = %v em", w)
	}
}

func FuzzOpen(f *testing.F) {
	f.Add(mustBytes(f, sampleDeck(f)))
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, "[Content_Types].xml", "<Types/>"))
	if data, err := os.ReadFile(filepath.Join("testdata", "impress.pptx")); err == nil {
		f.Add(data)
	}
	lim := Limits{MaxFileBytes: 4 << 20, MaxUnzippedBytes: 16 << 20, MaxZipEntries: 200, MaxPartBytes: 8 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Open(data, lim)
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
		_ = Check(data)
	})
}

// benchDeck builds a 40-slide deck, each slide with a 6-row plan table and markers.
func benchDeck() *Presentation {
	p := New()
	p.Footer = "Kunskapsråd Medicin"
	p.SlideNumbers = true
	cr := ContentRect()
	for i := 0; i < 40; i++ {
		s := p.AddSlide(LayoutTitleOnly)
		s.Title = fmt.Sprintf("Handlingsplan %d", i+1)
		t := s.AddTable(cr.X, cr.Y, Cm(5), Cm(7), Cm(8), Cm(6), Cm(2.5))
		t.Border = Line{Color: "BFBFBF"}
		t.AddRow(Cm(1), "Nationellt insatsområde", "Prioriterat område och patientlöften", "Aktiviteter", "Uppföljning", "Status")
		for r := 0; r < 6; r++ {
			t.AddRow(Cm(0.8), "Psykisk hälsa", "Tillgänglighet och samordning", "Införa digitalt stöd för självhjälp vid depression", "Antal patienter", "")
		}
		t.FitRows()
		for r := 1; r <= 6; r++ {
			s.AddShape(GeomEllipse, CenterIn(t.CellRect(r, 4), Cm(0.7), Cm(0.7)), green)
		}
	}
	return p
}

func BenchmarkWrite40Slides(b *testing.B) {
	var size int
	for b.Loop() {
		p := benchDeck()
		data, err := p.Bytes()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "bytes/deck")
}

func BenchmarkOpen(b *testing.B) {
	data, err := benchDeck().Bytes()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Open(data, DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
