package deck

import (
	"fmt"
	"io"
	"time"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// templateRows is how many empty activity rows the blank PowerPoint template offers
// under its example row.
const templateRows = 5

// The plan-details tables of the template: the plan's own values (SPEC §2) as
// label/value rows, which the PowerPoint reader reads by their labels.
var (
	detailFields = []templates.Field{templates.PlanName, templates.PlanKind, templates.PlanNational, templates.PlanForum,
		templates.PlanContact, templates.PlanEmail, templates.PlanUpdated, templates.PlanPeriod}
	cooperationFields = []templates.Field{templates.PlanCoopNational, templates.PlanCoopRegional,
		templates.PlanCoopLocal, templates.PlanCoopPatients, templates.PlanComments}
)

// The example row's colours: muted text on a light grey, still 6:1.
const (
	exampleText = report.ColorMuted
	exampleFill = "F2F2F2"
)

// FilledTemplate writes a plan version as a pre-filled PowerPoint template: the
// plan's own deck, which the slide reader reads back whole, with each activity's
// Aktivitets-id in its cell so that the next version matches a rewritten
// activity by id.
func FilledTemplate(w io.Writer, cat *plan.Catalog, e report.Entry) error {
	if cat == nil || e.Plan == nil {
		return fmt.Errorf("deck: filled template: catalog and plan are required")
	}
	in := report.Input{Catalog: cat, Current: []report.Entry{e}, Meeting: e.Received, Generated: e.Received}
	r, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: e.Plan.Name, ActivityIDs: true}, in)
	if err != nil {
		return err
	}
	return Write(w, r, cat)
}

// Template writes the blank PowerPoint template for plan owners who prefer slides to
// the Excel template: two slides of instructions, the plan's details as label/value
// tables, and a plan slide whose table has the headings the PowerPoint reader looks
// for, with an example row it skips.
func Template(w io.Writer, cat *plan.Catalog) error {
	if cat == nil {
		return fmt.Errorf("deck: template: catalog is required")
	}
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // the same template gives the same bytes
	d := &deck{p: pptx.New(), cat: cat, r: &report.Report{Audience: plan.AudiencePlan,
		Title: "Handlingsplan – PowerPoint-mall", Subtitle: "Fyll i och lämna in", Generated: fixed}}
	d.setup()

	d.templateInstructions()
	d.templateCellLines()
	d.detailsSlide("Uppgifter om planen", "Fyll i värdena i den högra kolumnen. Programområde/samverkansgrupp måste fyllas i.",
		detailFields, 0)
	d.detailsSlide("Samverkan och övriga kommentarer", "Beskriv planens samverkan; lämna en rad tom om den inte är aktuell.",
		cooperationFields, pptx.Cm(1.6))

	header := append(append([]string(nil), templates.SlideHeadings...), templates.SlideComment)
	ts := &tableSpec{title: "Handlingsplan [programområde] [år]", name: "Handlingsplan", header: header, cols: planCols}
	ts.rows = append(ts.rows, exampleRow())
	for i := 0; i < templateRows; i++ {
		row := rowSpec{}
		for range header {
			row.cells = append(row.cells, blank())
		}
		ts.rows = append(ts.rows, row)
	}
	ts.notes = func([]rowSpec, int) string {
		return "Fyll i en rad per aktivitet under exempelraden. Exempelraden läses inte in."
	}
	if _, _, err := d.slides(ts); err != nil {
		return fmt.Errorf("deck: template: %w", err)
	}
	if err := d.p.Write(w); err != nil {
		return fmt.Errorf("deck: template: %w", err)
	}
	return nil
}

