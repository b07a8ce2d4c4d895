package pptx

import (
	"fmt"
	"strings"
)

// Table is a DrawingML table in a graphic frame. Build it with Slide.AddTable and AddRow;
// merge cells with Merge. Row heights are minimums: a renderer grows a row whose text does
// not fit, so call FitRows (or size rows with MeasureParagraphs) before placing anything
// under the table or over its cells.
type Table struct {
	X, Y   int64
	Cols   []int64 // column widths
	Rows   []*Row
	Name   string // "" = "Table N"
	Border Line   // default border of every cell edge; zero = none
	// HeaderRows is how many top rows are a header (marked firstRow for PowerPoint styles
	// and for readers).
	HeaderRows int
	// Measure, when set, remembers the cells' text heights for FitRows, for a caller
	// that builds tables of the same cells again and again (see TextCache).
	Measure *TextCache
}

// TextCache remembers the heights of paragraph lists measured at a width, for
// layouts that measure the same cells again and again: a table paginated by trying
// ever more rows. A list is known by the address of its first paragraph and its
// length, so lists measured through a cache must not change while it is in use.
// The zero value is ready; it is not safe for concurrent use.
type TextCache struct{ m map[textKey]int64 }

type textKey struct {
	p     *Paragraph
	n     int
	width int64
}

// Measure is MeasureParagraphs(paras, width), measured once per list and width.
func (c *TextCache) Measure(paras []Paragraph, width int64) int64 {
	if c == nil || len(paras) == 0 {
		return MeasureParagraphs(paras, width)
	}
	k := textKey{&paras[0], len(paras), width}
	if h, ok := c.m[k]; ok {
		return h
	}
	h := MeasureParagraphs(paras, width)
	if c.m == nil {
		c.m = map[textKey]int64{}
	}
	c.m[k] = h
	return h
}

// Row is one table row.
type Row struct {
	Height int64
	Cells  []*Cell // one per column, covered cells of merges included
}

// Cell is one table cell.
type Cell struct {
	Text    []Paragraph
	Fill    string // "RRGGBB"; "" = none
	Anchor  Anchor // "" = top
	Margins *Insets
	// Borders override Table.Border edge by edge; nil keeps the table border.
	Left, Right, Top, Bottom *Line

	gridSpan, rowSpan int
	hMerge, vMerge    bool
}

// SetText replaces the cell's content with one paragraph per line of text, in plain runs
// of size pt (0 = default size).
func (c *Cell) SetText(text string, size float64) {
	c.Text = nil
	for _, line := range strings.Split(text, "\n") {
		c.Text = append(c.Text, Paragraph{Runs: []Run{{Text: line, Size: size}}})
	}
}

// Span returns how many rows and columns the cell spans (1, 1 for an ordinary cell).
func (c *Cell) Span() (rows, cols int) { return max(c.rowSpan, 1), max(c.gridSpan, 1) }

// Covered reports whether the cell is hidden under a merged cell.
func (c *Cell) Covered() bool { return c.hMerge || c.vMerge }

func (c *Cell) margins() Insets {
	if c.Margins != nil {
		return *c.Margins
	}
	return DefaultInsets
}

// ContentHeight is the height in EMU the cell needs at a given width: its measured text
// plus its top and bottom margins.
func (c *Cell) ContentHeight(width int64) int64 { return c.contentHeight(width, nil) }

func (c *Cell) contentHeight(width int64, tc *TextCache) int64 {
	m := c.margins()
	return tc.Measure(c.Text, width-m.Left-m.Right) + m.Top + m.Bottom
}

// AddTable adds an empty table at (x, y) with the given column widths.
func (s *Slide) AddTable(x, y int64, colWidths ...int64) *Table {
	t := &Table{X: x, Y: y, Cols: append([]int64(nil), colWidths...)}
	s.items = append(s.items, t)
	return t
}

