package pdf

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strconv"
	"time"
)

// Tagged PDF (ISO 32000-1 §14.7–14.8, PDF/UA-1): a document whose Root was
// asked for has a structure tree, and every drawing on its pages is either
// content of a structure element (Page.Tag) or an artifact (Page.Artifact).
// Screen readers read the elements in the tree's order and skip artifacts.

// Kind is a standard structure type (§14.8.4).
type Kind string

// The structure types the reports use.
const (
	KindDocument Kind = "Document"
	KindSect     Kind = "Sect"
	KindH1       Kind = "H1"
	KindH2       Kind = "H2"
	KindP        Kind = "P"
	KindTable    Kind = "Table"
	KindTR       Kind = "TR"
	KindTH       Kind = "TH" // a column header (/Scope /Column), unless HeadsRow
	KindTD       Kind = "TD"
)

// Elem is a structure element. Its content may lie on several pages: a table
// that continues on the next page keeps its elements.
type Elem struct {
	t                *tree
	id               int32 // index in t.elems
	kind             Kind
	parent           *Elem
	rowSpan, colSpan int32
	rowHead          bool
	actual           string
}

// tree holds a document's elements and their children in one list each, as
// a report has thousands of table cells.
type tree struct {
	slab  []Elem // elements are allocated from here
	elems []*Elem
	kids  []kid // in document order; grouped by owner when written
}

// kid is a child of element owner: element elem, or (elem < 0) marked
// content mcid on page page.
type kid struct {
	owner, elem, page, mcid int32
}

// Root is the document's top structure element, of kind Document; asking
// for it makes the document tagged.
func (d *Document) Root() *Elem {
	if d.root == nil {
		d.root = (&tree{}).add(KindDocument, nil)
	}
	return d.root
}

func (t *tree) add(k Kind, parent *Elem) *Elem {
	if len(t.slab) == cap(t.slab) {
		t.slab = make([]Elem, 0, 256)
	}
	t.slab = append(t.slab, Elem{t: t, id: int32(len(t.elems)), kind: k, parent: parent})
	e := &t.slab[len(t.slab)-1]
	t.elems = append(t.elems, e)
	return e
}

// Add appends a child element of the given kind.
func (e *Elem) Add(k Kind) *Elem {
	c := e.t.add(k, e)
	e.t.kids = append(e.t.kids, kid{owner: e.id, elem: c.id})
	return c
}

// ActualText is what the element reads as instead of its content
// (§14.9.4): the words for what its drawing shows, e.g. a bar's counts.
func (e *Elem) ActualText(s string) { e.actual = s }

// HeadsRow makes a TH the header of its row (/Scope /Row) instead of its
// column.
func (e *Elem) HeadsRow() { e.rowHead = true }

// Span makes a table cell span rows and columns (values below 2 are left out).
func (e *Elem) Span(rows, cols int) { e.rowSpan, e.colSpan = int32(rows), int32(cols) }

// Artifact is a kind of artifact (§14.8.2.2).
type Artifact int

const (
	// Decoration is drawing without meaning: backgrounds, rules, colour strips.
	Decoration Artifact = iota
	// Header and Footer are the running header and footer (pagination).
	Header
	Footer
	// Pagination is other text a page break adds, e.g. "(forts.)".
	Pagination
)

var artifactOps = [...]string{
	Decoration: "/Artifact BMC\n",
	Header:     "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
	Footer:     "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
	Pagination: "/Artifact <</Type /Pagination>> BDC\n",
}

// markNone, markArtifact and a page's open element say what is being drawn.
const (
	markNone = iota
	markTag
	markArtifact
)

