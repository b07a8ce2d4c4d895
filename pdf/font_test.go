package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handlingsplan/templates"
)

var libFonts = []struct {
	name string
	data []byte
	ps   string
	bold bool
	ital bool
}{
	{"Regular", templates.FontRegular, "LiberationSans", false, false},
	{"Bold", templates.FontBold, "LiberationSans-Bold", true, false},
	{"Italic", templates.FontItalic, "LiberationSans-Italic", false, true},
}

// subsetText has what plans print: Swedish letters (some composite in Liberation), –, ≥, % and €.
const subsetText = "Hjärt- och kärlsjukdomar – ≥ 90 % åäöÅÄÖé€"

func mustParseFont(tb testing.TB, b []byte) *Font {
	tb.Helper()
	f, err := ParseFont(b)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func TestParseFont(t *testing.T) {
	for _, tc := range libFonts {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParseFont(t, tc.data)
			if got := f.PostScriptName(); got != tc.ps {
				t.Errorf("PostScriptName = %q, want %q", got, tc.ps)
			}
			if f.NumGlyphs() < 2000 {
				t.Errorf("NumGlyphs = %d, want Liberation's 2600-odd", f.NumGlyphs())
			}
			for _, r := range "Aaåä–≥€ " {
				if f.GlyphID(r) == 0 {
					t.Errorf("GlyphID(%q) = 0, want a glyph", r)
				}
			}
			for _, r := range []rune{'\u4E00', '\U0001F600', -1, 0x110000} {
				if g := f.GlyphID(r); g != 0 {
					t.Errorf("GlyphID(%U) = %d, want 0 (unmapped)", r, g)
				}
				if w := f.Width(r); w != f.Metrics().MissingWidth {
					t.Errorf("Width(%U) = %d, want the missing width %d", r, w, f.Metrics().MissingWidth)
				}
			}
			// Liberation Sans is metric-compatible with Arial: these are Arial's widths.
			widths := map[rune]int{'A': 667, 'i': 222, ' ': 278, 'W': 944, '0': 556, '–': 556}
			if tc.bold {
				widths = map[rune]int{'A': 722, 'i': 278, ' ': 278, 'W': 944, '0': 556, '–': 556}
			}
			for r, want := range widths {
				if got := f.Width(r); got != want {
					t.Errorf("Width(%q) = %d, want %d", r, got, want)
				}
				if got := f.GlyphWidth(f.GlyphID(r)); got != want {
					t.Errorf("GlyphWidth(GlyphID(%q)) = %d, want %d", r, got, want)
				}
			}
			for r := rune(1); r < 0xFFFF; r++ {
				if g := f.GlyphID(r); g != 0 && f.Width(r) != f.GlyphWidth(g) {
					t.Fatalf("Width(%U) = %d, GlyphWidth(%d) = %d: the PDF would not show what the layout measured", r, f.Width(r), g, f.GlyphWidth(g))
				}
			}
			if got := f.GlyphWidth(uint16(f.NumGlyphs())); got != 0 {
				t.Errorf("GlyphWidth(past the end) = %d, want 0", got)
			}

			m := f.Metrics()
			if m.Ascent != 905 || m.Descent != -212 || m.CapHeight != 688 {
				t.Errorf("Ascent, Descent, CapHeight = %d, %d, %d, want 905, -212, 688", m.Ascent, m.Descent, m.CapHeight)
			}
			if m.BBox[0] >= 0 || m.BBox[1] >= m.Descent || m.BBox[2] <= 1000 || m.BBox[3] <= m.Ascent {
				t.Errorf("BBox = %v, want around the ascent and descent", m.BBox)
			}
			if m.MissingWidth != 750 {
				t.Errorf("MissingWidth = %d, want 750 (.notdef)", m.MissingWidth)
			}
			wantFlags := flagSymbolic
			if tc.ital {
				wantFlags |= flagItalic
			}
			if tc.bold {
				wantFlags |= flagForceBold
			}
			if m.Flags != wantFlags {
				t.Errorf("Flags = %#x, want %#x", m.Flags, wantFlags)
			}
			if (m.ItalicAngle != 0) != tc.ital || m.ItalicAngle > 0 {
				t.Errorf("ItalicAngle = %v, italic %v", m.ItalicAngle, tc.ital)
			}
			if wantStem := map[bool]int{false: 50 + 37, true: 50 + 115}[tc.bold]; m.StemV != wantStem {
				t.Errorf("StemV = %d, want %d", m.StemV, wantStem)
			}
		})
	}
}

