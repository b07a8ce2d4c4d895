// Package pdf writes PDF documents of filled rectangles, lines and text in
// embedded TrueType fonts, with document information, language, an outline
// and, when asked for, a structure tree (tagged PDF, tag.go): what our reports
// draw, and no more. A font is parsed once per process and only
// its glyphs a document shows are embedded, so a report costs its own pages and
// not a font's worth of parsing (issue 10: gofpdf spent a third of a build doing
// that for every document). The output is reproducible: the same drawing gives
// the same bytes.
package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"math/bits"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Info is the document information shown by viewers and search tools.
type Info struct {
	Title, Author, Subject, Creator, Keywords string
	Created                                   time.Time
	Lang                                      string // BCP 47, e.g. "sv-SE"
}

// Producer is the document information's Producer: this writer.
const Producer = "Handlingsplaner, pdf"

const ptPerMM = 72 / 25.4

// Document is a PDF being drawn. Coordinates are in millimetres from the top
// left corner of the page. A Document is not safe for concurrent use; separate
// documents are.
type Document struct {
	w, h   float64 // points
	info   Info
	pages  []*Page
	fonts  []*docFont
	byFont map[*Font]*docFont
	marks  []Bookmark
	root   *Elem // the structure tree, when tagged
	// foreign: a page was tagged with another document's element
	foreign bool
}

// docFont is a font as one document uses it: the codes it shows.
type docFont struct {
	f    *Font
	name string // resource name, /F1 …
	used []uint64
}

func (df *docFont) use(c uint16) { df.used[c>>6] |= 1 << (c & 63) }

