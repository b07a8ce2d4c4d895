package pdfreport

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"handlingsplan/pdf"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// The layout works in millimetres. This file wraps every text with the embedded
// fonts' advance widths, sets single lines at fixed positions in fixed-height
// rows, and pager composes whole pages: it repeats table headers, splits tall
// rows and knows on which page each outline entry lands. Package pdf then only
// draws.

const (
	ptToMM     = 25.4 / 72
	lineFactor = 1.28 // line height as a multiple of the font size
	// wrapSlack keeps every wrapped line a little narrower than its cell, and
	// gridPerMM makes column widths whole tenths of a millimetre: the line
	// breaks documents have always had (they were maroto's needs once).
	wrapSlack = 0.4
	gridPerMM = 10
)

// style is a font style: an index into the embedded fonts.
type style int

const (
	regular style = iota
	bold
	italic
)

// alignment is a line's horizontal alignment in its cell.
type alignment int

const (
	alignLeft alignment = iota
	alignCenter
	alignRight
)

// font is a text style.
type font struct {
	size  float64 // points
	style style
	color *pdf.Color
}

func (f font) lineHeight() float64 { return f.size * ptToMM * lineFactor }

// run is a piece of text in one style; a paragraph is a list of runs.
type run struct {
	text string
	f    font
}

// para is a paragraph: runs wrapped together, with space before it.
type para struct {
	runs   []run
	align  alignment
	before float64 // space above, mm
}

// seg is a piece of a wrapped line in one style, x from the line start.
type seg struct {
	text string
	f    font
	x    float64
	// src[end:] is what follows text in the paragraph's run, when text is a
	// piece of src: the next word then extends it without copying.
	src string
	end int
	// space: a space precedes it in the text, which the PDF's text must keep
	// (a screen reader reads "Mål: 90 %", not "Mål:90 %").
	space bool
}

// line is one wrapped line.
type line struct {
	segs   []seg
	h      float64
	before float64
	align  alignment
	para   int32 // the index of its paragraph in the cell
	again  bool  // "(forts.)": an artifact
	glue   bool  // the next line continues a word: no space between them
	more   bool  // the text continues in the cell's rest on the next page
}

// cell is the laid-out content of one table cell.
type cell struct {
	w     float64 // mm, including the strip
	lines []line
	bg    *pdf.Color
	strip *pdf.Color // coloured bar at the left edge (status marker)
	rule  *pdf.Color // bottom border
	pad   float64    // horizontal padding
	padV  float64    // vertical padding

	// Structure: the element the text belongs to, or one per paragraph; a
	// covered cell lies under a cell above that spans rows, and what it shows
	// repeats that cell (an artifact); rowSpan is the rows a cell spans.
	tag     *pdf.Elem
	paras   []*pdf.Elem
	rowSpan int32
	covered bool
}

const stripW = 1.6

// height is the cell's natural height.
func (c *cell) height() float64 {
	h := 2 * c.padV
	for _, l := range c.lines {
		h += l.before + l.h
	}
	return h
}

// split cuts the cell so that its first part is at most h high; ok is false
// when not even one line fits, unless force makes it take one anyway.
func (c *cell) split(h float64, force bool) (head, tail cell, ok bool) {
	head, tail = *c, *c
	used := 2 * c.padV
	n := 0
	for n < len(c.lines) {
		l := c.lines[n]
		if used+l.before+l.h > h {
			break
		}
		used += l.before + l.h
		n++
	}
	if n == 0 && len(c.lines) > 0 {
		if !force {
			return head, tail, false
		}
		n = 1
	}
	head.lines = c.lines[:n]
	if n > 0 && n < len(c.lines) && !c.lines[n-1].glue {
		head.lines = slices.Clone(head.lines) // laid-out cells may share lines
		head.lines[n-1].more = true
	}
	tail.lines = append([]line(nil), c.lines[n:]...)
	if len(tail.lines) > 0 {
		tail.lines[0].before = 0
		if n > 0 { // the rest of a text says that it continues
			mark := line{segs: []seg{{text: "(forts.)", f: fNote}}, h: fNote.lineHeight(), align: tail.lines[0].align, para: tail.lines[0].para, again: true}
			tail.lines = append([]line{mark}, tail.lines...)
		}
	}
	return head, tail, true
}

// metrics are the embedded fonts, parsed once per process, and their advance
// widths in thousandths of an em for each rune of the Basic Multilingual Plane,
// looked up for every letter the layout measures. They never change after
// loading, so any number of layouts share them.
type metrics struct {
	fonts  [3]*pdf.Font
	widths [3][]int32
}

func loadMetrics() (*metrics, error) {
	m := &metrics{}
	for i, b := range [...][]byte{regular: templates.FontRegular, bold: templates.FontBold, italic: templates.FontItalic} {
		f, err := pdf.ParseFont(b)
		if err != nil {
			return nil, fmt.Errorf("pdfreport: load fonts: %w", err)
		}
		w := make([]int32, 0x10000)
		for r := range w {
			w[r] = int32(f.Width(rune(r)))
		}
		m.fonts[i], m.widths[i] = f, w
	}
	return m, nil
}

