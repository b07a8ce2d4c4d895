package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// activityRow is one activity with the plan and area it belongs to.
type activityRow struct {
	plan  *plan.Plan
	forum string
	area  *plan.Area
	act   *plan.Activity
}

// column is one column of a list sheet: heading, width and how to get its text.
type column[T any] struct {
	head   string
	width  float64
	text   func(T) string
	status bool // holds a status word: coloured by conditional format
	center bool
	work   bool // an empty working column for the meeting's preparation
}

// Headings that the template does not have.
const (
	headPlan       = "Programområde/samverkansgrupp"
	headForum      = "Forum"
	headAreaStatus = "Områdets status"
)

// tmpl is a column that carries a field of the Excel template, with its heading
// and width, so that the workbook and the template name things alike.
func tmpl(field templates.Field, text func(activityRow) string) column[activityRow] {
	l := templates.ActivityColumn(field)
	st := field == templates.ColStatus
	return column[activityRow]{head: l.Label, width: l.Width, text: text, status: st, center: st}
}

// activityColumns lists every field of the shared structure for one activity.
func (b *builder) activityColumns() []column[activityRow] {
	return []column[activityRow]{
		{head: headPlan, width: 28, text: func(a activityRow) string { return a.plan.Name }},
		{head: headForum, width: 22, text: func(a activityRow) string { return a.forum }},
		tmpl(templates.ColNationalArea, func(a activityRow) string { return a.area.NationalArea }),
		tmpl(templates.ColArea, func(a activityRow) string { return a.area.Title }),
		{head: templates.ActivityColumn(templates.ColPromises).Label, width: 30, text: func(a activityRow) string { return b.promises(a.area.Promises) }},
		tmpl(templates.ColActivity, func(a activityRow) string { return a.act.Description }),
		tmpl(templates.ColSchedule, func(a activityRow) string { return a.act.Schedule }),
		tmpl(templates.ColCooperation, func(a activityRow) string { return a.act.Cooperation }),
		tmpl(templates.ColMethod, func(a activityRow) string { return a.act.FollowUp.Method }),
		tmpl(templates.ColIndicators, func(a activityRow) string { return a.act.FollowUp.Indicators }),
		tmpl(templates.ColGoal, func(a activityRow) string { return a.act.FollowUp.Goal }),
		tmpl(templates.ColResponsible, func(a activityRow) string { return a.act.FollowUp.Responsible }),
		tmpl(templates.ColResult, func(a activityRow) string { return a.act.FollowUp.Result }),
		tmpl(templates.ColStatus, func(a activityRow) string { return a.act.Status.Label() }),
		tmpl(templates.ColComment, func(a activityRow) string { return a.act.Comment }),
		tmpl(templates.ColSupport, func(a activityRow) string { return yesNo(a.act.NeedsSupport) }),
		tmpl(templates.ColConsCitizens, func(a activityRow) string { return a.act.Consequences.Citizens }),
		tmpl(templates.ColConsOperations, func(a activityRow) string { return a.act.Consequences.Operations }),
		tmpl(templates.ColConsGovernance, func(a activityRow) string { return a.act.Consequences.Governance }),
		tmpl(templates.ColFinalReport, func(a activityRow) string { return a.act.FinalReport }),
		tmpl(templates.ColImpact, func(a activityRow) string { return a.act.Impact.Label() }),
		tmpl(templates.ColImpactDetail, func(a activityRow) string { return a.act.ImpactDetail }),
		{head: headAreaStatus, width: 12, status: true, center: true, text: func(a activityRow) string { return a.area.Status().Label() }},
	}
}

// promises lists patient promises as "P2 – title", one per line.
func (b *builder) promises(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		// Catalog lookups fold every title; a meeting has few promises and many rows.
		text, ok := b.promiseText[id]
		if !ok {
			text = id
			if b.cat != nil {
				if title := b.cat.PromiseTitle(id); title != id {
					text = id + " – " + title
				}
			}
			b.promiseText[id] = text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, "\n")
}

// activities writes every activity of every plan in scope with the stream writer,
// as an Excel table with a frozen header and filters.
func (b *builder) activities() {
	if b.err != nil {
		return
	}
	f, s := b.f, SheetActivities
	cols := b.activityColumns()
	var rows []activityRow
	for _, o := range b.r.InScope() {
		for _, aa := range o.Plan.Activities() {
			rows = append(rows, activityRow{plan: o.Plan, forum: o.Forum, area: aa.Area, act: aa.Activity})
		}
	}
	last := len(rows) + 1
	if len(rows) == 0 {
		last = 2 // a table needs a data row
	}
	lastCol := colName(len(cols))

	// What the stream writer copies from the worksheet must be set before it starts.
	b.check(f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: ptr(8), Orientation: ptr("landscape"), PageOrder: ptr("overThenDown")}))
	for i, c := range cols {
		if c.status {
			b.statusRules(s, fmt.Sprintf("%s2:%s%d", colName(i+1), colName(i+1), last))
		}
	}
	if b.err != nil {
		return
	}
	sw, err := f.NewStreamWriter(s)
	if err != nil {
		b.check(err)
		return
	}
	b.check(sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}))
	widths := make([]float64, len(cols))
	head := make([]any, len(cols))
	for i, c := range cols {
		widths[i] = c.width
		b.check(sw.SetColWidth(i+1, i+1, c.width))
		head[i] = excelize.Cell{StyleID: b.st.header, Value: c.head}
	}
	b.check(sw.SetRow("A1", head, excelize.RowOpts{Height: 42}))
	texts := make([]string, len(cols))
	for n, a := range rows {
		vals := make([]any, len(cols))
		for i, c := range cols {
			texts[i] = c.text(a)
			vals[i] = excelize.Cell{StyleID: b.st.cellStyle(c.center), Value: texts[i]}
		}
		b.check(sw.SetRow(cellName(1, n+2), vals, excelize.RowOpts{Height: rowHeight(texts, widths)}))
	}
	if len(rows) == 0 {
		b.check(sw.SetRow("A2", []any{excelize.Cell{StyleID: b.st.cell, Value: "Inga aktiviteter"}}))
	}
	b.check(sw.AddTable(&excelize.Table{Range: fmt.Sprintf("A1:%s%d", lastCol, last), Name: "Aktiviteter",
		StyleName: "TableStyleLight1", ShowRowStripes: ptr(true)}))
	b.check(sw.Flush())
	// Repeat the header and the plan column on every printed page.
	b.check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s,
		RefersTo: fmt.Sprintf("'%s'!$A:$A,'%s'!$1:$1", s, s)}))
}
