package deck

import (
	"fmt"
	"slices"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// The slides that cut across plans: changes, lists of activities, proposals, and
// the region's status per forum with its charts.

// changes lists what changed in each plan since the previous meeting; a plan with
// no changes says so.
func (d *deck) changes(sec report.Section) error {
	r := d.r
	ts := &tableSpec{title: sec.Title, name: "Förändringar",
		header: []string{"Förändring", "Prioriterat område", "Berörd aktivitet", "Före → nu"},
		cols:   widths(4.2, 6.5, 11.5, 9),
		empty:  sec.Empty,
	}
	if r.PreviousMeeting.IsZero() {
		if r.Audience == plan.AudiencePlan && r.HasPrevious {
			ts.intro = []pptx.Paragraph{para(colored(plain("Jämfört med planens förra version.", introSize), report.ColorMuted))}
		}
	} else {
		ts.intro = []pptx.Paragraph{para(colored(plain("Jämfört med de planer som var aktuella vid mötet "+report.Date(r.PreviousMeeting)+".", introSize), report.ColorMuted))}
	}
	byPlan := map[string]report.PlanChanges{}
	for _, pc := range r.Changes {
		byPlan[pc.Plan] = pc
	}
	names := make([]string, 0, len(r.Plans))
	for _, p := range r.Plans {
		if p != nil {
			names = append(names, p.Name)
		}
	}
	for _, pc := range r.Changes { // changed plans outside r.Plans, if any
		if !slices.Contains(names, pc.Plan) {
			names = append(names, pc.Plan)
		}
	}
	summary := []string{}
	for _, name := range names {
		pc, ok := byPlan[name]
		if !ok {
			if len(r.Changes) > 0 {
				ts.rows = append(ts.rows, heading(name), note(sec.Empty))
			}
			continue
		}
		if pc.New {
			n := 0
			if pc.Current != nil {
				n = pc.Current.ActivityCount()
			}
			ts.rows = append(ts.rows, heading(name+" – "+strings.ToLower(report.ChangeNewPlan)),
				note(fmt.Sprintf("Planen har lämnats in för första gången sedan förra mötet och har %s.", plural(n, "aktivitet", "aktiviteter"))))
			summary = append(summary, name+": ny plan.")
			continue
		}
		ts.rows = append(ts.rows, heading(name))
		add := func(kind string, ref plan.ActivityRef, detail cellSpec) {
			ts.rows = append(ts.rows, rowSpec{cells: []cellSpec{boldTxt(kind), txt(ref.Area), txt(ref.Activity), detail}})
		}
		df := pc.Diff
		for _, a := range df.NewAreas {
			add(report.ChangeNewArea, plan.ActivityRef{Area: a}, blank())
		}
		for _, a := range df.RemovedAreas {
			add(report.ChangeRemovedArea, plan.ActivityRef{Area: a}, blank())
		}
		for _, sc := range df.StatusChanges {
			add(report.ChangeStatus, sc.ActivityRef, statusCell(sc.Status, markInline, sc.From.Label()+" → "+sc.Status.Label()))
		}
		for _, a := range df.New {
			add(report.ChangeNewActivity, a, statusCell(a.Status, markInline, "Ny, status "+a.Status.Label()))
		}
		for _, a := range df.Finished {
			add(report.ChangeFinished, a, statusCell(plan.StatusDone, markInline, ""))
		}
		for _, a := range df.Removed {
			add(report.ChangeRemoved, a, txt("Finns inte längre i planen"))
		}
		for _, tc := range df.GoalChanges {
			add(report.ChangeGoal, tc.ActivityRef, fromTo(tc.From, tc.To))
		}
		for _, tc := range df.ResultChanges {
			add(report.ChangeResult, tc.ActivityRef, fromTo(tc.From, tc.To))
		}
		summary = append(summary, fmt.Sprintf("%s: %d ändrade statusar, %d nya, %d avslutade, %d borttagna aktiviteter.",
			name, len(df.StatusChanges), len(df.New), len(df.Finished), len(df.Removed)))
	}
	ts.notes = func(rows []rowSpec, part int) string {
		if part > 0 {
			return "Förändringarna fortsätter."
		}
		return strings.Join(append([]string{sec.Title + ", per plan."}, summary...), "\n")
	}
	_, _, err := d.slides(ts)
	return err
}

func fromTo(from, to string) cellSpec {
	return cellSpec{paras: []pptx.Paragraph{
		labelled("Före", dash(from), smallSize),
		{Runs: []pptx.Run{colored(bold("Nu: ", bodySize), report.ColorMuted), plain(dash(strings.Join(strings.Fields(to), " ")), bodySize)}, SpaceBefore: 2},
	}}
}

// itemSlides lists activities with their programme area, status and comment; the
// programme-area cell is merged over the plan's consecutive activities.
func (d *deck) itemSlides(title, empty string, items []report.Item, region bool) error {
	ts := &tableSpec{title: title, name: title, empty: empty, mergeCols: 1,
		header: []string{"Programområde", "Prioriterat område", "Aktivitet", "Status", "Kommentar"},
		cols:   widths(5.2, 5.5, 9.3, 3.1, 8.2),
	}
	var c plan.StatusCounts
	for _, it := range items {
		if it.Activity == nil {
			continue
		}
		c.Add(it.Activity.Status)
		area := ""
		if it.Area != nil {
			area = it.Area.Title
		}
		prog := boldTxt(it.Plan)
		if region && it.Forum != "" {
			prog.paras = append(prog.paras, para(colored(plain(it.Forum, smallSize), report.ColorMuted)))
		}
		ts.rows = append(ts.rows, rowSpec{group: it.Plan, act: it.Activity, cells: []cellSpec{
			prog, txt(area), txt(it.Activity.Description), statusCell(it.Activity.Status, markInline, ""), commentText(it.Activity),
		}})
	}
	ts.notes = func(rows []rowSpec, part int) string {
		if part > 0 {
			return title + ", fortsättning."
		}
		return fmt.Sprintf("%s: %s (%s).", title, plural(len(ts.rows), "aktivitet", "aktiviteter"), countsText(c))
	}
	_, _, err := d.slides(ts)
	return err
}

// commentText is the comment of a list row, small.
func commentText(a *plan.Activity) cellSpec {
	return cellSpec{paras: lines(dash(a.Comment), plain("", smallSize))}
}

// proposals lists the activities that change the agreement, by kind of change and
// programme area (merged over its activities): for the agreement one table per
// kind, for the other audiences one table with a heading per kind.
func (d *deck) proposals(sec report.Section, perKind bool) error {
	title, empty := sec.Title, sec.Empty
	newSpec := func(title string) *tableSpec {
		return &tableSpec{title: title, name: "Påverkan på överenskommelsen", mergeCols: 1, empty: empty,
			header: []string{"Programområde", "Prioriterat område", "Aktivitet", "Beskrivning av förändring", "Status", report.HeadTrail},
			cols:   widths(4.6, 4.4, 8.2, 7.1, 3.0, 4.0),
		}
	}
	all := newSpec(title)
	var summary []string
	for _, pr := range d.r.Proposals {
		kind := pr.Impact.Label()
		ts := all
		if perKind {
			ts = newSpec(title + ": " + kind)
			ts.intro = []pptx.Paragraph{para(colored(plain(fmt.Sprintf("%s med påverkan av slaget %s.",
				plural(len(pr.Items), "aktivitet", "aktiviteter"), strings.ToLower(kind)), introSize), report.ColorMuted))}
		} else {
			ts.rows = append(ts.rows, heading(fmt.Sprintf("%s (%s)", kind, plural(len(pr.Items), "aktivitet", "aktiviteter"))))
		}
		var names []string
		for _, g := range pr.ByPlan() {
			names = append(names, g.Plan)
			for _, it := range g.Items {
				if it.Activity == nil {
					continue
				}
				area := ""
				if it.Area != nil {
					area = it.Area.Title
				}
				prog := boldTxt(it.Plan)
				if it.Forum != "" && d.r.Audience != plan.AudienceKR {
					prog.paras = append(prog.paras, para(colored(plain(it.Forum, smallSize), report.ColorMuted)))
				}
				ts.rows = append(ts.rows, rowSpec{group: kind + "\x00" + it.Plan, act: it.Activity, cells: []cellSpec{
					prog, txt(area), txt(it.Activity.Description), txt(it.Activity.ImpactDetail), statusCell(it.Activity.Status, markInline, ""),
					trailCell(it.Trail),
				}})
			}
		}
		line := fmt.Sprintf("%s: %s från %s.", kind, plural(len(pr.Items), "aktivitet", "aktiviteter"), strings.Join(names, ", "))
		summary = append(summary, line)
		if perKind {
			ts.notes = func([]rowSpec, int) string { return line }
			if _, _, err := d.slides(ts); err != nil {
				return err
			}
		}
	}
	if perKind && len(d.r.Proposals) > 0 {
		return nil
	}
	all.notes = func(_ []rowSpec, part int) string {
		if len(summary) == 0 {
			return empty
		}
		return strings.Join(summary, "\n")
	}
	_, _, err := d.slides(all)
	return err
}

// proposalSummary counts the proposals by kind, as a table and a chart.
func (d *deck) proposalSummary(sec report.Section) error {
	ts := &tableSpec{title: sec.Title, name: "Sammanfattning", middle: true,
		header: []string{"Påverkan på överenskommelsen", "Aktiviteter", "Programområden och samverkansgrupper"},
		cols:   widths(7.5, 3.2, 20.6), centre: map[int]bool{1: true},
		empty: sec.Empty,
	}
	var cats []string
	var vals []float64
	total := 0
	for _, pr := range d.r.Proposals {
		var names []string
		for _, g := range pr.ByPlan() {
			names = append(names, g.Plan)
		}
		ts.rows = append(ts.rows, rowSpec{cells: []cellSpec{boldTxt(pr.Impact.Label()), num(len(pr.Items)), txt(strings.Join(names, ", "))}})
		cats = append(cats, pr.Impact.Label())
		vals = append(vals, float64(len(pr.Items)))
		total += len(pr.Items)
	}
	if len(ts.rows) > 0 {
		tot := []cellSpec{boldTxt("Totalt"), num(total), blank()}
		for i := range tot {
			tot[i].fill = report.ColorAccentTint
		}
		tot[1].paras[0].Runs[0].Bold = true
		ts.rows = append(ts.rows, rowSpec{cells: tot})
	}
	ts.notes = func(rows []rowSpec, part int) string {
		return fmt.Sprintf("%s med påverkan på överenskommelsen, fördelade på %s.", plural(total, "aktivitet", "aktiviteter"), plural(len(cats), "slag", "slag"))
	}
	if len(cats) == 0 {
		_, _, err := d.slides(ts)
		return err
	}
	return d.tableAndChart(ts, "Aktiviteter per slag av påverkan", pptx.BarChart{
		Categories: cats, ShowValues: true, NoLegend: true, FontSize: chartFont,
		Series: []pptx.Series{{Name: "Aktiviteter", Color: report.ColorAccent, LabelColor: "FFFFFF", Values: vals}},
	})
}

// groups is the status per kunskapsråd and for the RSG plans under RSL, as a table
// and a stacked bar chart.
func (d *deck) groups() error {
	ts := &tableSpec{title: "Status per forum", name: "Status per forum", middle: true,
		header: []string{"Forum", "Planer", "Saknas", "Inaktuella", "Grön", "Gul", "Röd", "Avslutad", "Totalt"},
		cols:   widths(8.6, 2.4, 2.4, 3.8, 2.4, 2.4, 2.4, 2.9, 2.4),
		centre: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true},
		empty:  "Inga forum är konfigurerade.",
	}
	var cats []string
	series := make([]pptx.Series, len(plan.Statuses))
	for i, s := range plan.Statuses {
		series[i] = pptx.Series{Name: s.Label(), Color: report.StatusColor(s), LabelColor: report.StatusTextColor(s)}
	}
	var tot report.Group
	for _, g := range d.r.Groups {
		name := groupLabel(g.Forum)
		cells := []cellSpec{boldTxt(name), num(g.Plans), num(g.Missing), num(g.Stale)}
		if g.Missing > 0 {
			cells[2] = flagNum(g.Missing)
		}
		if g.Stale > 0 {
			cells[3] = flagNum(g.Stale)
		}
		for i, s := range plan.Statuses {
			cells = append(cells, num(g.Counts.Of(s)))
			series[i].Values = append(series[i].Values, float64(g.Counts.Of(s)))
		}
		cells = append(cells, num(g.Counts.Total()))
		ts.rows = append(ts.rows, rowSpec{cells: cells})
		cats = append(cats, name)
		tot.Plans, tot.Missing, tot.Stale = tot.Plans+g.Plans, tot.Missing+g.Missing, tot.Stale+g.Stale
		tot.Counts = tot.Counts.Plus(g.Counts)
	}
	if len(ts.rows) > 0 {
		cells := []cellSpec{boldTxt("Hela sjukvårdsregionen"), num(tot.Plans), num(tot.Missing), num(tot.Stale)}
		for _, s := range plan.Statuses {
			cells = append(cells, num(tot.Counts.Of(s)))
		}
		cells = append(cells, num(tot.Counts.Total()))
		for i := range cells {
			cells[i].fill = report.ColorAccentTint
			cells[i].paras[0].Runs[0].Bold = true
		}
		ts.rows = append(ts.rows, rowSpec{cells: cells})
	}
	ts.notes = func(rows []rowSpec, part int) string {
		return fmt.Sprintf("Hela sjukvårdsregionen: %s inlämnade, %d saknas, %d inaktuella. Aktiviteter: %d (%s).",
			plural(tot.Plans, "plan", "planer"), tot.Missing, tot.Stale, tot.Counts.Total(), countsText(tot.Counts))
	}
	if len(cats) == 0 {
		_, _, err := d.slides(ts)
		return err
	}
	return d.tableAndChart(ts, "Statusfördelning per forum", pptx.BarChart{
		Horizontal: true, Stacked: true, ShowValues: true, FontSize: chartFont,
		Categories: cats, Series: series,
	})
}

