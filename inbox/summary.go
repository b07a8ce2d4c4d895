package inbox

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"handlingsplan/plan"
	"handlingsplan/sources"
)

// Outcome is what happened to one file.
type Outcome int

// The outcomes of a file.
const (
	OutcomeNewVersion Outcome = iota + 1 // accepted; a new version of its plan
	OutcomeUnchanged                     // accepted; same as the plan's latest version, no new version
	OutcomeRejected                      // quarantined with a .fel.txt report
	OutcomeDuplicate                     // this very file was recorded before; only cleared from the inbox
	OutcomeFailed                        // not processed (I/O or database error); stays in the inbox
	OutcomeRefused                       // a link, FIFO, device or socket: removed unread, with a report
)

// String is the outcome for logs.
func (o Outcome) String() string { return o.key() }

func (o Outcome) key() string {
	switch o {
	case OutcomeNewVersion:
		return "new_version"
	case OutcomeUnchanged:
		return "unchanged"
	case OutcomeRejected:
		return "rejected"
	case OutcomeDuplicate:
		return "duplicate"
	case OutcomeFailed:
		return "failed"
	case OutcomeRefused:
		return "refused"
	}
	return "unknown"
}

// FileResult is what happened to one file of the inbox.
type FileResult struct {
	Name         string // the original name: the user's file name for an upload, else the name in the inbox
	InboxName    string // the name in the inbox
	Submitter    string // who uploaded it; "" for a file dropped into the folder
	Outcome      Outcome
	SHA256       string
	Received     time.Time
	Kept         string // the kept copy, relative to the data folder
	Report       string // the .fel.txt next to a rejected file, relative to the data folder
	SubmissionID int64  // for a duplicate, the earlier submission
	Plan         string // the plan it was read as
	Version      int    // the new version, or for an unchanged plan its latest version
	Problems     plan.Problems
	// Result is what the reader made of the file (format, plan, problems), for the
	// report object of SPEC §3.4 (sources.JSONReport). For a file taken in earlier
	// it is rebuilt from the store: the plan is that of its version.
	Result sources.Result
	Err    error // OutcomeFailed only
}

// Summary is the result of one Ingest.
type Summary struct {
	Accepted    int // accepted files, new version or not
	NewVersions int
	Unchanged   int // accepted files identical to their plan's latest version
	Rejected    int
	Duplicates  int // files recorded before (a re-run after a crash, or the same file copied in again)
	Ignored     int // lock, temp and hidden files
	Waiting     int // files still being written, left for later
	Failed      int // files that could not be processed and stay in the inbox
	// Busy: another process was working on the inbox, so nothing was looked at.
	Busy  bool
	Files []FileResult
}

func (s *Summary) add(r FileResult) {
	switch r.Outcome {
	case OutcomeNewVersion:
		s.Accepted++
		s.NewVersions++
	case OutcomeUnchanged:
		s.Accepted++
		s.Unchanged++
	case OutcomeRejected, OutcomeRefused:
		s.Rejected++
	case OutcomeDuplicate:
		s.Duplicates++
	case OutcomeFailed:
		s.Failed++
	}
	s.Files = append(s.Files, r)
}

// Merge adds what o took in to s, for a caller that empties the inbox in steps.
func (s *Summary) Merge(o Summary) {
	for _, f := range o.Files {
		s.add(f)
	}
	s.Ignored += o.Ignored
	s.Waiting += o.Waiting
	s.Busy = s.Busy || o.Busy
}

// Received is the number of files taken out of the inbox.
func (s Summary) Received() int { return s.Accepted + s.Rejected + s.Duplicates }

// Empty reports whether the inbox held nothing to take in (or was busy).
func (s Summary) Empty() bool { return len(s.Files) == 0 && s.Waiting == 0 }

// maxShown is how many problems of a file the summary lists.
const maxShown = 3

