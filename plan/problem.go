package plan

import (
	"fmt"
	"strings"
)

// Severity tells whether a problem stops a submission.
type Severity string

// The severities of SPEC §3.4.
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Problem is one validation finding: where, which field, and a Swedish message that
// says what is wrong and how to fix it. The same value feeds the CLI, the JSON,
// the .fel.txt report and the web page.
type Problem struct {
	Severity Severity `json:"severity"`
	Location string   `json:"location"` // "Aktiviteter!M7", "bild 3, tabell 1, rad 4, kolumn Status", or the file name
	Field    string   `json:"field"`    // the label of the field, e.g. "Status"
	Message  string   `json:"message"`
}

// String formats the problem for a person: "fel – Aktiviteter!M7 (Status): …".
func (p Problem) String() string {
	sev := "varning"
	if p.Severity == SevError {
		sev = "fel"
	}
	var b strings.Builder
	b.WriteString(sev)
	if p.Location != "" {
		b.WriteString(" – ")
		b.WriteString(p.Location)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, " (%s)", p.Field)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// Problems is a list of findings in the order they were found.
type Problems []Problem

// Errorf adds an error.
func (ps *Problems) Errorf(location, field, format string, args ...any) {
	*ps = append(*ps, Problem{SevError, location, field, fmt.Sprintf(format, args...)})
}

// Warnf adds a warning.
func (ps *Problems) Warnf(location, field, format string, args ...any) {
	*ps = append(*ps, Problem{SevWarning, location, field, fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == SevError {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (ps Problems) Count() (errs, warns int) {
	for _, p := range ps {
		if p.Severity == SevError {
			errs++
		} else {
			warns++
		}
	}
	return
}
