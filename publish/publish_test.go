package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// today is the fixed day the tests run on: before the December meetings.
var today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)

// newPublisher returns a publisher over a real SQLite store holding the sample
// region: earlier versions received in August, the current ones today.
func newPublisher(tb testing.TB, scale int) *Publisher {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.OutputDir = tb.TempDir()
	st, err := store.Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	set := sample.Make(&cfg.Catalog, today, scale)
	ctx := context.Background()
	for _, batch := range []struct {
		plans []*plan.Plan
		at    time.Time
	}{{set.Earlier, set.EarlyDay}, {set.Current, today}} {
		at := batch.at
		st.Now = func() time.Time { return at }
		for _, p := range batch.plans {
			sum := sha256.Sum256([]byte(p.Name + at.String()))
			sub := store.Submission{FileName: p.Name + ".xlsx", SHA256: hex.EncodeToString(sum[:]), Format: "xlsx", Received: at}
			if _, _, _, err := st.Accept(ctx, sub, p); err != nil {
				tb.Fatal(err)
			}
		}
	}
	st.Now = time.Now
	return &Publisher{Store: st, Config: cfg, Renderers: Renderers(), Version: "test", Now: func() time.Time { return today }}
}

func TestRunAll(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	jobs, err := p.AllJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 4 councils + RSL + SVN + 17 submitted plans.
	if len(jobs) != 23 {
		t.Fatalf("jobs = %d, want 23", len(jobs))
	}
	var progress []Progress
	p.Progress = func(pr Progress) { progress = append(progress, pr) }
	pkgs, err := p.Run(ctx, newRun(t, p), jobs)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 23 || len(progress) != 23 || progress[22].Done != 23 {
		t.Fatalf("packages %d, progress reports %d", len(pkgs), len(progress))
	}
	kr := pkgs[0]
	if got, want := filepath.Base(kr.Dir), "Kunskapsrad-Medicin_2026-12-03"; got != want {
		t.Errorf("first package %s, want %s", got, want)
	}
	m, err := output.ReadManifest(kr.Dir)
	if err != nil {
		t.Fatal(err)
	}
	// Kunskapsråd Medicin: five areas, one without a plan.
	if len(m.Inputs) != 4 || m.Audience != "kr" || m.Meeting != "2026-12-03" {
		t.Errorf("manifest %+v", m)
	}
	for _, o := range m.Outputs {
		b, err := os.ReadFile(filepath.Join(kr.Dir, o.Name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("%s: checksum differs from manifest", o.Name)
		}
	}
	stored, err := p.Store.Packages(ctx, 0)
	if err != nil || len(stored) != 23 {
		t.Errorf("stored packages %d, %v", len(stored), err)
	}

	// Unchanged plans: the same bytes again.
	before, _ := os.ReadFile(kr.Zip)
	again, err := p.Run(ctx, newRun(t, p), jobs[:1])
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(again[0].Zip)
	if !bytes.Equal(before, after) {
		t.Error("re-running with unchanged plans changed the package")
	}
}

func TestFailedRunKeepsPreviousPackage(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	jobs, err := p.Jobs(ctx, plan.AudienceRSL, "", "", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	good, err := p.Run(ctx, newRun(t, p), jobs)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good[0].Zip)

	boom := errors.New("renderer crashed halfway")
	jobs[0].Force = true
	p.Renderers = append(Renderers(), Renderer{Ext: ".csv", Write: func(_ context.Context, w io.Writer, r *report.Report, cat *plan.Catalog) error {
		io.WriteString(w, "plan;status\nhalf a file")
		return boom
	}})
	if _, err := p.Run(ctx, newRun(t, p), jobs); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the renderer's failure", err)
	}
	got, err := os.ReadFile(good[0].Zip)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("previous package damaged by the failed run: %v", err)
	}
	if pkgs, err := p.Store.Packages(ctx, 0); err != nil || len(pkgs) != 1 {
		t.Errorf("stored packages %+v, %v; want only the good one", pkgs, err)
	}
}

