// Package pptx writes and reads PresentationML (.pptx) files, following ECMA-376.
//
// The writer builds 16:9 decks with one master, three layouts (title, title only, blank),
// a configurable theme, text boxes, preset shapes, checkboxes, tables, bar charts with their
// data embedded as a workbook, footers, slide numbers and speaker notes. Output is
// deterministic: the same presentation always gives the same bytes.
//
// MeasureText and MeasureParagraphs tell how tall wrapped text will be when LibreOffice
// renders it with the default font (Arial, measured with its metric twin Liberation Sans),
// so that callers can continue long tables
// on further slides instead of overflowing.
//
// The reader (Open) takes any .pptx, also from PowerPoint or LibreOffice Impress, treats it
// as hostile (Limits), and returns per slide, in presentation order, the shapes with their
// text, fill and position, and the tables with cell text, fill and merge information.
//
// Check verifies the structure of a package: relationships, content types, ids, XML.
//
// All lengths are EMU (English Metric Units): 914400 per inch, 12700 per point.
package pptx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Slide size and units, in EMU.
const (
	SlideWidth  int64 = 12192000 // 16:9, 13.333 in
	SlideHeight int64 = 6858000  // 7.5 in
	EMUPerInch  int64 = 914400
	EMUPerCm    int64 = 360000
	EMUPerPoint int64 = 12700
)

// Pt converts points to EMU.
func Pt(points float64) int64 { return int64(math.Round(points * float64(EMUPerPoint))) }

// Cm converts centimetres to EMU.
func Cm(cm float64) int64 { return int64(math.Round(cm * float64(EMUPerCm))) }

// Rect is a position and size on a slide, in EMU.
type Rect struct {
	X, Y, W, H int64
}

