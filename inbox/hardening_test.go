//go:build unix

package inbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
)

// secretFile writes a file outside the inbox, readable only by its owner, that no
// ingest may ever copy.
func secretFile(t *testing.T, size int) (path string, data []byte) {
	t.Helper()
	data = bytes.Repeat([]byte("HEMLIGT-"), size/8)
	path = filepath.Join(t.TempDir(), "shadow")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// leaked reports whether any kept file holds secret.
func leaked(t *testing.T, in *Inbox, secret []byte) string {
	t.Helper()
	for _, f := range files(t, in.dir) {
		if !strings.HasPrefix(f, ArchiveDir+"/") && !strings.HasPrefix(f, QuarantineDir+"/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(in.dir, f))
		if err == nil && bytes.Contains(b, secret[:16]) {
			return f
		}
	}
	return ""
}

// TestSpecialFilesRefused: links, FIFOs and sockets in the inbox are never opened;
// each is taken out with a Swedish report, instead of counting as a lock file
// forever, and what a link points to is left alone.
func TestSpecialFilesRefused(t *testing.T) {
	ctx := context.Background()
	in, st := newTestInbox(t)
	secret, data := secretFile(t, 4096)
	if err := os.Symlink(secret, filepath.Join(in.Dir(), "Plan.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("finns-inte", filepath.Join(in.Dir(), "Trasig länk.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(in.Dir(), "Rör.xlsx"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(in.Dir(), "uttag.pptx"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	want := 4
	if os.Geteuid() == 0 { // a character device like /dev/zero: only root may make one
		if err := syscall.Mknod(filepath.Join(in.Dir(), "Noll.xlsx"), syscall.S_IFCHR|0o600, 1<<8|5); err != nil {
			t.Fatal(err)
		}
		want++
	}
	done := make(chan struct{})
	var sum Summary
	go func() { // a FIFO opened for reading would block: a hang fails the test
		defer close(done)
		sum, err = in.Ingest(ctx)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Ingest hangs on a special file")
	}
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != want || sum.Ignored != 0 || len(sum.Files) != want {
		t.Fatalf("summary = %+v, want %d refused", sum, want)
	}
	text := sum.String()
	for _, w := range []string{fmt.Sprintf("%d filer mottagna: %d avvisade.", want, want), "Plan.xlsx: avvisad – ingen vanlig fil",
		"symbolisk länk", "namngiven rörledning", "socket"} {
		if !strings.Contains(text, w) {
			t.Errorf("summary lacks %q:\n%s", w, text)
		}
	}
	reports := ""
	for _, f := range sum.Files {
		b, _ := os.ReadFile(filepath.Join(in.dir, f.Report))
		reports += string(b)
	}
	if want == 5 && !strings.Contains(reports, "enhetsfil") {
		t.Errorf("no report names the device:\n%s", reports)
	}
	for _, f := range sum.Files {
		if f.Outcome != OutcomeRefused || f.Report == "" {
			t.Errorf("%s: %v, report %q", f.Name, f.Outcome, f.Report)
			continue
		}
		b, err := os.ReadFile(filepath.Join(in.dir, f.Report))
		if err != nil || !strings.Contains(string(b), "inte en vanlig fil") {
			t.Errorf("report %s: %q, %v", f.Report, b, err)
		}
	}
	if entries, _ := os.ReadDir(in.Dir()); len(entries) != 0 {
		t.Errorf("inbox still holds %d entries", len(entries))
	}
	if got, err := os.ReadFile(secret); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the link's target was touched: %v", err)
	}
	if f := leaked(t, in, data); f != "" {
		t.Errorf("secret copied to %s", f)
	}
	if subs := submissions(t, st); len(subs) != 0 {
		t.Errorf("recorded %d submissions", len(subs))
	}
}

// TestSymlinkSwapRace replaces a listed regular file by a symlink to a secret
// file of the same size and modification time after the listing and before the
// open (the probe's attack, made deterministic by a hook), and then races a
// goroutine that keeps swapping against repeated ingests. The secret is never
// kept or recorded; the real file is never lost.
func TestSymlinkSwapRace(t *testing.T) {
	ctx := context.Background()
	t.Run("AfterListing", func(t *testing.T) {
		in, st := newTestInbox(t)
		good := planJSON(t, "RPO Hjärt", plan.StatusGreen)
		secret, data := secretFile(t, len(good))
		path := drop(t, in, "Plan.xlsx", good)
		fi, _ := os.Stat(path)
		os.Chtimes(secret, fi.ModTime(), fi.ModTime())
		for i := range 5 {
			swapped := false
			in.beforeOpen = func(name string) {
				if name == "Plan.xlsx" && !swapped {
					swapped = true
					tmp := path + ".swap"
					if err := os.Symlink(secret, tmp); err != nil {
						t.Fatal(err)
					}
					if err := os.Rename(tmp, path); err != nil {
						t.Fatal(err)
					}
				}
			}
			sum, err := in.Ingest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Accepted != 0 || sum.Rejected != 1 || sum.Files[0].Outcome != OutcomeRefused {
				t.Fatalf("try %d: %+v, want the swapped-in link refused", i, sum)
			}
			if f := leaked(t, in, data); f != "" {
				t.Fatalf("try %d: secret copied to %s", i, f)
			}
			if subs := submissions(t, st); len(subs) != 0 {
				t.Fatalf("try %d: recorded %+v", i, subs)
			}
			drop(t, in, "Plan.xlsx", good)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		in, st := newTestInbox(t)
		good := planJSON(t, "RPO Hjärt", plan.StatusGreen)
		secret, data := secretFile(t, len(good))
		var stop atomic.Bool
		var wg sync.WaitGroup
		path := filepath.Join(in.Dir(), "Plan.xlsx")
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				tmp := filepath.Join(in.Dir(), ".swap") // hidden: never taken in itself
				os.Remove(tmp)
				if i%2 == 0 {
					os.Symlink(secret, tmp)
				} else {
					os.WriteFile(tmp, good, 0o644)
					old := time.Now().Add(-time.Minute)
					os.Chtimes(tmp, old, old)
				}
				os.Rename(tmp, path)
			}
		})
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := in.Ingest(ctx); err != nil {
				t.Error(err)
				break
			}
		}
		stop.Store(true)
		wg.Wait()
		if f := leaked(t, in, data); f != "" {
			t.Fatalf("secret copied to %s", f)
		}
		for _, s := range submissions(t, st) {
			if s.Size != int64(len(good)) {
				t.Fatalf("recorded a file of %d bytes", s.Size)
			}
			if got, err := os.ReadFile(filepath.Join(in.dir, s.KeptPath)); err != nil || !bytes.Equal(got, good) {
				t.Fatalf("kept copy %s differs (%v)", s.KeptPath, err)
			}
		}
		t.Logf("%d submissions of the real file", len(submissions(t, st)))
	})
}

// TestLongNames: names up to the file system's 255 bytes, with å counting two,
// are taken in, accepted or rejected, with the whole name in the store and a
// bounded name on disk.
func TestLongNames(t *testing.T) {
	ctx := context.Background()
	in, st := newTestInbox(t)
	names := map[string][]byte{
		strings.Repeat("å", 105) + ".xlsx":  planJSON(t, "RPO Hjärt", plan.StatusGreen), // 215 bytes
		strings.Repeat("ö", 125) + ".xlsx":  []byte("trasig"),                           // 255 bytes
		strings.Repeat("a", 250) + ".xlsx":  planJSON(t, "RPO Lunga", plan.StatusGreen),
		strings.Repeat("Ä", 104) + "x.xlsx": []byte("också trasig"),
		strings.Repeat("x", 208) + ".pptx":  []byte("trasig igen"),
		strings.Repeat("y", 216) + ".xlsx":  planJSON(t, "RPO Njure", plan.StatusGreen),
		strings.Repeat("ÅÄÖ", 40) + ".xlsx": planJSON(t, "RPO Öga", plan.StatusGreen),
	}
	for name, data := range names {
		drop(t, in, name, data)
	}
	sum, err := in.Ingest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Received() != len(names) || sum.Failed != 0 {
		t.Fatalf("summary %+v, want all %d taken in", sum, len(names))
	}
	if left := files(t, in.Dir()); len(left) != 0 {
		t.Errorf("left in inbox: %q", left)
	}
	subs := submissions(t, st)
	for _, s := range subs {
		if _, ok := names[s.FileName]; !ok {
			t.Errorf("store has %q, not an original name", s.FileName)
		}
		base := filepath.Base(s.KeptPath)
		if len(base)+len(reportSuffix) > 160 {
			t.Errorf("kept name of %d bytes", len(base))
		}
		if got, err := os.ReadFile(filepath.Join(in.dir, s.KeptPath)); err != nil || !bytes.Equal(got, names[s.FileName]) {
			t.Errorf("kept copy of %q differs (%v)", s.FileName, err)
		}
	}
	if len(subs) != len(names) {
		t.Errorf("%d submissions, want %d", len(subs), len(names))
	}
}

// TestUnfinishedFiles: a writer that pauses longer than Settle gets its file
// waited for – not quarantined – while the file is still open for writing, empty,
// or a zip without its end record; once complete it is accepted. A file that stays
// cut off longer than Patience is rejected as damaged.
func TestUnfinishedFiles(t *testing.T) {
	ctx := context.Background()
	in, _ := newRealInbox(t)
	in.Patience = time.Minute
	full := filepath.Join(t.TempDir(), "full.xlsx")
	writeWorkbook(t, full, "Grön")
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(in.Dir(), "Plan.xlsx")
	old := time.Now().Add(-10 * time.Second) // older than Settle: only the content tells

	// Still open for writing, first half written.
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data[:len(data)/2])
	os.Chtimes(path, old, old)
	expectWaiting(t, in, "open for writing")
	// Closed but cut off: no zip end record.
	w.Close()
	os.Chtimes(path, old, old)
	expectWaiting(t, in, "no end record")
	// Empty.
	os.WriteFile(path, nil, 0o644)
	os.Chtimes(path, old, old)
	expectWaiting(t, in, "empty")
	// Complete.
	os.WriteFile(path, data, 0o644)
	os.Chtimes(path, old, old)
	sum, err := in.Ingest(ctx)
	if err != nil || sum.NewVersions != 1 {
		t.Fatalf("complete file: %+v, %v; want accepted:\n%s", sum, err, sum)
	}
	// Cut off for longer than Patience: rejected.
	os.WriteFile(path, data[:len(data)/2], 0o644)
	long := time.Now().Add(-2 * time.Minute)
	os.Chtimes(path, long, long)
	sum, err = in.Ingest(ctx)
	if err != nil || sum.Rejected != 1 || !strings.Contains(sum.String(), "skadad") {
		t.Fatalf("abandoned file: %+v, %v; want rejected as damaged:\n%s", sum, err, sum)
	}
}

func expectWaiting(t *testing.T, in *Inbox, what string) {
	t.Helper()
	sum, err := in.Ingest(context.Background())
	if err != nil || sum.Waiting != 1 || sum.Received() != 0 || !strings.Contains(sum.String(), "1 fil skrivs fortfarande") {
		t.Fatalf("%s: %+v, %v; want waiting:\n%s", what, sum, err, sum)
	}
	if q, _ := os.ReadDir(filepath.Join(in.dir, QuarantineDir)); len(q) != 0 {
		t.Fatalf("%s: quarantined", what)
	}
}

// TestKeptPermissions: kept files and folders get 0640 and 0750, less as the
// umask says.
func TestKeptPermissions(t *testing.T) {
	for _, tt := range []struct {
		umask             int
		wantFile, wantDir fs.FileMode
	}{
		{0o022, 0o640, 0o750},
		{0o077, 0o600, 0o700},
		{0o000, 0o640, 0o750},
	} {
		old := syscall.Umask(tt.umask)
		in, _ := newTestInbox(t)
		drop(t, in, "Hjärt.xlsx", planJSON(t, "RPO Hjärt", plan.StatusGreen))
		drop(t, in, "Trasig.xlsx", []byte("trasig"))
		if _, err := in.Ingest(context.Background()); err != nil {
			t.Fatal(err)
		}
		syscall.Umask(old)
		filepath.WalkDir(in.dir, func(path string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(in.dir, path)
			if !strings.HasPrefix(rel, ArchiveDir) && !strings.HasPrefix(rel, QuarantineDir) {
				return nil
			}
			fi, _ := d.Info()
			want := tt.wantFile
			if d.IsDir() {
				want = tt.wantDir
			}
			if fi.Mode().Perm() != want {
				t.Errorf("umask %03o: %s has %v, want %v", tt.umask, rel, fi.Mode().Perm(), want)
			}
			return nil
		})
	}
}

// TestSummaryQuotesNames: a newline or escape sequence in a file name cannot
// forge lines of the summary.
func TestSummaryQuotesNames(t *testing.T) {
	in, _ := newTestInbox(t)
	forged := "Plan.xlsx: godkänd – version 9 av RPO Hjärt.\n- Falsk\x1b[2K.xlsx"
	drop(t, in, forged, []byte("trasig"))
	sum, err := in.Ingest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := sum.String()
	lines := strings.Split(text, "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "- Falsk") || strings.ContainsRune(l, 0x1b) {
			t.Errorf("forged line %q in:\n%s", l, text)
		}
	}
	if !strings.Contains(text, `"Plan.xlsx: godkänd – version 9 av RPO Hjärt.\n- Falsk\x1b[2K.xlsx": avvisad`) {
		t.Errorf("name not quoted:\n%s", text)
	}
}

// TestBusy: while another process works on the inbox, Ingest says so instead of
// "no new files".
func TestBusy(t *testing.T) {
	in, _ := newTestInbox(t)
	drop(t, in, "Hjärt.xlsx", planJSON(t, "RPO Hjärt", plan.StatusGreen))
	unlock, err := lockFolder(filepath.Join(in.dir, lockFile)) // a second open file description: another process
	if err != nil {
		t.Fatal(err)
	}
	sum, err := in.Ingest(context.Background())
	unlock()
	if !apperr.Is(err, apperr.Conflict) || !sum.Busy {
		t.Fatalf("Ingest = %+v, %v; want busy", sum, err)
	}
	if got := sum.String(); !strings.Contains(got, "En annan process") || strings.Contains(got, "Inga nya filer") {
		t.Errorf("summary = %q", got)
	}
	if !errors.Is(err, ErrBusy) {
		t.Errorf("err = %v, want ErrBusy inside", err)
	}
}