func TestParseFontRejects(t *testing.T) {
	reg := templates.FontRegular
	withVersion := func(v uint32) []byte {
		b := slices.Clone(reg[:4096])
		binary.BigEndian.PutUint32(b, v)
		return b
	}
	// A font whose head table says an unknown loca format.
	badLoca := slices.Clone(reg)
	f := mustParseFont(t, reg)
	binary.BigEndian.PutUint16(badLoca[f.head.off+50:], 7)
	// A composite glyph pointing past the last glyph.
	badComp := slices.Clone(reg)
	comp := firstComposite(t, f)
	binary.BigEndian.PutUint16(badComp[f.glyf.off+int(f.loca[comp])+12:], 0xFFFF)

	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"text", []byte("<html><body>not a font</body></html>"), "not a TrueType font"},
		{"OpenType CFF", withVersion(0x4F54544F), "CFF"},
		{"collection", withVersion(0x74746366), "collections"},
		{"directory cut", reg[:200], "directory of 19 tables truncated"},
		{"tables cut", reg[:400], "outside the file"},
		{"truncated", reg[:len(reg)/2], "outside the file"},
		{"loca format", badLoca, "indexToLocFormat"},
		{"component", badComp, "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFont(tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pdf: ") {
				t.Fatalf("ParseFont: error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func firstComposite(tb testing.TB, f *Font) int {
	tb.Helper()
	for g := range f.NumGlyphs() {
		if d := f.glyph(g); len(d) > 0 && int16(be16(d, 0)) < 0 {
			return g
		}
	}
	tb.Fatal("no composite glyph in the font")
	return 0
}

// textGlyphs are the glyphs of s, in text order, with duplicates, as a document asks for them.
func textGlyphs(f *Font, s string) []uint16 {
	var g []uint16
	for _, r := range s {
		g = append(g, f.GlyphID(r))
	}
	return g
}

// closure is the glyph set a subset must hold, found by the test's own walk of the composites.
func glyphClosure(f *Font, gids []uint16) map[int]bool {
	want := map[int]bool{0: true}
	todo := []int{0}
	for _, g := range gids {
		todo = append(todo, int(g))
	}
	for len(todo) > 0 {
		g := todo[0]
		todo = todo[1:]
		want[g] = true
		d := f.glyph(g)
		if len(d) == 0 || int16(be16(d, 0)) >= 0 {
			continue
		}
		for p := 10; ; {
			flags := be16(d, p)
			if c := int(be16(d, p+2)); !want[c] {
				todo = append(todo, c)
			}
			if flags&moreComponents == 0 {
				break
			}
			p += componentSize(flags)
		}
	}
	return want
}

func TestSubset(t *testing.T) {
	for _, tc := range libFonts {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParseFont(t, tc.data)
			gids := textGlyphs(f, subsetText)
			sub, err := f.Subset(gids)
			if err != nil {
				t.Fatal(err)
			}
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write(sub)
			zw.Close()
			t.Logf("subset of %d glyphs (%d with composites' parts): %d bytes, %d deflated; font %d bytes", len(gids), len(glyphClosure(f, gids)), len(sub), z.Len(), len(tc.data))
			if len(sub) > len(tc.data)/8 {
				t.Errorf("subset is %d bytes, want far less than the font's %d", len(sub), len(tc.data))
			}
			checkFontSums(t, sub)

			s, err := parse(sub, false)
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			if s.NumGlyphs() != f.NumGlyphs() {
				t.Errorf("subset has %d glyphs, want %d (ids unchanged)", s.NumGlyphs(), f.NumGlyphs())
			}
			want := glyphClosure(f, gids)
			if len(want) <= len(slices.Compact(slices.Sorted(slices.Values(append(gids, 0))))) {
				t.Errorf("no composite glyph among %q: the test does not exercise components", subsetText)
			}
			for g := range f.NumGlyphs() {
				got := s.glyph(g)
				switch {
				case want[g] && !bytes.Equal(got[:min(len(got), len(f.glyph(g)))], f.glyph(g)):
					t.Errorf("glyph %d: %d bytes, want the font's %d", g, len(got), len(f.glyph(g)))
				case !want[g] && len(got) != 0:
					t.Errorf("glyph %d: %d bytes, want empty (not used)", g, len(got))
				}
				if w := s.GlyphWidth(uint16(g)); want[g] && w != f.GlyphWidth(uint16(g)) || !want[g] && w != 0 && g != f.numHMetric-1 {
					t.Fatalf("glyph %d: width %d, want %d if used, else 0", g, w, f.GlyphWidth(uint16(g)))
				}
			}
			if s.Metrics() != f.Metrics() || s.PostScriptName() != f.PostScriptName() {
				t.Errorf("subset metrics %+v %q, want %+v %q", s.Metrics(), s.PostScriptName(), f.Metrics(), f.PostScriptName())
			}
			if s.GlyphID('A') != 0 {
				t.Errorf("subset maps runes, want no cmap")
			}
			tags := fontTableTags(sub)
			wantTags := []string{"OS/2", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"}
			if !slices.Equal(tags, wantTags) {
				t.Errorf("tables %q, want %q", tags, wantTags)
			}

			// Same set in another order, with repeats: same bytes.
			again := slices.Clone(gids)
			slices.Reverse(again)
			again = append(again, gids...)
			sub2, err := f.Subset(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sub, sub2) {
				t.Error("Subset is not deterministic for the same glyph set")
			}
			outlines := 0
			for g := range want {
				if len(f.glyph(g)) > 0 {
					outlines++
				}
			}
			checkTTX(t, sub, outlines)
		})
	}
}

