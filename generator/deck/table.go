package deck

import (
	"fmt"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// markKind says how a cell shows a status: a coloured ● and the word, inside the
// cell's text, so that the marker travels with its row when the table is edited.
type markKind int

const (
	markNone    markKind = iota
	markInline           // "● Grön", left aligned: compact lists
	markStacked          // "● Grön", centred: the plan table
)

// cellSpec is the content of one table cell before layout.
type cellSpec struct {
	paras  []pptx.Paragraph
	fill   string
	anchor pptx.Anchor
	status plan.Status
	mark   markKind
}

// rowSpec is one table row before layout. A band is one cell across the table
// (a group heading such as the programme area); consecutive rows with the same
// group share the table's first mergeCols columns, merged vertically.
type rowSpec struct {
	cells []cellSpec
	band  bool // one cell across the table
	head  bool // a band that heads the rows under it: never last on a slide
	group string
	act   *plan.Activity // the activity the row shows, for speaker notes
	cont  bool           // the continuation of a row split over two slides
}

// tableSpec is a table that may run over several slides.
type tableSpec struct {
	title     string
	name      string // the table's shape name
	intro     []pptx.Paragraph
	cols      []int64
	header    []string
	mergeCols int
	rows      []rowSpec
	empty     string                                // shown instead of the table when rows is empty
	notes     func(rows []rowSpec, part int) string // speaker notes of one slide; nil: none
	maxH      int64                                 // 0: the whole content area
	centre    map[int]bool                          // columns whose heading is centred (numbers)
	middle    bool                                  // centre every cell vertically (summary tables)

	// While slides lays the table out: the measured cell texts, and the header's
	// paragraphs (one per column), so that trying ever more rows measures each once.
	measure *pptx.TextCache
	head    [][]pptx.Paragraph
}

// widths scales relative weights to the content width; the last column takes the
// rounding so that the table is exactly as wide as the content area.
func widths(weights ...float64) []int64 {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	var used int64
	for i, w := range weights {
		out[i] = int64(float64(content.W) * w / sum)
		used += out[i]
	}
	out[len(out)-1] += content.W - used
	return out
}

// blank is an empty cell.
func blank() cellSpec { return cellSpec{paras: []pptx.Paragraph{para(plain("", bodySize))}} }

// txt is a cell of plain text at the body size, one paragraph per line.
func txt(s string) cellSpec { return cellSpec{paras: lines(dash(s), plain("", bodySize))} }

// boldTxt is a cell of bold text.
func boldTxt(s string) cellSpec { return cellSpec{paras: lines(dash(s), bold("", bodySize))} }

// num is a centred number.
func num(n int) cellSpec {
	return cellSpec{paras: []pptx.Paragraph{{Runs: []pptx.Run{plain(fmt.Sprint(n), bodySize)}, Align: pptx.AlignCenter}}, anchor: pptx.AnchorMiddle}
}

// flagTxt is red text for what needs the meeting's attention.
func flagTxt(s string) cellSpec {
	return cellSpec{paras: []pptx.Paragraph{para(colored(bold(s, bodySize), report.ColorFlag))}}
}

// statusCell shows the status as a coloured ● and the word, in the cell's text;
// label replaces the word when given (e.g. "Gul → Röd").
func statusCell(s plan.Status, kind markKind, label string) cellSpec {
	if label == "" {
		label = s.Label()
	}
	p := pptx.Paragraph{}
	if s != plan.StatusNone && kind != markNone {
		p.Runs = append(p.Runs, colored(plain("●\u00a0", markSize), report.StatusColor(s)))
	}
	p.Runs = append(p.Runs, plain(label, bodySize))
	if kind == markStacked {
		p.Align = pptx.AlignCenter
	}
	return cellSpec{paras: []pptx.Paragraph{p}, status: s, mark: kind, anchor: pptx.AnchorMiddle}
}

// heading is a group heading across the whole table.
func heading(s string) rowSpec {
	return rowSpec{band: true, head: true, cells: []cellSpec{{
		paras: []pptx.Paragraph{para(colored(bold(s, bodySize), report.ColorAccent))},
		fill:  report.ColorAccentTint, anchor: pptx.AnchorMiddle,
	}}}
}

// note is a row of muted text across the whole table.
func note(s string) rowSpec {
	return rowSpec{band: true, cells: []cellSpec{{
		paras: []pptx.Paragraph{para(pptx.Run{Text: s, Size: bodySize, Italic: true, Color: report.ColorMuted})},
	}}}
}

func (c cellSpec) margins() pptx.Insets {
	return pptx.Insets{Left: cellPad, Top: cellPadV, Right: cellPad, Bottom: cellPadV}
}

// build lays rows out as a table (header first) and sizes every row to its text.
func (ts *tableSpec) build(rows []rowSpec) (*pptx.Table, error) {
	t := &pptx.Table{X: content.X, Cols: ts.cols, Border: ruleLine, Name: ts.name, Measure: ts.measure}
	if len(ts.header) > 0 {
		t.HeaderRows = 1
		ts.headerRow(t)
	}
	// Every cell has the same margins (read only): one copy for the table.
	margins := cellSpec{}.margins()
	for _, rs := range rows {
		row := t.AddRow(minRowH)
		for i, cell := range row.Cells {
			if i >= len(rs.cells) {
				cell.Text = []pptx.Paragraph{para(plain("", bodySize))}
				continue
			}
			spec := rs.cells[i]
			cell.Text = spec.paras
			cell.Fill = spec.fill
			cell.Anchor = spec.anchor
			if ts.middle && !rs.band {
				cell.Anchor = pptx.AnchorMiddle
			}
			cell.Margins = &margins
		}
		if rs.band {
			if err := t.Merge(len(t.Rows)-1, 0, 1, len(ts.cols)); err != nil {
				return nil, err
			}
		}
	}
	// Merge the leading columns of consecutive rows of one group.
	off := t.HeaderRows
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && !rows[i].band && rows[i].group != "" && rows[j].group == rows[i].group && !rows[j].band {
			j++
		}
		if j-i > 1 && ts.mergeCols > 0 {
			for c := 0; c < ts.mergeCols; c++ {
				if err := t.Merge(i+off, c, j-i, 1); err != nil {
					return nil, err
				}
				for k := i + off + 1; k < j+off; k++ {
					t.Rows[k].Cells[c].Text = []pptx.Paragraph{para(plain("", bodySize))}
				}
			}
		}
		i = j
	}
	t.FitRows()
	return t, nil
}