func (df *docFont) codes() []uint16 {
	var out []uint16
	for i, w := range df.used {
		for w != 0 {
			out = append(out, uint16(i<<6|bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
	return out
}

// Bookmark is an outline entry: level 0 entries are top level, level 1 entries
// belong to the level 0 entry before them.
type Bookmark struct {
	Title string
	Level int
	Page  int     // 0-based
	Y     float64 // mm from the top of the page
}

// New starts a document with pages w × h millimetres.
func New(w, h float64, info Info) *Document {
	return &Document{w: w * ptPerMM, h: h * ptPerMM, info: info, byFont: map[*Font]*docFont{}}
}

// Page is one page's content. The fill colour, font and size set last are
// kept so as not to repeat them: they are graphics state, which survives BT/ET,
// and Line's q…Q restores them.
type Page struct {
	d       *Document
	c       []byte
	fill    Color
	hasFill bool
	font    *docFont
	size    float64

	index    int     // 0-based, the page's StructParents key
	mcids    []*Elem // the element of each marked-content identifier
	mark     int     // markNone, markTag or markArtifact: what is open
	open     *Elem
	artifact Artifact
}

// AddPage adds a page and returns it for drawing.
func (d *Document) AddPage() *Page {
	p := &Page{d: d, c: make([]byte, 0, 16<<10), index: len(d.pages)}
	d.pages = append(d.pages, p)
	return p
}

// AddBookmark adds an outline entry.
func (d *Document) AddBookmark(b Bookmark) { d.marks = append(d.marks, b) }

func (p *Page) x(mm float64) float64 { return mm * ptPerMM }
func (p *Page) y(mm float64) float64 { return p.d.h - mm*ptPerMM }

func (p *Page) setFill(c Color) {
	if p.hasFill && p.fill == c {
		return
	}
	p.fill, p.hasFill = c, true
	p.c = appendColor(p.c, c)
	p.c = append(p.c, " rg\n"...)
}

// Rect fills the rectangle with top left corner (x, y).
func (p *Page) Rect(x, y, w, h float64, c Color) {
	p.setFill(c)
	p.c = appendNums(p.c, p.x(x), p.y(y+h), w*ptPerMM, h*ptPerMM)
	p.c = append(p.c, " re f\n"...)
}

// Line strokes a line of width lw mm.
func (p *Page) Line(x1, y1, x2, y2, lw float64, c Color) {
	p.c = append(p.c, "q "...)
	p.c = appendColor(p.c, c)
	p.c = append(p.c, " RG "...)
	p.c = appendNums(p.c, lw*ptPerMM)
	p.c = append(p.c, " w "...)
	p.c = appendNums(p.c, p.x(x1), p.y(y1))
	p.c = append(p.c, " m "...)
	p.c = appendNums(p.c, p.x(x2), p.y(y2))
	p.c = append(p.c, " l S Q\n"...)
}

// Text draws s in f at size points, its baseline starting at (x, y). Runes
// beyond the Basic Multilingual Plane show as U+FFFD.
func (p *Page) Text(x, y float64, f *Font, size float64, c Color, s string) {
	p.text(x, y, f, size, c, s, false)
}

// TextSpace is Text followed by a space, which draws nothing: it keeps words
// apart for screen readers and copying where the layout turned a space into a
// position, as between lines or runs.
func (p *Page) TextSpace(x, y float64, f *Font, size float64, c Color, s string) {
	p.text(x, y, f, size, c, s, true)
}

func (p *Page) text(x, y float64, f *Font, size float64, c Color, s string, space bool) {
	if s == "" {
		return
	}
	df := p.d.font(f)
	p.setFill(c)
	p.c = append(p.c, "BT "...)
	if p.font != df || p.size != size {
		p.font, p.size = df, size
		p.c = append(p.c, '/')
		p.c = append(p.c, df.name...)
		p.c = append(p.c, ' ')
		p.c = appendNums(p.c, size)
		p.c = append(p.c, " Tf "...)
	}
	p.c = appendNums(p.c, p.x(x), p.y(y))
	p.c = append(p.c, " Td <"...)
	for _, r := range s {
		if r < 0 || r > 0xFFFF || utf16.IsSurrogate(r) {
			r = 0xFFFD
		}
		c := uint16(r)
		df.use(c)
		p.c = append(p.c, hexDigits[c>>12], hexDigits[c>>8&15], hexDigits[c>>4&15], hexDigits[c&15])
	}
	if space {
		df.use(' ')
		p.c = append(p.c, "0020"...)
	}
	p.c = append(p.c, "> Tj ET\n"...)
}

const hexDigits = "0123456789ABCDEF"

func (d *Document) font(f *Font) *docFont {
	if df := d.byFont[f]; df != nil {
		return df
	}
	df := &docFont{f: f, name: "F" + strconv.Itoa(len(d.fonts)+1), used: make([]uint64, 1<<10)}
	d.byFont[f] = df
	d.fonts = append(d.fonts, df)
	return df
}

func appendColor(b []byte, c Color) []byte {
	return appendNums(b, float64(c.R)/255, float64(c.G)/255, float64(c.B)/255)
}

// appendNums appends numbers separated by spaces, with at most three decimals
// and no trailing zeros.
func appendNums(b []byte, vs ...float64) []byte {
	for i, v := range vs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, v)
	}
	return b
}

func appendNum(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if s := string(b[n:]); s == "-0" {
		b = append(b[:n], '0')
	}
	return b
}

// writer numbers objects and remembers where each begins.
type writer struct {
	buf     bytes.Buffer
	offsets []int // by object number - 1; the index in its object stream when packed
	stm     []int // by object number - 1: the object stream holding it, or 0
}

func (w *writer) next() int {
	w.offsets = append(w.offsets, -1)
	w.stm = append(w.stm, 0)
	return len(w.offsets)
}

func (w *writer) begin(n int) {
	w.offsets[n-1] = w.buf.Len()
	writeInt(&w.buf, n)
	w.buf.WriteString(" 0 obj\n")
}

func (w *writer) object(n int, body string) {
	w.begin(n)
	w.buf.WriteString(body)
	w.buf.WriteString("\nendobj\n")
}

// rawStream writes a stream object as it is: metadata must stay readable to
// tools that do not inflate (ISO 14289-1 §7.1).
func (w *writer) rawStream(n int, dict string, data []byte) {
	w.begin(n)
	w.buf.WriteString("<< /Length ")
	w.buf.WriteString(strconv.Itoa(len(data)))
	w.buf.WriteString(dict)
	w.buf.WriteString(" >>\nstream\n")
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// stream writes a stream object, deflated; dict holds further entries, data
// are the parts of its data.
func (w *writer) stream(n int, dict string, data ...[]byte) {
	z := deflate(data...)
	defer z.release()
	w.begin(n)
	w.buf.WriteString("<< /Length ")
	w.buf.WriteString(strconv.Itoa(z.buf.Len()))
	w.buf.WriteString(" /Filter /FlateDecode")
	w.buf.WriteString(dict)
	w.buf.WriteString(" >>\nstream\n")
	w.buf.Write(z.buf.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
}

// A zlib writer costs more to set up than a page costs to compress, so they
// are kept, with their output buffers.
var zlibPool = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return &deflater{zw: zw}
}}

type deflater struct {
	zw  *zlib.Writer
	buf bytes.Buffer
}

func deflate(data ...[]byte) *deflater {
	z := zlibPool.Get().(*deflater)
	z.buf.Reset()
	z.zw.Reset(&z.buf)
	for _, d := range data {
		z.zw.Write(d) // a bytes.Buffer does not fail
	}
	z.zw.Close()
	return z
}

func (z *deflater) release() { zlibPool.Put(z) }

// Bytes returns the document as a PDF file; a document without pages gets one
// blank page, as a PDF needs one.
func (d *Document) Bytes() ([]byte, error) {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	if d.foreign {
		return nil, fmt.Errorf("pdf: content tagged with an element of another document")
	}
	// Grow once to about the file's size: growing by doubling would copy and
	// clear it again and again. Contents deflate to about a third.
	size := 64 << 10
	for _, p := range d.pages {
		size += len(p.c) / 3
	}
	if d.root != nil {
		size += 16 * len(d.root.t.elems) // deflated in their object stream
	}
	w := &writer{}
	w.buf.Grow(size)
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pagesN, infoN, resN := w.next(), w.next(), w.next(), w.next()
	tagged := d.root != nil
	tabs := ""

	// Pages and their contents.
	pageN := make([]int, len(d.pages))
	for i := range d.pages {
		pageN[i] = w.next()
	}
	mediaBox := "[0 0 " + string(appendNums(nil, d.w, d.h)) + "]"
	for i, p := range d.pages {
		p.EndMark()
		contents := w.next()
		if tagged {
			tabs = " /Tabs /S /StructParents " + strconv.Itoa(i)
		}
		w.object(pageN[i], fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources %d 0 R /Contents %d 0 R%s >>",
			pagesN, mediaBox, resN, contents, tabs))
		w.stream(contents, "", p.c)
	}
	var kids bytes.Buffer
	for i, n := range pageN {
		if i > 0 {
			kids.WriteByte(' ')
		}
		fmt.Fprintf(&kids, "%d 0 R", n)
	}
	w.object(pagesN, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pageN)))

	// Fonts.
	var res bytes.Buffer
	res.WriteString("<< /ProcSet [/PDF /Text] /Font <<")
	for _, df := range d.fonts {
		n, err := d.writeFont(w, df)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&res, " /%s %d 0 R", df.name, n)
	}
	res.WriteString(" >> >>")
	w.object(resN, res.String())

	// Information, outline and catalog.
	i := d.info
	date := pdfDate(i.Created)
	var info bytes.Buffer
	info.WriteString("<<")
	for _, kv := range [...][2]string{{"Title", i.Title}, {"Author", i.Author}, {"Subject", i.Subject},
		{"Creator", i.Creator}, {"Producer", Producer}, {"Keywords", i.Keywords}} {
		if kv[1] != "" {
			fmt.Fprintf(&info, " /%s %s", kv[0], TextString(kv[1]))
		}
	}
	fmt.Fprintf(&info, " /CreationDate %s /ModDate %s >>", date, date)
	w.object(infoN, info.String())
	cat := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /ViewerPreferences << /DisplayDocTitle true >>", pagesN)
	if i.Lang != "" {
		cat += " /Lang " + asciiString(i.Lang)
	}
	if len(d.marks) > 0 {
		root, err := d.writeOutline(w, pageN)
		if err != nil {
			return nil, err
		}
		cat += fmt.Sprintf(" /Outlines %d 0 R /PageMode /UseOutlines", root)
	}
	if tagged {
		cat += fmt.Sprintf(" /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R", d.writeStructure(w, pageN))
	}
	meta := w.next()
	w.rawStream(meta, " /Type /Metadata /Subtype /XML", xmp(i, tagged))
	cat += fmt.Sprintf(" /Metadata %d 0 R", meta)
	w.object(catalog, cat+" >>")

	// Cross-reference stream (§7.5.8), which can point into object streams;
	// it holds the trailer. The ID is the hash of the body, so equal
	// documents have equal IDs.
	sum := sha256.Sum256(w.buf.Bytes())
	id := fmt.Sprintf("<%X>", sum[:16])
	xrefN := w.next()
	w.offsets[xrefN-1] = w.buf.Len()
	xref := w.buf.Len()
	entries := make([]byte, 0, 7*(len(w.offsets)+1))
	entries = append(entries, 0, 0, 0, 0, 0, 0xFF, 0xFF) // object 0: free
	for i, off := range w.offsets {
		kind, f2, f3 := byte(1), off, 0
		if w.stm[i] != 0 {
			kind, f2, f3 = 2, w.stm[i], off
		}
		entries = append(entries, kind, byte(f2>>24), byte(f2>>16), byte(f2>>8), byte(f2), byte(f3>>8), byte(f3))
	}
	w.stream(xrefN, fmt.Sprintf(" /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [%s %s]",
		len(w.offsets)+1, catalog, infoN, id, id), entries)
	fmt.Fprintf(&w.buf, "startxref\n%d\n%%%%EOF\n", xref)
	return w.buf.Bytes(), nil
}

