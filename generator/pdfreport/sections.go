package pdfreport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"handlingsplan/pdf"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// The sections of the reports; compose decides which audience gets which.

// compose lays out the cover and then the report's sections, in the order and
// with the titles the report decides; each is a top-level bookmark.
func (d *doc) compose() {
	d.cover()
	region := d.r.Audience == plan.AudienceRSL
	for _, sec := range d.r.Sections() {
		switch sec.Kind {
		case report.SectionOverview:
			d.overview(sec, region)
		case report.SectionPlanFacts:
			d.section(sec.Title, 0, sec.Title, true)
			d.planFacts(d.r.Plans[0])
		case report.SectionPlans:
			d.plans(sec)
		case report.SectionChanges:
			d.changes(sec, true)
		case report.SectionChangeCounts:
			d.changes(sec, false)
		case report.SectionFlagged:
			d.flagged(sec)
		case report.SectionAttention:
			d.itemSection(sec, d.r.Attention)
		case report.SectionSupport:
			d.itemSection(sec, d.r.Support)
		case report.SectionProposalSummary:
			d.proposalSummary(sec)
		case report.SectionProposals:
			d.proposals(sec)
		}
	}
}

func (d *doc) cover() {
	d.cur().cover = true
	d.sect = d.root.Add(pdf.KindSect)
	d.put(drawRow{h: 30}, 30)
	band := cell{w: contentW, bg: cAccent, pad: 10, padV: 9}
	// The title is the document's first heading, so that a screen reader's
	// list of headings starts with what the document is.
	band.paras = []*pdf.Elem{d.sect.Add(pdf.KindP), d.sect.Add(pdf.KindH1), d.sect.Add(pdf.KindP)}
	band.lines = d.m.wrap(contentW-20,
		txt(strings.ToUpper(d.r.Audience.Label()), font{10, bold, hex(report.ColorAccentTint)}),
		para{runs: []run{{d.r.Title, font{26, bold, cWhite}}}, before: 3},
		para{runs: []run{{d.r.Subtitle, font{14, regular, cWhite}}}, before: 2})
	d.block(band)
	d.space(8)
	info := cell{w: contentW, pad: 10}
	ps := []para{txt("Handlingsplaner – Sydöstra sjukvårdsregionen", font{12, bold, cAccent})}
	if !d.r.Meeting.IsZero() && d.r.Audience != plan.AudiencePlan {
		ps = append(ps, para{runs: []run{{"Möte: ", fLabel}, {report.Date(d.r.Meeting), fBody}}, before: 2})
	}
	if !d.r.PreviousMeeting.IsZero() && d.r.Audience != plan.AudiencePlan {
		ps = append(ps, para{runs: []run{{"Föregående möte: ", fLabel}, {report.Date(d.r.PreviousMeeting), fBody}}, before: 1})
	}
	ps = append(ps, para{runs: []run{{"Sammanställd: ", fLabel}, {report.Date(d.r.Generated), fBody}}, before: 1})
	info.lines = d.m.wrap(contentW-20, ps...)
	for range ps {
		info.paras = append(info.paras, d.sect.Add(pdf.KindP))
	}
	d.block(info)
	d.space(8)
	counts := d.r.Totals
	if d.r.Audience == plan.AudienceSVN {
		return
	}
	if d.r.Audience == plan.AudiencePlan && len(d.r.Plans) > 0 {
		counts = d.r.Plans[0].Counts()
	}
	d.statusSummary(counts, 10)
}

// statusSummary is a line of status markers with counts.
func (d *doc) statusSummary(c plan.StatusCounts, indent float64) {
	cells := []cell{}
	if indent > 0 {
		cells = append(cells, cell{w: indent})
	}
	lab := cell{w: 34, padV: padV, pad: 0}
	lab.lines = d.m.wrap(lab.w, txt(fmt.Sprintf("Aktiviteter: %d", c.Total()), fBold))
	cells = append(cells, lab)
	for _, s := range plan.Statuses {
		sc := d.statusCell(30, s, false)
		sc.lines = d.m.wrap(sc.w-stripW-2*padH, txt(fmt.Sprintf("%s  %d", s.Label(), c.Of(s)), fStatus))
		sc.rule = nil
		cells = append(cells, sc, cell{w: 3})
	}
	d.block(cells...)
}