func TestSubsetEdges(t *testing.T) {
	f := mustParseFont(t, templates.FontRegular)
	if _, err := f.Subset([]uint16{uint16(f.NumGlyphs())}); err == nil || !strings.HasPrefix(err.Error(), "pdf: ") {
		t.Errorf("Subset(past the end): error %v, want one", err)
	}
	for _, gids := range [][]uint16{nil, {0}, allGlyphs(f)} {
		sub, err := f.Subset(gids)
		if err != nil {
			t.Fatal(err)
		}
		checkFontSums(t, sub)
		s, err := parse(sub, false)
		if err != nil {
			t.Fatalf("subset of %d glyphs does not parse: %v", len(gids), err)
		}
		if len(s.glyph(0)) == 0 {
			t.Errorf("subset of %d glyphs lacks .notdef", len(gids))
		}
	}
}

func allGlyphs(f *Font) []uint16 {
	g := make([]uint16, f.NumGlyphs())
	for i := range g {
		g[i] = uint16(i)
	}
	return g
}

// checkFontSums verifies the table checksums and the whole-file checksum a font's head promises.
func checkFontSums(tb testing.TB, b []byte) {
	tb.Helper()
	n := int(be16(b, 4))
	sel := int(be16(b, 8))
	if sr := int(be16(b, 6)); sr != 16<<sel || 16<<sel > 16*n || 32<<sel <= 16*n || int(be16(b, 10)) != 16*n-sr {
		tb.Errorf("directory search fields %d %d %d wrong for %d tables", sr, sel, be16(b, 10), n)
	}
	for i := range n {
		r := b[12+16*i:]
		off, ln := int(be32(r, 8)), int(be32(r, 12))
		if off%4 != 0 {
			tb.Errorf("table %q at %d, not 4-byte aligned", r[:4], off)
		}
		d := slices.Clone(b[off : off+pad4(ln)])
		if string(r[:4]) == "head" {
			binary.BigEndian.PutUint32(d[8:], 0)
			if be16(d, 50) != 1 {
				tb.Errorf("head.indexToLocFormat = %d, want 1 (long loca)", be16(d, 50))
			}
		}
		if got, want := tableChecksum(d), be32(r, 4); got != want {
			tb.Errorf("table %q: checksum %#x, directory says %#x", r[:4], got, want)
		}
	}
	if s := tableChecksum(b); s != 0xB1B0AFBA {
		tb.Errorf("whole-file checksum %#x, want 0xB1B0AFBA", s)
	}
}