// writeFont embeds the glyphs df shows as a Type 0 font whose codes are the
// runes (UTF-16, all in the BMP), so that text copies right even where the
// font has no glyph; it returns the Type 0 font's object number.
func (d *Document) writeFont(w *writer, df *docFont) (int, error) {
	f := df.f
	codes := df.codes()
	gids := make([]uint16, len(codes))
	maxCode := uint16(0)
	for i, c := range codes {
		gids[i] = f.GlyphID(rune(c))
		maxCode = max(maxCode, c)
	}
	program, err := f.Subset(gids)
	if err != nil {
		return 0, fmt.Errorf("%w (font %s)", err, f.PostScriptName())
	}
	// A subset is named with a tag of six capitals (ISO 32000-1 §9.6.4), its
	// own in the document: the hash covers the resource name, so two fonts of
	// the same name showing the same text still differ.
	h := sha256.New()
	h.Write([]byte(df.name + "/" + f.PostScriptName()))
	for _, c := range codes {
		h.Write([]byte{byte(c >> 8), byte(c)})
	}
	s := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + s[i]%26
	}
	base := string(tag) + "+" + f.PostScriptName()

	type0, cid, desc, file, toUni, cidMap := w.next(), w.next(), w.next(), w.next(), w.next(), w.next()
	w.object(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		base, cid, toUni))

	m := f.Metrics()
	var wa bytes.Buffer // /W: runs of consecutive codes, with the widths the layout measured
	wa.WriteByte('[')
	for i := 0; i < len(codes); {
		j := i + 1
		for j < len(codes) && codes[j] == codes[j-1]+1 {
			j++
		}
		fmt.Fprintf(&wa, "%d [", codes[i])
		for k := i; k < j; k++ {
			if k > i {
				wa.WriteByte(' ')
			}
			wa.WriteString(strconv.Itoa(f.Width(rune(codes[k]))))
		}
		wa.WriteString("] ")
		i = j
	}
	wa.WriteByte(']')
	w.object(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW %d /W %s /CIDToGIDMap %d 0 R >>",
		base, desc, m.MissingWidth, wa.String(), cidMap))
	w.object(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R >>",
		base, m.Flags, m.BBox[0], m.BBox[1], m.BBox[2], m.BBox[3], appendNum(nil, m.ItalicAngle), m.Ascent, m.Descent, m.CapHeight, m.StemV, m.MissingWidth, file))
	w.stream(file, " /Length1 "+strconv.Itoa(len(program)), program)
	w.stream(toUni, "", toUnicode(codes))

	gmap := make([]byte, 2*(int(maxCode)+1))
	for i, c := range codes {
		gmap[2*int(c)], gmap[2*int(c)+1] = byte(gids[i]>>8), byte(gids[i])
	}
	w.stream(cidMap, "", gmap)
	return type0, nil
}

