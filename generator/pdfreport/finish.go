package pdfreport

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"time"
	"unicode/utf16"
)

// Neither maroto nor gofpdf can set the document language, and maroto gives no
// access to gofpdf's bookmarks. finish therefore appends an incremental update
// (PDF 1.7 §7.5.6) to the file gofpdf wrote: a new catalog with /Lang, the
// outline and DisplayDocTitle, plus the outline items. The original bytes stay
// as they are except for the modification date, which gofpdf takes from the
// clock and which is overwritten in place (same length) for reproducible files.
// Before that, compressContents deflates the page contents.

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

// finish compresses the page contents, adds the language and outline to pdf
// and fixes its dates.
func finish(pdf []byte, marks []mark, lang string, created time.Time) ([]byte, error) {
	out, err := compressContents(pdf, 1024+300*len(marks))
	if err != nil {
		return nil, err
	}
	f, err := parsePDF(out)
	if err != nil {
		return nil, err
	}
	xref, size := f.xref, f.size
	root, err := f.ref(reRoot)
	if err != nil {
		return nil, err
	}
	info, err := f.ref(reInfo)
	if err != nil {
		return nil, err
	}

	// /Lang and DisplayDocTitle are PDF 1.4; gofpdf declares 1.3 when it uses
	// nothing newer. The header has the same length either way.
	if bytes.HasPrefix(out, []byte("%PDF-1.3")) {
		out[7] = '4'
	}
	// Dates: gofpdf writes D:YYYYMMDDhhmmss; overwrite both with the report's time.
	infoBody, infoAt, err := f.body(info)
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
	catalog, _, err := f.body(root)
	if err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(catalog, []byte(">>")) {
		return nil, fmt.Errorf("%w: catalog", errLayout)
	}
	pages, err := f.pages()
	if err != nil {
		return nil, err
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
