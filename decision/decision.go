// Package decision records the steps of a proposal's decision trail (SPEC §7) –
// bedömd i KR, beredd i RSL, beslutad i SVN – the one way the command line, the
// web page and the API do it, one step at a time or from the SVN working list.
//
// A proposal is an activity with påverkan på överenskommelsen in its plan's
// latest version, named by the plan and its stable activity id. An activity of
// a version stored before ids existed has none and is refused with a message
// that says how to give it one (submit the plan again).
package decision

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
	"handlingsplan/templates"
)

// Proposal is an activity with påverkan in a plan's latest version, with its
// trail as recorded.
type Proposal struct {
	Plan     string
	Version  int
	Area     string
	Activity plan.Activity
	Trail    plan.Trail
}

// Proposals lists the named plan's proposals in plan order; none when the plan
// has no version. The name must be one of the configuration's.
func Proposals(ctx context.Context, cfg *config.Config, st *store.Store, planName string) ([]Proposal, error) {
	name, _, ok := cfg.Catalog.Area(planName)
	if !ok {
		return nil, unknownPlan(cfg, planName)
	}
	v, err := st.Latest(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "Planens versioner kunde inte läsas ur databasen.", "decision.Proposals", err)
	}
	trails, err := st.Decisions(ctx, name)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "Besluten kunde inte läsas ur databasen.", "decision.Proposals", err)
	}
	var out []Proposal
	for _, aa := range v.Plan.Activities() {
		if aa.Activity.Impact == plan.ImpactNone {
			continue
		}
		out = append(out, Proposal{Plan: name, Version: v.Number, Area: aa.Area.Title, Activity: *aa.Activity, Trail: trails[aa.Activity.ID]})
	}
	return out, nil
}

// Request asks to record one step.
type Request struct {
	Plan     string    // the plan's name as the user wrote it
	Activity string    // the activity id, A-xxxxxxxx
	Stage    string    // kr, rsl, svn or a stage's code or label
	Outcome  string    // an outcome's code or label; empty for a council's step without one
	Date     time.Time // the day of the meeting that took the step
	Note     string
	By       string
}

// Record checks r against the plan's latest version and the trail and records
// the step with its audit entry. Recording the step exactly as it is changes
// nothing: changed is false. Errors carry an apperr code and a Swedish message.
func Record(ctx context.Context, cfg *config.Config, st *store.Store, r Request) (p Proposal, changed bool, err error) {
	if strings.TrimSpace(r.By) == "" {
		return p, false, apperr.New(apperr.Invalid, "Det framgår inte vem som registrerar beslutet.")
	}
	stage, err := plan.ParseStage(r.Stage)
	if err != nil {
		return p, false, apperr.New(apperr.Invalid, sentence(err))
	}
	outcome, err := plan.ParseOutcome(stage, r.Outcome)
	if err != nil {
		return p, false, apperr.New(apperr.Invalid, sentence(err))
	}
	p, err = find(ctx, cfg, st, r.Plan, strings.TrimSpace(r.Activity))
	if err != nil {
		return p, false, err
	}
	d := plan.Decision{Stage: stage, Outcome: outcome, Date: r.Date, Note: strings.TrimSpace(r.Note), By: strings.TrimSpace(r.By)}
	if _, err := p.Trail.Record(d); err != nil {
		if old, ok := p.Trail.Step(stage); !ok || !same(old, d) {
			return p, false, apperr.New(apperr.Invalid, sentence(err))
		}
	}
	n, err := st.RecordDecisions(ctx, []store.DecisionChange{{Plan: p.Plan, ActivityID: p.Activity.ID, Version: p.Version, Activity: p.Activity.Description, Decision: d}})
	if err != nil {
		return p, false, storeErr(err)
	}
	trails, err := st.Decisions(ctx, p.Plan)
	if err != nil {
		return p, false, storeErr(err)
	}
	p.Trail = trails[p.Activity.ID]
	return p, n > 0, nil
}