// templateInstructions is the first slide: how to fill in the template, and the
// patient promises to refer to.
func (d *deck) templateInstructions() {
	s := d.contentSlide("Så fyller du i mallen", "Instruktioner till PowerPoint-mallen för handlingsplaner.")
	body := []pptx.Paragraph{
		bullet("Fyll i tabellerna på bilderna Uppgifter om planen och Samverkan och övriga kommentarer. Fält märkta med * måste fyllas i."),
		bullet("Bilden Handlingsplan: en rad per aktivitet. Skriv det prioriterade området och dess patientlöften (t.ex. P2, P4) i andra kolumnen; lämna den tom på följande rader i samma område."),
		bullet("Den grå raden som börjar med ”Exempel:” visar hur en rad fylls i. Den läses inte in; låt den stå eller ta bort den."),
		bullet("Tidplan, mål, resultat, ledningsstöd och påverkan skrivs på egna rader i cellerna – se nästa bild."),
		bullet("Status: skriv Grön (enligt plan), Gul (pågår med mindre problem), Röd (allvarliga problem) eller Avslutad. Färgas cellen i stället tolkas färgen, med en varning."),
		bullet("Behöver tabellen fler rader, kopiera bilden: rubrikraden måste finnas kvar på varje bild."),
		bullet("Spara som PowerPoint-presentation (.pptx, inte .ppt eller .pptm) och lämna in filen. Du får besked om eventuella fel och var de finns, t.ex. bild 5, tabell 1, rad 3, kolumn Status."),
	}
	promises := []pptx.Paragraph{para(bold("Patientlöften", bodySize+1))}
	for _, p := range d.cat.Promises {
		pp := para(bold(p.ID+" ", bodySize), plain(p.Title, bodySize))
		pp.SpaceAfter = 3
		promises = append(promises, pp)
	}
	top := content.Y + pptx.Cm(0.3)
	left := content.W * 3 / 5
	text(s, pptx.Rect{X: content.X, Y: top, W: left, H: content.H - pptx.Cm(0.3)}, body...)
	text(s, pptx.Rect{X: content.X + left + pptx.Cm(0.5), Y: top, W: content.W - left - pptx.Cm(0.5), H: content.H - pptx.Cm(0.3)}, promises...)
}

// cellLine is one kind of line the reader takes from a cell: its label, an example
// value and what it means.
type cellLine struct{ label, example, note string }

// templateCellLines explains the "Label: value" lines the reader takes from the
// cells of the plan table, column by column.
func (d *deck) templateCellLines() {
	s := d.contentSlide("Rader i cellerna", "Uppgifter som skrivs på egna rader i cellerna, med namn och kolon.")
	intro := para(plain("Skriv varje uppgift på en egen rad i cellen och börja raden med uppgiftens namn och ett kolon. "+
		"Raderna får stå i kolumnerna Aktiviteter, Uppföljning och Kommentar; text utan namn hör till kolumnens egen uppgift.", bodySize+1))
	groups := []struct {
		column string
		lines  []cellLine
	}{
		{templates.SlideActivities, []cellLine{
			{"Tidplan", "2026–2027", ""},
			{"Samverkan", "RPO Primärvård, kommunerna", "vilka aktiviteten samverkar med"},
		}},
		{templates.SlideFollowUp, []cellLine{
			{"Metod", "Nationellt kvalitetsregister", ""},
			{"Kvalitetsindikatorer", "andel med vårdplan", ""},
			{"Mål", "≥ 90 % inom 30 dagar", "mätbart: ett tal och en tidpunkt"},
			{"Mätansvarig", "Processledare RÖ", ""},
			{"Resultat", "84 % (september 2026)", ""},
		}},
		{templates.SlideComment, []cellLine{
			{"Behov av ledningsstöd", "Ja", "när aktiviteten behöver stöd eller beslut av ledningen; utan raden gäller Nej. Raden tas med till kunskapsrådet och RSL"},
			{"Påverkan", "Finansiell förändring – 2,4 mnkr per år", "påverkan på överenskommelsen: Verksamhetsförändring, Finansiell förändring eller Arbetsfördelning/nivåstrukturering, gärna följt av ett tankstreck och en beskrivning; redovisas för SVN"},
			{"Beskrivning av förändring", "…", "i stället för beskrivningen efter tankstrecket"},
			{"Konsekvenser för invånare", "…", "även Konsekvenser för verksamheten och Konsekvenser för styrning och ledning"},
			{"Slutrapport", "…", "när aktiviteten är avslutad"},
		}},
	}
	top := content.Y + pptx.Cm(0.3)
	introH := textHeight([]pptx.Paragraph{intro}, content.W)
	text(s, pptx.Rect{X: content.X, Y: top, W: content.W, H: introH}, intro)
	top += introH + pptx.Cm(0.3)
	colGap := pptx.Cm(0.6)
	weights := []int64{26, 26, 48}
	x := content.X
	for i, g := range groups {
		w := (content.W - 2*colGap) * weights[i] / 100
		paras := []pptx.Paragraph{para(colored(bold("Kolumnen "+g.column, bodySize+1), report.ColorAccent))}
		for _, l := range g.lines {
			p := para(bold(l.label+": ", bodySize), plain(l.example, bodySize))
			p.SpaceBefore = 5
			paras = append(paras, p)
			if l.note != "" {
				paras = append(paras, para(pptx.Run{Text: l.note, Size: smallSize, Italic: true, Color: report.ColorMuted}))
			}
		}
		text(s, pptx.Rect{X: x, Y: top, W: w, H: content.Y + content.H - top}, paras...)
		x += w + colGap
	}
}

