package deck

import (
	"fmt"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// markKind says how a cell shows a status next to its word.
type markKind int

const (
	markNone    markKind = iota
	markInline           // marker left of the word: compact lists
	markStacked          // marker above the word, both centred: the plan table
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

// statusCell shows the status word with its marker; label replaces the word when given
// (e.g. "Gul → Röd").
func statusCell(s plan.Status, kind markKind, label string) cellSpec {
	if label == "" {
		label = s.Label()
	}
	p := pptx.Paragraph{Runs: []pptx.Run{plain(label, bodySize)}}
	if kind == markStacked {
		p.Align = pptx.AlignCenter
	}
	if s == plan.StatusNone {
		kind = markNone
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
	m := pptx.Insets{Left: cellPad, Top: cellPadV, Right: cellPad, Bottom: cellPadV}
	switch c.mark {
	case markInline:
		m.Left += markerD + gap
	case markStacked:
		m.Top += markerD + gap
	}
	return m
}

// build lays rows out as a table (header first) and sizes every row to its text.
func (ts *tableSpec) build(rows []rowSpec) (*pptx.Table, error) {
	t := &pptx.Table{X: content.X, Cols: ts.cols, Border: ruleLine, Name: ts.name}
	if len(ts.header) > 0 {
		t.HeaderRows = 1
		ts.headerRow(t)
	}
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
			m := spec.margins()
			cell.Margins = &m
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
		// A heading word wider than its column would break inside the word: set that
		// heading a point smaller (columns are sized so that this is rare).
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
		c.Text = []pptx.Paragraph{p}
		c.Fill = report.ColorAccent
		c.Anchor = pptx.AnchorMiddle
		c.Margins = &pptx.Insets{Left: cellPad, Top: cellPadV, Right: cellPad, Bottom: cellPadV}
	}
}

// slides places the table on as many slides as it needs, repeating the header and
// marking the continuation slides "(forts.)". It returns the slides and the bottom
// edge of the table on the last one.
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
	ts.fitWords()
	introH := int64(0)
	if len(ts.intro) > 0 {
		introH = textHeight(ts.intro, content.W) + introGap
	}
	var out []*pptx.Slide
	var bottom int64
	rows := ts.rows
	for start, part := 0, 0; start < len(rows); part++ {
		avail := maxH
		if part == 0 {
			avail -= introH
		}
		// A continuation slide repeats the heading of the group it continues.
		var lead []rowSpec
		if start > 0 && !rows[start].head {
			for h := start - 1; h >= 0; h-- {
				if rows[h].head {
					lead = []rowSpec{continued(rows[h])}
					break
				}
			}
		}
		slice := func(end int) []rowSpec { return append(append([]rowSpec(nil), lead...), rows[start:end]...) }
		end := start + 1
		t, err := ts.build(slice(end))
		if err != nil {
			return nil, 0, err
		}
		if t.Height() > avail {
			rows = append([]rowSpec(nil), rows...) // keep the caller's rows intact
			rows[start] = ts.shrink(rows[start], func(r rowSpec) bool {
				t, err := ts.build(append(append([]rowSpec(nil), lead...), r))
				return err != nil || t.Height() <= avail
			})
			if t, err = ts.build(slice(end)); err != nil {
				return nil, 0, err
			}
		}
		for end < len(rows) {
			next, err := ts.build(slice(end + 1))
			if err != nil {
				return nil, 0, err
			}
			if next.Height() > avail {
				break
			}
			t, end = next, end+1
		}
		// A group heading does not stay alone at the bottom of a slide.
		if end < len(rows) && end-start > 1 && rows[end-1].head {
			end--
			if t, err = ts.build(slice(end)); err != nil {
				return nil, 0, err
			}
		}
		title := ts.title
		if part > 0 {
			title += " (forts.)"
		}
		notes := ""
		if ts.notes != nil {
			notes = ts.notes(rows[start:end], part)
		}
		s := d.contentSlide(title, notes)
		y := content.Y
		if part == 0 && len(ts.intro) > 0 {
			text(s, pptx.Rect{X: content.X, Y: y, W: content.W, H: introH - introGap}, ts.intro...)
			y += introH
		}
		t.Y = y
		placed := s.AddTable(t.X, t.Y, t.Cols...)
		*placed = *t
		d.markers(s, placed, slice(end))
		out = append(out, s)
		bottom = t.Y + t.Height()
		start = end
	}
	return out, bottom, nil
}

// fitWords sets text a point or so smaller where a single word (a long Swedish
// compound such as "Sjukskrivningsprocessen") is wider than its column, so that it
// does not break in the middle; text never goes below smallSize.
func (ts *tableSpec) fitWords() {
	for ri := range ts.rows {
		rs := &ts.rows[ri]
		for c := range rs.cells {
			w := ts.cols[min(c, len(ts.cols)-1)]
			if rs.band {
				w = content.W
			}
			m := rs.cells[c].margins()
			w -= m.Left + m.Right
			// Paragraphs and runs are copied before writing: cells may share them.
			paras := make([]pptx.Paragraph, 0, len(rs.cells[c].paras))
			for _, p := range rs.cells[c].paras {
				for k, r := range p.Runs {
					if r.Size > smallSize && wordTooWide(r, w) {
						p.Runs = append([]pptx.Run(nil), p.Runs...)
						p.Runs[k].Size = smallSize
					}
				}
				paras = append(paras, p)
			}
			rs.cells[c].paras = paras
		}
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

// markers draws the status markers over the cells that show a status.
func (d *deck) markers(s *pptx.Slide, t *pptx.Table, rows []rowSpec) {
	for i, rs := range rows {
		if rs.band {
			continue
		}
		for c, spec := range rs.cells {
			if spec.mark == markNone || t.Cell(i+t.HeaderRows, c).Covered() {
				continue
			}
			r := t.CellRect(i+t.HeaderRows, c)
			switch spec.mark {
			case markInline:
				d.marker(s, pptx.CenterIn(pptx.Rect{X: r.X + cellPad, Y: r.Y, W: markerD, H: r.H}, markerD, markerD), spec.status)
			case markStacked:
				m := spec.margins()
				textH := pptx.MeasureParagraphs(spec.paras, r.W-m.Left-m.Right)
				top := r.Y + cellPadV + (r.H-m.Top-m.Bottom-textH)/2
				d.marker(s, pptx.CenterIn(pptx.Rect{X: r.X, Y: top, W: r.W, H: markerD}, markerD, markerD), spec.status)
			}
		}
	}
}

// shrink makes a row that is taller than a whole slide fit: first the text goes down
// to the small size, then the longest paragraphs are shortened with an ellipsis.
// Only an activity with pages of text gets here; the PDF and the workbook have it all.
func (ts *tableSpec) shrink(rs rowSpec, fits func(rowSpec) bool) rowSpec {
	out := rowSpec{band: rs.band, head: rs.head, group: rs.group, act: rs.act}
	for _, c := range rs.cells {
		nc := c
		nc.paras = nil
		for _, p := range c.paras {
			np := p
			np.Runs = append([]pptx.Run(nil), p.Runs...)
			for k := range np.Runs {
				np.Runs[k].Size = smallSize
			}
			nc.paras = append(nc.paras, np)
		}
		out.cells = append(out.cells, nc)
	}
	for guard := 0; guard < 200; guard++ {
		if fits(out) {
			return out
		}
		// Shorten the longest run of the row by a fifth.
		bi, bj, bk, best := -1, -1, -1, 0
		for i, c := range out.cells {
			for j, p := range c.paras {
				for k, r := range p.Runs {
					if n := len([]rune(r.Text)); n > best {
						bi, bj, bk, best = i, j, k, n
					}
				}
			}
		}
		if bi < 0 || best < 8 {
			return out
		}
		r := []rune(out.cells[bi].paras[bj].Runs[bk].Text)
		cut := strings.TrimSpace(string(r[:best*4/5]))
		out.cells[bi].paras[bj].Runs[bk].Text = strings.TrimSuffix(cut, "…") + "…"
	}
	return out
}
