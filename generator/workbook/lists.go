package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// Kinds of change on the Förändringar sheet: the report's words.
const (
	changeNewPlan     = report.ChangeNewPlan
	changeStatus      = report.ChangeStatus
	changeNewActivity = report.ChangeNewActivity
	changeFinished    = report.ChangeFinished
	changeRemoved     = report.ChangeRemoved
	changeGoal        = report.ChangeGoal
	changeResult      = report.ChangeResult
	changeNewArea     = report.ChangeNewArea
	changeRemovedArea = report.ChangeRemovedArea
)

// changeRow is one line of the Förändringar sheet.
type changeRow struct {
	plan, forum, kind, area, activity, from, to string
}

func (b *builder) changes(sec report.Section) {
	if b.err != nil {
		return
	}
	var rows []changeRow
	for _, pc := range b.r.Changes {
		add := func(kind, area, act, from, to string) {
			rows = append(rows, changeRow{pc.Plan, pc.Forum, kind, area, act, from, to})
		}
		if pc.New {
			// Every activity of a new plan is new; the Aktiviteter sheet lists them.
			add(changeNewPlan, "", "", "", report.Count(len(pc.Diff.New), "aktivitet", "aktiviteter"))
			continue
		}
		d := pc.Diff
		for _, a := range d.NewAreas {
			add(changeNewArea, a, "", "", "")
		}
		for _, a := range d.RemovedAreas {
			add(changeRemovedArea, a, "", "", "")
		}
		for _, c := range d.StatusChanges {
			add(changeStatus, c.Area, c.Activity, statusWord(c.From), statusWord(c.Status))
		}
		for _, c := range d.Finished {
			add(changeFinished, c.Area, c.Activity, "", statusWord(c.Status))
		}
		for _, c := range d.New {
			add(changeNewActivity, c.Area, c.Activity, "", statusWord(c.Status))
		}
		for _, c := range d.Removed {
			add(changeRemoved, c.Area, c.Activity, statusWord(c.Status), "")
		}
		for _, c := range d.GoalChanges {
			add(changeGoal, c.Area, c.Activity, c.From, c.To)
		}
		for _, c := range d.ResultChanges {
			add(changeResult, c.Area, c.Activity, c.From, c.To)
		}
	}
	empty := sec.Empty
	cols := []column[changeRow]{
		{head: headPlan, width: 30, text: func(c changeRow) string { return c.plan }},
		{head: headForum, width: 24, text: func(c changeRow) string { return c.forum }},
		{head: "Förändring", width: 18, text: func(c changeRow) string { return c.kind }},
		{head: templates.ActivityColumn(templates.ColArea).Label, width: 30, text: func(c changeRow) string { return c.area }},
		{head: templates.ActivityColumn(templates.ColActivity).Label, width: 50, text: func(c changeRow) string { return c.activity }},
		{head: "Från", width: 30, status: true, text: func(c changeRow) string { return c.from }},
		{head: "Till", width: 30, status: true, text: func(c changeRow) string { return c.to }},
	}
	writeList(b, sec.Sheet, cols, rows, empty)
}

// itemList lists activities of a section (ledningsstöd; red and yellow).
func (b *builder) itemList(sec report.Section, items []report.Item) {
	if b.err != nil {
		return
	}
	cols := []column[itemRow]{
		{head: headPlan, width: 30, text: func(i itemRow) string { return i.plan }},
		{head: headForum, width: 24, text: func(i itemRow) string { return i.forum }},
		{head: templates.ActivityColumn(templates.ColArea).Label, width: 30, text: func(i itemRow) string { return i.area.Title }},
		{head: templates.ActivityColumn(templates.ColActivity).Label, width: 50, text: func(i itemRow) string { return i.act.Description }},
		{head: templates.ActivityColumn(templates.ColStatus).Label, width: 12, status: true, center: true, text: func(i itemRow) string { return i.act.Status.Label() }},
		{head: templates.ActivityColumn(templates.ColComment).Label, width: 50, text: func(i itemRow) string { return i.act.Comment }},
		{head: templates.ActivityColumn(templates.ColSchedule).Label, width: 18, text: func(i itemRow) string { return i.act.Schedule }},
		{head: templates.ActivityColumn(templates.ColResponsible).Label, width: 20, text: func(i itemRow) string { return i.act.FollowUp.Responsible }},
	}
	var rows []itemRow
	for _, it := range items {
		if it.Area != nil && it.Activity != nil {
			rows = append(rows, itemRow{plan: it.Plan, forum: it.Forum, area: it.Area, act: it.Activity})
		}
	}
	writeList(b, sec.Sheet, cols, rows, sec.Empty)
}

