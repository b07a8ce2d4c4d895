package pdf

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"handlingsplan/internal/officetest"
)

// taggedDoc draws two pages as a report does: a running header and footer,
// a section with a heading, a paragraph and a table whose last cell continues
// on the second page, where the header repeats as an artifact.
func taggedDoc(t testing.TB) []byte {
	t.Helper()
	reg, bold := testFonts(t)
	d := New(297, 210, Info{Title: "Kunskapsråd Medicin", Lang: "sv-SE", Author: "A & B <c>"})
	sect := d.Root().Add(KindSect)
	h1, p := sect.Add(KindH1), sect.Add(KindP)
	tbl := sect.Add(KindTable)
	head := tbl.Add(KindTR)
	th1, th2 := head.Add(KindTH), head.Add(KindTH)
	tr := tbl.Add(KindTR)
	td1, td2 := tr.Add(KindTD), tr.Add(KindTD)
	td1.Span(2, 1)
	td1.ActualText("Grön: enligt plan")
	th2.HeadsRow() // not what a real table would do: to see the attribute

	pg := d.AddPage()
	pg.Artifact(Header)
	pg.Text(15, 8, reg, 8, black, "Löpande sidhuvud")
	pg.Artifact(Decoration)
	pg.Rect(15, 11, 267, 12, accent)
	pg.Tag(h1)
	pg.Text(18, 19, bold, 14, black, "Översikt")
	pg.Tag(p)
	pg.TextSpace(15, 30, reg, 9, black, "Ett stycke")
	pg.Tag(p) // the same element again: one marked content
	pg.Text(40, 30, reg, 9, black, "text.")
	pg.Tag(th1)
	pg.Text(15, 40, bold, 9, black, "Status")
	pg.Tag(th2)
	pg.Text(60, 40, bold, 9, black, "Kommentar")
	pg.Tag(td1)
	pg.Text(15, 50, reg, 9, black, "Grön")
	pg.Tag(td2)
	pg.Text(60, 50, reg, 9, black, "Början av")
	pg.Artifact(Footer)
	pg.Text(15, 200, reg, 8, black, "Sida 1 av 2")

	pg = d.AddPage()
	pg.Artifact(Pagination)
	pg.Text(15, 40, bold, 9, black, "Status")
	pg.Text(60, 40, bold, 9, black, "Kommentar")
	pg.Tag(td2)
	pg.Text(60, 50, reg, 9, black, "kommentaren.")
	pg.EndMark()
	pg.Artifact(Footer)
	pg.Text(15, 200, reg, 8, black, "Sida 2 av 2")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTagged(t *testing.T) {
	b := taggedDoc(t)
	path := validFile(t, b)
	if info := quiet(t, "pdfinfo", path); !strings.Contains(info, "Tagged:          yes") {
		t.Errorf("not tagged:\n%s", info)
	}
	want := `Document
  Sect
    H1 (block)
      "Översikt"
    P (block)
      "Ett stycke text."
    Table (block)
      TR
        TH:
           /Scope /Column
          "Status"
        TH:
           /Scope /Row
          "Kommentar"
      TR
        TD:
           /RowSpan 2
          "Grön"
        TD
          "Början av"
          "kommentaren."
`
	if got := quiet(t, "pdfinfo", "-struct-text", path); got != want {
		t.Errorf("structure:\n%s\nwant:\n%s", got, want)
	}
	for _, s := range []string{
		"/MarkInfo << /Marked true >>", "/StructParents 1", "/Tabs /S", "/ParentTreeNextKey 2",
		"/Type /MCR /Pg",                                                         // the cell's content on page 2
		"<pdfuaid:part>1</pdfuaid:part>", "<rdf:li>A &amp; B &lt;c&gt;</rdf:li>", // uncompressed, escaped
		"/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
		"/ActualText " + TextString("Grön: enligt plan"),
	} {
		// Content and object streams are deflated: look into them.
		if !bytes.Contains(officetest.Inflated(b), []byte(s)) {
			t.Errorf("no %q", s)
		}
	}
	if _, err := exec.LookPath("qpdf"); err == nil { // not in CI
		if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// TestUntagged: a document that never asks for its Root has no structure.
func TestUntagged(t *testing.T) {
	b := sampleDoc(t, "A")
	for _, s := range []string{"/StructTreeRoot", "/MarkInfo", "/StructParents", "pdfuaid:part"} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("untagged document has %s", s)
		}
	}
	if !bytes.Contains(b, []byte("/Metadata")) {
		t.Error("no XMP metadata")
	}
}

// TestForeignElement: content tagged with another document's element is a
// programming error that Bytes reports, never a broken file.
func TestForeignElement(t *testing.T) {
	reg, _ := testFonts(t)
	a, b := New(297, 210, Info{}), New(297, 210, Info{})
	b.Root()
	a.AddPage().Tag(b.Root().Add(KindP))
	a.pages[0].Text(15, 20, reg, 9, black, "x")
	if _, err := a.Bytes(); err == nil {
		t.Error("an element of another document was accepted")
	}
}
