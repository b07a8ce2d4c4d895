package report

import (
	"fmt"
	"time"
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
