package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// Kinds of change on the Förändringar sheet.
const (
	changeNewPlan     = "Ny plan"
	changeStatus      = "Statusändring"
	changeNewActivity = "Ny aktivitet"
	changeFinished    = "Avslutad"
	changeRemoved     = "Borttagen"
	changeGoal        = "Ändrat mål"
	changeResult      = "Ändrat resultat"
	changeNewArea     = "Nytt område"
	changeRemovedArea = "Borttaget område"
)

// changeRow is one line of the Förändringar sheet.
type changeRow struct {
	plan, forum, kind, area, activity, from, to string
}

func (b *builder) changes() {
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
			add(changeNewPlan, "", "", "", fmt.Sprintf("%d aktiviteter", len(pc.Diff.New)))
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
	empty := "Inga förändringar sedan förra mötet."
	if b.r.PreviousMeeting.IsZero() && len(b.r.Changes) == 0 {
		empty = "Det finns inget tidigare möte att jämföra med."
	}
	cols := []column[changeRow]{
		{head: headPlan, width: 30, text: func(c changeRow) string { return c.plan }},
		{head: headForum, width: 24, text: func(c changeRow) string { return c.forum }},
		{head: "Förändring", width: 18, text: func(c changeRow) string { return c.kind }},
		{head: templates.ActivityColumn(templates.ColArea).Label, width: 30, text: func(c changeRow) string { return c.area }},
		{head: templates.ActivityColumn(templates.ColActivity).Label, width: 50, text: func(c changeRow) string { return c.activity }},
		{head: "Från", width: 30, status: true, text: func(c changeRow) string { return c.from }},
		{head: "Till", width: 30, status: true, text: func(c changeRow) string { return c.to }},
	}
	writeList(b, SheetChanges, cols, rows, empty)
}

// support lists the activities that ask for ledningsstöd.
func (b *builder) support() {
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
	for _, it := range b.r.Support {
		if it.Area != nil && it.Activity != nil {
			rows = append(rows, itemRow{plan: it.Plan, forum: it.Forum, area: it.Area, act: it.Activity})
		}
	}
	writeList(b, SheetSupport, cols, rows, "Inga aktiviteter begär ledningsstöd.")
}

// itemRow is a report item, with the kind of impact for the proposals.
type itemRow struct {
	plan   string
	forum  string
	impact plan.Impact
	area   *plan.Area
	act    *plan.Activity
}

// Choices of the working columns of the proposals.
var (
	assessmentChoices = []string{"Tillstyrks", "Tillstyrks delvis", "Avstyrks", "Utreds vidare"}
	decisionChoices   = []string{"Ingår i överenskommelsen", "Ingår inte", "Bordläggs"}
)

// proposals writes the working list for the agreement's preparation: the proposed
// changes, then empty columns for the assessment, with drop-downs where the answer
// is one of a few.
func (b *builder) proposals() {
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
		{head: "Bedömning", width: 16, work: true, text: none},
		{head: "Kostnad (tkr)", width: 12, work: true, center: true, text: none},
		{head: "Beslut", width: 22, work: true, text: none},
		{head: "Ansvarig", width: 18, work: true, text: none},
		{head: "Anteckning", width: 36, work: true, text: none},
	}
	var rows []itemRow
	for _, p := range b.r.Proposals {
		for _, it := range p.Items {
			if it.Area != nil && it.Activity != nil {
				rows = append(rows, itemRow{plan: it.Plan, forum: it.Forum, impact: p.Impact, area: it.Area, act: it.Activity})
			}
		}
	}
	last := writeList(b, SheetProposals, cols, rows, "Inga aktiviteter påverkar överenskommelsen.")
	if len(rows) == 0 {
		return
	}
	rng := func(col int) string { return fmt.Sprintf("%s2:%s%d", colName(col), colName(col), last) }
	list := func(col int, title string, choices []string) {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rng(col))
		b.check(dv.SetDropList(choices))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "Välj ett av alternativen i listan.")
		b.check(b.f.AddDataValidation(SheetProposals, dv))
	}
	list(8, "Bedömning", assessmentChoices)
	list(10, "Beslut", decisionChoices)
	cost := excelize.NewDataValidation(true)
	cost.SetSqref(rng(9))
	b.check(cost.SetRange(-10000000, 10000000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	cost.SetError(excelize.DataValidationErrorStyleStop, "Kostnad (tkr)",
		"Ange kostnaden i tusental kronor som ett tal, t.ex. 250, eller med minustecken för en besparing.")
	b.check(b.f.AddDataValidation(SheetProposals, cost))
	b.check(b.f.SetCellStyle(SheetProposals, cellName(9, 2), cellName(9, last), b.st.inputNumber))
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
			if c.work {
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
