package pptx

import (
	"fmt"
	"regexp"
	"strings"
)

// Slide is one slide of a Presentation. Shapes, tables and charts are drawn in the order
// they were added (later ones on top).
type Slide struct {
	Layout   Layout
	Title    string // title placeholder text (LayoutTitle and LayoutTitleOnly)
	Subtitle string // subtitle placeholder text (LayoutTitle)
	Notes    string // speaker notes; lines separated by "\n"
	NoFooter bool   // hide the presentation's footer and slide number on this slide
	Section  string // starts a PowerPoint section of this name (shown in the slide sorter)
	// TitleSize, when above 0, sets this slide's title in that many points instead of
	// the theme's size (a long title that must stay on one line).
	TitleSize float64

	p      *Presentation
	number int
	items  []item
}

// item is anything drawn on a slide's shape tree.
type item interface {
	xml(b *strings.Builder, id int, ctx *slideCtx) error
}

// slideCtx carries what items need while a slide is serialised.
type slideCtx struct {
	k    *opcPackage
	part string
	lang string
}

// Number returns the 1-based position of the slide in the presentation.
func (s *Slide) Number() int { return s.number }

// Align is the horizontal alignment of a paragraph.
type Align string

// Paragraph alignments.
const (
	AlignLeft    Align = "l"
	AlignCenter  Align = "ctr"
	AlignRight   Align = "r"
	AlignJustify Align = "just"
)

// Anchor is the vertical alignment of text in a shape or table cell.
type Anchor string

// Vertical anchors.
const (
	AnchorTop    Anchor = "t"
	AnchorMiddle Anchor = "ctr"
	AnchorBottom Anchor = "b"
)

// Run is a stretch of text with one formatting. "\n" in Text is a line break.
type Run struct {
	Text      string
	Bold      bool
	Italic    bool
	Underline bool
	Color     string  // "RRGGBB"; "" inherits (theme text colour)
	Size      float64 // points; 0 inherits (DefaultFontSize for text boxes and tables)
	Font      string  // "" uses the theme font
}

// Paragraph is a block of runs.
type Paragraph struct {
	Runs        []Run
	Align       Align   // "" = left
	Level       int     // indent level 0–8; each level indents 0.25 in
	Bullet      bool    // show BulletChar before the paragraph
	BulletChar  string  // "" = "•"
	SpaceBefore float64 // points
	SpaceAfter  float64 // points
}

// Para returns a paragraph of one plain run.
func Para(text string) Paragraph { return Paragraph{Runs: []Run{{Text: text}}} }

// Text returns the concatenated text of the paragraph's runs.
func (p Paragraph) Text() string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

const levelIndent int64 = 228600 // 0.25 in per level; bullets hang into the same width

// marginLeft is the paragraph's left margin in EMU, as written in pPr marL.
func (p Paragraph) marginLeft() int64 {
	lvl := int64(min(max(p.Level, 0), 8))
	m := lvl * levelIndent
	if p.Bullet {
		m += levelIndent
	}
	return m
}

// Insets are inner margins of a shape or table cell, in EMU.
type Insets struct {
	Left, Top, Right, Bottom int64
}

// DefaultInsets are the insets PowerPoint gives text boxes and table cells.
var DefaultInsets = Insets{Left: 91440, Top: 45720, Right: 91440, Bottom: 45720}

// Line is an outline. The zero Line draws nothing.
type Line struct {
	Color string // "RRGGBB"; "" = no line
	Width int64  // EMU; 0 = 1 pt
}

// Geometry names a preset shape (ECMA-376 ST_ShapeType), e.g. "ellipse".
type Geometry string

// Common preset geometries.
const (
	GeomRect      Geometry = "rect"
	GeomRoundRect Geometry = "roundRect"
	GeomEllipse   Geometry = "ellipse"
	GeomTriangle  Geometry = "triangle"
	GeomDiamond   Geometry = "diamond"
)

