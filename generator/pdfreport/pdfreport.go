// Package pdfreport renders a report.Report as a printable PDF: a cover page, the
// overview, the plans in the template's headings, changes, ledningsstöd and
// proposals, each audience with what its report model holds.
//
// Pages are A4 landscape: the plan table has the template's six columns, which in
// portrait would leave some 20 characters per line; landscape also matches the
// deck the PDF mirrors. Text is set in the embedded Liberation Sans (templates),
// which prints the Latin, Greek and Cyrillic letters and the signs plans use;
// all text copies right, even a character the font lacks. The PDF is tagged
// (PDF/UA-1): published plans must be readable with a screen reader (DOS-lagen),
// so headings, paragraphs and tables are structure, and what pagination and
// decoration add are artifacts. The output is reproducible: the same report
// gives the same bytes.
package pdfreport

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"handlingsplan/pdf"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// Document properties.
const (
	Author   = "Handlingsplaner – Sydöstra sjukvårdsregionen"
	Creator  = "Handlingsplaner, PDF-rapport"
	Language = "sv-SE"
)

// layout composes the pages of r and their outline, and the structure of
// what they show under root.
func layout(r *report.Report, cat *plan.Catalog, root *pdf.Elem) (*doc, error) {
	m, err := newMeasurer()
	if err != nil {
		return nil, err
	}
	d := &doc{pager: &pager{m: m}, r: r, cat: cat, root: root, sect: root}
	d.compose()
	return d, nil
}

// Write renders r as a PDF to w. cat gives the patient promises' titles.
func Write(w io.Writer, r *report.Report, cat *plan.Catalog) error {
	if r == nil || cat == nil {
		return fmt.Errorf("pdfreport: report and catalog are required")
	}
	created := r.Generated
	if created.IsZero() {
		created = r.Meeting
	}
	subject := r.Subtitle
	if subject == "" {
		subject = r.Audience.Label()
	}
	out := pdf.New(pageW, pageH, pdf.Info{
		Title: r.Title, Author: Author, Subject: subject, Creator: Creator,
		Keywords: r.Audience.Label(), Created: created, Lang: Language,
	})
	d, err := layout(r, cat, out.Root())
	if err != nil {
		return err
	}
	d.draw(out)
	for _, mk := range d.marks {
		// The destination is a little above the entry, so that it shows whole.
		out.AddBookmark(pdf.Bookmark{Title: clean(mk.title), Level: mk.level, Page: mk.page, Y: marginT + headerH + mk.y - 2})
	}
	b, err := out.Bytes()
	if err != nil {
		return fmt.Errorf("pdfreport: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("pdfreport: write: %w", err)
	}
	return nil
}

// Colours and text styles of the region's profile.
var (
	cText   = hex(report.ColorText)
	cMuted  = hex(report.ColorMuted)
	cAccent = hex(report.ColorAccent)
	cTint   = hex(report.ColorAccentTint)
	cRule   = hex(report.ColorRule)
	cFlag   = hex(report.ColorFlag)
	cWhite  = hex("FFFFFF")
	cArea   = hex("F4F7FB") // the merged area columns of a plan table

	fBody   = font{9, regular, cText}
	fBold   = font{9, bold, cText}
	fSmall  = font{8, regular, cMuted}
	fLabel  = font{8, bold, cMuted}
	fNote   = font{9, italic, cMuted}
	fHead   = font{8.5, bold, cAccent}
	fFlag   = font{9, bold, cFlag}
	fH1     = font{14, bold, cWhite}
	fH2     = font{11.5, bold, cAccent}
	fBand   = font{9.5, bold, cAccent}
	fStatus = font{9, bold, cText}
)

func hex(s string) *pdf.Color {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		return &pdf.Color{}
	}
	return &pdf.Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}
}

// doc composes the pages of one report and its structure: a Sect per
// section (the cover its own), H1 for a section's title bar, H2 for a
// sub-heading, P for running text, tables as Table, TR, TH and TD.
type doc struct {
	*pager
	r    *report.Report
	cat  *plan.Catalog
	root *pdf.Elem // Document
	sect *pdf.Elem // the current section
}

// content is the artifact argument of measurer.draw for a row that is content.
const content pdf.Artifact = -1

const (
	padH = 1.8 // horizontal cell padding
	padV = 1.4 // vertical cell padding
)