// headerRow adds the header: white bold text on the accent colour.
func (ts *tableSpec) headerRow(t *pptx.Table) {
	h := t.AddRow(minRowH)
	for i, c := range h.Cells {
		if ts.head != nil {
			c.Text = ts.head[i]
		} else {
			c.Text = ts.headerText(i)
		}
		c.Fill = report.ColorAccent
		c.Anchor = pptx.AnchorMiddle
		c.Margins = &pptx.Insets{Left: cellPad, Top: cellPadV, Right: cellPad, Bottom: cellPadV}
	}
}

// headerText is the header of column i. A heading word wider than its column
// would break inside the word: that heading is set a point smaller (columns are
// sized so that this is rare).
func (ts *tableSpec) headerText(i int) []pptx.Paragraph {
	size := headSize
	for _, w := range strings.Fields(ts.header[i]) {
		if n, _ := pptx.MeasureText(w, headSize, true, ts.cols[i]-2*cellPad); n > 1 {
			size = smallSize
		}
	}
	p := para(colored(bold(ts.header[i], size), "FFFFFF"))
	if ts.centre[i] {
		p.Align = pptx.AlignCenter
	}
	return []pptx.Paragraph{p}
}

// slides places the table on as many slides as it needs, repeating the header and
// marking the continuation slides "(forts.)". A row too tall for the rest of a slide
// continues on the next one (its cells split between words, "(forts.)" in front of
// the rest), so nothing the plan owner wrote is cut; the rows are then spread evenly
// over the slides, so that no slide ends up with a lonely row. It returns the slides
// and the bottom edge of the table on the last one.
func (d *deck) slides(ts *tableSpec) ([]*pptx.Slide, int64, error) {
	maxH := ts.maxH
	if maxH <= 0 {
		maxH = content.H
	}
	if len(ts.rows) == 0 {
		s := d.contentSlide(ts.title, ts.empty)
		paras := append(append([]pptx.Paragraph(nil), ts.intro...), pptx.Paragraph{Runs: []pptx.Run{{Text: ts.empty, Size: bigSize, Italic: true, Color: report.ColorMuted}}})
		h := textHeight(paras, content.W)
		text(s, pptx.Rect{X: content.X, Y: content.Y, W: content.W, H: h}, paras...)
		return []*pptx.Slide{s}, content.Y + h, nil
	}
	ts.fitColumns()
	// The cells do not change from here on: measure each once.
	ts.measure = &pptx.TextCache{}
	ts.head = make([][]pptx.Paragraph, len(ts.header))
	for i := range ts.header {
		ts.head[i] = ts.headerText(i)
	}
	defer func() { ts.measure, ts.head = nil, nil }()
	introH := int64(0)
	if len(ts.intro) > 0 {
		introH = textHeight(ts.intro, content.W) + introGap
	}
	pages, err := ts.paginate(maxH, introH, 0)
	if err != nil {
		return nil, 0, err
	}
	if n := len(pages); n > 1 {
		if even, err := ts.paginate(maxH, introH, n); err != nil {
			return nil, 0, err
		} else if len(even) <= n {
			pages = even
		}
	}
	var out []*pptx.Slide
	var bottom int64
	for part, pg := range pages {
		title := ts.title
		if part > 0 {
			title += " (forts.)"
		}
		notes := ""
		if ts.notes != nil {
			notes = ts.notes(pg.rows, part)
		}
		s := d.contentSlide(title, notes)
		y := content.Y
		if part == 0 && len(ts.intro) > 0 {
			text(s, pptx.Rect{X: content.X, Y: y, W: content.W, H: introH - introGap}, ts.intro...)
			y += introH
		}
		t, err := ts.build(append(append([]rowSpec(nil), pg.lead...), pg.rows...))
		if err != nil {
			return nil, 0, err
		}
		t.Y = y
		t.Measure = nil
		placed := s.AddTable(t.X, t.Y, t.Cols...)
		*placed = *t
		out = append(out, s)
		bottom = t.Y + t.Height()
	}
	return out, bottom, nil
}

