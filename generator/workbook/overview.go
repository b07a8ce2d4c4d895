package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/report"
)

// Columns of the Översikt sheet. The forum table and the programme-area table share
// columns D–H (the status counts) so that they line up and the chart can read either.
var overviewWidths = []float64{42, 30, 12, 9, 9, 9, 10, 9, 17, 34}

const (
	ovFirstCount = 4 // column D: Grön
	ovTotal      = 8 // column H: Totalt
)

func (b *builder) overview(sheet string) {
	f, s, r := b.f, sheet, b.r
	for i, w := range overviewWidths {
		b.check(f.SetColWidth(s, colName(i+1), colName(i+1), w))
	}
	b.check(f.SetCellStr(s, "A1", r.Title))
	b.check(f.SetCellStyle(s, "A1", "A1", b.st.title))
	b.check(f.SetRowHeight(s, 1, 24))
	b.check(f.SetCellStr(s, "A2", r.Subtitle))
	b.check(f.SetCellStyle(s, "A2", "A2", b.st.subtitle))
	notes := []string{"Sammanställd " + report.Date(r.Generated)}
	if !r.PreviousMeeting.IsZero() {
		notes = append(notes, "förra mötet "+report.Date(r.PreviousMeeting))
	}
	b.check(f.SetCellStr(s, "A3", strings.Join(notes, " · ")))
	var legend []string
	for _, st := range plan.Statuses {
		legend = append(legend, st.Label()+" = "+st.Meaning())
	}
	b.check(f.SetCellStr(s, "A4", "Status: "+strings.Join(legend, " · ")))
	b.check(f.SetCellStyle(s, "A3", "A4", b.st.note))

	row := 6
	countHeads := make([]any, 0, 5)
	for _, st := range plan.Statuses {
		countHeads = append(countHeads, st.Label())
	}
	countHeads = append(countHeads, "Totalt")

	// Status per forum.
	groupFirst, groupLast := 0, 0
	if len(r.Groups) > 0 {
		b.check(f.SetCellStr(s, cellName(1, row), "Status per forum"))
		b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.section))
		row++
		head := append([]any{"Forum", "Inlämnade planer", "Saknas"}, countHeads...)
		head = append(head, "Inaktuella")
		b.header(s, row, head)
		row++
		groupFirst = row
		plans, missing, stale := 0, 0, 0
		for _, g := range r.Groups {
			name := ""
			if g.Forum != nil {
				name = g.Forum.Name
			}
			vals := append([]any{name, g.Plans, g.Missing}, counts(g.Counts)...)
			vals = append(vals, g.Stale)
			b.check(f.SetSheetRow(s, cellName(1, row), &vals))
			b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.cell))
			b.check(f.SetCellStyle(s, cellName(2, row), cellName(len(vals), row), b.st.number))
			plans, missing, stale = plans+g.Plans, missing+g.Missing, stale+g.Stale
			row++
		}
		groupLast = row - 1
		if len(r.Groups) > 1 {
			vals := append([]any{"Hela sjukvårdsregionen", plans, missing}, counts(r.Totals)...)
			vals = append(vals, stale)
			b.check(f.SetSheetRow(s, cellName(1, row), &vals))
			b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.totalLabel))
			b.check(f.SetCellStyle(s, cellName(2, row), cellName(len(vals), row), b.st.totalNumber))
			row++
		}
		row++
	}

	// The chart comes next; the programme-area table goes below the room it takes.
	byForum := len(r.Groups) > 1 || r.Audience == plan.AudienceRSL || r.Audience == plan.AudienceSVN
	cats := len(r.Overview)
	if byForum {
		cats = len(r.Groups)
	}
	chartRow := row
	height := min(max(120+28*cats, 260), 900)
	// Fix the height of the rows under the chart: LibreOffice's default row is lower
	// than Excel's, and the chart would cover the table below.
	reserve := (height+19)/20 + 2
	for i := range reserve {
		b.check(f.SetRowHeight(s, row+i, 15))
	}
	row += reserve

	// Status per programme area.
	title := "Status per programområde"
	if r.Audience == plan.AudienceRSL || r.Audience == plan.AudienceSVN {
		title = "Status per programområde och samverkansgrupp"
	}
	b.check(f.SetCellStr(s, cellName(1, row), title))
	b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.section))
	row++
	head := append([]any{"Programområde/samverkansgrupp", "Forum", "Status"}, countHeads...)
	head = append(head, "Senast uppdaterad", "Flagga")
	b.header(s, row, head)
	areaHead := row
	row++
	areaFirst := row
	for _, o := range r.Overview {
		b.check(f.SetCellStr(s, cellName(1, row), o.Name))
		b.check(f.SetCellStr(s, cellName(2, row), o.Forum))
		b.check(f.SetCellStyle(s, cellName(1, row), cellName(2, row), b.st.cell))
		st := o.Status
		word := st.Label()
		if o.Plan == nil {
			st, word = plan.StatusNone, "Saknas"
		}
		b.check(f.SetCellStr(s, cellName(3, row), word))
		b.check(f.SetCellStyle(s, cellName(3, row), cellName(3, row), b.st.status[st]))
		if o.Plan != nil {
			vals := counts(o.Counts)
			b.check(f.SetSheetRow(s, cellName(ovFirstCount, row), &vals))
		}
		b.check(f.SetCellStyle(s, cellName(ovFirstCount, row), cellName(ovTotal, row), b.st.number))
		if !o.Updated.IsZero() {
			b.check(f.SetCellValue(s, cellName(9, row), dateOnly(o.Updated)))
		}
		b.check(f.SetCellStyle(s, cellName(9, row), cellName(9, row), b.st.date))
		b.check(f.SetCellStr(s, cellName(10, row), o.FlagText()))
		b.check(f.SetCellStyle(s, cellName(10, row), cellName(10, row), b.st.flag))
		b.check(f.SetRowHeight(s, row, rowHeight([]string{o.Name, o.Forum, "", "", "", "", "", "", "", o.FlagText()}, overviewWidths)))
		row++
	}
	areaLast := row - 1
	if len(r.Overview) > 0 {
		b.check(f.AutoFilter(s, fmt.Sprintf("A%d:J%d", areaHead, areaLast), nil))
	}

	if byForum && groupFirst > 0 {
		b.chart(chartRow, height, "Aktiviteter per status och forum", groupFirst-1, groupFirst, groupLast)
	} else if len(r.Overview) > 0 {
		b.chart(chartRow, height, "Aktiviteter per status och programområde", areaFirst-1, areaFirst, areaLast)
	}

	if r.Audience == plan.AudiencePlan && len(r.Plans) > 0 {
		b.planFacts(s, areaLast+2, r.Plans[0])
	}

	b.check(f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}))
	// After AutoFilter, which replaces the sheet properties.
	b.check(f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
}

