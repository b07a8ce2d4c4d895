// Package publish builds the packages for a meeting: it reads the plan versions from
// the store, builds the report model per audience, renders the deck, the PDF and
// the workbook, and writes them as one package each.
package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"handlingsplan/config"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// Renderer writes one file of a package from the report.
type Renderer struct {
	Ext   string // file extension with dot, e.g. ".pdf"
	Write func(w io.Writer, r *report.Report, cat *plan.Catalog) error
}

// Job is one package to build.
type Job struct {
	Audience plan.Audience
	Forum    *plan.Forum // for kunskapsråd
	Plan     string      // for a single plan
	Meeting  time.Time
}

// Name describes the job for progress output, in Swedish.
func (j Job) Name() string {
	switch j.Audience {
	case plan.AudienceKR:
		return j.Forum.Name + " " + report.ShortDate(j.Meeting)
	case plan.AudiencePlan:
		return "Handlingsplan " + j.Plan
	}
	return j.Audience.Label() + " " + report.ShortDate(j.Meeting)
}

// Progress reports how far a run has come.
type Progress struct {
	Done, Total int
	Job         Job
	Package     *output.Package // set when the job finished
	Err         error
}

// Publisher builds packages. Store, Config and Renderers are required.
type Publisher struct {
	Store     *store.Store
	Config    *config.Config
	Renderers []Renderer
	Version   string           // generator version for the manifest
	Progress  func(Progress)   // optional
	Log       *slog.Logger     // optional
	Now       func() time.Time // optional, for tests
}

func (p *Publisher) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Jobs expands a request into jobs: a kunskapsråd request without a forum means
// every council, a plan request without a name every plan in the store. A zero
// meeting means the next configured meeting of the audience, or today.
func (p *Publisher) Jobs(ctx context.Context, a plan.Audience, forum *plan.Forum, planName string, meeting time.Time) ([]Job, error) {
	cat := &p.Config.Catalog
	today := day(p.now())
	pick := func(f *plan.Forum) time.Time {
		if !meeting.IsZero() {
			return day(meeting)
		}
		if m, ok := p.Config.NextMeeting(a, f, today); ok {
			return m.Date
		}
		return today
	}
	switch a {
	case plan.AudienceKR:
		if forum != nil {
			return []Job{{Audience: a, Forum: forum, Meeting: pick(forum)}}, nil
		}
		var jobs []Job
		for i := range cat.Forums {
			if f := &cat.Forums[i]; f.Kind == plan.ForumKR {
				jobs = append(jobs, Job{Audience: a, Forum: f, Meeting: pick(f)})
			}
		}
		return jobs, nil
	case plan.AudienceRSL, plan.AudienceSVN:
		return []Job{{Audience: a, Meeting: pick(nil)}}, nil
	case plan.AudiencePlan:
		if planName != "" {
			name, _, ok := cat.Area(planName)
			if !ok {
				return nil, fmt.Errorf("okänt programområde %q", planName)
			}
			return []Job{{Audience: a, Plan: name, Meeting: pick(nil)}}, nil
		}
		latest, err := p.Store.LatestAll(ctx)
		if err != nil {
			return nil, err
		}
		var jobs []Job
		for _, name := range cat.AllAreas() { // catalog order, not store order
			for _, v := range latest {
				if v.Name == name {
					jobs = append(jobs, Job{Audience: a, Plan: name, Meeting: day(v.Received)})
				}
			}
		}
		return jobs, nil
	}
	return nil, fmt.Errorf("okänd målgrupp %q", a)
}

// AllJobs is every package of the region: each council's next meeting, RSL, SVN and
// every plan.
func (p *Publisher) AllJobs(ctx context.Context) ([]Job, error) {
	var all []Job
	for _, a := range plan.Audiences {
		jobs, err := p.Jobs(ctx, a, nil, "", time.Time{})
		if err != nil {
			return nil, err
		}
		all = append(all, jobs...)
	}
	return all, nil
}

