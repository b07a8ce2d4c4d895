package pptx

import (
	"math"
	"strings"
	"sync"

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
	var lineSizes []float64
	for _, part := range strings.Split(text, "\n") {
		lineSizes = append(lineSizes, wrapGlyphs(runGlyphs(part, sizePt, bold), float64(width), sizePt)...)
	}
	h := 0.0
	for _, s := range lineSizes {
		h += s * lineHeightEm * float64(EMUPerPoint)
	}
	return len(lineSizes), int64(math.Ceil(h))
}

// MeasureParagraphs returns the height in EMU that paras take when wrapped to width EMU
// (insets already taken off), honouring run sizes and boldness, bullet indents and
// paragraph spacing. Runs without a size count as DefaultFontSize.
func MeasureParagraphs(paras []Paragraph, width int64) int64 {
	h := 0.0
	for _, p := range paras {
		h += (p.SpaceBefore + p.SpaceAfter) * float64(EMUPerPoint)
		avail := float64(width - p.marginLeft())
		var segs [][]glyph
		cur := []glyph{}
		endSize := DefaultFontSize
		for _, r := range p.Runs {
			size := r.Size
			if size <= 0 {
				size = DefaultFontSize
			}
			endSize = size
			parts := strings.Split(r.Text, "\n")
			for i, part := range parts {
				if i > 0 {
					segs = append(segs, cur)
					cur = []glyph{}
				}
				cur = append(cur, runGlyphs(part, size, r.Bold)...)
			}
		}
		segs = append(segs, cur)
		for _, seg := range segs {
			for _, s := range wrapGlyphs(seg, avail, endSize) {
				h += s * lineHeightEm * float64(EMUPerPoint)
			}
		}
	}
	return int64(math.Ceil(h))
}

func runGlyphs(text string, sizePt float64, bold bool) []glyph {
	gs := make([]glyph, 0, len(text))
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
// LibreOffice does) and returns the largest font size on each resulting line. An empty
// input is one line at emptySize.
func wrapGlyphs(gs []glyph, width, emptySize float64) []float64 {
	if len(gs) == 0 {
		return []float64{emptySize}
	}
	if width < 1 {
		width = 1
	}
	var lines []float64
	lineW, lineMax := 0.0, 0.0
	newLine := func() {
		lines = append(lines, lineMax)
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
	lines = append(lines, lineMax)
	return lines
}
