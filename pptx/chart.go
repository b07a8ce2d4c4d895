package pptx

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// BarChart is a native bar chart. Its data is also embedded as a workbook, so that
// PowerPoint and LibreOffice can edit it.
type BarChart struct {
	Title      string
	Horizontal bool // bars grow to the right (barDir "bar"); false: columns
	Stacked    bool // stack the series; false: clustered side by side
	Categories []string
	Series     []Series
	ShowValues bool    // data labels with the values
	NoLegend   bool    // hide the legend (shown at the bottom by default)
	FontSize   float64 // points for axes, labels and legend; 0 = 12
}

// Series is one data series of a chart; Values has one value per category.
type Series struct {
	Name       string
	Color      string // "RRGGBB"; "" = theme accent by index
	LabelColor string // colour of its data labels, e.g. white on a dark bar; "" = dark grey
	Values     []float64
}

// chartFrame places a chart on a slide.
type chartFrame struct {
	rect  Rect
	chart BarChart
}

// AddBarChart adds a bar chart in r. It returns an error when a series does not have one
// value per category or a colour is invalid.
func (s *Slide) AddBarChart(r Rect, c BarChart) error {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return fmt.Errorf("pptx: bar chart %q needs categories and series", c.Title)
	}
	for _, se := range c.Series {
		if len(se.Values) != len(c.Categories) {
			return fmt.Errorf("pptx: bar chart %q: series %q has %d values for %d categories", c.Title, se.Name, len(se.Values), len(c.Categories))
		}
		for _, v := range se.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("pptx: bar chart %q: series %q holds a value that is not a number", c.Title, se.Name)
			}
		}
		if _, ok := color(se.Color); se.Color != "" && !ok {
			return fmt.Errorf("pptx: bar chart %q: series %q colour %q is not RRGGBB", c.Title, se.Name, se.Color)
		}
	}
	if len(c.Series) > 255 || len(c.Categories) > 10000 {
		return fmt.Errorf("pptx: bar chart %q is too large", c.Title)
	}
	s.items = append(s.items, &chartFrame{rect: r, chart: c})
	return nil
}

func (cf *chartFrame) xml(b *strings.Builder, id int, ctx *slideCtx) error {
	n := 1
	for ctx.k.parts[fmt.Sprintf("ppt/charts/chart%d.xml", n)] != nil {
		n++
	}
	chartPart := fmt.Sprintf("ppt/charts/chart%d.xml", n)
	workbook := fmt.Sprintf("ppt/embeddings/Microsoft_Excel_Worksheet%d.xlsx", n)
	data, err := cf.chart.workbook()
	if err != nil {
		return fmt.Errorf("pptx: chart %q workbook: %w", cf.chart.Title, err)
	}
	ctx.k.add(workbook, "", data)
	wbRel := ctx.k.relate(chartPart, relPackage, workbook)
	ctx.k.add(chartPart, ctChart, cf.chart.chartXML(wbRel, ctx.lang))
	rid := ctx.k.relate(ctx.part, relChart, chartPart)

	fmt.Fprintf(b, `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="%d" name="Chart %d"`, id, id)
	if cf.chart.Title != "" {
		fmt.Fprintf(b, ` descr="%s"`, esc(cf.chart.Title))
	}
	b.WriteString(`/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>`)
	writeXfrm(b, "p", cf.rect)
	fmt.Fprintf(b, `<a:graphic><a:graphicData uri="%s"><c:chart xmlns:c="%s" r:id="%s"/></a:graphicData></a:graphic></p:graphicFrame>`, nsC, nsC, rid)
	return nil
}

