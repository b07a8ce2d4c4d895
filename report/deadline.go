package report

import "time"

// DeadlineStatus is how a plan met the submission deadline of a meeting. The
// values are the Swedish words every output shows.
type DeadlineStatus string

// The deadline statuses of SPEC §7.
const (
	DeadlineNone       DeadlineStatus = ""              // the report is not for a meeting with a deadline
	DeadlineInTime     DeadlineStatus = "i tid"         // updated since the previous meeting, by the deadline
	DeadlineLate       DeadlineStatus = "sen"           // updated since the previous meeting, but only after the deadline
	DeadlineMissing    DeadlineStatus = "saknas"        // no version at all
	DeadlineNotUpdated DeadlineStatus = "ej uppdaterad" // no version since the previous meeting
)

// Window is the submission period of one meeting.
type Window struct {
	PreviousMeeting time.Time // zero when there was none: every version counts as an update
	Deadline        time.Time // the last day to submit; a version received during that day is in time
	Meeting         time.Time // the meeting day; versions received after it are for the next meeting
}

// Deadline is a plan's deadline status for the meeting of w, given the times its
// versions were received, as it stands at now: versions received after now or
// after the meeting day do not count, so a past meeting keeps the status it had.
// A version received on the previous meeting's day counts as an update, as for the
// overview's "ej uppdaterad sedan förra mötet" flag.
func Deadline(received []time.Time, w Window, now time.Time) DeadlineStatus {
	if w.Deadline.IsZero() {
		return DeadlineNone
	}
	cutoff := endOfDay(w.Meeting)
	if !now.IsZero() && now.Before(cutoff) {
		cutoff = now
	}
	any, updated, inTime := false, false, false
	for _, r := range received {
		if r.After(cutoff) {
			continue
		}
		any = true
		if !w.PreviousMeeting.IsZero() && r.Before(startOfDay(w.PreviousMeeting)) {
			continue
		}
		updated = true
		if !r.After(endOfDay(w.Deadline)) {
			inTime = true
		}
	}
	switch {
	case !any:
		return DeadlineMissing
	case !updated:
		return DeadlineNotUpdated
	case inTime:
		return DeadlineInTime
	}
	return DeadlineLate
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// endOfDay is the last instant of t's day, in t's location.
func endOfDay(t time.Time) time.Time {
	return startOfDay(t).AddDate(0, 0, 1).Add(-time.Nanosecond)
}