// overview is the table of programme areas with counts, status and flags; the
// region-wide report also gets the status per forum.
func (d *doc) overview(sec report.Section, region bool) {
	d.section(sec.Title, 0, sec.Title, true)
	if region && len(d.r.Groups) > 0 {
		d.groups()
		d.areaBars()
		d.heading("Översikt – alla programområden och samverkansgrupper", 30)
	}
	if len(d.r.Overview) == 0 {
		d.note(sec.Empty, fNote)
		return
	}
	var widths []float64
	var heads []string
	centred := []int{2, 3, 4, 5, 6}
	if region {
		centred = []int{3, 4, 5, 6, 7}
		widths = []float64{62, 44, 26, 15, 15, 15, 17, 15, 26, 32}
		heads = []string{"Programområde", "Forum", "Status", "Grön", "Gul", "Röd", "Avslutad", "Totalt", "Senast uppdaterad", "Flagga"}
	} else {
		widths = []float64{78, 0, 28, 17, 17, 17, 19, 17, 30, 44}
		heads = []string{"Programområde", "", "Status", "Grön", "Gul", "Röd", "Avslutad", "Totalt", "Senast uppdaterad", "Flagga"}
	}
	// The deadline and the fastställande go between senast uppdaterad and the flag,
	// in room taken from the name, status, date and flag columns.
	deadline, adoption := d.r.ShowsDeadline(), d.r.ShowsAdoption()
	total := sum(widths)
	var wDeadline, wAdoption float64
	switch {
	case region && (deadline || adoption):
		widths = []float64{54, 38, 24, 15, 15, 15, 17, 15, 24, 28}
	case deadline || adoption:
		widths = []float64{52, 0, 26, 17, 17, 17, 19, 17, 24, 30}
	}
	if deadline {
		wDeadline = 22
	}
	if adoption {
		wAdoption = 26
	}
	widths[0] += total - sum(widths) - wDeadline - wAdoption // the name takes what is left
	ws := append(append(slices.Clone(widths[:9]), wDeadline, wAdoption), widths[9])
	hs := append(append(slices.Clone(heads[:9]), head(deadline, report.HeadDeadline), head(adoption, report.HeadAdoption)), heads[9])
	t := d.newTable(nonZero(ws), centred, nonEmpty(hs)...)
	d.startTable(t, 10)
	for _, ov := range d.r.Overview {
		var cells []cell
		cells = append(cells, d.plain(widths[0], ov.Name, fBold))
		if region {
			cells = append(cells, d.plain(widths[1], ov.Forum, fBody))
		}
		if ov.Plan == nil {
			cells = append(cells, d.plain(widths[2], report.Empty, fSmall))
			for i := 3; i <= 7; i++ {
				cells = append(cells, d.cellOf(widths[i], nil))
			}
			cells = append(cells, d.plain(widths[8], report.Empty, fSmall))
		} else {
			cells = append(cells, d.statusCell(widths[2], ov.Status, false))
			for i, s := range plan.Statuses {
				cells = append(cells, d.num(widths[3+i], ov.Counts.Of(s), fBody))
			}
			cells = append(cells, d.num(widths[7], ov.Counts.Total(), fBold))
			cells = append(cells, d.plain(widths[8], report.ShortDate(ov.Updated), fBody))
		}
		if deadline {
			f := fBody
			if ov.Deadline.Warns() {
				f = fFlag
			}
			cells = append(cells, d.plain(wDeadline, ov.Deadline.Label(), f))
		}
		if adoption {
			if ov.Plan == nil { // a dash, as the deck and the other cells of a missing plan
				cells = append(cells, d.plain(wAdoption, report.Empty, fSmall))
			} else {
				cells = append(cells, d.plain(wAdoption, ov.AdoptionCell(), fBody))
			}
		}
		cells = append(cells, d.plain(widths[9], ov.FlagText(), flagFont(ov.Flag)))
		d.row(cells, nil)
	}
	// Totals.
	var cells []cell
	first := widths[0] + widths[1] + widths[2]
	tot := d.plain(first, "Totalt", fBold)
	tot.bg = cTint
	cells = append(cells, tot)
	for i, s := range plan.Statuses {
		c := d.num(widths[3+i], d.r.Totals.Of(s), fBold)
		c.bg = cTint
		cells = append(cells, c)
	}
	c := d.num(widths[7], d.r.Totals.Total(), fBold)
	c.bg = cTint
	cells = append(cells, c, d.cellOf(widths[8]+wDeadline+wAdoption+widths[9], cTint))
	d.row(cells, nil)
	d.endTable()
	d.space(3)
	d.note("Planens status är den allvarligaste statusen bland dess pågående aktiviteter. "+
		"Planer som saknas eller är inaktuella markeras med rött i kolumnen Flagga.", fSmall)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// head is h when the column is shown, empty otherwise.
func head(shown bool, h string) string {
	if shown {
		return h
	}
	return ""
}

// flagFont is red for a flag that warns, the accent colour for a new plan.
func flagFont(f report.Flag) font {
	if f.Warns() {
		return fFlag
	}
	return font{9, bold, cAccent}
}

// areaBars is the status distribution of every submitted plan as bars, the PDF's
// rendering of the deck's chart, with the counts written in the bars.
func (d *doc) areaBars() {
	rows := d.r.InScope()
	if len(rows) == 0 {
		return
	}
	d.heading("Statusfördelning per programområde", 25)
	d.legend()
	widths := []float64{90, 24, 153}
	t := d.newTable(widths, []int{1}, "Programområde", "Aktiviteter", "Fördelning")
	d.startTable(t, 10)
	for _, ov := range rows {
		cells := []cell{d.plain(widths[0], ov.Name, fBold), d.num(widths[1], ov.Counts.Total(), fBody)}
		d.barRow(cells, widths[2], ov.Counts)
	}
	d.endTable()
	d.space(2)
}

// legend names the colours of the bars, each with its word.
func (d *doc) legend() {
	var cells []cell
	for _, s := range plan.Statuses {
		sw := cell{w: 4, bg: hex(report.StatusColor(s)), padV: padV}
		sw.lines = d.m.wrap(4, txt(" ", fSmall))
		lab := cell{w: 22, pad: padH, padV: padV}
		lab.lines = d.m.wrap(22-2*padH, txt(s.Label(), fSmall))
		cells = append(cells, sw, lab)
	}
	d.block(cells...)
	d.space(1)
}

func nonZero(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// groups is the status per forum with a bar of the status distribution.
func (d *doc) groups() {
	d.heading("Status per forum", 25)
	d.legend()
	widths := []float64{60, 18, 18, 22, 15, 15, 15, 17, 15, 72}
	t := d.newTable(widths, []int{1, 2, 3, 4, 5, 6, 7, 8}, "Forum", "Planer", "Saknas", "Inaktuella", "Grön", "Gul", "Röd", "Avslutad", "Totalt", "Fördelning")
	d.startTable(t, 10)
	var tot report.Group
	for _, g := range d.r.Groups {
		tot.Plans, tot.Missing, tot.Stale = tot.Plans+g.Plans, tot.Missing+g.Missing, tot.Stale+g.Stale
		tot.Counts = tot.Counts.Plus(g.Counts)
		name := report.Empty
		if g.Forum != nil {
			name = g.Forum.Name
		}
		cells := []cell{d.plain(widths[0], name, fBold), d.num(widths[1], g.Plans, fBody)}
		miss := d.num(widths[2], g.Missing, fBody)
		if g.Missing > 0 {
			miss = d.num(widths[2], g.Missing, fFlag)
		}
		stale := d.num(widths[3], g.Stale, fBody)
		if g.Stale > 0 {
			stale = d.num(widths[3], g.Stale, fFlag)
		}
		cells = append(cells, miss, stale)
		for i, s := range plan.Statuses {
			cells = append(cells, d.num(widths[4+i], g.Counts.Of(s), fBody))
		}
		cells = append(cells, d.num(widths[8], g.Counts.Total(), fBold))
		d.barRow(cells, widths[9], g.Counts)
	}
	// The region's totals, as in the deck.
	cells := []cell{d.plain(widths[0], "Hela sjukvårdsregionen", fBold), d.num(widths[1], tot.Plans, fBold),
		d.num(widths[2], tot.Missing, fBold), d.num(widths[3], tot.Stale, fBold)}
	for i, s := range plan.Statuses {
		cells = append(cells, d.num(widths[4+i], tot.Counts.Of(s), fBold))
	}
	cells = append(cells, d.num(widths[8], tot.Counts.Total(), fBold))
	for i := range cells {
		cells[i].bg = cTint
	}
	d.barRow(cells, widths[9], tot.Counts)
	d.endTable()
	d.space(2)
}

// barRow adds a table row of cells and a bar of counts in width w; the bar's
// cell reads as the counts with their statuses ("Grön 3, Gul 1, …"), which
// its colours show.
func (d *doc) barRow(cells []cell, w float64, c plan.StatusCounts) {
	at := len(cells)
	cells = append(cells, d.bar(w, c)...)
	d.row(cells, nil)
	if c.Total() == 0 {
		return
	}
	var parts []string
	for _, s := range plan.Statuses {
		parts = append(parts, s.Label()+" "+strconv.Itoa(c.Of(s)))
	}
	cells[at].tag.ActualText(strings.Join(parts, ", "))
}

// bar draws counts as a horizontal stacked bar of status colours in width w.
func (d *doc) bar(w float64, c plan.StatusCounts) []cell {
	const inset = 2.0
	total := c.Total()
	if total == 0 {
		return []cell{d.plain(w, "Inga aktiviteter", fSmall)}
	}
	out := []cell{{w: inset, rule: cRule}}
	inner := w - 2*inset
	cum, prev := 0, 0.0
	for _, s := range plan.Statuses {
		n := c.Of(s)
		if n == 0 {
			continue
		}
		cum += n
		end := float64(int(inner*float64(cum)/float64(total)*gridPerMM+0.5)) / gridPerMM
		sw := end - prev
		prev = end
		sc := cell{w: sw, bg: hex(report.StatusColor(s)), padV: padV}
		color := hex(report.StatusTextColor(s))
		label := strconv.Itoa(n)
		if d.m.width(label, fBold) < sw-1 {
			p := txt(label, font{8, bold, color})
			p.align = alignCenter
			sc.lines = d.m.wrap(sw+wrapSlack, p)
		}
		out = append(out, sc)
	}
	out = append(out, cell{w: w - inset - prev, rule: cRule})
	return out
}

// flagged lists plans that are missing or not updated (RSL).
func (d *doc) flagged(sec report.Section) {
	d.section(sec.Title, 0, sec.Title, false)
	rows := d.r.Flagged()
	if len(rows) == 0 {
		d.note(sec.Empty, fNote)
		return
	}
	widths := []float64{75, 60, 60, 32, 40}
	t := d.newTable(widths, nil, "Programområde", "Forum", "Flagga", "Senast uppdaterad", "Kontaktperson")
	d.startTable(t, 10)
	for _, r := range rows {
		upd, contact := report.Empty, report.Empty
		if r.Plan != nil {
			upd, contact = report.Date(r.Updated), dash(r.Plan.Contact)
		}
		d.row([]cell{d.plain(widths[0], r.Name, fBold), d.plain(widths[1], r.Forum, fBody),
			d.plain(widths[2], r.FlagText(), fFlag), d.plain(widths[3], upd, fBody), d.plain(widths[4], contact, fBody)}, nil)
	}
	d.endTable()
}

// plans renders every plan of the report in full, each from a new page; the plan
// package's own facts are their own section (SectionPlanFacts).
func (d *doc) plans(sec report.Section) {
	if len(d.r.Plans) == 0 {
		d.section(sec.Title, 0, sec.Title, true)
		d.note(sec.Empty, fNote)
		return
	}
	if d.r.Audience == plan.AudiencePlan {
		p := d.r.Plans[0]
		d.section(sec.Title+" "+p.Name, 0, sec.Title, true)
		d.mark(p.Name, 1)
		d.activityTable(p)
		return
	}
	d.newPage()
	d.mark(sec.Title, 0)
	for _, p := range d.r.Plans {
		if p != nil {
			d.section(p.Name, 1, p.Name, true)
			d.planFacts(p)
			d.space(3)
			d.activityTable(p)
		}
	}
}

// planFacts is the plan's own fields, its counts and övriga kommentarer.
func (d *doc) planFacts(p *plan.Plan) {
	d.planHeader(p)
	d.space(3)
	d.statusSummary(p.Counts(), 0)
	if strings.TrimSpace(p.Comments) != "" {
		d.heading(templates.PlanLabel(templates.PlanComments).Label, 10)
		d.note(p.Comments, fBody)
	}
}

func (d *doc) planHeader(p *plan.Plan) {
	label := func(f templates.Field) string { return templates.PlanLabel(f).Label }
	or := dash
	updated := report.Empty
	if !p.Updated.IsZero() {
		updated = report.Date(p.Updated)
	}
	var short [][2]string
	for _, f := range []struct {
		field templates.Field
		value string
	}{
		{templates.PlanName, p.Name},
		{templates.PlanNational, or(p.National)},
		{templates.PlanForum, or(p.Forum)},
		{templates.PlanPeriod, or(p.Period)},
		{templates.PlanContact, or(p.Contact)},
		{templates.PlanEmail, or(p.Email)},
		{templates.PlanKind, or(string(p.Kind))},
		{templates.PlanUpdated, updated},
	} {
		if d.r.Shows(f.field) { // a public report leaves out what its configuration hides
			short = append(short, [2]string{label(f.field), f.value})
		}
	}
	if len(short)%2 == 1 {
		short = append(short, [2]string{"", ""})
	}
	// A table of labelled values: each label heads its value (TH of the row).
	tbl := d.sect.Add(pdf.KindTable)
	pair := func(tr *pdf.Elem, label, value *cell, cols int) {
		th := tr.Add(pdf.KindTH)
		th.HeadsRow()
		td := tr.Add(pdf.KindTD)
		td.Span(1, cols)
		label.tag, value.tag = th, td
	}
	lw, vw := 46.0, contentW/2-46
	for i := 0; i < len(short); i += 2 {
		cells := []cell{
			d.cellOf(lw, cArea, txt(short[i][0], fLabel)), d.cellOf(vw, nil, txt(short[i][1], fBody)),
			d.cellOf(lw, cArea, txt(short[i+1][0], fLabel)), d.cellOf(vw, nil, txt(short[i+1][1], fBody)),
		}
		tr := tbl.Add(pdf.KindTR)
		if short[i+1][0] == "" { // the odd one out takes the row
			pair(tr, &cells[0], &cells[1], 3)
		} else {
			pair(tr, &cells[0], &cells[1], 1)
			pair(tr, &cells[2], &cells[3], 1)
		}
		d.block(cells...)
	}
	for _, f := range []struct {
		field templates.Field
		value string
	}{
		{templates.PlanCoopNational, p.Cooperation.National},
		{templates.PlanCoopRegional, p.Cooperation.Regional},
		{templates.PlanCoopLocal, p.Cooperation.Local},
		{templates.PlanCoopPatients, p.Cooperation.Patients},
	} {
		if d.r.Shows(f.field) {
			l, v := d.cellOf(lw, cArea, txt(label(f.field), fLabel)), d.cellOf(contentW-lw, nil, txt(or(f.value), fBody))
			pair(tbl.Add(pdf.KindTR), &l, &v, 3)
			d.block(l, v)
		}
	}
}

// Column widths of the plan table, in the template's order.
var planWidths = []float64{28, 42, 60, 62, 22, 53}

func (d *doc) activityTable(p *plan.Plan) {
	if p.ActivityCount() == 0 {
		d.note("Planen har inga aktiviteter.", fNote)
		return
	}
	w := planWidths
	t := d.newTable(w, nil, templates.SlideNationalArea, templates.SlideAreaPromises, templates.SlideActivities,
		templates.SlideFollowUp, templates.SlideStatus, templates.SlideComment)
	// A page the table continues on names the plan again.
	d.contHead = d.continued(p.Name)
	defer func() { d.contHead = nil }()
	d.startTable(t, 25)
	for ai := range p.Areas {
		a := &p.Areas[ai]
		areaCells := func(cont bool) (cell, cell) {
			nat := d.cellOf(w[0], cArea, txt(dash(a.NationalArea), fBody))
			title := a.Title
			if cont {
				title += " (forts.)"
			}
			ps := []para{txt(title, fBold)}
			for _, id := range a.Promises {
				ps = append(ps, para{runs: []run{{id + " ", fLabel}, {d.cat.PromiseTitle(id), fSmall}}, before: 0.8})
			}
			area := d.cellOf(w[1], cArea, ps...)
			// The area cells of the first activity span the area's rows; the
			// other rows' area cells lie under them, and what a page the area
			// continues on shows there again is an artifact.
			nat.covered, area.covered = cont, cont
			nat.rowSpan, area.rowSpan = int32(len(a.Activities)), int32(len(a.Activities))
			return nat, area
		}
		// The area cells a continued row repeats are the same for every row of
		// the area: laid out once.
		var cont0, cont1 cell
		if len(a.Activities) > 1 {
			cont0, cont1 = areaCells(true)
		}
		empty0, empty1 := d.cellOf(w[0], cArea), d.cellOf(w[1], cArea)
		empty0.covered, empty1.covered = true, true
		for j := range a.Activities {
			act := &a.Activities[j]
			rest := d.activityCells(act)
			var c0, c1 cell
			if j == 0 {
				c0, c1 = areaCells(false)
			} else {
				c0, c1 = empty0, empty1
			}
			last := j == len(a.Activities)-1
			if !last { // the area columns read as one merged cell
				c0.rule, c1.rule = cArea, cArea
			}
			cells := append([]cell{c0, c1}, rest...)
			var first []cell
			if j > 0 {
				f0, f1 := cont0, cont1
				if !last {
					f0.rule, f1.rule = cArea, cArea
				}
				first = append([]cell{f0, f1}, rest...)
			}
			d.row(cells, first)
		}
	}
	d.endTable()
}

// activityCells are the activity, follow-up, status and comment cells of a row.
func (d *doc) activityCells(a *plan.Activity) []cell {
	w := planWidths
	act := []para{txt(dash(a.Description), fBody)}
	if a.Schedule != "" {
		act = append(act, kv(colLabel(templates.ColSchedule), a.Schedule))
	}
	if a.Cooperation != "" {
		act = append(act, kv(colLabel(templates.ColCooperation), a.Cooperation))
	}
	var fu []para
	for _, f := range []struct{ label, value string }{
		{"Metod", a.FollowUp.Method},
		{colLabel(templates.ColIndicators), a.FollowUp.Indicators},
		{colLabel(templates.ColGoal), a.FollowUp.Goal},
		{colLabel(templates.ColResponsible), a.FollowUp.Responsible},
		{colLabel(templates.ColResult), a.FollowUp.Result},
	} {
		if strings.TrimSpace(f.value) != "" {
			p := kv(f.label, f.value)
			if len(fu) == 0 {
				p.before = 0
			}
			fu = append(fu, p)
		}
	}
	if len(fu) == 0 {
		fu = []para{txt(report.Empty, fSmall)}
	}
	var com []para
	if a.Comment != "" {
		com = append(com, txt(a.Comment, fBody))
	}
	if a.NeedsSupport {
		com = append(com, para{runs: []run{{colLabel(templates.ColSupport) + ": Ja", fFlag}}, before: 0.8})
	}
	if a.Impact != plan.ImpactNone {
		com = append(com, kv(colLabel(templates.ColImpact), a.Impact.Label()))
		if strings.TrimSpace(a.ImpactDetail) != "" {
			com = append(com, kv(colLabel(templates.ColImpactDetail), a.ImpactDetail))
		}
	}
	for _, f := range []struct {
		field templates.Field
		value string
	}{
		{templates.ColConsCitizens, a.Consequences.Citizens},
		{templates.ColConsOperations, a.Consequences.Operations},
		{templates.ColConsGovernance, a.Consequences.Governance},
		{templates.ColFinalReport, a.FinalReport},
	} {
		if strings.TrimSpace(f.value) != "" {
			com = append(com, kv(colLabel(f.field), f.value))
		}
	}
	if len(com) == 0 {
		com = []para{txt(report.Empty, fSmall)}
	}
	com[0].before = 0
	return []cell{
		d.cellOf(w[2], nil, act...),
		d.cellOf(w[3], nil, fu...),
		d.statusCell(w[4], a.Status, true),
		d.cellOf(w[5], nil, com...),
	}
}

// colLabel is the template's label of an activity field.
func colLabel(f templates.Field) string { return templates.ActivityColumn(f).Label }

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return report.Empty
	}
	return s
}