// loadedMetrics loads the fonts on first use, once per process.
var loadedMetrics = sync.OnceValues(loadMetrics)

// measurer wraps text for one document with the shared metrics.
type measurer struct{ *metrics }

func newMeasurer() (*measurer, error) {
	m, err := loadedMetrics()
	if err != nil {
		return nil, err
	}
	return &measurer{metrics: m}, nil
}

// width is the width of s in mm.
func (m *measurer) width(s string, f font) float64 {
	tab := m.widths[f.style]
	w := 0
	for _, r := range s {
		if r < 0 || int(r) >= len(tab) {
			r = utf8.RuneError // clean keeps text in the BMP, where the codes are
		}
		w += int(tab[r])
	}
	return float64(w) * f.size * ptToMM / 1000
}

func (m *measurer) spaceWidth(f font) float64 { return m.width(" ", f) }

// token is a word with what precedes it; the word is src[at:at+len(word)].
type token struct {
	word  string
	f     font
	space bool // whitespace before it
	br    int  // line breaks before it
	src   string
	at    int
}

// tokens yields the words of p.
func tokens(p para) iter.Seq[token] {
	return func(yield func(token) bool) {
		space, br := false, 0
		for _, r := range p.runs {
			t := report.Typo(clean(r.text))
			start := -1
			for i, c := range t {
				if c == ' ' || c == '\n' || (unicode.IsSpace(c) && c != '\u00a0') {
					if start >= 0 {
						if !yield(token{t[start:i], r.f, space, br, t, start}) {
							return
						}
						space, br, start = false, 0, -1
					}
					if c == '\n' {
						br++
					} else {
						space = true
					}
					continue
				}
				if start < 0 {
					start = i
				}
				// A slash is a break opportunity: "Programområde/samverkansgrupp".
				if c == '/' && i+1 < len(t) {
					if !yield(token{t[start : i+1], r.f, space, br, t, start}) {
						return
					}
					space, br, start = false, 0, -1
				}
			}
			if start >= 0 {
				if !yield(token{t[start:], r.f, space, br, t, start}) {
					return
				}
				space, br = false, 0
			}
		}
	}
}

// wrap lays out paragraphs in the given width. Newlines in the text start new
// lines; words longer than the width are broken between letters.
func (m *measurer) wrap(width float64, ps ...para) []line {
	width -= wrapSlack
	if width < 1 {
		width = 1
	}
	var out []line
	for pi, p := range ps {
		if len(p.runs) == 0 {
			continue
		}
		al := p.align
		base := p.runs[0].f.lineHeight()
		cur := line{before: p.before, align: al, h: base, para: int32(pi)}
		x := 0.0
		started := false
		flush := func() {
			out = append(out, cur)
			cur = line{align: al, h: base, para: int32(pi)}
			x, started = 0, false
		}
		// put adds src[at:at+len(word)] to the line.
		put := func(word string, f font, space bool, ww float64, src string, at int) {
			if h := f.lineHeight(); h > cur.h {
				cur.h = h
			}
			sw := 0.0
			if started && space {
				sw = m.spaceWidth(f)
			}
			n := len(cur.segs)
			if n == 0 || cur.segs[n-1].f != f {
				cur.segs = append(cur.segs, seg{text: word, f: f, x: x + sw, src: src, end: at + len(word), space: sw > 0})
				x += sw + ww
				started = true
				return
			}
			sg := &cur.segs[n-1]
			sep := ""
			if sw > 0 {
				sep = " "
			}
			if sg.src == src && sg.end+len(sep) == at && src[sg.end:at] == sep {
				// The word follows in the same text: the segment grows in place.
				sg.text = src[sg.end-len(sg.text) : at+len(word)]
			} else {
				sg.text = sg.text + sep + word
				src = ""
			}
			sg.src, sg.end = src, at+len(word)
			x += sw + ww
			started = true
		}
		for t := range tokens(p) {
			for i := 0; i < t.br; i++ {
				if started || i > 0 {
					flush()
				}
			}
			ww := m.width(t.word, t.f)
			sw := 0.0
			if started && t.space {
				sw = m.spaceWidth(t.f)
			}
			if x+sw+ww <= width {
				put(t.word, t.f, t.space, ww, t.src, t.at)
				continue
			}
			if started {
				cur.glue = !t.space
				flush()
			}
			w, at := t.word, t.at
			for ww > width {
				cut := m.fit(w, t.f, width)
				put(w[:cut], t.f, false, m.width(w[:cut], t.f), t.src, at)
				cur.glue = true
				flush()
				w, at = w[cut:], at+cut
				ww = m.width(w, t.f)
			}
			if w != "" {
				put(w, t.f, false, ww, t.src, at)
			}
		}
		if started {
			flush()
		}
	}
	return out
}

