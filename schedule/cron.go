package schedule

import (
	"time"

	"github.com/robfig/cron/v3"
)

// cronTimes gives the run times of one extra schedule, one run for each local
// wall-clock time the expression matches. robfig/cron steps hours in absolute
// time, so on its own it skips a time in the spring-forward gap (02:30 on the last
// Sunday of March does not exist in Europe/Stockholm) and runs a time in the
// repeated fall-back hour twice; next fixes both: a run in the gap happens once, at
// the moment the clocks jump (03:00), and a repeated wall-clock time runs only the
// first time it occurs.
type cronTimes struct {
	spec *cron.SpecSchedule
}

// next returns the first run time after t; zero when there is none within five years.
func (c cronTimes) next(t time.Time) time.Time {
	n := c.spec.Next(t)
	for !n.IsZero() && c.repeated(n) {
		n = c.spec.Next(n)
	}
	if g, ok := c.gapRun(t, n); ok {
		return g
	}
	return n
}

// repeated tells whether the wall-clock time of n already occurred shortly before n,
// as every time in the fall-back hour does.
func (c cronTimes) repeated(n time.Time) bool {
	n = n.In(c.spec.Location)
	for _, d := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		if sameWall(n.Add(-d), n) {
			return true
		}
	}
	return false
}

// gapRun finds the first clock jump forward in (t, until] whose skipped wall-clock
// times the expression matches, and returns the moment of the jump.
func (c cronTimes) gapRun(t, until time.Time) (time.Time, bool) {
	if until.IsZero() {
		until = t.AddDate(5, 0, 0)
	}
	cur := t.In(c.spec.Location)
	for {
		_, end := cur.ZoneBounds()
		if end.IsZero() || end.After(until) {
			return time.Time{}, false
		}
		_, before := cur.Zone()
		_, after := end.Zone()
		if after > before && end.After(t) && c.matchesGap(end, before, after) {
			return end, true
		}
		cur = end
	}
}

// matchesGap tells whether the expression matches a wall-clock time that the jump at
// end skipped, from the old offset's reading of end for (after-before) seconds.
func (c cronTimes) matchesGap(end time.Time, before, after int) bool {
	fixed := *c.spec
	fixed.Location = time.FixedZone("", before)
	start := end.In(fixed.Location)
	m := fixed.Next(start.Add(-time.Second))
	return !m.IsZero() && m.Before(start.Add(time.Duration(after-before)*time.Second))
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}
