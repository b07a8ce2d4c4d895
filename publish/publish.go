// Package publish builds the packages for a meeting: it reads the plan versions from
// the store, builds the report model per audience, renders the deck, the PDF and
// the workbook, and writes them as one package each.
package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/internal/codeid"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// Renderer writes one file of a package from the report. Write should give up
// when ctx is cancelled; the package is then abandoned and the previous one kept.
type Renderer struct {
	Ext   string // file extension with dot, e.g. ".pdf"
	Write func(ctx context.Context, w io.Writer, r *report.Report, cat *plan.Catalog) error
}

// Job is one package to build. It names its council, never points into a
// Config, so that a job made from one load of the configuration builds the same
// package with another.
type Job struct {
	Audience plan.Audience
	Forum    string // the council's name, for kunskapsråd
	Plan     string // for a single plan
	Meeting  time.Time
	Force    bool // build even when the package in place has the same inputs
}

// Name describes the job for progress output, in Swedish.
func (j Job) Name() string {
	switch j.Audience {
	case plan.AudienceKR:
		return j.Forum + " " + report.ShortDate(j.Meeting)
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
	Skipped     bool            // the package in place already had these inputs
	Err         error
}

// Publisher builds packages. Store, Config and Renderers are required. It writes
// into Config.OutputDir and must be its only writer: the build queue (package
// build) holds the folder's lock and runs every Publisher.
type Publisher struct {
	Store     *store.Store
	Config    *config.Config // an immutable snapshot; never changed by the publisher
	Renderers []Renderer
	Version   string // generator version for the manifest
	// Code names the code that renders, for inputs_sha256 only: a binary with
	// other renderers rebuilds packages whose inputs are unchanged. Empty means
	// codeid.Identity(), the running binary's.
	Code     string
	Progress func(Progress)   // optional, for Run
	Log      *slog.Logger     // optional
	Now      func() time.Time // optional, for tests
	// Workers is how many packages are built at once; 0 means GOMAXPROCS. The
	// packages are the same bytes however many build them.
	Workers int
}

func (p *Publisher) code() string {
	if p.Code != "" {
		return p.Code
	}
	return codeid.Identity()
}

// shownDay is the day the version a Plan package shows was received: its
// latest fastställd version (planInput), else its latest. The package is named
// by it, so that a new version nobody has adopted yet, which leaves the package
// as it was, does not give it a new name either.
func (p *Publisher) shownDay(ctx context.Context, name string) (time.Time, error) {
	v, err := p.Store.Latest(ctx, name)
	if err != nil {
		return time.Time{}, err
	}
	a, err := p.Store.LatestAdopted(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return time.Time{}, err
	}
	if a != nil && a.Version != v.Number {
		if v, err = p.Store.Version(ctx, name, a.Version); err != nil {
			return time.Time{}, fmt.Errorf("publish: the adopted version %d of %s: %w", a.Version, name, err)
		}
	}
	return day(v.Received), nil
}

func (p *Publisher) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Jobs expands a request into jobs: a kunskapsråd request without a forum means
// every council, a plan request without a name every plan in the store. A zero
// meeting means the next configured meeting of the audience, or today; a Plan
// package is dated by the version it shows (shownDay). Unknown
// councils and plans are apperr.Invalid with a Swedish message.
func (p *Publisher) Jobs(ctx context.Context, a plan.Audience, forum, planName string, meeting time.Time) ([]Job, error) {
	cat := &p.Config.Catalog
	today := day(p.now())
	pick := func(forum string) time.Time {
		if !meeting.IsZero() {
			return day(meeting)
		}
		if m, ok := p.Config.NextMeeting(a, forum, today); ok {
			return m.Date
		}
		return today
	}
	if forum != "" && a != plan.AudienceKR {
		return nil, apperr.Newf(apperr.Invalid, "forum anges bara för kunskapsråd (kr), inte för %s", a.Label())
	}
	if planName != "" && a != plan.AudiencePlan {
		return nil, apperr.Newf(apperr.Invalid, "plan anges bara för målgruppen plan, inte för %s", a.Label())
	}
	switch a {
	case plan.AudienceKR:
		if forum != "" {
			f, ok := p.Config.Council(forum)
			if !ok {
				return nil, apperr.Newf(apperr.Invalid, "okänt kunskapsråd %q; välj ett av: %s", forum, strings.Join(p.Config.Councils(), ", "))
			}
			return []Job{{Audience: a, Forum: f.Name, Meeting: pick(f.Name)}}, nil
		}
		var jobs []Job
		for _, f := range cat.Forums {
			if f.Kind == plan.ForumKR {
				jobs = append(jobs, Job{Audience: a, Forum: f.Name, Meeting: pick(f.Name)})
			}
		}
		return jobs, nil
	case plan.AudienceRSL, plan.AudienceSVN:
		return []Job{{Audience: a, Meeting: pick("")}}, nil
	case plan.AudiencePlan:
		if planName != "" {
			name, _, ok := cat.Area(planName)
			if !ok {
				return nil, apperr.Newf(apperr.Invalid, "okänt programområde eller okänd samverkansgrupp %q", planName)
			}
			if _, err := p.Store.Latest(ctx, name); errors.Is(err, store.ErrNotFound) {
				return nil, apperr.Newf(apperr.NotFound, "ingen plan för %s har lämnats in ännu; det finns inget att bygga", name)
			} else if err != nil {
				return nil, err
			}
			if !meeting.IsZero() {
				return []Job{{Audience: a, Plan: name, Meeting: day(meeting)}}, nil
			}
			d, err := p.shownDay(ctx, name)
			if err != nil {
				return nil, err
			}
			return []Job{{Audience: a, Plan: name, Meeting: d}}, nil
		}
		latest, err := p.Store.LatestAll(ctx)
		if err != nil {
			return nil, err
		}
		var jobs []Job
		for _, name := range cat.AllAreas() { // catalog order, not store order
			for _, v := range latest {
				if v.Name == name {
					d, err := p.shownDay(ctx, name)
					if err != nil {
						return nil, err
					}
					jobs = append(jobs, Job{Audience: a, Plan: name, Meeting: d})
				}
			}
		}
		return jobs, nil
	}
	return nil, apperr.Newf(apperr.Invalid, "okänd målgrupp %q; välj kr, rsl, svn, plan eller all", a)
}

// AllJobs is every package of the region: each council's next meeting, RSL, SVN and
// every plan.
func (p *Publisher) AllJobs(ctx context.Context) ([]Job, error) {
	var all []Job
	for _, a := range plan.Audiences {
		jobs, err := p.Jobs(ctx, a, "", "", time.Time{})
		if err != nil {
			return nil, err
		}
		all = append(all, jobs...)
	}
	return all, nil
}

// Run builds the jobs, up to Workers at once, as part of the stored run runID,
// and reports progress in the order of the jobs. A failed job is reported and the
// others still run; the error joins every failure. It starts no further job once
// ctx is cancelled.
func (p *Publisher) Run(ctx context.Context, runID int64, jobs []Job) ([]output.Package, error) {
	latest, err := p.Latest(ctx)
	if err != nil {
		return nil, err
	}
	var pkgs []output.Package
	var errs []error
	n := p.Each(ctx, runID, jobs, latest, nil, func(i int, res Result, err error) {
		if err != nil {
			err = fmt.Errorf("%s: %w", jobs[i].Name(), err)
			errs = append(errs, err)
		} else {
			pkgs = append(pkgs, res.Package)
		}
		if p.Progress != nil {
			pr := Progress{Done: i + 1, Total: len(jobs), Job: jobs[i], Err: err, Skipped: res.Skipped}
			if err == nil {
				pr.Package = &pkgs[len(pkgs)-1]
			}
			p.Progress(pr)
		}
	})
	if n < len(jobs) {
		if err := ctx.Err(); err != nil {
			return pkgs, err
		}
	}
	return pkgs, errors.Join(errs...)
}

// Each builds the jobs from latest, up to Workers at once, and hands each result
// to done in the order of the jobs, on the calling goroutine. Before it starts a
// job it asks more (nil: always); once more says no or ctx is cancelled it starts
// no further job, waits for those under way and returns how many it handed to
// done – always a prefix of jobs.
//
// The jobs of one call must be distinct packages (Jobs and AllJobs never repeat
// one): they are written side by side into the output folder.
func (p *Publisher) Each(ctx context.Context, runID int64, jobs []Job, latest []store.Version, more func() bool,
	done func(i int, res Result, err error)) int {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	type outcome struct {
		res      Result
		err      error
		finished bool
	}
	var (
		mu       sync.Mutex
		cond     = sync.NewCond(&mu)
		next     int  // the next job to start
		stopped  bool // no job starts any more
		outcomes = make([]outcome, len(jobs))
	)
	// claim gives a worker the next job, or false when there is none to start.
	claim := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if !stopped && (next >= len(jobs) || ctx.Err() != nil || (more != nil && !more())) {
			stopped = true
			cond.Broadcast()
		}
		if stopped {
			return 0, false
		}
		next++
		return next - 1, true
	}
	hist := &history{st: p.Store, got: map[historyKey]historyEntry{}}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i, ok := claim()
				if !ok {
					return
				}
				res, err := p.build(ctx, runID, jobs[i], latest, hist)
				mu.Lock()
				outcomes[i] = outcome{res: res, err: err, finished: true}
				cond.Broadcast()
				mu.Unlock()
			}
		})
	}
	reported := 0
	for i := range jobs {
		mu.Lock()
		for !outcomes[i].finished && (i < next || !stopped) {
			cond.Wait()
		}
		o := outcomes[i]
		mu.Unlock()
		if !o.finished {
			break
		}
		done(i, o.res, o.err)
		reported++
	}
	wg.Wait()
	return reported
}