// txt is a paragraph of one run.
func txt(s string, f font) para { return para{runs: []run{{s, f}}} }

// kv is a labelled value: "Mål: ≥ 90 %".
func kv(label, value string) para {
	return para{runs: []run{{label + ": ", fLabel}, {value, fBody}}, before: 0.8}
}

// cellOf lays out paragraphs in a table cell of width w.
func (d *doc) cellOf(w float64, bg *pdf.Color, ps ...para) cell {
	c := cell{w: mm(w), bg: bg, rule: cRule, pad: padH, padV: padV}
	c.lines = d.m.wrap(c.w-2*padH, ps...)
	return c
}

// plain is a cell with one text.
func (d *doc) plain(w float64, s string, f font) cell { return d.cellOf(w, nil, txt(s, f)) }

// num is a centred number.
func (d *doc) num(w float64, n int, f font) cell {
	p := txt(strconv.Itoa(n), f)
	p.align = alignCenter
	return d.cellOf(w, nil, p)
}

// statusCell shows a status as a coloured marker, a tinted cell and the word.
func (d *doc) statusCell(w float64, s plan.Status, meaning bool) cell {
	if s == plan.StatusNone {
		return d.cellOf(w, nil, txt("–", fSmall))
	}
	ps := []para{txt(s.Label(), fStatus)}
	if meaning {
		ps = append(ps, txt(s.Meaning(), fSmall))
	}
	c := cell{w: mm(w), bg: hex(report.StatusTint(s)), strip: hex(report.StatusColor(s)), rule: cRule, pad: padH, padV: padV}
	c.lines = d.m.wrap(c.w-stripW-2*padH, ps...)
	return c
}

// newTable lays out a table header; the centred columns hold numbers.
func (d *doc) newTable(widths []float64, centred []int, heads ...string) *table {
	t := &table{widths: widths, elem: d.sect.Add(pdf.KindTable)}
	tr := t.elem.Add(pdf.KindTR)
	for i, h := range heads {
		p := txt(h, fHead)
		if slices.Contains(centred, i) {
			p.align = alignCenter
		}
		c := d.cellOf(widths[i], cTint, p)
		c.rule = cAccent
		c.tag = tr.Add(pdf.KindTH)
		t.head = append(t.head, c)
	}
	t.headH = rowHeight(t.head)
	return t
}

// section starts a main section with a title bar and an outline entry, on a new
// page when fresh or when less than a third of this page is left.
func (d *doc) section(title string, level int, outlineTitle string, fresh bool) {
	if fresh || d.cur().cover || d.remaining() < bodyCap/3 {
		d.newPage()
	} else {
		d.space(8)
	}
	if outlineTitle != "" {
		d.mark(outlineTitle, level)
	}
	d.sect = d.root.Add(pdf.KindSect)
	c := cell{w: contentW, bg: cAccent, pad: 3, padV: 2.2, tag: d.sect.Add(pdf.KindH1)}
	c.lines = d.m.wrap(contentW-6, txt(title, fH1))
	d.block(c)
	d.space(4)
}

// heading is a sub-heading kept with at least keep mm of what follows.
func (d *doc) heading(title string, keep float64) {
	c := cell{w: contentW, pad: 0, padV: 1.2, rule: cAccent, tag: d.sect.Add(pdf.KindH2)}
	c.lines = d.m.wrap(contentW, txt(title, fH2))
	d.need(c.height() + keep)
	d.space(3)
	d.block(c)
	d.space(2)
}

// note is a paragraph of running text across the page.
func (d *doc) note(s string, f font) {
	c := cell{w: contentW, padV: 1, tag: d.sect.Add(pdf.KindP)}
	c.lines = d.m.wrap(contentW, txt(s, f))
	d.block(c)
}

// block adds cells as a row that is not part of a table; the texts of cells
// without an element are one paragraph.
func (d *doc) block(cells ...cell) {
	var p *pdf.Elem
	for i := range cells {
		c := &cells[i]
		if c.tag == nil && c.paras == nil && len(c.lines) > 0 {
			if p == nil {
				p = d.sect.Add(pdf.KindP)
			}
			c.tag = p
		}
	}
	d.pager.block(cells...)
}

