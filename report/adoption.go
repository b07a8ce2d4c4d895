package report

import (
	"fmt"
	"strings"
	"time"

	"handlingsplan/plan"
)

// Adoption is the latest fastställande of a plan, as the overviews show it.
type Adoption struct {
	Version int       // the adopted version
	Forum   string    // who adopted it
	Meeting time.Time // at which meeting
}

// AdoptedCurrent reports whether the row's current version is the adopted one.
func (r Row) AdoptedCurrent() bool {
	return r.Adopted != nil && r.Plan != nil && r.Adopted.Version == r.Version
}

// AdoptionLabel says in Swedish whether the row's current version is fastställd:
// "Fastställd 8 december 2026", "Version 3 ej fastställd (version 2 fastställd
// 8 december 2026)" or "Ej fastställd"; empty for a missing plan.
func (r Row) AdoptionLabel() string {
	switch {
	case r.Plan == nil:
		return ""
	case r.Adopted == nil:
		return "Ej fastställd"
	case r.AdoptedCurrent():
		return "Fastställd " + Date(r.Adopted.Meeting)
	}
	return fmt.Sprintf("Version %d ej fastställd (version %d fastställd %s)", r.Version, r.Adopted.Version, Date(r.Adopted.Meeting))
}

// The overview's columns for the deadline and the fastställande, the same in the
// deck, the PDF and the workbook.
const (
	HeadDeadline = "Inlämning"
	HeadAdoption = "Fastställd"
)

// Label is the status as the overview's Inlämning column writes it: "I tid",
// "Sen", "Saknas" or "Ej uppdaterad"; empty when there is no deadline.
func (s DeadlineStatus) Label() string {
	if s == DeadlineNone {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Warns reports whether the status asks for the meeting's attention: a plan that
// came late, never came, or was not updated.
func (s DeadlineStatus) Warns() bool { return s != DeadlineNone && s != DeadlineInTime }

// AdoptionCell is the row's fastställande as the overview's Fastställd column
// writes it, short enough for a table: "2026-12-08" when the current version is
// fastställd, "Nej" when no version is, "Nej (v. 2: 2026-12-08)" when an older
// one is; empty for a missing plan. AdoptionLabel says the same in full.
func (r Row) AdoptionCell() string {
	switch {
	case r.Plan == nil:
		return ""
	case r.Adopted == nil:
		return "Nej"
	case r.AdoptedCurrent():
		return ShortDate(r.Adopted.Meeting)
	}
	return fmt.Sprintf("Nej (v. %d: %s)", r.Adopted.Version, ShortDate(r.Adopted.Meeting))
}

// ShowsDeadline reports whether the overview has the Inlämning column: when the
// report is for a meeting with a deadline and some row reports to it.
func (r *Report) ShowsDeadline() bool {
	for _, row := range r.Overview {
		if row.Deadline != DeadlineNone {
			return true
		}
	}
	return false
}

// ShowsAdoption reports whether the overview has the Fastställd column: a
// kunskapsråd adopts its plans, so its overview says which are fastställda.
func (r *Report) ShowsAdoption() bool { return r.Audience == plan.AudienceKR && len(r.Overview) > 0 }
