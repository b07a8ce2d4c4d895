package sources

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
)

func TestReadGood(t *testing.T) {
	r := readFixture(t, "good.xlsx", DefaultLimits)
	if !r.OK() || len(r.Problems) != 0 {
		t.Fatalf("good.xlsx: ok=%v problems:%s", r.OK(), dumpProblems(r.Problems))
	}
	p := r.Plan
	if got, want := r.Format, "xlsx"; got != want {
		t.Errorf("format = %q, want %q", got, want)
	}
	if p.Name != "RPO Psykisk hälsa" || p.Kind != plan.KindRPO || p.Forum != "Kunskapsråd Psykisk hälsa" {
		t.Errorf("plan = %q %q %q", p.Name, p.Kind, p.Forum)
	}
	if want := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); !p.Updated.Equal(want) {
		t.Errorf("updated = %v, want %v", p.Updated, want)
	}
	if p.Cooperation.Patients != "Brukarråd i varje region." || p.Email != "anna.andersson@rjl.se" || p.Period != "2026–2027" {
		t.Errorf("plan values = %+v", p)
	}
	if got := len(p.Areas); got != 3 {
		t.Fatalf("areas = %d, want 3", got)
	}
	a := p.Areas[0]
	if a.Title != "Tillgänglighet till psykiatrisk vård" || a.NationalArea != "Tillgänglighet" || strings.Join(a.Promises, ",") != "P2,P4" || len(a.Activities) != 2 {
		t.Errorf("area 1 = %+v", a)
	}
	if got := strings.Join(p.Areas[2].Promises, ","); got != "P5" {
		t.Errorf("promise by title = %q, want P5", got)
	}
	if got := strings.Join(p.Areas[1].Promises, ","); got != "P3" {
		t.Errorf("promise by number = %q, want P3", got)
	}
	s := p.Areas[1].Activities[0]
	if s.Status != plan.StatusRed || !s.NeedsSupport || s.Impact != plan.ImpactOperational || s.Location != "Aktiviteter!A4" {
		t.Errorf("activity = %+v", s)
	}
	if got, want := p.Counts(), (plan.StatusCounts{Green: 3, Yellow: 1, Red: 1, Done: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if p.Source.FileName != "good.xlsx" || p.Source.Format != "xlsx" || len(p.Source.SHA256) != 64 {
		t.Errorf("source = %+v", p.Source)
	}
}

// TestReadLibreOffice reads workbooks written by LibreOffice Calc: header on row 4
// below a merged title, columns out of order, a synonym sheet and heading, a
// hidden column and row, merged area and comment cells, a text date, line breaks.
func TestReadLibreOffice(t *testing.T) {
	r := readFixture(t, "lo_handlingsplan.xlsx", DefaultLimits)
	checkLibreOfficePlan(t, r)
}

func checkLibreOfficePlan(t *testing.T, r Result) {
	t.Helper()
	if !r.OK() || len(r.Problems) != 0 {
		t.Fatalf("ok=%v problems:%s", r.OK(), dumpProblems(r.Problems))
	}
	p := r.Plan
	if p.Name != "RPO Psykisk hälsa" || p.Forum != "KR Psykisk hälsa" || p.Contact != "Anna Andersson" {
		t.Errorf("plan = %q %q %q", p.Name, p.Forum, p.Contact)
	}
	if want := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); !p.Updated.Equal(want) {
		t.Errorf("updated = %v, want %v (from text 1 mars 2026)", p.Updated, want)
	}
	var titles []string
	for _, a := range p.Areas {
		titles = append(titles, a.Title)
	}
	if got, want := strings.Join(titles, "|"), "Tillgänglighet|Suicidprevention|Samsjuklighet"; got != want {
		t.Fatalf("areas = %q, want %q", got, want)
	}
	tg := p.Areas[0]
	if len(tg.Activities) != 3 {
		t.Fatalf("merged area has %d activities, want 3", len(tg.Activities))
	}
	if got := tg.Activities[0].Description; got != "Gemensam remissrutin\nmellan regionerna" {
		t.Errorf("line break lost: %q", got)
	}
	if tg.Activities[1].Status != plan.StatusYellow || !tg.Activities[1].NeedsSupport || tg.Activities[2].Status != plan.StatusDone {
		t.Errorf("activities = %+v", tg.Activities)
	}
	if got := tg.Activities[0].FollowUp.Method; got != "Väntetidsdatabasen" {
		t.Errorf("Uppföljning synonym: method = %q", got)
	}
	sp := p.Areas[1]
	if strings.Join(sp.Promises, ",") != "P3,P1" || len(sp.Activities) != 2 {
		t.Errorf("area 2 = %+v", sp)
	}
	if sp.Activities[0].Location != "Handlingsplan!A9" || sp.Activities[0].Status != plan.StatusRed {
		t.Errorf("activity = %+v", sp.Activities[0])
	}
	if got := sp.Activities[1].Comment; got != "Gemensam kommentar" {
		t.Errorf("merged comment = %q", got)
	}
	if got := p.ActivityCount(); got != 6 {
		t.Errorf("activities = %d, want 6 (the row with only merged values is blank, the hidden row counts)", got)
	}
}

