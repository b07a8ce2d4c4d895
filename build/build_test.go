package build_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/report"
	"handlingsplan/store"
)

// today is the fixed day the tests run on: before the December meetings.
var today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)

// env is a data folder with the sample region in a real store and an output folder.
type env struct {
	dir string
	cfg *config.Config
	st  *store.Store
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	dir := tb.TempDir()
	e := openEnv(tb, dir)
	fill(tb, e)
	return e
}

// openEnv opens the store and configuration of an existing data folder.
func openEnv(tb testing.TB, dir string) *env {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.OutputDir = filepath.Join(dir, "output")
	st, err := store.Open(filepath.Join(dir, "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return &env{dir: dir, cfg: cfg, st: st}
}

// fill stores the sample region: earlier versions in August, the current ones today.
func fill(tb testing.TB, e *env) {
	tb.Helper()
	set := sample.Make(&e.cfg.Catalog, today, 1)
	for _, batch := range []struct {
		plans []*plan.Plan
		at    time.Time
	}{{set.Earlier, set.EarlyDay}, {set.Current, today}} {
		at := batch.at
		e.st.Now = func() time.Time { return at }
		for _, p := range batch.plans {
			sum := sha256.Sum256([]byte(p.Name + at.String()))
			sub := store.Submission{FileName: p.Name + ".xlsx", SHA256: hex.EncodeToString(sum[:]), Format: "xlsx", Received: at}
			if _, _, _, err := e.st.Accept(context.Background(), sub, p); err != nil {
				tb.Fatal(err)
			}
		}
	}
	e.st.Now = time.Now
}

// textRenderer writes a small but real file per package: what a reader would
// check first (title, plans in it, changes since the previous meeting).
func textRenderer(ext string) publish.Renderer {
	return publish.Renderer{Ext: ext, Write: func(ctx context.Context, w io.Writer, r *report.Report, _ *plan.Catalog) error {
		fmt.Fprintf(w, "%s\n%s\nplaner: %d\nförändringar: %d\n", r.Title, r.Subtitle, len(r.Sources), len(r.Changes))
		return ctx.Err()
	}}
}

func fastRenderers() []publish.Renderer {
	return []publish.Renderer{textRenderer(".txt"), textRenderer(".md")}
}

func (e *env) queue(tb testing.TB, renderers []publish.Renderer) *build.Queue {
	tb.Helper()
	return e.queueN(tb, renderers, 0)
}

// queueN opens a queue that builds up to workers packages at once (0: GOMAXPROCS).
func (e *env) queueN(tb testing.TB, renderers []publish.Renderer, workers int) *build.Queue {
	tb.Helper()
	q, err := build.New(build.Options{Store: e.st, Config: e.cfg, Renderers: renderers, Version: "test",
		Now: func() time.Time { return today }, Workers: workers})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { q.Close(context.Background()) })
	return q
}

// debris lists what is in the output folder besides whole packages and the lock.
func debris(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() == output.LockName {
			continue
		}
		if strings.HasPrefix(e.Name(), ".") || !e.IsDir() {
			out = append(out, e.Name())
			continue
		}
		if _, err := output.ReadManifest(filepath.Join(dir, e.Name())); err != nil {
			out = append(out, e.Name()+" (no manifest)")
		}
	}
	return out
}

