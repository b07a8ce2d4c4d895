// Package report decides what each audience gets: it turns the stored plan versions
// and the meeting calendar into one report model per audience and meeting. The
// PowerPoint deck, the PDF and the Excel workbook are three renderings of it, so
// what a meeting sees is decided here once.
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"handlingsplan/plan"
)

// Entry is one stored plan version that goes into a report.
type Entry struct {
	Plan     *plan.Plan
	Version  int
	SHA256   string // of the submitted file
	Received time.Time
}

// Input is everything a report is built from.
type Input struct {
	Catalog         *plan.Catalog
	Current         []Entry               // latest version of every plan at build time
	Previous        map[string]*plan.Plan // by plan name: the version current at the previous meeting
	Meeting         time.Time             // meeting day (or the run's day when there is no meeting)
	PreviousMeeting time.Time             // zero when there was none
	Generated       time.Time
	StaleAfterDays  int
	// Deadline is the meeting's last day to submit; zero leaves Row.Deadline empty.
	Deadline time.Time
	// Received holds, by plan name, when each version of the plan was received; a
	// plan it lacks is judged by its current entry alone.
	Received map[string][]time.Time
	// Adopted holds, by plan name, the plan's latest fastställande; a plan it
	// lacks was never adopted.
	Adopted map[string]Adoption
	// Decisions holds, by plan name and then activity id, the recorded steps of
	// each proposal's decision trail; a proposal it lacks is only föreslagen.
	Decisions map[string]map[string]plan.Trail
}

// Request names the report to build.
type Request struct {
	Audience plan.Audience
	Forum    string // the council's name, for AudienceKR; looked up in Input.Catalog
	Plan     string // canonical plan name, for AudiencePlan
	// ActivityIDs shows each activity's stable id: for the plan's deck written as
	// a pre-filled PowerPoint template, so that the next version matches by id.
	ActivityIDs bool
}

// Report is the content of one package, independent of file format.
type Report struct {
	Audience        plan.Audience
	Title           string // e.g. "Kunskapsråd Medicin"
	Subtitle        string // e.g. "Underlag till mötet 3 december 2026"
	Forum           *plan.Forum
	Meeting         time.Time
	PreviousMeeting time.Time
	Generated       time.Time
	HasPrevious     bool      // a version to compare with existed (the previous meeting's, or for a plan its previous version)
	Deadline        time.Time // the meeting's last day to submit; zero when none
	ActivityIDs     bool      // the renderings show each activity's id (see Request)

	Overview  []Row   // one row per programme area or group in scope
	Groups    []Group // status per forum (RSL)
	Totals    plan.StatusCounts
	Plans     []*plan.Plan  // plans shown in full, in overview order
	Changes   []PlanChanges // since the previous meeting, plans with changes only
	Attention []Item        // red and yellow activities (RSL)
	Support   []Item        // activities asking for ledningsstöd
	Proposals []Proposal    // activities with påverkan på överenskommelsen, by kind then area
	Sources   []Entry       // plan versions that went in, for the manifest
}

// Flag marks a row that needs the meeting's attention.
type Flag string

// The flags of the overview, one rule each (SPEC §4): a plan is ny when no version
// of it existed at the previous meeting, and inaktuell when its own date (senast
// uppdaterad, else the receive date) is older than StaleAfterDays or than the
// previous meeting. A plan that is both gets FlagNewStale, one flag that says so.
const (
	FlagNone     Flag = ""
	FlagMissing  Flag = "missing"   // no plan has been submitted
	FlagStale    Flag = "stale"     // inaktuell
	FlagNew      Flag = "new"       // ny sedan förra mötet
	FlagNewStale Flag = "new_stale" // ny, but its own date is old
)

// Label is the flag's Swedish text without a date; Row.FlagText adds it.
func (f Flag) Label() string {
	switch f {
	case FlagMissing:
		return "Plan saknas"
	case FlagStale:
		return "Inaktuell"
	case FlagNew, FlagNewStale:
		return "Ny plan"
	}
	return ""
}

// Warns reports whether the flag asks for the meeting's attention: a missing or
// out-of-date plan. A new, up-to-date plan is news, not a warning.
func (f Flag) Warns() bool { return f == FlagMissing || f == FlagStale || f == FlagNewStale }