// Shape is a preset shape or text box; set its fields after adding it.
type Shape struct {
	Geometry Geometry
	Rect     Rect
	Name     string // "" = generated, e.g. "Shape 4"
	Descr    string // alternative text
	Fill     string // "RRGGBB"; "" = no fill
	Line     Line
	Text     []Paragraph
	Anchor   Anchor  // "" = top for text boxes, middle for shapes
	Insets   *Insets // nil = DefaultInsets
	NoWrap   bool    // keep each line on one line (no word wrap)

	textBox  bool
	checkbox int // 0 none, 1 empty box, 2 checked box
}

// AddText adds a text box holding paras, wrapped to r's width.
func (s *Slide) AddText(r Rect, paras ...Paragraph) *Shape {
	sh := &Shape{Geometry: GeomRect, Rect: r, Text: paras, Anchor: AnchorTop, textBox: true}
	s.items = append(s.items, sh)
	return sh
}

// AddShape adds a preset shape filled with fill ("" = none), e.g. a status marker.
func (s *Slide) AddShape(g Geometry, r Rect, fill string) *Shape {
	sh := &Shape{Geometry: g, Rect: r, Fill: fill}
	s.items = append(s.items, sh)
	return sh
}

// AddCheckbox adds a square box outlined in lineColor; when checked it holds a check mark
// filled with markColor. It is one shape with custom geometry named "Checkbox" (checked)
// or "Checkbox empty", so that readers can tell it apart.
func (s *Slide) AddCheckbox(r Rect, checked bool, lineColor, markColor string) *Shape {
	sh := &Shape{Rect: r, Line: Line{Color: lineColor, Width: Pt(1.5)}, Fill: markColor, checkbox: 1, Name: "Checkbox empty"}
	if checked {
		sh.checkbox = 2
		sh.Name = "Checkbox"
	}
	s.items = append(s.items, sh)
	return sh
}

var presetRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,40}$`)

func (sh *Shape) xml(b *strings.Builder, id int, ctx *slideCtx) error {
	name := sh.Name
	if name == "" {
		if sh.textBox {
			name = fmt.Sprintf("TextBox %d", id)
		} else {
			name = fmt.Sprintf("Shape %d", id)
		}
	}
	fmt.Fprintf(b, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"`, id, esc(name))
	if sh.Descr != "" {
		fmt.Fprintf(b, ` descr="%s"`, esc(sh.Descr))
	}
	b.WriteString(`/>`)
	if sh.textBox {
		b.WriteString(`<p:cNvSpPr txBox="1"/>`)
	} else {
		b.WriteString(`<p:cNvSpPr/>`)
	}
	b.WriteString(`<p:nvPr/></p:nvSpPr><p:spPr>`)
	writeXfrm(b, "a", sh.Rect)
	switch {
	case sh.checkbox > 0:
		b.WriteString(`<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/><a:pathLst>`)
		b.WriteString(`<a:path w="100" h="100" fill="none"><a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo><a:pt x="100" y="0"/></a:lnTo><a:lnTo><a:pt x="100" y="100"/></a:lnTo><a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:close/></a:path>`)
		if sh.checkbox == 2 {
			b.WriteString(`<a:path w="100" h="100" stroke="0"><a:moveTo><a:pt x="16" y="52"/></a:moveTo><a:lnTo><a:pt x="28" y="40"/></a:lnTo><a:lnTo><a:pt x="42" y="58"/></a:lnTo><a:lnTo><a:pt x="74" y="16"/></a:lnTo><a:lnTo><a:pt x="86" y="28"/></a:lnTo><a:lnTo><a:pt x="42" y="84"/></a:lnTo><a:close/></a:path>`)
		}
		b.WriteString(`</a:pathLst></a:custGeom>`)
	default:
		g := sh.Geometry
		if g == "" {
			g = GeomRect
		}
		if !presetRE.MatchString(string(g)) {
			return fmt.Errorf("pptx: shape %q: bad geometry %q", name, g)
		}
		fmt.Fprintf(b, `<a:prstGeom prst="%s"><a:avLst/></a:prstGeom>`, g)
	}
	if err := writeFill(b, sh.Fill); err != nil {
		return fmt.Errorf("pptx: shape %q: %w", name, err)
	}
	if err := writeLine(b, "ln", sh.Line); err != nil {
		return fmt.Errorf("pptx: shape %q: %w", name, err)
	}
	b.WriteString(`</p:spPr>`)
	if len(sh.Text) > 0 || sh.textBox {
		anchor := sh.Anchor
		if anchor == "" {
			anchor = AnchorMiddle
		}
		in := DefaultInsets
		if sh.Insets != nil {
			in = *sh.Insets
		}
		wrap := "square"
		if sh.NoWrap {
			wrap = "none"
		}
		fmt.Fprintf(b, `<p:txBody><a:bodyPr wrap="%s" lIns="%d" tIns="%d" rIns="%d" bIns="%d" anchor="%s" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>`,
			wrap, in.Left, in.Top, in.Right, in.Bottom, anchor)
		if err := writeParagraphs(b, sh.Text, ctx.lang); err != nil {
			return fmt.Errorf("pptx: shape %q: %w", name, err)
		}
		b.WriteString(`</p:txBody>`)
	}
	b.WriteString(`</p:sp>`)
	return nil
}

