package pptx

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestMeasureSameAsBefore checks the allocation-free measurement against the
// straightforward one it replaced: layouts (and so the decks' bytes) must not move
// by an EMU.
func TestMeasureSameAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdefghij klmnopqrstuvwxyzåäöÅÄÖ ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ,.–—•●→✓☐漢字\t\n\u00a0\u0085\u0153\u01a0é")
	word := func() string {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := range 3000 {
		width := int64(rng.IntN(int(Cm(20)))) - 1000
		text, size, bold := word(), float64(6+rng.IntN(30)), rng.IntN(2) == 0
		if i%7 == 0 {
			size = 0
		}
		if size > 0 {
			gl, gh := MeasureText(text, size, bold, width)
			wl, wh := refMeasureText(text, size, bold, width)
			if gl != wl || gh != wh {
				t.Fatalf("MeasureText(%q, %v, %v, %d) = %d, %d; was %d, %d", text, size, bold, width, gl, gh, wl, wh)
			}
		}
		var paras []Paragraph
		for range rng.IntN(5) {
			p := Paragraph{SpaceBefore: float64(rng.IntN(6)), SpaceAfter: float64(rng.IntN(3)), Bullet: rng.IntN(3) == 0, Level: rng.IntN(3)}
			for range rng.IntN(4) {
				p.Runs = append(p.Runs, Run{Text: word(), Size: float64(rng.IntN(24)), Bold: rng.IntN(2) == 0})
			}
			paras = append(paras, p)
		}
		if got, want := MeasureParagraphs(paras, width), refMeasureParagraphs(paras, width); got != want {
			t.Fatalf("MeasureParagraphs(%+v, %d) = %d; was %d", paras, width, got, want)
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		for _, bold := range []bool{false, true} {
			if got, want := runeWidthEm(r, bold), refRuneWidthEm(r, bold); got != want {
				t.Fatalf("runeWidthEm(%U, %v) = %v; was %v", r, bold, got, want)
			}
		}
	}
}

func TestMeasureAllocs(t *testing.T) {
	paras := []Paragraph{{Runs: []Run{{Text: strings.Repeat("Aktiviteten följs upp i ledningsgruppen. ", 20), Size: 10}}}}
	MeasureParagraphs(paras, Cm(8))
	if n := testing.AllocsPerRun(100, func() { MeasureParagraphs(paras, Cm(8)) }); n > 0 {
		t.Errorf("MeasureParagraphs allocates %v times", n)
	}
}

// runeWidthEm returns the advance width of r in em.
func refRuneWidthEm(r rune, bold bool) float64 {
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

// refGlyph is glyph as it was.
type refGlyph struct {
	r    rune
	w    float64
	size float64
}

// MeasureText returns how many lines text wraps to in a box width EMU wide (insets already
// taken off) at sizePt points, and the height of those lines in EMU. Newlines start new
// lines. The result errs on the tall side; see the package documentation.
func refMeasureText(text string, sizePt float64, bold bool, width int64) (lines int, height int64) {
	var lineSizes []float64
	for _, part := range strings.Split(text, "\n") {
		lineSizes = append(lineSizes, refWrapGlyphs(refRunGlyphs(part, sizePt, bold), float64(width), sizePt)...)
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
func refMeasureParagraphs(paras []Paragraph, width int64) int64 {
	h := 0.0
	for _, p := range paras {
		h += (p.SpaceBefore + p.SpaceAfter) * float64(EMUPerPoint)
		avail := float64(width - p.marginLeft())
		var segs [][]refGlyph
		cur := []refGlyph{}
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
					cur = []refGlyph{}
				}
				cur = append(cur, refRunGlyphs(part, size, r.Bold)...)
			}
		}
		segs = append(segs, cur)
		for _, seg := range segs {
			for _, s := range refWrapGlyphs(seg, avail, endSize) {
				h += s * lineHeightEm * float64(EMUPerPoint)
			}
		}
	}
	return int64(math.Ceil(h))
}

func refRunGlyphs(text string, sizePt float64, bold bool) []refGlyph {
	gs := make([]refGlyph, 0, len(text))
	scale := sizePt * float64(EMUPerPoint) * widthSafety
	for _, r := range text {
		if r == '\t' {
			r = ' '
		}
		gs = append(gs, refGlyph{r: r, w: refRuneWidthEm(r, bold) * scale, size: sizePt})
	}
	return gs
}

// wrapGlyphs breaks gs greedily at spaces (and inside words longer than a line, as
// LibreOffice does) and returns the largest font size on each resulting line. An empty
// input is one line at emptySize.
func refWrapGlyphs(gs []refGlyph, width, emptySize float64) []float64 {
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