// changes lists what changed since the previous meeting: in detail per plan for
// a kunskapsråd, as counts per plan for the whole region.
func (d *doc) changes(sec report.Section, detail bool) {
	d.section(sec.Title, 0, sec.Title, true)
	switch {
	case !d.r.PreviousMeeting.IsZero():
		d.note("Jämfört med de planer som var aktuella vid mötet "+report.Date(d.r.PreviousMeeting)+".", fSmall)
	case d.r.Audience == plan.AudiencePlan && d.r.HasPrevious:
		d.note("Jämfört med planens förra version.", fSmall)
	}
	d.space(2)
	if len(d.r.Changes) == 0 {
		d.note(sec.Empty, fNote)
		return
	}
	if !detail {
		d.changeCounts()
		return
	}
	w := []float64{38, 55, 92, 82}
	for _, pc := range d.r.Changes {
		title := pc.Plan
		if pc.New {
			title += " – " + strings.ToLower(report.ChangeNewPlan)
		}
		d.heading(title, 18)
		if pc.New {
			d.note("Planen har lämnats in för första gången sedan förra mötet och har "+report.Count(pc.Current.ActivityCount(), "aktivitet", "aktiviteter")+".", fBody)
			continue
		}
		t := d.newTable(w, nil, "Förändring", "Prioriterat område", "Berörd aktivitet", "Före → nu")
		d.startTable(t, 10)
		add := func(kind string, ref plan.ActivityRef, detail cell) {
			d.row([]cell{d.plain(w[0], kind, fBold), d.plain(w[1], dash(ref.Area), fBody),
				d.plain(w[2], dash(ref.Activity), fBody), detail}, nil)
		}
		df := pc.Diff
		for _, a := range df.NewAreas {
			add(report.ChangeNewArea, plan.ActivityRef{Area: a}, d.cellOf(w[3], nil))
		}
		for _, a := range df.RemovedAreas {
			add(report.ChangeRemovedArea, plan.ActivityRef{Area: a}, d.cellOf(w[3], nil))
		}
		for _, sc := range df.StatusChanges {
			c := d.statusCell(w[3], sc.Status, false)
			c.lines = d.m.wrap(c.w-stripW-2*padH, txt(sc.From.Label()+" → "+sc.Status.Label(), fStatus))
			add(report.ChangeStatus, sc.ActivityRef, c)
		}
		for _, r := range df.New {
			c := d.statusCell(w[3], r.Status, false)
			c.lines = d.m.wrap(c.w-stripW-2*padH, txt("Ny, status "+r.Status.Label(), fStatus))
			add(report.ChangeNewActivity, r, c)
		}
		for _, r := range df.Finished {
			add(report.ChangeFinished, r, d.statusCell(w[3], plan.StatusDone, false))
		}
		for _, r := range df.Removed {
			add(report.ChangeRemoved, r, d.plain(w[3], "Finns inte längre i planen", fSmall))
		}
		for _, tc := range df.GoalChanges {
			add(report.ChangeGoal, tc.ActivityRef, d.cellOf(w[3], nil, fromTo(tc.From, tc.To)...))
		}
		for _, tc := range df.ResultChanges {
			add(report.ChangeResult, tc.ActivityRef, d.cellOf(w[3], nil, fromTo(tc.From, tc.To)...))
		}
		d.endTable()
	}
}

