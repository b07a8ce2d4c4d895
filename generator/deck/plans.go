package deck

import (
	"fmt"
	"strconv"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// The plan slides: the overview of programme areas, a plan's section slide and facts,
// and the plan table in the template's headings.

// overview is the table of programme areas: counts, derived status, senast
// uppdaterad and a red flag for missing and stale plans. The region adds the forum.
func (d *deck) overview(sec report.Section, region bool) error {
	ts := &tableSpec{title: sec.Title, name: "Översikt", middle: true,
		header: []string{"Programområde", "Status", "Grön", "Gul", "Röd", "Avslutad", "Totalt", "Senast uppdaterad", "Flagga"},
		cols:   widths(widthsOf(false)...),
		centre: map[int]bool{2: true, 3: true, 4: true, 5: true, 6: true},
		empty:  "Inga programområden ingår i underlaget.",
		intro: []pptx.Paragraph{para(colored(plain("Planens status är den allvarligaste statusen bland dess pågående aktiviteter, "+
			"Avslutad när alla är avslutade. Planer som saknas eller är inaktuella flaggas med rött.", introSize), report.ColorMuted))},
	}
	if region {
		ts.title = "Översikt – alla programområden och samverkansgrupper"
		ts.header = []string{"Programområde", "Forum", "Status", "Grön", "Gul", "Röd", "Avslutad", "Totalt", "Senast uppdaterad", "Flagga"}
		ts.cols = widths(widthsOf(true)...)
		ts.centre = map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true}
	}
	// The deadline and the fastställande go between senast uppdaterad and the flag.
	deadline, adoption := d.r.ShowsDeadline(), d.r.ShowsAdoption()
	weights := widthsOf(region)
	extra := func(head string, w float64) {
		last := len(ts.header) - 1
		ts.header = append(ts.header[:last], head, ts.header[last])
		weights = append(weights[:last], w, weights[last])
	}
	if deadline {
		extra(report.HeadDeadline, 2.6)
	}
	if adoption {
		extra(report.HeadAdoption, 2.8)
	}
	if deadline || adoption {
		weights[0] -= 0.8
		weights[len(weights)-1] -= 1.2
		if region { // the forum's name keeps its room: status and Avslutad give theirs
			weights[2] -= 0.3
			weights[6] -= 0.3
		}
		ts.cols = widths(weights...)
	}
	for _, ov := range d.r.Overview {
		cells := []cellSpec{boldTxt(ov.Name)}
		if region {
			cells = append(cells, txt(ov.Forum))
		}
		if ov.Plan == nil {
			cells = append(cells, txt("–"))
			for range 5 {
				cells = append(cells, blank())
			}
			cells = append(cells, txt("–"))
		} else {
			cells = append(cells, statusCell(ov.Status, markInline, ""))
			for _, s := range plan.Statuses {
				cells = append(cells, num(ov.Counts.Of(s)))
			}
			total := num(ov.Counts.Total())
			total.paras[0].Runs[0].Bold = true
			cells = append(cells, total, txt(report.ShortDate(ov.Updated)))
		}
		if deadline {
			cells = append(cells, deadlineCell(ov.Deadline))
		}
		if adoption {
			cells = append(cells, txt(ov.AdoptionCell()))
		}
		cells = append(cells, flagCell(ov))
		ts.rows = append(ts.rows, rowSpec{cells: cells})
	}
	if len(ts.rows) > 0 {
		cells := []cellSpec{boldTxt("Totalt")}
		if region {
			cells = append(cells, blank())
		}
		cells = append(cells, blank())
		for _, s := range plan.Statuses {
			cells = append(cells, num(d.r.Totals.Of(s)))
		}
		cells = append(cells, num(d.r.Totals.Total()), blank(), blank())
		for range len(ts.header) - len(cells) {
			cells = append(cells, blank())
		}
		for i := range cells {
			cells[i].fill = report.ColorAccentTint
			for j := range cells[i].paras {
				for k := range cells[i].paras[j].Runs {
					cells[i].paras[j].Runs[k].Bold = true
					if cells[i].paras[j].Runs[k].Text == "–" {
						cells[i].paras[j].Runs[k].Text = ""
					}
				}
			}
		}
		ts.rows = append(ts.rows, rowSpec{cells: cells})
	}
	flagged := d.r.Flagged()
	ts.notes = func(rows []rowSpec, part int) string {
		if part > 0 {
			return "Översikten fortsätter."
		}
		n := 0
		for _, ov := range d.r.Overview {
			if ov.Plan != nil {
				n++
			}
		}
		out := []string{fmt.Sprintf("%s, varav %s inlämnade.", plural(len(d.r.Overview), "programområde", "programområden"),
			plural(n, "plan", "planer")),
			fmt.Sprintf("Aktiviteter: %d (%s).", d.r.Totals.Total(), countsText(d.r.Totals))}
		for _, f := range flagged {
			out = append(out, f.Name+": "+strings.ToLower(f.FlagText())+".")
		}
		out = append(out, "Planens status är den allvarligaste statusen bland dess pågående aktiviteter.")
		return strings.Join(out, "\n")
	}
	_, _, err := d.slides(ts)
	return err
}

