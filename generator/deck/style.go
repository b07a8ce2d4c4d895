package deck

import (
	"fmt"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// Type sizes in points. Table text never goes below 10 pt, so a projected slide
// stays readable from the back of a meeting room.
const (
	titleSize  = 24.0 // slide titles (the title slide's is 1.5×)
	headSize   = 11.0 // table header row
	bodySize   = 11.0 // table body
	smallSize  = 10.0 // secondary lines inside cells
	introSize  = 12.0 // a line above a table
	bigSize    = 14.0 // section slides
	chartFont  = 11.0 // axes, labels and legends of charts
	footerSize = 10.0 // the pptx writer's footer size
	markSize   = 13.0 // the ● of a status, a little larger than its word
)

// Geometry shared by every content slide.
var (
	content   = pptx.ContentRect()
	cellPad   = pptx.Cm(0.18) // left and right cell margins
	cellPadV  = pptx.Cm(0.1)  // top and bottom cell margins
	ruleLine  = pptx.Line{Color: report.ColorRule, Width: pptx.Pt(0.75)}
	introGap  = pptx.Cm(0.25) // between an intro text and the table under it
	minRowH   = pptx.Cm(0.75) // a table row is never lower than this
	titleRule = pptx.Pt(2)    // the accent line under every slide title
	// footerW is the text width of the pptx writer's footer box (half the slide
	// less the margin), insets taken off.
	footerW = pptx.SlideWidth/2 - content.X - pptx.DefaultInsets.Left - pptx.DefaultInsets.Right
)

// run helpers.
// The run helpers set Swedish typography (report.Typo) on every text.
func plain(text string, size float64) pptx.Run {
	return pptx.Run{Text: report.Typo(text), Size: size}
}
func bold(text string, size float64) pptx.Run {
	return pptx.Run{Text: report.Typo(text), Size: size, Bold: true}
}
func colored(r pptx.Run, c string) pptx.Run { r.Color = c; return r }

// para is one paragraph of runs.
func para(runs ...pptx.Run) pptx.Paragraph { return pptx.Paragraph{Runs: runs} }

// lines makes one paragraph per line of text, so that line breaks in a cell are
// paragraphs as the template reader expects.
func lines(text string, r pptx.Run) []pptx.Paragraph {
	var out []pptx.Paragraph
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		rr := r
		rr.Text = strings.TrimSpace(l)
		out = append(out, para(rr))
	}
	return out
}

// labelled is "Label: value" with a bold label, one paragraph (the value's own line
// breaks become spaces so the label stays with its value).
func labelled(label, value string, size float64) pptx.Paragraph {
	v := strings.Join(strings.Fields(value), " ")
	return para(colored(bold(label+": ", size), report.ColorMuted), plain(v, size))
}

// emptyValue is how every table shows a value that is not filled in.
const emptyValue = report.Empty

// dash is emptyValue for an empty text.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return emptyValue
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// countsText is e.g. "Grön 12 · Gul 3 · Röd 1 · Avslutad 4".
func countsText(c plan.StatusCounts) string {
	var parts []string
	for _, s := range plan.Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", s.Label(), c.Of(s)))
	}
	return strings.Join(parts, " · ")
}

// contentSlide adds a slide with a title and the accent rule under it.
func (d *deck) contentSlide(title, notes string) *pptx.Slide {
	s := d.p.AddSlide(pptx.LayoutTitleOnly)
	s.Title = report.Typo(title)
	// A long title stays on its line, above the rule: a point or two smaller.
	tw := pptx.TitleRect().W - pptx.DefaultInsets.Left - pptx.DefaultInsets.Right
	for size := titleSize; size >= titleSize-6; size -= 2 {
		if n, _ := pptx.MeasureText(s.Title, size, true, tw); n <= 1 || size == titleSize-6 {
			if size < titleSize {
				s.TitleSize = size
			}
			break
		}
	}
	s.Notes = notes
	s.Section, d.section = d.section, ""
	tr := pptx.TitleRect()
	rule := s.AddShape(pptx.GeomRect, pptx.Rect{X: content.X, Y: tr.Y + tr.H + pptx.Cm(0.05), W: content.W, H: titleRule}, report.ColorAccent)
	rule.Name = "Title rule"
	return s
}

