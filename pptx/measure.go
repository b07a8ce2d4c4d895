package pptx

import (
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Text measurement assumes the deck is rendered in Arial (the default theme font, which
// Microsoft Office has everywhere) or its metric-compatible twin Liberation Sans (which
// LibreOffice substitutes for Arial, and which the PDF embeds): the glyph widths are the
// same, so a layout measured here is the layout in PowerPoint and in LibreOffice. The
// advance widths are tabulated from Liberation Sans in metrics_liberation.go; runes
// outside the table are measured with the Go fonts scaled up by goFallbackScale. On top
// of the font metrics the measurement is conservative on purpose: widthSafety shrinks
// the usable width and lineHeightEm is above Arial's own 1.15 em.
const (
	widthSafety     = 1.06 // text is taken to be this much wider than its metrics say
	lineHeightEm    = 1.2  // line pitch in em: Arial's ascent+descent+gap is 1.149 em
	goFallbackScale = 1.15 // Arial is up to 15 % wider than Go Regular/Bold
	// DefaultFontSize is the size in points of text whose run gives no size (the master's
	// default text style uses it too).
	DefaultFontSize = 18.0
)

// widthRange holds advance widths, in design units, of consecutive runes from lo.
type widthRange struct {
	lo rune
	w  []uint16
}

type goFonts struct {
	regular, bold *sfnt.Font
}

// loadGoFonts parses the fallback fonts once; the result is read-only afterwards.
var loadGoFonts = sync.OnceValue(func() goFonts {
	r, err1 := sfnt.Parse(goregular.TTF)
	b, err2 := sfnt.Parse(gobold.TTF)
	if err1 != nil || err2 != nil {
		return goFonts{} // cannot happen with the vendored fonts; widths then use a fixed guess
	}
	return goFonts{regular: r, bold: b}
})

// runeWidthEm returns the advance width of r in em.
func runeWidthEm(r rune, bold bool) float64 {
	if r < 0 || r >= cachedRunes {
		return runeWidthEmSlow(r, bold)
	}
	c := &widthCache[0][r]
	if bold {
		c = &widthCache[1][r]
	}
	if v := c.Load(); v&known != 0 {
		return math.Float64frombits(v &^ known)
	}
	w := runeWidthEmSlow(r, bold)
	c.Store(math.Float64bits(w) | known)
	return w
}

// widthCache remembers runeWidthEmSlow of the runes below cachedRunes (Latin,
// punctuation, arrows, the status markers and check marks), regular and bold:
// measuring is most of laying out a deck, and the table search and the Go fonts'
// fallback are slow. An entry is the width's bits with known set; widths are
// never negative, so the sign bit is free. Racing writers store the same value.
var widthCache [2][cachedRunes]atomic.Uint64

const (
	cachedRunes = 0x3000
	known       = 1 << 63
)

func runeWidthEmSlow(r rune, bold bool) float64 {
	table := metricsRegular
	if bold {
		table = metricsBold
	}
	for _, rg := range table {
		if r >= rg.lo && r < rg.lo+rune(len(rg.w)) {
			if w := rg.w[r-rg.lo]; w > 0 {
				return float64(w) / metricsUnitsPerEm
			}
			break
		}
	}
	if r < 0x20 {
		return 0
	}
	fonts := loadGoFonts()
	f := fonts.regular
	if bold {
		f = fonts.bold
	}
	if f == nil {
		return 1
	}
	var buf sfnt.Buffer
	gi, err := f.GlyphIndex(&buf, r)
	if err != nil || gi == 0 {
		return 1 // unknown glyph: assume a full em, the widest common case (CJK)
	}
	upm := int(f.UnitsPerEm())
	adv, err := f.GlyphAdvance(&buf, gi, fixed.I(upm), font.HintingNone)
	if err != nil {
		return 1
	}
	return float64(adv) / 64 / float64(upm) * goFallbackScale
}

// glyph is one rune laid out at a size, with its width in EMU.
type glyph struct {
	r    rune
	w    float64
	size float64
}

// MeasureText returns how many lines text wraps to in a box width EMU wide (insets already
// taken off) at sizePt points, and the height of those lines in EMU. Newlines start new
// lines. The result errs on the tall side; see the package documentation.
func MeasureText(text string, sizePt float64, bold bool, width int64) (lines int, height int64) {
	sc := getScratch()
	defer putScratch(sc)
	h := 0.0
	for part := range strings.SplitSeq(text, "\n") {
		sc.gs = appendGlyphs(sc.gs[:0], part, sizePt, bold)
		lines += wrapGlyphs(sc.gs, float64(width), sizePt, &h)
	}
	return lines, int64(math.Ceil(h))
}

// MeasureParagraphs returns the height in EMU that paras take when wrapped to width EMU
// (insets already taken off), honouring run sizes and boldness, bullet indents and
// paragraph spacing. Runs without a size count as DefaultFontSize.
func MeasureParagraphs(paras []Paragraph, width int64) int64 {
	var t TextHeight
	for _, p := range paras {
		t = t.Add(p, width)
	}
	return t.EMU()
}

// TextHeight is the height of paragraphs measured one after another at one width,
// for callers that try ever longer lists of paragraphs (pagination): each
// paragraph is measured once, and EMU is exactly what MeasureParagraphs says of
// the same paragraphs.
type TextHeight struct{ h float64 }

// EMU is the height in EMU.
func (t TextHeight) EMU() int64 { return int64(math.Ceil(t.h)) }

// Add returns the height with p, wrapped to width EMU, below.
func (t TextHeight) Add(p Paragraph, width int64) TextHeight {
	h := t.h + (p.SpaceBefore+p.SpaceAfter)*float64(EMUPerPoint)
	avail := float64(width - p.marginLeft())
	// An empty line takes the size of the paragraph's last run.
	endSize := DefaultFontSize
	if n := len(p.Runs); n > 0 && p.Runs[n-1].Size > 0 {
		endSize = p.Runs[n-1].Size
	}
	sc := getScratch()
	defer putScratch(sc)
	gs := sc.gs[:0]
	for _, r := range p.Runs {
		size := r.Size
		if size <= 0 {
			size = DefaultFontSize
		}
		first := true
		for part := range strings.SplitSeq(r.Text, "\n") {
			if !first {
				wrapGlyphs(gs, avail, endSize, &h)
				gs = gs[:0]
			}
			first = false
			gs = appendGlyphs(gs, part, size, r.Bold)
		}
	}
	wrapGlyphs(gs, avail, endSize, &h)
	sc.gs = gs
	return TextHeight{h: h}
}

// scratch is the glyph buffer of one measurement, kept between measurements.
type scratch struct{ gs []glyph }

var scratches = sync.Pool{New: func() any { return &scratch{gs: make([]glyph, 0, 256)} }}

func getScratch() *scratch { return scratches.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.gs) <= 1<<16 {
		scratches.Put(sc)
	}
}

// appendGlyphs appends the glyphs of text at sizePt to gs.
func appendGlyphs(gs []glyph, text string, sizePt float64, bold bool) []glyph {
	scale := sizePt * float64(EMUPerPoint) * widthSafety
	for _, r := range text {
		if r == '\t' {
			r = ' '
		}
		gs = append(gs, glyph{r: r, w: runeWidthEm(r, bold) * scale, size: sizePt})
	}
	return gs
}

// wrapGlyphs breaks gs greedily at spaces (and inside words longer than a line, as
// LibreOffice does), adds the height of each resulting line (its largest font size) to
// *h and returns the number of lines. An empty input is one line at emptySize.
func wrapGlyphs(gs []glyph, width, emptySize float64, h *float64) int {
	if len(gs) == 0 {
		*h += lineHeight(emptySize)
		return 1
	}
	if width < 1 {
		width = 1
	}
	lines := 0
	lineW, lineMax := 0.0, 0.0
	newLine := func() {
		*h += lineHeight(lineMax)
		lines++
		lineW, lineMax = 0, 0
	}
	i := 0
	for i < len(gs) {
		// A word is the non-space run starting at i; the spaces after it hang past the edge.
		j := i
		wordW, wordMax := 0.0, 0.0
		for j < len(gs) && gs[j].r != ' ' {
			wordW += gs[j].w
			wordMax = math.Max(wordMax, gs[j].size)
			j++
		}
		k := j
		spaceW := 0.0
		for k < len(gs) && gs[k].r == ' ' {
			spaceW += gs[k].w
			wordMax = math.Max(wordMax, gs[k].size)
			k++
		}
		switch {
		case lineW+wordW <= width:
			lineW += wordW + spaceW
			lineMax = math.Max(lineMax, wordMax)
		case wordW <= width:
			newLine()
			lineW, lineMax = wordW+spaceW, wordMax
		default: // the word alone is too wide: break it between characters
			if lineW > 0 {
				newLine()
			}
			for _, g := range gs[i:j] {
				if lineW+g.w > width && lineW > 0 {
					newLine()
				}
				lineW += g.w
				lineMax = math.Max(lineMax, g.size)
			}
			lineW += spaceW
		}
		i = k
	}
	if lineMax == 0 {
		lineMax = emptySize
	}
	*h += lineHeight(lineMax)
	return lines + 1
}

// lineHeight is the pitch in EMU of a line whose largest font is sizePt.
func lineHeight(sizePt float64) float64 { return sizePt * lineHeightEm * float64(EMUPerPoint) }
