package pdf

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// Font is a parsed TrueType font, read-only after ParseFont, safe for concurrent use.
//
// Parsing checks every glyph record once, so the per-document work (GlyphID,
// Width, Subset) reads the font without further checks and cannot fail on it.
type Font struct {
	b []byte

	head, hhea, hmtx, maxp, glyf tableSpan
	os2, post, name              tableSpan
	cvt, fpgm, prep, gasp        tableSpan

	numGlyphs  int
	numHMetric int
	scale      float64  // 1000/unitsPerEm, multiplied before rounding exactly as gofpdf does
	loca       []uint32 // numGlyphs+1 offsets into glyf
	missing    int      // gofpdf's width for unmapped runes

	cmap cmapSub
	ps   string
	met  Metrics
}

// tableSpan is a table's place in the file; n == 0 means absent.
type tableSpan struct{ off, n int }

// cmapSub is the one Unicode subtable that lookups use.
type cmapSub struct {
	format int // 0 (none), 4 or 12
	off    int // start of the subtable in the file
	end    int // end of the subtable, clamped to the cmap table
	n      int // format 4: segments; format 12: groups
}

// Metrics are the values of a PDF FontDescriptor: lengths in 1/1000 em,
// ItalicAngle in degrees, Flags as PDF font flags.
type Metrics struct {
	Ascent, Descent, CapHeight int
	BBox                       [4]int
	ItalicAngle                float64
	StemV                      int
	Flags                      int
	MissingWidth               int
}

// PDF font descriptor flags (PDF 32000-1:2008, table 123).
const (
	flagFixedPitch = 1 << 0
	flagSymbolic   = 1 << 2
	flagItalic     = 1 << 6
	flagForceBold  = 1 << 18
)

// Composite glyph component flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	weHaveAScale   = 0x0008
	moreComponents = 0x0020
	xAndYScale     = 0x0040
	twoByTwo       = 0x0080
)

// ParseFont parses a TrueType (glyf/loca) font. b is kept, not copied; callers must not modify it.
func ParseFont(b []byte) (*Font, error) { return parse(b, true) }

// parse reads the font; needCmap is false for our own subsets, which carry no cmap.
func parse(b []byte, needCmap bool) (*Font, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("pdf: font: too short (%d bytes)", len(b))
	}
	switch v := be32(b, 0); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F: // 'OTTO'
		return nil, fmt.Errorf("pdf: font: CFF-based OpenType is not supported")
	case 0x74746366: // 'ttcf'
		return nil, fmt.Errorf("pdf: font: font collections are not supported")
	default:
		return nil, fmt.Errorf("pdf: font: not a TrueType font (version %#08x)", v)
	}
	f := &Font{b: b}
	var cmapT, locaT tableSpan
	n := int(be16(b, 4))
	if 12+16*n > len(b) {
		return nil, fmt.Errorf("pdf: font: table directory of %d tables truncated", n)
	}
	for i := range n {
		r := 12 + 16*i
		off, ln := uint64(be32(b, r+8)), uint64(be32(b, r+12))
		if off+ln > uint64(len(b)) {
			return nil, fmt.Errorf("pdf: font: table %q outside the file", b[r:r+4])
		}
		s := tableSpan{int(off), int(ln)}
		switch string(b[r : r+4]) {
		case "head":
			f.head = s
		case "hhea":
			f.hhea = s
		case "hmtx":
			f.hmtx = s
		case "maxp":
			f.maxp = s
		case "glyf":
			f.glyf = s
		case "loca":
			locaT = s
		case "cmap":
			cmapT = s
		case "OS/2":
			f.os2 = s
		case "post":
			f.post = s
		case "name":
			f.name = s
		case "cvt ":
			f.cvt = s
		case "fpgm":
			f.fpgm = s
		case "prep":
			f.prep = s
		case "gasp":
			f.gasp = s
		}
	}

	if f.head.n < 54 || be32(b, f.head.off+12) != 0x5F0F3CF5 {
		return nil, fmt.Errorf("pdf: font: head table missing or invalid")
	}
	upem := int(be16(b, f.head.off+18))
	if upem < 16 || upem > 16384 {
		return nil, fmt.Errorf("pdf: font: unitsPerEm %d out of range", upem)
	}
	f.scale = 1000 / float64(upem)
	locFormat := be16(b, f.head.off+50)
	if locFormat > 1 {
		return nil, fmt.Errorf("pdf: font: unknown indexToLocFormat %d", locFormat)
	}
	if f.maxp.n < 6 {
		return nil, fmt.Errorf("pdf: font: maxp table missing")
	}
	f.numGlyphs = int(be16(b, f.maxp.off+4))
	if f.numGlyphs == 0 {
		return nil, fmt.Errorf("pdf: font: no glyphs")
	}
	if f.hhea.n < 36 {
		return nil, fmt.Errorf("pdf: font: hhea table missing")
	}
	f.numHMetric = int(be16(b, f.hhea.off+34))
	if f.numHMetric == 0 || f.numHMetric > f.numGlyphs {
		return nil, fmt.Errorf("pdf: font: %d horizontal metrics for %d glyphs", f.numHMetric, f.numGlyphs)
	}
	if f.hmtx.n < 4*f.numHMetric {
		return nil, fmt.Errorf("pdf: font: hmtx table truncated")
	}
	if f.glyf.n == 0 && locaT.n == 0 {
		return nil, fmt.Errorf("pdf: font: no glyf/loca tables (only TrueType outlines are supported)")
	}
	if err := f.parseLoca(locaT, locFormat == 1); err != nil {
		return nil, err
	}
	if err := f.checkGlyphs(); err != nil {
		return nil, err
	}
	if cmapT.n > 0 {
		f.cmap = findCmap(b, cmapT)
	}
	if needCmap && f.cmap.format == 0 {
		return nil, fmt.Errorf("pdf: font: no Unicode cmap (format 4 or 12)")
	}
	f.ps = postScriptName(b, f.name)
	f.met = f.metrics()
	f.missing = f.met.MissingWidth
	if f.missing == 0 {
		f.missing = 500
	}
	return f, nil
}