// FlagText is the row's flag as every output writes it, e.g. "Inaktuell" or
// "Ny plan, senast uppdaterad 1 april 2026".
func (r Row) FlagText() string {
	if r.Flag == FlagNewStale {
		return "Ny plan, senast uppdaterad " + Date(r.Updated)
	}
	return r.Flag.Label()
}

// Row is one programme area or group in the overview.
type Row struct {
	Name     string
	Forum    string
	Plan     *plan.Plan // nil when missing
	Counts   plan.StatusCounts
	Status   plan.Status // derived status of the whole plan
	Updated  time.Time   // senast uppdaterad, or the receive date when not given
	Flag     Flag
	Version  int            // the stored version number; 0 when missing
	Received time.Time      // when that version was received
	Deadline DeadlineStatus // how the plan met the meeting's deadline; empty without one, or when the plan does not report to the meeting
	Adopted  *Adoption      // the plan's latest fastställande; nil when never adopted (see AdoptionLabel)
}

// Group is the status of one forum's plans (RSL).
type Group struct {
	Forum   *plan.Forum
	Counts  plan.StatusCounts
	Plans   int
	Missing int
	Stale   int
}

// Item is one activity with where it belongs.
type Item struct {
	Plan     string
	Forum    string
	Area     *plan.Area
	Activity *plan.Activity
	Trail    plan.Trail // a proposal's decision trail (see TrailLabel); empty for other items and for a proposal only föreslagen
}

// Proposal groups activities that change the agreement, by kind and programme area.
type Proposal struct {
	Impact plan.Impact
	Items  []Item
}

// PlanChanges is the diff of one plan since the previous meeting.
type PlanChanges struct {
	Plan    string
	Forum   string
	Current *plan.Plan
	New     bool // no version existed at the previous meeting
	Diff    plan.Diff
}

// Build makes the report for a request.
func Build(req Request, in Input) (*Report, error) {
	if in.Catalog == nil {
		return nil, fmt.Errorf("report: no catalog")
	}
	r := &Report{Audience: req.Audience, Meeting: in.Meeting,
		PreviousMeeting: in.PreviousMeeting, Generated: in.Generated, Deadline: in.Deadline, ActivityIDs: req.ActivityIDs}
	byName := map[string]Entry{}
	for _, e := range in.Current {
		byName[e.Plan.Name] = e
	}

	var scope []*plan.Forum
	switch req.Audience {
	case plan.AudienceKR:
		f, ok := in.Catalog.Forum(req.Forum)
		if !ok || f.Kind != plan.ForumKR {
			return nil, fmt.Errorf("report: a kunskapsråd report needs a kunskapsråd, not %q", req.Forum)
		}
		r.Forum = f
		scope = []*plan.Forum{f}
		r.Title = f.Name
	case plan.AudienceRSL, plan.AudienceSVN:
		for i := range in.Catalog.Forums {
			scope = append(scope, &in.Catalog.Forums[i])
		}
		r.Title = "Regionsjukvårdsledningen – hela sjukvårdsregionen"
		if req.Audience == plan.AudienceSVN {
			r.Title = "Överenskommelse om samverkan och vård – förslag"
		}
	case plan.AudiencePlan:
		e, ok := byName[req.Plan]
		if !ok {
			return nil, fmt.Errorf("report: ingen plan för %q har lämnats in", req.Plan)
		}
		r.Title = "Handlingsplan " + e.Plan.Name
		_, f, _ := in.Catalog.Area(e.Plan.Name)
		r.Forum = f
		r.addRow(in, e.Plan.Name, f, e, true)
		r.Plans = []*plan.Plan{e.Plan}
		r.Sources = []Entry{e}
		r.collect(in)
		if in.Previous[e.Plan.Name] == nil { // a first version has nothing to compare with
			r.Changes, r.HasPrevious = nil, false
		}
		r.Subtitle = fmt.Sprintf("Senast uppdaterad %s", Date(r.Overview[0].Updated))
		return r, nil
	default:
		return nil, fmt.Errorf("report: unknown audience %q", req.Audience)
	}

	for _, f := range scope {
		g := Group{Forum: f}
		for _, name := range f.Areas {
			e, ok := byName[name]
			row := r.addRow(in, name, f, e, ok)
			g.Counts = g.Counts.Plus(row.Counts)
			switch row.Flag {
			case FlagMissing:
				g.Missing++
			case FlagStale, FlagNewStale:
				g.Stale++
			}
			if ok {
				g.Plans++
				r.Sources = append(r.Sources, e)
				if req.Audience == plan.AudienceKR {
					r.Plans = append(r.Plans, e.Plan)
				}
			}
		}
		r.Groups = append(r.Groups, g)
	}
	r.collect(in)
	r.Subtitle = "Underlag till mötet " + Date(in.Meeting)
	return r, nil
}

