package inbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
)

func TestLabel(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Hjärt.xlsx", "Hjärt.xlsx"},
		{"UnixPath", "../../etc/passwd", "passwd"},
		{"WindowsPath", `C:\Users\anna\Plan.xlsx`, "Plan.xlsx"},
		{"DotDot", "..", "namnlös fil"},
		{"Dot", ".", "namnlös fil"},
		{"Empty", "", "namnlös fil"},
		{"Hidden", ".bashrc", "bashrc"},
		{"ControlAndNUL", "Pl\x00an\n\r\t.xlsx", "Plan.xlsx"},
		{"Bidi", "Plan\u202Excsl.exe", "Planxcsl.exe"},
		{"NotUTF8", "Pl\xffan.xlsx", "Pl\uFFFDan.xlsx"},
		{"Long", strings.Repeat("å", 300) + ".xlsx", strings.Repeat("å", 125) + ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Label(tt.in); got != tt.want {
				t.Errorf("Label(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUpload(t *testing.T) {
	ctx := context.Background()
	good := planJSON(t, "RPO Hjärt", plan.StatusGreen)
	tests := []struct {
		name      string
		file      string
		data      []byte
		wantLabel string
		want      Outcome
		wantCode  apperr.Code
	}{
		{"Accepted", "Hjärt.xlsx", good, "Hjärt.xlsx", OutcomeNewVersion, ""},
		{"Rejected", "Trasig.xlsx", []byte("trasig"), "Trasig.xlsx", OutcomeRejected, ""},
		{"PathAsName", "../../../etc/cron.d/Hjärt.xlsx", good, "Hjärt.xlsx", OutcomeNewVersion, ""},
		{"ControlCharacters", "Hj\x00ärt\n.xlsx", good, "Hjärt.xlsx", OutcomeNewVersion, ""},
		{"TooLarge", "Stor.xlsx", bytes.Repeat([]byte("x"), 2000), "", 0, apperr.TooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, st := newTestInbox(t)
			in.MaxBytes = 1000
			res, err := in.Upload(ctx, tt.file, bytes.NewReader(tt.data), "anna")
			if tt.wantCode != "" {
				if apperr.CodeOf(err) != tt.wantCode || !strings.Contains(apperr.MessageOf(err), "större än tillåtna") {
					t.Fatalf("err = %v (%q), want %s", err, apperr.MessageOf(err), tt.wantCode)
				}
				if entries, _ := os.ReadDir(in.Dir()); len(entries) != 0 {
					t.Errorf("inbox after refusal holds %d entries", len(entries))
				}
				if subs := submissions(t, st); len(subs) != 0 {
					t.Errorf("recorded %d", len(subs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.want || res.Name != tt.wantLabel || res.Submitter != "anna" || !isUploadName(res.InboxName) {
				t.Fatalf("result = %+v", res)
			}
			if tt.want == OutcomeNewVersion && (res.Result.Plan == nil || res.Result.Plan.Name != "RPO Hjärt" || res.Version != 1) {
				t.Errorf("result lacks the plan: %+v", res.Result)
			}
			if tt.want == OutcomeRejected && (!res.Result.Problems.HasErrors() || res.Report == "") {
				t.Errorf("result lacks the problems: %+v", res)
			}
			rep := sources.JSONReport(res.Name, res.Result)
			if rep.OK != (tt.want == OutcomeNewVersion) || rep.File != tt.wantLabel {
				t.Errorf("report object %+v", rep)
			}
			subs := submissions(t, st)
			if len(subs) != 1 || subs[0].FileName != tt.wantLabel || subs[0].Submitter != "anna" || subs[0].InboxName != res.InboxName {
				t.Fatalf("submissions = %+v", subs)
			}
			if got, err := os.ReadFile(filepath.Join(in.dir, res.Kept)); err != nil || !bytes.Equal(got, tt.data) {
				t.Errorf("kept copy differs (%v)", err)
			}
			if !strings.Contains(filepath.Base(res.Kept), strings.TrimSuffix(tt.wantLabel, ".xlsx")) {
				t.Errorf("kept as %s, want the label in the name", res.Kept)
			}
			if entries, _ := os.ReadDir(in.Dir()); len(entries) != 0 {
				t.Errorf("inbox holds %d entries", len(entries))
			}
			if _, ok, _ := st.PendingUpload(ctx, res.InboxName); ok {
				t.Error("pending upload record left")
			}
		})
	}
}

// failingReader breaks off after some bytes, as a dropped connection does.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func TestUploadBrokenOff(t *testing.T) {
	in, st := newTestInbox(t)
	_, err := in.Upload(context.Background(), "Plan.xlsx", &failingReader{n: 100}, "anna")
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "överföringen bröts") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(in.Dir()); len(entries) != 0 {
		t.Errorf("inbox holds %d entries", len(entries))
	}
	if subs := submissions(t, st); len(subs) != 0 {
		t.Errorf("recorded %d", len(subs))
	}
}

// TestUploadCrashBeforeIngest: an upload renamed into the inbox but not taken in
// (the process died) is taken in by the next Ingest with its label and submitter.
func TestUploadCrashBeforeIngest(t *testing.T) {
	ctx := context.Background()
	in, st := newTestInbox(t)
	name := "uppladdad-20250301T080000-0123abcd-Hjärt.xlsx"
	if err := st.AddUpload(ctx, store.Upload{InboxName: name, FileName: "Hjärt – min plan.xlsx", Submitter: "bertil"}); err != nil {
		t.Fatal(err)
	}
	drop(t, in, name, planJSON(t, "RPO Hjärt", plan.StatusGreen))
	sum, err := in.Ingest(ctx)
	if err != nil || sum.NewVersions != 1 {
		t.Fatalf("%+v, %v", sum, err)
	}
	subs := submissions(t, st)
	if len(subs) != 1 || subs[0].FileName != "Hjärt – min plan.xlsx" || subs[0].Submitter != "bertil" || subs[0].InboxName != name {
		t.Fatalf("submissions = %+v", subs)
	}
	if !strings.Contains(sum.String(), "Hjärt – min plan.xlsx: godkänd") {
		t.Errorf("summary:\n%s", sum)
	}
}

// TestUploadConcurrent uploads from many goroutines into two Inbox values on the
// same data folder (two processes: each has its own lock file description and
// store connection) while one of them also watches the folder. Every upload
// gets its own result, every file is recorded exactly once, nothing is lost.
func TestUploadConcurrent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, st := newTestInbox(t)
	st2, err := store.Open(filepath.Join(a.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	b, err := New(a.dir, st2, fakeRead, fakeReport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Settle, b.Patience = 0, 0
	a.Settle, a.Debounce, a.Rescan = 200*time.Millisecond, 10*time.Millisecond, 50*time.Millisecond
	var watching sync.WaitGroup
	watching.Go(func() { a.Watch(ctx) })

	const n = 24
	type got struct {
		res FileResult
		err error
	}
	results := make([]got, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			in := a
			if i%2 == 1 {
				in = b
			}
			data := planJSON(t, fmt.Sprintf("RPO %d", i%8), plan.StatusGreen) // same content: 3 uploads each
			if i%5 == 4 {
				data = []byte(fmt.Sprintf("trasig %d", i))
			}
			uctx, ucancel := context.WithTimeout(ctx, 30*time.Second)
			defer ucancel()
			res, err := in.Upload(uctx, fmt.Sprintf("Plan %d.xlsx", i), bytes.NewReader(data), fmt.Sprintf("user%d", i))
			results[i] = got{res, err}
		})
	}
	wg.Wait()
	cancel()
	watching.Wait()

	ids := map[int64]int{}
	for i, g := range results {
		if g.err != nil {
			t.Errorf("upload %d: %v", i, g.err)
			continue
		}
		if g.res.Name != fmt.Sprintf("Plan %d.xlsx", i) || g.res.Submitter != fmt.Sprintf("user%d", i) || g.res.SubmissionID == 0 {
			t.Errorf("upload %d: result %+v", i, g.res)
		}
		if g.res.Outcome == OutcomeDuplicate || g.res.Outcome == OutcomeFailed {
			t.Errorf("upload %d: outcome %v", i, g.res.Outcome)
		}
		ids[g.res.SubmissionID]++
	}
	subs := submissions(t, st)
	if len(subs) != n || len(ids) != n {
		t.Errorf("%d submissions, %d distinct results; want %d", len(subs), len(ids), n)
	}
	for _, s := range subs {
		if !strings.HasPrefix(s.FileName, "Plan ") || !strings.HasPrefix(s.Submitter, "user") {
			t.Errorf("submission %+v", s)
		}
	}
	if entries, _ := os.ReadDir(a.Dir()); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("inbox holds %q", names)
	}
	versions := 0
	for i := range 8 {
		h, _ := st.History(context.Background(), fmt.Sprintf("RPO %d", i))
		versions += len(h)
	}
	if versions != 8 {
		t.Errorf("%d versions, want 8 (one per distinct plan)", versions)
	}
}

var _ io.Reader = (*failingReader)(nil)