func (f *Font) parseLoca(t tableSpan, long bool) error {
	size := 2
	if long {
		size = 4
	}
	if t.n < (f.numGlyphs+1)*size {
		return fmt.Errorf("pdf: font: loca table truncated")
	}
	f.loca = make([]uint32, f.numGlyphs+1)
	prev := uint32(0)
	for i := range f.loca {
		var o uint32
		if long {
			o = be32(f.b, t.off+4*i)
		} else {
			o = 2 * uint32(be16(f.b, t.off+2*i))
		}
		if o < prev || o > uint32(f.glyf.n) {
			return fmt.Errorf("pdf: font: loca entry %d (%d) out of order or past glyf", i, o)
		}
		f.loca[i], prev = o, o
	}
	return nil
}

// checkGlyphs verifies each glyph's header and composite records, so Subset may trust them.
func (f *Font) checkGlyphs() error {
	for g := range f.numGlyphs {
		d := f.glyph(g)
		if len(d) == 0 {
			continue
		}
		if len(d) < 10 {
			return fmt.Errorf("pdf: font: glyph %d truncated", g)
		}
		if int16(be16(d, 0)) >= 0 {
			continue
		}
		for p := 10; ; {
			if p+4 > len(d) {
				return fmt.Errorf("pdf: font: glyph %d: composite record truncated", g)
			}
			flags, c := be16(d, p), int(be16(d, p+2))
			if c >= f.numGlyphs {
				return fmt.Errorf("pdf: font: glyph %d: component %d out of range", g, c)
			}
			p += componentSize(flags)
			if p > len(d) {
				return fmt.Errorf("pdf: font: glyph %d: composite record truncated", g)
			}
			if flags&moreComponents == 0 {
				break
			}
		}
	}
	return nil
}

// componentSize is the length of a composite glyph's component record with these flags.
func componentSize(flags uint16) int {
	n := 2 + 2 + 2 // flags, glyphIndex, two byte arguments
	if flags&argsAreWords != 0 {
		n += 2
	}
	switch {
	case flags&weHaveAScale != 0:
		n += 2
	case flags&xAndYScale != 0:
		n += 4
	case flags&twoByTwo != 0:
		n += 8
	}
	return n
}

// glyph is the outline data of glyph g; empty for glyphs without outlines.
func (f *Font) glyph(g int) []byte {
	return f.b[f.glyf.off+int(f.loca[g]) : f.glyf.off+int(f.loca[g+1])]
}