// find is the plan's proposal with the activity id.
func find(ctx context.Context, cfg *config.Config, st *store.Store, planName, id string) (Proposal, error) {
	ps, err := Proposals(ctx, cfg, st, planName)
	if err != nil {
		return Proposal{}, err
	}
	name, _, _ := cfg.Catalog.Area(planName)
	if len(ps) == 0 {
		if _, err := st.Latest(ctx, name); errors.Is(err, store.ErrNotFound) {
			return Proposal{}, apperr.Newf(apperr.NotFound, "Ingen version av %s har lämnats in, så den har inga förslag att besluta om.", name)
		}
	}
	if !plan.ValidID(id) {
		return Proposal{}, apperr.Newf(apperr.Invalid, "%q är inget aktivitets-id; ett id är A- och åtta tecken 0–9, a–f, t.ex. A-1f3a9c02, och står på planens sida och i arbetslistan.", id)
	}
	for _, p := range ps {
		if p.Activity.ID == id {
			return p, nil
		}
	}
	for _, p := range ps {
		if p.Activity.ID == "" {
			return Proposal{}, apperr.Newf(apperr.Invalid, "Den senaste versionen av %s lämnades in innan aktiviteterna fick id, så dess förslag kan inte få beslut ännu. Hämta den ifyllda mallen på planens sida och lämna in den igen.", name)
		}
	}
	return Proposal{}, apperr.Newf(apperr.NotFound, "%s har inget förslag med aktivitets-id %s i den senaste versionen (bara aktiviteter med påverkan på överenskommelsen får beslut).", name, id)
}

// ApplyList applies the filled SVN working list read by sources.ReadWorkList:
// every row is checked against the store (the plan exists, the activity is a
// proposal of its latest version, the steps are in order), and only when no
// row has an error are all the steps recorded, in one transaction. A Bedömning
// records RSL's step, a Beslut SVN's (templates.WorkListSheet); an empty date
// is today, and the note goes with the later of the two. Rows that repeat what
// is recorded change nothing. The problems name the cells.
func ApplyList(ctx context.Context, cfg *config.Config, st *store.Store, rows []sources.ListRow, by string, today time.Time) (changed int, ps plan.Problems, err error) {
	changed, _, ps, err = apply(ctx, cfg, st, rows, by, today)
	return changed, ps, err
}

// apply is ApplyList, also naming the plans whose trails changed.
func apply(ctx context.Context, cfg *config.Config, st *store.Store, rows []sources.ListRow, by string, today time.Time) (changed int, plans []string, ps plan.Problems, err error) {
	if strings.TrimSpace(by) == "" {
		return 0, nil, nil, apperr.New(apperr.Invalid, "Det framgår inte vem som registrerar besluten.")
	}
	props := map[string]map[string]Proposal{} // by plan, by activity id
	rowOf := map[string]string{}              // plan and id → the cell of its first row
	var changes []store.DecisionChange
	var locs []string
	for _, row := range rows {
		name, _, ok := cfg.Catalog.Area(row.Plan)
		if !ok {
			ps.Errorf(row.Loc(templates.WorkHeadPlan), templates.WorkHeadPlan, "%s", sentence(unknownPlan(cfg, row.Plan)))
			continue
		}
		byID := props[name]
		if byID == nil {
			byID = map[string]Proposal{}
			list, err := Proposals(ctx, cfg, st, name)
			if apperr.CodeOf(err) == apperr.Internal {
				return 0, nil, nil, err
			}
			for _, p := range list {
				byID[p.Activity.ID] = p
			}
			props[name] = byID
		}
		p, ok := byID[row.ActivityID]
		if !ok {
			ps.Errorf(row.Loc(templates.WorkHeadActivityID), templates.WorkHeadActivityID,
				"%s har inget förslag med aktivitets-id %s i den senaste versionen. Ändra inte kolumnen %s; ladda ner arbetsboken på nytt om planen har ändrats.",
				name, row.ActivityID, templates.WorkHeadActivityID)
			continue
		}
		// One row per proposal, also when the plan is written in two ways: two
		// rows could otherwise record two results, the last one winning.
		key := name + "\x00" + row.ActivityID
		if first, dup := rowOf[key]; dup {
			ps.Errorf(row.Loc(templates.WorkHeadActivityID), templates.WorkHeadActivityID,
				"Förslaget %s i %s står redan i arbetslistan (%s). Låt det stå på en rad.", row.ActivityID, name, first)
			continue
		}
		rowOf[key] = row.Loc(templates.WorkHeadActivityID)
		trail := p.Trail
		step := func(stage plan.Stage, o plan.Outcome, on time.Time, note, head string) {
			if o == plan.OutcomeNone {
				return
			}
			if on.IsZero() {
				on = today
			}
			// A day, as the store keeps it: the list's dates come without a zone.
			on = time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.Local)
			d := plan.Decision{Stage: stage, Outcome: o, Date: on, Note: note, By: by}
			if old, ok := trail.Step(stage); ok && same(old, d) {
				return
			}
			next, err := trail.Record(d)
			if err != nil {
				ps.Errorf(row.Loc(head), head, "%s", sentence(err))
				return
			}
			trail = next
			changes = append(changes, store.DecisionChange{Plan: name, ActivityID: p.Activity.ID, Version: p.Version, Activity: p.Activity.Description, Decision: d})
			locs = append(locs, row.Loc(head))
		}
		rslNote := row.Note
		if row.Decision != plan.OutcomeNone {
			rslNote = ""
			if old, ok := trail.Step(plan.StageRSL); ok {
				rslNote = old.Note
			}
		}
		step(plan.StageRSL, row.Assessment, row.AssessedOn, rslNote, templates.WorkHeadAssessment)
		step(plan.StageSVN, row.Decision, row.DecidedOn, row.Note, templates.WorkHeadDecision)
	}
	if ps.HasErrors() || len(changes) == 0 {
		return 0, nil, ps, nil
	}
	n, err := st.RecordDecisions(ctx, changes)
	var de *store.DecisionError
	if errors.As(err, &de) {
		// Another change came in between; say where, as for any row.
		ps.Errorf(locs[de.Index], "", "%s", apperr.MessageOf(de.Err))
		return 0, nil, ps, nil
	}
	if err != nil {
		return 0, nil, nil, storeErr(err)
	}
	for _, c := range changes {
		if !slices.Contains(plans, c.Plan) {
			plans = append(plans, c.Plan)
		}
	}
	return n, plans, nil, nil
}