// Run builds the jobs one after another. A failed job is recorded and reported, and
// the others still run; the error joins every failure.
func (p *Publisher) Run(ctx context.Context, jobs []Job) ([]output.Package, error) {
	if p.Store == nil || p.Config == nil || len(p.Renderers) == 0 {
		return nil, errors.New("publish: store, config and renderers are required")
	}
	latest, err := p.Store.LatestAll(ctx)
	if err != nil {
		return nil, err
	}
	var pkgs []output.Package
	var errs []error
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			return pkgs, err
		}
		pkg, err := p.runOne(ctx, j, latest)
		if err != nil {
			err = fmt.Errorf("%s: %w", j.Name(), err)
			errs = append(errs, err)
		} else {
			pkgs = append(pkgs, pkg)
		}
		if p.Progress != nil {
			pr := Progress{Done: i + 1, Total: len(jobs), Job: j, Err: err}
			if err == nil {
				pr.Package = &pkgs[len(pkgs)-1]
			}
			p.Progress(pr)
		}
	}
	return pkgs, errors.Join(errs...)
}

func (p *Publisher) runOne(ctx context.Context, j Job, latest []store.Version) (pkg output.Package, err error) {
	forumName := ""
	if j.Forum != nil {
		forumName = j.Forum.Name
	}
	runID, err := p.Store.CreateRun(ctx, store.Run{Audience: string(j.Audience), Forum: forumName, Meeting: j.Meeting})
	if err != nil {
		return pkg, err
	}
	defer func() {
		if ferr := p.Store.FinishRun(context.WithoutCancel(ctx), runID, err); ferr != nil && err == nil {
			err = ferr
		}
	}()

	in, err := p.input(ctx, j, latest)
	if err != nil {
		return pkg, err
	}
	rep, err := report.Build(report.Request{Audience: j.Audience, Forum: j.Forum, Plan: j.Plan}, in)
	if err != nil {
		return pkg, err
	}
	base := rep.FileBase()
	var files []output.File
	for _, r := range p.Renderers {
		files = append(files, output.File{Name: base + r.Ext, Write: func(w io.Writer) error {
			return r.Write(w, rep, &p.Config.Catalog)
		}})
	}
	m := output.Manifest{Audience: string(j.Audience), Forum: forumName, Meeting: report.ShortDate(j.Meeting),
		Generator: "handlingsplan " + p.Version, Time: rep.Generated}
	for _, e := range rep.Sources {
		m.Inputs = append(m.Inputs, output.Input{Plan: e.Plan.Name, Version: e.Version, SHA256: e.SHA256, Received: e.Received})
	}
	pkg, err = output.WritePackage(p.Config.OutputDir, base, m, files)
	if err != nil {
		return pkg, err
	}
	_, err = p.Store.AddPackage(ctx, store.Package{RunID: runID, Audience: string(j.Audience), Forum: forumName,
		Meeting: j.Meeting, Path: base, ZipPath: base + "/" + base + ".zip", Manifest: mustJSON(pkg.Manifest)})
	if p.Log != nil {
		p.Log.Info("package written", "package", base, "files", len(files), "inputs", len(m.Inputs))
	}
	return pkg, err
}

// input assembles the report input: the latest versions, and for changes since the
// previous meeting the versions that were current then.
func (p *Publisher) input(ctx context.Context, j Job, latest []store.Version) (report.Input, error) {
	in := report.Input{Catalog: &p.Config.Catalog, Meeting: j.Meeting, StaleAfterDays: p.Config.StaleAfterDays}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
		// The as-of time of the data, not the clock: unchanged plans give identical files.
		if v.Received.After(in.Generated) {
			in.Generated = v.Received
		}
	}
	if j.Audience == plan.AudiencePlan {
		// A plan is compared with its own previous version.
		in.Previous = map[string]*plan.Plan{}
		for _, v := range latest {
			if v.Name != j.Plan || v.Number < 2 {
				continue
			}
			old, err := p.Store.Version(ctx, v.Name, v.Number-1)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return in, err
			}
			in.Previous[v.Name] = old.Plan
		}
		return in, nil
	}
	prev, ok := p.Config.PreviousMeeting(config.Meeting{Audience: j.Audience, Forum: j.Forum, Date: j.Meeting})
	if !ok {
		return in, nil
	}
	in.PreviousMeeting = prev.Date
	in.Previous = map[string]*plan.Plan{}
	for _, v := range latest {
		old, err := p.Store.VersionAt(ctx, v.Name, prev.Date)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return in, err
		}
		in.Previous[v.Name] = old.Plan
	}
	return in, nil
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func mustJSON(m output.Manifest) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // a Manifest always marshals
	}
	return b
}