// flagged lists the missing and out-of-date plans.
func (b *builder) flagged(sec report.Section) {
	if b.err != nil {
		return
	}
	cols := []column[report.Row]{
		{head: headPlan, width: 36, text: func(r report.Row) string { return r.Name }},
		{head: headForum, width: 28, text: func(r report.Row) string { return r.Forum }},
		{head: "Flagga", width: 36, text: func(r report.Row) string { return r.FlagText() }},
		{head: "Senast uppdaterad", width: 18, text: func(r report.Row) string { return report.ShortDate(r.Updated) }},
		{head: "Kontaktperson", width: 28, text: func(r report.Row) string {
			if r.Plan == nil {
				return ""
			}
			return r.Plan.Contact
		}},
	}
	writeList(b, sec.Sheet, cols, b.r.Flagged(), sec.Empty)
}

// proposalSummary counts the proposals by kind, as the deck's and the PDF's summary.
func (b *builder) proposalSummary(sec report.Section) {
	f, s := b.f, sec.Sheet
	b.check(f.SetColWidth(s, "A", "A", 36))
	b.check(f.SetColWidth(s, "B", "B", 14))
	b.check(f.SetColWidth(s, "C", "C", 90))
	b.check(f.SetCellStr(s, "A1", b.r.Title))
	b.check(f.SetCellStyle(s, "A1", "A1", b.st.title))
	b.check(f.SetCellStr(s, "A2", b.r.Subtitle))
	b.check(f.SetCellStyle(s, "A2", "A2", b.st.subtitle))
	b.check(f.SetCellStr(s, "A4", sec.Title))
	b.check(f.SetCellStyle(s, "A4", "A4", b.st.section))
	b.header(s, 5, []any{"Påverkan på överenskommelsen", "Aktiviteter", "Programområden och samverkansgrupper"})
	row, total := 6, 0
	for _, pr := range b.r.Proposals {
		var names []string
		for _, g := range pr.ByPlan() {
			names = append(names, g.Plan)
		}
		vals := []any{pr.Impact.Label(), len(pr.Items), strings.Join(names, ", ")}
		b.check(f.SetSheetRow(s, cellName(1, row), &vals))
		b.check(f.SetCellStyle(s, cellName(1, row), cellName(3, row), b.st.cell))
		b.check(f.SetCellStyle(s, cellName(2, row), cellName(2, row), b.st.number))
		total += len(pr.Items)
		row++
	}
	if len(b.r.Proposals) == 0 {
		b.check(f.SetCellStr(s, cellName(1, row), sec.Empty))
		b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.note))
		return
	}
	vals := []any{"Totalt", total}
	b.check(f.SetSheetRow(s, cellName(1, row), &vals))
	b.check(f.SetCellStyle(s, cellName(1, row), cellName(1, row), b.st.totalLabel))
	b.check(f.SetCellStyle(s, cellName(2, row), cellName(2, row), b.st.totalNumber))
}

// itemRow is a report item, with the kind of impact for the proposals.
type itemRow struct {
	plan   string
	forum  string
	impact plan.Impact
	area   *plan.Area
	act    *plan.Activity
	trail  plan.Trail
}

// step is the text of a recorded step's outcome and day in the working list.
func (i itemRow) step(s plan.Stage) (outcome, day string) {
	d, ok := i.trail.Step(s)
	if !ok {
		return "", ""
	}
	return d.Outcome.Label(), d.Date.Format("2006-01-02")
}

// note is the note of the latest of the steps the list records (RSL's, SVN's).
func (i itemRow) note() string {
	if d, ok := i.trail.Step(plan.StageSVN); ok {
		return d.Note
	}
	if d, ok := i.trail.Step(plan.StageRSL); ok {
		return d.Note
	}
	return ""
}

