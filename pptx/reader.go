package pptx

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Document is what Open found in a presentation.
type Document struct {
	Title                   string // core property dc:title
	SlideWidth, SlideHeight int64
	Slides                  []*SlideInfo // in presentation order
}

// SlideInfo is one slide as read.
type SlideInfo struct {
	Number int    // 1-based position in the presentation
	Part   string // part name, e.g. "ppt/slides/slide3.xml"
	Hidden bool
	Title  string // text of the title (or centred title) placeholder
	// Shapes are the slide's shapes, pictures and connectors in drawing order, groups
	// flattened into slide coordinates. Tables and charts are not shapes.
	Shapes []ShapeInfo
	Tables []TableInfo
	Notes  string // text of the speaker notes
}

// ShapeInfo is one shape as read.
type ShapeInfo struct {
	ID          int
	Name, Descr string
	Kind        string // "sp", "pic" or "cxnSp"
	Placeholder string // placeholder type ("title", "ctrTitle", "body", …), "" if none
	Geometry    string // preset geometry ("rect", "ellipse", …), "custGeom", or ""
	Rect        Rect   // in slide coordinates; inherited from the layout for placeholders
	Fill        string // solid fill as "RRGGBB" (theme colours resolved), "" if none or unknown
	Line        string // outline colour as "RRGGBB", "" if none or unknown
	Paragraphs  []string
}

// Text returns the shape's paragraphs joined by newlines.
func (s ShapeInfo) Text() string { return strings.Join(s.Paragraphs, "\n") }

// TableInfo is one table as read. Row heights are those written in the file (minimums: a
// renderer may grow rows whose text does not fit).
type TableInfo struct {
	ID   int
	Name string
	Rect Rect // the graphic frame
	Cols []int64
	Rows []RowInfo
}

// RowInfo is one table row.
type RowInfo struct {
	Height int64
	Cells  []CellInfo
}

// CellInfo is one table cell. A merged cell spans GridSpan columns and RowSpan rows; the cells
// it covers are present with HMerge (covered from the left) or VMerge (covered from above).
type CellInfo struct {
	Paragraphs []string
	Fill       string // solid fill as "RRGGBB", "" if none or unknown (table styles are not applied)
	GridSpan   int    // ≥ 1
	RowSpan    int    // ≥ 1
	HMerge     bool
	VMerge     bool
	Rect       Rect // on the slide, from the frame offset, column widths and row heights
}

// Text returns the cell's paragraphs joined by newlines.
func (c CellInfo) Text() string { return strings.Join(c.Paragraphs, "\n") }

// CellAt returns the row and column of the visible cell containing the point (x, y), with a
// covered cell resolved to the merged cell that covers it.
func (t *TableInfo) CellAt(x, y int64) (row, col int, ok bool) {
	for r := range t.Rows {
		for c := range t.Rows[r].Cells {
			cell := t.Rows[r].Cells[c]
			if cell.HMerge || cell.VMerge || !cell.Rect.Contains(x, y) {
				continue
			}
			return r, c, true
		}
	}
	return 0, 0, false
}

// ShapesIn returns the shapes whose centre lies inside r, e.g. a status marker in a cell.
func (s *SlideInfo) ShapesIn(r Rect) []ShapeInfo {
	var out []ShapeInfo
	for _, sh := range s.Shapes {
		if x, y := sh.Rect.Center(); r.Contains(x, y) && sh.Rect.W > 0 {
			out = append(out, sh)
		}
	}
	return out
}