func fromTo(from, to string) []para {
	return []para{
		{runs: []run{{"Före: ", fLabel}, {dash(from), fSmall}}},
		{runs: []run{{"Nu: ", fLabel}, {dash(to), fBody}}, before: 0.8},
	}
}

// changeCounts is one row per changed plan with the number of changes of each kind.
func (d *doc) changeCounts() {
	w := []float64{75, 24, 24, 24, 24, 24, 24, 48}
	heads := append(append([]string{"Programområde"}, report.ChangeCountLabels...), "Anmärkning")
	t := d.newTable(w, []int{1, 2, 3, 4, 5, 6}, heads...)
	d.startTable(t, 10)
	for _, pc := range d.r.Changes {
		cells := []cell{d.plain(w[0], pc.Plan, fBold)}
		for i, n := range pc.Counts() {
			cells = append(cells, d.num(w[1+i], n, fBody))
		}
		cells = append(cells, d.plain(w[7], pc.Note(), fBody))
		d.row(cells, nil)
	}
	d.endTable()
}

// itemTable lists activities with their plan, area, status and comment.
func (d *doc) itemTable(items []report.Item) {
	w := []float64{45, 45, 80, 24, 73}
	t := d.newTable(w, nil, "Programområde", "Prioriterat område", "Aktivitet", "Status", "Kommentar")
	d.startTable(t, 12)
	for _, it := range items {
		if it.Activity == nil {
			continue
		}
		area := ""
		if it.Area != nil {
			area = it.Area.Title
		}
		d.row([]cell{d.plain(w[0], it.Plan, fBold), d.plain(w[1], dash(area), fBody),
			d.plain(w[2], dash(it.Activity.Description), fBody), d.statusCell(w[3], it.Activity.Status, false),
			d.plain(w[4], dash(it.Activity.Comment), fBody)}, nil)
	}
	d.endTable()
}