// chart draws a stacked bar per category (forum or programme area) with one
// segment per status, reading the counts in columns D–G of rows first..last and
// the series names from the header row.
func (b *builder) chart(at, height int, title string, headRow, first, last int) {
	ref := func(col, r1, r2 int) string {
		c := colName(col)
		if r1 == r2 {
			return fmt.Sprintf("'%s'!$%s$%d", SheetOverview, c, r1)
		}
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetOverview, c, r1, c, r2)
	}
	var series []excelize.ChartSeries
	for i, st := range plan.Statuses {
		series = append(series, excelize.ChartSeries{
			Name:       ref(ovFirstCount+i, headRow, headRow),
			Categories: ref(1, first, last),
			Values:     ref(ovFirstCount+i, first, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{report.StatusColor(st)}},
		})
	}
	gap, overlap := uint(60), 100
	axisFont := excelize.Font{Size: 9, Color: report.ColorText}
	b.check(b.f.AddChart(SheetOverview, cellName(1, at), &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Size: 12, Bold: true, Color: report.ColorAccent}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 820, Height: uint(height)},
		// Categories top-down in the order of the table.
		XAxis:    excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:    excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: axisFont},
		GapWidth: &gap,
		Overlap:  &overlap,
		Format:   excelize.GraphicOptions{OffsetX: 2, OffsetY: 2},
	}))
}

// header writes a row of column headings.
func (b *builder) header(sheet string, row int, vals []any) {
	b.check(b.f.SetSheetRow(sheet, cellName(1, row), &vals))
	b.check(b.f.SetCellStyle(sheet, cellName(1, row), cellName(len(vals), row), b.st.header))
	b.check(b.f.SetRowHeight(sheet, row, 28))
}

// counts are the status counts in display order followed by the total.
func counts(c plan.StatusCounts) []any {
	out := make([]any, 0, 5)
	for _, st := range plan.Statuses {
		out = append(out, c.Of(st))
	}
	return append(out, c.Total())
}

func ptr[T any](v T) *T { return &v }

// planFacts writes the plan's own fields from row on: the Plan sheet's labels with
// their values, so the plan package's workbook holds the whole plan too.
func (b *builder) planFacts(s string, row int, p *plan.Plan) {
	f := b.f
	b.check(f.SetCellStr(s, cellName(1, row), "Planen i korthet"))
	b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.section))
	row++
	for _, kv := range report.PlanFacts(p, report.ShortDate) {
		v := kv.Value
		if strings.TrimSpace(v) == "" {
			v = report.Empty
		}
		b.check(f.SetCellStr(s, cellName(1, row), kv.Label))
		b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.totalLabel))
		b.check(f.MergeCell(s, cellName(2, row), cellName(10, row)))
		b.check(f.SetCellStr(s, cellName(2, row), v))
		b.check(f.SetCellStyle(s, cellName(2, row), cellName(10, row), b.st.cell))
		w := 0.0
		for _, x := range overviewWidths[1:] {
			w += x
		}
		b.check(f.SetRowHeight(s, row, rowHeight([]string{kv.Label, v}, []float64{overviewWidths[0], w})))
		row++
	}
}