func writeXfrm(b *strings.Builder, prefix string, r Rect) {
	b.WriteByte('<')
	b.WriteString(prefix)
	b.WriteString(`:xfrm><a:off`)
	writeAttrInt(b, "x", r.X)
	writeAttrInt(b, "y", r.Y)
	b.WriteString(`/><a:ext`)
	writeAttrInt(b, "cx", max(r.W, 0))
	writeAttrInt(b, "cy", max(r.H, 0))
	b.WriteString(`/></`)
	b.WriteString(prefix)
	b.WriteString(`:xfrm>`)
}

func writeFill(b *strings.Builder, fill string) error {
	if fill == "" {
		b.WriteString(`<a:noFill/>`)
		return nil
	}
	c, ok := color(fill)
	if !ok {
		return fmt.Errorf("fill colour %q is not RRGGBB", fill)
	}
	writeSolidFill(b, c)
	return nil
}

// writeSolidFill writes a solid fill of c, a checked RRGGBB colour.
func writeSolidFill(b *strings.Builder, c string) {
	b.WriteString(`<a:solidFill><a:srgbClr val="`)
	b.WriteString(c)
	b.WriteString(`"/></a:solidFill>`)
}

// writeLine writes an outline element named tag (ln, lnL, lnR, …).
func writeLine(b *strings.Builder, tag string, l Line) error {
	if l.Color == "" {
		b.WriteString(`<a:`)
		b.WriteString(tag)
		b.WriteString(` w="0"><a:noFill/></a:`)
		b.WriteString(tag)
		b.WriteByte('>')
		return nil
	}
	c, ok := color(l.Color)
	if !ok {
		return fmt.Errorf("line colour %q is not RRGGBB", l.Color)
	}
	w := l.Width
	if w <= 0 {
		w = EMUPerPoint
	}
	b.WriteString(`<a:`)
	b.WriteString(tag)
	writeAttrInt(b, "w", w)
	b.WriteString(` cap="flat" cmpd="sng" algn="ctr">`)
	writeSolidFill(b, c)
	b.WriteString(`<a:prstDash val="solid"/><a:round/></a:`)
	b.WriteString(tag)
	b.WriteByte('>')
	return nil
}

