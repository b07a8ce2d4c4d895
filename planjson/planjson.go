// Package planjson is the stored and exchanged JSON shape of a plan version: its
// own types with json tags and a schema version, so that renaming a field of the
// plan model never changes what is in the database or what the API returns. The
// shape is documented in docs/plan-json.md; testdata/plan.golden.json is an
// example that the tests hold it to.
package planjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"handlingsplan/plan"
)

// SchemaVersion is the version of the shape that Marshal writes. A change that
// an older reader would misread gets a new number and a reader for the old one.
const SchemaVersion = 1

// Plan is one version of a programme area's or collaboration group's plan.
type Plan struct {
	SchemaVersion       int         `json:"schema_version"`
	ProgramArea         string      `json:"program_area"` // canonical name, e.g. "RPO Hjärt- och kärlsjukdomar"
	Kind                string      `json:"kind"`         // "RPO", "RMPO" or "RSG"
	NationalProgramArea string      `json:"national_program_area"`
	Forum               string      `json:"forum"` // as written in the file
	Contact             string      `json:"contact"`
	Email               string      `json:"email"`
	Updated             string      `json:"updated"` // RFC 3339; "" when the plan gives no date
	Period              string      `json:"period"`
	Cooperation         Cooperation `json:"cooperation"`
	Comments            string      `json:"comments"`
	Areas               []Area      `json:"areas"`
	Source              Source      `json:"source"`
}

// Cooperation is how the plan owner works with others.
type Cooperation struct {
	National string `json:"national"` // NPO and national actors
	Regional string `json:"regional"` // other RPOs and groups
	Local    string `json:"local"`    // municipalities and local partners
	Patients string `json:"patients"` // patient representatives
}

// Area is a prioritised area with its activities.
type Area struct {
	NationalArea string     `json:"national_area"`
	Title        string     `json:"title"`
	Promises     []string   `json:"promises"` // patient promise ids, e.g. "P2"
	Activities   []Activity `json:"activities"`
}

// Activity is one line of work within an area.
type Activity struct {
	Description    string       `json:"description"`
	Schedule       string       `json:"schedule"`
	Cooperation    string       `json:"cooperation"`
	FollowUp       FollowUp     `json:"follow_up"`
	Status         string       `json:"status"` // "green", "yellow", "red", "done" or "" when not given
	Comment        string       `json:"comment"`
	NeedsSupport   bool         `json:"needs_support"`
	Consequences   Consequences `json:"consequences"`
	FinalReport    string       `json:"final_report"`
	Impact         string       `json:"impact"` // "operational_change", "financial", "division_of_work" or ""
	ImpactDetail   string       `json:"impact_detail"`
	Location       string       `json:"location"`        // where it was read, e.g. "Aktiviteter!A7"
	StatusInferred bool         `json:"status_inferred"` // the status came from a cell colour, not text
}

// FollowUp is how an activity is measured.
type FollowUp struct {
	Method      string `json:"method"`
	Indicators  string `json:"indicators"`
	Goal        string `json:"goal"`
	Responsible string `json:"responsible"`
	Result      string `json:"result"`
}

// Consequences are the expected effects of an activity.
type Consequences struct {
	Citizens   string `json:"citizens"`
	Operations string `json:"operations"`
	Governance string `json:"governance"`
}

// Source is where the version came from.
type Source struct {
	FileName  string `json:"file_name"`
	Format    string `json:"format"` // "xlsx" or "pptx"
	SHA256    string `json:"sha256"`
	Received  string `json:"received"` // RFC 3339
	Submitter string `json:"submitter"`
}

var statusCodes = map[plan.Status]string{
	plan.StatusNone: "", plan.StatusGreen: "green", plan.StatusYellow: "yellow", plan.StatusRed: "red", plan.StatusDone: "done",
}

var impactCodes = map[plan.Impact]string{
	plan.ImpactNone: "", plan.ImpactOperational: "operational_change", plan.ImpactFinancial: "financial",
	plan.ImpactStructure: "division_of_work",
}

// From converts a plan to the JSON shape.
func From(p *plan.Plan) Plan {
	d := Plan{
		SchemaVersion: SchemaVersion, ProgramArea: p.Name, Kind: string(p.Kind), NationalProgramArea: p.National,
		Forum: p.Forum, Contact: p.Contact, Email: p.Email, Updated: fmtTime(p.Updated), Period: p.Period,
		Cooperation: Cooperation(p.Cooperation), Comments: p.Comments, Areas: []Area{},
		Source: Source{FileName: p.Source.FileName, Format: p.Source.Format, SHA256: p.Source.SHA256,
			Received: fmtTime(p.Source.Received), Submitter: p.Source.Submitter},
	}
	for _, a := range p.Areas {
		da := Area{NationalArea: a.NationalArea, Title: a.Title, Promises: append([]string{}, a.Promises...), Activities: []Activity{}}
		for _, act := range a.Activities {
			da.Activities = append(da.Activities, Activity{
				Description: act.Description, Schedule: act.Schedule, Cooperation: act.Cooperation,
				FollowUp: FollowUp(act.FollowUp), Status: code(statusCodes, act.Status), Comment: act.Comment,
				NeedsSupport: act.NeedsSupport, Consequences: Consequences(act.Consequences), FinalReport: act.FinalReport,
				Impact: code(impactCodes, act.Impact), ImpactDetail: act.ImpactDetail, Location: act.Location,
				StatusInferred: act.StatusInferred,
			})
		}
		d.Areas = append(d.Areas, da)
	}
	return d
}