// Latest is the newest version of every plan: what a run's jobs are built from,
// read once so that every package of a run shows the same data.
func (p *Publisher) Latest(ctx context.Context) ([]store.Version, error) {
	if p.Store == nil || p.Config == nil || len(p.Renderers) == 0 {
		return nil, errors.New("publish: store, config and renderers are required")
	}
	return p.Store.LatestAll(ctx)
}

// Result is one built job.
type Result struct {
	Package output.Package
	Skipped bool  // the package in place had the same inputs and generator; nothing written
	ID      int64 // the stored package; 0 when skipped
}

// Build builds one job from latest into a package, records it as made by the run
// runID and returns it. Unless the job is forced, a package in place with the same
// inputs and generator is left as it is. When it fails or ctx is cancelled, the
// previous package stays in place.
func (p *Publisher) Build(ctx context.Context, runID int64, j Job, latest []store.Version) (Result, error) {
	return p.build(ctx, runID, j, latest, &history{st: p.Store})
}

func (p *Publisher) build(ctx context.Context, runID int64, j Job, latest []store.Version, hist *history) (Result, error) {
	var res Result
	in, prev, err := p.input(ctx, j, latest, hist)
	if err != nil {
		return res, err
	}
	rep, err := report.Build(report.Request{Audience: j.Audience, Forum: j.Forum, Plan: j.Plan}, in)
	if err != nil {
		return res, err
	}
	// The as-of time is that of the package's own plans, so that a change to a
	// plan elsewhere leaves this package as it is.
	var asOf time.Time
	for _, e := range rep.Sources {
		if e.Received.After(asOf) {
			asOf = e.Received
		}
	}
	if !asOf.IsZero() {
		rep.Generated = asOf
	}
	base := rep.FileBase()
	m := output.Manifest{Package: base, Audience: string(j.Audience), Forum: j.Forum, Meeting: report.ShortDate(j.Meeting),
		Generator: "handlingsplan " + p.Version, Time: rep.Generated}
	for _, e := range rep.Sources {
		m.Inputs = append(m.Inputs, output.Input{Plan: e.Plan.Name, Version: e.Version, SHA256: e.SHA256, Received: e.Received})
	}
	m.InputsSHA256 = p.inputsSHA256(j, rep, m, prev)
	dir := filepath.Join(p.Config.OutputDir, base)
	if !j.Force {
		if old, ok := unchanged(dir, base, m); ok {
			res.Skipped = true
			res.Package = output.Package{Dir: dir, Zip: filepath.Join(dir, base+".zip"), Manifest: old}
			return res, nil
		}
	}
	var files []output.File
	for _, r := range p.Renderers {
		files = append(files, output.File{Name: base + r.Ext, Write: func(w io.Writer) error {
			return r.Write(ctx, w, rep, &p.Config.Catalog)
		}})
	}
	pkg, err := output.WritePackage(ctx, p.Config.OutputDir, base, m, files)
	if err != nil {
		return res, err
	}
	res.Package = pkg
	// The package is in place; record it even if the caller gives up now.
	res.ID, err = p.Store.AddPackage(context.WithoutCancel(ctx), store.Package{RunID: runID, Audience: string(j.Audience),
		Forum: j.Forum, Meeting: j.Meeting, Path: base, ZipPath: base + "/" + base + ".zip", Manifest: mustJSON(pkg.Manifest)})
	if p.Log != nil {
		p.Log.Info("package written", "package", base, "files", len(files), "inputs", len(m.Inputs), "run", runID)
	}
	return res, err
}

