package deck

import (
	"bytes"
	"strings"
	"testing"

	"handlingsplan/config"
	"handlingsplan/pptx"
	"handlingsplan/sources"
	"handlingsplan/templates"
)

func TestTemplate(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Template(&a, &cfg.Catalog); err != nil {
		t.Fatal(err)
	}
	if err := Template(&b, &cfg.Catalog); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the blank template is not the same twice")
	}
	if err := pptx.Check(a.Bytes()); err != nil {
		t.Fatal(err)
	}
	// The reader finds the table: an empty template lacks a name and activities,
	// not the table.
	r := sources.Read(sources.Input{Name: "mall.pptx", Data: a.Bytes()}, &cfg.Catalog, sources.Limits{})
	if r.Format != "pptx" {
		t.Fatalf("format %q", r.Format)
	}
	for _, p := range r.Problems {
		if strings.Contains(p.Message, "Ingen tabell") {
			t.Errorf("the reader does not recognise the template's table: %s", p)
		}
	}
	// What a blank template lacks is said where it goes: the name and the date in the
	// details table, the activities in the plan table; the example row is no activity.
	var got []string
	for _, p := range r.Problems {
		got = append(got, string(p.Severity)+" "+p.Location+" "+p.Field)
	}
	want := []string{
		"error bild 3, tabell 1, rad 2, kolumn Värde Programområde/samverkansgrupp",
		"warning bild 3, tabell 1, rad 8, kolumn Värde Senast uppdaterad",
		"error bild 5, tabell 1 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems of the blank template:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Every plan field has its row, and the instructions explain the cell lines.
	doc, err := pptx.Open(a.Bytes(), pptx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, s := range doc.Slides {
		for _, sh := range s.Shapes {
			all.WriteString(sh.Text() + "\n")
		}
		for _, tb := range s.Tables {
			for _, row := range tb.Rows {
				for _, c := range row.Cells {
					all.WriteString(c.Text() + "\n")
				}
			}
		}
	}
	text := strings.ReplaceAll(all.String(), "\u00a0", " ") // no-break spaces keep "NPO och" together
	for _, l := range templates.PlanLabels {
		if !strings.Contains(text, l.Label) {
			t.Errorf("the template has no row for %s", l.Label)
		}
	}
	for _, w := range []string{"Behov av ledningsstöd: Ja", "Påverkan: ", "Exempel: ", "Beskrivning av förändring: "} {
		if !strings.Contains(text, w) {
			t.Errorf("the template does not show %q", w)
		}
	}
}