// Open reads a .pptx (or .potx/.ppsx) from data, within lim. Errors wrap ErrNotZip,
// ErrTooLarge, ErrEncrypted, ErrMacro, ErrNotPresentation or ErrCorrupt.
func Open(data []byte, lim Limits) (*Document, error) {
	a, err := openArchive(data, lim)
	if err != nil {
		return nil, err
	}
	if !a.has("[Content_Types].xml") {
		return nil, fmt.Errorf("%w: no [Content_Types].xml", ErrNotPresentation)
	}
	var ct xContentTypes
	if err := a.xmlPart("[Content_Types].xml", &ct); err != nil {
		return nil, err
	}
	for _, n := range a.names {
		if strings.HasSuffix(strings.ToLower(n), "vbaproject.bin") {
			return nil, fmt.Errorf("%w: contains %s", ErrMacro, n)
		}
	}
	pkgRels, err := a.relsOf("")
	if err != nil {
		return nil, err
	}
	main, ok := findRel(pkgRels, "officeDocument")
	if !ok {
		return nil, fmt.Errorf("%w: no main document", ErrNotPresentation)
	}
	mainType := ct.contentType(main.target)
	switch {
	case strings.Contains(mainType, "macroEnabled"):
		return nil, fmt.Errorf("%w: %s", ErrMacro, mainType)
	case !strings.Contains(mainType, "presentationml"):
		return nil, fmt.Errorf("%w: main part is %q", ErrNotPresentation, mainType)
	}

	r := &reader{a: a, layouts: map[string]*phSet{}, themes: map[string]map[string]string{}}
	doc := &Document{}
	if core, ok := findRel(pkgRels, "core-properties"); ok && a.has(core.target) {
		var x struct {
			Title string `xml:"title"`
		}
		if err := a.xmlPart(core.target, &x); err == nil {
			doc.Title = strings.TrimSpace(x.Title)
		}
	}

	var pres struct {
		// Attributes are read raw: a tag "id,attr" would also match r:id.
		SldIDs []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sldIdLst>sldId"`
		SldSz struct {
			Cx int64 `xml:"cx,attr"`
			Cy int64 `xml:"cy,attr"`
		} `xml:"sldSz"`
	}
	if err := a.xmlPart(main.target, &pres); err != nil {
		return nil, err
	}
	doc.SlideWidth, doc.SlideHeight = pres.SldSz.Cx, pres.SldSz.Cy
	presRels, err := a.relsOf(main.target)
	if err != nil {
		return nil, err
	}
	for i, sid := range pres.SldIDs {
		var id string
		for _, at := range sid.Attrs {
			if at.Name.Local == "id" && at.Name.Space != "" { // r:id, transitional or strict
				id = at.Value
			}
		}
		rel, ok := relByID(presRels, id)
		if !ok || rel.external {
			return nil, fmt.Errorf("%w: slide %d: relationship %q not found", ErrCorrupt, i+1, id)
		}
		s, err := r.slide(rel.target, i+1)
		if err != nil {
			return nil, err
		}
		doc.Slides = append(doc.Slides, s)
	}
	return doc, nil
}

// reader holds what is shared between slides: layouts, masters and themes read once.
type reader struct {
	a       *archive
	layouts map[string]*phSet            // layout or master part -> its placeholders
	themes  map[string]map[string]string // master part -> scheme colour name -> RGB
}

// phSet holds the placeholder positions of a layout and its master, and its colours.
type phSet struct {
	byIdx  map[int]Rect
	byType map[string]Rect
	parent *phSet
	colors map[string]string // resolved through the master's colour map
}

func (p *phSet) rect(ph *xPh) (Rect, bool) {
	for s := p; s != nil; s = s.parent {
		if ph.Idx != nil {
			if r, ok := s.byIdx[*ph.Idx]; ok {
				return r, true
			}
		}
		if r, ok := s.byType[phType(ph)]; ok {
			return r, true
		}
	}
	return Rect{}, false
}

// phType is the placeholder's type for matching; a centred title inherits from the title.
func phType(ph *xPh) string {
	switch ph.Type {
	case "", "obj":
		return "body"
	case "ctrTitle":
		return "title"
	case "subTitle":
		return "body"
	}
	return ph.Type
}