// unchanged returns the manifest of the package in place when it was built from
// the same inputs (InputsSHA256) and is whole, so that building it again would
// give the same bytes. A package from before inputs were hashed is rebuilt once.
func unchanged(dir, base string, m output.Manifest) (output.Manifest, bool) {
	old, err := output.ReadManifest(dir)
	if err != nil || old.InputsSHA256 == "" || old.InputsSHA256 != m.InputsSHA256 {
		return old, false
	}
	for _, o := range append(old.Outputs, output.Output{Name: base + ".zip"}) {
		fi, err := os.Stat(filepath.Join(dir, o.Name))
		if err != nil || !fi.Mode().IsRegular() || (o.Size != 0 && fi.Size() != o.Size) {
			return old, false
		}
	}
	return old, true
}

// inputsSHA256 hashes everything a package is made from: the job, the generator
// and the identity of its code, the plan versions in it and those current at the
// previous meeting, and the part of the configuration that shapes it (the
// catalog, stale_after_days and the meeting calendar around this meeting). Equal
// hashes mean equal bytes.
func (p *Publisher) inputsSHA256(j Job, rep *report.Report, m output.Manifest, prev map[string]string) string {
	key := struct {
		Schema                    int
		Generator, Code, Package  string
		Audience, Forum, Plan     string
		Meeting, PreviousMeeting  string
		Time                      time.Time
		Inputs                    []output.Input
		Previous                  []string // plan and sha256 of its version at the previous meeting
		Catalog                   plan.Catalog
		StaleAfterDays, Renderers int
		Extensions                []string
		Deadline                  string   // the meeting's last day to submit
		Adopted                   []string // plan, version and meeting of each plan's latest fastställande
		Decisions                 []string `json:",omitempty"` // each proposal's recorded steps; omitted when none, so older hashes stay
	}{Schema: 2, Generator: m.Generator, Code: p.code(), Package: m.Package, Audience: m.Audience, Forum: j.Forum, Plan: j.Plan,
		Meeting: m.Meeting, Time: m.Time, Inputs: m.Inputs, Catalog: p.Config.Catalog, StaleAfterDays: p.Config.StaleAfterDays,
		Renderers: len(p.Renderers)}
	if !rep.PreviousMeeting.IsZero() {
		key.PreviousMeeting = report.ShortDate(rep.PreviousMeeting)
	}
	for _, e := range rep.Sources {
		if sum, ok := prev[e.Plan.Name]; ok {
			key.Previous = append(key.Previous, e.Plan.Name+" "+sum)
		}
	}
	if !rep.Deadline.IsZero() {
		key.Deadline = report.ShortDate(rep.Deadline)
	}
	// Adoptions shape the packages that show them: a council's overview, and a
	// plan's own package (its latest fastställd version). In overview order, so
	// deterministic.
	for _, row := range rep.Overview {
		if a := row.Adopted; a != nil && (rep.ShowsAdoption() || rep.Audience == plan.AudiencePlan) {
			key.Adopted = append(key.Adopted, fmt.Sprintf("%s %d %s %s", row.Name, a.Version, a.Forum, report.ShortDate(a.Meeting)))
		}
	}
	// Decisions shape every package that lists proposals; in report order.
	for _, pr := range rep.Proposals {
		if !rep.ShowsProposals() {
			break
		}
		for _, it := range pr.Items {
			for _, d := range it.Trail {
				key.Decisions = append(key.Decisions, fmt.Sprintf("%s %s %s %s %s %q", it.Plan, it.Activity.ID, d.Stage, d.Outcome, report.ShortDate(d.Date), d.Note))
			}
		}
	}
	for _, r := range p.Renderers {
		key.Extensions = append(key.Extensions, r.Ext)
	}
	sum := sha256.Sum256(mustJSON(key))
	return hex.EncodeToString(sum[:])
}