// Tag makes what is drawn next content of e, until the next Tag, Artifact or
// EndMark; drawing for the same element again continues its marked content.
// e must be of the page's document (Bytes fails otherwise).
func (p *Page) Tag(e *Elem) {
	if p.mark == markTag && p.open == e {
		return
	}
	if p.d.root == nil || e.t != p.d.root.t {
		p.d.foreign = true
		return
	}
	p.EndMark()
	mcid := len(p.mcids)
	p.mcids = append(p.mcids, e)
	e.t.kids = append(e.t.kids, kid{owner: e.id, elem: -1, page: int32(p.index), mcid: int32(mcid)})
	p.mark, p.open = markTag, e
	p.c = append(p.c, '/')
	p.c = append(p.c, tagOp(e.kind)...)
	p.c = append(p.c, " <</MCID "...)
	p.c = strconv.AppendInt(p.c, int64(mcid), 10)
	p.c = append(p.c, ">> BDC\n"...)
}

// tagOp is the tag of marked content: the element's kind, or Span for a
// grouping kind, which holds elements rather than content.
func tagOp(k Kind) string {
	switch k {
	case KindDocument, KindSect, KindTable, KindTR:
		return "Span"
	}
	return string(k)
}

// Artifact makes what is drawn next an artifact of kind a, until the next
// Tag, Artifact or EndMark.
func (p *Page) Artifact(a Artifact) {
	if p.mark == markArtifact && p.artifact == a {
		return
	}
	p.EndMark()
	p.mark, p.artifact = markArtifact, a
	p.c = append(p.c, artifactOps[a]...)
}

// EndMark ends the marked content Tag or Artifact began.
func (p *Page) EndMark() {
	if p.mark == markNone {
		return
	}
	p.mark, p.open = markNone, nil
	p.c = append(p.c, "EMC\n"...)
}