// String is the Swedish summary for the command line: one line of counts and one
// line per file with where it was kept and, for a rejected file, its first problems.
func (s Summary) String() string {
	var b strings.Builder
	switch {
	case s.Busy:
		return msgBusy
	case s.Received() == 0:
		b.WriteString("Inga nya filer i inkorgen.")
	default:
		var parts []string
		if s.Accepted > 0 {
			var sub []string
			if s.NewVersions > 0 {
				sub = append(sub, count(s.NewVersions, "ny version", "nya versioner"))
			}
			if s.Unchanged > 0 {
				sub = append(sub, count(s.Unchanged, "oförändrad", "oförändrade"))
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", count(s.Accepted, "godkänd", "godkända"), strings.Join(sub, ", ")))
		}
		if s.Rejected > 0 {
			parts = append(parts, count(s.Rejected, "avvisad", "avvisade"))
		}
		if s.Duplicates > 0 {
			parts = append(parts, count(s.Duplicates, "dubblett", "dubbletter"))
		}
		fmt.Fprintf(&b, "%s: %s.", count(s.Received(), "fil mottagen", "filer mottagna"), strings.Join(parts, ", "))
	}
	if s.Failed > 0 {
		fmt.Fprintf(&b, " %s inte behandlas och ligger kvar i inkorgen.", count(s.Failed, "fil kunde", "filer kunde"))
	}
	if s.Waiting > 0 {
		fmt.Fprintf(&b, " %s fortfarande och tas emot senare.", count(s.Waiting, "fil skrivs", "filer skrivs"))
	}
	if s.Ignored > 0 {
		fmt.Fprintf(&b, " %s.", count(s.Ignored, "lås- eller tillfällig fil ignorerades", "lås- eller tillfälliga filer ignorerades"))
	}
	for _, f := range s.Files {
		b.WriteString("\n- ")
		b.WriteString(f.line())
		shown := f.Problems
		if f.Outcome == OutcomeDuplicate {
			shown = nil
		}
		shown = errorsFirst(shown)
		for i, p := range shown {
			if i == maxShown {
				fmt.Fprintf(&b, "\n    … och %s till (se felrapporten)", count(len(shown)-maxShown, "problem", "problem"))
				break
			}
			b.WriteString("\n    ")
			b.WriteString(sources.OneLine(p.String()))
		}
	}
	return b.String()
}

func (f FileResult) line() string {
	name, planName := sources.ShowName(f.Name), sources.OneLine(f.Plan)
	kept := ""
	if f.Kept != "" {
		kept = " Sparad som " + f.Kept + "."
	}
	switch f.Outcome {
	case OutcomeNewVersion:
		return fmt.Sprintf("%s: godkänd%s – version %d av %s.%s", name, warnings(f.Problems), f.Version, planName, kept)
	case OutcomeUnchanged:
		return fmt.Sprintf("%s: godkänd%s men oförändrad – samma innehåll som version %d av %s, ingen ny version.%s",
			name, warnings(f.Problems), f.Version, planName, kept)
	case OutcomeRejected:
		errs, warns := f.Problems.Count()
		counts := count(errs, "fel", "fel")
		if warns > 0 {
			counts += ", " + count(warns, "varning", "varningar")
		}
		return fmt.Sprintf("%s: avvisad (%s).%s Felrapport: %s.", name, counts, kept, f.Report)
	case OutcomeDuplicate:
		return fmt.Sprintf("%s: dubblett – samma fil togs emot %s (inlämning %d); inget nytt registrerades.%s",
			name, f.Received.Local().Format("2006-01-02 15:04"), f.SubmissionID, kept)
	case OutcomeRefused:
		return fmt.Sprintf("%s: avvisad – ingen vanlig fil; togs bort ur inkorgen oläst. Felrapport: %s.", name, f.Report)
	case OutcomeFailed:
		return fmt.Sprintf("%s: kunde inte behandlas och ligger kvar i inkorgen (%v).", name, sources.OneLine(fmt.Sprint(f.Err)))
	}
	return name
}

func warnings(ps plan.Problems) string {
	if _, w := ps.Count(); w > 0 {
		return " med " + count(w, "varning", "varningar")
	}
	return ""
}

// errorsFirst orders errors before warnings, keeping the order within each.
func errorsFirst(ps plan.Problems) plan.Problems {
	out := append(plan.Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Severity == plan.SevError && out[j].Severity != plan.SevError
	})
	return out
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