func (p *Publisher) input(ctx context.Context, j Job, latest []store.Version, hist *history) (report.Input, map[string]string, error) {
	return input(ctx, p.Config, hist, j, latest)
}

// Input assembles the report input for j from the store: the latest versions,
// adoptions, decisions on proposals, the deadline when j is the meeting's own build, and for changes since
// the previous meeting the versions that were current then. prev gives the sha256
// of each plan's version at the previous meeting. The web page's overview uses it
// too, so that it flags what the meeting's documents flag.
func Input(ctx context.Context, cfg *config.Config, st *store.Store, j Job, latest []store.Version) (in report.Input, prev map[string]string, err error) {
	return input(ctx, cfg, &history{st: st}, j, latest)
}

// input is Input reading the earlier versions through hist.
func input(ctx context.Context, cfg *config.Config, hist *history, j Job, latest []store.Version) (in report.Input, prev map[string]string, err error) {
	st := hist.st
	in = report.Input{Catalog: &cfg.Catalog, Meeting: j.Meeting, StaleAfterDays: cfg.StaleAfterDays}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
		// The as-of time of the data, not the clock: unchanged plans give identical files.
		if v.Received.After(in.Generated) {
			in.Generated = v.Received
		}
	}
	adopted, err := st.LatestAdoptedAll(ctx)
	if err != nil {
		return in, nil, err
	}
	for name, a := range adopted {
		if in.Adopted == nil {
			in.Adopted = map[string]report.Adoption{}
		}
		in.Adopted[name] = report.Adoption{Version: a.Version, Forum: a.Forum, Meeting: a.Meeting}
	}
	if in.Decisions, err = st.AllDecisions(ctx); err != nil {
		return in, nil, err
	}
	if j.Audience == plan.AudiencePlan {
		return planInput(ctx, hist, j, in)
	}
	if m, ok := cfg.NextMeeting(j.Audience, j.Forum, j.Meeting); ok && m.Date.Equal(day(j.Meeting)) {
		in.Deadline = cfg.DeadlineOf(m)
		var err error
		if in.Received, err = st.ReceivedTimes(ctx); err != nil {
			return in, nil, err
		}
	}
	pm, ok := cfg.PreviousMeeting(config.Meeting{Audience: j.Audience, Forum: j.Forum, Date: j.Meeting})
	if !ok {
		return in, nil, nil
	}
	in.PreviousMeeting = pm.Date
	in.Previous = map[string]*plan.Plan{}
	prev = map[string]string{}
	for _, v := range latest {
		old, err := hist.versionAt(ctx, v.Name, pm.Date)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return in, nil, err
		}
		in.Previous[v.Name] = old.Plan
		prev[v.Name] = old.SHA256
	}
	return in, prev, nil
}

