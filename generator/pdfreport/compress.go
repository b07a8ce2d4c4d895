package pdfreport

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// gofpdf compresses every stream with a zlib writer of its own, and a writer
// costs 1.2 MB to set up – more than the page it compresses, and a quarter of
// all a region build allocated. Maroto is therefore told to leave the page
// contents plain, and compressContents deflates them here with pooled writers
// at gofpdf's level (BestSpeed), which gives the very bytes gofpdf would have
// written. The font files gofpdf still compresses itself: they are made inside
// gofpdf's font subsetting, out of reach.

var zlibPool = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

var (
	reContents  = regexp.MustCompile(`/Contents (\d+) 0 R`)
	plainStream = regexp.MustCompile(`^(\d+) 0 obj\n<</Length (\d+)>>\nstream\n`)
)

// pdfFile is a PDF as gofpdf writes it: one classic cross-reference table at
// the end, each entry 20 bytes.
type pdfFile struct {
	b       []byte
	xref    int // offset of the xref table
	size    int // number of objects, including object 0
	entries int // offset of entry 0
	trailer []byte
}

func parsePDF(pdf []byte) (*pdfFile, error) {
	m := reStartXref.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("%w: no startxref", errLayout)
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(pdf) {
		return nil, fmt.Errorf("%w: bad startxref", errLayout)
	}
	head := reXrefHead.FindSubmatchIndex(pdf[xref:])
	if head == nil {
		return nil, fmt.Errorf("%w: no classic xref table", errLayout)
	}
	size, _ := strconv.Atoi(string(pdf[xref+head[2] : xref+head[3]]))
	entries := xref + head[1]
	if size < 1 || entries+20*size > len(pdf) {
		return nil, fmt.Errorf("%w: bad xref size", errLayout)
	}
	return &pdfFile{b: pdf, xref: xref, size: size, entries: entries, trailer: pdf[entries+20*size:]}, nil
}

// offset is where object obj starts.
func (f *pdfFile) offset(obj int) (int, error) {
	if obj <= 0 || obj >= f.size {
		return 0, fmt.Errorf("%w: object %d out of range", errLayout, obj)
	}
	e := f.entries + 20*obj
	off, err := strconv.Atoi(string(f.b[e : e+10]))
	if err != nil || off <= 0 || off >= f.xref {
		return 0, fmt.Errorf("%w: offset of object %d", errLayout, obj)
	}
	return off, nil
}

// body is the content of object obj between "obj" and "endobj", trimmed, and
// where it starts.
func (f *pdfFile) body(obj int) ([]byte, int, error) {
	off, err := f.offset(obj)
	if err != nil {
		return nil, 0, err
	}
	start := bytes.Index(f.b[off:], []byte("obj"))
	end := bytes.Index(f.b[off:], []byte("endobj"))
	if start < 0 || end < start {
		return nil, 0, fmt.Errorf("%w: object %d", errLayout, obj)
	}
	raw := f.b[off+start+3 : off+end]
	trimmed := bytes.TrimLeft(raw, " \r\n")
	return bytes.TrimRight(trimmed, " \r\n"), off + start + 3 + len(raw) - len(trimmed), nil
}

// ref is the object a trailer key such as /Root names.
func (f *pdfFile) ref(re *regexp.Regexp) (int, error) {
	s := re.FindSubmatch(f.trailer)
	if s == nil {
		return 0, fmt.Errorf("%w: trailer lacks %s", errLayout, re)
	}
	return strconv.Atoi(string(s[1]))
}

