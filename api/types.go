package api

import (
	"time"

	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/planjson"
	"handlingsplan/sources"
	"handlingsplan/store"
)

// The API's JSON shapes: types of their own, so that renaming a Go field never
// changes the API. openapi.json describes each of them; the tests check real
// responses against it.

// SubmissionReport is the §3.4 report object of one uploaded file (the fields of
// `validate --json`) with what became of the submission.
type SubmissionReport struct {
	sources.FileReport
	Submission SubmissionInfo `json:"submission"`
}

// SubmissionInfo is the stored submission behind a report.
type SubmissionInfo struct {
	ID       int64     `json:"id"`
	SHA256   string    `json:"sha256"`
	Size     int64     `json:"size"`
	Received time.Time `json:"received"`
	Outcome  string    `json:"outcome"` // new_version, unchanged, rejected, duplicate
	Plan     string    `json:"plan"`    // the plan it was read as; "" when not read
	Version  int       `json:"version"` // the plan version it is or matches; 0 when rejected
}

// Counts counts a plan's activities per status, with the keys of §3.4.
type Counts struct {
	Gron     int `json:"gron"`
	Gul      int `json:"gul"`
	Rod      int `json:"rod"`
	Avslutad int `json:"avslutad"`
}

func countsOf(c plan.StatusCounts) Counts {
	return Counts{Gron: c.Green, Gul: c.Yellow, Rod: c.Red, Avslutad: c.Done}
}

// PlanSummary is one plan in GET /api/plans: its latest version.
type PlanSummary struct {
	Name     string         `json:"name"`
	Kind     string         `json:"kind"`
	Forum    string         `json:"forum"`
	Versions int            `json:"versions"`
	Latest   VersionSummary `json:"latest"`
}

// VersionSummary is one stored version of a plan.
type VersionSummary struct {
	Number       int       `json:"number"`
	SHA256       string    `json:"sha256"` // of the submitted file
	SubmissionID int64     `json:"submission_id"`
	Received     time.Time `json:"received"`
	Updated      string    `json:"updated"` // senast uppdaterad, YYYY-MM-DD; "" when not given
	Areas        int       `json:"areas"`
	Activities   int       `json:"activities"`
	Status       Counts    `json:"status"`
	// Plan is the version itself in the stored shape (docs/plan-json.md); only
	// GET /api/plans/{name}/versions includes it.
	Plan *planjson.Plan `json:"plan,omitempty"`
}

func versionOf(v store.Version) VersionSummary {
	out := VersionSummary{
		Number: v.Number, SHA256: v.SHA256, SubmissionID: v.SubmissionID, Received: v.Received.UTC(),
		Status: countsOf(v.Counts),
	}
	if !v.Updated.IsZero() {
		out.Updated = v.Updated.Format(time.DateOnly)
	}
	if v.Plan != nil {
		out.Areas, out.Activities = len(v.Plan.Areas), v.Plan.ActivityCount()
	}
	return out
}

// Diff is GET /api/plans/{name}/diff: what changed from one version to another.
type Diff struct {
	Plan          string       `json:"plan"`
	From          int          `json:"from"`
	To            int          `json:"to"`
	Empty         bool         `json:"empty"`
	StatusChanges []DiffChange `json:"status_changes"`
	New           []DiffItem   `json:"new"`
	Finished      []DiffItem   `json:"finished"`
	Removed       []DiffItem   `json:"removed"`
	GoalChanges   []DiffChange `json:"goal_changes"`
	ResultChanges []DiffChange `json:"result_changes"`
	NewAreas      []string     `json:"new_areas"`
	RemovedAreas  []string     `json:"removed_areas"`
}

// DiffItem is an activity in a diff.
type DiffItem struct {
	Area     string `json:"area"`
	Activity string `json:"activity"`
	Status   string `json:"status"` // gron, gul, rod, avslutad; "" when not given
}

// DiffChange is an activity whose status or text changed: from → to.
type DiffChange struct {
	DiffItem
	From string `json:"from"`
	To   string `json:"to"`
}

func diffOf(name string, from, to int, d plan.Diff) Diff {
	items := func(refs []plan.ActivityRef) []DiffItem {
		out := make([]DiffItem, 0, len(refs))
		for _, r := range refs {
			out = append(out, DiffItem{r.Area, r.Activity, string(r.Status)})
		}
		return out
	}
	texts := func(cs []plan.TextChange) []DiffChange {
		out := make([]DiffChange, 0, len(cs))
		for _, c := range cs {
			out = append(out, DiffChange{DiffItem{c.Area, c.Activity, string(c.Status)}, c.From, c.To})
		}
		return out
	}
	status := make([]DiffChange, 0, len(d.StatusChanges))
	for _, c := range d.StatusChanges {
		status = append(status, DiffChange{DiffItem{c.Area, c.Activity, string(c.Status)}, string(c.From), string(c.Status)})
	}
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return Diff{
		Plan: name, From: from, To: to, Empty: d.Empty(),
		StatusChanges: status, New: items(d.New), Finished: items(d.Finished), Removed: items(d.Removed),
		GoalChanges: texts(d.GoalChanges), ResultChanges: texts(d.ResultChanges),
		NewAreas: nonNil(d.NewAreas), RemovedAreas: nonNil(d.RemovedAreas),
	}
}

// Package is one built package; GET /api/packages/{id} adds its manifest.
type Package struct {
	ID       int64            `json:"id"`
	RunID    int64            `json:"run_id"`
	Name     string           `json:"name"` // the package folder, e.g. Kunskapsrad-Medicin_2026-12-03
	Audience string           `json:"audience"`
	Forum    string           `json:"forum"`
	Meeting  string           `json:"meeting"` // YYYY-MM-DD; "" when none
	Created  time.Time        `json:"created"`
	Files    []PackageFile    `json:"files"` // the outputs of the manifest, then the zip
	Manifest *output.Manifest `json:"manifest,omitempty"`
}

// PackageFile is one downloadable file of a package.
type PackageFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // "" for the zip, which the manifest cannot describe
	URL    string `json:"url"`    // GET it to download
}

// Run is a build run: POST /api/runs answers with it, GET /api/runs/{id} shows it.
type Run struct {
	ID       int64      `json:"id"`
	Audience string     `json:"audience"`
	Forum    string     `json:"forum"`
	Plan     string     `json:"plan"`
	Meeting  string     `json:"meeting"` // YYYY-MM-DD; "" for the next meeting
	Reason   string     `json:"reason"`
	By       string     `json:"by"`
	Status   string     `json:"status"` // köad, pågår, klar, misslyckad, avbruten
	Joined   bool       `json:"joined"` // POST only: joined an equal run already queued
	Started  *time.Time `json:"started"`
	Finished *time.Time `json:"finished"`
	Error    string     `json:"error"` // Swedish, for a failed run
	Progress *Progress  `json:"progress"`
	Packages []int64    `json:"packages"`
}

// Progress is how far a queued or running build has come: "7 av 23 paket".
type Progress struct {
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Current string `json:"current"`
}

// runRequest is the body of POST /api/runs, as the CLI's run flags.
type runRequest struct {
	Audience string `json:"audience"`
	Forum    string `json:"forum"`
	Plan     string `json:"plan"`
	Meeting  string `json:"meeting"` // YYYY-MM-DD; "" for the next meeting
}