func fontTableTags(b []byte) []string {
	var tags []string
	for i := range int(be16(b, 4)) {
		tags = append(tags, string(b[12+16*i:16+16*i]))
	}
	return tags
}

// checkTTX has fontTools decompile every table of the subset and count its non-empty
// glyphs, when it is installed (not on CI).
func checkTTX(t *testing.T, sub []byte, glyphs int) {
	ttx, err := exec.LookPath("ttx")
	if err != nil {
		t.Log("ttx not installed: fontTools check skipped")
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "sub.ttf")
	if err := os.WriteFile(p, sub, 0o600); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(dir, "sub.ttx")
	out, err := exec.Command(ttx, "-q", "-o", x, p).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("ttx: %v\n%s", err, out)
	}
	dump, err := os.ReadFile(x)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for l := range strings.Lines(string(dump)) {
		if strings.Contains(l, "<TTGlyph ") && !strings.Contains(l, "/>") {
			n++
		}
	}
	if n != glyphs {
		t.Errorf("ttx finds %d glyphs with outlines, want %d", n, glyphs)
	}
}

// rebuild writes a font from f's tables with some replaced (nil drops one), for variants
// Liberation lacks: a format 12 cmap, a short loca, odd composites.
func rebuild(tb testing.TB, f *Font, replace map[string][]byte) []byte {
	tb.Helper()
	tables := map[string][]byte{}
	b := f.b
	for i := range int(be16(b, 4)) {
		r := b[12+16*i:]
		tables[string(r[:4])] = b[be32(r, 8) : be32(r, 8)+be32(r, 12)]
	}
	for tag, d := range replace {
		if d == nil {
			delete(tables, tag)
		} else {
			tables[tag] = d
		}
	}
	return sfnt(tables)
}

// sfnt lays tables out as a font file (directory search fields left zero: parsers ignore them).
func sfnt(tables map[string][]byte) []byte {
	tags := slices.Sorted(maps.Keys(tables))
	out := make([]byte, 12+16*len(tags))
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	for i, tag := range tags {
		r := out[12+16*i:]
		copy(r, tag)
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(tables[tag])))
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// be builds big-endian table data from 16-bit (int, uint16, int16, rune), uint32 and string values.
func be(vs ...any) []byte {
	var b []byte
	for _, v := range vs {
		switch v := v.(type) {
		case int:
			b = binary.BigEndian.AppendUint16(b, uint16(v))
		case uint16:
			b = binary.BigEndian.AppendUint16(b, v)
		case int16:
			b = binary.BigEndian.AppendUint16(b, uint16(v))
		case rune:
			b = binary.BigEndian.AppendUint16(b, uint16(v))
		case uint32:
			b = binary.BigEndian.AppendUint32(b, v)
		case string:
			b = append(b, v...)
		}
	}
	return b
}