// itemSection is a section that lists activities (red and yellow, ledningsstöd).
func (d *doc) itemSection(sec report.Section, items []report.Item) {
	d.section(sec.Title, 0, sec.Title, false)
	if len(items) == 0 {
		d.note(sec.Empty, fNote)
		return
	}
	d.itemTable(items)
}

// proposals lists the activities that change the agreement, by kind and then by
// programme area, with the description of the change.
func (d *doc) proposals(sec report.Section) {
	d.section(sec.Title, 0, sec.Title, false)
	if len(d.r.Proposals) == 0 {
		d.note(sec.Empty, fNote)
		return
	}
	w := []float64{70, 44, 78, 33, 42}
	for _, pr := range d.r.Proposals {
		d.mark(pr.Impact.Label(), 1)
		d.heading(fmt.Sprintf("%s (%d %s)", pr.Impact.Label(), len(pr.Items), plural(len(pr.Items), "aktivitet", "aktiviteter")), 25)
		t := d.newTable(w, nil, "Aktivitet", "Prioriterat område", "Beskrivning av förändring", "Status", report.HeadTrail)
		d.contHead = d.continued(pr.Impact.Label()) // names the kind of change again
		d.startTable(t, 20)
		for _, g := range pr.ByPlan() {
			band := d.cellOf(contentW, cArea, txt(g.Plan, fBand))
			band.rule = cRule
			if d.remaining() < band.height()+15 {
				d.newPage()
				d.putHeader(t)
			}
			d.row([]cell{band}, nil)
			for _, it := range g.Items {
				a := it.Activity
				area := ""
				if it.Area != nil {
					area = it.Area.Title
				}
				d.row([]cell{d.plain(w[0], dash(a.Description), fBody), d.plain(w[1], dash(area), fBody),
					d.plain(w[2], dash(a.ImpactDetail), fBody), d.statusCell(w[3], a.Status, true), d.trailCell(w[4], it.Trail)}, nil)
			}
		}
		d.endTable()
		d.contHead = nil
	}
}