func TestSubmitAndWait(t *testing.T) {
	e := newEnv(t)
	var finished []build.Finished
	var mu sync.Mutex
	q, err := build.New(build.Options{Store: e.st, Config: e.cfg, Renderers: fastRenderers(), Version: "test",
		Now:      func() time.Time { return today },
		Finished: func(f build.Finished) { mu.Lock(); finished = append(finished, f); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close(context.Background())
	ctx := context.Background()
	id, joined, err := q.Submit(ctx, build.Request{Audience: "kr", Forum: "medicin", Reason: "manuell", By: "anna"})
	if err != nil || joined {
		t.Fatalf("Submit: %d, %v, %v", id, joined, err)
	}
	if err := q.Wait(ctx, id); err != nil {
		t.Fatal(err)
	}
	r, err := e.st.RunByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcome != store.RunOK || r.Forum != "Kunskapsråd Medicin" || r.Reason != "manuell" || r.By != "anna" ||
		r.Total != 1 || r.Done != 1 || len(r.Packages) != 1 || r.Started.IsZero() || r.Finished.IsZero() {
		t.Errorf("run = %+v", r)
	}
	b, err := os.ReadFile(filepath.Join(e.cfg.OutputDir, "Kunskapsrad-Medicin_2026-12-03", "Kunskapsrad-Medicin_2026-12-03.txt"))
	if err != nil || !strings.HasPrefix(string(b), "Kunskapsråd Medicin\nUnderlag till mötet 3 december 2026") {
		t.Errorf("package file: %q, %v", b, err)
	}
	// Unchanged inputs: nothing is written again unless forced.
	id2, _, _ := q.Submit(ctx, build.Request{Audience: "kr", Forum: "Kunskapsråd Medicin"})
	if err := q.Wait(ctx, id2); err != nil {
		t.Fatal(err)
	}
	id3, _, _ := q.Submit(ctx, build.Request{Audience: "kr", Forum: "Medicin", Force: true})
	if err := q.Wait(ctx, id3); err != nil {
		t.Fatal(err)
	}
	r2, _ := e.st.RunByID(ctx, id2)
	r3, _ := e.st.RunByID(ctx, id3)
	if len(r2.Packages) != 0 || len(r3.Packages) != 1 || r2.Outcome != store.RunOK {
		t.Errorf("unchanged run made %d packages, forced run %d; want 0 and 1", len(r2.Packages), len(r3.Packages))
	}
	// A known plan that nobody has submitted: the run fails with a Swedish reason.
	empty, _, err := q.Submit(ctx, build.Request{Audience: "plan", Plan: "RPO Njur- och urinvägssjukdomar"})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Wait(ctx, empty); err == nil || !strings.Contains(apperr.MessageOf(err), "ingen plan för RPO Njur- och urinvägssjukdomar har lämnats in") {
		t.Errorf("run for an unsubmitted plan: %v", err)
	}
	if _, ok := q.Progress(id); ok {
		t.Error("Progress of a finished run still reported")
	}
	if err := q.Wait(ctx, 9999); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("Wait(unknown) = %v, want not_found", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(finished) != 4 || finished[0].RunID != id || finished[0].Outcome != store.RunOK || finished[0].Duration <= 0 {
		t.Errorf("Finished calls = %+v", finished)
	}
}

func TestSubmitInvalid(t *testing.T) {
	e := newEnv(t)
	q := e.queue(t, fastRenderers())
	tests := []struct {
		name string
		req  build.Request
		want string
	}{
		{"NoAudience", build.Request{}, "Ange målgrupp"},
		{"UnknownAudience", build.Request{Audience: "styrelsen"}, `Okänd målgrupp "styrelsen"`},
		{"UnknownCouncil", build.Request{Audience: "kr", Forum: "Ortopedi"}, `Okänt kunskapsråd "Ortopedi"; välj ett av: Medicin`},
		{"ForumNotKR", build.Request{Audience: "rsl", Forum: "Medicin"}, "bara för målgruppen kr"},
		{"UnknownPlan", build.Request{Audience: "plan", Plan: "RPO Påhittat"}, `Okänt programområde`},
		{"AllWithPlan", build.Request{Audience: "all", Plan: "RPO Psykisk hälsa"}, "ange varken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := q.Submit(context.Background(), tt.req)
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), tt.want) {
				t.Errorf("err = %v, want invalid with %q", err, tt.want)
			}
		})
	}
	if runs, _ := e.st.Runs(context.Background(), 0); len(runs) != 0 {
		t.Errorf("%d runs recorded for invalid requests", len(runs))
	}
}

// gate is a renderer that holds the worker on its first file until released.
type gate struct {
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate() *gate { return &gate{entered: make(chan struct{}), release: make(chan struct{})} }

func (g *gate) renderer() publish.Renderer {
	return publish.Renderer{Ext: ".txt", Write: func(ctx context.Context, w io.Writer, r *report.Report, _ *plan.Catalog) error {
		first := false
		g.once.Do(func() { first = true; close(g.entered) })
		if first {
			select {
			case <-g.release:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		_, err := fmt.Fprintln(w, r.Title)
		return err
	}}
}

// Many goroutines asking at once, for different packages and for the same ones:
// every request succeeds, equal requests waiting in the queue share one run, and
// the output folder holds only whole packages. Run with -race.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	g := newGate()
	q := e.queue(t, []publish.Renderer{g.renderer(), textRenderer(".md")})
	ctx := context.Background()
	first, _, err := q.Submit(ctx, build.Request{Audience: "rsl", Reason: "schemalagd", By: "schemaläggaren"})
	if err != nil {
		t.Fatal(err)
	}
	<-g.entered // the worker is busy; everything below waits in the queue
	kinds := []build.Request{
		{Audience: "kr", Forum: "Medicin"},
		{Audience: "kr", Forum: "Kunskapsråd Medicin"}, // the same council by another name
		{Audience: "KR", Forum: "kirurgi och cancer"},
		{Audience: "svn"},
		{Audience: "plan", Plan: "psykisk hälsa"},
		{Audience: "plan", Plan: "RPO Psykisk hälsa"},
		{Audience: "rsl", Meeting: time.Date(2027, 3, 18, 14, 0, 0, 0, time.Local)},
		{Audience: "all", Force: true},
	}
	const perKind = 8
	type result struct {
		kind   int
		id     int64
		joined bool
		err    error
	}
	results := make(chan result, len(kinds)*perKind)
	var wg sync.WaitGroup
	for k, r := range kinds {
		for range perKind {
			wg.Go(func() {
				r := r
				r.By = "test"
				id, joined, err := q.Submit(ctx, r)
				results <- result{k, id, joined, err}
			})
		}
	}
	wg.Wait()
	close(results)
	if n := q.Len(); n != 1+6 {
		t.Errorf("Len = %d, want 7 (one running, six distinct requests waiting)", n)
	}
	idOf := map[int]map[int64]bool{}
	joined := 0
	var all []int64
	for r := range results {
		if r.err != nil {
			t.Fatalf("Submit %+v: %v", kinds[r.kind], r.err)
		}
		if idOf[r.kind] == nil {
			idOf[r.kind] = map[int64]bool{}
		}
		idOf[r.kind][r.id] = true
		if r.joined {
			joined++
		}
		all = append(all, r.id)
	}
	distinct := map[int64]bool{}
	for k := range kinds {
		if len(idOf[k]) != 1 {
			t.Errorf("requests %+v got runs %v, want one", kinds[k], idOf[k])
		}
		for id := range idOf[k] {
			distinct[id] = true
		}
	}
	if len(distinct) != 6 || joined != len(kinds)*perKind-6 {
		t.Errorf("%d runs for %d requests (%d joined); want 6 runs", len(distinct), len(kinds)*perKind, joined)
	}
	if p, ok := q.Progress(first); !ok || p.Total != 1 || p.Current != "Regionsjukvårdsledningen 2026-12-17" {
		t.Errorf("progress of the running build = %+v, %v", p, ok)
	}
	close(g.release)
	for _, id := range append(all, first) {
		if err := q.Wait(ctx, id); err != nil {
			t.Errorf("run %d: %v", id, err)
		}
	}
	if q.Len() != 0 {
		t.Errorf("Len after all = %d", q.Len())
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
	// 4 councils + RSL + SVN + 17 plans, plus RSL on 18 March; and the site ("all").
	if entries, _ := os.ReadDir(e.cfg.OutputDir); len(entries) != 24+2 {
		t.Errorf("%d entries in the output folder, want 24 packages, the site and the lock", len(entries))
	}
	runs, _ := e.st.Runs(ctx, 0)
	for _, r := range runs {
		if r.Outcome != store.RunOK {
			t.Errorf("run %d: %s %s", r.ID, r.Outcome, r.Error)
		}
	}
}

// Many rounds of many goroutines building different packages at once: the
// check for issue 7's "four goroutines building different packages 200 times
// fail about 1 in 10".
func TestConcurrentDifferentPackagesManyRounds(t *testing.T) {
	e := newEnv(t)
	q := e.queue(t, fastRenderers())
	ctx := context.Background()
	forums := []string{"Medicin", "Kirurgi och cancer", "Psykisk hälsa", "Nära vård"}
	// 4 × 200 as in the issue takes a minute and a half with -race on a shared
	// two-core machine; BUILD_ROUNDS=200 runs it in full.
	rounds := 25
	if n, err := strconv.Atoi(os.Getenv("BUILD_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	var failed atomic.Int64
	var wg sync.WaitGroup
	for _, f := range forums {
		wg.Go(func() {
			for range rounds {
				id, _, err := q.Submit(ctx, build.Request{Audience: "kr", Forum: f, Force: true})
				if err == nil {
					err = q.Wait(ctx, id)
				}
				if err != nil {
					failed.Add(1)
					t.Log(err)
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d requests failed", n, len(forums)*rounds)
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
}

// One writer per output folder, across processes and within one: a second
// queue on the same folder is refused until the first closes.
func TestOneQueuePerOutputFolder(t *testing.T) {
	e := newEnv(t)
	q := e.queue(t, fastRenderers())
	_, err := build.New(build.Options{Store: e.st, Config: e.cfg, Renderers: fastRenderers()})
	if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(apperr.MessageOf(err), "används av en annan process") {
		t.Fatalf("second queue: %v, want conflict", err)
	}
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := q.Submit(context.Background(), build.Request{Audience: "rsl"}); apperr.CodeOf(err) != apperr.Unavailable {
		t.Errorf("Submit after Close: %v, want unavailable", err)
	}
	q2, err := build.New(build.Options{Store: e.st, Config: e.cfg, Renderers: fastRenderers()})
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	q2.Close(context.Background())
}

// readPackage reads the zip of the first package of a run.
func readPackage(tb testing.TB, e *env, runID int64) []byte {
	tb.Helper()
	r, err := e.st.RunByID(context.Background(), runID)
	if err != nil || len(r.Packages) == 0 {
		tb.Fatalf("run %d: %+v, %v", runID, r, err)
	}
	b, err := os.ReadFile(filepath.Join(e.cfg.OutputDir, r.Packages[0].ZipPath))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// A failed build leaves the previous package and its record in place and says
// why in the run history.
func TestFailedBuildKeepsPreviousPackage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	q := e.queue(t, fastRenderers())
	id, _, _ := q.Submit(ctx, build.Request{Audience: "svn"})
	if err := q.Wait(ctx, id); err != nil {
		t.Fatal(err)
	}
	q.Close(ctx)
	good := id
	want := readPackage(t, e, good)

	boom := errors.New("disk full while writing the workbook")
	q = e.queue(t, append(fastRenderers(), publish.Renderer{Ext: ".xlsx",
		Write: func(_ context.Context, w io.Writer, _ *report.Report, _ *plan.Catalog) error {
			io.WriteString(w, "half a workbook")
			return boom
		}}))
	id, _, _ = q.Submit(ctx, build.Request{Audience: "svn", Force: true})
	err := q.Wait(ctx, id)
	if err == nil || !strings.Contains(apperr.MessageOf(err), "1 av 1 paket kunde inte byggas") ||
		strings.Contains(apperr.MessageOf(err), "disk full") {
		t.Fatalf("Wait = %v; want a Swedish message without the internal cause", err)
	}
	if got := readPackage(t, e, good); !bytes.Equal(got, want) {
		t.Error("the failed build changed the previous package")
	}
	r, _ := e.st.RunByID(ctx, id)
	if r.Outcome != store.RunFailed || !strings.Contains(r.Error, "Överenskommelse") || len(r.Packages) != 0 {
		t.Errorf("failed run = %+v", r)
	}
	if pkgs, _ := e.st.Packages(ctx, 0); len(pkgs) != 1 {
		t.Errorf("%d stored packages, want the previous one only", len(pkgs))
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
}

// Close lets the package in progress finish and aborts what still waits. One
// worker, so that exactly one package is in progress.
func TestCloseFinishesPackageInProgress(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	g := newGate()
	// Close aborts the waiting run after it has told the worker to stop; release
	// the package in progress only then.
	aborted := make(chan struct{})
	q, err := build.New(build.Options{Store: e.st, Config: e.cfg, Renderers: []publish.Renderer{g.renderer(), textRenderer(".md")},
		Now: func() time.Time { return today }, Workers: 1, Finished: func(f build.Finished) {
			if f.Outcome == store.RunAborted && f.Duration == 0 {
				close(aborted)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	running, _, _ := q.Submit(ctx, build.Request{Audience: "kr"}) // four councils
	<-g.entered
	waiting, _, _ := q.Submit(ctx, build.Request{Audience: "rsl"})
	closed := make(chan error)
	go func() { closed <- q.Close(ctx) }()
	<-aborted
	close(g.release)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	r, _ := e.st.RunByID(ctx, running)
	if r.Outcome != store.RunAborted || len(r.Packages) != 1 || !strings.Contains(r.Error, "1 av 4 paket") {
		t.Errorf("running run after Close = %+v; want aborted after its first package", r)
	}
	if w, _ := e.st.RunByID(ctx, waiting); w.Outcome != store.RunAborted {
		t.Errorf("waiting run after Close = %+v", w)
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
}

// When the grace period ends first, the package in progress is abandoned
// between two files and the previous one stays whole.
func TestCloseGracePeriodAbandonsPackage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	q := e.queue(t, fastRenderers())
	id, _, _ := q.Submit(ctx, build.Request{Audience: "rsl"})
	q.Wait(ctx, id)
	q.Close(ctx)
	good := id
	want := readPackage(t, e, good)

	g := newGate() // never released
	var second atomic.Bool
	q = e.queue(t, []publish.Renderer{g.renderer(), {Ext: ".md",
		Write: func(context.Context, io.Writer, *report.Report, *plan.Catalog) error { second.Store(true); return nil }}})
	id, _, _ = q.Submit(ctx, build.Request{Audience: "rsl", Force: true})
	<-g.entered
	grace, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	err := q.Close(grace)
	if apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(apperr.MessageOf(err), "det förra paketet finns kvar") {
		t.Fatalf("Close = %v", err)
	}
	if second.Load() {
		t.Error("a file after the cancellation was written")
	}
	if got := readPackage(t, e, good); !bytes.Equal(got, want) {
		t.Error("the abandoned build changed the previous package")
	}
	if r, _ := e.st.RunByID(ctx, id); r.Outcome != store.RunAborted {
		t.Errorf("run = %+v, want avbruten", r)
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
}

// A reload gives a new Config value; what was asked for before it builds the
// same package after it, changes since the previous meeting included.
func TestReloadKeepsChangesSincePreviousMeeting(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	q := e.queue(t, fastRenderers())
	id, _, _ := q.Submit(ctx, build.Request{Audience: "kr", Forum: "Medicin"})
	q.Wait(ctx, id)
	name := "Kunskapsrad-Medicin_2026-12-03"
	before, _ := os.ReadFile(filepath.Join(e.cfg.OutputDir, name, name+".txt"))

	reloaded, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	reloaded.OutputDir = e.cfg.OutputDir
	if err := q.Reload(reloaded); err != nil {
		t.Fatal(err)
	}
	id, _, _ = q.Submit(ctx, build.Request{Audience: "kr", Forum: "Medicin", Force: true})
	if err := q.Wait(ctx, id); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(e.cfg.OutputDir, name, name+".txt"))
	if !bytes.Equal(before, after) || !strings.Contains(string(after), "förändringar: ") || strings.Contains(string(after), "förändringar: 0") {
		t.Errorf("before reload:\n%s\nafter:\n%s", before, after)
	}
	moved := *reloaded
	moved.OutputDir = t.TempDir()
	if err := q.Reload(&moved); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("Reload with another output folder: %v, want invalid", err)
	}
}

// The public website is built through the queue as a run of its own, after an
// adoption among them (build.AfterAdoption), and is left as it is when nothing
// changed.
func TestSiteBuild(t *testing.T) {
	e := newEnv(t)
	q := e.queue(t, nil)
	ctx := context.Background()
	const hjarta = "RPO Hjärt- och kärlsjukdomar"
	if _, _, err := e.st.Adopt(ctx, store.Adoption{Plan: hjarta, Version: 1, Forum: "Kunskapsråd Medicin",
		Meeting: time.Date(2026, 9, 10, 0, 0, 0, 0, time.Local), By: "anna"}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range build.AfterAdoption(hjarta, "anna") {
		id, _, err := q.Submit(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if err := q.Wait(ctx, id); err != nil {
			t.Fatalf("run %d: %v", id, err)
		}
	}
	page := filepath.Join(e.cfg.OutputDir, "publicerat", "rpo-hjart-och-karlsjukdomar.html")
	b, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(b), "Version 1, fastställd av Kunskapsråd Medicin") {
		t.Fatalf("site page: %v", err)
	}
	fi, _ := os.Stat(page)
	id, _, err := q.Submit(ctx, build.Request{Audience: build.AudienceSite, Reason: "test", By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Wait(ctx, id); err != nil {
		t.Fatal(err)
	}
	if fi2, err := os.Stat(page); err != nil || !os.SameFile(fi, fi2) {
		t.Error("an unchanged site was written again")
	}
	if _, _, err := q.Submit(ctx, build.Request{Audience: build.AudienceSite, Plan: hjarta}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a site request naming a plan: %v", err)
	}
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris: %v", d)
	}
}
