package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/filelock"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/inbox"
	"handlingsplan/internal/officetest"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/site"
	"handlingsplan/store"
)

// cli runs the command line in-process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"NoArgs", nil, exitUsage},
		{"Help", []string{"help"}, exitOK},
		{"Unknown", []string{"frobnicate"}, exitUsage},
		{"ValidateNoFiles", []string{"validate"}, exitUsage},
		{"BadFlag", []string{"validate", "--nope"}, exitUsage},
		{"BadConfig", []string{"validate", "--config", "/does/not/exist.yaml", "x.xlsx"}, exitUsage},
		{"RunNoAudience", []string{"run"}, exitUsage},
		{"RunBadMeeting", []string{"run", "--audience", "rsl", "--meeting", "3 dec", "--data", "/tmp/x"}, exitUsage},
		{"RunUnknownCouncil", []string{"run", "--audience", "kr", "--forum", "Ortopedi", "--data", t.TempDir(), "--output", t.TempDir()}, exitUsage},
		{"RunUnknownAudience", []string{"run", "--audience", "styrelse", "--data", t.TempDir(), "--output", t.TempDir()}, exitUsage},
		{"RunUnknownPlan", []string{"run", "--audience", "plan", "--plan", "RPO Påhittat", "--data", t.TempDir(), "--output", t.TempDir()}, exitUsage},
		// A database that cannot be opened is an internal failure, not a usage error.
		{"RunDatabaseFailure", []string{"run", "--audience", "rsl", "--data", brokenData(t), "--output", t.TempDir()}, exitFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := cli(t, tt.args...); code != tt.want {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.want, stderr)
			}
		})
	}
}

