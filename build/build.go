// Package build is the one way packages get built: a queue with one worker that
// the scheduler, the web page, the API and the command line all submit to. The
// queue holds the output folder's lock for as long as it is open, so that one
// process at a time writes packages, and it cleans up after a process that died:
// half-built folders, a package left beside its place, runs still marked running.
//
// A request equal to one still waiting in the queue joins it instead of building
// the same package twice.
package build

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/filelock"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/store"
)

// Request asks for packages, as the CLI's run flags do.
type Request struct {
	Audience string    // "kr", "rsl", "svn", "plan" or "all"
	Forum    string    // a council's name (kr); empty: every council
	Plan     string    // a plan's name (plan); empty: every plan
	Meeting  time.Time // meeting date; zero: the next meeting
	Reason   string    // Swedish, shown in run history: "schemalagd", "manuell", "ändrad plan: RPO X", "ikapp efter avbrott"
	By       string    // user name, "schemaläggaren" or "kommandoraden"
	Force    bool      // rebuild even when inputs are unchanged
}

// AudienceAll asks for every package of the region.
const AudienceAll = "all"

// AudienceSite asks for the public website (package site) in the output
// folder's publicerat/; AudienceAll builds it too, after the packages.
const AudienceSite = "site"

// AfterAdoption are the builds a fastställande asks for: the plan's own package
// (which shows its latest fastställd version) and the public website. The web
// page and the API submit them after an adoption, so that the service's
// /publicerat/ follows.
func AfterAdoption(planName, by string) []Request {
	reason := "fastställd: " + planName
	return []Request{
		{Audience: string(plan.AudiencePlan), Plan: planName, Reason: reason, By: by},
		{Audience: AudienceSite, Reason: reason, By: by},
	}
}

// Progress is how far a queued or running request has come.
type Progress struct {
	Done, Total int    // packages finished and to build; Total is 0 while queued
	Current     string // the package being built, in Swedish; empty while queued
}

// Event tells about one finished package of a run, for progress displays.
type Event struct {
	RunID       int64
	Done, Total int
	Job         string // the package, in Swedish, e.g. "Kunskapsråd Medicin 2026-12-03"
	Package     string // its folder in the output folder; empty when it failed
	Skipped     bool   // the package in place already had these inputs
	Err         error  // why it failed; nil when it did not
}

// Options configure a queue. Store and Config are required.
type Options struct {
	Store     *store.Store
	Config    *config.Config     // an immutable snapshot; Reload swaps it for another
	Renderers []publish.Renderer // default: publish.Renderers()
	Version   string             // generator version for the manifests
	Code      string             // identity of the rendering code (publish.Publisher.Code); empty: the running binary's
	Log       *slog.Logger       // default: discard
	Now       func() time.Time   // default: time.Now; for which meeting is next
	// LockWait is how long New waits for another process to release the output
	// folder; 0 fails at once.
	LockWait time.Duration
	// Workers is how many packages of a run are built at once; 0 means
	// GOMAXPROCS. Runs still follow one another, under the one lock.
	Workers int
	// Events, when set, is called by the worker after each package, in the
	// order of the run's packages.
	Events func(Event)
	// Finished, when set, is called when a run ends (also when Close aborts it
	// before it started), e.g. for the metrics of builds by outcome and duration.
	Finished func(Finished)
}

// Finished tells how a run ended.
type Finished struct {
	RunID    int64
	Outcome  store.RunStatus
	Message  string        // Swedish; empty when it succeeded
	Duration time.Duration // from start to end; 0 when it never started
}

// Queue is the build queue of one process. Its methods are safe for concurrent use.
type Queue struct {
	opts   Options
	cfg    atomic.Pointer[config.Config]
	outDir string // absolute
	lock   *filelock.Lock
	log    *slog.Logger

	mu      sync.Mutex
	pending []*item
	current *item
	byID    map[int64]*item // pending and current
	closed  bool
	wake    chan struct{} // a request was added

	stop       chan struct{} // closed by Close: finish the package in progress, then stop
	hard       context.Context
	hardCancel context.CancelFunc // abandons the package in progress
	workerDone chan struct{}
	closeOnce  sync.Once
	closeErr   error
}

// item is a request in the queue.
type item struct {
	id       int64
	started  time.Time // zero while queued
	req      Request   // normalised: canonical names, meeting at midnight
	key      string
	done     chan struct{}
	err      error    // set before done is closed
	progress Progress // guarded by Queue.mu
}