// continued is the heading above a table's repeated header on the pages it
// continues on: "title (forts.)".
func (d *doc) continued(title string) []cell {
	c := cell{w: contentW, pad: 0, padV: 1.2, rule: cAccent}
	c.lines = d.m.wrap(contentW, txt(title+" (forts.)", fH2))
	return []cell{c}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// proposalSummary is the agreement report's first page: the number of
// activities per kind of change and the plans that are missing.
func (d *doc) proposalSummary(sec report.Section) {
	d.section(sec.Title, 0, sec.Title, true)
	w := []float64{80, 35, 152}
	t := d.newTable(w, []int{1}, "Påverkan på överenskommelsen", "Aktiviteter", "Programområden och samverkansgrupper")
	d.startTable(t, 10)
	total := 0
	for _, pr := range d.r.Proposals {
		var names []string
		for _, g := range pr.ByPlan() {
			names = append(names, g.Plan)
		}
		total += len(pr.Items)
		d.row([]cell{d.plain(w[0], pr.Impact.Label(), fBold), d.num(w[1], len(pr.Items), fBody),
			d.plain(w[2], strings.Join(names, ", "), fBody)}, nil)
	}
	tot := d.plain(w[0], "Totalt", fBold)
	tot.bg = cTint
	n := d.num(w[1], total, fBold)
	n.bg = cTint
	d.row([]cell{tot, n, d.cellOf(w[2], cTint)}, nil)
	d.endTable()
	d.space(4)
	var missing []string
	for _, ov := range d.r.Flagged() {
		if ov.Flag == report.FlagMissing {
			missing = append(missing, ov.Name)
		}
	}
	plans := len(d.r.InScope())
	d.note(fmt.Sprintf("Underlaget bygger på %d inlämnade handlingsplaner.", plans), fBody)
	if len(missing) > 0 {
		d.space(1)
		c := cell{w: contentW, padV: 1}
		c.lines = d.m.wrap(contentW, para{runs: []run{{"Planer som saknas: ", fFlag}, {strings.Join(missing, ", "), fBody}}})
		d.block(c)
	}
}

// trailCell is a proposal's Beslutsläge: how far it has come, and a recorded
// step's note under it.
func (d *doc) trailCell(w float64, t plan.Trail) cell {
	ps := []para{txt(report.TrailLabel(t), fBody)}
	if s, ok := t.Last(); ok && s.Note != "" {
		ps = append(ps, txt(s.Note, fSmall))
	}
	return d.cellOf(w, nil, ps...)
}