// addRow adds one programme area to the overview.
func (r *Report) addRow(in Input, name string, f *plan.Forum, e Entry, ok bool) *Row {
	row := Row{Name: name}
	if f != nil {
		row.Forum = f.Name
	}
	received, known := in.Received[name]
	if !known && ok {
		received = []time.Time{e.Received}
	}
	// Generated is the report's clock: the as-of time of its data. A meeting's
	// deadline is for the plans that report to it: a council's, or RSL's groups.
	if r.Audience == plan.AudienceKR || (r.Audience == plan.AudienceRSL && f != nil && f.Kind == plan.ForumRSL) {
		row.Deadline = Deadline(received, Window{PreviousMeeting: in.PreviousMeeting, Deadline: in.Deadline, Meeting: in.Meeting}, in.Generated)
	}
	if !ok {
		row.Flag = FlagMissing
		r.Overview = append(r.Overview, row)
		return &r.Overview[len(r.Overview)-1]
	}
	if a, adopted := in.Adopted[name]; adopted {
		row.Adopted = &a
	}
	p := e.Plan
	row.Plan, row.Counts, row.Status = p, p.Counts(), p.Status()
	row.Version, row.Received = e.Version, e.Received
	row.Updated = p.Updated
	if row.Updated.IsZero() {
		row.Updated = e.Received
	}
	stale := (in.StaleAfterDays > 0 && in.Meeting.Sub(row.Updated) > time.Duration(in.StaleAfterDays)*24*time.Hour) ||
		(!in.PreviousMeeting.IsZero() && row.Updated.Before(in.PreviousMeeting))
	isNew := !in.PreviousMeeting.IsZero() && in.Previous[p.Name] == nil
	switch {
	case isNew && stale:
		row.Flag = FlagNewStale
	case isNew:
		row.Flag = FlagNew
	case stale:
		row.Flag = FlagStale
	}
	r.Totals = r.Totals.Plus(row.Counts)
	r.Overview = append(r.Overview, row)
	return &r.Overview[len(r.Overview)-1]
}

// collect gathers the lists that cut across plans: changes, attention, support and
// proposals, from the plans in the overview.
func (r *Report) collect(in Input) {
	byImpact := map[plan.Impact][]Item{}
	for _, row := range r.Overview {
		p := row.Plan
		if p == nil {
			continue
		}
		if in.Previous != nil || !in.PreviousMeeting.IsZero() {
			r.HasPrevious = true
			old := in.Previous[p.Name]
			if d := plan.Compare(old, p); old == nil || !d.Empty() {
				r.Changes = append(r.Changes, PlanChanges{Plan: p.Name, Forum: row.Forum, Current: p, New: old == nil, Diff: d})
			}
		}
		for _, aa := range p.Activities() {
			it := Item{Plan: p.Name, Forum: row.Forum, Area: aa.Area, Activity: aa.Activity}
			if s := aa.Activity.Status; s == plan.StatusRed || s == plan.StatusYellow {
				r.Attention = append(r.Attention, it)
			}
			if aa.Activity.NeedsSupport {
				r.Support = append(r.Support, it)
			}
			if aa.Activity.Impact != plan.ImpactNone {
				if id := aa.Activity.ID; id != "" {
					it.Trail = in.Decisions[p.Name][id]
				}
				byImpact[aa.Activity.Impact] = append(byImpact[aa.Activity.Impact], it)
			}
		}
	}
	// Red before yellow; otherwise keep the overview order.
	sort.SliceStable(r.Attention, func(i, j int) bool {
		return r.Attention[i].Activity.Status.Worse(r.Attention[j].Activity.Status)
	})
	for _, k := range plan.Impacts {
		if items := byImpact[k]; len(items) > 0 {
			r.Proposals = append(r.Proposals, Proposal{Impact: k, Items: items})
		}
	}
}