func TestJobs(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	tests := []struct {
		name    string
		aud     plan.Audience
		forum   string
		plan    string
		meeting time.Time
		want    []string
	}{
		{"OneCouncil", plan.AudienceKR, "Medicin", "", time.Time{}, []string{"Kunskapsråd Medicin 2026-12-03"}},
		{"GivenDate", plan.AudienceRSL, "", "", time.Date(2027, 3, 18, 0, 0, 0, 0, time.Local), []string{"Regionsjukvårdsledningen 2027-03-18"}},
		{"OnePlan", plan.AudiencePlan, "", "psykisk hälsa", time.Time{}, []string{"Handlingsplan RPO Psykisk hälsa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, err := p.Jobs(ctx, tt.aud, tt.forum, tt.plan, tt.meeting)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, j := range jobs {
				got = append(got, j.Name())
			}
			if len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Errorf("jobs %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		aud         plan.Audience
		forum, name string
	}{{plan.AudiencePlan, "", "Ortopedi"}, {plan.AudienceKR, "Ortopedi", ""}, {plan.AudienceRSL, "Medicin", ""}} {
		if _, err := p.Jobs(ctx, bad.aud, bad.forum, bad.name, time.Time{}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("Jobs(%s, %q, %q): %v, want apperr.Invalid", bad.aud, bad.forum, bad.name, err)
		}
	}
}

// newRun records a run for the jobs of a test.
func newRun(tb testing.TB, p *Publisher) int64 {
	tb.Helper()
	id, err := p.Store.CreateRun(context.Background(), store.Run{Audience: "all", Reason: "test", By: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// TestParallelSameBytes: building the region side by side writes exactly the
// files, byte for byte, that one worker writes.
func TestParallelSameBytes(t *testing.T) {
	ctx := context.Background()
	sums := map[int]map[string]string{}
	for _, workers := range []int{1, 4} {
		p := newPublisher(t, 1)
		p.Workers = workers
		jobs, err := p.AllJobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		p.Progress = func(pr Progress) { order = append(order, pr.Job.Name()) }
		if _, err := p.Run(ctx, newRun(t, p), jobs); err != nil {
			t.Fatal(err)
		}
		for i, j := range jobs {
			if order[i] != j.Name() {
				t.Fatalf("workers %d: progress %d is %s, want %s (the order of the jobs)", workers, i, order[i], j.Name())
			}
		}
		sums[workers] = treeSums(t, p.Config.OutputDir)
	}
	seq, par := sums[1], sums[4]
	if len(seq) != 23*5 {
		t.Fatalf("sequential build wrote %d files, want 23 packages of 5", len(seq))
	}
	for name, sum := range seq {
		if par[name] != sum {
			t.Errorf("%s: parallel build differs from the sequential one", name)
		}
	}
	if len(par) != len(seq) {
		t.Errorf("parallel build wrote %d files, sequential %d", len(par), len(seq))
	}
}

// treeSums is the sha256 of every file under dir, by relative path.
func treeSums(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.LockName {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestIncremental: a package is built again only when what it is made from
// changed – one of its plans, the configuration that shapes it – or when forced.
func TestIncremental(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	jobs, err := p.AllJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run := func(jobs []Job) (built []string) {
		t.Helper()
		p.Progress = func(pr Progress) {
			if pr.Err == nil && !pr.Skipped {
				built = append(built, pr.Job.Name())
			}
		}
		if _, err := p.Run(ctx, newRun(t, p), jobs); err != nil {
			t.Fatal(err)
		}
		return built
	}
	if got := run(jobs); len(got) != 23 {
		t.Fatalf("first run built %d packages, want 23", len(got))
	}
	m, err := output.ReadManifest(filepath.Join(p.Config.OutputDir, "Kunskapsrad-Medicin_2026-12-03"))
	if err != nil || len(m.InputsSHA256) != 64 {
		t.Fatalf("manifest inputs_sha256 %q, %v", m.InputsSHA256, err)
	}
	before := treeSums(t, p.Config.OutputDir)
	if got := run(jobs); len(got) != 0 {
		t.Errorf("unchanged run rebuilt %v", got)
	}

	// A new version of one plan: its council's package, RSL, SVN and its own.
	cur, err := p.Store.Latest(ctx, "RPO Hjärt- och kärlsjukdomar")
	if err != nil {
		t.Fatal(err)
	}
	changed := *cur.Plan
	changed.Areas = append([]plan.Area(nil), cur.Plan.Areas...)
	changed.Areas[0].Title += " (reviderad)"
	p.Store.Now = func() time.Time { return today.Add(time.Hour) }
	if _, _, _, err := p.Store.Accept(ctx, store.Submission{FileName: "ny.xlsx", SHA256: strings.Repeat("ab", 32), Format: "xlsx",
		Received: today.Add(time.Hour)}, &changed); err != nil {
		t.Fatal(err)
	}
	jobs, err = p.AllJobs(ctx) // the plan's package is dated by its new version
	if err != nil {
		t.Fatal(err)
	}
	got := run(jobs)
	want := []string{"Kunskapsråd Medicin 2026-12-03", "Regionsjukvårdsledningen 2026-12-17", "Överenskommelse 2027-01-21",
		"Handlingsplan RPO Hjärt- och kärlsjukdomar"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("after one plan changed, rebuilt %v; want %v", got, want)
	}
	after := treeSums(t, p.Config.OutputDir)
	for name, sum := range before {
		if strings.HasPrefix(name, "Kunskapsrad-Kirurgi") && after[name] != sum {
			t.Errorf("%s changed though none of its plans did", name)
		}
	}

	// Adopting a plan: its council's package, which says so, and its own.
	medicin := filepath.Join(p.Config.OutputDir, "Kunskapsrad-Medicin_2026-12-03")
	unadopted, err := output.ReadManifest(medicin)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.Store.Adopt(ctx, store.Adoption{Plan: "RPO Hjärt- och kärlsjukdomar", Version: cur.Number + 1,
		Forum: "Kunskapsråd Medicin", Meeting: time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local), By: "anna"}); err != nil {
		t.Fatal(err)
	}
	got = run(jobs)
	want = []string{"Kunskapsråd Medicin 2026-12-03", "Handlingsplan RPO Hjärt- och kärlsjukdomar"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("after one plan was adopted, rebuilt %v; want %v", got, want)
	}
	if adopted, err := output.ReadManifest(medicin); err != nil || adopted.InputsSHA256 == unadopted.InputsSHA256 {
		t.Errorf("the adoption left inputs_sha256 at %s (%v)", unadopted.InputsSHA256, err)
	}
	if got := run(jobs); len(got) != 0 {
		t.Errorf("unchanged run after the adoption rebuilt %v", got)
	}

	// A decision on one of the plan's proposals: the packages that list
	// proposals (its council's, RSL's, SVN's), not its own.
	latest, err := p.Store.Latest(ctx, "RPO Hjärt- och kärlsjukdomar")
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, aa := range latest.Plan.Activities() {
		if aa.Activity.Impact != plan.ImpactNone && id == "" {
			id = aa.Activity.ID
		}
	}
	if _, err := p.Store.RecordDecisions(ctx, []store.DecisionChange{{Plan: latest.Name, ActivityID: id, Version: latest.Number,
		Decision: plan.Decision{Stage: plan.StageKR, Outcome: plan.AssessSupport, Date: time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local), By: "anna"}}}); err != nil {
		t.Fatal(err)
	}
	got = run(jobs)
	want = []string{"Kunskapsråd Medicin 2026-12-03", "Regionsjukvårdsledningen 2026-12-17", "Överenskommelse 2027-01-21"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("after a decision, rebuilt %v; want %v", got, want)
	}
	if got := run(jobs); len(got) != 0 {
		t.Errorf("unchanged run after the decision rebuilt %v", got)
	}

	// The configuration that shapes the reports: every package.
	cfg := *p.Config
	cfg.StaleAfterDays++
	p.Config = &cfg
	if got := run(jobs); len(got) != 23 {
		t.Errorf("after stale_after_days changed, rebuilt %d packages, want 23", len(got))
	}
	// A binary with other code (renderers) but the same version: every package.
	p.Code = "other code"
	if got := run(jobs); len(got) != 23 {
		t.Errorf("with other code, rebuilt %d packages, want 23", len(got))
	}
	if got := run(jobs); len(got) != 0 {
		t.Errorf("unchanged run with the other code rebuilt %v", got)
	}
	if m, err := output.ReadManifest(medicin); err != nil || m.Generator != "handlingsplan test" {
		t.Errorf("manifest generator %q (%v): the code's identity is not the display version", m.Generator, err)
	}
	// --force: every package again.
	for i := range jobs {
		jobs[i].Force = true
	}
	if got := run(jobs); len(got) != 23 {
		t.Errorf("forced run rebuilt %d packages, want 23", len(got))
	}
}

// BenchmarkRegion builds every package of the region (all KR, RSL, SVN and every
// plan) at the sample size, at ten and at a hundred times it (activities per
// plan), to show how the cost grows.
func BenchmarkRegion(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(map[int]string{1: "sample", 10: "10x", 100: "100x"}[scale], func(b *testing.B) {
			p := newPublisher(b, scale)
			ctx := context.Background()
			jobs, err := p.AllJobs(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for j := range jobs {
				jobs[j].Force = true
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := p.Run(ctx, newRun(b, p), jobs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRegionUnchanged runs the region again with nothing changed: every
// package is found up to date and left in place.
func BenchmarkRegionUnchanged(b *testing.B) {
	p := newPublisher(b, 1)
	ctx := context.Background()
	jobs, err := p.AllJobs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Run(ctx, newRun(b, p), jobs); err != nil {
		b.Fatal(err)
	}
	skipped := 0
	p.Progress = func(pr Progress) {
		if pr.Skipped {
			skipped++
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Run(ctx, newRun(b, p), jobs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if skipped != b.N*len(jobs) {
		b.Fatalf("%d of %d packages skipped", skipped, b.N*len(jobs))
	}
}

// TestPlanComparedWithPreviousVersion checks that a plan package compares the plan
// with its own previous version (there is no meeting to compare with).
func TestPlanComparedWithPreviousVersion(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	latest, err := p.Store.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, v := range latest {
		in, _, err := p.input(ctx, Job{Audience: plan.AudiencePlan, Plan: v.Name, Meeting: today}, latest, &history{st: p.Store})
		if err != nil {
			t.Fatal(err)
		}
		r, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: v.Name}, in)
		if err != nil {
			t.Fatal(err)
		}
		if v.Number < 2 {
			if r.HasPrevious || len(r.Changes) > 0 {
				t.Errorf("%s: a first version has changes %+v", v.Name, r.Changes)
			}
			continue
		}
		checked++
		if !r.HasPrevious {
			t.Errorf("%s: version %d is not compared with version %d", v.Name, v.Number, v.Number-1)
		}
		last := r.Sections()[len(r.Sections())-1]
		if last.Kind != report.SectionChanges || last.Title != "Förändringar sedan förra versionen" {
			t.Errorf("%s: last section %+v", v.Name, last)
		}
	}
	if checked == 0 {
		t.Fatal("no plan with an earlier version in the sample")
	}
}
