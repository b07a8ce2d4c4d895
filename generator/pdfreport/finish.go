package pdfreport

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
	"unicode/utf16"
)

// Neither maroto nor gofpdf can set the document language, and maroto gives no
// access to gofpdf's bookmarks. finish therefore appends an incremental update
// (PDF 1.7 §7.5.6) to the file gofpdf wrote: a new catalog with /Lang, the
// outline and DisplayDocTitle, plus the outline items. The original bytes stay
// as they are except for the modification date, which gofpdf takes from the
// clock and which is overwritten in place (same length) for reproducible files.

var (
	rePages     = regexp.MustCompile(`/Pages (\d+) 0 R`)
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reXrefHead  = regexp.MustCompile(`^xref\s+0 (\d+)\s+`)
	reRoot      = regexp.MustCompile(`/Root (\d+) 0 R`)
	reInfo      = regexp.MustCompile(`/Info (\d+) 0 R`)
	reKids      = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	reRef       = regexp.MustCompile(`(\d+) 0 R`)
	reNotTag    = regexp.MustCompile(`[^A-Za-z0-9-]`)
)

var errLayout = errors.New("pdfreport: unexpected PDF structure from gofpdf")

// finish adds the language and outline to pdf and fixes its dates.
func finish(pdf []byte, marks []mark, lang string, created time.Time) ([]byte, error) {
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
	trailer := pdf[entries+20*size:]
	offset := func(obj int) (int, error) {
		if obj <= 0 || obj >= size {
			return 0, fmt.Errorf("%w: object %d out of range", errLayout, obj)
		}
		e := entries + 20*obj
		return strconv.Atoi(string(pdf[e : e+10]))
	}
	body := func(obj int) ([]byte, int, error) {
		off, err := offset(obj)
		if err != nil {
			return nil, 0, err
		}
		start := bytes.Index(pdf[off:], []byte("obj"))
		end := bytes.Index(pdf[off:], []byte("endobj"))
		if start < 0 || end < start {
			return nil, 0, fmt.Errorf("%w: object %d", errLayout, obj)
		}
		raw := pdf[off+start+3 : off+end]
		trimmed := bytes.TrimLeft(raw, " \r\n")
		return bytes.TrimRight(trimmed, " \r\n"), off + start + 3 + len(raw) - len(trimmed), nil
	}
	ref := func(re *regexp.Regexp) (int, error) {
		s := re.FindSubmatch(trailer)
		if s == nil {
			return 0, fmt.Errorf("%w: trailer lacks %s", errLayout, re)
		}
		return strconv.Atoi(string(s[1]))
	}
	root, err := ref(reRoot)
	if err != nil {
		return nil, err
	}
	info, err := ref(reInfo)
	if err != nil {
		return nil, err
	}

	out := append([]byte(nil), pdf...)
	// /Lang and DisplayDocTitle are PDF 1.4; gofpdf declares 1.3 when it uses
	// nothing newer. The header has the same length either way.
	if bytes.HasPrefix(out, []byte("%PDF-1.3")) {
		out[7] = '4'
	}
	// Dates: gofpdf writes D:YYYYMMDDhhmmss; overwrite both with the report's time.
	infoBody, infoAt, err := body(info)
	if err != nil {
		return nil, err
	}
	stamp := []byte(created.Format("20060102150405"))
	for _, key := range []string{"/CreationDate (D:", "/ModDate (D:"} {
		i := bytes.Index(infoBody, []byte(key))
		if i < 0 {
			return nil, fmt.Errorf("%w: info lacks %s", errLayout, key)
		}
		at := infoAt + i + len(key)
		copy(out[at:at+len(stamp)], stamp)
	}

	// Pages, for the outline's destinations.
	catalog, _, err := body(root)
	if err != nil {
		return nil, err
	}
	pm := rePages.FindSubmatch(catalog)
	if pm == nil || !bytes.HasSuffix(catalog, []byte(">>")) {
		return nil, fmt.Errorf("%w: catalog", errLayout)
	}
	pagesObj, _ := strconv.Atoi(string(pm[1]))
	pagesBody, _, err := body(pagesObj)
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

	// The update: catalog first, then the outline root and items.
	var upd bytes.Buffer
	offsets := map[int]int{}
	obj := func(n int, s string) {
		offsets[n] = len(out) + upd.Len()
		fmt.Fprintf(&upd, "%d 0 obj\n%s\nendobj\n", n, s)
	}
	upd.WriteString("\n")
	newCat := string(catalog[:len(catalog)-2]) + "/Lang " + pdfString(lang) + "\n/ViewerPreferences << /DisplayDocTitle true >>\n"
	outlineRoot := size
	items := outline(marks, outlineRoot+1)
	if len(items) > 0 {
		newCat += fmt.Sprintf("/Outlines %d 0 R\n/PageMode /UseOutlines\n", outlineRoot)
	}
	obj(root, newCat+">>")
	next := size
	if len(items) > 0 {
		first, last, count := 0, 0, 0
		for _, it := range items {
			if it.parent == outlineRoot {
				if first == 0 {
					first = it.num
				}
				last = it.num
			}
			count++
		}
		obj(outlineRoot, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, last, count))
		for _, it := range items {
			pg := it.page
			if pg < 0 || pg >= len(pages) {
				return nil, fmt.Errorf("%w: outline entry %q on page %d of %d", errLayout, it.title, pg+1, len(pages))
			}
			top := (pageH - marginT - headerH - it.y + 2) * 72 / 25.4
			var b bytes.Buffer
			fmt.Fprintf(&b, "<< /Title %s /Parent %d 0 R", pdfText(it.title), it.parent)
			if it.prev > 0 {
				fmt.Fprintf(&b, " /Prev %d 0 R", it.prev)
			}
			if it.next > 0 {
				fmt.Fprintf(&b, " /Next %d 0 R", it.next)
			}
			if it.first > 0 {
				fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", it.first, it.last, it.count)
			}
			fmt.Fprintf(&b, " /Dest [%d 0 R /XYZ 0 %.2f 0] >>", pages[pg], top)
			obj(it.num, b.String())
		}
		next = size + 1 + len(items)
	}
	xrefAt := len(out) + upd.Len()
	upd.WriteString("xref\n")
	fmt.Fprintf(&upd, "%d 1\n%010d 00000 n \n", root, offsets[root])
	if next > size {
		fmt.Fprintf(&upd, "%d %d\n", size, next-size)
		for n := size; n < next; n++ {
			fmt.Fprintf(&upd, "%010d 00000 n \n", offsets[n])
		}
	}
	fmt.Fprintf(&upd, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		next, root, info, xref, xrefAt)
	return append(out, upd.Bytes()...), nil
}

// item is an outline item with its links.
type item struct {
	mark
	num, parent, prev, next, first, last, count int
}

// outline numbers the marks from n and links them into a two-level tree.
func outline(marks []mark, n int) []item {
	root := n - 1
	items := make([]item, len(marks))
	lastTop, lastChild := -1, -1
	for i, mk := range marks {
		it := &items[i]
		it.mark, it.num = mk, n+i
		if mk.level > 0 && lastTop >= 0 {
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
	return items
}

// pdfText encodes a text string as UTF-16BE with a byte order mark, in hex.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(clean(s))) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfString is a literal string of plain ASCII.
func pdfString(s string) string {
	return "(" + reNotTag.ReplaceAllString(s, "") + ")"
}
