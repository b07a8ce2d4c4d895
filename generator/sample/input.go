package sample

import (
	"strconv"
	"time"

	"handlingsplan/plan"
	"handlingsplan/report"
)

// Input is the report input of the sample region for a meeting, as the store would
// give it: the current plans (received on their senast uppdaterad day), and the
// earlier versions as those current at a previous meeting the day after they came,
// with a deadline and adoptions for the overviews' Inlämning and Fastställd.
// Tests and benchmarks of the renderers build their reports from it.
func (s Set) Input(cat *plan.Catalog, meeting time.Time) report.Input {
	in := report.Input{Catalog: cat, Meeting: meeting, PreviousMeeting: s.EarlyDay.AddDate(0, 0, 1),
		Generated: s.Day, StaleAfterDays: 120, Previous: map[string]*plan.Plan{}}
	for i, p := range s.Current {
		in.Current = append(in.Current, report.Entry{Plan: p, Version: 2, SHA256: strconv.Itoa(i), Received: p.Updated})
	}
	for _, p := range s.Earlier {
		in.Previous[p.Name] = p
	}
	// A deadline two weeks before the meeting, and two plans adopted at the
	// previous meeting: the first in its current version, the second in an older.
	in.Deadline = meeting.AddDate(0, 0, -14)
	in.Adopted = map[string]report.Adoption{}
	for i, p := range s.Current[:min(2, len(s.Current))] {
		in.Adopted[p.Name] = report.Adoption{Version: 2 - i, Meeting: in.PreviousMeeting}
	}
	in.Decisions = Decisions(s.Current, in.PreviousMeeting)
	return in
}

// Decisions gives the first proposals of the plans a trail at each stage – one
// bedömd i KR, one beredd i RSL, one bifall and one bordlagd in SVN – with days
// from the meeting on, so that every rendering has each kind to show. Plans
// without activity ids get the ids the store would give them.
func Decisions(plans []*plan.Plan, from time.Time) map[string]map[string]plan.Trail {
	kr := plan.Decision{Stage: plan.StageKR, Outcome: plan.AssessSupport, Date: from, Note: "Kunskapsrådet ställer sig bakom förslaget.", By: "demo"}
	rsl := plan.Decision{Stage: plan.StageRSL, Outcome: plan.AssessSupport, Date: from.AddDate(0, 0, 7), By: "demo"}
	svn := func(o plan.Outcome, note string) plan.Decision {
		return plan.Decision{Stage: plan.StageSVN, Outcome: o, Date: from.AddDate(0, 0, 14), Note: note, By: "demo"}
	}
	trails := []plan.Trail{
		{kr, rsl, svn(plan.DecisionApproved, "Ingår i överenskommelsen 2027.")},
		{kr},
		{kr, rsl},
		{kr, rsl, svn(plan.DecisionPostponed, "Åter till nästa möte med kostnadsberäkning.")},
	}
	out := map[string]map[string]plan.Trail{}
	n := 0
	for _, p := range plans {
		if !p.HasAllIDs() {
			plan.AssignIDs(nil, p)
		}
		for _, aa := range p.Activities() {
			if aa.Activity.Impact == plan.ImpactNone || n >= len(trails) {
				continue
			}
			if out[p.Name] == nil {
				out[p.Name] = map[string]plan.Trail{}
			}
			out[p.Name][aa.Activity.ID] = trails[n]
			n++
		}
	}
	return out
}
