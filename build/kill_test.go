package build_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/report"
	"handlingsplan/store"
)

// childEnv names the data folder of a child process that builds until killed.
const childEnv = "BUILD_TEST_KILL_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(buildUntilKilled(dir))
	}
	os.Exit(m.Run())
}

// buildUntilKilled is the child of TestKillMidBuild: it starts a forced RSL
// build whose second file never ends, and says so by creating "started".
func buildUntilKilled(dir string) int {
	cfg, err := config.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cfg.OutputDir = filepath.Join(dir, "output")
	st, err := store.Open(filepath.Join(dir, "test.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	hang := publish.Renderer{Ext: ".pdf", Write: func(ctx context.Context, w io.Writer, _ *report.Report, _ *plan.Catalog) error {
		io.WriteString(w, "%PDF-1.7 half a report")
		os.WriteFile(filepath.Join(dir, "started"), nil, 0o644)
		time.Sleep(time.Minute)
		return nil
	}}
	q, err := build.New(build.Options{Store: st, Config: cfg, Renderers: []publish.Renderer{textRenderer(".txt"), hang},
		Now: func() time.Time { return today }})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	id, _, err := q.Submit(context.Background(), build.Request{Audience: "rsl", Force: true, Reason: "manuell", By: "test"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	q.Wait(context.Background(), id)
	return 0
}

// A process killed with SIGKILL in the middle of a build leaves a half-built
// folder and a run marked running; the next queue on the folder removes the one,
// marks the other "avbruten", and the previous package is whole throughout.
func TestKillMidBuild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is Unix")
	}
	e := newEnv(t)
	ctx := context.Background()
	q := e.queue(t, fastRenderers())
	good, _, _ := q.Submit(ctx, build.Request{Audience: "rsl"})
	if err := q.Wait(ctx, good); err != nil {
		t.Fatal(err)
	}
	q.Close(ctx)
	want := readPackage(t, e, good)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+e.dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(e.dir, "started")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child never started building; stderr: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()

	// What the dead process left.
	left, _ := filepath.Glob(filepath.Join(e.cfg.OutputDir, ".bygger-*"))
	runs, _ := e.st.Runs(ctx, 1)
	if len(left) != 1 || len(runs) != 1 || runs[0].Outcome != store.RunRunning {
		t.Fatalf("after the kill: debris %v, last run %+v; want one half-built folder and a running run", left, runs)
	}
	killed := runs[0].ID
	if got := readPackage(t, e, good); !bytes.Equal(got, want) {
		t.Fatal("the killed build damaged the previous package")
	}

	// Restart.
	q = e.queue(t, fastRenderers())
	if d := debris(t, e.cfg.OutputDir); len(d) > 0 {
		t.Errorf("debris after restart: %v", d)
	}
	if got := readPackage(t, e, good); !bytes.Equal(got, want) {
		t.Error("previous package damaged after restart")
	}
	r, err := e.st.RunByID(ctx, killed)
	if err != nil || r.Outcome != store.RunAborted || !strings.Contains(r.Error, "avbröts") || r.Finished.IsZero() {
		t.Errorf("killed run after restart = %+v, %v; want avbruten", r, err)
	}
	// And the queue works: the same build now succeeds.
	id, _, _ := q.Submit(ctx, build.Request{Audience: "rsl", Force: true})
	if err := q.Wait(ctx, id); err != nil {
		t.Fatal(err)
	}
}