// pages are the page objects in order.
func (f *pdfFile) pages() ([]int, error) {
	root, err := f.ref(reRoot)
	if err != nil {
		return nil, err
	}
	catalog, _, err := f.body(root)
	if err != nil {
		return nil, err
	}
	pm := rePages.FindSubmatch(catalog)
	if pm == nil {
		return nil, fmt.Errorf("%w: catalog", errLayout)
	}
	pagesObj, _ := strconv.Atoi(string(pm[1]))
	pagesBody, _, err := f.body(pagesObj)
	if err != nil {
		return nil, err
	}
	km := reKids.FindSubmatch(pagesBody)
	if km == nil {
		return nil, fmt.Errorf("%w: page tree", errLayout)
	}
	var pages []int
	for _, r := range reRef.FindAllSubmatch(km[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		pages = append(pages, n)
	}
	return pages, nil
}

// compressContents returns a new file in which the plain content streams of
// the pages are deflated, with a new cross-reference table; everything else is
// copied as it is. The result has room for extra more bytes.
func compressContents(pdf []byte, extra int) ([]byte, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, err
	}
	pages, err := f.pages()
	if err != nil {
		return nil, err
	}
	type span struct{ obj, at int }
	var streams []span
	for _, pg := range pages {
		b, _, err := f.body(pg)
		if err != nil {
			return nil, err
		}
		cm := reContents.FindSubmatch(b)
		if cm == nil {
			return nil, fmt.Errorf("%w: page %d has no contents", errLayout, pg)
		}
		n, _ := strconv.Atoi(string(cm[1]))
		at, err := f.offset(n)
		if err != nil {
			return nil, err
		}
		streams = append(streams, span{n, at})
	}
	slices.SortFunc(streams, func(a, b span) int { return a.at - b.at })
	for i := 1; i < len(streams); i++ {
		if streams[i].at == streams[i-1].at {
			return nil, fmt.Errorf("%w: pages share contents %d", errLayout, streams[i].obj)
		}
	}

	// Deflate every stream into one buffer first, so that the new file can be
	// allocated once, with room for extra bytes (finish's update).
	type packed struct{ data, n, zEnd int }
	done := make([]packed, len(streams))
	plainLen := 0
	for i, s := range streams {
		m := plainStream.FindSubmatch(pdf[s.at:])
		if m == nil || string(m[1]) != strconv.Itoa(s.obj) {
			return nil, fmt.Errorf("%w: content stream %d", errLayout, s.obj)
		}
		n, _ := strconv.Atoi(string(m[2]))
		data := s.at + len(m[0])
		if data+n > f.xref || !bytes.HasPrefix(pdf[data+n:], []byte("\nendstream")) {
			return nil, fmt.Errorf("%w: length of content stream %d", errLayout, s.obj)
		}
		done[i] = packed{data: data, n: n}
		plainLen += n
	}
	zw := zlibPool.Get().(*zlib.Writer)
	defer zlibPool.Put(zw)
	var z bytes.Buffer
	z.Grow(plainLen / 6) // page contents deflate to a sixth or less
	for i := range done {
		d := &done[i]
		zw.Reset(&z)
		if _, err := zw.Write(pdf[d.data : d.data+d.n]); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		d.zEnd = z.Len()
	}
	out := make([]byte, 0, len(pdf)-plainLen+z.Len()+32*len(streams)+extra)
	moved := make([]int, 0, len(streams)) // bytes saved before and up to each stream
	from, saved, zAt := 0, 0, 0
	for i, s := range streams {
		d := done[i]
		out = append(out, pdf[from:s.at]...)
		head := len(out)
		out = fmt.Appendf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", s.obj, d.zEnd-zAt)
		out = append(out, z.Bytes()[zAt:d.zEnd]...)
		saved += (d.data - s.at + d.n) - (len(out) - head)
		moved = append(moved, saved)
		from, zAt = d.data+d.n, d.zEnd
	}
	out = append(out, pdf[from:f.xref]...)

	// The new table: each object moves by what the streams before it saved.
	xref := len(out)
	out = append(out, pdf[f.xref:f.entries+20]...)
	for obj := 1; obj < f.size; obj++ {
		at, err := f.offset(obj)
		if err != nil {
			return nil, err
		}
		i, _ := slices.BinarySearchFunc(streams, at, func(s span, at int) int { return s.at - at })
		if i > 0 {
			at -= moved[i-1]
		}
		out = fmt.Appendf(out, "%010d 00000 n \n", at)
	}
	end := bytes.LastIndex(f.trailer, []byte("startxref"))
	if end < 0 {
		return nil, fmt.Errorf("%w: trailer", errLayout)
	}
	out = append(out, f.trailer[:end]...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", xref)
	return out, nil
}