// widthsOf are the weights of the overview's columns without the deadline and
// the fastställande.
func widthsOf(region bool) []float64 {
	if region {
		return []float64{5.6, 3.6, 2.8, 1.6, 1.6, 1.6, 2.5, 1.8, 3.0, 4.8}
	}
	return []float64{6.2, 3.2, 1.7, 1.7, 1.7, 2.2, 1.8, 3.4, 5.4}
}

// deadlineCell is the row's deadline status: red when it warns.
func deadlineCell(s report.DeadlineStatus) cellSpec {
	switch {
	case s == report.DeadlineNone:
		return blank()
	case s.Warns():
		return flagTxt(s.Label())
	}
	return txt(s.Label())
}

// flagCell is the row's flag: red when it warns, in the accent colour for a new plan.
func flagCell(ov report.Row) cellSpec {
	switch {
	case ov.Flag == report.FlagNone:
		return blank()
	case ov.Flag.Warns():
		return flagTxt(ov.FlagText())
	}
	return cellSpec{paras: []pptx.Paragraph{para(colored(bold(ov.FlagText(), bodySize), report.ColorAccent))}}
}

// planSection opens a plan in the kunskapsråd deck: its facts, counts and the
// prioritised areas with their derived status.
func (d *deck) planSection(p *plan.Plan) error {
	var row *report.Row
	for i := range d.r.Overview {
		if d.r.Overview[i].Plan != nil && d.r.Overview[i].Name == p.Name {
			row = &d.r.Overview[i]
		}
	}
	updated := p.Updated
	if row != nil {
		updated = row.Updated
	}
	facts := []pptx.Paragraph{
		para(colored(bold("Kontaktperson: ", introSize), report.ColorMuted), plain(dash(p.Contact), introSize),
			colored(bold("     Senast uppdaterad: ", introSize), report.ColorMuted), plain(report.Date(updated), introSize),
			colored(bold("     Planperiod: ", introSize), report.ColorMuted), plain(dash(p.Period), introSize)),
		para(colored(bold("Aktiviteter: ", introSize), report.ColorMuted), plain(fmt.Sprintf("%d – %s", p.ActivityCount(), countsText(p.Counts())), introSize)),
	}
	if row != nil && row.Flag != report.FlagNone {
		c := report.ColorAccent
		if row.Flag.Warns() {
			c = report.ColorFlag
		}
		facts = append(facts, para(colored(bold(row.FlagText(), introSize), c)))
	}
	ts := &tableSpec{title: p.Name, name: "Prioriterade områden", intro: facts, middle: true,
		header: []string{"Nationellt insatsområde", "Prioriterat område", "Patientlöften", "Aktiviteter", "Status"},
		cols:   widths(5, 8, 9, 2.6, 3.2),
		centre: map[int]bool{3: true},
		empty:  "Planen har inga prioriterade områden.",
	}
	for i := range p.Areas {
		a := &p.Areas[i]
		var promises []pptx.Paragraph
		for _, id := range a.Promises {
			promises = append(promises, para(bold(id+" ", smallSize), plain(d.cat.PromiseTitle(id), smallSize)))
		}
		if len(promises) == 0 {
			promises = []pptx.Paragraph{para(plain(emptyValue, bodySize))}
		}
		ts.rows = append(ts.rows, rowSpec{cells: []cellSpec{
			txt(a.NationalArea), boldTxt(a.Title), {paras: promises}, num(len(a.Activities)), statusCell(a.Status(), markInline, ""),
		}})
	}
	ts.notes = func(rows []rowSpec, part int) string {
		out := []string{fmt.Sprintf("%s: %s och %s.", p.Name, plural(len(p.Areas), "prioriterat område", "prioriterade områden"),
			plural(p.ActivityCount(), "aktivitet", "aktiviteter")), "Status: " + countsText(p.Counts()) + "."}
		if row != nil && row.Flag != report.FlagNone {
			out = append(out, row.FlagText()+".")
		}
		return strings.Join(out, "\n")
	}
	_, _, err := d.slides(ts)
	return err
}