func TestReadExcelDates(t *testing.T) {
	for _, name := range []string{"lo_excel_date.xlsx", "ok_excel_date.xlsx", "ok_date_variants.xlsx"} {
		t.Run(name, func(t *testing.T) {
			r := readFixture(t, name, DefaultLimits)
			if !r.OK() {
				t.Fatalf("problems:%s", dumpProblems(r.Problems))
			}
			if want := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); !r.Plan.Updated.Equal(want) {
				t.Errorf("updated = %v, want %v", r.Plan.Updated, want)
			}
		})
	}
}

// TestFixturesFromLibreOffice guards that the lo_* fixtures are really written by Calc.
func TestFixturesFromLibreOffice(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lo_*.xlsx"))
	if len(files) == 0 {
		t.Fatal("no lo_*.xlsx fixtures")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		app, _, err := readPart(zr, "docProps/app.xml", 1<<20)
		if err != nil || !bytes.Contains(app, []byte("LibreOffice")) {
			t.Errorf("%s: not written by LibreOffice (%v)", f, err)
		}
	}
}

// TestReadLibreOfficeRoundTrip converts a workbook with the installed LibreOffice
// now, so a new Calc version that writes differently is noticed.
func TestReadLibreOfficeRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice not on PATH")
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src", "lo_handlingsplan.xlsx")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		t.Fatal(err)
	}
	writeBook(t, src, loBooks()["lo_handlingsplan.xlsx"])
	convert(t, src, "xlsx", tmp)
	data, err := os.ReadFile(filepath.Join(tmp, "lo_handlingsplan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	checkLibreOfficePlan(t, Read(Input{Name: "lo_handlingsplan.xlsx", Data: data}, testCatalog(), DefaultLimits))
}

// TestReadProblems has one case per kind of problem in a workbook: the location
// must point at the cell (with the column letter of that file) and the message
// must say what is wrong.
func TestReadProblems(t *testing.T) {
	const (
		E = plan.SevError
		W = plan.SevWarning
	)
	tests := []struct {
		file   string
		wantOK bool
		want   []wantProblem
	}{
		{"err_unknown_status.xlsx", false, []wantProblem{{E, "Aktiviteter!L7", "Status", `Okänd status "Lila". Ange Grön (grön`}}},
		{"err_status_moved.xlsx", false, []wantProblem{{E, "Aktiviteter!C4", "Status", `Okänd status "Lila"`}}},
		{"lo_bad_status.xlsx", false, []wantProblem{{E, "Handlingsplan!C6", "Status", `Okänd status "Lila"`}}},
		{"err_missing_status.xlsx", false, []wantProblem{{E, "Aktiviteter!L2", "Status", "Status saknas. Ange Grön"}}},
		{"err_missing_status_col.xlsx", false, []wantProblem{{E, "Aktiviteter!A1", "Status", `Kolumnen "Status" saknas i rubrikraden (rad 1)`}}},
		{"err_no_header.xlsx", false, []wantProblem{{E, "Aktiviteter!A1", "", "Ingen rubrikrad hittades"}}},
		{"err_missing_activity.xlsx", false, []wantProblem{{E, "Aktiviteter!D3", "Aktivitet", "Aktivitet saknas på rad 3"}}},
		{"err_first_area_missing.xlsx", false, []wantProblem{{E, "Aktiviteter!B2", "Prioriterat område", "Prioriterat område saknas"}}},
		{"err_unknown_promise.xlsx", false, []wantProblem{{E, "Aktiviteter!C2", "Patientlöften", `Okänt patientlöfte "P9"`}}},
		{"err_bad_yesno.xlsx", false, []wantProblem{{E, "Aktiviteter!N2", "Behov av ledningsstöd", `Okänt värde "kanske". Skriv Ja eller Nej`}}},
		{"err_bad_impact.xlsx", false, []wantProblem{{E, "Aktiviteter!S2", "Påverkan på överenskommelsen", `Okänd påverkan "Lite grann". Välj något av: Ingen, Verksamhetsförändring`}}},
		{"err_empty_plan.xlsx", false, []wantProblem{{E, "Aktiviteter", "", "Planen innehåller inga aktiviteter"}}},
		{"err_unknown_area.xlsx", false, []wantProblem{{E, "Plan!B1", "Programområde/samverkansgrupp", `Okänt programområde eller samverkansgrupp "RPO Tandvård"`}}},
		{"err_unknown_area.xlsx", false, []wantProblem{{E, "Plan!B1", "Programområde/samverkansgrupp", "RPO Psykisk hälsa, RPO Barn och ungdomars hälsa"}}},
		{"err_missing_name.xlsx", false, []wantProblem{{E, "Plan!B1", "Programområde/samverkansgrupp", "Programområde/samverkansgrupp saknas"}}},
		{"err_no_name_label.xlsx", false, []wantProblem{{E, "Plan", "Programområde/samverkansgrupp", "Skriv etiketten Programområde/samverkansgrupp i kolumn A"}}},
		{"err_bad_kind.xlsx", false, []wantProblem{{E, "Plan!B2", "Typ", `Okänd typ "NPO". Skriv RPO, RMPO eller RSG`}}},
		{"err_no_plan_sheet.xlsx", false, []wantProblem{{E, "err_no_plan_sheet.xlsx", "", `Bladet "Plan" saknas. Arbetsboken har bladen: Aktiviteter`}}},
		{"err_no_activities_sheet.xlsx", false, []wantProblem{{E, "err_no_activities_sheet.xlsx", "", `Bladet "Aktiviteter" saknas. Arbetsboken har bladen: Plan, Blad2`}}},
		{"warn_only.xlsx", true, []wantProblem{
			{W, "Aktiviteter!I2", "Mål", `Målet "Bättre tillgänglighet" innehåller inget mätbart värde`},
			{W, "Aktiviteter!I3", "Mål", "Mål saknas"},
			{W, "Aktiviteter!T4", "Beskrivning av förändring", "förändringen är inte beskriven"},
			{W, "Plan!B4", "Kunskapsråd", `Filen anger "Kunskapsråd Medicin" men RPO Psykisk hälsa redovisas för Kunskapsråd Psykisk hälsa`},
			{W, "Plan", "Senast uppdaterad", "mottagningsdatum används"},
		}},
		{"warn_unreadable_date.xlsx", true, []wantProblem{{W, "Plan!B7", "Senast uppdaterad", `Datumet "snart" kunde inte tolkas; mottagningsdatum används`}}},
		{"warn_area_without_activity.xlsx", true, []wantProblem{{W, "Aktiviteter", "Prioriterat område", `"Tomt område" har inga aktiviteter`}}},
		{"ok_rsg_no_forum.xlsx", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := readFixture(t, tt.file, DefaultLimits)
			if r.OK() != tt.wantOK {
				t.Errorf("OK() = %v, want %v;%s", r.OK(), tt.wantOK, dumpProblems(r.Problems))
			}
			if r.Plan == nil {
				t.Errorf("plan is nil for a readable workbook")
			}
			for _, w := range tt.want {
				if _, ok := findProblem(r.Problems, w); !ok {
					t.Errorf("missing %s at %s (%s) containing %q; got:%s", w.sev, w.loc, w.field, w.msg, dumpProblems(r.Problems))
				}
			}
			if errs, warns := r.Problems.Count(); errs+warns != len(tt.want) && tt.file != "err_unknown_area.xlsx" {
				t.Errorf("got %d problems, want %d:%s", errs+warns, len(tt.want), dumpProblems(r.Problems))
			}
		})
	}
}