// workbook returns the chart data as an xlsx: categories in column A, one series per column.
func (c *BarChart) workbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	for i, cat := range c.Categories {
		if err := f.SetCellValue(sheet, fmt.Sprintf("A%d", i+2), cat); err != nil {
			return nil, err
		}
	}
	for j, se := range c.Series {
		col, _ := excelize.ColumnNumberToName(j + 2)
		if err := f.SetCellValue(sheet, col+"1", se.Name); err != nil {
			return nil, err
		}
		for i, v := range se.Values {
			if err := f.SetCellValue(sheet, fmt.Sprintf("%s%d", col, i+2), v); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return normalizeZip(buf.Bytes())
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (c *BarChart) chartXML(wbRel, lang string) []byte {
	size := c.FontSize
	if size <= 0 {
		size = 12
	}
	textProps := func(clr string) string {
		return fmt.Sprintf(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="%d"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="%s"/></a:p></c:txPr>`, int(size*100), clr, esc(lang))
	}
	txPr := textProps("333333")
	var b strings.Builder
	b.WriteString(xmlHeader)
	fmt.Fprintf(&b, `<c:chartSpace xmlns:c="%s" xmlns:a="%s" xmlns:r="%s"><c:date1904 val="0"/><c:lang val="%s"/><c:roundedCorners val="0"/><c:chart>`, nsC, nsA, nsRel, esc(lang))
	if c.Title != "" {
		fmt.Fprintf(&b, `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="%d" b="1"/></a:pPr><a:r><a:rPr lang="%s" sz="%d" b="1"/><a:t>%s</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`,
			int(size*100+200), esc(lang), int(size*100+200), esc(c.Title))
	} else {
		b.WriteString(`<c:autoTitleDeleted val="1"/>`)
	}
	dir, grouping, overlap := "col", "clustered", -20
	if c.Horizontal {
		dir = "bar"
	}
	if c.Stacked {
		grouping, overlap = "stacked", 100
	}
	fmt.Fprintf(&b, `<c:plotArea><c:layout/><c:barChart><c:barDir val="%s"/><c:grouping val="%s"/><c:varyColors val="0"/>`, dir, grouping)
	nCat := len(c.Categories)
	for j, se := range c.Series {
		col, _ := excelize.ColumnNumberToName(j + 2)
		fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/><c:tx><c:strRef><c:f>Sheet1!$%s$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>%s</c:v></c:pt></c:strCache></c:strRef></c:tx>`, j, j, col, esc(se.Name))
		if clr, ok := color(se.Color); ok {
			fmt.Fprintf(&b, `<c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>`, clr)
		} else {
			fmt.Fprintf(&b, `<c:spPr><a:solidFill><a:schemeClr val="accent%d"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>`, j%6+1)
		}
		b.WriteString(`<c:invertIfNegative val="0"/>`)
		if c.ShowValues {
			// Zero values get no label: "0" labels clutter stacked bars.
			lblPr := txPr
			if clr, ok := color(se.LabelColor); ok {
				lblPr = textProps(clr)
			}
			fmt.Fprintf(&b, `<c:dLbls><c:numFmt formatCode="%s" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>%s<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`, esc(labelFormat(c.Series)), lblPr)
		}
		fmt.Fprintf(&b, `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%d</c:f><c:strCache><c:ptCount val="%d"/>`, nCat+1, nCat)
		for i, cat := range c.Categories {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, esc(cat))
		}
		fmt.Fprintf(&b, `</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$%s$2:$%s$%d</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`, col, col, nCat+1, nCat)
		for i, v := range se.Values {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, fmtNum(v))
		}
		b.WriteString(`</c:numCache></c:numRef></c:val></c:ser>`)
	}
	fmt.Fprintf(&b, `<c:gapWidth val="80"/><c:overlap val="%d"/><c:axId val="111111111"/><c:axId val="222222222"/></c:barChart>`, overlap)
	catPos, valPos := "b", "l"
	if c.Horizontal {
		catPos, valPos = "l", "b"
	}
	axisLine := `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>`
	// Horizontal bars list the first category at the top, as people read.
	orientation := "minMax"
	if c.Horizontal {
		orientation = "maxMin"
	}
	fmt.Fprintf(&b, `<c:catAx><c:axId val="111111111"/><c:scaling><c:orientation val="%s"/></c:scaling><c:delete val="0"/><c:axPos val="%s"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>%s%s<c:crossAx val="222222222"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`, orientation, catPos, axisLine, txPr)
	crosses := "autoZero"
	if c.Horizontal {
		crosses = "max" // keeps the value axis at the bottom when categories run top-down
	}
	fmt.Fprintf(&b, `<c:valAx><c:axId val="222222222"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="%s"/><c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="E5E5E5"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>%s%s<c:crossAx val="111111111"/><c:crosses val="%s"/><c:crossBetween val="between"/></c:valAx>`, valPos, axisLine, txPr, crosses)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>`)
	if !c.NoLegend {
		fmt.Fprintf(&b, `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>%s</c:legend>`, txPr)
	}
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	b.WriteString(txPr)
	fmt.Fprintf(&b, `<c:externalData r:id="%s"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`, wbRel)
	return builtBytes(&b)
}

// labelFormat is the number format of data labels: integers without decimals when every
// value is whole, and an empty section for zero.
func labelFormat(series []Series) string {
	for _, se := range series {
		for _, v := range se.Values {
			if v != math.Trunc(v) {
				return "0.0#;-0.0#;;"
			}
		}
	}
	return "0;-0;;"
}