// planFacts is the plan deck's slide of facts, with the Plan sheet's labels so that
// the template reader reads them back.
func (d *deck) planFacts(p *plan.Plan, title string) error {
	ts := &tableSpec{title: title, name: "Uppgifter", cols: widths(9, 22)}
	for _, f := range report.PlanFacts(p, report.Date) {
		if strings.TrimSpace(f.Value) == "" {
			continue // the reader takes any text as a value; an empty field has no row
		}
		l := boldTxt(f.Label)
		l.fill = report.ColorAccentTint
		ts.rows = append(ts.rows, rowSpec{cells: []cellSpec{l, txt(f.Value)}})
	}
	ts.notes = func(rows []rowSpec, part int) string {
		return fmt.Sprintf("%s, kontaktperson %s. Aktiviteter: %d (%s).", p.Name, dash(p.Contact), p.ActivityCount(), countsText(p.Counts()))
	}
	_, _, err := d.slides(ts)
	return err
}

// Columns of the plan table: the template's headings and Kommentar.
var planCols = widths(3.0, 5.1, 6.2, 8.0, 2.7, 6.3)

// planTable is the plan in the template's headings, one row per activity, the area
// cells merged over its activities and repeated on continuation slides.
func (d *deck) planTable(p *plan.Plan) error {
	header := append(append([]string(nil), templates.SlideHeadings...), templates.SlideComment)
	ts := &tableSpec{title: "Handlingsplan " + p.Name, name: "Handlingsplan", header: header, cols: planCols,
		mergeCols: 2, empty: "Planen har inga aktiviteter."}
	for ai := range p.Areas {
		a := &p.Areas[ai]
		area := []pptx.Paragraph{para(bold(a.Title, bodySize))}
		for _, id := range a.Promises {
			pp := para(bold(id+" ", smallSize), plain(d.cat.PromiseTitle(id), smallSize))
			pp.SpaceBefore = 2
			area = append(area, pp)
		}
		nat := cellSpec{paras: lines(a.NationalArea, plain("", bodySize))}
		for j := range a.Activities {
			act := &a.Activities[j]
			ts.rows = append(ts.rows, rowSpec{group: strconv.Itoa(ai), act: act, cells: []cellSpec{
				nat, {paras: area}, activityCell(act, d.r.ActivityIDs), followUpCell(act), statusCell(act.Status, markStacked, ""), commentCell(act),
			}})
		}
	}
	total := p.ActivityCount()
	first := 0
	ts.notes = func(rows []rowSpec, part int) string {
		if part == 0 {
			first = 0
		}
		var c plan.StatusCounts
		var red []string
		for _, r := range rows {
			if r.cont {
				continue // the rest of a row begun on the slide before
			}
			c.Add(r.act.Status)
			if r.act.Status == plan.StatusRed {
				red = append(red, "– "+r.act.Description)
			}
		}
		out := []string{fmt.Sprintf("%s, aktivitet %d–%d av %d: %s.", p.Name, first+1, first+len(rows), total, countsText(c))}
		if len(red) > 0 {
			out = append(out, "Röda aktiviteter:")
			out = append(out, red...)
		}
		first += len(rows)
		return strings.Join(out, "\n")
	}
	_, _, err := d.slides(ts)
	return err
}

// colLabel is the template's label of an activity field: the cells' labelled lines
// use it, so that the template reader reads the deck back.
func colLabel(f templates.Field) string { return templates.ActivityColumn(f).Label }

// labelledLines adds "Label: value" paragraphs for the fields that are filled in.
func labelledLines(ps []pptx.Paragraph, fields ...templates.Field) func(values ...string) []pptx.Paragraph {
	return func(values ...string) []pptx.Paragraph {
		for i, v := range values {
			if strings.TrimSpace(v) == "" {
				continue
			}
			p := labelled(colLabel(fields[i]), v, smallSize)
			if len(ps) > 0 {
				p.SpaceBefore = 3
			}
			ps = append(ps, p)
		}
		return ps
	}
}

// activityCell is the description with its tidplan and samverkan, and with ids
// its Aktivitets-id, a labelled line the slide reader reads back.
func activityCell(a *plan.Activity, ids bool) cellSpec {
	ps := lines(dash(a.Description), plain("", bodySize))
	ps = labelledLines(ps, templates.ColSchedule, templates.ColCooperation)(a.Schedule, a.Cooperation)
	if ids && a.ID != "" {
		id := colored(plain(colLabel(templates.ColID)+": "+a.ID, smallSize), report.ColorMuted)
		p := para(id)
		p.SpaceBefore = 3
		ps = append(ps, p)
	}
	return cellSpec{paras: ps}
}