// tinyFont is a small font unlike Liberation: 1000 units per em, short loca, one
// hmtx entry shared by trailing glyphs, a three-part composite, and a format 4
// (cmap12 false) or format 12 cmap. Glyphs: 0 .notdef, 1 space (empty), 2 a triangle,
// 3 "A" made of glyph 2 three times, 4 an unmapped triangle.
func tinyFont(cmap12 bool) []byte {
	tri := be(1, 0, 0, 500, 700, 2, 0, "\x01\x01\x01", 0, 250, 500, 0, 700, 0)
	tri = append(tri, 0) // pad to even length for the short loca
	comp := be(-1, 0, 0, 500, 700,
		argsAreWords|weHaveAScale|moreComponents, 2, 0, 0, 0x4000,
		xAndYScale|moreComponents, 2, "\x0a\x0a", 0x2000, 0x2000,
		twoByTwo, 2, "\x00\x00", 0x4000, 0, 0, 0x4000)
	glyphs := [][]byte{tri, nil, tri, comp, tri}
	var glyf, loca []byte
	for _, g := range glyphs {
		loca = append(loca, be(len(glyf)/2)...)
		glyf = append(glyf, g...)
	}
	loca = append(loca, be(len(glyf)/2)...)
	var cmap []byte
	if cmap12 {
		cmap = be(0, 1, 3, 10, uint32(12), 12, 0, uint32(16+3*12), uint32(0), uint32(3),
			uint32(' '), uint32(' '), uint32(1), uint32('A'), uint32('B'), uint32(3), uint32(0x1F600), uint32(0x1F600), uint32(2))
	} else {
		// Segments ' ', 'A'–'B' (through idRangeOffset), 0xFFFF.
		cmap = be(0, 1, 3, 1, uint32(12),
			4, 16+8*3+4, 0, 6, 4, 1, 2,
			' ', 'B', 0xFFFF, 0,
			' ', 'A', 0xFFFF,
			1-' ', 0, 1,
			0, 4, 0,
			3, 4)
	}
	name := be(0, 1, 18, 3, 1, 0x409, 6, 18, 0, "\x00T\x00i\x00n\x00y\x00 \x00F\x00o\x00n\x00t")
	os2 := make([]byte, 96)
	copy(os2, be(4, 0, 700))
	copy(os2[68:], be(800, -200))
	copy(os2[88:], be(650))
	return sfnt(map[string][]byte{
		"head": be(uint32(0x10000), uint32(0), uint32(0), uint32(0x5F0F3CF5), 0, 1000,
			uint32(0), uint32(0xE0000000), uint32(0), uint32(0xE0000000), -50, -250, 1200, 950, 0, 8, 2, 0, 0),
		"hhea": be(uint32(0x10000), 900, -300, 0, 1200, 0, 0, 1200, 1, 0, 0, 0, 0, 0, 0, 0, 2),
		"maxp": be(uint32(0x5000), len(glyphs)),
		"hmtx": be(600, 0, 250, 0, 0, 0, 0),
		"loca": loca,
		"glyf": glyf,
		"cmap": cmap,
		"name": name,
		"OS/2": os2,
		"post": be(uint32(0x30000), uint32(0xFFF40000), -100, 50, uint32(1), uint32(0), uint32(0), uint32(0), uint32(0)),
	})
}

func TestTinyFont(t *testing.T) {
	for _, cmap12 := range []bool{false, true} {
		f := mustParseFont(t, tinyFont(cmap12))
		wantGID := map[rune]uint16{' ': 1, 'A': 3, 'B': 4, 'C': 0, 0x1F600: 0, 0xFFFF: 0, 0: 0}
		if cmap12 {
			wantGID[0x1F600] = 2
		}
		for r, want := range wantGID {
			if got := f.GlyphID(r); got != want {
				t.Errorf("cmap12 %v: GlyphID(%U) = %d, want %d", cmap12, r, got, want)
			}
		}
		// ' ' and 'A' have their own or the shared last advance; 'C' is unmapped: .notdef's 600.
		for r, want := range map[rune]int{' ': 250, 'A': 250, 'C': 600} {
			if got := f.Width(r); got != want {
				t.Errorf("Width(%q) = %d, want %d", r, got, want)
			}
		}
		m := f.Metrics()
		want := Metrics{Ascent: 900, Descent: -300, CapHeight: 650, BBox: [4]int{-50, -250, 1200, 950},
			ItalicAngle: -12, StemV: 165, Flags: flagSymbolic | flagItalic | flagForceBold | flagFixedPitch, MissingWidth: 600}
		if m != want {
			t.Errorf("Metrics = %+v, want %+v", m, want)
		}
		if got := f.PostScriptName(); got != "TinyFont" {
			t.Errorf("PostScriptName = %q, want TinyFont", got)
		}
		sub, err := f.Subset([]uint16{3})
		if err != nil {
			t.Fatal(err)
		}
		checkFontSums(t, sub)
		s, err := parse(sub, false)
		if err != nil {
			t.Fatal(err)
		}
		// Glyph 1 holds the last long metric, which glyphs 2–4 share: it stays.
		for g, want := range []int{600, 250, 250, 250, 250} {
			if got := s.GlyphWidth(uint16(g)); got != want {
				t.Errorf("subset glyph %d: width %d, want %d", g, got, want)
			}
		}
		for g, want := range []int{30, 0, 30, 44, 0} {
			if got := len(s.glyph(g)); got != pad4(want) {
				t.Errorf("subset glyph %d: %d bytes, want %d", g, got, pad4(want))
			}
		}
		if !cmap12 {
			checkTTX(t, sub, 3)
		}
	}
}