// writeParagraphs writes a:p elements; an empty list still writes one empty paragraph,
// because a text body must hold at least one.
func writeParagraphs(b *strings.Builder, paras []Paragraph, lang string) error {
	if len(paras) == 0 {
		b.WriteString(`<a:p><a:endParaRPr lang="`)
		writeEsc(b, lang)
		b.WriteString(`" dirty="0"/></a:p>`)
		return nil
	}
	for _, p := range paras {
		b.WriteString(`<a:p>`)
		lvl := min(max(p.Level, 0), 8)
		b.WriteString(`<a:pPr`)
		writeAttrInt(b, "marL", p.marginLeft())
		if p.Bullet {
			writeAttrInt(b, "indent", -levelIndent)
		} else {
			b.WriteString(` indent="0"`)
		}
		if lvl > 0 {
			writeAttrInt(b, "lvl", int64(lvl))
		}
		if p.Align != "" {
			switch p.Align {
			case AlignLeft, AlignCenter, AlignRight, AlignJustify:
			default:
				return fmt.Errorf("bad alignment %q", p.Align)
			}
			b.WriteString(` algn="`)
			b.WriteString(string(p.Align))
			b.WriteByte('"')
		}
		b.WriteString(`>`)
		if p.SpaceBefore > 0 {
			b.WriteString(`<a:spcBef><a:spcPts`)
			writeAttrInt(b, "val", int64(int(p.SpaceBefore*100)))
			b.WriteString(`/></a:spcBef>`)
		}
		if p.SpaceAfter > 0 {
			b.WriteString(`<a:spcAft><a:spcPts`)
			writeAttrInt(b, "val", int64(int(p.SpaceAfter*100)))
			b.WriteString(`/></a:spcAft>`)
		}
		if p.Bullet {
			ch := p.BulletChar
			if ch == "" {
				ch = "•"
			}
			b.WriteString(`<a:buFont typeface="Arial"/><a:buChar char="`)
			writeEsc(b, ch)
			b.WriteString(`"/>`)
		} else {
			b.WriteString(`<a:buNone/>`)
		}
		b.WriteString(`</a:pPr>`)
		var last Run
		for _, r := range p.Runs {
			last = r
			first := true
			for part := range strings.SplitSeq(r.Text, "\n") {
				if !first {
					b.WriteString(`<a:br>`)
					if err := writeRunProps(b, "rPr", r, lang); err != nil {
						return err
					}
					b.WriteString(`</a:br>`)
				}
				first = false
				if part == "" {
					continue
				}
				b.WriteString(`<a:r>`)
				if err := writeRunProps(b, "rPr", r, lang); err != nil {
					return err
				}
				b.WriteString(`<a:t>`)
				writeEsc(b, part)
				b.WriteString(`</a:t></a:r>`)
			}
		}
		last.Text = ""
		if err := writeRunProps(b, "endParaRPr", last, lang); err != nil {
			return err
		}
		b.WriteString(`</a:p>`)
	}
	return nil
}

func writeRunProps(b *strings.Builder, tag string, r Run, lang string) error {
	b.WriteString(`<a:`)
	b.WriteString(tag)
	b.WriteString(` lang="`)
	writeEsc(b, lang)
	b.WriteByte('"')
	if r.Size > 0 {
		writeAttrInt(b, "sz", int64(min(max(int(r.Size*100+0.5), 100), 400000)))
	}
	if r.Bold {
		b.WriteString(` b="1"`)
	}
	if r.Italic {
		b.WriteString(` i="1"`)
	}
	if r.Underline {
		b.WriteString(` u="sng"`)
	}
	b.WriteString(` dirty="0">`)
	if r.Color != "" {
		c, ok := color(r.Color)
		if !ok {
			return fmt.Errorf("text colour %q is not RRGGBB", r.Color)
		}
		writeSolidFill(b, c)
	}
	if r.Font != "" {
		fmt.Fprintf(b, `<a:latin typeface="%s"/><a:cs typeface="%s"/>`, esc(r.Font), esc(r.Font))
	}
	b.WriteString(`</a:`)
	b.WriteString(tag)
	b.WriteByte('>')
	return nil
}

// placeholder is a title or subtitle placeholder on a slide.
type placeholder struct {
	phType string
	idx    int
	rect   Rect
	text   string
	size   float64 // points; 0 inherits
}

