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

// BenchmarkRegion builds every package of the region (all KR, RSL, SVN and every
// plan) at the sample size and at ten times it.
func BenchmarkRegion(b *testing.B) {
	for _, scale := range []int{1, 10} {
		b.Run(map[int]string{1: "sample", 10: "10x"}[scale], func(b *testing.B) {
			p := newPublisher(b, scale)
			ctx := context.Background()
			jobs, err := p.AllJobs(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := range jobs {
					jobs[j].Force = true
				}
				if _, err := p.Run(ctx, newRun(b, p), jobs); err != nil {
					b.Fatal(err)
				}
			}
		})
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
		in, err := p.input(ctx, Job{Audience: plan.AudiencePlan, Plan: v.Name, Meeting: today}, latest)
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
