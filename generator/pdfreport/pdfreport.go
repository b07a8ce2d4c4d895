// Package pdfreport renders a report.Report as a printable PDF: a cover page, the
// overview, the plans in the template's headings, changes, ledningsstöd and
// proposals, each audience with what its report model holds.
//
// Pages are A4 landscape: the plan table has the template's six columns, which in
// portrait would leave some 20 characters per line; landscape also matches the
// deck the PDF mirrors. Text is set in the embedded Go fonts (templates), so every
// character prints and copies right. The output is reproducible: the same report
// gives the same bytes.
package pdfreport

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"

	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// Document properties.
const (
	Author   = "Handlingsplaner – Sydöstra sjukvårdsregionen"
	Creator  = "Handlingsplaner, PDF-rapport"
	Language = "sv-SE"
)

// sortOnce makes gofpdf write its font and image dictionaries in a fixed order.
// Maroto creates the gofpdf document itself, so only gofpdf's package default
// reaches it; no other code in this program uses gofpdf.
var sortOnce sync.Once

// layout composes the pages of r and their outline, and tells which font styles
// they use.
func layout(r *report.Report, cat *plan.Catalog) ([]core.Page, []mark, map[fontstyle.Type]bool, error) {
	m, err := newMeasurer()
	if err != nil {
		return nil, nil, nil, err
	}
	d := &doc{pager: &pager{m: m}, r: r, cat: cat}
	d.compose()
	return d.pages(), d.marks, m.used, nil
}

// Write renders r as a PDF to w. cat gives the patient promises' titles.
func Write(w io.Writer, r *report.Report, cat *plan.Catalog) error {
	if r == nil || cat == nil {
		return fmt.Errorf("pdfreport: report and catalog are required")
	}
	raw, marks, created, err := generate(r, cat)
	if err != nil {
		return err
	}
	pdf, err := finish(raw, marks, Language, created)
	if err != nil {
		return err
	}
	if _, err := w.Write(pdf); err != nil {
		return fmt.Errorf("pdfreport: write: %w", err)
	}
	return nil
}

// generate lays r out and has maroto draw it: the file as gofpdf writes it,
// with plain page contents, for finish.
func generate(r *report.Report, cat *plan.Catalog) ([]byte, []mark, time.Time, error) {
	sortOnce.Do(func() { gofpdf.SetDefaultCatalogSort(true) })
	pages, marks, used, err := layout(r, cat)
	if err != nil {
		return nil, nil, time.Time{}, err
	}

	created := r.Generated
	if created.IsZero() {
		created = r.Meeting
	}
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	subject := r.Subtitle
	if subject == "" {
		subject = r.Audience.Label()
	}
	fonts, release := customFonts(used)
	defer release()
	cfg := config.NewBuilder().
		WithDimensions(pageW, pageH).
		WithLeftMargin(marginL).WithRightMargin(marginR).WithTopMargin(marginT).WithBottomMargin(marginB).
		WithMaxGridSize(int(contentW*gridPerMM)).
		WithCustomFonts(fonts).
		WithDefaultFont(&props.Font{Family: templates.FontFamily, Style: fontstyle.Normal, Size: 9, Color: cText}).
		WithCompression(false). // compressContents does it, cheaper
		WithTitle(r.Title, true).
		WithAuthor(Author, true).
		WithSubject(subject, true).
		WithCreator(Creator, true).
		WithKeywords(r.Audience.Label(), true).
		WithCreationDate(created).
		Build()
	mt := maroto.New(cfg)
	mt.AddPages(pages...)
	out, err := mt.Generate()
	if err != nil {
		return nil, nil, time.Time{}, fmt.Errorf("pdfreport: generate: %w", err)
	}
	return out.GetBytes(), marks, created, nil
}

type fontFile struct {
	family string
	style  fontstyle.Type
	bytes  []byte
}

func fontFiles() []fontFile {
	return []fontFile{
		{templates.FontFamily, fontstyle.Normal, templates.FontRegular},
		{templates.FontFamily, fontstyle.Bold, templates.FontBold},
		{templates.FontFamily, fontstyle.Italic, templates.FontItalic},
		{templates.FontFamily, fontstyle.BoldItalic, templates.FontBoldItalic},
	}
}

// customFonts gives maroto its own copy of the fonts the document uses (the
// regular one always: maroto sets it first): gofpdf parses, measures and embeds
// every font it is given, and it pads tables in place while subsetting, which
// would race between concurrent writes. release hands the copies back for the
// next document once gofpdf is done with them – only those gofpdf left as they
// were, so every document starts from the same bytes.
func customFonts(used map[fontstyle.Type]bool) (fonts []*entity.CustomFont, release func()) {
	type taken struct {
		i int
		b *[]byte
	}
	var copies []taken
	files := fontFiles()
	for i, f := range files {
		if f.style != fontstyle.Normal && !used[f.style] {
			continue
		}
		b, _ := fontCopies[i].Get().(*[]byte)
		if b == nil {
			c := bytes.Clone(f.bytes)
			b = &c
		}
		copies = append(copies, taken{i, b})
		fonts = append(fonts, &entity.CustomFont{Family: f.family, Style: f.style, Bytes: *b})
	}
	return fonts, func() {
		for _, c := range copies {
			if bytes.Equal(*c.b, files[c.i].bytes) {
				fontCopies[c.i].Put(c.b)
			}
		}
	}
}

