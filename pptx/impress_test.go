package pptx

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testdata/impress.pptx is the sample deck after a round trip through LibreOffice Impress
// 7.4 (soffice --convert-to pptx). Regenerate it with
//
//	PPTX_UPDATE_FIXTURE=1 go test ./pptx -run TestImpressFixture
func TestImpressFixture(t *testing.T) {
	path := filepath.Join("testdata", "impress.pptx")
	if os.Getenv("PPTX_UPDATE_FIXTURE") != "" {
		out := soffice(t, mustBytes(t, sampleDeck(t)), "impress.pptx", "pptx")
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(data); err != nil {
		t.Errorf("Check: %v", err)
	}
	doc, err := Open(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range doc.Slides {
		titles = append(titles, s.Title)
	}
	if want := []string{"Handlingsplan RPO Psykisk hälsa 2026", "Översikt och status", "Handlingsplan RPO Psykisk hälsa 2026", "Sammanslagna celler och staplar", ""}; !slices.Equal(titles, want) {
		t.Errorf("titles = %q, want %q", titles, want)
	}
	if got := doc.Slides[0].Notes; got != "Välkommen.\nÅtta planer är inskickade." {
		t.Errorf("notes = %q", got)
	}

	s3 := doc.Slides[2]
	if len(s3.Tables) != 1 {
		t.Fatalf("slide 3 has %d tables", len(s3.Tables))
	}
	tbl := s3.Tables[0]
	if len(tbl.Rows) != 5 || len(tbl.Cols) != 5 {
		t.Fatalf("table is %d×%d", len(tbl.Rows), len(tbl.Cols))
	}
	if got := tbl.Rows[0].Cells[4]; got.Text() != "Status" || got.Fill != "005A9C" {
		t.Errorf("header status cell = %+v", got)
	}
	if got := tbl.Rows[2].Cells[3]; got.Text() != "Andel med plan" || got.Fill != "FFF4CC" {
		t.Errorf("filled cell = %+v", got)
	}
	if got := tbl.Rows[3].Cells[0]; got.RowSpan != 2 || !tbl.Rows[4].Cells[0].VMerge {
		t.Errorf("vertical merge lost: %+v / %+v", got, tbl.Rows[4].Cells[0])
	}
	want := map[int]string{1: green, 2: yellow, 3: red}
	for row := 1; row <= 4; row++ {
		in := s3.ShapesIn(tbl.Rows[row].Cells[4].Rect)
		if len(in) != 1 {
			t.Errorf("row %d: %d shapes in the status cell", row, len(in))
			continue
		}
		if w, ok := want[row]; ok && in[0].Fill != w {
			t.Errorf("row %d: marker fill %s, want %s", row, in[0].Fill, w)
		}
		if row == 4 && (in[0].Geometry != "custGeom" || in[0].Name != "Checkbox") {
			t.Errorf("row 4: %+v, want the checkbox", in[0])
		}
	}

	t2 := doc.Slides[3].Tables[0]
	if c := t2.Rows[0].Cells[0]; c.GridSpan != 2 || c.RowSpan != 2 || c.Fill != "E8EEF4" {
		t.Errorf("2×2 merge = %+v", c)
	}
	if c := t2.Rows[2].Cells[2]; c.Fill != red || c.Text() != "I" {
		t.Errorf("red cell = %+v", c)
	}
}
