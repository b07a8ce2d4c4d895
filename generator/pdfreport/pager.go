package pdfreport

import (
	"math"

	"handlingsplan/pdf"
)

// Page geometry, mm: A4 landscape (see the package comment for why).
const (
	pageW    = 297.0
	pageH    = 210.0
	marginL  = 15.0
	marginR  = 15.0
	marginT  = 11.0
	marginB  = 9.0
	contentW = pageW - marginL - marginR
	areaH    = pageH - marginT - marginB // usable height per page
	headerH  = 12.0                      // running header incl. the gap below it
	footerH  = 8.0
	safety   = 1.0 // left unused at the bottom of the body: the page breaks documents have always had
	bodyCap  = areaH - headerH - footerH - safety
)

// pageBody is the body of one page: rows between the running header and footer.
type pageBody struct {
	rows  []drawRow
	used  float64
	cover bool
}

// drawRow is a row of cells h high; without cells it is vertical space.
type drawRow struct {
	cells []cell
	h     float64
	// head is the table whose header the row is: tagged where it is drawn
	// first, an artifact where it is repeated.
	head *table
	// again marks a row that repeats what was read before (contHead): an artifact.
	again bool
}

// mark is an outline entry: a title at a position in the body of a page.
type mark struct {
	title string
	level int
	page  int     // 0-based
	y     float64 // mm from the top of the body
}

// pager fills pages with rows and repeats the current table's header after a
// page break.
type pager struct {
	m     *measurer
	pages []*pageBody
	marks []mark
	tbl   *table
	// contHead, when set, goes above the repeated header on every page the table
	// continues on (e.g. "RPO Infektionssjukdomar (forts.)").
	contHead []cell
	// bare is where the current table's header began on a page it did not
	// begin: a first row that goes to the next page takes the header along
	// instead of leaving it alone at the bottom.
	bare *bareHead
}

type bareHead struct {
	page, from, to int // rows [from, to) of page are the header
	used           float64
}

// dropBareHeader removes the current table's header from the end of the page
// when no row follows it there.
func (p *pager) dropBareHeader() {
	b := p.bare
	p.bare = nil
	if b == nil || b.page != len(p.pages)-1 || len(p.cur().rows) != b.to {
		return
	}
	pg := p.cur()
	pg.rows = pg.rows[:b.from]
	pg.used = b.used
}

func (p *pager) cur() *pageBody {
	if len(p.pages) == 0 {
		p.pages = append(p.pages, &pageBody{})
	}
	return p.pages[len(p.pages)-1]
}

func (p *pager) remaining() float64 { return bodyCap - p.cur().used }

// newPage starts a new page unless the current one is still empty.
func (p *pager) newPage() {
	if len(p.cur().rows) == 0 {
		return
	}
	p.pages = append(p.pages, &pageBody{})
}

// put adds a row that is known to fit on a page, breaking the page first when it
// does not fit on this one (and repeating the table header).
func (p *pager) put(r drawRow, h float64) {
	if h > p.remaining()+1e-9 && len(p.cur().rows) > 0 {
		p.pages = append(p.pages, &pageBody{})
		if p.tbl != nil {
			p.putHeader(p.tbl)
		}
	}
	pg := p.cur()
	pg.rows = append(pg.rows, r)
	pg.used += h
}

// space adds vertical space, but never at the top of a page.
func (p *pager) space(h float64) {
	pg := p.cur()
	if len(pg.rows) == 0 {
		return
	}
	h = min(quantize(h), p.remaining())
	if h > 0.01 {
		pg.rows = append(pg.rows, drawRow{h: h})
		pg.used += h
	}
}

// need breaks the page unless at least h is left on it.
func (p *pager) need(h float64) {
	if p.remaining() < h {
		p.newPage()
	}
}

// mark records an outline entry at the current position.
func (p *pager) mark(title string, level int) {
	pg := p.cur()
	p.marks = append(p.marks, mark{title: title, level: level, page: len(p.pages) - 1, y: pg.used})
}

// block adds cells as a row that is not part of a table; rows taller than the
// rest of the page are split like table rows.
func (p *pager) block(cells ...cell) {
	saved := p.tbl
	p.tbl = nil
	p.row(cells, nil)
	p.tbl = saved
}