func TestReadRSGWithoutForum(t *testing.T) {
	r := readFixture(t, "ok_rsg_no_forum.xlsx", DefaultLimits)
	if p := r.Plan; p.Name != "RSG Patientsäkerhet" || p.Kind != plan.KindRSG || p.Forum != "RSL" {
		t.Errorf("plan = %q %q %q", p.Name, p.Kind, p.Forum)
	}
}

func TestReadLarge(t *testing.T) {
	r := readFixture(t, "large40.xlsx", DefaultLimits)
	if !r.OK() || len(r.Problems) != 0 {
		t.Fatalf("problems:%s", dumpProblems(r.Problems))
	}
	if got := r.Plan.ActivityCount(); got != 40 {
		t.Errorf("activities = %d, want 40", got)
	}
	if got := len(r.Plan.Areas); got != 10 {
		t.Errorf("areas = %d, want 10", got)
	}
}

func BenchmarkReadWorkbook(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "large40.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	cat := testCatalog()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := Read(Input{Name: "large40.xlsx", Data: data}, cat, DefaultLimits)
		if !r.OK() {
			b.Fatalf("problems:%s", dumpProblems(r.Problems))
		}
	}
}

// FuzzRead feeds mutated fixtures to Read: it must never panic (a recovered panic
// shows as "internt fel") and an unreadable file must always say why.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(name), data)
	}
	f.Add("tom.xlsx", []byte{})
	f.Add("x.pptx", []byte("PK\x05\x06"+strings.Repeat("\x00", 18)))
	cat := testCatalog()
	lim := Limits{MaxFileBytes: 1 << 20, MaxUnzippedBytes: 8 << 20, MaxZipEntries: 200, MaxPartBytes: 4 << 20}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done := make(chan Result, 1)
		go func() { done <- Read(Input{Name: name, Data: data}, cat, lim) }()
		var r Result
		select {
		case r = <-done:
		case <-ctx.Done():
			t.Fatalf("Read did not finish in 10 s")
		}
		for _, p := range r.Problems {
			if strings.Contains(p.Message, "internt fel") {
				t.Fatalf("Read panicked: %s", p.Message)
			}
			if p.Message == "" || p.Location == "" {
				t.Fatalf("problem without message or location: %+v", p)
			}
		}
		if r.Plan == nil && !r.Problems.HasErrors() {
			t.Fatalf("no plan and no error")
		}
	})
}

// TestWideSheetRefused: a small file whose rows end in column XFD would make
// excelize allocate 16384 strings per row; it is refused before that.
func TestWideSheetRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wide.xlsx")
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Aktiviteter"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Aktiviteter")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 20000; r++ {
		if err := sw.SetRow(cellName(16384, r), []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, d, alloc := readMeasured(Input{Name: "wide.xlsx", Data: data}, DefaultLimits)
	if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, "Aktiviteter", "", "långt utanför tabellen"}); !ok {
		t.Errorf("problems:%s", dumpProblems(r.Problems))
	}
	if d > 2*time.Second || alloc > 200<<20 {
		t.Errorf("refusal took %v and %d MiB", d, alloc>>20)
	}
}
