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
	return in
}