// Messages shown in the run history.
const (
	msgInterrupted = "Körningen avbröts: processen stoppades innan den var klar."
	msgNotStarted  = "Körningen avbröts: tjänsten stängdes innan den hann starta."
)

// New takes the output folder's lock (waiting up to opts.LockWait for another
// process), puts back or removes what a killed build left there, marks runs
// still queued or running into that folder as aborted ("avbruten") and starts
// the worker. Another process holding the folder is apperr.Conflict.
func New(opts Options) (*Queue, error) {
	if opts.Store == nil || opts.Config == nil {
		return nil, errors.New("build: store and config are required")
	}
	if opts.Renderers == nil {
		opts.Renderers = publish.Renderers()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	outDir, err := filepath.Abs(opts.Config.OutputDir)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "", "build.New", err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, apperr.Wrap(apperr.Internal, fmt.Sprintf("Utdatakatalogen %s kan inte skapas.", outDir), "build.New", err)
	}
	lockPath := filepath.Join(outDir, output.LockName)
	ctx, cancel := context.WithTimeout(context.Background(), opts.LockWait)
	lock, err := filelock.Wait(ctx, lockPath)
	cancel()
	if errors.Is(err, filelock.ErrBusy) {
		// The service holds the folder for as long as it runs, so waiting only
		// helps against another run command.
		return nil, apperr.Wrap(apperr.Conflict, fmt.Sprintf("Utdatakatalogen %s används av en annan process. "+
			"Är det ett annat run-kommando, vänta tills det är klart och försök igen. Är det tjänsten (serve), "+
			"beställ bygget på dess webbsida under Körningar eller med POST /api/runs.", outDir), "build.New", err)
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, fmt.Sprintf("Utdatakatalogen %s kan inte låsas.", outDir), "build.New", err)
	}
	q := &Queue{opts: opts, outDir: outDir, lock: lock, log: opts.Log, byID: map[int64]*item{},
		wake: make(chan struct{}, 1), stop: make(chan struct{}), workerDone: make(chan struct{})}
	q.cfg.Store(opts.Config)
	if err := q.recover(); err != nil {
		lock.Unlock()
		return nil, err
	}
	q.hard, q.hardCancel = context.WithCancel(context.Background())
	go q.work()
	return q, nil
}

// recover cleans up after a process that died while it held the lock.
func (q *Queue) recover() error {
	c, err := output.Recover(q.outDir)
	if len(c.Restored) > 0 || len(c.Removed) > 0 {
		q.log.Warn("output folder recovered after an interrupted build",
			"folder", q.outDir, "restored", c.Restored, "removed", c.Removed)
	}
	if err != nil {
		return apperr.Wrap(apperr.Internal, fmt.Sprintf("Utdatakatalogen %s kunde inte städas efter ett avbrott.", q.outDir),
			"build.recover", err)
	}
	n, err := q.opts.Store.AbandonRuns(context.Background(), q.outDir, msgInterrupted)
	if err != nil {
		return apperr.Wrap(apperr.Internal, "", "build.recover", err)
	}
	if n > 0 {
		q.log.Warn("interrupted runs marked as aborted", "runs", n)
	}
	return nil
}

// Config is the configuration snapshot that the next run will use.
func (q *Queue) Config() *config.Config { return q.cfg.Load() }

// Reload makes cfg the configuration of the runs that start from now on; a run
// in progress keeps the snapshot it started with. The output folder cannot
// change while the queue holds its lock: that is apperr.Invalid.
func (q *Queue) Reload(cfg *config.Config) error {
	if cfg == nil {
		return errors.New("build: nil config")
	}
	dir, err := filepath.Abs(cfg.OutputDir)
	if err != nil || dir != q.outDir {
		return apperr.Newf(apperr.Invalid, "output_dir kan inte ändras medan tjänsten kör (%s); starta om tjänsten", q.outDir)
	}
	q.cfg.Store(cfg)
	return nil
}