// AddRow appends a row of the given minimum height with one cell per column; texts fill the
// first cells as plain text of the default size.
func (t *Table) AddRow(height int64, texts ...string) *Row {
	r := &Row{Height: height, Cells: make([]*Cell, len(t.Cols))}
	cells := make([]Cell, len(t.Cols)) // one allocation for the row's cells
	for i := range r.Cells {
		r.Cells[i] = &cells[i]
		if i < len(texts) {
			r.Cells[i].SetText(texts[i], 0)
		}
	}
	t.Rows = append(t.Rows, r)
	return r
}

// Cell returns the cell at row, col (0-based), or nil outside the table.
func (t *Table) Cell(row, col int) *Cell {
	if row < 0 || row >= len(t.Rows) || col < 0 || col >= len(t.Rows[row].Cells) {
		return nil
	}
	return t.Rows[row].Cells[col]
}

// Merge makes the cell at row, col span rowSpan rows and colSpan columns; the covered
// cells keep their place in the grid but are not shown.
func (t *Table) Merge(row, col, rowSpan, colSpan int) error {
	if rowSpan < 1 || colSpan < 1 || t.Cell(row, col) == nil || t.Cell(row+rowSpan-1, col+colSpan-1) == nil {
		return fmt.Errorf("pptx: merge %d×%d at row %d col %d: outside the table", rowSpan, colSpan, row, col)
	}
	for r := row; r < row+rowSpan; r++ {
		for c := col; c < col+colSpan; c++ {
			cell := t.Cell(r, c)
			if cell.Covered() || (r != row || c != col) && (cell.gridSpan > 1 || cell.rowSpan > 1) {
				return fmt.Errorf("pptx: merge at row %d col %d overlaps another merge", row, col)
			}
		}
	}
	for r := row; r < row+rowSpan; r++ {
		for c := col; c < col+colSpan; c++ {
			cell := t.Cell(r, c)
			cell.hMerge = c > col
			cell.vMerge = r > row
			if r > row && c == col && colSpan > 1 {
				cell.gridSpan = colSpan // PowerPoint repeats the span on the rows below
			}
		}
	}
	top := t.Cell(row, col)
	top.gridSpan, top.rowSpan = colSpan, rowSpan
	return nil
}

// Width is the sum of the column widths.
func (t *Table) Width() int64 {
	var w int64
	for _, c := range t.Cols {
		w += c
	}
	return w
}

// Height is the sum of the row heights.
func (t *Table) Height() int64 {
	var h int64
	for _, r := range t.Rows {
		h += r.Height
	}
	return h
}

// Rect is the table's frame.
func (t *Table) Rect() Rect { return Rect{X: t.X, Y: t.Y, W: t.Width(), H: t.Height()} }

// CellRect is where the cell at row, col lies on the slide (with its spans), as computed from
// the column widths and row heights.
func (t *Table) CellRect(row, col int) Rect {
	r := Rect{X: t.X, Y: t.Y}
	for i := 0; i < col && i < len(t.Cols); i++ {
		r.X += t.Cols[i]
	}
	for i := 0; i < row && i < len(t.Rows); i++ {
		r.Y += t.Rows[i].Height
	}
	rs, cs := 1, 1
	if c := t.Cell(row, col); c != nil {
		rs, cs = c.Span()
	}
	for i := col; i < col+cs && i < len(t.Cols); i++ {
		r.W += t.Cols[i]
	}
	for i := row; i < row+rs && i < len(t.Rows); i++ {
		r.H += t.Rows[i].Height
	}
	return r
}

// RowContentHeight is the height row needs so that the text of every cell in it fits. Cells
// spanning several rows are left out; see FitRows.
func (t *Table) RowContentHeight(row int) int64 {
	var h int64
	if row < 0 || row >= len(t.Rows) {
		return 0
	}
	for c, cell := range t.Rows[row].Cells {
		rs, _ := cell.Span()
		if cell.Covered() || rs > 1 {
			continue
		}
		h = max(h, cell.contentHeight(t.CellRect(row, c).W, t.Measure))
	}
	return h
}