func TestCmapFormat12(t *testing.T) {
	f := mustParseFont(t, templates.FontRegular)
	// One group per mapped BMP rune, plus a run beyond the BMP onto glyph 3 and up.
	var groups [][3]uint32
	for r := rune(0); r <= 0xFFFF; r++ {
		if g := f.GlyphID(r); g != 0 {
			groups = append(groups, [3]uint32{uint32(r), uint32(r), uint32(g)})
		}
	}
	groups = append(groups, [3]uint32{0x1F600, 0x1F602, 3})
	sub := binary.BigEndian.AppendUint16(nil, 12)
	sub = binary.BigEndian.AppendUint16(sub, 0)
	sub = binary.BigEndian.AppendUint32(sub, uint32(16+12*len(groups)))
	sub = binary.BigEndian.AppendUint32(sub, 0)
	sub = binary.BigEndian.AppendUint32(sub, uint32(len(groups)))
	for _, g := range groups {
		for _, v := range g {
			sub = binary.BigEndian.AppendUint32(sub, v)
		}
	}
	// The format 4 subtable stays first in the directory; format 12 must still win.
	old := f.b[f.cmap.off:f.cmap.end]
	cm := []byte{0, 0, 0, 2, 0, 3, 0, 1, 0, 0, 0, 20, 0, 3, 0, 10}
	cm = binary.BigEndian.AppendUint32(cm, uint32(20+len(old)))
	cm = append(append(cm, old...), sub...)
	g := mustParseFont(t, rebuild(t, f, map[string][]byte{"cmap": cm}))
	if g.cmap.format != 12 {
		t.Fatalf("cmap format %d chosen, want 12", g.cmap.format)
	}
	for r := rune(0); r <= 0xFFFF; r++ {
		if got, want := g.GlyphID(r), f.GlyphID(r); got != want {
			t.Fatalf("format 12 GlyphID(%U) = %d, format 4 says %d", r, got, want)
		}
	}
	for r, want := range map[rune]uint16{0x1F5FF: 0, 0x1F600: 3, 0x1F602: 5, 0x1F603: 0, 0x10FFFF: 0} {
		if got := g.GlyphID(r); got != want {
			t.Errorf("GlyphID(%U) = %d, want %d", r, got, want)
		}
	}
}

func TestShortLoca(t *testing.T) {
	lib := mustParseFont(t, templates.FontRegular)
	small, err := lib.Subset(textGlyphs(lib, subsetText))
	if err != nil {
		t.Fatal(err)
	}
	// Liberation's loca is long and its glyf too big for a short one: rewrite a subset's.
	f, err := parse(small, false)
	if err != nil {
		t.Fatal(err)
	}
	loca := make([]byte, 2*len(f.loca))
	for i, o := range f.loca {
		if o%2 != 0 || o/2 > 0xFFFF {
			t.Skipf("glyph offset %d does not fit a short loca", o)
		}
		binary.BigEndian.PutUint16(loca[2*i:], uint16(o/2))
	}
	head := slices.Clone(f.b[f.head.off : f.head.off+f.head.n])
	binary.BigEndian.PutUint16(head[50:], 0)
	g, err := parse(rebuild(t, f, map[string][]byte{"loca": loca, "head": head}), false)
	if err != nil {
		t.Fatal(err)
	}
	gids := textGlyphs(lib, subsetText)
	want, err := f.Subset(gids)
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.Subset(gids)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("subsets of the same glyphs differ between short- and long-loca sources")
	}
}