// Contains reports whether the point (x, y) lies inside r (edges included).
func (r Rect) Contains(x, y int64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Center returns the centre point of r.
func (r Rect) Center() (x, y int64) { return r.X + r.W/2, r.Y + r.H/2 }

// CenterIn returns a w×h rectangle centred in r, e.g. a status marker over a table cell.
func CenterIn(r Rect, w, h int64) Rect {
	return Rect{X: r.X + (r.W-w)/2, Y: r.Y + (r.H-h)/2, W: w, H: h}
}

// Fixed geometry of the master, so that callers can place content without overlapping the
// title or the footer.
const (
	marginX     int64 = 457200 // 0.5 in
	titleY      int64 = 228600
	titleH      int64 = 777240
	footerY     int64 = SlideHeight - 411480
	footerH     int64 = 320040
	contentTopY int64 = titleY + titleH + 91440
)

// ContentRect is the area of a LayoutTitleOnly slide between the title and the footer.
func ContentRect() Rect {
	return Rect{X: marginX, Y: contentTopY, W: SlideWidth - 2*marginX, H: footerY - 91440 - contentTopY}
}

// TitleRect is where the title of a LayoutTitleOnly slide sits.
func TitleRect() Rect { return Rect{X: marginX, Y: titleY, W: SlideWidth - 2*marginX, H: titleH} }

// Theme holds the colours and fonts of the deck's theme. Colours are "RRGGBB".
type Theme struct {
	Name        string
	Accent      string // accent1: title colour, default chart and table accents
	Dark        string // dk2: secondary text colour
	Light       string // lt2: light background tone
	Font        string // body (minor) font; also used for headings when HeadingFont is ""
	HeadingFont string // heading (major) font
	TitleSize   float64
}

// Properties are the document properties (docProps/core.xml and app.xml).
type Properties struct {
	Title, Subject, Author, Keywords, Description, Company string
	Language                                               string    // BCP 47, e.g. "sv-SE"; also the language of every text run
	Created                                                time.Time // zero: 2000-01-01, so output stays deterministic
	Modified                                               time.Time // zero: Created
}

// Presentation is a deck being built. Create it with New, add slides, then Write or Save.
type Presentation struct {
	Theme Theme
	Props Properties
	// Footer is shown at the bottom left of every slide whose NoFooter is false.
	Footer string
	// SlideNumbers shows the slide number at the bottom right of every slide whose NoFooter
	// is false.
	SlideNumbers bool

	slides []*Slide
}

// DefaultFont is the theme font of a new presentation: a font every Microsoft Office
// has, and that LibreOffice renders with the metric-compatible Liberation Sans.
const DefaultFont = "Arial"

// New returns an empty 16:9 presentation with the default theme (DefaultFont).
func New() *Presentation {
	return &Presentation{
		Theme: Theme{
			Name:      "Handlingsplan",
			Accent:    "005A9C",
			Dark:      "1F2A44",
			Light:     "E8EEF4",
			Font:      DefaultFont,
			TitleSize: 26,
		},
		Props: Properties{Language: "sv-SE"},
	}
}

// Layout selects the slide layout a slide is based on.
type Layout int

// Layouts of the master.
const (
	LayoutTitle     Layout = iota // centred title and subtitle
	LayoutTitleOnly               // title at the top (TitleRect), content free (ContentRect)
	LayoutBlank                   // nothing
)

var layoutNames = [...]string{"Title Slide", "Title Only", "Blank"}

// AddSlide appends a slide based on layout.
func (p *Presentation) AddSlide(layout Layout) *Slide {
	if layout < LayoutTitle || layout > LayoutBlank {
		layout = LayoutBlank
	}
	s := &Slide{Layout: layout, p: p, number: len(p.slides) + 1}
	p.slides = append(p.slides, s)
	return s
}

// Slides returns the slides in order.
func (p *Presentation) Slides() []*Slide { return p.slides }

// Write writes the presentation as a .pptx to w.
func (p *Presentation) Write(w io.Writer) error {
	data, err := p.Bytes()
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Save writes the presentation to path atomically (temporary file, then rename).
func (p *Presentation) Save(path string) error {
	data, err := p.Bytes()
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

// Bytes returns the presentation as a .pptx.
func (p *Presentation) Bytes() ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	k := newPackage()
	p.build(k)
	for i, s := range p.slides {
		if err := s.build(k, i+1); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	buf.Grow(k.size() / 6) // the XML deflates to about a tenth, images hardly at all
	if err := k.write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// color normalises "#rrggbb"/"rrggbb" to "RRGGBB"; ok is false for anything else.
// It is called for every cell edge, so it checks the digits by hand.
func color(c string) (string, bool) {
	c = strings.TrimPrefix(c, "#")
	if len(c) != 6 {
		return "", false
	}
	for i := range len(c) {
		switch d := c[i]; {
		case '0' <= d && d <= '9', 'A' <= d && d <= 'F', 'a' <= d && d <= 'f':
		default:
			return "", false
		}
	}
	return strings.ToUpper(c), true
}

func (p *Presentation) validate() error {
	for _, c := range []struct{ name, value string }{{"Accent", p.Theme.Accent}, {"Dark", p.Theme.Dark}, {"Light", p.Theme.Light}} {
		if _, ok := color(c.value); !ok {
			return fmt.Errorf("pptx: theme %s colour %q is not RRGGBB", c.name, c.value)
		}
	}
	if p.Theme.Font == "" {
		return fmt.Errorf("pptx: theme font is empty")
	}
	return nil
}

func (p *Presentation) lang() string {
	if p.Props.Language == "" {
		return "sv-SE"
	}
	return p.Props.Language
}

func (p *Presentation) headingFont() string {
	if p.Theme.HeadingFont != "" {
		return p.Theme.HeadingFont
	}
	return p.Theme.Font
}

// build adds every part that does not belong to a single slide.
func (p *Presentation) build(k *opcPackage) {
	const pres = "ppt/presentation.xml"
	k.relate("", relOfficeDocument, pres)
	k.relate("", relCoreProps, "docProps/core.xml")
	k.relate("", relExtProps, "docProps/app.xml")
	k.add("docProps/core.xml", ctCoreProps, p.coreXML())
	k.add("docProps/app.xml", ctExtProps, p.appXML())

	masterRel := k.relate(pres, relSlideMaster, "ppt/slideMasters/slideMaster1.xml")
	var slideRels []string
	for i := range p.slides {
		slideRels = append(slideRels, k.relate(pres, relSlide, fmt.Sprintf("ppt/slides/slide%d.xml", i+1)))
	}
	notesRel := k.relate(pres, relNotesMaster, "ppt/notesMasters/notesMaster1.xml")
	k.relate(pres, relPresProps, "ppt/presProps.xml")
	k.relate(pres, relViewProps, "ppt/viewProps.xml")
	k.relate(pres, relTheme, "ppt/theme/theme1.xml")
	k.relate(pres, relTableStyles, "ppt/tableStyles.xml")
	k.add(pres, ctPresentation, p.presentationXML(masterRel, notesRel, slideRels))

	k.add("ppt/presProps.xml", ctPresProps, []byte(xmlHeader+`<p:presentationPr xmlns:a="`+nsA+`" xmlns:r="`+nsRel+`" xmlns:p="`+nsP+`"/>`))
	k.add("ppt/viewProps.xml", ctViewProps, []byte(xmlHeader+`<p:viewPr xmlns:a="`+nsA+`" xmlns:r="`+nsRel+`" xmlns:p="`+nsP+`"><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>`))
	k.add("ppt/tableStyles.xml", ctTableStyles, []byte(xmlHeader+`<a:tblStyleLst xmlns:a="`+nsA+`" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>`))
	k.add("ppt/theme/theme1.xml", ctTheme, p.themeXML())
	k.add("ppt/theme/theme2.xml", ctTheme, p.themeXML())

	const master = "ppt/slideMasters/slideMaster1.xml"
	var layoutRels []string
	for i := range layoutNames {
		name := fmt.Sprintf("ppt/slideLayouts/slideLayout%d.xml", i+1)
		layoutRels = append(layoutRels, k.relate(master, relSlideLayout, name))
		k.relate(name, relSlideMaster, master)
		k.add(name, ctSlideLayout, p.layoutXML(Layout(i)))
	}
	k.relate(master, relTheme, "ppt/theme/theme1.xml")
	k.add(master, ctSlideMaster, p.masterXML(layoutRels))

	const nm = "ppt/notesMasters/notesMaster1.xml"
	k.relate(nm, relTheme, "ppt/theme/theme2.xml")
	k.add(nm, ctNotesMaster, p.notesMasterXML())
}

func (p *Presentation) created() (time.Time, time.Time) {
	c := p.Props.Created
	if c.IsZero() {
		c = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	m := p.Props.Modified
	if m.IsZero() {
		m = c
	}
	return c.UTC(), m.UTC()
}

func (p *Presentation) coreXML() []byte {
	c, m := p.created()
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	el := func(tag, v string) {
		if v != "" {
			fmt.Fprintf(&b, "<%s>%s</%s>", tag, esc(v), tag)
		}
	}
	el("dc:title", p.Props.Title)
	el("dc:subject", p.Props.Subject)
	el("dc:creator", p.Props.Author)
	el("cp:keywords", p.Props.Keywords)
	el("dc:description", p.Props.Description)
	el("cp:lastModifiedBy", p.Props.Author)
	el("dc:language", p.lang())
	fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`, c.Format(time.RFC3339))
	fmt.Fprintf(&b, `<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`, m.Format(time.RFC3339))
	b.WriteString(`</cp:coreProperties>`)
	return builtBytes(&b)
}

func (p *Presentation) appXML() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`)
	b.WriteString(`<Application>handlingsplan pptx</Application>`)
	fmt.Fprintf(&b, `<PresentationFormat>Widescreen</PresentationFormat><Slides>%d</Slides>`, len(p.slides))
	notes := 0
	for _, s := range p.slides {
		if s.Notes != "" {
			notes++
		}
	}
	fmt.Fprintf(&b, `<Notes>%d</Notes>`, notes)
	if p.Props.Company != "" {
		fmt.Fprintf(&b, `<Company>%s</Company>`, esc(p.Props.Company))
	}
	b.WriteString(`<AppVersion>16.0000</AppVersion></Properties>`)
	return builtBytes(&b)
}

func (p *Presentation) presentationXML(masterRel, notesRel string, slideRels []string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<p:presentation xmlns:a="%s" xmlns:r="%s" xmlns:p="%s" saveSubsetFonts="1">`, nsA, nsRel, nsP)
	fmt.Fprintf(&b, `<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="%s"/></p:sldMasterIdLst>`, masterRel)
	fmt.Fprintf(&b, `<p:notesMasterIdLst><p:notesMasterId r:id="%s"/></p:notesMasterIdLst>`, notesRel)
	if len(slideRels) > 0 {
		b.WriteString(`<p:sldIdLst>`)
		for i, r := range slideRels {
			fmt.Fprintf(&b, `<p:sldId id="%d" r:id="%s"/>`, 256+i, r)
		}
		b.WriteString(`</p:sldIdLst>`)
	}
	fmt.Fprintf(&b, `<p:sldSz cx="%d" cy="%d"/><p:notesSz cx="6858000" cy="9144000"/>`, SlideWidth, SlideHeight)
	b.WriteString(`<p:defaultTextStyle>`)
	b.WriteString(`<a:defPPr><a:defRPr lang="` + esc(p.lang()) + `"/></a:defPPr>`)
	for l := 1; l <= 9; l++ {
		fmt.Fprintf(&b, `<a:lvl%dpPr marL="%d" algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl%dpPr>`, l, (l-1)*457200, l)
	}
	b.WriteString(`</p:defaultTextStyle>`)
	p.sectionsXML(&b)
	b.WriteString(`</p:presentation>`)
	return builtBytes(&b)
}

// sectionsXML writes the PowerPoint 2010 sections (the slide sorter's groups) when
// any slide starts one; slides before the first named section form "Inledning".
func (p *Presentation) sectionsXML(b *strings.Builder) {
	type section struct {
		name string
		ids  []int
	}
	var secs []section
	for i, s := range p.slides {
		if s.Section != "" || len(secs) == 0 {
			name := s.Section
			if name == "" {
				name = "Inledning"
			}
			secs = append(secs, section{name: name})
		}
		secs[len(secs)-1].ids = append(secs[len(secs)-1].ids, 256+i)
	}
	if len(secs) == 0 || (len(secs) == 1 && p.slides[0].Section == "") {
		return
	}
	b.WriteString(`<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">`)
	for i, sec := range secs {
		fmt.Fprintf(b, `<p14:section name="%s" id="{5EC710%02X-0000-4000-8000-%012X}"><p14:sldIdLst>`, esc(sec.name), i%256, i)
		for _, id := range sec.ids {
			fmt.Fprintf(b, `<p14:sldId id="%d"/>`, id)
		}
		b.WriteString(`</p14:sldIdLst></p14:section>`)
	}
	b.WriteString(`</p14:sectionLst></p:ext></p:extLst>`)
}

func (p *Presentation) themeXML() []byte {
	accent, _ := color(p.Theme.Accent)
	dark, _ := color(p.Theme.Dark)
	light, _ := color(p.Theme.Light)
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<a:theme xmlns:a="%s" name="%s"><a:themeElements>`, nsA, esc(p.Theme.Name))
	fmt.Fprintf(&b, `<a:clrScheme name="%s">`, esc(p.Theme.Name))
	fmt.Fprintf(&b, `<a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="%s"/></a:dk2><a:lt2><a:srgbClr val="%s"/></a:lt2>`, dark, light)
	fmt.Fprintf(&b, `<a:accent1><a:srgbClr val="%s"/></a:accent1><a:accent2><a:srgbClr val="E87722"/></a:accent2><a:accent3><a:srgbClr val="6B7280"/></a:accent3><a:accent4><a:srgbClr val="7A4EAB"/></a:accent4><a:accent5><a:srgbClr val="00A3AD"/></a:accent5><a:accent6><a:srgbClr val="A6192E"/></a:accent6>`, accent)
	b.WriteString(`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>`)
	fmt.Fprintf(&b, `<a:fontScheme name="%s"><a:majorFont><a:latin typeface="%s"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="%s"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>`,
		esc(p.Theme.Name), esc(p.headingFont()), esc(p.Theme.Font))
	b.WriteString(`<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:tint val="50000"/></a:schemeClr></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:shade val="80000"/></a:schemeClr></a:solidFill></a:fillStyleLst>`)
	b.WriteString(`<a:lnStyleLst><a:ln w="6350" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln><a:ln w="12700" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln><a:ln w="19050" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln></a:lnStyleLst>`)
	b.WriteString(`<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>`)
	b.WriteString(`<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill></a:bgFillStyleLst></a:fmtScheme>`)
	b.WriteString(`</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`)
	return builtBytes(&b)
}

// spTreeStart opens a shape tree with its mandatory group properties.
const spTreeStart = `<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>`

const clrMap = `bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"`

// placeholderXML writes an empty placeholder shape as layouts and masters hold them.
func placeholderXML(b *strings.Builder, id int, name, phType string, idx int, r Rect, bodyPr, lstStyle string) {
	fmt.Fprintf(b, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="%s"`, id, name, phType)
	if idx > 0 {
		fmt.Fprintf(b, ` idx="%d"`, idx)
	}
	fmt.Fprintf(b, `/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>`, r.X, r.Y, r.W, r.H)
	if lstStyle == "" {
		lstStyle = `<a:lstStyle/>`
	}
	fmt.Fprintf(b, `<p:txBody>%s%s<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`, bodyPr, lstStyle)
}

var (
	titleSlideTitle    = Rect{X: 914400, Y: 1600200, W: SlideWidth - 2*914400, H: 1828800}
	titleSlideSubtitle = Rect{X: 914400, Y: 3611880, W: SlideWidth - 2*914400, H: 1371600}
	bodyRect           = ContentRect()
)

func (p *Presentation) masterXML(layoutRels []string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<p:sldMaster xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>`, nsA, nsRel, nsP)
	b.WriteString(spTreeStart)
	placeholderXML(&b, 2, "Title Placeholder 1", "title", 0, TitleRect(), `<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>`, "")
	placeholderXML(&b, 3, "Text Placeholder 2", "body", 1, bodyRect, `<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"><a:normAutofit/></a:bodyPr>`, "")
	fmt.Fprintf(&b, `</p:spTree></p:cSld><p:clrMap %s/><p:sldLayoutIdLst>`, clrMap)
	for i, r := range layoutRels {
		fmt.Fprintf(&b, `<p:sldLayoutId id="%d" r:id="%s"/>`, 2147483649+i, r)
	}
	b.WriteString(`</p:sldLayoutIdLst><p:txStyles>`)
	fmt.Fprintf(&b, `<p:titleStyle><a:lvl1pPr algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/><a:defRPr sz="%d" b="1" kern="1200"><a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle>`, int(p.titleSize()*100))
	b.WriteString(`<p:bodyStyle>`)
	for l := 1; l <= 9; l++ {
		sz := 2000
		if l > 1 {
			sz = 1800
		}
		fmt.Fprintf(&b, `<a:lvl%dpPr marL="%d" indent="-228600" algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/><a:defRPr sz="%d" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl%dpPr>`, l, 228600+(l-1)*457200, sz, l)
	}
	b.WriteString(`</p:bodyStyle><p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>`)
	for l := 1; l <= 9; l++ {
		fmt.Fprintf(&b, `<a:lvl%dpPr marL="%d" algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl%dpPr>`, l, (l-1)*457200, l)
	}
	b.WriteString(`</p:otherStyle></p:txStyles></p:sldMaster>`)
	return builtBytes(&b)
}

func (p *Presentation) titleSize() float64 {
	if p.Theme.TitleSize <= 0 {
		return 26
	}
	return p.Theme.TitleSize
}

func (p *Presentation) layoutXML(l Layout) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	typ := map[Layout]string{LayoutTitle: "title", LayoutTitleOnly: "titleOnly", LayoutBlank: "blank"}[l]
	fmt.Fprintf(&b, `<p:sldLayout xmlns:a="%s" xmlns:r="%s" xmlns:p="%s" type="%s" preserve="1"><p:cSld name="%s">`, nsA, nsRel, nsP, typ, layoutNames[l])
	b.WriteString(spTreeStart)
	switch l {
	case LayoutTitle:
		placeholderXML(&b, 2, "Title 1", "ctrTitle", 0, titleSlideTitle, `<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>`,
			fmt.Sprintf(`<a:lstStyle><a:lvl1pPr><a:defRPr sz="%d"/></a:lvl1pPr></a:lstStyle>`, int(p.titleSize()*100*1.5)))
		placeholderXML(&b, 3, "Subtitle 2", "subTitle", 1, titleSlideSubtitle, `<a:bodyPr><a:normAutofit/></a:bodyPr>`,
			`<a:lstStyle><a:lvl1pPr marL="0" indent="0"><a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/><a:defRPr sz="2000"><a:solidFill><a:schemeClr val="tx2"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>`)
	case LayoutTitleOnly:
		placeholderXML(&b, 2, "Title 1", "title", 0, TitleRect(), `<a:bodyPr/>`, "")
	}
	b.WriteString(`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`)
	return builtBytes(&b)
}

var (
	notesSlideImage = Rect{X: 685800, Y: 1143000, W: 5486400, H: 3086100}
	notesBody       = Rect{X: 685800, Y: 4400550, W: 5486400, H: 3600450}
)

func (p *Presentation) notesMasterXML() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<p:notesMaster xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>`, nsA, nsRel, nsP)
	b.WriteString(spTreeStart)
	fmt.Fprintf(&b, `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg" idx="2"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></p:spPr></p:sp>`,
		notesSlideImage.X, notesSlideImage.Y, notesSlideImage.W, notesSlideImage.H)
	placeholderXML(&b, 3, "Notes Placeholder 2", "body", 3, notesBody, `<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"/>`, "")
	fmt.Fprintf(&b, `</p:spTree></p:cSld><p:clrMap %s/><p:notesStyle>`, clrMap)
	for l := 1; l <= 9; l++ {
		fmt.Fprintf(&b, `<a:lvl%dpPr marL="%d" algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1200" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl%dpPr>`, l, (l-1)*457200, l)
	}
	b.WriteString(`</p:notesStyle></p:notesMaster>`)
	return builtBytes(&b)
}
