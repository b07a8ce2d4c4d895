//go:build unix

package inbox

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/store"
)

// debris lists the temporary files under the data folder.
func debris(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range files(t, dir) {
		if base := filepath.Base(f); isTemp(base) || strings.HasPrefix(base, uploadPrefix) {
			out = append(out, f)
		}
	}
	return out
}

func TestNewRemovesDebris(t *testing.T) {
	in, st := newTestInbox(t)
	dir := in.dir
	month := filepath.Join(dir, ArchiveDir, "2026", "11")
	os.MkdirAll(month, 0o750)
	old := time.Now().Add(-2 * staleUpload)
	planted := map[string]bool{ // path -> removed
		filepath.Join(month, ".tmp-0123456789abcdef"):                           true,
		filepath.Join(month, ".20261101T100000_abcd1234_Plan.xlsx.tmp-12345"):   true, // written by output.WriteFileAtomic
		filepath.Join(dir, QuarantineDir, ".tmp-fedcba9876543210"):              true,
		filepath.Join(dir, InboxDir, uploadPrefix+"old"):                        true,
		filepath.Join(dir, InboxDir, uploadPrefix+"in-progress"):                false, // a live upload of another process
		filepath.Join(dir, InboxDir, uploadPrefix+deadPID(t)+"-0123abcd"):       true,  // its writer was killed
		filepath.Join(dir, InboxDir, uploadPrefix+fmt.Sprint(os.Getpid())+"-x"): false, // this process's own
		filepath.Join(dir, QuarantineDir, "20261101T100000_abcd1234_x.xlsx"):    false,
	}
	for p := range planted {
		if err := os.WriteFile(p, []byte("halv"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	os.Chtimes(filepath.Join(dir, InboxDir, uploadPrefix+"old"), old, old)
	// An upload recorded whose file never reached the inbox, and one whose file did.
	ctx := context.Background()
	st.AddUpload(ctx, store.Upload{InboxName: "uppladdad-borta.xlsx", FileName: "borta.xlsx", Created: old})
	st.AddUpload(ctx, store.Upload{InboxName: "uppladdad-kvar.xlsx", FileName: "kvar.xlsx", Created: old})
	drop(t, in, "uppladdad-kvar.xlsx", planJSON(t, "RPO Hjärt", plan.StatusGreen))
	in.Close()

	in2, err := New(dir, st, fakeRead, fakeReport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in2.Close()
	for p, removed := range planted {
		_, err := os.Stat(p)
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed = %v, want %v", p, gone, removed)
		}
	}
	if _, ok, _ := st.PendingUpload(ctx, "uppladdad-borta.xlsx"); ok {
		t.Error("the record of an upload that never arrived is kept")
	}
	if u, ok, _ := st.PendingUpload(ctx, "uppladdad-kvar.xlsx"); !ok || u.FileName != "kvar.xlsx" {
		t.Error("the record of an upload waiting in the inbox is lost")
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(cmd.Process.Pid)
}

// TestIngestChildProcess is the ingest process that TestKillIngest kills; it
// does nothing in a normal run.
func TestIngestChildProcess(t *testing.T) {
	dir := os.Getenv("HANDLINGSPLAN_INBOX_CHILD")
	if dir == "" {
		t.Skip("run by TestKillIngest")
	}
	st, err := store.Open(filepath.Join(dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	in, err := New(dir, st, fakeRead, fakeReport, nil)
	if err != nil {
		t.Fatal(err)
	}
	in.Settle, in.Patience = 0, 0
	for i := 0; ; i++ {
		// Uploads too: their temporary files must not outlive the process either.
		junk := bytes.Repeat([]byte(fmt.Sprintf("upload %d %d ", os.Getpid(), i)), 60000)
		in.Upload(context.Background(), "Uppladdad.xlsx", bytes.NewReader(junk), "barn")
		in.Ingest(context.Background())
	}
}

// TestKillIngest kills a real ingest process with SIGKILL at random moments while
// it keeps and records files, again and again; the next start removes the
// half-written debris and the next ingest takes in every file exactly once.
func TestKillIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 25 processes")
	}
	in, st := newTestInbox(t)
	dir := in.dir
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[string][]byte{}
	seenDebris := 0
	for i := range 25 {
		// A large rejected file (its copy takes a while to write) and an accepted one.
		junk := make([]byte, 3<<20)
		for j := range junk {
			junk[j] = byte(rng.Uint32())
		}
		for name, data := range map[string][]byte{
			fmt.Sprintf("Trasig %d.xlsx", i): junk,
			fmt.Sprintf("Plan %d.xlsx", i):   planJSON(t, fmt.Sprintf("RPO %d", i), plan.StatusGreen),
		} {
			drop(t, in, name, data)
			want[hashBytes(data)] = data
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChildProcess$")
		cmd.Env = append(os.Environ(), "HANDLINGSPLAN_INBOX_CHILD="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(150)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		seenDebris += len(debris(t, dir))
	}
	t.Logf("temporary files seen after the kills: %d", seenDebris)
	in.Close()

	in2, err := New(dir, st, fakeRead, fakeReport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in2.Close()
	in2.Settle, in2.Now = 0, testClock()
	if d := debris(t, dir); len(d) != 0 {
		t.Fatalf("debris after start-up: %q", d)
	}
	if _, err := in2.Ingest(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left := files(t, in2.Dir()); len(left) != 0 {
		t.Errorf("left in inbox: %q", left)
	}
	subs := submissions(t, st)
	got := map[string]int{}
	for _, s := range subs {
		got[s.SHA256]++
		b, err := os.ReadFile(filepath.Join(dir, s.KeptPath))
		if err != nil || hashBytes(b) != s.SHA256 {
			t.Errorf("kept copy %s: %v", s.KeptPath, err)
		}
	}
	for sha := range want {
		if got[sha] != 1 {
			t.Errorf("file %s recorded %d times, want once", sha[:8], got[sha])
		}
	}
	uploads := 0
	for sha, n := range got {
		if _, dropped := want[sha]; !dropped {
			uploads++
			if n != 1 {
				t.Errorf("upload %s recorded %d times, want once", sha[:8], n)
			}
		}
	}
	t.Logf("%d dropped files and %d uploads taken in", len(want), uploads)
	kept := 0
	for _, f := range files(t, dir) {
		if strings.HasPrefix(f, ArchiveDir+"/") || strings.HasPrefix(f, QuarantineDir+"/") && !strings.HasSuffix(f, reportSuffix) {
			kept++
		}
	}
	if kept != len(subs) {
		t.Errorf("%d kept copies, want one per submission (%d)", kept, len(subs))
	}
}