// Submit queues a request and returns its run. A request for the same packages
// (audience, forum, plan and meeting) as one still waiting joins it: the same run
// id comes back with joined true, and a Force in either counts for both. Unknown
// audiences, councils and plans are apperr.Invalid with a Swedish message; a
// closed queue is apperr.Unavailable.
func (q *Queue) Submit(ctx context.Context, r Request) (runID int64, joined bool, err error) {
	r, err = Normalize(q.cfg.Load(), r)
	if err != nil {
		return 0, false, err
	}
	key := r.key()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return 0, false, errClosed
	}
	for _, it := range q.pending {
		if it.key == key {
			it.req.Force = it.req.Force || r.Force
			return it.id, true, nil
		}
	}
	id, err := q.opts.Store.CreateRun(ctx, store.Run{Audience: r.Audience, Forum: r.Forum, Plan: r.Plan,
		Meeting: r.Meeting, Reason: r.Reason, By: r.By, Force: r.Force, Output: q.outDir})
	if err != nil {
		return 0, false, apperr.Wrap(apperr.Internal, "", "build.Submit", err)
	}
	it := &item{id: id, req: r, key: key, done: make(chan struct{})}
	q.pending = append(q.pending, it)
	q.byID[id] = it
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return id, false, nil
}

var errClosed = apperr.New(apperr.Unavailable, "Byggkön stängs just nu; försök igen när tjänsten har startat om.")

// Normalize checks a request against cfg and gives it canonical names (audience
// in lower case, the council's and the plan's full names, the meeting at
// midnight), so that equal requests compare equal. Submit calls it; callers may
// call it first to refuse a bad request before they open anything. Errors are
// apperr.Invalid with a Swedish message.
func Normalize(cfg *config.Config, r Request) (Request, error) {
	r.Audience = plan.Fold(r.Audience)
	r.Forum = strings.TrimSpace(r.Forum)
	r.Plan = strings.TrimSpace(r.Plan)
	if !r.Meeting.IsZero() {
		y, m, d := r.Meeting.Date()
		r.Meeting = time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	}
	if r.Audience == "" {
		return r, apperr.New(apperr.Invalid, "Ange målgrupp: kr, rsl, svn, plan eller all.")
	}
	if r.Audience == AudienceAll || r.Audience == AudienceSite {
		if r.Forum != "" || r.Plan != "" {
			return r, apperr.Newf(apperr.Invalid, "Målgruppen %s bygger allt på en gång; ange varken kunskapsråd eller plan.", r.Audience)
		}
		return r, nil
	}
	a, err := plan.ParseAudience(r.Audience)
	if err != nil {
		return r, apperr.Newf(apperr.Invalid, "Okänd målgrupp %q; välj kr, rsl, svn, plan eller all.", r.Audience)
	}
	r.Audience = string(a)
	switch {
	case r.Forum != "" && a != plan.AudienceKR:
		return r, apperr.Newf(apperr.Invalid, "Kunskapsråd anges bara för målgruppen kr, inte för %s.", a)
	case r.Plan != "" && a != plan.AudiencePlan:
		return r, apperr.Newf(apperr.Invalid, "Plan anges bara för målgruppen plan, inte för %s.", a)
	}
	if r.Forum != "" {
		f, ok := cfg.Council(r.Forum)
		if !ok {
			return r, apperr.Newf(apperr.Invalid, "Okänt kunskapsråd %q; välj ett av: %s.", r.Forum, strings.Join(cfg.Councils(), ", "))
		}
		r.Forum = f.Name
	}
	if r.Plan != "" {
		name, _, ok := cfg.Catalog.Area(r.Plan)
		if !ok {
			return r, apperr.Newf(apperr.Invalid, "Okänt programområde eller okänd samverkansgrupp %q.", r.Plan)
		}
		r.Plan = name
	}
	return r, nil
}

func (r Request) key() string {
	m := ""
	if !r.Meeting.IsZero() {
		m = r.Meeting.Format("2006-01-02")
	}
	return strings.Join([]string{r.Audience, r.Forum, r.Plan, m}, "\x00")
}

// Wait blocks until the run has ended or ctx is done. It returns nil when every
// package was built, and otherwise an *apperr.Error whose Swedish message says
// what went wrong (the details are in the log). A run that ended before Wait was
// called is looked up in the store; an unknown run is apperr.NotFound.
func (q *Queue) Wait(ctx context.Context, runID int64) error {
	q.mu.Lock()
	it := q.byID[runID]
	q.mu.Unlock()
	if it != nil {
		select {
		case <-it.done:
			return it.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r, err := q.opts.Store.RunByID(ctx, runID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return apperr.Newf(apperr.NotFound, "Körning %d finns inte.", runID)
		}
		return apperr.Wrap(apperr.Internal, "", "build.Wait", err)
	}
	return outcomeErr(r.Outcome, r.Error)
}

// outcomeErr is what Wait returns for a finished run.
func outcomeErr(o store.RunStatus, msg string) error {
	switch o {
	case store.RunOK:
		return nil
	case store.RunAborted:
		return apperr.New(apperr.Unavailable, msg)
	case store.RunFailed:
		return apperr.New(apperr.Internal, msg)
	}
	// Queued or running in the store but not here: another process's run.
	return apperr.New(apperr.Conflict, "Körningen pågår i en annan process.")
}

// Progress tells how far a queued or running request has come; false when the
// run is not (or no longer) in the queue.
func (q *Queue) Progress(runID int64) (Progress, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, ok := q.byID[runID]
	if !ok {
		return Progress{}, false
	}
	return it.progress, true
}

// Len is the number of requests queued or running, for /metrics.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := len(q.pending)
	if q.current != nil {
		n++
	}
	return n
}