// detailsSlide is a label/value table of plan fields: the label (with * when
// required) and its help in the left column, an empty value cell on the right. The
// reader takes the first line of the left cell as the label, so the help is never
// read as a value. valueH is the minimum row height (0: one line).
func (d *deck) detailsSlide(title, notes string, fields []templates.Field, valueH int64) {
	s := d.contentSlide(title, notes)
	cols := widths(1, 1.9)
	t := s.AddTable(content.X, content.Y+pptx.Cm(0.3), cols...)
	t.Name = "Uppgifter om planen"
	t.Border = ruleLine
	t.HeaderRows = 1
	margins := pptx.Insets{Left: cellPad, Top: cellPadV, Right: cellPad, Bottom: cellPadV}
	h := t.AddRow(minRowH)
	for i, head := range []string{"Uppgift", "Värde"} {
		c := h.Cells[i]
		c.Text = []pptx.Paragraph{para(colored(bold(head, headSize), "FFFFFF"))}
		c.Fill, c.Anchor, c.Margins = report.ColorAccent, pptx.AnchorMiddle, &margins
	}
	for _, f := range fields {
		l := templates.PlanLabel(f)
		name := l.Label
		if l.Required {
			name += " *"
		}
		r := t.AddRow(max(minRowH, valueH))
		label := []pptx.Paragraph{para(bold(name, bodySize))}
		if l.Help != "" {
			label = append(label, para(pptx.Run{Text: l.Help, Size: smallSize, Italic: true, Color: report.ColorMuted}))
		}
		r.Cells[0].Text, r.Cells[0].Fill, r.Cells[0].Margins = label, exampleFill, &margins
		r.Cells[1].Text, r.Cells[1].Margins = []pptx.Paragraph{para(plain("", bodySize))}, &margins
	}
	t.FitRows()
}

// exampleRow is the plan table's example: every kind of cell line filled in, in
// muted italics, the area and the activity marked "Exempel:" so that the reader
// skips the row.
func exampleRow() rowSpec {
	cell := func(lines ...string) cellSpec {
		var ps []pptx.Paragraph
		for _, l := range lines {
			ps = append(ps, para(pptx.Run{Text: l, Size: smallSize, Italic: true, Color: exampleText}))
		}
		return cellSpec{paras: ps, fill: exampleFill}
	}
	return rowSpec{cells: []cellSpec{
		cell("Hjärtsvikt"),
		cell("Exempel: Jämlik vård vid hjärtsvikt", "P1, P4"),
		cell("Exempel: Sjuksköterskeledda hjärtsviktsmottagningar i de tre regionerna", "Tidplan: 2026–2027", "Samverkan: RPO Primärvård"),
		cell("Metod: SwedeHF, två uttag per år", "Mål: ≥ 70 % med måldos betablockerare senast 2027", "Resultat: 58 % (september 2026)"),
		cell("Gul"),
		cell("Vakanser i Kalmar län försenar starten.", "Behov av ledningsstöd: Ja", "Påverkan: Verksamhetsförändring – sjuksköterskor tar över upptitreringen"),
	}}
}

// bullet is one instruction paragraph.
func bullet(s string) pptx.Paragraph {
	p := para(plain(s, bodySize+1))
	p.Bullet, p.SpaceAfter = true, 6
	return p
}
