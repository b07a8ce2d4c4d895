package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/output"
	"handlingsplan/plan"
)

// TestMain lets the tests run the command itself in a child process, so that it
// can be killed with SIGKILL: HANDLINGSPLAN_TEST_MAIN=1 makes the test binary
// behave as handlingsplan.
func TestMain(m *testing.M) {
	if os.Getenv("HANDLINGSPLAN_TEST_MAIN") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// child is "handlingsplan serve --demo" running as a separate process.
type child struct {
	cmd             *exec.Cmd
	url, user, pass string
	stdout, stderr  *syncBuffer
	exited          chan struct{}
}

var (
	urlLine  = regexp.MustCompile(`igång på (http://\S+)`)
	passLine = regexp.MustCompile(`Logga in som "([^"]+)" med lösenordet (\S+)`)
)

func startChild(t *testing.T, data, out string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--demo", "--addr", "127.0.0.1:0", "--data", data, "--output", out)
	cmd.Env = append(os.Environ(), "HANDLINGSPLAN_TEST_MAIN=1")
	c := &child{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); pw.Close(); close(c.exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-c.exited
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			c.stdout.Write([]byte(sc.Text() + "\n"))
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(2 * time.Minute)
	for c.pass == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the service stopped before it started:\n%s\n%s", c.stdout, c.stderr)
			}
			if m := urlLine.FindStringSubmatch(l); m != nil {
				c.url = m[1]
			}
			if m := passLine.FindStringSubmatch(l); m != nil {
				c.user, c.pass = m[1], m[2]
			}
		case <-timeout:
			t.Fatalf("the service did not start within 2 minutes:\n%s\n%s", c.stdout, c.stderr)
		}
	}
	go func() {
		for range lines {
		}
	}()
	return c
}

// TestServeKill kills the service with SIGKILL in the middle of an upload and of
// a build, starts it again on the same folders, and checks that nothing was lost
// and no debris is left; then stops it with SIGTERM.
func TestServeKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the service twice")
	}
	dir := t.TempDir()
	data, out := filepath.Join(dir, "data"), filepath.Join(dir, "output")
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}

	first := startChild(t, data, out)
	c := newClient(t, first.url)
	c.signIn(first.user, first.pass)

	// An upload that completes before the kill must survive it.
	doneName, done := samplePlan(t, cfg, "Cancer", func(p *plan.Plan) {
		p.Areas[0].Activities[0].Comment = "Inlämnad före avbrottet."
	})
	if code, body := c.upload(map[string][]byte{doneName: done}); code != http.StatusOK || !strings.Contains(body, "Godkänd") {
		t.Fatalf("upload before the kill: %d\n%s", code, body)
	}

	// An upload cut off half-way: the body stops after half the file.
	halfName, half := samplePlan(t, cfg, "Rörelseorganens", func(p *plan.Plan) {
		p.Areas[0].Activities[0].Comment = "Avbruten mitt i inlämningen."
	})
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("filer", halfName)
	fw.Write(half)
	mw.Close()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, first.url+"/lamna-in", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", first.url)
	req.ContentLength = int64(buf.Len())
	go func() { pw.Write(buf.Bytes()[:buf.Len()/2]) }() // and then nothing more
	go c.hc.Do(req)

	// Kill while the demo's build is under way: some packages written, not all.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		built, _ := filepath.Glob(filepath.Join(out, "*", output.ManifestName))
		if building, _ := filepath.Glob(filepath.Join(out, ".bygger-*")); len(building) > 0 && len(built) > 2 {
			if uploading, _ := filepath.Glob(filepath.Join(data, "inbox", ".upload-*")); len(uploading) > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("never caught the service mid-build and mid-upload:\n%s", first.stderr)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited
	pw.CloseWithError(io.ErrUnexpectedEOF)
	var debris []string
	for _, pat := range []string{filepath.Join(out, ".*"), filepath.Join(data, "inbox", ".upload-*"), filepath.Join(data, "*", ".tmp-*")} {
		left, _ := filepath.Glob(pat)
		for _, l := range left {
			if filepath.Base(l) != output.LockName { // the lock stays; it is free once its holder is gone
				debris = append(debris, l)
			}
		}
	}
	if len(debris) == 0 {
		t.Fatal("the kill left nothing half-done; the test did not test")
	}

	second := startChild(t, data, out)
	// The restarted service builds the demo's packages again; wait for all of them.
	want := len(sample.Make(&cfg.Catalog, time.Now(), 1).Current) + len(cfg.Councils()) + 2 // plans, councils, RSL, SVN
	for deadline := time.Now().Add(3 * time.Minute); ; {
		built, _ := filepath.Glob(filepath.Join(out, "*", output.ManifestName))
		building, _ := filepath.Glob(filepath.Join(out, ".bygger-*"))
		if len(built) >= want && len(building) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the restarted service built %d of %d packages in 3 minutes", len(built), want)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// No debris of the killed process is left: no half-built package, no half-written upload.
	for _, d := range debris {
		if _, err := os.Lstat(d); err == nil {
			t.Errorf("debris after restart: %s", d)
		}
	}
	// Every package on disk is whole: its files match its manifest.
	dirs, _ := filepath.Glob(filepath.Join(out, "*", output.ManifestName))
	if len(dirs) == 0 {
		t.Errorf("no package survived")
	}
	for _, mf := range dirs {
		b, err := os.ReadFile(mf)
		if err != nil {
			t.Fatal(err)
		}
		var m output.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("%s: %v", mf, err)
			continue
		}
		for _, o := range m.Outputs {
			f, err := os.ReadFile(filepath.Join(filepath.Dir(mf), o.Name))
			sum := sha256.Sum256(f)
			if err != nil || hex.EncodeToString(sum[:]) != o.SHA256 {
				t.Errorf("%s: %s is not the file of the manifest (%v)", m.Package, o.Name, err)
			}
		}
	}

	c2 := newClient(t, second.url)
	c2.signIn(second.user, second.pass)
	code, body := c2.get("/inlamningar")
	if code != http.StatusOK || !strings.Contains(body, doneName) {
		t.Errorf("the upload finished before the kill is not listed (%d)", code)
	}
	// The build the kill interrupted is in the history as aborted, with its reason.
	if code, body := c2.get("/korningar"); code != http.StatusOK || !strings.Contains(body, "Avbruten") ||
		!strings.Contains(body, "processen stoppades") {
		t.Errorf("the interrupted run is not shown as aborted (%d)", code)
	}
	// The cut-off upload, sent again, is taken in.
	if code, body := c2.upload(map[string][]byte{halfName: half}); code != http.StatusOK || !strings.Contains(body, "Godkänd") {
		t.Errorf("upload again after the kill: %d\n%s", code, body)
	}

	// SIGTERM: a graceful stop with exit 0.
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-second.exited:
	case <-time.After(time.Minute):
		t.Fatal("the service did not stop within a minute of SIGTERM")
	}
	if code := second.cmd.ProcessState.ExitCode(); code != 0 || !strings.Contains(second.stdout.String(), "Tjänsten är avslutad.") {
		t.Errorf("SIGTERM: exit %d\n%s\n%s", code, second.stdout, second.stderr)
	}
	fmt.Fprint(io.Discard, second.stderr)
}