// proposals writes the working list for the agreement's preparation: the proposed
// changes with how far each has come, then the working columns – Bedömning
// (RSL's preparation) and Beslut (SVN's decision) with their days, pre-filled
// with what is recorded – and the activity id by which the filled list is read
// back (templates.WorkListSheet says how). Drop-downs where the answer is one of
// a few.
func (b *builder) proposals(sec report.Section) {
	if b.err != nil {
		return
	}
	none := func(itemRow) string { return "" }
	cols := []column[itemRow]{
		{head: "Typ av förändring", width: 24, text: func(i itemRow) string { return i.impact.Label() }},
		{head: headPlan, width: 30, text: func(i itemRow) string { return i.plan }},
		{head: headForum, width: 22, text: func(i itemRow) string { return i.forum }},
		{head: templates.ActivityColumn(templates.ColArea).Label, width: 28, text: func(i itemRow) string { return i.area.Title }},
		{head: templates.ActivityColumn(templates.ColActivity).Label, width: 44, text: func(i itemRow) string { return i.act.Description }},
		{head: templates.ActivityColumn(templates.ColImpactDetail).Label, width: 44, text: func(i itemRow) string { return i.act.ImpactDetail }},
		{head: templates.ActivityColumn(templates.ColStatus).Label, width: 11, status: true, center: true, text: func(i itemRow) string { return i.act.Status.Label() }},
		{head: templates.WorkHeadState, width: 26, text: func(i itemRow) string { return report.TrailLabel(i.trail) }},
		{head: templates.WorkHeadAssessment, width: 16, work: true, text: func(i itemRow) string { o, _ := i.step(plan.StageRSL); return o }},
		{head: templates.WorkHeadAssessedOn, width: 14, work: true, center: true, text: func(i itemRow) string { _, d := i.step(plan.StageRSL); return d }},
		{head: "Kostnad (tkr)", width: 12, work: true, center: true, text: none},
		{head: templates.WorkHeadDecision, width: 14, work: true, text: func(i itemRow) string { o, _ := i.step(plan.StageSVN); return o }},
		{head: templates.WorkHeadDecidedOn, width: 14, work: true, center: true, text: func(i itemRow) string { _, d := i.step(plan.StageSVN); return d }},
		{head: "Ansvarig", width: 18, work: true, text: none},
		{head: templates.WorkHeadNote, width: 36, work: true, text: func(i itemRow) string { return i.note() }},
		{head: templates.WorkHeadActivityID, width: 13, center: true, text: func(i itemRow) string { return i.act.ID }},
	}
	var rows []itemRow
	for _, p := range b.r.Proposals {
		for _, it := range p.Items {
			if it.Area != nil && it.Activity != nil {
				rows = append(rows, itemRow{plan: it.Plan, forum: it.Forum, impact: p.Impact, area: it.Area, act: it.Activity, trail: it.Trail})
			}
		}
	}
	last := writeList(b, sec.Sheet, cols, rows, sec.Empty)
	if len(rows) == 0 {
		return
	}
	rng := func(col int) string { return fmt.Sprintf("%s2:%s%d", colName(col), colName(col), last) }
	list := func(col int, title string, choices []string) {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rng(col))
		b.check(dv.SetDropList(choices))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "Välj ett av alternativen i listan.")
		b.check(b.f.AddDataValidation(sec.Sheet, dv))
	}
	list(9, templates.WorkHeadAssessment, plan.Labels(plan.Assessments))
	list(12, templates.WorkHeadDecision, plan.Labels(plan.Decisions))
	for _, col := range []int{10, 13} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rng(col))
		dv.SetInput("Datum", "Mötets dag, t.ex. 2026-12-03.")
		b.check(b.f.AddDataValidation(sec.Sheet, dv))
	}
	cost := excelize.NewDataValidation(true)
	cost.SetSqref(rng(11))
	b.check(cost.SetRange(-10000000, 10000000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	cost.SetError(excelize.DataValidationErrorStyleStop, "Kostnad (tkr)",
		"Ange kostnaden i tusental kronor som ett tal, t.ex. 250, eller med minustecken för en besparing.")
	b.check(b.f.AddDataValidation(sec.Sheet, cost))
	b.check(b.f.SetCellStyle(sec.Sheet, cellName(11, 2), cellName(11, last), b.st.inputNumber))
}

// writeList writes a list sheet with a frozen header and filters and returns the
// last row. With no rows it writes the empty text under the header instead.
func writeList[T any](b *builder, sheet string, cols []column[T], rows []T, empty string) int {
	f := b.f
	widths := make([]float64, len(cols))
	head := make([]any, len(cols))
	for i, c := range cols {
		widths[i] = c.width
		head[i] = c.head
		b.check(f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width))
		st := b.st.header
		if c.work {
			st = b.st.headerWork
		}
		b.check(f.SetCellStr(sheet, cellName(i+1, 1), c.head))
		b.check(f.SetCellStyle(sheet, cellName(i+1, 1), cellName(i+1, 1), st))
	}
	b.check(f.SetRowHeight(sheet, 1, 30))
	b.check(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}))
	b.check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}))
	b.check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet)}))

	if len(rows) == 0 {
		b.check(f.SetCellStr(sheet, "A2", empty))
		b.check(f.SetCellStyle(sheet, "A2", "A2", b.st.note))
		b.check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
		return 1
	}
	texts := make([]string, len(cols))
	vals := make([]any, len(cols))
	for n, r := range rows {
		row := n + 2
		for i, c := range cols {
			texts[i] = c.text(r)
			vals[i] = texts[i]
			if c.work && texts[i] == "" {
				vals[i] = nil // blank, not an empty string, so that sums and filters treat it as empty
			}
		}
		b.check(f.SetSheetRow(sheet, cellName(1, row), &vals))
		b.check(f.SetRowHeight(sheet, row, rowHeight(texts, widths)))
	}
	last := len(rows) + 1
	// Style whole columns at once: one call per column instead of one per cell.
	for i, c := range cols {
		st := b.st.cellStyle(c.center)
		if c.work {
			st = b.st.input
		}
		b.check(f.SetCellStyle(sheet, cellName(i+1, 2), cellName(i+1, last), st))
		if c.status {
			b.statusRules(sheet, fmt.Sprintf("%s2:%s%d", colName(i+1), colName(i+1), last))
		}
	}
	b.check(f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", colName(len(cols)), last), nil))
	// After AutoFilter, which replaces the sheet properties.
	b.check(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	return last
}