// fit returns how many bytes of s fit in width, at least one rune.
func (m *measurer) fit(s string, f font, width float64) int {
	w := 0.0
	for i, r := range s {
		w += m.width(string(r), f)
		if w > width {
			if i == 0 {
				return len(string(r))
			}
			return i
		}
	}
	return len(s)
}

// clean makes user text safe for the fonts: tabs become spaces, other control
// characters and characters outside the Basic Multilingual Plane (beyond the
// two-byte codes the PDF shows text in) are dropped or replaced. Letters are
// composed (NFC): an "å" pasted from a Mac is "a" plus a ring, which the PDF,
// drawing glyph by glyph, would set beside the letter. Soft hyphens go: the
// layout does not hyphenate, and drawn they are hyphens inside words.
func clean(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	ok := true
	for _, r := range s {
		if r > 0xFFFE || (r < 0x20 && r != '\n') || r == 0x7F || r == '\r' || r == softHyphen {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r':
			return ' '
		case r > 0xFFFE:
			return '\uFFFD'
		case r == softHyphen || unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

const softHyphen = '\u00AD'

// draw draws a row of cells of height h with its top left corner at (x, y):
// first the backgrounds, strips and rules, a decoration, then each cell's text
// as content of its element, or as the artifact art when the whole row is one
// (art < 0: it is not). Cells do not overlap, so the order changes no pixel.
func (m *measurer) draw(pg *pdf.Page, cells []cell, x, y, h float64, art pdf.Artifact) {
	x0 := x
	for i := range cells {
		c := &cells[i]
		w := mm(c.w)
		if c.strip == nil && c.bg == nil && c.rule == nil {
			x += w
			continue
		}
		pg.Artifact(pdf.Decoration)
		if c.strip != nil {
			pg.Rect(x, y, mm(stripW), h, *c.strip)
			x += mm(stripW)
			w = mm(c.w - stripW)
		}
		if c.bg != nil {
			pg.Rect(x, y, w, h, *c.bg)
		}
		if c.rule != nil {
			pg.Line(x, y+h, x+w, y+h, 0.2, *c.rule)
		}
		x += w
	}
	x = x0
	for i := range cells {
		c := &cells[i]
		w := mm(c.w)
		if c.strip != nil {
			x += mm(stripW)
			w = mm(c.w - stripW)
		}
		ly := c.padV
		// Text read as content keeps the spaces that the layout turned into
		// positions: between segments, at the end of a line, before the next
		// cell of the same paragraph. A space draws nothing.
		tagged := false
		for k, l := range c.lines {
			ly += l.before
			switch e := c.tag; {
			case art >= 0:
				pg.Artifact(art)
			case l.again || c.covered:
				pg.Artifact(pdf.Pagination)
			case int(l.para) < len(c.paras):
				pg.Tag(c.paras[l.para])
				tagged = true
			case e != nil:
				pg.Tag(e)
				tagged = true
			default: // untagged text would be read nowhere: a bug in composing
				pg.Artifact(pdf.Pagination)
			}
			spaceAfter := false
			if tagged {
				switch {
				case k+1 < len(c.lines):
					spaceAfter = !l.glue && (c.paras == nil || c.lines[k+1].para == l.para)
				default:
					spaceAfter = l.more || sharesTag(cells[i+1:], c.tag)
				}
			}
			// Centre the largest glyphs in the line box and share their baseline.
			big := 0.0
			for _, s := range l.segs {
				big = max(big, s.f.size*ptToMM)
			}
			base := ly + (l.h-big*1.16)/2 + big
			for si, s := range l.segs {
				tx := x + c.pad + s.x
				if l.align != alignLeft && len(l.segs) == 1 {
					free := w - 2*c.pad - m.width(s.text, s.f)
					if l.align == alignCenter {
						free /= 2
					}
					tx += free
				}
				col := pdf.Color{}
				if s.f.color != nil {
					col = *s.f.color
				}
				if tagged && (si+1 < len(l.segs) && l.segs[si+1].space || si+1 == len(l.segs) && spaceAfter) {
					pg.TextSpace(tx, y+base, m.fonts[s.f.style], s.f.size, col, s.text)
				} else {
					pg.Text(tx, y+base, m.fonts[s.f.style], s.f.size, col, s.text)
				}
			}
			ly += l.h
		}
		x += w
	}
}

// sharesTag says whether the next cell with text is content of e too.
func sharesTag(cells []cell, e *pdf.Elem) bool {
	for i := range cells {
		if len(cells[i].lines) > 0 {
			return e != nil && cells[i].tag == e && !cells[i].covered
		}
	}
	return false
}

func units(mm float64) int {
	u := int(mm*gridPerMM + 0.5)
	if u < 1 {
		u = 1
	}
	return u
}

// mm is the width of a column of the given millimetres, rounded to the grid;
// wrapping must use it.
func mm(w float64) float64 { return float64(units(w)) / gridPerMM }