// InScope lists the overview rows with a submitted plan: every plan the report
// covers, in overview order. Plans holds only those shown in full.
func (r *Report) InScope() []Row {
	var out []Row
	for _, row := range r.Overview {
		if row.Plan != nil {
			out = append(out, row)
		}
	}
	return out
}

// PlanItems are the items of one plan.
type PlanItems struct {
	Plan  string
	Forum string
	Items []Item
}

// ByPlan groups the proposal's items by programme area, in overview order.
func (p Proposal) ByPlan() []PlanItems {
	var out []PlanItems
	for _, it := range p.Items {
		if n := len(out); n == 0 || out[n-1].Plan != it.Plan {
			out = append(out, PlanItems{Plan: it.Plan, Forum: it.Forum})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

// Flagged lists the overview rows whose flag warns: missing and out-of-date plans.
func (r *Report) Flagged() []Row {
	var out []Row
	for _, row := range r.Overview {
		if row.Flag.Warns() {
			out = append(out, row)
		}
	}
	return out
}

// FileBase is the readable file name of the package's files without extension,
// e.g. "Kunskapsrad-Medicin_2026-12-03".
func (r *Report) FileBase() string {
	var name string
	switch r.Audience {
	case plan.AudienceKR:
		name = "Kunskapsrad-" + r.Forum.Short
	case plan.AudienceRSL:
		name = "RSL"
	case plan.AudienceSVN:
		name = "Overenskommelse"
	case plan.AudiencePlan:
		name = "Handlingsplan-" + r.Plans[0].Name
	}
	return Slug(name) + "_" + r.Meeting.Format("2006-01-02")
}

// Slug makes a name safe and readable as a file name on every system: Swedish
// letters become their base letters and anything else but letters and digits a dash.
func Slug(s string) string {
	s = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "A", "Ä", "A", "Ö", "O", "é", "e", "É", "E", "ü", "u").Replace(s)
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

var months = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// Date formats a day the Swedish way, e.g. "3 december 2026"; "–" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// ShortDate formats a day as 2026-12-03; "–" for the zero time.
func ShortDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("2006-01-02")
}

// ChangeCountLabels head the columns of a per-plan change summary, in the order of
// PlanChanges.Counts.
var ChangeCountLabels = []string{"Ändrad status", "Nya", "Avslutade", "Borttagna", "Ändrade mål", "Ändrade resultat"}

// The words of the change kinds, the same in every output.
const (
	ChangeNewPlan     = "Ny plan"
	ChangeStatus      = "Ändrad status"
	ChangeNewActivity = "Ny aktivitet"
	ChangeFinished    = "Avslutad"
	ChangeRemoved     = "Borttagen"
	ChangeGoal        = "Ändrat mål"
	ChangeResult      = "Ändrat resultat"
	ChangeNewArea     = "Nytt prioriterat område"
	ChangeRemovedArea = "Borttaget prioriterat område"
)

// Counts are the numbers of changes per kind, in the order of ChangeCountLabels.
func (pc PlanChanges) Counts() []int {
	d := pc.Diff
	return []int{len(d.StatusChanges), len(d.New), len(d.Finished), len(d.Removed), len(d.GoalChanges), len(d.ResultChanges)}
}

// Note is a short Swedish remark on the plan's changes: a new plan, areas added or
// removed, activities renamed (which Counts does not count); empty otherwise.
func (pc PlanChanges) Note() string {
	if pc.New {
		return ChangeNewPlan
	}
	var notes []string
	if n := len(pc.Diff.NewAreas) + len(pc.Diff.RemovedAreas); n > 0 {
		notes = append(notes, Count(n, "prioriterat område tillagt eller borttaget", "prioriterade områden tillagda eller borttagna"))
	}
	if n := len(pc.Diff.Renamed); n > 0 {
		notes = append(notes, Count(n, "aktivitet omformulerad", "aktiviteter omformulerade"))
	}
	return strings.Join(notes, "; ")
}