// TestCompositeCycle: a font whose composites refer to each other parses, and Subset ends.
func TestCompositeCycle(t *testing.T) {
	f := mustParseFont(t, templates.FontRegular)
	// glyf: glyph 0 and 1 empty; 2 → 3 and 3 → 2 (a cycle); 4 → 4 (itself); the rest empty.
	comp := func(c uint16) []byte {
		d := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0} // numberOfContours -1, bbox
		d = binary.BigEndian.AppendUint16(d, argsAreWords)
		d = binary.BigEndian.AppendUint16(d, c)
		return append(d, 0, 0, 0, 0)
	}
	var glyf []byte
	loca := make([]byte, 4*(f.NumGlyphs()+1))
	for g := range f.NumGlyphs() {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		switch g {
		case 2:
			glyf = append(glyf, comp(3)...)
		case 3:
			glyf = append(glyf, comp(2)...)
		case 4:
			glyf = append(glyf, comp(4)...)
		}
	}
	binary.BigEndian.PutUint32(loca[4*f.NumGlyphs():], uint32(len(glyf)))
	g := mustParseFont(t, rebuild(t, f, map[string][]byte{"glyf": glyf, "loca": loca}))
	sub, err := g.Subset([]uint16{2, 4})
	if err != nil {
		t.Fatal(err)
	}
	s, err := parse(sub, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{0, 0, 18, 18, 18, 0} {
		if got := len(s.glyph(i)); got != pad4(want) {
			t.Errorf("glyph %d: %d bytes, want %d", i, got, pad4(want))
		}
	}
	checkFontSums(t, sub)
}

// TestFontConcurrent: documents built in parallel share one Font (run with -race).
func TestFontConcurrent(t *testing.T) {
	f := mustParseFont(t, templates.FontRegular)
	want, err := f.Subset(textGlyphs(f, subsetText))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for range 20 {
				got, err := f.Subset(textGlyphs(f, subsetText))
				if err == nil && !bytes.Equal(got, want) {
					err = fmt.Errorf("concurrent Subset differs")
				}
				if err != nil {
					errs <- err
					return
				}
				_ = f.Width('å') + f.Metrics().Ascent
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func FuzzParseFont(f *testing.F) {
	reg := mustParseFont(f, templates.FontRegular)
	sub, err := reg.Subset(textGlyphs(reg, subsetText))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sub)
	f.Add(tinyFont(false))
	f.Add(tinyFont(true))
	f.Add(templates.FontRegular[:4096])
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x10\x00\x00\x00\x00head\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x36"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, needCmap := range []bool{true, false} {
			font, err := parse(b, needCmap)
			if err != nil {
				if font != nil || !strings.HasPrefix(err.Error(), "pdf: ") {
					t.Fatalf("parse: %v, %v", font, err)
				}
				continue
			}
			for _, r := range []rune{0, 'A', 'å', 0xFFFF, 0x1F600, -5} {
				font.Width(r)
			}
			_ = font.Metrics()
			_ = font.PostScriptName()
			gids := []uint16{0, uint16(font.NumGlyphs() - 1), uint16(font.NumGlyphs() / 2)}
			for _, g := range gids {
				font.GlyphWidth(g)
			}
			s, err := font.Subset(gids)
			if err != nil {
				t.Fatalf("Subset of an accepted font: %v", err)
			}
			if _, err := parse(s, false); err != nil {
				t.Fatalf("subset of an accepted font does not parse: %v", err)
			}
			checkFontSums(t, s)
		}
	})
}

func BenchmarkParseFont(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFont(templates.FontRegular); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSubset(b *testing.B) {
	f := mustParseFont(b, templates.FontRegular)
	// A typical document: the Swedish alphabet, digits and the punctuation plans use.
	gids := textGlyphs(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäöé0123456789 .,:;–-()%≥≤/€\"'!?")
	b.ReportAllocs()
	var n int
	for b.Loop() {
		s, err := f.Subset(gids)
		if err != nil {
			b.Fatal(err)
		}
		n = len(s)
	}
	b.ReportMetric(float64(n), "bytes/subset")
}