// page is the rows of one slide: lead repeats the heading of the group it continues.
type page struct {
	lead, rows []rowSpec
}

// minSplit is the least room left on a slide for which a tall row starts there and
// continues on the next slide, rather than starting on the next slide.
var minSplit = pptx.Cm(3)

// paginate lays the rows out over slides. With target > 0 each slide takes at most
// its share of the rows left for the target number of slides, so that the rows are
// spread evenly (22 rows on 3 slides: 8 + 7 + 7); with 0, as many as fit. A row that
// does not fit on a slide of its own is split, the first part filling the slide it
// starts on.
func (ts *tableSpec) paginate(maxH, introH int64, target int) ([]page, error) {
	rows := append([]rowSpec(nil), ts.rows...)
	var pages []page
	for start := 0; start < len(rows); {
		avail := maxH
		if len(pages) == 0 {
			avail -= introH
		}
		var lead []rowSpec
		if start > 0 && !rows[start].head {
			for h := start - 1; h >= 0; h-- {
				if rows[h].head {
					lead = []rowSpec{continued(rows[h])}
					break
				}
			}
		}
		height := func(extra ...rowSpec) (int64, error) {
			t, err := ts.build(append(append([]rowSpec(nil), lead...), extra...))
			if err != nil {
				return 0, err
			}
			return t.Height(), nil
		}
		limit := 0
		if target > 0 {
			left := max(1, target-len(pages))
			limit = (len(rows) - start + left - 1) / left
		}
		end := start
		used := int64(-1) // the height of rows[start:end] once measured
		for end < len(rows) && (limit == 0 || end-start < limit) {
			h, err := height(rows[start : end+1]...)
			if err != nil {
				return nil, err
			}
			if h <= avail {
				end++
				used = h
				continue
			}
			// The row does not fit in the rest of this slide. Split it when it would
			// not fit on a slide of its own either, or when nothing else is here.
			alone, err := height(rows[end])
			if err != nil {
				return nil, err
			}
			if used < 0 {
				if used, err = height(); err != nil {
					return nil, err
				}
			}
			if alone > maxH || end == start {
				if room := avail - used; room >= minSplit || end == start {
					fits := func(r rowSpec) bool {
						h, err := height(append(append([]rowSpec(nil), rows[start:end]...), r)...)
						return err == nil && h <= avail
					}
					if head, tail, ok := ts.split(rows[end], room, fits); ok {
						rows = append(rows[:end], append([]rowSpec{head, tail}, rows[end+1:]...)...)
						end++
					}
				}
			}
			break
		}
		if end == start { // cannot happen with text that wraps; never loop
			end = start + 1
		}
		// A group heading does not stay alone at the bottom of a slide.
		if end < len(rows) && end-start > 1 && rows[end-1].head {
			end--
		}
		pages = append(pages, page{lead: lead, rows: append([]rowSpec(nil), rows[start:end]...)})
		start = end
	}
	return pages, nil
}