// planInput is the input of a plan's own package: the plan's latest fastställd
// version when it has one (SPEC §7), else its latest version, compared with the
// version before it.
func planInput(ctx context.Context, hist *history, j Job, in report.Input) (report.Input, map[string]string, error) {
	in, err := AdoptedInput(ctx, hist.st, in, j.Plan)
	if err != nil {
		return in, nil, err
	}
	in.Previous = map[string]*plan.Plan{}
	prev := map[string]string{}
	for _, e := range in.Current {
		if e.Plan.Name != j.Plan || e.Version < 2 {
			continue
		}
		old, err := hist.version(ctx, e.Plan.Name, e.Version-1)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return in, nil, err
		}
		in.Previous[e.Plan.Name] = old.Plan
		prev[e.Plan.Name] = old.SHA256
	}
	return in, prev, nil
}

// AdoptedInput puts the plan's latest fastställd version in place of its latest
// version in in.Current; a plan never adopted keeps its latest version. The site
// and the Plan package show the same version by way of it.
func AdoptedInput(ctx context.Context, st *store.Store, in report.Input, name string) (report.Input, error) {
	a, ok := in.Adopted[name]
	if !ok {
		return in, nil
	}
	cur := append([]report.Entry(nil), in.Current...)
	for i, e := range cur {
		if e.Plan.Name != name || e.Version == a.Version {
			continue
		}
		v, err := st.Version(ctx, name, a.Version)
		if err != nil {
			return in, fmt.Errorf("publish: the adopted version %d of %s: %w", a.Version, name, err)
		}
		cur[i] = report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received}
	}
	in.Current = cur
	return in, nil
}

