package pptx

import (
	"testing"
)

// powerPointSlide holds constructs PowerPoint writes and our writer does not: a title
// placeholder without position, a group with scaled child coordinates, a style-filled shape,
// theme colours with luminance modifiers, mc:AlternateContent and a hidden slide.
const powerPointSlide = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:a="` + nsA + `" xmlns:r="` + nsRel + `" xmlns:p="` + nsP + `" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" show="0">
<p:cSld><p:spTree>
<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>
<p:sp><p:nvSpPr><p:cNvPr id="2" name="Rubrik 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/>
<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="sv-SE"/><a:t>Handlingsplan </a:t></a:r><a:r><a:rPr lang="sv-SE" b="1"/><a:t>RPO</a:t></a:r><a:br><a:rPr lang="sv-SE"/></a:br><a:fld id="{1}" type="slidenum"><a:t>5</a:t></a:fld></a:p></p:txBody></p:sp>
<p:grpSp><p:nvGrpSpPr><p:cNvPr id="3" name="Grupp 2"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>
<p:grpSpPr><a:xfrm><a:off x="1000000" y="2000000"/><a:ext cx="2000000" cy="1000000"/><a:chOff x="0" y="0"/><a:chExt cx="1000000" cy="500000"/></a:xfrm></p:grpSpPr>
<p:sp><p:nvSpPr><p:cNvPr id="4" name="Ellips 3"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="500000" y="250000"/><a:ext cx="100000" cy="100000"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom></p:spPr>
<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"><a:shade val="50000"/></a:schemeClr></a:lnRef><a:fillRef idx="1"><a:schemeClr val="accent6"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style></p:sp>
</p:grpSp>
<mc:AlternateContent><mc:Choice Requires="a14"><p:sp><p:nvSpPr><p:cNvPr id="5" name="Val"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="10" cy="10"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="tx2"/></a:solidFill></p:spPr></p:sp></mc:Choice><mc:Fallback/></mc:AlternateContent>
<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="6" name="Tabell 5"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="100" y="200"/><a:ext cx="3000" cy="200"/></p:xfrm>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId></a:tblPr>
<a:tblGrid><a:gridCol w="1000"/><a:gridCol w="2000"/></a:tblGrid>
<a:tr h="100"><a:tc gridSpan="2"><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="sv-SE"/><a:t>Rubrik</a:t></a:r></a:p></a:txBody><a:tcPr><a:solidFill><a:schemeClr val="accent1"><a:lumMod val="20000"/><a:lumOff val="80000"/></a:schemeClr></a:solidFill></a:tcPr></a:tc><a:tc hMerge="1"><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="sv-SE"/></a:p></a:txBody><a:tcPr/></a:tc></a:tr>
<a:tr h="100"><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="sv-SE"/><a:t>Grön</a:t></a:r></a:p></a:txBody><a:tcPr><a:solidFill><a:srgbClr val="00b050"/></a:solidFill></a:tcPr></a:tc><a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="sv-SE"/><a:t>x</a:t></a:r></a:p></a:txBody><a:tcPr><a:solidFill><a:prstClr val="red"/></a:solidFill></a:tcPr></a:tc></a:tr>
</a:tbl></a:graphicData></a:graphic></p:graphicFrame>
</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`

func TestReadPowerPointConstructs(t *testing.T) {
	data := replacePart(t, mustBytes(t, sampleDeck(t)), "ppt/slides/slide5.xml", powerPointSlide)
	doc, err := Open(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Slides[4]
	if !s.Hidden {
		t.Error("slide not hidden")
	}
	if s.Title != "Handlingsplan RPO\n5" {
		t.Errorf("title = %q", s.Title)
	}
	title := s.Shapes[0]
	if title.Rect != TitleRect() {
		t.Errorf("title rect %v not inherited from the layout (%v)", title.Rect, TitleRect())
	}
	ell := s.Shapes[1]
	if got, want := ell.Rect, (Rect{X: 2000000, Y: 2500000, W: 200000, H: 200000}); got != want {
		t.Errorf("grouped ellipse at %v, want %v", got, want)
	}
	if ell.Fill != "A6192E" || ell.Geometry != "ellipse" {
		t.Errorf("style-filled ellipse = %+v", ell)
	}
	if ell.Line != "002D4E" { // accent1 005A9C shaded 50 %
		t.Errorf("style line = %s", ell.Line)
	}
	if alt := s.Shapes[2]; alt.Name != "Val" || alt.Fill != "1F2A44" {
		t.Errorf("alternate content shape = %+v", alt)
	}
	tbl := s.Tables[0]
	if c := tbl.Rows[0].Cells[0]; c.Fill != "B8E1FF" || c.GridSpan != 2 || c.Rect.W != 3000 {
		t.Errorf("header cell = %+v", c)
	}
	if c := tbl.Rows[1].Cells[0]; c.Fill != "00B050" || c.Rect != (Rect{X: 100, Y: 300, W: 1000, H: 100}) {
		t.Errorf("green cell = %+v", c)
	}
	if c := tbl.Rows[1].Cells[1]; c.Fill != "FF0000" {
		t.Errorf("preset red cell = %+v", c)
	}
}