// FitRows grows every row to RowContentHeight, then grows the last row of each vertical
// merge until the merged cell's text fits.
func (t *Table) FitRows() {
	for i, r := range t.Rows {
		r.Height = max(r.Height, t.RowContentHeight(i))
	}
	for i, r := range t.Rows {
		for c, cell := range r.Cells {
			rs, _ := cell.Span()
			if cell.Covered() || rs == 1 {
				continue
			}
			rect := t.CellRect(i, c)
			if need := cell.contentHeight(rect.W, t.Measure); need > rect.H {
				t.Rows[i+rs-1].Height += need - rect.H
			}
		}
	}
}

func (t *Table) xml(b *strings.Builder, id int, ctx *slideCtx) error {
	name := t.Name
	if name == "" {
		name = fmt.Sprintf("Table %d", id)
	}
	if len(t.Cols) == 0 || len(t.Rows) == 0 {
		return fmt.Errorf("pptx: table %q has no columns or no rows", name)
	}
	fmt.Fprintf(b, `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="%d" name="%s"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>`, id, esc(name))
	writeXfrm(b, "p", t.Rect())
	b.WriteString(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>`)
	if t.HeaderRows > 0 {
		b.WriteString(`<a:tblPr firstRow="1"/>`)
	} else {
		b.WriteString(`<a:tblPr/>`)
	}
	b.WriteString(`<a:tblGrid>`)
	for _, w := range t.Cols {
		b.WriteString(`<a:gridCol`)
		writeAttrInt(b, "w", max(w, 0))
		b.WriteString(`/>`)
	}
	b.WriteString(`</a:tblGrid>`)
	for ri, r := range t.Rows {
		if len(r.Cells) != len(t.Cols) {
			return fmt.Errorf("pptx: table %q row %d has %d cells for %d columns", name, ri+1, len(r.Cells), len(t.Cols))
		}
		b.WriteString(`<a:tr`)
		writeAttrInt(b, "h", max(r.Height, 0))
		b.WriteByte('>')
		for _, c := range r.Cells {
			if err := t.cellXML(b, c, ctx); err != nil {
				return fmt.Errorf("pptx: table %q row %d: %w", name, ri+1, err)
			}
		}
		b.WriteString(`</a:tr>`)
	}
	b.WriteString(`</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`)
	return nil
}

func (t *Table) cellXML(b *strings.Builder, c *Cell, ctx *slideCtx) error {
	b.WriteString(`<a:tc`)
	if c.rowSpan > 1 {
		writeAttrInt(b, "rowSpan", int64(c.rowSpan))
	}
	if c.gridSpan > 1 {
		writeAttrInt(b, "gridSpan", int64(c.gridSpan))
	}
	if c.hMerge {
		b.WriteString(` hMerge="1"`)
	}
	if c.vMerge {
		b.WriteString(` vMerge="1"`)
	}
	b.WriteString(`><a:txBody><a:bodyPr/><a:lstStyle/>`)
	if err := writeParagraphs(b, c.Text, ctx.lang); err != nil {
		return err
	}
	m := c.margins()
	anchor := c.Anchor
	if anchor == "" {
		anchor = AnchorTop
	}
	b.WriteString(`</a:txBody><a:tcPr`)
	writeAttrInt(b, "marL", m.Left)
	writeAttrInt(b, "marR", m.Right)
	writeAttrInt(b, "marT", m.Top)
	writeAttrInt(b, "marB", m.Bottom)
	b.WriteString(` anchor="`)
	b.WriteString(string(anchor))
	b.WriteString(`">`)
	for i, l := range [4]*Line{c.Left, c.Right, c.Top, c.Bottom} {
		line := t.Border
		if l != nil {
			line = *l
		}
		if err := writeLine(b, [4]string{"lnL", "lnR", "lnT", "lnB"}[i], line); err != nil {
			return err
		}
	}
	if err := writeFill(b, c.Fill); err != nil {
		return err
	}
	b.WriteString(`</a:tcPr></a:tc>`)
	return nil
}