// history reads the earlier plan versions that packages are compared with, each
// once per run: the packages of a run share their previous meetings, and at 100
// times the sample decoding the same plans for every package was 4 % of a build.
// What a version was at a past time does not change during a run.
type history struct {
	st  *store.Store
	mu  sync.Mutex
	got map[historyKey]historyEntry // nil: remember nothing
}

type historyKey struct {
	name   string
	number int   // Version; 0 for VersionAt
	at     int64 // VersionAt's time, in Unix nanoseconds
}

type historyEntry struct {
	v   *store.Version
	err error // nil or store.ErrNotFound; other errors are not kept
}

func (h *history) version(ctx context.Context, name string, n int) (*store.Version, error) {
	return h.get(historyKey{name: name, number: n}, func() (*store.Version, error) { return h.st.Version(ctx, name, n) })
}

func (h *history) versionAt(ctx context.Context, name string, t time.Time) (*store.Version, error) {
	return h.get(historyKey{name: name, at: t.UnixNano()}, func() (*store.Version, error) { return h.st.VersionAt(ctx, name, t) })
}

func (h *history) get(k historyKey, read func() (*store.Version, error)) (*store.Version, error) {
	if h.got == nil {
		return read()
	}
	h.mu.Lock()
	e, ok := h.got[k]
	h.mu.Unlock()
	if ok {
		return e.v, e.err
	}
	v, err := read()
	if err == nil || errors.Is(err, store.ErrNotFound) {
		h.mu.Lock()
		h.got[k] = historyEntry{v: v, err: err}
		h.mu.Unlock()
	}
	return v, err
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // manifests and input keys are plain data
	}
	return b
}
