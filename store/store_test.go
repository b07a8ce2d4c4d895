package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// clock is a fake time source that moves forward one minute per call.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time {
	c.t = c.t.Add(time.Minute)
	return c.t
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)} }

// mustOpen opens a real database file in a temporary folder with a fake clock.
func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(filepath.Join(tb.TempDir(), "handlingsplan.db"))
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = newClock().Now
	tb.Cleanup(func() { s.Close() })
	return s
}

func testPlan(name string, statuses ...plan.Status) *plan.Plan {
	p := &plan.Plan{Name: name, Kind: plan.KindRPO, Forum: "Kunskapsråd Medicin",
		Updated: time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC)}
	a := plan.Area{Title: "Jämlik vård", Promises: []string{"P2"}}
	for i, s := range statuses {
		a.Activities = append(a.Activities, plan.Activity{
			Description: "Aktivitet " + string(rune('A'+i)),
			Status:      s,
			Location:    "Aktiviteter!A" + string(rune('7'+i)),
			FollowUp:    plan.FollowUp{Goal: "Mål"},
		})
	}
	p.Areas = []plan.Area{a}
	return p
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("MigrationsTwice", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "db.sqlite")
		for i := 0; i < 2; i++ {
			s, err := store.Open(path)
			if err != nil {
				t.Fatalf("open %d: %v", i, err)
			}
			got, err := s.Migrations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Every migration file, each once, in name order.
			want, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("open %d: migrations = %v, want %v", i, got, want)
			}
			if i == 0 {
				if _, err := s.RecordSubmission(ctx, store.Submission{FileName: "a.xlsx", SHA256: "aa"}); err != nil {
					t.Fatal(err)
				}
			}
			if subs, err := s.Submissions(ctx, 0); err != nil || len(subs) != 1 {
				t.Errorf("open %d: submissions = %d, %v; want 1 kept across opens", i, len(subs), err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("Memory", func(t *testing.T) {
		s, err := store.Open(":memory:")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, _, err := s.AddVersion(ctx, 0, testPlan("RPO Hjärt")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Latest(ctx, "RPO Hjärt"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrPath", func(t *testing.T) {
		for _, p := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "missing", "dir", "x.db")} {
			if s, err := store.Open(p); err == nil {
				s.Close()
				t.Errorf("Open(%q) succeeded, want error", p)
			}
		}
	})
}

func TestAddVersion(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	base := testPlan("RPO Hjärt", plan.StatusGreen, plan.StatusRed)
	base.Source.SHA256 = "sha-1"

	v1, created, err := s.AddVersion(ctx, 0, base)
	if err != nil || !created || v1.Number != 1 {
		t.Fatalf("first: v%d created=%v err=%v; want v1 created", v1.Number, created, err)
	}
	if got, want := v1.Counts, (plan.StatusCounts{Green: 1, Red: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}

	moved := testPlan("RPO Hjärt", plan.StatusGreen, plan.StatusRed)
	for i := range moved.Areas[0].Activities {
		moved.Areas[0].Activities[i].Location = "bild 3, tabell 1"
	}
	moved.Source.SHA256 = "sha-2"
	changed := testPlan("RPO Hjärt", plan.StatusGreen, plan.StatusDone)
	changed.Source.SHA256 = "sha-3"
	sameSHA := testPlan("RPO Hjärt", plan.StatusYellow)
	sameSHA.Source.SHA256 = "sha-3"

	tests := []struct {
		name        string
		p           *plan.Plan
		wantCreated bool
		wantNumber  int
	}{
		{"IdenticalResubmission", base, false, 1},
		{"SameContentOtherFile", moved, false, 1},
		{"Changed", changed, true, 2},
		{"SameSHAAsLatest", sameSHA, false, 2},
		{"BackToFirst", base, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, created, err := s.AddVersion(ctx, 0, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := created, tt.wantCreated; got != want {
				t.Errorf("created = %v, want %v", got, want)
			}
			if got, want := v.Number, tt.wantNumber; got != want {
				t.Errorf("number = %d, want %d", got, want)
			}
		})
	}

	hist, err := s.History(ctx, "RPO Hjärt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(hist), 3; got != want {
		t.Fatalf("history has %d versions, want %d", got, want)
	}
	if got, want := hist[1].Plan.Areas[0].Activities[1].Status, plan.StatusDone; got != want {
		t.Errorf("decoded v2 status = %q, want %q", got, want)
	}
	if got, want := hist[0].Updated.Format("2006-01-02"), "2025-02-20"; got != want {
		t.Errorf("updated = %s, want %s", got, want)
	}
	if base.Source.Received != (time.Time{}) {
		t.Error("AddVersion changed the caller's plan")
	}

	t.Run("ErrNameRequired", func(t *testing.T) {
		_, _, err := s.AddVersion(ctx, 0, &plan.Plan{})
		var se *store.Error
		if !errors.As(err, &se) || se.Op != "add version" {
			t.Errorf("err = %v, want *store.Error with op add version", err)
		}
	})
	t.Run("ErrUnknownSubmission", func(t *testing.T) {
		_, _, err := s.AddVersion(ctx, 999, testPlan("RPO X"))
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestAccept(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	sub := store.Submission{FileName: "Hjärt.xlsx", SHA256: "abc", Size: 10, Format: "xlsx",
		Submitter: "anna", KeptPath: "archive/2025/03/x", ModTime: time.Unix(1700000000, 5),
		Problems: plan.Problems{{Severity: plan.SevWarning, Location: "Plan!B7", Field: "Mål", Message: "Inget mätbart mål"}}}

	id, v, created, err := s.Accept(ctx, sub, testPlan("RPO Hjärt", plan.StatusGreen))
	if err != nil || !created {
		t.Fatalf("accept: created=%v err=%v", created, err)
	}
	if got, want := v.Plan.Source.FileName, "Hjärt.xlsx"; got != want {
		t.Errorf("provenance file = %q, want %q", got, want)
	}
	if got, want := v.SubmissionID, id; got != want {
		t.Errorf("version submission = %d, want %d", got, want)
	}

	got, ok, err := s.SubmissionBySHA(ctx, "abc")
	if err != nil || !ok {
		t.Fatalf("by sha: ok=%v err=%v", ok, err)
	}
	if !got.Accepted || got.PlanName != "RPO Hjärt" || got.VersionID != v.ID || len(got.Problems) != 1 ||
		!got.ModTime.Equal(sub.ModTime) || got.Submitter != "anna" {
		t.Errorf("submission = %+v", got)
	}

	// Resubmitting the same file is recorded but makes no version.
	id2, v2, created, err := s.Accept(ctx, sub, testPlan("RPO Hjärt", plan.StatusGreen))
	if err != nil || created || v2.ID != v.ID || id2 == id {
		t.Errorf("resubmission: id=%d created=%v version=%d err=%v", id2, created, v2.ID, err)
	}
	subs, err := s.Submissions(ctx, 10)
	if err != nil || len(subs) != 2 {
		t.Fatalf("submissions = %d, %v; want 2", len(subs), err)
	}
	if subs[0].ID != id2 || subs[0].VersionID != 0 {
		t.Errorf("newest submission = %+v, want id %d without version", subs[0], id2)
	}
	if _, ok, err := s.SubmissionBySHA(ctx, "nope"); ok || err != nil {
		t.Errorf("unknown sha: ok=%v err=%v", ok, err)
	}
}

func TestVersionAt(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	day := func(d int) time.Time { return time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC) }
	for i, st := range []plan.Status{plan.StatusGreen, plan.StatusYellow, plan.StatusRed} {
		p := testPlan("RPO Hjärt", st)
		p.Source.Received = day(10 * (i + 1)) // the 10th, 20th, 30th
		if _, _, err := s.AddVersion(ctx, 0, p); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		at   time.Time
		want int // version number; 0 for not found
	}{
		{"Before", day(9), 0},
		{"Exactly", day(10), 1},
		{"Between", day(25), 2},
		{"After", day(31), 3},
		{"OtherZone", day(20).In(time.FixedZone("CET", 3600)), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := s.VersionAt(ctx, "RPO Hjärt", tt.at)
			if tt.want == 0 {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("err = %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Number; got != tt.want {
				t.Errorf("version = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestLatest(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, p := range []*plan.Plan{
		testPlan("RPO Öga", plan.StatusGreen),
		testPlan("RPO Hjärt", plan.StatusGreen),
		testPlan("RPO Hjärt", plan.StatusRed),
	} {
		if _, _, err := s.AddVersion(ctx, 0, p); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "RPO Hjärt" || all[0].Number != 2 || all[1].Name != "RPO Öga" {
		t.Errorf("LatestAll = %+v", all)
	}
	v, err := s.Latest(ctx, "RPO Hjärt")
	if err != nil || v.Number != 2 {
		t.Errorf("Latest = %+v, %v", v, err)
	}
	if v, err := s.Version(ctx, "RPO Hjärt", 1); err != nil || v.Plan.Areas[0].Activities[0].Status != plan.StatusGreen {
		t.Errorf("Version 1 = %+v, %v", v, err)
	}
	_, err = s.Latest(ctx, "RPO Saknas")
	var se *store.Error
	if !errors.Is(err, store.ErrNotFound) || !errors.As(err, &se) || se.Op != "latest" {
		t.Errorf("missing plan: err = %v, want ErrNotFound with op latest", err)
	}
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	meeting := time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)
	id, err := s.CreateRun(ctx, store.Run{Audience: "kr", Forum: "Kunskapsråd Medicin", Meeting: meeting,
		Reason: "manuell", By: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := s.RunByID(ctx, id); err != nil || r.Outcome != store.RunQueued || r.Queued.IsZero() || !r.Started.IsZero() {
		t.Fatalf("new run = %+v, %v; want queued", r, err)
	}
	if err := s.StartRun(ctx, id, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPackage(ctx, store.Package{RunID: id, Audience: "kr", Meeting: meeting,
		Path: "2025-04-02_Medicin", ZipPath: "2025-04-02_Medicin.zip", Manifest: json.RawMessage(`{"files":3}`)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgress(ctx, id, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, id, store.RunFailed, "soffice saknas"); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, 5)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %v, %v", runs, err)
	}
	r := runs[0]
	if r.Outcome != store.RunFailed || r.Error != "soffice saknas" || r.Finished.IsZero() || r.Started.IsZero() ||
		!r.Meeting.Equal(meeting) || r.Reason != "manuell" || r.By != "anna" || r.Total != 2 || r.Done != 1 {
		t.Errorf("run = %+v", r)
	}
	if len(r.Packages) != 1 || r.Packages[0].Path != "2025-04-02_Medicin" {
		t.Errorf("run's packages = %+v", r.Packages)
	}
	if byID, err := s.RunByID(ctx, id); err != nil || byID.Outcome != r.Outcome || len(byID.Packages) != 1 {
		t.Errorf("RunByID = %+v, %v", byID, err)
	}
	pkgs, err := s.Packages(ctx, 0)
	if err != nil || len(pkgs) != 1 || pkgs[0].ZipPath != "2025-04-02_Medicin.zip" || string(pkgs[0].Manifest) != `{"files":3}` {
		t.Errorf("packages = %+v, %v", pkgs, err)
	}
	if p, err := s.PackageByID(ctx, pkgs[0].ID); err != nil || p.Path != "2025-04-02_Medicin" || p.RunID != id {
		t.Errorf("PackageByID = %+v, %v", p, err)
	}
	if _, err := s.PackageByID(ctx, 999); !errors.Is(err, store.ErrNotFound) || apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown package: %v, want ErrNotFound", err)
	}
	if err := s.FinishRun(ctx, 999, store.RunOK, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finish unknown run: %v, want ErrNotFound", err)
	}
	if _, err := s.RunByID(ctx, 999); !errors.Is(err, store.ErrNotFound) || apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown run: %v, want ErrNotFound with code not_found", err)
	}
	if err := s.FinishRun(ctx, id, store.RunRunning, ""); err == nil {
		t.Error("FinishRun accepted a status that is no outcome")
	}
	if _, err := s.AddPackage(ctx, store.Package{RunID: 999, Path: "x"}); err == nil {
		t.Error("package for unknown run accepted; foreign keys off?")
	}
}

func TestAbandonRuns(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	queued, _ := s.CreateRun(ctx, store.Run{Audience: "rsl", Output: "/srv/utdata"})
	running, _ := s.CreateRun(ctx, store.Run{Audience: "svn"})
	done, _ := s.CreateRun(ctx, store.Run{Audience: "all", Output: "/srv/utdata"})
	elsewhere, _ := s.CreateRun(ctx, store.Run{Audience: "all", Output: "/tmp/prov"})
	s.StartRun(ctx, running, 1)
	s.StartRun(ctx, done, 1)
	s.FinishRun(ctx, done, store.RunOK, "")
	n, err := s.AbandonRuns(ctx, "/srv/utdata", "avbruten: tjänsten stoppades")
	if err != nil || n != 2 {
		t.Fatalf("abandoned %d, %v; want 2", n, err)
	}
	for id, want := range map[int64]store.RunStatus{queued: store.RunAborted, running: store.RunAborted, done: store.RunOK,
		elsewhere: store.RunQueued} {
		if r, err := s.RunByID(ctx, id); err != nil || r.Outcome != want {
			t.Errorf("run %d: %+v, %v; want %s", id, r, err, want)
		}
	}
}

// Runs written before migration 002 keep their outcome, in Swedish.
func TestRunsMigrated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	init, _ := os.ReadFile("migrations/001_init.sql")
	// A plan version as stored before planjson: json.Marshal of the model types.
	legacy, err := os.ReadFile("../planjson/testdata/legacy_row.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`,
		string(init), `INSERT INTO schema_migrations VALUES ('migrations/001_init.sql', '')`,
		`INSERT INTO plans (name, kind, forum) VALUES ('RPO Endokrina sjukdomar', 'RPO', 'Kunskapsråd Medicin')`,
		`INSERT INTO plan_versions (plan_name, number, sha256, content_sha256, received, plan_json, green, yellow, red, done)
			VALUES ('RPO Endokrina sjukdomar', 1, 'ab', 'cd', '2026-11-23T08:15:00.000000000Z', '` + string(legacy) + `', 1, 1, 1, 1)`,
		`INSERT INTO runs (audience, forum, meeting, started, finished, status, error) VALUES
			('kr', 'Kunskapsråd Medicin', '2025-04-02', '2025-03-26T06:00:00.000000000Z', '2025-03-26T06:01:00.000000000Z', 'ok', ''),
			('rsl', '', '2025-04-09', '2025-04-02T06:00:00.000000000Z', '', 'running', '')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, err := s.Runs(ctx, 0)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	if runs[0].Outcome != store.RunRunning || runs[1].Outcome != store.RunOK || runs[1].Queued.IsZero() {
		t.Errorf("migrated runs = %+v", runs)
	}
	old, err := s.Latest(ctx, "RPO Endokrina sjukdomar")
	if err != nil {
		t.Fatal(err)
	}
	if p := old.Plan; p.Contact != "Åsa Öberg" || len(p.Areas) != 2 || p.Areas[1].Activities[0].Status != plan.StatusRed ||
		p.Areas[0].Activities[1].Impact != plan.ImpactFinancial || p.Source.FileName != "Endokrina.xlsx" {
		t.Errorf("old plan row reads as %+v", p)
	}
	// New rows are written in the documented shape.
	if _, _, err := s.AddVersion(ctx, 0, testPlan("RPO Hjärt", plan.StatusGreen)); err != nil {
		t.Fatal(err)
	}
	db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pj string
	if err := db.QueryRow(`SELECT plan_json FROM plan_versions WHERE plan_name = 'RPO Hjärt'`).Scan(&pj); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pj, `{"schema_version":1,"program_area":"RPO Hjärt"`) || !strings.Contains(pj, `"status":"green"`) {
		t.Errorf("new row = %s", pj)
	}
}
