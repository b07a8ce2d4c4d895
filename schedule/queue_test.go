package schedule_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/schedule"
	"handlingsplan/store"
)

// settle waits until the build queue has no run queued or running. SQLite's
// busy handler (modernc.org/sqlite) sleeps with time.Sleep when the worker and
// another writer meet, which in the bubble is a sleep on the fake clock: a lone
// synctest.Wait would return with the worker asleep (it failed 1 run in 10).
// So the clock moves on a millisecond at a time until the runs are done.
func settle(t *testing.T, st *store.Store) {
	t.Helper()
	for range 10000 {
		synctest.Wait()
		runs, err := st.Runs(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		busy := false
		for _, r := range runs {
			busy = busy || r.Outcome == store.RunQueued || r.Outcome == store.RunRunning
		}
		if !busy {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the build queue did not finish its runs")
}

// TestMeetingPackageOnTime drives the real build queue with the shipped calendar
// on the fake clock: Kunskapsråd Medicin meets on 3 December, so its package –
// deck, PDF and workbook – is in the output folder at 06:00 on 26 November and not
// before; a plan of the council that changes the next day is built into it again.
func TestMeetingPackageOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		dir := t.TempDir()
		shipped, err := config.Default()
		if err != nil {
			t.Fatal(err)
		}
		cfg := *shipped // the test's own snapshot, with its own output folder
		cfg.OutputDir = filepath.Join(dir, "output")
		st := openStore(t, filepath.Join(dir, "handlingsplan.db"))
		defer st.Close()

		sleepUntil(local(2026, 11, 23, 9, 0))
		set := sample.Make(&cfg.Catalog, time.Now(), 1)
		accept := func(p *plan.Plan) {
			sum := sha256.Sum256([]byte(p.Name + time.Now().String()))
			sub := store.Submission{FileName: p.Name + ".xlsx", SHA256: hex.EncodeToString(sum[:]), Format: "xlsx", Received: time.Now()}
			if _, _, _, err := st.Accept(ctx, sub, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range set.Current {
			accept(p)
		}

		q, err := build.New(build.Options{Store: st, Config: &cfg, Renderers: publish.Renderers(), Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close(ctx)
		s, err := schedule.New(schedule.Options{Config: &cfg, Memory: st, Enqueue: func(ctx context.Context, r build.Request) error {
			_, _, err := q.Submit(ctx, r)
			return err
		}})
		if err != nil {
			t.Fatal(err)
		}
		stop := running(t, s)
		defer stop()

		pkg := filepath.Join(cfg.OutputDir, "Kunskapsrad-Medicin_2026-12-03")
		sleepUntil(local(2026, 11, 26, 5, 59))
		synctest.Wait()
		if _, err := os.Stat(pkg); err == nil {
			t.Fatal("the package is there before 06:00 on 26 November")
		}
		sleepUntil(local(2026, 11, 26, 6, 0))
		settle(t, st) // the worker renders while the fake clock (almost) stands still
		for _, ext := range []string{".pptx", ".pdf", ".xlsx", ".zip"} {
			f := filepath.Join(pkg, filepath.Base(pkg)+ext)
			if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
				t.Errorf("%s at 06:00: %v", filepath.Base(f), err)
			}
		}
		runs, err := st.Runs(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 {
			t.Fatalf("%d runs by 06:00, want 1: %+v", len(runs), runs)
		}
		r := runs[0]
		if r.Outcome != store.RunOK || r.Reason != schedule.ReasonScheduled || r.By != schedule.By ||
			r.Forum != "Kunskapsråd Medicin" || r.Started.Sub(local(2026, 11, 26, 6, 0)).Abs() > time.Second || len(r.Packages) != 1 {
			t.Errorf("scheduled run: outcome %s, reason %q, by %q, forum %q, started %v, %d packages",
				r.Outcome, r.Reason, r.By, r.Forum, r.Started, len(r.Packages))
		}

		// A new version of a Medicin plan the next morning goes into the package again
		// (Kirurgi och cancer's build at 06:00 that day is its own).
		sleepUntil(local(2026, 11, 27, 10, 0))
		changed := set.Current[0]
		changed.Areas[0].Activities[0].Status = plan.StatusRed
		accept(changed)
		if err := s.PlanChanged(ctx, changed.Name); err != nil {
			t.Fatal(err)
		}
		settle(t, st)
		runs, err = st.Runs(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := schedule.ReasonPlanChanged + changed.Name
		got := map[string]store.Run{}
		for _, r := range runs {
			if r.Reason == want {
				got[r.Audience] = r
			}
		}
		if len(got) != 2 {
			t.Errorf("runs for the change: %d audiences, want kr and plan", len(got))
		}
		if r := got["kr"]; r.Forum != "Kunskapsråd Medicin" || r.Outcome != store.RunOK || len(r.Packages) != 1 {
			t.Errorf("council run after the change: forum %q, outcome %s, %d packages; want a new Medicin package",
				r.Forum, r.Outcome, len(r.Packages))
		} else if in := `"plan":"` + changed.Name + `","version":2`; !strings.Contains(string(r.Packages[0].Manifest), in) {
			t.Errorf("the rebuilt package's manifest does not hold %s", in)
		}
		if r := got["plan"]; r.Plan != changed.Name || r.Outcome != store.RunOK || len(r.Packages) != 1 {
			t.Errorf("plan run after the change: plan %q, outcome %s, %d packages", r.Plan, r.Outcome, len(r.Packages))
		}
	})
}