// text adds a text box without insets surprises: default insets, top anchored.
func text(s *pptx.Slide, r pptx.Rect, paras ...pptx.Paragraph) *pptx.Shape {
	return s.AddText(r, paras...)
}

// textHeight is the height paras need in a text box of width w with default insets.
func textHeight(paras []pptx.Paragraph, w int64) int64 {
	in := pptx.DefaultInsets
	return pptx.MeasureParagraphs(paras, w-in.Left-in.Right) + in.Top + in.Bottom
}

// titleSlide opens every deck: the region, the title, the subtitle, the meeting and,
// where the audience follows status, the counts with their markers.
func (d *deck) titleSlide() {
	r := d.r
	s := d.p.AddSlide(pptx.LayoutTitle)
	s.Title = report.Typo(r.Title)
	s.Subtitle = r.Subtitle
	s.NoFooter = true
	band := s.AddShape(pptx.GeomRect, pptx.Rect{X: 0, Y: 0, W: pptx.Cm(0.9), H: pptx.SlideHeight}, report.ColorAccent)
	band.Name = "Accent band"
	left := pptx.EMUPerInch
	text(s, pptx.Rect{X: left, Y: pptx.Cm(2), W: pptx.SlideWidth - 2*left, H: pptx.Cm(1.2)},
		para(colored(bold(strings.ToUpper(Region), bigSize), report.ColorAccent)))

	var info []pptx.Paragraph
	if r.Audience != plan.AudiencePlan {
		info = append(info, para(colored(bold("Möte: ", smallSize+2), report.ColorMuted), plain(report.Date(r.Meeting), smallSize+2)))
		if !r.PreviousMeeting.IsZero() {
			info = append(info, para(colored(bold("Föregående möte: ", smallSize+2), report.ColorMuted), plain(report.Date(r.PreviousMeeting), smallSize+2)))
		}
	}
	info = append(info, para(colored(bold("Sammanställd: ", smallSize+2), report.ColorMuted), plain(report.Date(r.Generated), smallSize+2)))
	y := pptx.Cm(14.6)
	text(s, pptx.Rect{X: left, Y: y, W: pptx.Cm(16), H: textHeight(info, pptx.Cm(16))}, info...)

	var counts plan.StatusCounts
	var notes []string
	switch r.Audience {
	case plan.AudienceSVN:
		n := 0
		for _, pr := range r.Proposals {
			n += len(pr.Items)
		}
		notes = append(notes, fmt.Sprintf("Underlaget har %s med påverkan på överenskommelsen.", plural(n, "aktivitet", "aktiviteter")))
	case plan.AudiencePlan:
		counts = r.Plans[0].Counts()
	default:
		counts = r.Totals
	}
	if r.Audience != plan.AudienceSVN {
		d.countsLine(s, pptx.Rect{X: left, Y: pptx.Cm(12.6), W: pptx.SlideWidth - 2*left, H: pptx.Cm(0.8)}, counts)
		notes = append(notes, fmt.Sprintf("Aktiviteter: %d (%s).", counts.Total(), countsText(counts)))
	}
	s.Notes = strings.Join(append([]string{r.Title + ". " + r.Subtitle + "."}, notes...), "\n")
}

// countsLine writes "Aktiviteter: 40   ● Grön 20   ● Gul 8 …" in r: the coloured
// markers are characters of the text, so they stay with their words.
func (d *deck) countsLine(s *pptx.Slide, r pptx.Rect, c plan.StatusCounts) {
	p := para(bold(fmt.Sprintf("Aktiviteter: %d", c.Total()), bodySize+1))
	for _, st := range plan.Statuses {
		p.Runs = append(p.Runs, plain("     ", bodySize+1), colored(plain("●\u00a0", bodySize+1), report.StatusColor(st)),
			plain(fmt.Sprintf("%s\u00a0%d", st.Label(), c.Of(st)), bodySize+1))
	}
	text(s, r, p).Anchor = pptx.AnchorMiddle
}