func (ph *placeholder) xml(b *strings.Builder, id int, ctx *slideCtx) error {
	name := map[string]string{"title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle"}[ph.phType]
	fmt.Fprintf(b, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s %d"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="%s"`, id, name, id-1, ph.phType)
	if ph.idx > 0 {
		fmt.Fprintf(b, ` idx="%d"`, ph.idx)
	}
	b.WriteString(`/></p:nvPr></p:nvSpPr><p:spPr>`)
	writeXfrm(b, "a", ph.rect)
	b.WriteString(`</p:spPr><p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>`)
	var paras []Paragraph
	for _, line := range strings.Split(ph.text, "\n") {
		p := Para(line)
		for i := range p.Runs {
			p.Runs[i].Size = ph.size
		}
		paras = append(paras, p)
	}
	if err := writeParagraphs(b, paras, ctx.lang); err != nil {
		return err
	}
	b.WriteString(`</p:txBody></p:sp>`)
	return nil
}

// slideNumber is a text box holding the slide number field.
type slideNumber struct {
	rect Rect
	n    int
}

func (sn *slideNumber) xml(b *strings.Builder, id int, ctx *slideCtx) error {
	fmt.Fprintf(b, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="Slide Number %d"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>`, id, id)
	writeXfrm(b, "a", sn.rect)
	b.WriteString(`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>`)
	fmt.Fprintf(b, `<p:txBody><a:bodyPr wrap="none" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="ctr" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="r"/>`)
	fmt.Fprintf(b, `<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="%s" sz="1000" dirty="0"><a:solidFill><a:srgbClr val="6B7280"/></a:solidFill></a:rPr><a:t>%d</a:t></a:fld>`, esc(ctx.lang), sn.n)
	fmt.Fprintf(b, `<a:endParaRPr lang="%s" sz="1000" dirty="0"/></a:p></p:txBody></p:sp>`, esc(ctx.lang))
	return nil
}

// build writes the slide part, its notes and its charts.
func (s *Slide) build(k *opcPackage, n int) error {
	part := fmt.Sprintf("ppt/slides/slide%d.xml", n)
	k.relate(part, relSlideLayout, fmt.Sprintf("ppt/slideLayouts/slideLayout%d.xml", int(s.Layout)+1))
	ctx := &slideCtx{k: k, part: part, lang: s.p.lang()}

	var items []item
	switch s.Layout {
	case LayoutTitle:
		items = append(items, &placeholder{phType: "ctrTitle", rect: titleSlideTitle, text: s.Title})
		if s.Subtitle != "" {
			items = append(items, &placeholder{phType: "subTitle", idx: 1, rect: titleSlideSubtitle, text: s.Subtitle})
		}
	case LayoutTitleOnly:
		items = append(items, &placeholder{phType: "title", rect: TitleRect(), text: s.Title, size: s.TitleSize})
	}
	items = append(items, s.items...)
	if !s.NoFooter {
		if s.p.Footer != "" {
			items = append(items, &Shape{Geometry: GeomRect, Name: "Footer", textBox: true, Anchor: AnchorMiddle,
				Rect: Rect{X: marginX, Y: footerY, W: SlideWidth/2 - marginX, H: footerH},
				Text: []Paragraph{{Runs: []Run{{Text: s.p.Footer, Size: 10, Color: "6B7280"}}}}})
		}
		if s.p.SlideNumbers {
			items = append(items, &slideNumber{rect: Rect{X: SlideWidth - marginX - 1371600, Y: footerY, W: 1371600, H: footerH}, n: n})
		}
	}

	var b strings.Builder
	b.Grow(k.slideHint + k.slideHint/4) // slides of a deck are alike: grow once, not by doubling
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<p:sld xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:cSld>`, nsA, nsRel, nsP)
	b.WriteString(spTreeStart)
	for i, it := range items {
		if err := it.xml(&b, i+2, ctx); err != nil {
			return fmt.Errorf("slide %d: %w", n, err)
		}
	}
	b.WriteString(`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`)
	k.add(part, ctSlide, builtBytes(&b))
	k.slideHint = b.Len()

	if s.Notes != "" {
		notes := fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", n)
		k.relate(part, relNotesSlide, notes)
		k.relate(notes, relNotesMaster, "ppt/notesMasters/notesMaster1.xml")
		k.relate(notes, relSlide, part)
		k.add(notes, ctNotesSlide, s.notesXML(ctx.lang))
	}
	return nil
}

func (s *Slide) notesXML(lang string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<p:notes xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:cSld>`, nsA, nsRel, nsP)
	b.WriteString(spTreeStart)
	b.WriteString(`<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>`)
	b.WriteString(`<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>`)
	var paras []Paragraph
	for _, line := range strings.Split(s.Notes, "\n") {
		paras = append(paras, Para(line))
	}
	_ = writeParagraphs(&b, paras, lang) // plain runs cannot fail
	b.WriteString(`</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>`)
	return builtBytes(&b)
}