// brokenData is a data folder whose database is a folder, so that opening it fails.
func brokenData(t *testing.T) string {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "handlingsplan.db"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run goes through the build queue: it holds the output folder's lock, so a
// second writer is refused with the busy exit code, and builds with a message.
func TestRunLockedOutput(t *testing.T) {
	data, out := t.TempDir(), t.TempDir()
	lock, err := filelock.TryLock(filepath.Join(out, output.LockName))
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := cli(t, "run", "--audience", "rsl", "--data", data, "--output", out)
	if code != exitBusy || !strings.Contains(stderr, "används av en annan process") {
		t.Errorf("run on a locked output folder: exit %d, stderr %q; want %d", code, stderr, exitBusy)
	}
	lock.Unlock()
	code, stdout, stderr := cli(t, "run", "--audience", "plan", "--data", data, "--output", out)
	if code != exitOK || !strings.Contains(stdout, "Inget att bygga") {
		t.Errorf("run with an empty store: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	good := filepath.Join(dir, "Psykisk hälsa.xlsx")
	p := set.Current[0]
	for _, c := range set.Current {
		if c.Name == "RPO Psykisk hälsa" {
			p = c
		}
	}
	if err := output.WriteFileAtomic(good, func(w output.Writer) error {
		return exceltemplate.Write(w, &cfg.Catalog, exceltemplate.Options{Plan: p})
	}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "gammal.xls")
	if err := os.WriteFile(bad, []byte("inte ett kalkylark"), 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := cli(t, "validate", "--json", good)
	if code != exitOK {
		t.Fatalf("exit %d for a good file; stderr %s; stdout %s", code, stderr, stdout)
	}
	var reports []struct {
		File   string `json:"file"`
		OK     bool   `json:"ok"`
		Format string `json:"format"`
		Plan   *struct {
			ProgramArea string         `json:"program_area"`
			Areas       int            `json:"areas"`
			Activities  int            `json:"activities"`
			Status      map[string]int `json:"status"`
		} `json:"plan"`
		Problems []map[string]string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &reports); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	r := reports[0]
	c := p.Counts()
	if !r.OK || r.Format != "xlsx" || r.Plan == nil || r.Plan.ProgramArea != "RPO Psykisk hälsa" ||
		r.Plan.Areas != len(p.Areas) || r.Plan.Activities != p.ActivityCount() ||
		r.Plan.Status["gron"] != c.Green || r.Plan.Status["gul"] != c.Yellow || r.Plan.Status["rod"] != c.Red || r.Plan.Status["avslutad"] != c.Done {
		t.Errorf("report = %+v, plan %+v; want counts %+v", r, r.Plan, c)
	}

	code, stdout, _ = cli(t, "validate", "--json", good, bad)
	if code != exitFail {
		t.Fatalf("exit %d with a bad file, want %d", code, exitFail)
	}
	reports = nil
	if err := json.Unmarshal([]byte(stdout), &reports); err != nil || len(reports) != 2 {
		t.Fatalf("want two reports: %v\n%s", err, stdout)
	}
	if reports[1].OK || reports[1].Plan != nil || len(reports[1].Problems) == 0 || reports[1].Problems[0]["severity"] != "error" {
		t.Errorf("bad file report = %+v", reports[1])
	}

	// The human-readable report is Swedish and names the file.
	code, stdout, _ = cli(t, "validate", bad)
	if code != exitFail || !strings.Contains(stdout, "gammal.xls") {
		t.Errorf("exit %d, report %q", code, stdout)
	}
}

// TestDemo runs the README's main command end to end, twice.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("demo builds every package")
	}
	data, out := t.TempDir(), t.TempDir()
	code, stdout, stderr := cli(t, "demo", "--data", data, "--output", out)
	if code != exitOK {
		t.Fatalf("demo exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"17 filer mottagna", "Klart", "Kunskapsråd Medicin"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout)
		}
	}
	archived, _ := filepath.Glob(filepath.Join(data, "archive", "*", "*", "*.xlsx"))
	inboxLeft, _ := os.ReadDir(filepath.Join(data, "inbox"))
	if len(inboxLeft) != 0 || len(archived) == 0 {
		t.Errorf("inbox holds %d files, archive %d", len(inboxLeft), len(archived))
	}
	pkgs, _ := filepath.Glob(filepath.Join(out, "*", output.ManifestName))
	if len(pkgs) == 0 {
		t.Fatal("no packages written")
	}
	zips := map[string][]byte{}
	for _, m := range pkgs {
		dir := filepath.Dir(m)
		zips[dir], _ = os.ReadFile(filepath.Join(dir, filepath.Base(dir)+".zip"))
	}

	checkDecksOpen(t, data, out)

	// Again: nothing new is stored, and the packages come out identical.
	code, stdout, stderr = cli(t, "demo", "--data", data, "--output", out)
	if code != exitOK {
		t.Fatalf("second demo exit %d\n%s\n%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "nya versioner") || strings.Contains(stdout, "ny version") {
		t.Errorf("second demo stored new versions:\n%s", stdout)
	}
	archived2, _ := filepath.Glob(filepath.Join(data, "archive", "*", "*", "*.xlsx"))
	if len(archived2) != len(archived) {
		t.Errorf("archive grew from %d to %d files on an identical run", len(archived), len(archived2))
	}
	for dir, before := range zips {
		after, _ := os.ReadFile(filepath.Join(dir, filepath.Base(dir)+".zip"))
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed although no plan changed", filepath.Base(dir))
		}
	}
}

// TestValidateLibreOfficeFilled validates our blank templates as filled in and saved by
// LibreOffice Calc and Impress (testdata/fill_template.py and fill_slides.py say how).
func TestValidateLibreOfficeFilled(t *testing.T) {
	tests := []struct {
		file          string
		wantCode      int
		areas, acts   int
		status        map[string]int
		wantLocations []string
		wantWarnings  []string
	}{
		{"testdata/lo_filled_template.xlsx", exitOK, 2, 5, map[string]int{"gron": 2, "gul": 1, "rod": 1, "avslutad": 1}, nil, nil},
		{"testdata/lo_filled_errors.xlsx", exitFail, 2, 5, map[string]int{"gron": 1, "gul": 1, "rod": 1, "avslutad": 1},
			[]string{"Aktiviteter!C5", "Aktiviteter!L6", "Plan!B4"}, nil},
		{"testdata/lo_filled_slides.pptx", exitOK, 2, 4, map[string]int{"gron": 1, "gul": 1, "rod": 1, "avslutad": 1}, nil,
			[]string{"bild 5, tabell 1, rad 5, kolumn Status"}},
		{"testdata/lo_filled_slides_errors.pptx", exitFail, 2, 4, map[string]int{"gron": 1, "gul": 1, "rod": 1, "avslutad": 1},
			[]string{"bild 5, tabell 1, rad 3, kolumn Kommentar", "bild 5, tabell 1, rad 3, kolumn Kommentar", "bild 3, tabell 1, rad 2, kolumn Värde"},
			[]string{"bild 5, tabell 1, rad 5, kolumn Status", "bild 3, tabell 1, rad 7, kolumn Värde"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			code, stdout, stderr := cli(t, "validate", "--json", tt.file)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; %s %s", code, tt.wantCode, stdout, stderr)
			}
			var reports []struct {
				Plan struct {
					Areas      int            `json:"areas"`
					Activities int            `json:"activities"`
					Status     map[string]int `json:"status"`
				} `json:"plan"`
				Problems []struct {
					Severity, Location string
				} `json:"problems"`
			}
			if err := json.Unmarshal([]byte(stdout), &reports); err != nil {
				t.Fatal(err)
			}
			r := reports[0]
			if r.Plan.Areas != tt.areas || r.Plan.Activities != tt.acts {
				t.Errorf("areas %d, activities %d; want %d, %d", r.Plan.Areas, r.Plan.Activities, tt.areas, tt.acts)
			}
			for k, v := range tt.status {
				if r.Plan.Status[k] != v {
					t.Errorf("status %s = %d, want %d", k, r.Plan.Status[k], v)
				}
			}
			var errs, warns []string
			for _, p := range r.Problems {
				if p.Severity == "error" {
					errs = append(errs, p.Location)
				} else {
					warns = append(warns, p.Location)
				}
			}
			if strings.Join(errs, " ") != strings.Join(tt.wantLocations, " ") {
				t.Errorf("error locations %v, want %v", errs, tt.wantLocations)
			}
			if strings.Join(warns, " ") != strings.Join(tt.wantWarnings, " ") {
				t.Errorf("warning locations %v, want %v", warns, tt.wantWarnings)
			}
		})
	}
}

// checkDecksOpen converts every deck the demo wrote to PDF with LibreOffice, in one
// run, and checks one page per slide and that every activity of the plans a deck
// covers is in its text.
func checkDecksOpen(t *testing.T, data, out string) {
	t.Helper()
	officetest.Need(t, "soffice", "pdftotext", "pdfinfo")
	all, _ := filepath.Glob(filepath.Join(out, "*", "*.pptx"))
	var decks []string
	for _, d := range all {
		if filepath.Base(filepath.Dir(d)) != site.Folder { // the public decks: TestPublicSite, package site
			decks = append(decks, d)
		}
	}
	if len(decks) != 23 {
		t.Fatalf("%d decks, want 23 (4 councils, RSL, SVN, 17 plans)", len(decks))
	}
	pdfs := t.TempDir()
	officetest.ConvertInto(t, pdfs, "pdf", decks...)

	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Each package shows the versions its manifest names (a Plan package its
	// latest fastställd one, when there is one).
	version := func(in output.Input) *plan.Plan {
		v, err := st.Version(context.Background(), in.Plan, in.Version)
		if err != nil {
			t.Fatalf("%s version %d: %v", in.Plan, in.Version, err)
		}
		return v.Plan
	}
	for _, deck := range decks {
		b, err := os.ReadFile(deck)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := pptx.Open(b, pptx.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(deck), err)
		}
		pdf := filepath.Join(pdfs, strings.TrimSuffix(filepath.Base(deck), ".pptx")+".pdf")
		if got := officetest.PDFPages(t, pdf); got != len(doc.Slides) {
			t.Errorf("%s: %d PDF pages for %d slides", filepath.Base(deck), got, len(doc.Slides))
		}
		// Council and plan decks show their plans in full.
		m, err := output.ReadManifest(filepath.Dir(deck))
		if err != nil {
			t.Fatal(err)
		}
		if m.Audience != "kr" && m.Audience != "plan" {
			continue
		}
		// pdftotext may interleave the lines of neighbouring table cells, and it
		// joins "esofagus-" at a line end with the next line: look for every word of
		// the activity, without a trailing hyphen.
		text := officetest.PDFText(t, pdf)
		for _, in := range m.Inputs {
			for _, aa := range version(in).Activities() {
				for _, w := range strings.Fields(aa.Activity.Description) {
					if !strings.Contains(text, strings.TrimRight(w, "-")) {
						t.Errorf("%s: %q of activity %q not in the PDF", filepath.Base(deck), w, aa.Activity.Description)
						break
					}
				}
			}
		}
	}
}

// TestWatch drops a workbook into a watched inbox and expects it taken in, then
// stops the watcher as Ctrl+C would.
func TestWatch(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int)
	go func() { done <- run(ctx, []string{"watch", "--data", data}, out, out) }()

	src, err := os.ReadFile("testdata/lo_filled_template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Bevakar") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := output.WriteBytesAtomic(filepath.Join(data, "inbox", "Psykisk hälsa.xlsx"), src); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(out.String(), "1 godkänd") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("watch exit %d", code)
	}
	if !strings.Contains(out.String(), "1 godkänd") {
		t.Errorf("file not taken in within 20 s:\n%s", out.String())
	}
}

// syncBuffer is a bytes.Buffer safe for the watcher and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