// Close stops accepting requests, aborts those still waiting, lets the package in
// progress finish and releases the output folder. When ctx ends first, the
// package in progress is abandoned between two of its files – the previous
// package stays in place – and Close returns an error saying so. Close is
// idempotent.
func (q *Queue) Close(ctx context.Context) error {
	q.closeOnce.Do(func() {
		q.mu.Lock()
		q.closed = true
		waiting := q.pending
		q.pending = nil
		for _, it := range waiting {
			delete(q.byID, it.id)
		}
		q.mu.Unlock()
		close(q.stop) // first, so that the worker stops after the package in progress
		for _, it := range waiting {
			q.finish(it, store.RunAborted, msgNotStarted)
		}
		select {
		case <-q.workerDone:
		case <-ctx.Done():
			q.hardCancel()
			<-q.workerDone
			q.closeErr = apperr.Wrap(apperr.Unavailable, "Paketet som byggdes hann inte bli klart och byggs inte; det förra paketet finns kvar.",
				"build.Close", ctx.Err())
		}
		q.hardCancel()
		if err := q.lock.Unlock(); err != nil && q.closeErr == nil {
			q.closeErr = apperr.Wrap(apperr.Internal, "", "build.Close", err)
		}
	})
	return q.closeErr
}

// work is the one worker: it runs the requests in order until Close.
func (q *Queue) work() {
	defer close(q.workerDone)
	for {
		q.mu.Lock()
		var it *item
		if len(q.pending) > 0 {
			it = q.pending[0]
			q.pending = q.pending[1:]
			q.current = it
		}
		q.mu.Unlock()
		if it == nil {
			select {
			case <-q.wake:
				continue
			case <-q.stop:
				return
			}
		}
		q.run(it)
		q.mu.Lock()
		q.current = nil
		delete(q.byID, it.id)
		q.mu.Unlock()
		select {
		case <-q.stop:
			return
		default:
		}
	}
}