// table is a table's columns and laid-out header.
type table struct {
	widths []float64
	head   []cell
	headH  float64
	elem   *pdf.Elem // its structure element
	drawn  bool      // the header has been drawn (tagged) once
}

func (p *pager) putHeader(t *table) {
	if len(p.contHead) > 0 && len(p.cur().rows) == 0 {
		h := rowHeight(p.contHead)
		p.cur().rows = append(p.cur().rows, drawRow{cells: p.contHead, h: h, again: true})
		p.cur().used += h
	}
	p.cur().rows = append(p.cur().rows, drawRow{cells: t.head, h: t.headH, head: t})
	p.cur().used += t.headH
}

// startTable puts the header, on a new page unless the header and about minRow
// of the first row fit here.
func (p *pager) startTable(t *table, minRow float64) {
	p.need(t.headH + minRow)
	pg := p.cur()
	b := &bareHead{page: len(p.pages) - 1, from: len(pg.rows), used: pg.used}
	p.putHeader(t)
	p.tbl = t
	p.bare = nil
	if b.from > 0 {
		b.to = len(pg.rows)
		p.bare = b
	}
}

func (p *pager) endTable() { p.tbl, p.bare = nil, nil }

// rowHeight is the height of the tallest cell, rounded up to a 64th of a
// millimetre: such heights add up exactly in floating point, so rows that fill
// a page add up to exactly its body's height.
func rowHeight(cells []cell) float64 {
	h := 0.0
	for i := range cells {
		if ch := cells[i].height(); ch > h {
			h = ch
		}
	}
	return quantize(h)
}

func quantize(h float64) float64 { return math.Ceil(h*64-1e-9) / 64 }

// row adds a table row. first, when given, replaces cells when the row begins a
// new page (it repeats what the previous rows left out, e.g. the area columns).
// A row taller than a whole page is split between lines and continued.
func (p *pager) row(cells, first []cell) {
	h := rowHeight(cells)
	if h <= p.remaining() {
		p.put(drawRow{cells: cells, h: h}, h)
		return
	}
	full := bodyCap
	if p.tbl != nil {
		full -= p.tbl.headH
		if len(p.contHead) > 0 {
			full -= rowHeight(p.contHead)
		}
	}
	if len(p.cur().rows) > 0 && (h <= full || p.remaining() < 0.25*full) {
		p.dropBareHeader()
		p.pages = append(p.pages, &pageBody{})
		if p.tbl != nil {
			p.putHeader(p.tbl)
		}
		if first != nil {
			cells = first
			h = rowHeight(cells)
		}
		if h <= p.remaining() {
			p.put(drawRow{cells: cells, h: h}, h)
			return
		}
	}
	// Split: fill the rest of the page, continue on the next.
	fresh := len(p.cur().rows) == 0 || (p.tbl != nil && len(p.cur().rows) == 1) || (p.tbl != nil && len(p.contHead) > 0 && len(p.cur().rows) == 2)
	for {
		avail := p.remaining()
		head := make([]cell, len(cells))
		tail := make([]cell, len(cells))
		fits := true
		for i := range cells {
			var ok bool
			head[i], tail[i], ok = cells[i].split(avail, fresh)
			fits = fits && ok
		}
		if !fits {
			p.dropBareHeader()
			p.pages = append(p.pages, &pageBody{})
			if p.tbl != nil {
				p.putHeader(p.tbl)
			}
			fresh = true
			continue
		}
		hh := rowHeight(head)
		if hh > avail {
			hh = avail
		}
		pg := p.cur()
		pg.rows = append(pg.rows, drawRow{cells: head, h: hh})
		pg.used += hh
		cells = tail
		empty := true
		for i := range cells {
			if len(cells[i].lines) > 0 {
				empty = false
			}
		}
		if empty {
			return
		}
		p.pages = append(p.pages, &pageBody{})
		if p.tbl != nil {
			p.putHeader(p.tbl)
		}
		fresh = true
		if h = rowHeight(cells); h <= p.remaining() {
			p.put(drawRow{cells: cells, h: h}, h)
			return
		}
	}
}