func (r *reader) slide(part string, n int) (*SlideInfo, error) {
	var x struct {
		Show *bool  `xml:"show,attr"`
		Tree xGroup `xml:"cSld>spTree"`
	}
	if err := r.a.xmlPart(part, &x); err != nil {
		return nil, fmt.Errorf("slide %d: %w", n, err)
	}
	rels, err := r.a.relsOf(part)
	if err != nil {
		return nil, fmt.Errorf("slide %d: %w", n, err)
	}
	s := &SlideInfo{Number: n, Part: part, Hidden: x.Show != nil && !*x.Show}
	ctx := &phSet{colors: defaultColors()}
	if l, ok := findRel(rels, "slideLayout"); ok && r.a.has(l.target) {
		if ps, err := r.layout(l.target); err == nil {
			ctx = ps
		} else {
			return nil, fmt.Errorf("slide %d: %w", n, err)
		}
	}
	flatten(&x.Tree, identity, 0, func(it *xItem, tr transform) {
		switch {
		case it.sp != nil:
			sh := it.sp.info(tr, ctx)
			if sh.Placeholder == "title" || sh.Placeholder == "ctrTitle" {
				s.Title = strings.TrimSpace(strings.Join(sh.Paragraphs, " "))
			}
			s.Shapes = append(s.Shapes, sh)
		case it.frame != nil && it.frame.Data.Tbl != nil:
			s.Tables = append(s.Tables, it.frame.table(tr, ctx))
		}
	})
	if nr, ok := findRel(rels, "notesSlide"); ok && r.a.has(nr.target) {
		var notes struct {
			Tree xGroup `xml:"cSld>spTree"`
		}
		if err := r.a.xmlPart(nr.target, &notes); err != nil {
			return nil, fmt.Errorf("slide %d notes: %w", n, err)
		}
		var lines []string
		flatten(&notes.Tree, identity, 0, func(it *xItem, tr transform) {
			if it.sp != nil && it.sp.nv().Ph != nil && phType(it.sp.nv().Ph) == "body" {
				lines = append(lines, it.sp.info(tr, ctx).Paragraphs...)
			}
		})
		s.Notes = strings.Join(lines, "\n")
	}
	return s, nil
}

// layout reads a slide layout with its master (placeholders and theme colours), once.
func (r *reader) layout(part string) (*phSet, error) {
	if ps, ok := r.layouts[part]; ok {
		return ps, nil
	}
	rels, err := r.a.relsOf(part)
	if err != nil {
		return nil, err
	}
	var master *phSet
	if m, ok := findRel(rels, "slideMaster"); ok && r.a.has(m.target) && m.target != part {
		if master, err = r.master(m.target); err != nil {
			return nil, err
		}
	}
	ps, err := r.placeholders(part)
	if err != nil {
		return nil, err
	}
	ps.parent = master
	ps.colors = defaultColors()
	if master != nil {
		ps.colors = master.colors
	}
	r.layouts[part] = ps
	return ps, nil
}