// same reports whether d records what old says.
func same(old, d plan.Decision) bool {
	return old.Outcome == d.Outcome && old.Date.Format(time.DateOnly) == d.Date.Format(time.DateOnly) &&
		old.Note == strings.TrimSpace(d.Note)
}

func unknownPlan(cfg *config.Config, name string) error {
	all := cfg.Catalog.AllAreas()
	return apperr.Newf(apperr.Invalid, "Okänt programområde eller samverkansgrupp %q. Skriv namnet som i konfigurationen, t.ex. %s.",
		name, strings.Join(all[:min(3, len(all))], ", "))
}

func storeErr(err error) error {
	if c := apperr.CodeOf(err); c != apperr.Internal {
		return err
	}
	return apperr.Wrap(apperr.Internal, "Beslutet kunde inte sparas i databasen.", "decision", err)
}

// sentence makes an error's text a sentence: capital first, full stop last.
// The plan's errors are Swedish phrases meant for this; apperr errors carry
// their message.
func sentence(err error) string {
	var ae *apperr.Error
	s := err.Error()
	if errors.As(err, &ae) {
		s = apperr.MessageOf(err)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	s = strings.ToUpper(string(r[0])) + string(r[1:])
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// ListResult is what applying an uploaded working list gave.
type ListResult struct {
	File     string // the user's file name, a label only
	Rows     int    // filled rows read
	Applied  int    // steps recorded; 0 when any row has an error
	Problems plan.Problems
	Plans    []string // the plans whose trails changed
}

// OK reports whether the list was applied: no row had an error.
func (r ListResult) OK() bool { return !r.Problems.HasErrors() }

// ApplyFile reads an uploaded working list (data, within cfg.Limits) and
// applies it with ApplyList. A list with problems changes nothing and says
// where; err is only for the store failing.
func ApplyFile(ctx context.Context, cfg *config.Config, st *store.Store, name string, data []byte, by string, today time.Time) (ListResult, error) {
	res := ListResult{File: name}
	rows, ps := sources.ReadWorkList(sources.Input{Name: name, Data: data}, cfg.Limits)
	res.Rows, res.Problems = len(rows), ps
	if ps.HasErrors() {
		return res, nil
	}
	n, plans, ps, err := apply(ctx, cfg, st, rows, by, today)
	if err != nil {
		return res, err
	}
	res.Applied, res.Plans, res.Problems = n, plans, append(res.Problems, ps...)
	return res, nil
}