// groupLabel names a forum in the region's tables and charts.
func groupLabel(f *plan.Forum) string {
	switch {
	case f == nil:
		return "–"
	}
	return f.Name
}

func flagNum(n int) cellSpec {
	c := num(n)
	c.paras[0].Runs[0].Bold = true
	c.paras[0].Runs[0].Color = report.ColorFlag
	return c
}

// tableAndChart places the table and, under it when there is room, the chart;
// otherwise the chart gets a slide of its own.
func (d *deck) tableAndChart(ts *tableSpec, chartTitle string, c pptx.BarChart) error {
	slidesOut, bottom, err := d.slides(ts)
	if err != nil {
		return err
	}
	last := slidesOut[len(slidesOut)-1]
	top := bottom + pptx.Cm(0.5)
	minChart := pptx.Cm(6.5)
	if len(slidesOut) == 1 && content.Y+content.H-top >= minChart {
		c.Title = chartTitle
		return last.AddBarChart(pptx.Rect{X: content.X, Y: top, W: content.W, H: content.Y + content.H - top}, c)
	}
	s := d.contentSlide(chartTitle, last.Notes)
	return s.AddBarChart(content, c)
}

// areaChart is the status distribution of every submitted plan, on as many slides
// as keep the bars readable.
func (d *deck) areaChart() error {
	const perSlide = 20
	var rows []report.Row
	for _, ov := range d.r.Overview {
		if ov.Plan != nil {
			rows = append(rows, ov)
		}
	}
	for start, part := 0, 0; start < len(rows); start, part = start+perSlide, part+1 {
		chunk := rows[start:min(start+perSlide, len(rows))]
		title := "Statusfördelning per programområde"
		if part > 0 {
			title += " (forts.)"
		}
		var cats []string
		series := make([]pptx.Series, len(plan.Statuses))
		for i, s := range plan.Statuses {
			series[i] = pptx.Series{Name: s.Label(), Color: report.StatusColor(s), LabelColor: report.StatusTextColor(s)}
		}
		var worst []string
		for _, ov := range chunk {
			cats = append(cats, ov.Name)
			for i, s := range plan.Statuses {
				series[i].Values = append(series[i].Values, float64(ov.Counts.Of(s)))
			}
			if ov.Counts.Red > 0 {
				worst = append(worst, fmt.Sprintf("%s (%d röda)", ov.Name, ov.Counts.Red))
			}
		}
		notes := "Antal aktiviteter per status och programområde."
		if len(worst) > 0 {
			notes += "\nRöda aktiviteter finns hos: " + strings.Join(worst, ", ") + "."
		}
		s := d.contentSlide(title, notes)
		if err := s.AddBarChart(content, pptx.BarChart{Horizontal: true, Stacked: true, ShowValues: true, FontSize: chartFont,
			Categories: cats, Series: series}); err != nil {
			return err
		}
	}
	return nil
}