func (r *reader) master(part string) (*phSet, error) {
	if ps, ok := r.layouts[part]; ok {
		return ps, nil
	}
	ps, err := r.placeholders(part)
	if err != nil {
		return nil, err
	}
	var x struct {
		ClrMap struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"clrMap"`
	}
	if err := r.a.xmlPart(part, &x); err != nil {
		return nil, err
	}
	scheme := map[string]string{}
	rels, err := r.a.relsOf(part)
	if err != nil {
		return nil, err
	}
	if t, ok := findRel(rels, "theme"); ok && r.a.has(t.target) {
		var th struct {
			Scheme struct {
				Colors []xNamedColor `xml:",any"`
			} `xml:"themeElements>clrScheme"`
		}
		if err := r.a.xmlPart(t.target, &th); err != nil {
			return nil, err
		}
		for _, c := range th.Scheme.Colors {
			if rgb := c.rgb(); rgb != "" {
				scheme[c.XMLName.Local] = rgb
			}
		}
	}
	colors := defaultColors()
	for k, v := range scheme {
		colors[k] = v
	}
	for _, at := range x.ClrMap.Attrs {
		if v, ok := scheme[at.Value]; ok {
			colors[at.Name.Local] = v
		}
	}
	ps.colors = colors
	r.layouts[part] = ps
	return ps, nil
}

func (r *reader) placeholders(part string) (*phSet, error) {
	var x struct {
		Tree xGroup `xml:"cSld>spTree"`
	}
	if err := r.a.xmlPart(part, &x); err != nil {
		return nil, err
	}
	ps := &phSet{byIdx: map[int]Rect{}, byType: map[string]Rect{}}
	flatten(&x.Tree, identity, 0, func(it *xItem, tr transform) {
		if it.sp == nil {
			return
		}
		nv := it.sp.nv()
		if nv.Ph == nil || it.sp.SpPr.Xfrm == nil {
			return
		}
		rect := tr.apply(it.sp.SpPr.Xfrm.rect())
		if nv.Ph.Idx != nil {
			ps.byIdx[*nv.Ph.Idx] = rect
		}
		if _, seen := ps.byType[phType(nv.Ph)]; !seen {
			ps.byType[phType(nv.Ph)] = rect
		}
	})
	return ps, nil
}

// defaultColors are used when a deck has no theme: Office's default scheme.
func defaultColors() map[string]string {
	return map[string]string{
		"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6",
		"accent1": "4472C4", "accent2": "ED7D31", "accent3": "A5A5A5", "accent4": "FFC000",
		"accent5": "5B9BD5", "accent6": "70AD47", "hlink": "0563C1", "folHlink": "954F72",
		"tx1": "000000", "bg1": "FFFFFF", "tx2": "44546A", "bg2": "E7E6E6",
	}
}

// --- XML structures (matched by local name, so transitional and strict both work) ---

type xGroup struct {
	Xfrm  *xXfrm  `xml:"grpSpPr>xfrm"`
	Items []xItem `xml:",any"`
}

// xItem is one child of a shape tree; only one of its fields is set.
type xItem struct {
	sp    *xSp
	grp   *xGroup
	frame *xFrame
}

func (it *xItem) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	switch start.Name.Local {
	case "sp", "pic", "cxnSp":
		it.sp = &xSp{kind: start.Name.Local}
		return d.DecodeElement(it.sp, &start)
	case "grpSp":
		it.grp = &xGroup{}
		return d.DecodeElement(it.grp, &start)
	case "graphicFrame":
		it.frame = &xFrame{}
		return d.DecodeElement(it.frame, &start)
	case "AlternateContent":
		// Use the first choice: it holds the shapes as their author made them.
		var alt struct {
			Choice []xGroup `xml:"Choice"`
		}
		if err := d.DecodeElement(&alt, &start); err != nil {
			return err
		}
		if len(alt.Choice) > 0 {
			it.grp = &alt.Choice[0]
		}
		return nil
	}
	return d.Skip()
}

// transform maps child coordinates of nested groups to slide coordinates.
type transform struct{ ox, oy, sx, sy, cx, cy float64 }

var identity = transform{sx: 1, sy: 1}

func (t transform) apply(r Rect) Rect {
	x := t.ox + (float64(r.X)-t.cx)*t.sx
	y := t.oy + (float64(r.Y)-t.cy)*t.sy
	return Rect{X: int64(math.Round(x)), Y: int64(math.Round(y)), W: int64(math.Round(float64(r.W) * t.sx)), H: int64(math.Round(float64(r.H) * t.sy))}
}

// child returns the transform for the children of a group with xfrm g inside t.
func (t transform) child(g *xXfrm) transform {
	if g == nil {
		return t
	}
	sx, sy := 1.0, 1.0
	if g.ChExt.Cx > 0 {
		sx = float64(g.Ext.Cx) / float64(g.ChExt.Cx)
	}
	if g.ChExt.Cy > 0 {
		sy = float64(g.Ext.Cy) / float64(g.ChExt.Cy)
	}
	off := t.apply(Rect{X: g.Off.X, Y: g.Off.Y})
	return transform{ox: float64(off.X), oy: float64(off.Y), sx: sx * t.sx, sy: sy * t.sy, cx: float64(g.ChOff.X), cy: float64(g.ChOff.Y)}
}

// maxGroupDepth bounds recursion on hostile nesting.
const maxGroupDepth = 32

func flatten(g *xGroup, tr transform, depth int, visit func(*xItem, transform)) {
	if depth > maxGroupDepth {
		return
	}
	for i := range g.Items {
		it := &g.Items[i]
		if it.grp != nil {
			flatten(it.grp, tr.child(it.grp.Xfrm), depth+1, visit)
			continue
		}
		visit(it, tr)
	}
}

type xPoint struct {
	X int64 `xml:"x,attr"`
	Y int64 `xml:"y,attr"`
}

type xSize struct {
	Cx int64 `xml:"cx,attr"`
	Cy int64 `xml:"cy,attr"`
}

type xXfrm struct {
	Off   xPoint `xml:"off"`
	Ext   xSize  `xml:"ext"`
	ChOff xPoint `xml:"chOff"`
	ChExt xSize  `xml:"chExt"`
}

func (x *xXfrm) rect() Rect { return Rect{X: x.Off.X, Y: x.Off.Y, W: x.Ext.Cx, H: x.Ext.Cy} }

type xPh struct {
	Type string `xml:"type,attr"`
	Idx  *int   `xml:"idx,attr"`
}

type xNv struct {
	C struct {
		ID    int    `xml:"id,attr"`
		Name  string `xml:"name,attr"`
		Descr string `xml:"descr,attr"`
	} `xml:"cNvPr"`
	Ph *xPh `xml:"nvPr>ph"`
}

// xClr is one colour element with its modifiers.
type xClr struct {
	Val     string `xml:"val,attr"`
	LastClr string `xml:"lastClr,attr"`
	Mods    []struct {
		XMLName xml.Name
		Val     int `xml:"val,attr"`
	} `xml:",any"`
}

// xFill is an element that may hold a colour choice (solidFill, fillRef, …).
type xFill struct {
	Srgb   *xClr `xml:"srgbClr"`
	Scheme *xClr `xml:"schemeClr"`
	Sys    *xClr `xml:"sysClr"`
	Prst   *xClr `xml:"prstClr"`
}

type xNamedColor struct {
	XMLName xml.Name
	xFill
}

func (c xNamedColor) rgb() string { return c.xFill.resolve(nil) }

var presetColors = map[string]string{
	"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "lime": "00FF00",
	"blue": "0000FF", "yellow": "FFFF00", "orange": "FFA500", "gray": "808080", "grey": "808080",
	"darkGreen": "006400", "darkRed": "8B0000", "gold": "FFD700", "lightGreen": "90EE90",
}

// resolve returns the colour as "RRGGBB", "" when there is none or it cannot be resolved.
func (f *xFill) resolve(colors map[string]string) string {
	if f == nil {
		return ""
	}
	var base string
	var c *xClr
	switch {
	case f.Srgb != nil:
		c = f.Srgb
		base = c.Val
	case f.Scheme != nil:
		c = f.Scheme
		base = colors[c.Val]
	case f.Sys != nil:
		c = f.Sys
		base = c.LastClr
		if base == "" {
			base = map[string]string{"windowText": "000000", "window": "FFFFFF"}[c.Val]
		}
	case f.Prst != nil:
		c = f.Prst
		base = presetColors[c.Val]
	}
	rgb, ok := color(base)
	if !ok {
		return ""
	}
	return applyMods(rgb, c)
}

// applyMods applies the luminance, tint and shade modifiers PowerPoint writes for theme
// colour variants.
func applyMods(rgb string, c *xClr) string {
	v, _ := strconv.ParseUint(rgb, 16, 32)
	r, g, b := float64(v>>16&0xff)/255, float64(v>>8&0xff)/255, float64(v&0xff)/255
	for _, m := range c.Mods {
		f := float64(m.Val) / 100000
		switch m.XMLName.Local {
		case "tint":
			r, g, b = 1-(1-r)*f, 1-(1-g)*f, 1-(1-b)*f
		case "shade":
			r, g, b = r*f, g*f, b*f
		case "lumMod", "lumOff":
			h, s, l := rgbToHSL(r, g, b)
			if m.XMLName.Local == "lumMod" {
				l *= f
			} else {
				l += f
			}
			r, g, b = hslToRGB(h, s, math.Min(math.Max(l, 0), 1))
		}
	}
	clamp := func(x float64) int { return int(math.Round(math.Min(math.Max(x, 0), 1) * 255)) }
	return fmt.Sprintf("%02X%02X%02X", clamp(r), clamp(g), clamp(b))
}

func rgbToHSL(r, g, b float64) (h, s, l float64) {
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l = (mx + mn) / 2
	if mx == mn {
		return 0, 0, l
	}
	d := mx - mn
	if l > 0.5 {
		s = d / (2 - mx - mn)
	} else {
		s = d / (mx + mn)
	}
	switch mx {
	case r:
		h = (g - b) / d
		if g < b {
			h += 6
		}
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	return h / 6, s, l
}

func hslToRGB(h, s, l float64) (r, g, b float64) {
	if s == 0 {
		return l, l, l
	}
	q := l * (1 + s)
	if l >= 0.5 {
		q = l + s - l*s
	}
	p := 2*l - q
	hue := func(t float64) float64 {
		if t < 0 {
			t++
		}
		if t > 1 {
			t--
		}
		switch {
		case t < 1.0/6:
			return p + (q-p)*6*t
		case t < 0.5:
			return q
		case t < 2.0/3:
			return p + (q-p)*(2.0/3-t)*6
		}
		return p
	}
	return hue(h + 1.0/3), hue(h), hue(h - 1.0/3)
}

type xSpPr struct {
	Xfrm      *xXfrm    `xml:"xfrm"`
	PrstGeom  *xGeom    `xml:"prstGeom"`
	CustGeom  *struct{} `xml:"custGeom"`
	NoFill    *struct{} `xml:"noFill"`
	SolidFill *xFill    `xml:"solidFill"`
	GradFill  *struct {
		Stops []xFill `xml:"gsLst>gs"`
	} `xml:"gradFill"`
	Ln *struct {
		NoFill    *struct{} `xml:"noFill"`
		SolidFill *xFill    `xml:"solidFill"`
	} `xml:"ln"`
}

type xSp struct {
	kind  string
	NvSp  *xNv  `xml:"nvSpPr"`
	NvPic *xNv  `xml:"nvPicPr"`
	NvCxn *xNv  `xml:"nvCxnSpPr"`
	SpPr  xSpPr `xml:"spPr"`
	Style *struct {
		LnRef   *xFill `xml:"lnRef"`
		FillRef *struct {
			Idx int `xml:"idx,attr"`
			xFill
		} `xml:"fillRef"`
	} `xml:"style"`
	TxBody *xTxBody `xml:"txBody"`
}

type xGeom struct {
	Prst string `xml:"prst,attr"`
}

func (s *xSp) nv() xNv {
	for _, nv := range []*xNv{s.NvSp, s.NvPic, s.NvCxn} {
		if nv != nil {
			return *nv
		}
	}
	return xNv{}
}

func (s *xSp) info(tr transform, ps *phSet) ShapeInfo {
	nv := s.nv()
	sh := ShapeInfo{ID: nv.C.ID, Name: nv.C.Name, Descr: nv.C.Descr, Kind: s.kind}
	if nv.Ph != nil {
		sh.Placeholder = nv.Ph.Type
		if sh.Placeholder == "" {
			sh.Placeholder = "body"
		}
	}
	switch {
	case s.SpPr.PrstGeom != nil:
		sh.Geometry = s.SpPr.PrstGeom.Prst
	case s.SpPr.CustGeom != nil:
		sh.Geometry = "custGeom"
	}
	switch {
	case s.SpPr.Xfrm != nil:
		sh.Rect = tr.apply(s.SpPr.Xfrm.rect())
	case nv.Ph != nil && ps != nil:
		sh.Rect, _ = ps.rect(nv.Ph)
	}
	var colors map[string]string
	if ps != nil {
		colors = ps.colors
	}
	switch {
	case s.SpPr.NoFill != nil:
	case s.SpPr.SolidFill != nil:
		sh.Fill = s.SpPr.SolidFill.resolve(colors)
	case s.SpPr.GradFill != nil:
		if len(s.SpPr.GradFill.Stops) > 0 {
			sh.Fill = s.SpPr.GradFill.Stops[0].resolve(colors)
		}
	case s.Style != nil && s.Style.FillRef != nil && s.Style.FillRef.Idx > 0 && s.kind == "sp":
		sh.Fill = s.Style.FillRef.xFill.resolve(colors)
	}
	switch {
	case s.SpPr.Ln != nil && s.SpPr.Ln.NoFill != nil:
	case s.SpPr.Ln != nil && s.SpPr.Ln.SolidFill != nil:
		sh.Line = s.SpPr.Ln.SolidFill.resolve(colors)
	case s.Style != nil && s.Style.LnRef != nil:
		sh.Line = s.Style.LnRef.resolve(colors)
	}
	if s.TxBody != nil {
		sh.Paragraphs = s.TxBody.paragraphs()
	}
	return sh
}

type xTxBody struct {
	Ps []xPara `xml:"p"`
}

// paragraphs returns the text of each paragraph; a body of one empty paragraph has none.
func (t *xTxBody) paragraphs() []string {
	out := make([]string, 0, len(t.Ps))
	for _, p := range t.Ps {
		out = append(out, p.text)
	}
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}

// xPara collects the text of a:t elements (runs and fields) in order, and a:br as "\n".
type xPara struct{ text string }

func (p *xPara) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b strings.Builder
	depth := 1
	inText := 0
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "t":
				inText = depth
			case "br":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if depth == inText {
				inText = 0
			}
			depth--
		case xml.CharData:
			if inText > 0 {
				b.Write(t)
			}
		}
	}
	p.text = b.String()
	return nil
}

type xFrame struct {
	Nv   xNv   `xml:"nvGraphicFramePr"`
	Xfrm xXfrm `xml:"xfrm"`
	Data struct {
		Tbl *xTbl `xml:"tbl"`
	} `xml:"graphic>graphicData"`
}

type xTbl struct {
	Grid []struct {
		W int64 `xml:"w,attr"`
	} `xml:"tblGrid>gridCol"`
	Rows []struct {
		H     int64 `xml:"h,attr"`
		Cells []struct {
			GridSpan int      `xml:"gridSpan,attr"`
			RowSpan  int      `xml:"rowSpan,attr"`
			HMerge   bool     `xml:"hMerge,attr"`
			VMerge   bool     `xml:"vMerge,attr"`
			TxBody   *xTxBody `xml:"txBody"`
			TcPr     struct {
				NoFill    *struct{} `xml:"noFill"`
				SolidFill *xFill    `xml:"solidFill"`
			} `xml:"tcPr"`
		} `xml:"tc"`
	} `xml:"tr"`
}

func (f *xFrame) table(tr transform, ps *phSet) TableInfo {
	t := TableInfo{ID: f.Nv.C.ID, Name: f.Nv.C.Name, Rect: tr.apply(f.Xfrm.rect())}
	for _, g := range f.Data.Tbl.Grid {
		t.Cols = append(t.Cols, int64(math.Round(float64(g.W)*tr.sx)))
	}
	y := t.Rect.Y
	var heights []int64
	for _, r := range f.Data.Tbl.Rows {
		heights = append(heights, int64(math.Round(float64(r.H)*tr.sy)))
	}
	for ri, r := range f.Data.Tbl.Rows {
		row := RowInfo{Height: heights[ri]}
		x := t.Rect.X
		for ci, c := range r.Cells {
			cell := CellInfo{GridSpan: max(c.GridSpan, 1), RowSpan: max(c.RowSpan, 1), HMerge: c.HMerge, VMerge: c.VMerge}
			if c.TxBody != nil {
				cell.Paragraphs = c.TxBody.paragraphs()
			}
			if c.TcPr.SolidFill != nil {
				cell.Fill = c.TcPr.SolidFill.resolve(ps.colors) // ps is never nil here
			}
			cell.Rect = Rect{X: x, Y: y}
			for k := ci; k < ci+cell.GridSpan && k < len(t.Cols); k++ {
				cell.Rect.W += t.Cols[k]
			}
			for k := ri; k < ri+cell.RowSpan && k < len(heights); k++ {
				cell.Rect.H += heights[k]
			}
			if ci < len(t.Cols) {
				x += t.Cols[ci]
			}
			row.Cells = append(row.Cells, cell)
		}
		y += row.Height
		t.Rows = append(t.Rows, row)
	}
	return t
}