// run builds one request's packages with the configuration of the moment it
// starts.
func (q *Queue) run(it *item) {
	cfg := q.cfg.Load()
	st := q.opts.Store
	pub := &publish.Publisher{Store: st, Config: cfg, Renderers: q.opts.Renderers, Version: q.opts.Version,
		Code: q.opts.Code, Log: q.log, Now: q.opts.Now, Workers: q.opts.Workers}
	ctx := q.hard
	bg := context.WithoutCancel(ctx) // the run's record is written even when the build is abandoned
	log := q.log.With("run", it.id)

	if it.req.Audience == AudienceSite {
		q.runSite(ctx, it, cfg, log)
		return
	}
	jobs, err := q.jobs(ctx, pub, it.req)
	if err != nil {
		log.Error("build: cannot plan the run", "err", err)
		q.finish(it, store.RunFailed, "Körningen kunde inte planeras: "+apperr.MessageOf(err))
		return
	}
	latest, err := pub.Latest(ctx)
	if err == nil {
		err = st.StartRun(bg, it.id, len(jobs))
	}
	if err != nil {
		log.Error("build: cannot start the run", "err", err)
		q.finish(it, store.RunFailed, "Körningen kunde inte starta: "+apperr.MessageOf(err))
		return
	}
	q.mu.Lock()
	it.progress = Progress{Total: len(jobs)}
	it.started = time.Now()
	q.mu.Unlock()
	log.Info("run started", "audience", it.req.Audience, "forum", it.req.Forum, "plan", it.req.Plan,
		"packages", len(jobs), "reason", it.req.Reason, "by", it.req.By)

	for i := range jobs {
		jobs[i].Force = it.req.Force
	}
	// Packages build side by side (publish.Publisher.Workers); their progress is
	// told in the order of the jobs.
	var failed []string
	done, abandoned := 0, ""
	q.setProgress(it, Progress{Total: len(jobs), Current: current(jobs, 0)})
	stopping := func() bool {
		select {
		case <-q.stop:
			return true
		default:
			return false
		}
	}
	pub.Each(ctx, it.id, jobs, latest, func() bool { return !stopping() }, func(i int, res publish.Result, err error) {
		j := jobs[i]
		if abandoned != "" {
			return
		}
		if err != nil && ctx.Err() != nil {
			log.Warn("package abandoned at shutdown", "package", j.Name(), "err", err)
			abandoned = j.Name()
			return
		}
		done++
		ev := Event{RunID: it.id, Done: done, Total: len(jobs), Job: j.Name(), Skipped: res.Skipped, Err: err}
		if err != nil {
			log.Error("package failed", "package", j.Name(), "err", err)
			failed = append(failed, j.Name()+": "+userMessage(err))
		} else {
			ev.Package = filepath.Base(res.Package.Dir)
			log.Info("package done", "package", ev.Package, "skipped", res.Skipped)
		}
		if err := st.RunProgress(bg, it.id, done); err != nil {
			log.Error("build: cannot record progress", "err", err)
		}
		q.setProgress(it, Progress{Done: done, Total: len(jobs), Current: current(jobs, done)})
		if q.opts.Events != nil {
			q.opts.Events(ev)
		}
	})
	switch {
	case abandoned != "":
		q.finish(it, store.RunAborted, fmt.Sprintf("Körningen avbröts när tjänsten stängdes; %d av %d paket hann byggas, %s byggdes inte.",
			done, len(jobs), abandoned))
		return
	case done < len(jobs):
		q.finish(it, store.RunAborted, fmt.Sprintf("Körningen avbröts när tjänsten stängdes; %d av %d paket hann byggas.", done, len(jobs)))
		return
	}
	if it.req.Audience == AudienceAll {
		if err := q.buildSite(ctx, it.id, cfg, it.req.Force, false, log); err != nil {
			failed = append(failed, "Webbplatsen: "+userMessage(err))
		}
	}
	if len(failed) > 0 {
		q.finish(it, store.RunFailed, fmt.Sprintf("%d av %d paket kunde inte byggas (det förra paketet finns kvar): %s",
			len(failed), len(jobs), strings.Join(failed, "; ")))
		return
	}
	q.finish(it, store.RunOK, "")
}

// userMessage is what the run history says about a failed package: the error's
// own Swedish message, or a pointer to the log for an internal one.
func userMessage(err error) string {
	if apperr.CodeOf(err) == apperr.Internal {
		return "internt fel (detaljer i tjänstens logg)"
	}
	return apperr.MessageOf(err)
}

func (q *Queue) jobs(ctx context.Context, pub *publish.Publisher, r Request) ([]publish.Job, error) {
	if r.Audience != AudienceAll {
		return pub.Jobs(ctx, plan.Audience(r.Audience), r.Forum, r.Plan, r.Meeting)
	}
	var all []publish.Job
	for _, a := range plan.Audiences {
		jobs, err := pub.Jobs(ctx, a, "", "", r.Meeting) // a plan's package is dated by the plan
		if err != nil {
			return nil, err
		}
		all = append(all, jobs...)
	}
	return all, nil
}

// current names the first package not yet done, for Progress.
func current(jobs []publish.Job, done int) string {
	if done < len(jobs) {
		return jobs[done].Name()
	}
	return ""
}

func (q *Queue) setProgress(it *item, p Progress) {
	q.mu.Lock()
	it.progress = p
	q.mu.Unlock()
}

// finish records the run's outcome and wakes its waiters.
func (q *Queue) finish(it *item, o store.RunStatus, msg string) {
	if err := q.opts.Store.FinishRun(context.Background(), it.id, o, msg); err != nil {
		q.log.Error("build: cannot record the end of a run", "run", it.id, "outcome", o, "err", err)
	}
	var d time.Duration
	if !it.started.IsZero() {
		d = time.Since(it.started)
	}
	q.log.Info("run ended", "run", it.id, "outcome", o, "message", msg, "seconds", d.Seconds())
	if q.opts.Finished != nil {
		q.opts.Finished(Finished{RunID: it.id, Outcome: o, Message: msg, Duration: d})
	}
	it.err = outcomeErr(o, msg)
	close(it.done)
}
