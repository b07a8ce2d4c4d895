package schedule

import "time"

// Request is what the scheduler asks the build queue for. It stands in for
// build.Request, with the same fields, until package build is in main; then this
// file becomes `type Request = build.Request`.
type Request struct {
	Audience string    // "kr", "rsl", "svn", "plan" or "all"
	Forum    string    // a council's name (kr); empty: every council
	Plan     string    // a plan's name (plan); empty: every plan
	Meeting  time.Time // meeting date; zero: the next meeting
	Reason   string    // Swedish, shown in run history
	By       string    // user name, "schemaläggaren" or "kommandoraden"
	Force    bool      // rebuild even when inputs are unchanged
}