// fontCopies hold spare copies of the font files, by their index in fontFiles.
var fontCopies [4]sync.Pool

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

	fBody   = font{9, fontstyle.Normal, cText}
	fBold   = font{9, fontstyle.Bold, cText}
	fSmall  = font{8, fontstyle.Normal, cMuted}
	fLabel  = font{8, fontstyle.Bold, cMuted}
	fNote   = font{9, fontstyle.Italic, cMuted}
	fHead   = font{8.5, fontstyle.Bold, cAccent}
	fFlag   = font{9, fontstyle.Bold, cFlag}
	fH1     = font{14, fontstyle.Bold, cWhite}
	fH2     = font{11.5, fontstyle.Bold, cAccent}
	fBand   = font{9.5, fontstyle.Bold, cAccent}
	fStatus = font{9, fontstyle.Bold, cText}
)

func hex(s string) *props.Color {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		return &props.Color{}
	}
	return &props.Color{Red: int(v >> 16 & 0xFF), Green: int(v >> 8 & 0xFF), Blue: int(v & 0xFF)}
}

// doc composes the pages of one report.
type doc struct {
	*pager
	r   *report.Report
	cat *plan.Catalog
}

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
func (d *doc) cellOf(w float64, bg *props.Color, ps ...para) cell {
	c := cell{w: mm(w), bg: bg, rule: cRule, pad: padH, padV: padV}
	c.lines = d.m.wrap(c.w-2*padH, ps...)
	return c
}

// plain is a cell with one text.
func (d *doc) plain(w float64, s string, f font) cell { return d.cellOf(w, nil, txt(s, f)) }

// num is a centred number.
func (d *doc) num(w float64, n int, f font) cell {
	p := txt(strconv.Itoa(n), f)
	p.align = align.Center
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
	t := &table{widths: widths}
	for i, h := range heads {
		p := txt(h, fHead)
		if slices.Contains(centred, i) {
			p.align = align.Center
		}
		c := d.cellOf(widths[i], cTint, p)
		c.rule = cAccent
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
	c := cell{w: contentW, bg: cAccent, pad: 3, padV: 2.2}
	c.lines = d.m.wrap(contentW-6, txt(title, fH1))
	d.block(c)
	d.space(4)
}

// heading is a sub-heading kept with at least keep mm of what follows.
func (d *doc) heading(title string, keep float64) {
	c := cell{w: contentW, pad: 0, padV: 1.2, rule: cAccent}
	c.lines = d.m.wrap(contentW, txt(title, fH2))
	d.need(c.height() + keep)
	d.space(3)
	d.block(c)
	d.space(2)
}

// note is a paragraph of running text across the page.
func (d *doc) note(s string, f font) {
	c := cell{w: contentW, padV: 1}
	c.lines = d.m.wrap(contentW, txt(s, f))
	d.block(c)
}

// pages turns the composed bodies into maroto pages with header and footer.
func (d *doc) pages() []core.Page {
	total := len(d.pager.pages)
	out := make([]core.Page, 0, total)
	for i, pb := range d.pager.pages {
		pg := page.New()
		if pb.cover {
			pg.Add(row.New(headerH))
		} else {
			pg.Add(d.runningHeader()...)
		}
		pg.Add(pb.rows...)
		if gap := bodyCap - pb.used; gap > 0.01 {
			pg.Add(row.New(gap))
		}
		pg.Add(d.footer(i+1, total))
		out = append(out, pg)
	}
	return out
}

func (d *doc) runningHeader() []core.Row {
	left := cell{w: contentW * 0.6, rule: cAccent, padV: 1}
	left.lines = d.m.wrap(left.w, txt(d.r.Title, font{8.5, fontstyle.Bold, cAccent}))
	right := cell{w: contentW - left.w, rule: cAccent, padV: 1}
	p := txt("Handlingsplaner – "+region, fSmall)
	p.align = align.Right
	right.lines = d.m.wrap(right.w, p)
	if len(left.lines) > 1 { // a very long title: keep the header one line high
		left.lines = left.lines[:1]
	}
	h := rowHeight([]cell{left, right})
	return []core.Row{d.render([]cell{left, right}, h), row.New(headerH - h)}
}

// footer names the region and the forum, when the report was compiled, and the page.
func (d *doc) footer(n, total int) core.Row {
	left := cell{w: contentW * 0.75, padV: 2}
	left.lines = d.m.wrap(left.w, txt(d.footerText(), fSmall))
	if len(left.lines) > 1 {
		left.lines = left.lines[:1]
	}
	right := cell{w: contentW - left.w, padV: 2}
	p := txt(fmt.Sprintf("Sida %d av %d", n, total), fSmall)
	p.align = align.Right
	right.lines = d.m.wrap(right.w, p)
	return d.render([]cell{left, right}, footerH)
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