// flagged lists the missing and stale plans.
func (d *deck) flagged(sec report.Section) error {
	ts := &tableSpec{title: sec.Title, name: sec.Title, middle: true,
		header: []string{"Programområde", "Forum", "Flagga", "Senast uppdaterad", "Kontaktperson"},
		cols:   widths(8, 6, 7, 4.3, 6),
		empty:  sec.Empty,
	}
	rows := d.r.Flagged()
	for _, r := range rows {
		upd, contact := emptyValue, emptyValue
		if r.Plan != nil {
			upd, contact = report.Date(r.Updated), dash(r.Plan.Contact)
		}
		ts.rows = append(ts.rows, rowSpec{cells: []cellSpec{boldTxt(r.Name), txt(r.Forum), flagTxt(r.FlagText()), txt(upd), txt(contact)}})
	}
	ts.notes = func(_ []rowSpec, part int) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Name+": "+strings.ToLower(r.FlagText())+".")
		}
		if len(out) == 0 {
			return sec.Empty
		}
		return strings.Join(out, "\n")
	}
	_, _, err := d.slides(ts)
	return err
}

// changeCounts is, for the region, one row per changed plan with the number of
// changes of each kind.
func (d *deck) changeCounts(sec report.Section) error {
	ts := &tableSpec{title: sec.Title, name: "Förändringar",
		header: append(append([]string{"Programområde"}, report.ChangeCountLabels...), "Anmärkning"),
		cols:   widths(7.5, 3, 2.2, 2.8, 2.8, 3, 3, 7),
		centre: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true},
		empty:  sec.Empty,
	}
	if !d.r.PreviousMeeting.IsZero() {
		ts.intro = []pptx.Paragraph{para(colored(plain("Jämfört med de planer som var aktuella vid mötet "+report.Date(d.r.PreviousMeeting)+".", introSize), report.ColorMuted))}
	}
	for _, pc := range d.r.Changes {
		cells := []cellSpec{boldTxt(pc.Plan)}
		for _, n := range pc.Counts() {
			cells = append(cells, num(n))
		}
		rc := txt(pc.Note())
		if pc.Note() == "" {
			rc = blank()
		}
		ts.rows = append(ts.rows, rowSpec{cells: append(cells, rc)})
	}
	ts.notes = func(_ []rowSpec, part int) string {
		return fmt.Sprintf("%s har förändrats sedan förra mötet.", plural(len(d.r.Changes), "plan", "planer"))
	}
	_, _, err := d.slides(ts)
	return err
}

// trailCell is a proposal's Beslutsläge, small: how far it has come, and a
// recorded step's note under it.
func trailCell(t plan.Trail) cellSpec {
	c := cellSpec{paras: lines(report.TrailLabel(t), plain("", smallSize))}
	if d, ok := t.Last(); ok && d.Note != "" {
		c.paras = append(c.paras, para(colored(plain(d.Note, smallSize), report.ColorMuted)))
	}
	return c
}