// writeStructure writes the structure tree and returns the StructTreeRoot's
// object number. pageN are the pages' object numbers; a page's StructParents
// key is its index.
func (d *Document) writeStructure(w *writer, pageN []int) int {
	t := d.root.t
	root, parents := w.next(), w.next()
	base := w.next() // the elements' numbers are base + id
	for range t.elems[1:] {
		w.next()
	}
	// Group the children by owner, keeping their order.
	start := make([]int32, len(t.elems)+1)
	for _, k := range t.kids {
		start[k.owner+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	kids := make([]kid, len(t.kids))
	fill := slices.Clone(start[:len(t.elems)])
	for _, k := range t.kids {
		kids[fill[k.owner]] = k
		fill[k.owner]++
	}

	// The elements, the parent tree and the root are dictionaries, packed into
	// one object stream (§7.5.7): they are most of a tagged file's objects
	// and deflate to a fraction.
	stmN := w.next()
	b := &bytes.Buffer{}
	b.Grow(64 * len(t.elems))
	var index []int
	begin := func(n int) {
		w.stm[n-1], w.offsets[n-1] = stmN, len(index)/2
		index = append(index, n, b.Len())
	}
	for _, e := range t.elems {
		begin(base + int(e.id))
		b.WriteString("<< /S /") // /Type /StructElem is optional (Table 323)
		b.WriteString(string(e.kind))
		b.WriteString(" /P ")
		if e.parent == nil {
			writeRef(b, root)
		} else {
			writeRef(b, base+int(e.parent.id))
		}
		own := kids[start[e.id]:start[e.id+1]]
		pg := int32(-1)
		for _, k := range own {
			if k.elem < 0 {
				pg = k.page
				break
			}
		}
		if pg >= 0 {
			b.WriteString(" /Pg ")
			writeRef(b, pageN[pg])
		}
		e.writeAttributes(b)
		if e.actual != "" {
			b.WriteString(" /ActualText ")
			b.WriteString(TextString(e.actual))
		}
		if len(own) > 0 {
			b.WriteString(" /K [")
			for i, k := range own {
				if i > 0 {
					b.WriteByte(' ')
				}
				switch {
				case k.elem >= 0:
					writeRef(b, base+int(k.elem))
				case k.page == pg:
					writeInt(b, int(k.mcid))
				default:
					b.WriteString("<< /Type /MCR /Pg ")
					writeRef(b, pageN[k.page])
					b.WriteString(" /MCID ")
					writeInt(b, int(k.mcid))
					b.WriteString(" >>")
				}
			}
			b.WriteByte(']')
		}
		b.WriteString(" >>\n")
	}

	// The parent tree maps each page's marked content to its elements
	// (§14.7.4.4): one number tree node is enough for our documents.
	begin(parents)
	b.WriteString("<< /Nums [")
	for i, p := range d.pages {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeInt(b, i)
		b.WriteString(" [")
		for j, e := range p.mcids {
			if j > 0 {
				b.WriteByte(' ')
			}
			writeRef(b, base+int(e.id))
		}
		b.WriteByte(']')
	}
	b.WriteString("] >>\n")
	begin(root)
	b.WriteString("<< /Type /StructTreeRoot /K ")
	writeRef(b, base)
	b.WriteString(" /ParentTree ")
	writeRef(b, parents)
	b.WriteString(" /ParentTreeNextKey ")
	writeInt(b, len(d.pages))
	b.WriteString(" >>\n")

	var head bytes.Buffer
	head.Grow(12 * len(index))
	for i := 0; i < len(index); i += 2 {
		writeInt(&head, index[i])
		head.WriteByte(' ')
		writeInt(&head, index[i+1])
		head.WriteByte(' ')
	}
	w.stream(stmN, " /Type /ObjStm /N "+strconv.Itoa(len(index)/2)+" /First "+strconv.Itoa(head.Len()), head.Bytes(), b.Bytes())
	return root
}

// writeAttributes writes the element's table attributes (§14.8.5.7).
func (e *Elem) writeAttributes(b *bytes.Buffer) {
	if e.kind != KindTH && e.rowSpan < 2 && e.colSpan < 2 {
		return
	}
	b.WriteString(" /A << /O /Table")
	switch {
	case e.kind == KindTH && e.rowHead:
		b.WriteString(" /Scope /Row")
	case e.kind == KindTH:
		b.WriteString(" /Scope /Column")
	}
	if e.rowSpan > 1 {
		b.WriteString(" /RowSpan ")
		writeInt(b, int(e.rowSpan))
	}
	if e.colSpan > 1 {
		b.WriteString(" /ColSpan ")
		writeInt(b, int(e.colSpan))
	}
	b.WriteString(" >>")
}

func writeRef(b *bytes.Buffer, n int) {
	writeInt(b, n)
	b.WriteString(" 0 R")
}

// writeInt writes n in decimal without allocating: the structure and the
// cross-reference table have thousands of numbers.
func writeInt(b *bytes.Buffer, n int) {
	var s [20]byte
	b.Write(strconv.AppendInt(s[:0], int64(n), 10))
}

// xmp is the document's XMP metadata (ISO 16684-1): the information again,
// as PDF/UA wants the title there, and the PDF/UA identification.
func xmp(i Info, tagged bool) []byte {
	var b bytes.Buffer
	esc := func(s string) { xml.EscapeText(&b, []byte(s)) }
	date := i.Created
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	ds := date.UTC().Format("2006-01-02T15:04:05Z")
	b.WriteString("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"" +
		" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n")
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	for _, e := range [...]struct{ open, value, close string }{
		{"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", i.Title, "</rdf:li></rdf:Alt></dc:title>"},
		{"<dc:creator><rdf:Seq><rdf:li>", i.Author, "</rdf:li></rdf:Seq></dc:creator>"},
		{"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", i.Subject, "</rdf:li></rdf:Alt></dc:description>"},
		{"<dc:language><rdf:Bag><rdf:li>", i.Lang, "</rdf:li></rdf:Bag></dc:language>"},
		{"<pdf:Keywords>", i.Keywords, "</pdf:Keywords>"},
		{"<pdf:Producer>", Producer, "</pdf:Producer>"},
		{"<xmp:CreatorTool>", i.Creator, "</xmp:CreatorTool>"},
	} {
		if e.value != "" {
			b.WriteString(e.open)
			esc(e.value)
			b.WriteString(e.close + "\n")
		}
	}
	b.WriteString("<xmp:CreateDate>" + ds + "</xmp:CreateDate>\n<xmp:ModifyDate>" + ds + "</xmp:ModifyDate>\n")
	if tagged {
		b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return b.Bytes()
}