// row adds a row to the current table: a TR whose TDs are the cells, or the
// cells up to a column boundary (a bar is several cells; a cell as wide as
// several columns spans them). first, the cells when the row begins a page,
// has the same elements.
func (d *doc) row(cells, first []cell) {
	t := d.tbl
	if t == nil { // no table: a row of running text
		d.block(cells...)
		return
	}
	tr := t.elem.Add(pdf.KindTR)
	var td *pdf.Elem
	col, from, acc, bound := 0, 0, 0.0, 0.0
	if len(t.widths) > 0 {
		bound = t.widths[0]
	}
	for i := range cells {
		c := &cells[i]
		if td == nil && !c.covered {
			td, from = tr.Add(pdf.KindTD), col
		}
		if !c.covered {
			c.tag = td
		}
		acc += c.w
		ended := false
		for col < len(t.widths) && acc > bound-0.3 {
			col++
			ended = true
			if col < len(t.widths) {
				bound += t.widths[col]
			}
		}
		if ended && td != nil {
			td.Span(int(c.rowSpan), col-from)
			td = nil
		}
	}
	for i := range first {
		if i < len(cells) && !first[i].covered {
			first[i].tag = cells[i].tag
		}
	}
	d.pager.row(cells, first)
}

// draw draws the composed pages with running header and footer.
func (d *doc) draw(out *pdf.Document) {
	total := len(d.pager.pages)
	for i, pb := range d.pager.pages {
		pg := out.AddPage()
		if !pb.cover {
			cells, h := d.runningHeader()
			d.m.draw(pg, cells, marginL, marginT, h, pdf.Header)
		}
		y := marginT + headerH
		for _, r := range pb.rows {
			art := content
			switch {
			case r.again:
				art = pdf.Pagination
			case r.head != nil && r.head.drawn: // read once, where it is drawn first
				art = pdf.Pagination
			case r.head != nil:
				r.head.drawn = true
			}
			d.m.draw(pg, r.cells, marginL, y, r.h, art)
			y += r.h
		}
		d.m.draw(pg, d.footer(i+1, total), marginL, marginT+headerH+max(bodyCap, pb.used), footerH, pdf.Footer)
	}
}

// runningHeader is the row at the top of every page but the cover, and its height.
func (d *doc) runningHeader() ([]cell, float64) {
	left := cell{w: contentW * 0.6, rule: cAccent, padV: 1}
	left.lines = d.m.wrap(left.w, txt(d.r.Title, font{8.5, bold, cAccent}))
	right := cell{w: contentW - left.w, rule: cAccent, padV: 1}
	p := txt("Handlingsplaner – "+region, fSmall)
	p.align = alignRight
	right.lines = d.m.wrap(right.w, p)
	if len(left.lines) > 1 { // a very long title: keep the header one line high
		left.lines = left.lines[:1]
	}
	return []cell{left, right}, rowHeight([]cell{left, right})
}

// footer names the region and the forum, when the report was compiled, and the page.
func (d *doc) footer(n, total int) []cell {
	left := cell{w: contentW * 0.75, padV: 2}
	left.lines = d.m.wrap(left.w, txt(d.footerText(), fSmall))
	if len(left.lines) > 1 {
		left.lines = left.lines[:1]
	}
	right := cell{w: contentW - left.w, padV: 2}
	p := txt(fmt.Sprintf("Sida %d av %d", n, total), fSmall)
	p.align = alignRight
	right.lines = d.m.wrap(right.w, p)
	return []cell{left, right}
}

// footerText is e.g. "Sydöstra sjukvårdsregionen · Kunskapsråd Medicin · möte 3 december
// 2026 · sammanställd 1 december 2026", as the deck's footer.
func (d *doc) footerText() string {
	r := d.r
	parts := []string{region}
	switch r.Audience {
	case plan.AudienceKR, plan.AudiencePlan:
		if r.Forum != nil {
			parts = append(parts, r.Forum.Name)
		}
	case plan.AudienceRSL:
		parts = append(parts, report.ForumRSL)
	case plan.AudienceSVN:
		parts = append(parts, report.ForumSVN)
	}
	if r.Audience == plan.AudiencePlan {
		parts = append(parts, r.Title)
	} else {
		parts = append(parts, "möte "+report.Date(r.Meeting))
	}
	parts = append(parts, "sammanställd "+report.Date(r.Generated))
	return strings.Join(parts, " · ")
}

// region is the name every page names.
const region = "Sydöstra sjukvårdsregionen"