// toUnicode is the CMap that maps each code to its rune: one range per high
// byte in use, as a range may not cross one (§9.10.3).
func toUnicode(codes []uint16) []byte {
	var highs []uint16
	for _, c := range codes {
		if h := c >> 8; len(highs) == 0 || highs[len(highs)-1] != h {
			highs = append(highs, h)
		}
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(highs) > 0 {
		n := min(len(highs), 100) // at most 100 entries per block
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, h := range highs[:n] {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", h, h, h)
		}
		b.WriteString("endbfrange\n")
		highs = highs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// writeOutline writes the bookmarks as a two-level tree and returns the
// outline dictionary's object number.
func (d *Document) writeOutline(w *writer, pageN []int) (int, error) {
	root := w.next()
	type item struct {
		Bookmark
		num, parent, prev, next, first, last, count int
	}
	items := make([]item, len(d.marks))
	for i := range items {
		items[i].num = w.next()
	}
	lastTop, lastChild := -1, -1
	for i, mk := range d.marks {
		if mk.Page < 0 || mk.Page >= len(pageN) {
			return 0, fmt.Errorf("pdf: bookmark %q on page %d of %d", mk.Title, mk.Page+1, len(pageN))
		}
		it := &items[i]
		it.Bookmark = mk
		if mk.Level > 0 && lastTop >= 0 {
			top := &items[lastTop]
			it.parent = top.num
			if top.first == 0 {
				top.first = it.num
			} else {
				it.prev = items[lastChild].num
				items[lastChild].next = it.num
			}
			top.last = it.num
			top.count++
			lastChild = i
			continue
		}
		it.parent = root
		if lastTop >= 0 {
			it.prev = items[lastTop].num
			items[lastTop].next = it.num
		}
		lastTop, lastChild = i, -1
	}
	first, last := 0, 0
	for _, it := range items {
		if it.parent == root {
			if first == 0 {
				first = it.num
			}
			last = it.num
		}
	}
	w.object(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, last, len(items)))
	for _, it := range items {
		var b bytes.Buffer
		fmt.Fprintf(&b, "<< /Title %s /Parent %d 0 R", TextString(it.Title), it.parent)
		if it.prev > 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", it.prev)
		}
		if it.next > 0 {
			fmt.Fprintf(&b, " /Next %d 0 R", it.next)
		}
		if it.first > 0 {
			fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", it.first, it.last, it.count)
		}
		fmt.Fprintf(&b, " /Dest [%d 0 R /XYZ 0 %s 0] >>", pageN[it.Page], appendNum(nil, d.h-it.Y*ptPerMM))
		w.object(it.num, b.String())
	}
	return root, nil
}

// TextString encodes s as a PDF text string: UTF-16BE with a byte order mark,
// in hex.
func TextString(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
	}
	return string(append(b, '>'))
}

// asciiString is a literal string of the letters, digits and hyphens of s.
func asciiString(s string) string {
	b := []byte{'('}
	for _, r := range s {
		if r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			b = append(b, byte(r))
		}
	}
	return string(append(b, ')'))
}

// pdfDate is a date string (§7.9.4) in UTC.
func pdfDate(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return "(D:" + t.UTC().Format("20060102150405") + "Z)"
}