// findCmap picks (3,10) or (0,4..6) format 12, else the first (3,1) or (0,x) format 4,
// the subtable gofpdf reads, so BMP widths agree with it.
func findCmap(b []byte, t tableSpan) cmapSub {
	if t.n < 4 {
		return cmapSub{}
	}
	n := int(be16(b, t.off+2))
	var best cmapSub
	for i := range n {
		r := t.off + 4 + 8*i
		if r+8 > t.off+t.n {
			break
		}
		pid, eid, o := be16(b, r), be16(b, r+2), be32(b, r+4)
		if uint64(o)+8 > uint64(t.n) {
			continue
		}
		off := int(o)
		s := t.off + off
		switch format := be16(b, s); {
		case format == 12 && (pid == 3 && eid == 10 || pid == 0 && eid >= 4):
			if s+16 > t.off+t.n {
				continue
			}
			end := s + int(min(be32(b, s+4), uint32(t.n-off)))
			groups := min(int(be32(b, s+12)), (end-s-16)/12)
			if groups > 0 {
				return cmapSub{format: 12, off: s, end: end, n: groups}
			}
		case format == 4 && best.format == 0 && (pid == 3 && eid == 1 || pid == 0):
			if s+14 > t.off+t.n {
				continue
			}
			end := s + min(int(be16(b, s+2)), t.n-off)
			segs := int(be16(b, s+6)) / 2
			if 16+8*segs <= end-s {
				best = cmapSub{format: 4, off: s, end: end, n: segs}
			}
		}
	}
	return best
}

// GlyphID is the glyph of r in the cmap; 0 when unmapped.
func (f *Font) GlyphID(r rune) uint16 {
	var g uint32
	switch f.cmap.format {
	case 4:
		g = f.lookup4(r)
	case 12:
		g = f.lookup12(r)
	}
	if g >= uint32(f.numGlyphs) {
		return 0
	}
	return uint16(g)
}

func (f *Font) lookup4(r rune) uint32 {
	if r < 0 || r > 0xFFFF {
		return 0
	}
	b, c := f.b, &f.cmap
	ends := c.off + 14
	starts := ends + 2*c.n + 2
	deltas := starts + 2*c.n
	ranges := deltas + 2*c.n
	// The first segment whose endCode >= r.
	lo, hi := 0, c.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rune(be16(b, ends+2*m)) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == c.n {
		return 0
	}
	start := rune(be16(b, starts+2*lo))
	if r < start {
		return 0
	}
	delta := be16(b, deltas+2*lo)
	ro := int(be16(b, ranges+2*lo))
	if ro == 0 {
		return uint32(uint16(r) + delta)
	}
	p := ranges + 2*lo + ro + 2*int(r-start)
	if p+2 > c.end {
		return 0
	}
	g := be16(b, p)
	if g == 0 {
		return 0
	}
	return uint32(g + delta)
}

