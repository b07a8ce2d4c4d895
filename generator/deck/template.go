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

// templateRows is how many empty activity rows the blank PowerPoint template offers.
const templateRows = 6

// Template writes the blank PowerPoint template for plan owners who prefer slides to
// the Excel template: a slide of instructions and a plan slide whose table has the
// headings the PowerPoint reader looks for.
func Template(w io.Writer, cat *plan.Catalog) error {
	if cat == nil {
		return fmt.Errorf("deck: template: catalog is required")
	}
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // the same template gives the same bytes
	d := &deck{p: pptx.New(), cat: cat, r: &report.Report{Audience: plan.AudiencePlan,
		Title: "Handlingsplan – PowerPoint-mall", Subtitle: "Fyll i och lämna in", Generated: fixed}}
	d.setup()

	s := d.contentSlide("Så fyller du i mallen", "Instruktioner till PowerPoint-mallen för handlingsplaner.")
	body := []pptx.Paragraph{
		bullet("Skriv programområdets eller samverkansgruppens namn i rubriken på nästa bild, t.ex. ”Handlingsplan RPO Psykisk hälsa 2026”, och fyll i raderna under den."),
		bullet("En rad per aktivitet. Skriv det prioriterade området och dess patientlöften i andra kolumnen; lämna den tom på följande rader i samma område."),
		bullet("Aktiviteter: hur arbetet bedrivs. Skriv tidplanen på en egen rad: ”Tidplan: 2026–2027”."),
		bullet("Uppföljning: en rad per uppgift – ”Mål: ≥ 90 % inom 30 dagar”, ”Resultat: …”, ”Metod: …”, ”Mätansvarig: …”."),
		bullet("Status: skriv Grön (enligt plan), Gul (pågår med mindre problem), Röd (allvarliga problem) eller Avslutad. Färgas cellen i stället tolkas färgen, med en varning."),
		bullet("Behöver tabellen fler rader, kopiera bilden: rubrikraden måste finnas kvar på varje bild."),
		bullet("Spara som PowerPoint-presentation (.pptx, inte .ppt eller .pptm) och lämna in filen. Du får besked om eventuella fel och var de finns."),
	}
	promises := []pptx.Paragraph{para(bold("Patientlöften", bodySize+1))}
	for _, p := range cat.Promises {
		promises = append(promises, para(bold(p.ID+" ", bodySize), plain(p.Title, bodySize)))
	}
	top := content.Y + pptx.Cm(0.3)
	text(s, pptx.Rect{X: content.X, Y: top, W: content.W * 3 / 5, H: content.H - pptx.Cm(0.3)}, body...)
	text(s, pptx.Rect{X: content.X + content.W*3/5 + pptx.Cm(0.5), Y: top, W: content.W*2/5 - pptx.Cm(0.5), H: content.H - pptx.Cm(0.3)}, promises...)

	header := append(append([]string(nil), templates.SlideHeadings...), templates.SlideComment)
	ts := &tableSpec{title: "Handlingsplan [programområde] [år]", name: "Handlingsplan", header: header, cols: planCols}
	ts.intro = []pptx.Paragraph{
		labelled("Programområde", " ", introSize),
		labelled("Senast uppdaterad", " ", introSize),
	}
	for i := 0; i < templateRows; i++ {
		row := rowSpec{}
		for range header {
			row.cells = append(row.cells, blank())
		}
		ts.rows = append(ts.rows, row)
	}
	ts.notes = func([]rowSpec, int) string { return "Fyll i en rad per aktivitet." }
	if _, _, err := d.slides(ts); err != nil {
		return fmt.Errorf("deck: template: %w", err)
	}
	if err := d.p.Write(w); err != nil {
		return fmt.Errorf("deck: template: %w", err)
	}
	return nil
}

// bullet is one instruction paragraph.
func bullet(s string) pptx.Paragraph {
	p := para(plain(s, bodySize+1))
	p.Bullet, p.SpaceAfter = true, 6
	return p
}
