package pptx

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Status colours used by the sample deck.
const (
	green  = "2E8540"
	yellow = "F2C200"
	red    = "C8102E"
)

// sampleDeck builds a presentation that uses every feature of the writer.
func sampleDeck(tb testing.TB) *Presentation {
	tb.Helper()
	p := New()
	p.Props = Properties{
		Title: "Handlingsplan RPO Psykisk hälsa 2026", Author: "Regionalt programområde",
		Subject: "Uppföljning", Language: "sv-SE", Company: "Sydöstra sjukvårdsregionen",
		Created: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
	}
	p.Footer = "Kunskapsråd Medicin · 2026-12-03"
	p.SlideNumbers = true

	s1 := p.AddSlide(LayoutTitle)
	s1.Title = "Handlingsplan RPO Psykisk hälsa 2026"
	s1.Subtitle = "Kunskapsråd Medicin – möte 3 december"
	s1.NoFooter = true
	s1.Notes = "Välkommen.\nÅtta planer är inskickade."

	s2 := p.AddSlide(LayoutTitleOnly)
	s2.Title = "Översikt och status"
	cr := ContentRect()
	s2.AddText(Rect{X: cr.X, Y: cr.Y, W: cr.W / 2, H: Cm(6)},
		Paragraph{Runs: []Run{{Text: "Läget i korthet", Bold: true, Size: 20, Color: "005A9C"}}},
		Paragraph{Runs: []Run{{Text: "Tre aktiviteter är försenade", Size: 16}}, Bullet: true},
		Paragraph{Runs: []Run{{Text: "varav en ", Size: 14}, {Text: "allvarligt", Size: 14, Italic: true, Color: red}}, Bullet: true, Level: 1},
		Paragraph{Runs: []Run{{Text: "Centrerad rad", Size: 14, Underline: true}}, Align: AlignCenter, SpaceBefore: 6},
	)
	y := cr.Y + Cm(7)
	for i, c := range []string{green, yellow, red} {
		m := s2.AddShape(GeomEllipse, Rect{X: cr.X + int64(i)*Cm(1.5), Y: y, W: Cm(1), H: Cm(1)}, c)
		m.Line = Line{Color: "FFFFFF", Width: Pt(1)}
		m.Descr = []string{"Grön", "Gul", "Röd"}[i]
	}
	rr := s2.AddShape(GeomRoundRect, Rect{X: cr.X, Y: y + Cm(2), W: Cm(6), H: Cm(1.4)}, "E8EEF4")
	rr.Text = []Paragraph{{Runs: []Run{{Text: "Ledningsstöd", Bold: true, Size: 14}}, Align: AlignCenter}}
	rr.Line = Line{Color: "005A9C"}
	s2.AddCheckbox(Rect{X: cr.X + Cm(7), Y: y + Cm(2), W: Cm(1), H: Cm(1)}, true, "333333", green)
	s2.AddCheckbox(Rect{X: cr.X + Cm(8.5), Y: y + Cm(2), W: Cm(1), H: Cm(1)}, false, "333333", green)
	if err := s2.AddBarChart(Rect{X: cr.X + cr.W/2, Y: cr.Y, W: cr.W / 2, H: cr.H}, BarChart{
		Title: "Status per kunskapsråd", Horizontal: true, Stacked: true, ShowValues: true,
		Categories: []string{"Medicin", "Kirurgi", "Psykiatri"},
		Series: []Series{
			{Name: "Grön", Color: green, Values: []float64{5, 3, 2}},
			{Name: "Gul", Color: yellow, Values: []float64{2, 1, 0}},
			{Name: "Röd", Color: red, Values: []float64{1, 0, 1}},
		},
	}); err != nil {
		tb.Fatal(err)
	}
	s2.Notes = "Diagrammet visar fördelningen."

	s3 := p.AddSlide(LayoutTitleOnly)
	s3.Title = "Handlingsplan RPO Psykisk hälsa 2026"
	cols := []int64{Cm(5), Cm(7), Cm(8), Cm(6), Cm(2.5)}
	t := s3.AddTable(cr.X, cr.Y, cols...)
	t.Name = "Plan"
	t.HeaderRows = 1
	t.Border = Line{Color: "BFBFBF", Width: Pt(0.75)}
	h := t.AddRow(Cm(1), "Nationellt insatsområde", "Prioriterat område och patientlöften", "Aktiviteter", "Uppföljning", "Status")
	for _, c := range h.Cells {
		c.Fill = "005A9C"
		c.Anchor = AnchorMiddle
		for i := range c.Text {
			for j := range c.Text[i].Runs {
				c.Text[i].Runs[j].Bold = true
				c.Text[i].Runs[j].Color = "FFFFFF"
				c.Text[i].Runs[j].Size = 12
			}
		}
	}
	rows := [][]string{
		{"Psykisk hälsa", "Tillgänglighet\nLöfte 1: Du får kontakt inom tre dagar", "Införa digitalt stöd för självhjälp vid lätt till måttlig depression och ångest", "Antal patienter per månad", ""},
		{"Psykisk hälsa", "Samordning", "Gemensamma vårdplaner mellan primärvård och psykiatri", "Andel med plan", ""},
		{"Suicidprevention", "Kompetens", "Utbilda all personal i suicidriskbedömning", "Andel utbildade", ""},
		{"Suicidprevention", "Uppföljning", "Avslutad utbildningsinsats", "Klar", ""},
	}
	status := []string{green, yellow, red, ""}
	for i, r := range rows {
		row := t.AddRow(Cm(0.8))
		for c, text := range r {
			row.Cells[c].SetText(text, 11)
		}
		row.Cells[4].Anchor = AnchorMiddle
		if i == 1 {
			row.Cells[3].Fill = "FFF4CC"
		}
	}
	if err := t.Merge(3, 0, 2, 1); err != nil {
		tb.Fatal(err)
	}
	t.FitRows()
	for i, c := range status {
		cell := t.CellRect(i+1, 4)
		if c == "" {
			s3.AddCheckbox(CenterIn(cell, Cm(0.7), Cm(0.7)), true, "333333", green)
			continue
		}
		s3.AddShape(GeomEllipse, CenterIn(cell, Cm(0.7), Cm(0.7)), c).Name = "Status " + fmt.Sprint(i+1)
	}
	s3.Notes = "Tabellen följer mallens rubriker."

	s4 := p.AddSlide(LayoutTitleOnly)
	s4.Title = "Sammanslagna celler och staplar"
	t2 := s4.AddTable(cr.X, cr.Y, Cm(4), Cm(4), Cm(4))
	t2.Border = Line{Color: "333333"}
	t2.AddRow(Cm(1), "A", "B", "C")
	t2.AddRow(Cm(1), "D", "E", "F")
	t2.AddRow(Cm(1), "G", "H", "I")
	if err := t2.Merge(0, 0, 2, 2); err != nil {
		tb.Fatal(err)
	}
	t2.Cell(0, 0).SetText("Sammanslagen 2×2", 14)
	t2.Cell(0, 0).Fill = "E8EEF4"
	t2.Cell(0, 0).Anchor = AnchorMiddle
	t2.Cell(2, 2).Fill = red
	t2.FitRows()
	if err := s4.AddBarChart(Rect{X: cr.X + Cm(14), Y: cr.Y, W: Cm(14), H: Cm(10)}, BarChart{
		Title:      "Aktiviteter per status",
		Categories: []string{"Q1", "Q2", "Q3", "Q4"},
		Series: []Series{
			{Name: "Grön", Color: green, Values: []float64{4, 5, 6, 7}},
			{Name: "Röd", Values: []float64{2, 1.5, 1, 0}},
		},
	}); err != nil {
		tb.Fatal(err)
	}
	s4.AddText(Rect{X: cr.X, Y: cr.Y + Cm(5), W: Cm(12), H: Cm(3)}, Para(strings.Repeat("Lång text som bryts. ", 8)))

	p.AddSlide(LayoutBlank).AddText(Rect{X: Cm(2), Y: Cm(2), W: Cm(20), H: Cm(2)}, Para("Tom layout med & < > \" ' tecken"))
	return p
}