// split cuts a row into a first part that fits (fits says so) within about room of
// height, and the rest. Every text cell is cut between words; the rest of a cell
// starts with "(forts.)". Status cells and the merged group cells are repeated.
// When only one cell goes on, its rest becomes a band across the table, headed
// with the column's name: a long comment then takes a few lines, not slides.
func (ts *tableSpec) split(rs rowSpec, room int64, fits func(rowSpec) bool) (head, tail rowSpec, ok bool) {
	if rs.band && (rs.head || len(rs.cells) != 1) {
		return rs, rs, false
	}
	textH := room - cellPadV*2
	for try := 0; try < 12 && textH > 0; try++ {
		head = rowSpec{band: rs.band, group: rs.group, act: rs.act, cont: rs.cont}
		tail = rowSpec{band: rs.band, group: rs.group, act: rs.act, cont: true}
		var rest []int
		var rests [][]pptx.Paragraph
		for c, cell := range rs.cells {
			if !rs.band && (c < ts.mergeCols || cell.status != plan.StatusNone) {
				head.cells = append(head.cells, cell)
				tail.cells = append(tail.cells, cell)
				continue
			}
			m := cell.margins()
			w := content.W
			if !rs.band {
				w = ts.cols[min(c, len(ts.cols)-1)]
			}
			hp, tp := cutParagraphs(cell.paras, w-m.Left-m.Right, textH)
			hc, tc := cell, cell
			hc.paras, tc.paras = hp, tp
			if len(tp) == 0 {
				tc.paras = []pptx.Paragraph{para(plain("", bodySize))}
			} else {
				rest, rests = append(rest, c), append(rests, tp)
				tc.paras = markContinued(tp, "")
			}
			if len(hp) == 0 {
				hc.paras = []pptx.Paragraph{para(plain("", bodySize))}
			}
			head.cells = append(head.cells, hc)
			tail.cells = append(tail.cells, tc)
		}
		if len(rest) == 0 {
			return rs, rs, false
		}
		if !fits(head) {
			textH = textH * 9 / 10
			continue
		}
		if len(rest) == 1 && !rs.band && len(ts.header) > rest[0] {
			c := rest[0]
			band := cellSpec{paras: markContinued(rests[0], ts.header[c])}
			tail = rowSpec{band: true, group: rs.group, act: rs.act, cont: true, cells: []cellSpec{band}}
		}
		return head, tail, true
	}
	return rs, rs, false
}

