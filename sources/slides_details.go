package sources

import (
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/templates"
)

// Besides the plan table, a deck may hold an activity table: a header row with
// Aktivitet and columns of the Excel template that the plan table has no room for
// (our plan decks put the konsekvenser and the slutrapport there), one row per
// activity, under band rows naming the prioritised area. Its values go to the plan
// table's activity of the same description.

// emptyDash is how a deck shows an empty value.
const emptyDash = "–"

// detailFields are the activity fields an activity table may add.
var detailFields = []templates.Field{templates.ColConsCitizens, templates.ColConsOperations,
	templates.ColConsGovernance, templates.ColFinalReport, templates.ColSchedule, templates.ColCooperation,
	templates.ColIndicators, templates.ColResponsible, templates.ColImpactDetail}

// readActivityTables fills the activities in areas from the activity tables of the
// deck; values already given in the plan table win.
func (d *deck) readActivityTables(areas []plan.Area, planTables []*slideTable) {
	isPlan := map[*pptx.TableInfo]bool{}
	for _, st := range planTables {
		isPlan[st.t] = true
	}
	// A table may go on on the next slide: the area, the last activity and what
	// it was given carry over.
	at := &activityTableState{filled: map[*string]bool{}}
	for _, s := range d.doc.Slides {
		for ti := range s.Tables {
			t := &s.Tables[ti]
			if isPlan[t] {
				continue
			}
			st := &slideTable{slide: s, num: ti + 1, t: t, hdr: -1}
			if !activityTableHeader(st) {
				continue
			}
			d.readActivityTable(st, areas, at)
		}
	}
}

// activityTableHeader finds an activity table's header row: Aktivitet and at least
// one detail field, and no Status (a plan table with missing headings was
// reported already).
func activityTableHeader(st *slideTable) bool {
	for r := 0; r < len(st.t.Rows) && r < slideHeaderScan; r++ {
		cols := map[templates.Field]int{}
		for c, cell := range st.t.Rows[r].Cells {
			if cell.HMerge || cell.VMerge {
				continue
			}
			text := cleanText(cell.Text())
			if l, ok := detailLabel(text); ok {
				if _, dup := cols[l.Field]; !dup {
					cols[l.Field] = c
				}
			}
		}
		_, act := cols[templates.ColActivity]
		_, status := cols[templates.ColStatus]
		details := 0
		for _, f := range detailFields {
			if _, ok := cols[f]; ok {
				details++
			}
		}
		if act && !status && details > 0 {
			st.hdr, st.cols = r, cols
			return true
		}
	}
	return false
}

// activityTableState is what reading activity tables carries from one to the next.
type activityTableState struct {
	area   string
	last   *plan.Activity
	filled map[*string]bool // fields the tables gave, which continuations extend
}

func (d *deck) readActivityTable(st *slideTable, areas []plan.Area, at *activityTableState) {
	extend := func(f templates.Field, rest string) {
		if at.last == nil || rest == "" {
			return
		}
		if p := detailField(at.last, f); at.filled[p] {
			*p = joinRest(*p, []string{rest})
		}
	}
	for r := st.hdr + 1; r < len(st.t.Rows); r++ {
		row := st.t.Rows[r].Cells
		if band, ok := bandText(row); ok {
			if m := reContinuedBand.FindStringSubmatchIndex(band); m != nil {
				if l, ok := detailLabel(band[m[2]:m[3]]); ok {
					extend(l.Field, band[m[1]:])
					continue
				}
			}
			at.area = planTitleText(band) // "Vårdskador (forts.)" is the area Vårdskador
			continue
		}
		desc := st.cell(r, templates.ColActivity).text
		if reContinued.MatchString(desc) || desc == "" || desc == emptyDash {
			// The rest of a row cut at the foot of a slide: its cells go on.
			for _, f := range detailFields {
				if c := st.cell(r, f); c.ok && reContinued.MatchString(c.text) {
					extend(f, reContinued.ReplaceAllString(c.text, ""))
				}
			}
			continue
		}
		act := findActivity(areas, at.area, desc)
		at.last = act
		if act == nil {
			loc := st.rowLoc(r) + ", kolumn " + oneLine(cleanText(st.t.Rows[st.hdr].Cells[st.cols[templates.ColActivity]].Text()))
			d.ps.Warnf(loc, templates.ActivityColumn(templates.ColActivity).Label,
				"Aktiviteten %q finns inte i handlingsplanens tabell%s; raden lästes inte. Skriv aktiviteten som i handlingsplanens tabell.",
				oneLine(desc), inArea(at.area))
			continue
		}
		for _, f := range detailFields {
			c := st.cell(r, f)
			if !c.ok || c.text == "" || c.text == emptyDash {
				continue
			}
			if p := detailField(act, f); *p == "" {
				*p, at.filled[p] = c.text, true
			}
		}
	}
}

// detailLabel is the detail field a heading names.
func detailLabel(heading string) (templates.Label, bool) {
	if l, ok := matchLabel(activityIndex(), heading); ok {
		return l, true
	}
	return matchLabel(cellLabelIndex(), heading)
}

// bandText is the text of a row that is one cell across the table.
func bandText(row []pptx.CellInfo) (string, bool) {
	if len(row) < 2 {
		return "", false
	}
	for _, c := range row[1:] {
		if !c.HMerge {
			return "", false
		}
	}
	return cleanText(row[0].Text()), true
}

func inArea(area string) string {
	if area == "" {
		return ""
	}
	return " under " + area
}

// findActivity finds the activity by description, in the named area when given.
func findActivity(areas []plan.Area, area, desc string) *plan.Activity {
	for i := range areas {
		if area != "" && plan.Fold(areas[i].Title) != plan.Fold(area) {
			continue
		}
		for j := range areas[i].Activities {
			if plan.Fold(areas[i].Activities[j].Description) == plan.Fold(desc) {
				return &areas[i].Activities[j]
			}
		}
	}
	return nil
}

// detailField is where an activity keeps a detail field.
func detailField(a *plan.Activity, f templates.Field) *string {
	switch f {
	case templates.ColConsCitizens:
		return &a.Consequences.Citizens
	case templates.ColConsOperations:
		return &a.Consequences.Operations
	case templates.ColConsGovernance:
		return &a.Consequences.Governance
	case templates.ColFinalReport:
		return &a.FinalReport
	case templates.ColSchedule:
		return &a.Schedule
	case templates.ColCooperation:
		return &a.Cooperation
	case templates.ColIndicators:
		return &a.FollowUp.Indicators
	case templates.ColResponsible:
		return &a.FollowUp.Responsible
	case templates.ColImpactDetail:
		return &a.ImpactDetail
	}
	panic("sources: no detail field " + string(f))
}