// code is the English code of a model value; a value the table lacks (a bug in
// the model's validation) keeps its own text rather than being lost.
func code[T ~string](codes map[T]string, v T) string {
	if c, ok := codes[v]; ok {
		return c
	}
	return string(v)
}

func value[T ~string](codes map[T]string, c, what string) (T, error) {
	for v, x := range codes {
		if x == c {
			return v, nil
		}
	}
	return "", fmt.Errorf("planjson: unknown %s %q", what, c)
}

// Plan converts the JSON shape back to the plan model.
func (d Plan) Plan() (*plan.Plan, error) {
	p := &plan.Plan{Name: d.ProgramArea, Kind: plan.Kind(d.Kind), National: d.NationalProgramArea, Forum: d.Forum,
		Contact: d.Contact, Email: d.Email, Period: d.Period, Cooperation: plan.Cooperation(d.Cooperation), Comments: d.Comments,
		Source: plan.Provenance{FileName: d.Source.FileName, Format: d.Source.Format, SHA256: d.Source.SHA256,
			Submitter: d.Source.Submitter}}
	var err error
	if p.Updated, err = parseTime(d.Updated); err != nil {
		return nil, err
	}
	if p.Source.Received, err = parseTime(d.Source.Received); err != nil {
		return nil, err
	}
	for _, da := range d.Areas {
		a := plan.Area{NationalArea: da.NationalArea, Title: da.Title}
		if len(da.Promises) > 0 {
			a.Promises = da.Promises
		}
		for _, x := range da.Activities {
			act := plan.Activity{Description: x.Description, Schedule: x.Schedule, Cooperation: x.Cooperation,
				FollowUp: plan.FollowUp(x.FollowUp), Comment: x.Comment, NeedsSupport: x.NeedsSupport,
				Consequences: plan.Consequences(x.Consequences), FinalReport: x.FinalReport, ImpactDetail: x.ImpactDetail,
				Location: x.Location, StatusInferred: x.StatusInferred}
			if act.Status, err = value(statusCodes, x.Status, "status"); err != nil {
				return nil, err
			}
			if act.Impact, err = value(impactCodes, x.Impact, "impact"); err != nil {
				return nil, err
			}
			a.Activities = append(a.Activities, act)
		}
		p.Areas = append(p.Areas, a)
	}
	return p, nil
}

// Marshal writes a plan in the current shape.
func Marshal(p *plan.Plan) ([]byte, error) {
	return json.Marshal(From(p))
}

// Unmarshal reads a plan in any shape ever stored: the current one, and the rows
// written before it existed (json.Marshal of the untagged model types, which have
// no schema_version).
func Unmarshal(b []byte) (*plan.Plan, error) {
	var head struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("planjson: %w", err)
	}
	switch {
	case head.SchemaVersion == nil:
		return unmarshalLegacy(b)
	case *head.SchemaVersion == SchemaVersion:
		var d Plan
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return nil, fmt.Errorf("planjson: %w", err)
		}
		return d.Plan()
	}
	return nil, fmt.Errorf("planjson: schema_version %d is newer than this program (%d)", *head.SchemaVersion, SchemaVersion)
}

// legacyPlan is the model as it was when rows were written without tags; it is
// frozen here so that changing the model does not break reading those rows.
type legacyPlan struct {
	Name, Kind, National, Forum, Contact, Email string
	Updated                                     time.Time
	Period                                      string
	Cooperation                                 struct{ National, Regional, Local, Patients string }
	Comments                                    string
	Areas                                       []struct {
		NationalArea, Title string
		Promises            []string
		Activities          []struct {
			Description, Schedule, Cooperation          string
			FollowUp                                    struct{ Method, Indicators, Goal, Responsible, Result string }
			Status, Comment                             string
			NeedsSupport                                bool
			Consequences                                struct{ Citizens, Operations, Governance string }
			FinalReport, Impact, ImpactDetail, Location string
			StatusInferred                              bool
		}
	}
	Source struct {
		FileName, Format, SHA256 string
		Received                 time.Time
		Submitter                string
	}
}

func unmarshalLegacy(b []byte) (*plan.Plan, error) {
	var l legacyPlan
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("planjson: old row: %w", err)
	}
	if l.Name == "" {
		return nil, errors.New("planjson: old row without a plan name")
	}
	p := &plan.Plan{Name: l.Name, Kind: plan.Kind(l.Kind), National: l.National, Forum: l.Forum, Contact: l.Contact,
		Email: l.Email, Updated: l.Updated, Period: l.Period, Cooperation: plan.Cooperation(l.Cooperation),
		Comments: l.Comments, Source: plan.Provenance(l.Source)}
	for _, la := range l.Areas {
		a := plan.Area{NationalArea: la.NationalArea, Title: la.Title, Promises: la.Promises}
		for _, x := range la.Activities {
			a.Activities = append(a.Activities, plan.Activity{Description: x.Description, Schedule: x.Schedule,
				Cooperation: x.Cooperation, FollowUp: plan.FollowUp(x.FollowUp), Status: plan.Status(x.Status),
				Comment: x.Comment, NeedsSupport: x.NeedsSupport, Consequences: plan.Consequences(x.Consequences),
				FinalReport: x.FinalReport, Impact: plan.Impact(x.Impact), ImpactDetail: x.ImpactDetail,
				Location: x.Location, StatusInferred: x.StatusInferred})
		}
		p.Areas = append(p.Areas, a)
	}
	return p, nil
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("planjson: time %q: %w", s, err)
	}
	return t, nil
}