// cutParagraphs keeps as many whole words of paras as fit in height h at width w.
// The paragraphs kept are measured once: each try adds one to their height.
func cutParagraphs(paras []pptx.Paragraph, w, h int64) (head, tail []pptx.Paragraph) {
	var kept pptx.TextHeight
	for i, p := range paras {
		if next := kept.Add(p, w); next.EMU() <= h {
			head, kept = append(head, p), next
			continue
		}
		n := wordCount(p)
		lo, hi := 0, n // the most words of p that fit: in [lo, hi)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			a, _ := cutParagraph(p, mid)
			if kept.Add(a, w).EMU() <= h {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo > 0 {
			a, b := cutParagraph(p, lo)
			head = append(head, a)
			tail = append([]pptx.Paragraph{b}, paras[i+1:]...)
		} else {
			tail = append([]pptx.Paragraph(nil), paras[i:]...)
		}
		return head, tail
	}
	return head, nil
}

func wordCount(p pptx.Paragraph) int {
	n := 0
	for _, r := range p.Runs {
		n += len(strings.Fields(r.Text))
	}
	return n
}

// cutParagraph splits p after its first n words (spaces between the parts dropped).
func cutParagraph(p pptx.Paragraph, n int) (a, b pptx.Paragraph) {
	a, b = p, p
	a.Runs, b.Runs = nil, nil
	b.SpaceBefore = 0
	seen := 0
	for _, r := range p.Runs {
		words := strings.Fields(r.Text)
		switch {
		case seen >= n:
			b.Runs = append(b.Runs, r)
		case seen+len(words) <= n:
			a.Runs = append(a.Runs, r)
		default:
			k := n - seen
			// Cut the run's text after its k-th word, keeping the text as written.
			idx, count, in := 0, 0, false
			for i, c := range r.Text {
				if c == ' ' || c == '\n' || c == '\t' {
					if in {
						count++
						in = false
						if count == k {
							idx = i
							break
						}
					}
					continue
				}
				in = true
			}
			ra, rb := r, r
			ra.Text = strings.TrimRight(r.Text[:idx], " \t\n")
			rb.Text = strings.TrimLeft(r.Text[idx:], " \t\n")
			a.Runs = append(a.Runs, ra)
			b.Runs = append(b.Runs, rb)
		}
		seen += len(words)
	}
	return a, b
}

// markContinued puts "(forts.)" in front of the rest of a split cell, with the
// column's name when the rest goes on as a band ("Kommentar (forts.):").
func markContinued(paras []pptx.Paragraph, column string) []pptx.Paragraph {
	out := append([]pptx.Paragraph(nil), paras...)
	size := smallSize
	if len(out[0].Runs) > 0 && out[0].Runs[0].Size > 0 {
		size = out[0].Runs[0].Size
	}
	mark := pptx.Run{Text: "(forts.) ", Size: size, Italic: true, Color: report.ColorMuted}
	if column != "" {
		mark = colored(bold(column+" (forts.): ", size), report.ColorMuted)
	}
	out[0].Runs = append([]pptx.Run{mark}, out[0].Runs...)
	return out
}

// fitColumns sets a column's text a point smaller when a single word in it (a long
// Swedish compound such as "Sjukskrivningsprocessen") is wider than the column, so
// that no word breaks in the middle: one size per column, never below smallSize.
func (ts *tableSpec) fitColumns() {
	tooWide := map[int]bool{}
	for _, rs := range ts.rows {
		for c, cell := range rs.cells {
			w := ts.cols[min(c, len(ts.cols)-1)]
			if rs.band {
				w = content.W
			}
			m := cell.margins()
			for _, p := range cell.paras {
				for _, r := range p.Runs {
					if r.Size > smallSize && wordTooWide(r, w-m.Left-m.Right) {
						tooWide[c] = true
					}
				}
			}
		}
	}
	if len(tooWide) == 0 {
		return
	}
	for ri := range ts.rows {
		rs := &ts.rows[ri]
		cells := append([]cellSpec(nil), rs.cells...)
		for c := range cells {
			if !tooWide[c] || (rs.band && c == 0 && !tooWide[0]) {
				continue
			}
			// Paragraphs and runs are copied before writing: cells may share them.
			paras := make([]pptx.Paragraph, 0, len(cells[c].paras))
			for _, p := range cells[c].paras {
				p.Runs = append([]pptx.Run(nil), p.Runs...)
				for k := range p.Runs {
					if p.Runs[k].Size > smallSize {
						p.Runs[k].Size = smallSize
					}
				}
				paras = append(paras, p)
			}
			cells[c].paras = paras
		}
		rs.cells = cells
	}
}

func wordTooWide(r pptx.Run, w int64) bool {
	for _, word := range strings.Fields(r.Text) {
		if n, _ := pptx.MeasureText(word, r.Size, r.Bold, w); n > 1 {
			return true
		}
	}
	return false
}

// continued is a copy of a group heading marked "(forts.)".
func continued(h rowSpec) rowSpec {
	c := h
	c.cells = []cellSpec{h.cells[0]}
	c.cells[0].paras = []pptx.Paragraph{h.cells[0].paras[0]}
	p := &c.cells[0].paras[0]
	p.Runs = append([]pptx.Run(nil), p.Runs...)
	p.Runs[len(p.Runs)-1].Text += " (forts.)"
	return c
}