func (f *Font) lookup12(r rune) uint32 {
	if r < 0 {
		return 0
	}
	b, c, u := f.b, &f.cmap, uint32(r)
	lo, hi := 0, c.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if be32(b, c.off+16+12*m+4) < u { // endCharCode
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == c.n {
		return 0
	}
	g := c.off + 16 + 12*lo
	start := be32(b, g)
	if u < start {
		return 0
	}
	return be32(b, g+8) + (u - start)
}

// advance is the hmtx advance of glyph g; gofpdf treats advances >= 32768 as 0.
func (f *Font) advance(g int) int {
	g = min(g, f.numHMetric-1)
	a := int(be16(f.b, f.hmtx.off+4*g))
	if a >= 1<<15 {
		a = 0
	}
	return a
}

// GlyphWidth is the advance of glyph gid in 1/1000 em, for the PDF /W array. It scales
// by 1000/unitsPerEm before rounding, as gofpdf does, so it always equals Width for
// the runes mapped to gid and the PDF's widths are the ones the layout measured.
func (f *Font) GlyphWidth(gid uint16) int {
	if int(gid) >= f.numGlyphs {
		return 0
	}
	return int(math.Round(f.scale * float64(f.advance(int(gid)))))
}

// Width is the advance of r in 1/1000 em exactly as gofpdf measures one rune, so
// line breaks stay where maroto put them: unmapped runes (and U+0000, U+FFFF,
// which gofpdf never maps) count the missing width, or 500 when that is 0.
// Beyond the BMP, which gofpdf cannot measure, a mapped rune has its glyph's width.
func (f *Font) Width(r rune) int {
	if r > 0xFFFF {
		r = 0xFFFD // what Page.Text draws instead
	}
	g := f.GlyphID(r)
	if g == 0 || r == 0 || r == 0xFFFF {
		return f.missing
	}
	return f.GlyphWidth(g)
}

// NumGlyphs is the number of glyphs (maxp.numGlyphs).
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// PostScriptName is the name table's nameID 6 in PDF name characters; "Font" when absent.
func (f *Font) PostScriptName() string { return f.ps }

// Metrics are the FontDescriptor values.
func (f *Font) Metrics() Metrics { return f.met }

// metrics follows gofpdf's choices, so documents describe the font as before:
// hhea ascender/descender (OS/2 typo values only when hhea says 0), which in
// Liberation equal usWinAscent/Descent, the spacing office programs use, while
// its typo values are much smaller. Values are rounded where gofpdf truncates
// (at most 1/1000 em apart).
func (f *Font) metrics() Metrics {
	b := f.b
	sc := func(v uint16) int { return int(math.Round(f.scale * float64(int16(v)))) }
	h := f.head.off
	m := Metrics{BBox: [4]int{sc(be16(b, h+36)), sc(be16(b, h+38)), sc(be16(b, h+40)), sc(be16(b, h+42))}}
	m.Ascent, m.Descent = sc(be16(b, f.hhea.off+4)), sc(be16(b, f.hhea.off+6))
	weight := 500
	if o := f.os2; o.n >= 72 {
		weight = int(be16(b, o.off+4))
		if m.Ascent == 0 {
			m.Ascent = sc(be16(b, o.off+68))
		}
		if m.Descent == 0 {
			m.Descent = sc(be16(b, o.off+70))
		}
		m.CapHeight = m.Ascent
		if be16(b, o.off) >= 2 && o.n >= 90 {
			m.CapHeight = sc(be16(b, o.off+88))
		}
	} else {
		if m.Ascent == 0 {
			m.Ascent = m.BBox[3]
		}
		if m.Descent == 0 {
			m.Descent = m.BBox[1]
		}
		m.CapHeight = m.Ascent
	}
	m.StemV = 50 + int(math.Pow(float64(weight)/65, 2))
	m.Flags = flagSymbolic
	if p := f.post; p.n >= 16 {
		m.ItalicAngle = float64(int32(be32(b, p.off+4))) / 65536
		if be32(b, p.off+12) != 0 {
			m.Flags |= flagFixedPitch
		}
	}
	if m.ItalicAngle != 0 {
		m.Flags |= flagItalic
	}
	if weight >= 600 {
		m.Flags |= flagForceBold
	}
	m.MissingWidth = f.GlyphWidth(0)
	return m
}

// postScriptName reads nameID 6, preferring Windows (UTF-16BE), then Mac, then Unicode platform.
func postScriptName(b []byte, t tableSpan) string {
	if t.n < 6 {
		return "Font"
	}
	count, strs := int(be16(b, t.off+2)), int(be16(b, t.off+4))
	best, rank := []byte(nil), 0
	wide := false
	for i := range count {
		r := t.off + 6 + 12*i
		if r+12 > t.off+t.n {
			break
		}
		pid, id := be16(b, r), be16(b, r+6)
		ln, off := int(be16(b, r+8)), int(be16(b, r+10))
		if id != 6 || strs+off+ln > t.n {
			continue
		}
		k := 0
		switch pid {
		case 3:
			k = 3
		case 1:
			k = 2
		case 0:
			k = 1
		}
		if k > rank {
			s := t.off + strs + off
			best, rank, wide = b[s:s+ln], k, pid != 1
		}
	}
	out := make([]byte, 0, 63)
	step := 1
	if wide {
		step = 2
	}
	for i := 0; i+step <= len(best) && len(out) < cap(out); i += step {
		c := best[i+step-1]
		if step == 2 && best[i] != 0 {
			continue
		}
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "Font"
	}
	return string(out)
}

// Subset returns a TrueType font program with the outlines and metrics of the
// given glyphs only, plus glyph 0 and the components of composite glyphs. Glyph
// ids stay as they are (other slots are left empty), so the document's
// CIDToGIDMap names them directly. gids may repeat and be in any order; the same
// set gives the same bytes.
func (f *Font) Subset(gids []uint16) ([]byte, error) {
	// On the stack for fonts up to 4096 glyphs and documents up to 256 glyphs:
	// the output is then Subset's only allocation.
	var usedBuf [64]uint64
	var stackBuf [256]uint16
	used := usedBuf[:]
	if n := (f.numGlyphs + 63) / 64; n > len(usedBuf) {
		used = make([]uint64, n)
	}
	stack := append(stackBuf[:0], 0)
	used[0] = 1
	for _, g := range gids {
		if int(g) >= f.numGlyphs {
			return nil, fmt.Errorf("pdf: subset: glyph %d out of range (font has %d)", g, f.numGlyphs)
		}
		if used[g/64]&(1<<(g%64)) == 0 {
			used[g/64] |= 1 << (g % 64)
			stack = append(stack, g)
		}
	}
	// Follow composite components; marking first keeps cycles finite.
	glyfLen := 0
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := f.glyph(int(g))
		glyfLen += pad4(len(d))
		if len(d) == 0 || int16(be16(d, 0)) >= 0 {
			continue
		}
		for p := 10; ; {
			flags, c := be16(d, p), be16(d, p+2)
			if used[c/64]&(1<<(c%64)) == 0 {
				used[c/64] |= 1 << (c % 64)
				stack = append(stack, c)
			}
			if flags&moreComponents == 0 {
				break
			}
			p += componentSize(flags)
		}
	}

	// Tables in tag order (the directory must be sorted); absent optional ones are skipped.
	const postLen = 32
	all := [...]subTable{
		{"OS/2", f.os2, 0}, {"cvt ", f.cvt, 0}, {"fpgm", f.fpgm, 0}, {"gasp", f.gasp, 0},
		{"glyf", tableSpan{}, glyfLen}, {"head", f.head, 0}, {"hhea", f.hhea, 0},
		{"hmtx", f.hmtx, 0}, {"loca", tableSpan{}, 4 * (f.numGlyphs + 1)}, {"maxp", f.maxp, 0},
		{"name", f.name, 0}, {"post", tableSpan{}, postLen}, {"prep", f.prep, 0},
	}
	var tabBuf [len(all)]subTable
	var offs [len(all)]int
	tabs := tabBuf[:0]
	for _, t := range all {
		if t.src.n > 0 {
			t.size = t.src.n
		}
		if t.size > 0 || t.tag == "glyf" {
			tabs = append(tabs, t)
		}
	}
	nt := len(tabs)
	total := 12 + 16*nt
	for i, t := range tabs {
		offs[i] = total
		total += pad4(t.size)
	}
	out := make([]byte, total)

	sel := bits.Len(uint(nt)) - 1
	sr := 16 << sel
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(nt))
	binary.BigEndian.PutUint16(out[6:], uint16(sr))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*nt-sr))

	var glyf, loca, hmtx, head []byte
	for i, t := range tabs {
		d := out[offs[i] : offs[i]+t.size]
		switch t.tag {
		case "glyf":
			glyf = d
		case "loca":
			loca = d
		case "hmtx":
			hmtx = d
		case "post":
			binary.BigEndian.PutUint32(d, 0x00030000)
			if f.post.n >= 16 {
				copy(d[4:16], f.b[f.post.off+4:]) // italicAngle, underline, isFixedPitch
			}
		default:
			copy(d, f.b[t.src.off:t.src.off+t.src.n])
			if t.tag == "head" {
				head = d
				binary.BigEndian.PutUint32(d[8:], 0)  // checkSumAdjustment, set last
				binary.BigEndian.PutUint16(d[50:], 1) // long loca
			}
		}
	}
	// Unused glyphs' metrics stay zero, so hmtx deflates to little more than the used
	// ones; the last long metric is kept, as glyphs after it share its advance.
	src := f.b[f.hmtx.off : f.hmtx.off+f.hmtx.n]
	nh := f.numHMetric
	copy(hmtx[4*(nh-1):4*nh], src[4*(nh-1):])
	p := 0
	for g := range f.numGlyphs {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(p))
		if used[g/64]&(1<<(g%64)) == 0 {
			continue
		}
		d := f.glyph(g)
		copy(glyf[p:], d)
		p += pad4(len(d))
		if m := 4 * g; g < nh {
			copy(hmtx[m:m+4], src[m:])
		} else if m = 4*nh + 2*(g-nh); m+2 <= len(src) {
			copy(hmtx[m:m+2], src[m:]) // left side bearing only
		}
	}
	binary.BigEndian.PutUint32(loca[4*f.numGlyphs:], uint32(p))

	for i, t := range tabs {
		r := out[12+16*i:]
		copy(r, t.tag)
		binary.BigEndian.PutUint32(r[4:], tableChecksum(out[offs[i]:offs[i]+pad4(t.size)]))
		binary.BigEndian.PutUint32(r[8:], uint32(offs[i]))
		binary.BigEndian.PutUint32(r[12:], uint32(t.size))
	}
	binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-tableChecksum(out))
	return out, nil
}

// subTable is one table of a subset: copied from src, or built when src is empty.
type subTable struct {
	tag  string
	src  tableSpan
	size int
}

func pad4(n int) int { return (n + 3) &^ 3 }

func tableChecksum(b []byte) uint32 {
	var s uint32
	for i := 0; i+4 <= len(b); i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	if r := len(b) % 4; r != 0 {
		var t [4]byte
		copy(t[:], b[len(b)-r:])
		s += binary.BigEndian.Uint32(t[:])
	}
	return s
}

func be16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func be32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }
