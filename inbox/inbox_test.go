package inbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
)

// fakeRead reads the test format: a JSON-encoded plan.Plan. Anything else is not
// readable, and an activity without status is an error.
func fakeRead(in sources.Input) sources.Result {
	var p plan.Plan
	if err := json.Unmarshal(in.Data, &p); err != nil {
		var r sources.Result
		r.Problems.Errorf(in.Name, "", "Filen är inte en läsbar arbetsbok (.xlsx).")
		return r
	}
	r := sources.Result{Format: "xlsx", Plan: &p}
	for _, aa := range p.Activities() {
		if aa.Activity.Status == plan.StatusNone {
			r.Problems.Errorf(aa.Activity.Location, "Status", "Status saknas; ange Grön, Gul, Röd eller Avslutad.")
		}
		if aa.Activity.FollowUp.Goal == "" {
			r.Problems.Warnf(aa.Activity.Location, "Mål", "Inget mätbart mål.")
		}
	}
	return r
}

func fakeReport(file string, r sources.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Felrapport för %s\n", file)
	for _, p := range r.Problems {
		fmt.Fprintln(&b, p.String())
	}
	return b.String()
}

// testClock starts on 1 March 2025 and moves one second per call.
func testClock() func() time.Time {
	t := time.Date(2025, 3, 1, 8, 0, 0, 0, time.Local)
	var mu sync.Mutex // Upload reads the clock outside the inbox lock
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// newTestInbox opens a real store in a temporary data folder.
func newTestInbox(tb testing.TB) (*Inbox, *store.Store) {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.Open(filepath.Join(dir, DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	in, err := New(dir, st, fakeRead, fakeReport, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { in.Close() })
	in.Settle = 0
	in.Patience = 0 // the tests of unfinished files set it
	in.Now = testClock()
	return in, st
}

func planJSON(tb testing.TB, name string, statuses ...plan.Status) []byte {
	tb.Helper()
	p := plan.Plan{Name: name, Kind: plan.KindRPO, Forum: "Kunskapsråd Medicin"}
	a := plan.Area{Title: "Jämlik vård"}
	for i, s := range statuses {
		a.Activities = append(a.Activities, plan.Activity{
			Description: fmt.Sprintf("Aktivitet %d", i+1), Status: s,
			Location: fmt.Sprintf("Aktiviteter!M%d", 7+i), FollowUp: plan.FollowUp{Goal: "90 %"},
		})
	}
	p.Areas = []plan.Area{a}
	b, err := json.Marshal(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// drop puts a file into the inbox with a modification time in the past, so that it
// has settled.
func drop(tb testing.TB, in *Inbox, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(in.Dir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	old := time.Now().Add(-time.Minute)
	if err := os.Chtimes(path, old, old); err != nil {
		tb.Fatal(err)
	}
	return path
}

// files lists the regular files under dir, relative to it with slashes.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func submissions(tb testing.TB, st *store.Store) []store.Submission {
	tb.Helper()
	subs, err := st.Submissions(context.Background(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	return subs
}

func TestNew(t *testing.T) {
	st, err := store.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	tests := []struct {
		name    string
		dir     string
		st      *store.Store
		read    Reader
		report  Reporter
		wantErr string
	}{
		{"OK", dir, st, fakeRead, fakeReport, ""},
		{"ErrNoFolder", "", st, fakeRead, fakeReport, "no data folder"},
		{"ErrNoStore", dir, nil, fakeRead, fakeReport, "no store"},
		{"ErrNoReader", dir, st, nil, fakeReport, "no reader"},
		{"ErrNoReporter", dir, st, fakeRead, nil, "no reporter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.dir, tt.st, tt.read, tt.report, nil)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range []string{InboxDir, ArchiveDir, QuarantineDir} {
					if fi, err := os.Stat(filepath.Join(tt.dir, d)); err != nil || !fi.IsDir() {
						t.Errorf("folder %s not created: %v", d, err)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestIngest(t *testing.T) {
	ctx := context.Background()
	valid := func(t *testing.T) []byte { return planJSON(t, "RPO Hjärt", plan.StatusGreen, plan.StatusRed) }
	tests := []struct {
		name     string
		maxBytes int64
		files    map[string][]byte // name → content; nil content makes a folder
		want     Summary           // counts only
		wantKept []string          // files under the data folder except the database and inbox
		wantLeft []string          // files left in the inbox
		check    func(t *testing.T, in *Inbox, st *store.Store, sum Summary)
	}{
		{
			name:     "Accepted",
			files:    map[string][]byte{"Hjärt.xlsx": valid(t)},
			want:     Summary{Accepted: 1, NewVersions: 1},
			wantKept: []string{"archive/2025/03/20250301T080001_" + hashBytes(valid(t))[:8] + "_Hjärt.xlsx"},
			check: func(t *testing.T, in *Inbox, st *store.Store, sum Summary) {
				f := sum.Files[0]
				kept, err := os.ReadFile(filepath.Join(in.dir, f.Kept))
				if err != nil || !bytes.Equal(kept, valid(t)) {
					t.Errorf("kept copy differs from the submitted bytes (%v)", err)
				}
				v, err := st.Latest(ctx, "RPO Hjärt")
				if err != nil {
					t.Fatal(err)
				}
				if got, want := v.Plan.Source.FileName, "Hjärt.xlsx"; got != want {
					t.Errorf("provenance file = %q, want %q", got, want)
				}
				if got, want := v.SHA256, f.SHA256; got != want {
					t.Errorf("version sha = %q, want %q", got, want)
				}
				subs := submissions(t, st)
				if len(subs) != 1 || !subs[0].Accepted || subs[0].KeptPath != f.Kept || subs[0].VersionID != v.ID {
					t.Errorf("submissions = %+v", subs)
				}
			},
		},
		{
			name:  "Rejected",
			files: map[string][]byte{"Trasig.xlsx": []byte("PK\x03\x04 inte en arbetsbok")},
			want:  Summary{Rejected: 1},
			wantKept: []string{
				"quarantine/20250301T080001_" + hashBytes([]byte("PK\x03\x04 inte en arbetsbok"))[:8] + "_Trasig.xlsx",
				"quarantine/20250301T080001_" + hashBytes([]byte("PK\x03\x04 inte en arbetsbok"))[:8] + "_Trasig.xlsx.fel.txt",
			},
			check: func(t *testing.T, in *Inbox, st *store.Store, sum Summary) {
				report, err := os.ReadFile(filepath.Join(in.dir, sum.Files[0].Report))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(report), "Felrapport för Trasig.xlsx") ||
					!strings.Contains(string(report), "inte en läsbar arbetsbok") {
					t.Errorf("report = %q", report)
				}
				subs := submissions(t, st)
				if len(subs) != 1 || subs[0].Accepted || len(subs[0].Problems) != 1 {
					t.Errorf("submissions = %+v", subs)
				}
			},
		},
		{
			name:  "RejectedWithPlan",
			files: map[string][]byte{"Öga.xlsx": planJSON(t, "RPO Öga", plan.StatusGreen, plan.StatusNone)},
			want:  Summary{Rejected: 1},
			check: func(t *testing.T, in *Inbox, st *store.Store, sum Summary) {
				if _, err := st.Latest(ctx, "RPO Öga"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("rejected plan got a version: %v", err)
				}
				if subs := submissions(t, st); subs[0].PlanName != "RPO Öga" {
					t.Errorf("plan name = %q, want RPO Öga", subs[0].PlanName)
				}
			},
		},
		{
			name: "LockAndTempFilesIgnored",
			files: map[string][]byte{
				"~$Hjärt.xlsx":        []byte("owner"),
				".~lock.Hjärt.xlsx#":  []byte("lock"),
				"Hjärt.xlsx.tmp":      []byte("tmp"),
				"~WRL0001.TMP":        []byte("tmp"),
				".DS_Store":           []byte("hidden"),
				"Thumbs.db":           []byte("thumbs"),
				"undermapp":           nil,
				"Hjärt.xlsx.download": nil,
			},
			want:     Summary{Ignored: 6},
			wantLeft: []string{".DS_Store", ".~lock.Hjärt.xlsx#", "Hjärt.xlsx.tmp", "Thumbs.db", "~$Hjärt.xlsx", "~WRL0001.TMP"},
		},
		{
			name:     "TooLarge",
			maxBytes: 16,
			files:    map[string][]byte{"Stor.pptx": bytes.Repeat([]byte("x"), 100)},
			want:     Summary{Rejected: 1},
			check: func(t *testing.T, in *Inbox, st *store.Store, sum Summary) {
				f := sum.Files[0]
				if len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "Filen är för stor") {
					t.Errorf("problems = %v", f.Problems)
				}
				kept, err := os.ReadFile(filepath.Join(in.dir, f.Kept))
				if err != nil || !bytes.Equal(kept, bytes.Repeat([]byte("x"), 100)) {
					t.Errorf("large file not kept byte for byte (%v)", err)
				}
				if subs := submissions(t, st); subs[0].Size != 100 || subs[0].SHA256 != f.SHA256 {
					t.Errorf("submission = %+v", subs[0])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, st := newTestInbox(t)
			if tt.maxBytes > 0 {
				in.MaxBytes = tt.maxBytes
			}
			for name, data := range tt.files {
				if data == nil {
					if err := os.Mkdir(filepath.Join(in.Dir(), name), 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				drop(t, in, name, data)
			}
			sum, err := in.Ingest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := sum
			got.Files = nil
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("summary = %+v, want %+v", got, tt.want)
			}
			if tt.wantKept != nil {
				var kept []string
				for _, f := range files(t, in.dir) {
					if strings.HasPrefix(f, ArchiveDir+"/") || strings.HasPrefix(f, QuarantineDir+"/") {
						kept = append(kept, f)
					}
				}
				if fmt.Sprint(kept) != fmt.Sprint(tt.wantKept) {
					t.Errorf("kept = %q, want %q", kept, tt.wantKept)
				}
			}
			if left := files(t, in.Dir()); fmt.Sprint(left) != fmt.Sprint(tt.wantLeft) &&
				!(len(left) == 0 && len(tt.wantLeft) == 0) {
				t.Errorf("left in inbox = %q, want %q", left, tt.wantLeft)
			}
			if tt.check != nil {
				tt.check(t, in, st, sum)
			}
		})
	}
}

// TestResubmission drops the same plan in several ways: only a changed plan makes
// a new version, and only the very same file is a duplicate.
func TestResubmission(t *testing.T) {
	ctx := context.Background()
	in, st := newTestInbox(t)
	first := planJSON(t, "RPO Hjärt", plan.StatusGreen)
	mod := time.Now().Add(-time.Hour).Truncate(time.Second)

	steps := []struct {
		name        string
		file        string
		data        []byte
		mod         time.Time
		wantOutcome Outcome
		wantVersion int
	}{
		{"First", "Hjärt.xlsx", first, mod, OutcomeNewVersion, 1},
		{"SameFileAgain", "Hjärt.xlsx", first, mod, OutcomeDuplicate, 0},
		{"SameBytesCopiedLater", "Hjärt.xlsx", first, mod.Add(time.Minute), OutcomeUnchanged, 1},
		{"SameBytesOtherName", "Hjärt kopia.xlsx", first, mod, OutcomeUnchanged, 1},
		{"ResavedSameContent", "Hjärt.xlsx", append(append([]byte{}, first...), ' ', '\n'), mod, OutcomeUnchanged, 1},
		{"Changed", "Hjärt.xlsx", planJSON(t, "RPO Hjärt", plan.StatusYellow), mod, OutcomeNewVersion, 2},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			path := filepath.Join(in.Dir(), s.file)
			if err := os.WriteFile(path, s.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, s.mod, s.mod); err != nil {
				t.Fatal(err)
			}
			sum, err := in.Ingest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Files) != 1 {
				t.Fatalf("files = %+v, want 1", sum.Files)
			}
			if got, want := sum.Files[0].Outcome, s.wantOutcome; got != want {
				t.Errorf("outcome = %v, want %v", got, want)
			}
			if s.wantVersion != 0 && sum.Files[0].Version != s.wantVersion {
				t.Errorf("version = %d, want %d", sum.Files[0].Version, s.wantVersion)
			}
			if left := files(t, in.Dir()); len(left) != 0 {
				t.Errorf("left in inbox: %q", left)
			}
			if again, err := in.Ingest(ctx); err != nil || !again.Empty() {
				t.Errorf("second Ingest = %+v, %v; want nothing to do", again, err)
			}
		})
	}
	// Every arrival but the duplicate is a submission; two versions.
	if got, want := len(submissions(t, st)), 5; got != want {
		t.Errorf("submissions = %d, want %d", got, want)
	}
	if hist, _ := st.History(ctx, "RPO Hjärt"); len(hist) != 2 {
		t.Errorf("versions = %d, want 2", len(hist))
	}
}

// TestCrash stops processing between the steps, as a crash would, and checks that
// the next Ingest neither loses nor duplicates anything.
func TestCrash(t *testing.T) {
	ctx := context.Background()
	crash := errors.New("simulated crash")
	tests := []struct {
		name        string
		data        func(t *testing.T) []byte
		afterKeep   bool // crash after keeping, before recording
		loseKept    bool // the kept copy also disappears before the re-run
		wantOutcome Outcome
		wantKept    int // kept files (copy, and report for rejected files)
		wantVersion int
	}{
		{"AfterKeep", func(t *testing.T) []byte { return planJSON(t, "RPO Hjärt", plan.StatusGreen) }, true, false, OutcomeNewVersion, 1, 1},
		{"AfterRecord", func(t *testing.T) []byte { return planJSON(t, "RPO Hjärt", plan.StatusGreen) }, false, false, OutcomeDuplicate, 1, 1},
		{"AfterRecordKeptLost", func(t *testing.T) []byte { return planJSON(t, "RPO Hjärt", plan.StatusGreen) }, false, true, OutcomeDuplicate, 1, 1},
		{"RejectedAfterKeep", func(t *testing.T) []byte { return []byte("trasig") }, true, false, OutcomeRejected, 2, 0},
		{"RejectedAfterRecordKeptLost", func(t *testing.T) []byte { return []byte("trasig") }, false, true, OutcomeDuplicate, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, st := newTestInbox(t)
			data := tt.data(t)
			drop(t, in, "Plan.xlsx", data)
			var keptAt string
			if tt.afterKeep {
				in.afterKeep = func(path string) error { keptAt = path; return crash }
			} else {
				in.afterRecord = func(int64) error { return crash }
			}
			sum, err := in.Ingest(ctx)
			if !errors.Is(err, crash) || sum.Failed != 1 {
				t.Fatalf("first Ingest = %+v, %v; want the simulated crash", sum, err)
			}
			if left := files(t, in.Dir()); len(left) != 1 {
				t.Fatalf("inbox after crash = %q, want the file still there", left)
			}
			if tt.loseKept {
				subs := submissions(t, st)
				for _, p := range []string{subs[0].KeptPath, subs[0].KeptPath + reportSuffix} {
					os.Remove(filepath.Join(in.dir, p))
				}
			}
			in.afterKeep, in.afterRecord = nil, nil

			sum, err = in.Ingest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Files) != 1 || sum.Files[0].Outcome != tt.wantOutcome {
				t.Fatalf("re-run = %+v, want outcome %v", sum.Files, tt.wantOutcome)
			}
			if keptAt != "" && filepath.Join(in.dir, sum.Files[0].Kept) != keptAt {
				t.Errorf("kept at %s, want the copy from before the crash %s", sum.Files[0].Kept, keptAt)
			}
			if subs := submissions(t, st); len(subs) != 1 {
				t.Errorf("submissions = %d, want 1", len(subs))
			}
			if hist, _ := st.History(ctx, "RPO Hjärt"); len(hist) != tt.wantVersion {
				t.Errorf("versions = %d, want %d", len(hist), tt.wantVersion)
			}
			var kept []string
			for _, f := range files(t, in.dir) {
				if strings.HasPrefix(f, ArchiveDir+"/") || strings.HasPrefix(f, QuarantineDir+"/") {
					kept = append(kept, f)
				}
			}
			if len(kept) != tt.wantKept {
				t.Errorf("kept files = %q, want %d", kept, tt.wantKept)
			}
			got, err := os.ReadFile(filepath.Join(in.dir, submissions(t, st)[0].KeptPath))
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("kept copy differs (%v)", err)
			}
			if left := files(t, in.Dir()); len(left) != 0 {
				t.Errorf("inbox after re-run = %q, want empty", left)
			}
		})
	}
}

func TestSettle(t *testing.T) {
	ctx := context.Background()
	t.Run("WaitsForFreshFile", func(t *testing.T) {
		in, _ := newTestInbox(t)
		in.Settle = 200 * time.Millisecond
		if err := os.WriteFile(filepath.Join(in.Dir(), "Ny.xlsx"), planJSON(t, "RPO Hjärt", plan.StatusGreen), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		sum, err := in.Ingest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 1 || time.Since(start) < in.Settle {
			t.Errorf("summary = %+v after %v; want accepted after waiting %v", sum, time.Since(start), in.Settle)
		}
	})
	t.Run("StillWriting", func(t *testing.T) {
		in, st := newTestInbox(t)
		in.Settle = 150 * time.Millisecond
		path := filepath.Join(in.Dir(), "Växer.xlsx")
		if err := os.WriteFile(path, planJSON(t, "RPO Hjärt", plan.StatusGreen), 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer f.Close()
			for i := 0; i < 30; i++ { // JSON stays valid with trailing spaces
				f.Write([]byte(" "))
				time.Sleep(20 * time.Millisecond)
			}
		}()
		sum, err := in.Ingest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Waiting != 1 || sum.Received() != 0 {
			t.Errorf("while writing: %+v, want 1 waiting", sum)
		}
		<-done
		sum, err = in.Ingest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 1 {
			t.Errorf("after writing: %+v, want 1 accepted", sum)
		}
		if subs := submissions(t, st); len(subs) != 1 || subs[0].Size != int64(len(planJSON(t, "RPO Hjärt", plan.StatusGreen))+30) {
			t.Errorf("submissions = %+v, want one with the whole file", subs)
		}
	})
}

func TestKeptName(t *testing.T) {
	sha := hashBytes([]byte("x"))
	at := time.Date(2025, 3, 1, 8, 5, 9, 0, time.Local)
	long := strings.Repeat("å", 200) + ".xlsx"
	tests := []struct {
		name     string
		original string
		want     string
	}{
		{"Plain", "Hjärt.xlsx", "20250301T080509_" + sha[:8] + "_Hjärt.xlsx"},
		{"Long", long, "20250301T080509_" + sha[:8] + "_" + strings.Repeat("å", 57) + ".xlsx"},
		{"ControlCharacters", "Plan\n- Hjärt: godkänd\x1b[31m.xlsx", "20250301T080509_" + sha[:8] + "_Plan_- Hjärt_ godkänd_[31m.xlsx"},
		{"BidiOverride", "Plan\u202Excsl.exe", "20250301T080509_" + sha[:8] + "_Plan_xcsl.exe"},
		{"Hidden", "..plan.xlsx", "20250301T080509_" + sha[:8] + "_plan.xlsx"},
		{"Empty", "", "20250301T080509_" + sha[:8] + "_fil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keptName(at, sha, tt.original)
			if got != tt.want {
				t.Errorf("keptName = %q, want %q", got, tt.want)
			}
			if len(got+reportSuffix) > 255 {
				t.Errorf("name with report suffix is %d bytes", len(got+reportSuffix))
			}
			gotAt, key, ok := splitKept(got)
			if !ok || !gotAt.Equal(at) || key != keptKey(sha, tt.original) {
				t.Errorf("splitKept = %v, %q, %v", gotAt, key, ok)
			}
		})
	}
}

func TestSummaryString(t *testing.T) {
	tests := []struct {
		name string
		sum  Summary
		want string
	}{
		{"Empty", Summary{}, "Inga nya filer i inkorgen."},
		{"Mixed", Summary{Accepted: 2, NewVersions: 1, Unchanged: 1, Rejected: 1, Duplicates: 1, Ignored: 2, Waiting: 1,
			Files: []FileResult{
				{Name: "Hjärt.xlsx", Outcome: OutcomeNewVersion, Plan: "RPO Hjärt", Version: 3, Kept: "archive/2025/03/a_Hjärt.xlsx",
					Problems: plan.Problems{{Severity: plan.SevWarning, Location: "Aktiviteter!H7", Field: "Mål", Message: "Inget mätbart mål."}}},
				{Name: "Öga.xlsx", Outcome: OutcomeUnchanged, Plan: "RPO Öga", Version: 1, Kept: "archive/2025/03/b_Öga.xlsx"},
				{Name: "Trasig.pptx", Outcome: OutcomeRejected, Kept: "quarantine/c_Trasig.pptx", Report: "quarantine/c_Trasig.pptx.fel.txt",
					Problems: plan.Problems{
						{Severity: plan.SevWarning, Location: "bild 2", Message: "Varning."},
						{Severity: plan.SevError, Location: "bild 3", Field: "Status", Message: "Okänd status."},
						{Severity: plan.SevError, Location: "bild 4", Field: "Status", Message: "Okänd status."},
						{Severity: plan.SevError, Location: "bild 5", Field: "Status", Message: "Okänd status."},
					}},
				{Name: "Hjärt.xlsx", Outcome: OutcomeDuplicate, SubmissionID: 7, Kept: "archive/2025/03/a_Hjärt.xlsx",
					Received: time.Date(2025, 3, 1, 8, 0, 0, 0, time.Local)},
			}},
			`4 filer mottagna: 2 godkända (1 ny version, 1 oförändrad), 1 avvisad, 1 dubblett. 1 fil skrivs fortfarande och tas emot senare. 2 lås- eller tillfälliga filer ignorerades.
- Hjärt.xlsx: godkänd med 1 varning – version 3 av RPO Hjärt. Sparad som archive/2025/03/a_Hjärt.xlsx.
    varning – Aktiviteter!H7 (Mål): Inget mätbart mål.
- Öga.xlsx: godkänd men oförändrad – samma innehåll som version 1 av RPO Öga, ingen ny version. Sparad som archive/2025/03/b_Öga.xlsx.
- Trasig.pptx: avvisad (3 fel, 1 varning). Sparad som quarantine/c_Trasig.pptx. Felrapport: quarantine/c_Trasig.pptx.fel.txt.
    fel – bild 3 (Status): Okänd status.
    fel – bild 4 (Status): Okänd status.
    fel – bild 5 (Status): Okänd status.
    … och 1 problem till (se felrapporten)
- Hjärt.xlsx: dubblett – samma fil togs emot 2025-03-01 08:00 (inlämning 7); inget nytt registrerades. Sparad som archive/2025/03/a_Hjärt.xlsx.`},
		{"Failed", Summary{Failed: 1, Files: []FileResult{{Name: "Låst.xlsx", Outcome: OutcomeFailed, Err: errors.New("permission denied")}}},
			"Inga nya filer i inkorgen. 1 fil kunde inte behandlas och ligger kvar i inkorgen.\n" +
				"- Låst.xlsx: kunde inte behandlas och ligger kvar i inkorgen (permission denied)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sum.String(); got != tt.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestWatch(t *testing.T) {
	in, st := newTestInbox(t)
	in.Debounce = 50 * time.Millisecond
	in.Settle = 100 * time.Millisecond
	in.Rescan = time.Hour // only events may trigger here

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Watch(ctx) }()
	time.Sleep(100 * time.Millisecond) // let the watcher start

	if err := os.WriteFile(filepath.Join(in.Dir(), "~$Hjärt.xlsx"), []byte("lock"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in.Dir(), "Hjärt.xlsx"), planJSON(t, "RPO Hjärt", plan.StatusGreen), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(submissions(t, st)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(submissions(t, st)); n != 1 {
		t.Errorf("submissions after watching = %d, want 1", n)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch = %v, want nil on cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return after cancel")
	}
	if left := files(t, in.Dir()); fmt.Sprint(left) != "[~$Hjärt.xlsx]" {
		t.Errorf("inbox = %q, want only the lock file", left)
	}
}

func BenchmarkIngest50(b *testing.B) {
	in, _ := newTestInbox(b)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		b.StopTimer()
		for i := 0; i < 50; i++ {
			n++
			drop(b, in, fmt.Sprintf("Plan %d.xlsx", n), planJSON(b, fmt.Sprintf("RPO %d", n), plan.StatusGreen, plan.StatusYellow))
		}
		b.StartTimer()
		sum, err := in.Ingest(ctx)
		if err != nil || sum.NewVersions != 50 {
			b.Fatalf("Ingest = %+v, %v", sum.NewVersions, err)
		}
	}
}

func TestIngestRefusesWhileAnotherProcessIngests(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Another process is modelled by a second open file description holding the lock.
	unlock, err := lockFolder(filepath.Join(dir, lockFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockFolder(filepath.Join(dir, lockFile)); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: err = %v, want ErrBusy", err)
	}
	unlock()
	again, err := lockFolder(filepath.Join(dir, lockFile))
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}