// followUpCell is the whole uppföljning: metod, kvalitetsindikatorer, mål,
// mätansvarig and resultat, each on a labelled line the reader knows.
func followUpCell(a *plan.Activity) cellSpec {
	f := a.FollowUp
	ps := labelledLines(nil, templates.ColMethod, templates.ColIndicators, templates.ColGoal, templates.ColResponsible, templates.ColResult)(
		f.Method, f.Indicators, f.Goal, f.Responsible, f.Result)
	for i := range ps { // the reader takes "Metod" as the short form of "Uppföljning – metod"
		if ps[i].Runs[0].Text == colLabel(templates.ColMethod)+": " {
			ps[i].Runs[0].Text = "Metod: "
		}
	}
	if len(ps) == 0 {
		ps = []pptx.Paragraph{para(plain(emptyValue, bodySize))}
	}
	return cellSpec{paras: ps}
}

// commentCell is the comment, the request for ledningsstöd and the påverkan; the
// konsekvenser and the slutrapport have a table of their own (consequences).
func commentCell(a *plan.Activity) cellSpec {
	var ps []pptx.Paragraph
	if strings.TrimSpace(a.Comment) != "" {
		ps = lines(a.Comment, plain("", smallSize))
	}
	add := func(p pptx.Paragraph) {
		if len(ps) > 0 {
			p.SpaceBefore = 3
		}
		ps = append(ps, p)
	}
	if a.NeedsSupport {
		add(para(colored(bold(colLabel(templates.ColSupport)+": Ja", smallSize), report.ColorFlag)))
	}
	if a.Impact != plan.ImpactNone {
		add(labelled("Påverkan", a.Impact.Label(), smallSize))
	}
	ps = labelledLines(ps, templates.ColImpactDetail)(impactDetail(a))
	if len(ps) == 0 {
		ps = []pptx.Paragraph{para(plain(emptyValue, bodySize))}
	}
	return cellSpec{paras: ps}
}

// impactDetail is the description of the change, shown with its påverkan.
func impactDetail(a *plan.Activity) string {
	if a.Impact == plan.ImpactNone {
		return ""
	}
	return a.ImpactDetail
}

// consequences is the plan's second table: per activity the three konsekvenser and
// the slutrapport, so that the plan table's rows stay low enough to read.
func (d *deck) consequences(p *plan.Plan) error {
	short := func(f templates.Field) string {
		return strings.TrimPrefix(colLabel(f), "Konsekvenser – ")
	}
	// Five columns and the area as a heading row: a table of another width than the
	// plan table, which the template reader must not take for its continuation.
	ts := &tableSpec{title: "Konsekvenser och slutrapport – " + p.Name, name: "Konsekvenser",
		header: []string{colLabel(templates.ColActivity), "Konsekvenser för " + short(templates.ColConsCitizens),
			"Konsekvenser för " + short(templates.ColConsOperations), "Konsekvenser för " + short(templates.ColConsGovernance), colLabel(templates.ColFinalReport)},
		cols: widths(7.5, 6, 6, 6, 6)}
	for ai := range p.Areas {
		a := &p.Areas[ai]
		first := true
		for j := range a.Activities {
			act := &a.Activities[j]
			c := act.Consequences
			if strings.TrimSpace(c.Citizens+c.Operations+c.Governance+act.FinalReport) == "" {
				continue
			}
			if first {
				ts.rows = append(ts.rows, heading(a.Title))
				first = false
			}
			small := func(s string) cellSpec { return cellSpec{paras: lines(dash(s), plain("", smallSize))} }
			ts.rows = append(ts.rows, rowSpec{act: act, cells: []cellSpec{
				txt(act.Description), small(c.Citizens), small(c.Operations), small(c.Governance), small(act.FinalReport)}})
		}
	}
	if len(ts.rows) == 0 {
		return nil
	}
	ts.notes = func(rows []rowSpec, part int) string {
		n := 0
		for _, r := range rows {
			if !r.band {
				n++
			}
		}
		return fmt.Sprintf("%s: förväntade konsekvenser och slutrapporter för %s.", p.Name, plural(n, "aktivitet", "aktiviteter"))
	}
	_, _, err := d.slides(ts)
	return err
}
