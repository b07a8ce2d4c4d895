package workbook_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"handlingsplan/internal/officetest"

	"github.com/xuri/excelize/v2"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
)

var (
	meeting  = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	previous = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
)

// fixture is the sample catalog and the reports built from the sample plans.
type fixture struct {
	cat     *plan.Catalog
	reports map[string]*report.Report // by test name: kr, rsl, svn, plan
	order   []string
}

func mustFixture(tb testing.TB, scale int) fixture {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatalf("config: %v", err)
	}
	cat := &cfg.Catalog
	set := sample.Make(cat, meeting, scale)
	in := set.Input(cat, meeting)
	in.PreviousMeeting, in.Generated = previous, meeting.Add(6*time.Hour)
	fx := fixture{cat: cat, reports: map[string]*report.Report{}}
	for _, req := range []struct {
		name string
		req  report.Request
	}{
		{"kr", report.Request{Audience: plan.AudienceKR, Forum: cat.Forums[0].Name}},
		{"rsl", report.Request{Audience: plan.AudienceRSL}},
		{"svn", report.Request{Audience: plan.AudienceSVN}},
		{"plan", report.Request{Audience: plan.AudiencePlan, Plan: set.Current[0].Name}},
	} {
		r, err := report.Build(req.req, in)
		if err != nil {
			tb.Fatalf("report %s: %v", req.name, err)
		}
		fx.reports[req.name] = r
		fx.order = append(fx.order, req.name)
	}
	return fx
}

func write(tb testing.TB, r *report.Report, cat *plan.Catalog) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := workbook.Write(&buf, r, cat, workbook.Options{}); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// inScope lists the activities the workbook must hold, in order.
func inScope(r *report.Report) []plan.AreaActivity {
	var out []plan.AreaActivity
	for _, row := range r.Overview {
		if row.Plan != nil {
			out = append(out, row.Plan.Activities()...)
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	fx := mustFixture(t, 1)
	wantSheets := map[string][]string{
		"kr":   {workbook.SheetOverview, workbook.SheetActivities, workbook.SheetChanges, workbook.SheetSupport, workbook.SheetProposals},
		"rsl":  {workbook.SheetOverview, "Saknade och inaktuella", "Röda och gula", workbook.SheetSupport, workbook.SheetProposals, workbook.SheetChanges, workbook.SheetActivities},
		"svn":  {workbook.SheetOverview, workbook.SheetProposals, workbook.SheetActivities},
		"plan": {workbook.SheetOverview, workbook.SheetActivities, workbook.SheetChanges},
	}
	for _, name := range fx.order {
		t.Run(name, func(t *testing.T) {
			r := fx.reports[name]
			data := write(t, r, fx.cat)
			if keep := os.Getenv("WORKBOOK_KEEP"); keep != "" {
				if err := os.WriteFile(filepath.Join(keep, r.FileBase()+".xlsx"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer f.Close()

			if got, want := strings.Join(f.GetSheetList(), "|"), strings.Join(wantSheets[name], "|"); got != want {
				t.Errorf("sheets = %s, want %s", got, want)
			}
			if got := f.GetActiveSheetIndex(); got != 0 {
				t.Errorf("active sheet = %d, want 0", got)
			}
			props, err := f.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if props.Title != r.Title || props.Language != "sv-SE" || props.Creator == "" || props.Subject == "" {
				t.Errorf("doc props = %+v", props)
			}
			checkActivities(t, f, r)
			if r.Audience != plan.AudienceSVN { // its Översikt is the summary per kind of påverkan
				checkOverview(t, f, r)
			}
			if r.HasPrevious && r.Audience != plan.AudienceSVN {
				checkChanges(t, f, r)
			}
			switch r.Audience {
			case plan.AudienceKR, plan.AudienceRSL:
				checkList(t, f, workbook.SheetSupport, len(r.Support))
				checkProposals(t, f, r)
			case plan.AudienceSVN:
				checkProposals(t, f, r)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if zr.File[0].Name != "[Content_Types].xml" {
				t.Errorf("first part = %s", zr.File[0].Name)
			}
			if (r.Audience != plan.AudienceSVN && !hasPart(zr, "xl/charts/chart1.xml")) || !hasPart(zr, "xl/tables/table1.xml") {
				t.Errorf("chart or table missing")
			}
		})
	}
}

func hasPart(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	return rs
}

func col(t *testing.T, head []string, name string) int {
	t.Helper()
	for i, h := range head {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, head)
	return -1
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func checkActivities(t *testing.T, f *excelize.File, r *report.Report) {
	t.Helper()
	rs := rows(t, f, workbook.SheetActivities)
	want := []string{"Programområde/samverkansgrupp", "Forum", "Nationellt insatsområde", "Prioriterat område", "Patientlöften",
		"Aktivitet", "Tidplan", "Samverkan", "Uppföljning – metod", "Kvalitetsindikatorer", "Mål", "Mätansvarig", "Resultat",
		"Status", "Kommentar", "Behov av ledningsstöd", "Konsekvenser – invånare, patienter och närstående",
		"Konsekvenser – verksamhet och medarbetare", "Konsekvenser – styrning och ledning", "Slutrapport och utvärdering",
		"Påverkan på överenskommelsen", "Beskrivning av förändring", "Områdets status"}
	if got := strings.Join(rs[0], "|"); got != strings.Join(want, "|") {
		t.Fatalf("header = %q", rs[0])
	}
	acts := inScope(r)
	if len(acts) == 0 {
		t.Fatal("fixture has no activities")
	}
	if got, want := len(rs)-1, len(acts); got != want {
		t.Fatalf("activity rows = %d, want %d", got, want)
	}
	head := rs[0]
	cAct, cStatus, cSupport, cPromises, cGoal, cImpact := col(t, head, "Aktivitet"), col(t, head, "Status"),
		col(t, head, "Behov av ledningsstöd"), col(t, head, "Patientlöften"), col(t, head, "Mål"), col(t, head, "Påverkan på överenskommelsen")
	for i, aa := range acts {
		row := rs[i+1]
		a := aa.Activity
		if cell(row, cAct) != a.Description || cell(row, cStatus) != a.Status.Label() ||
			cell(row, cSupport) != map[bool]string{true: "Ja", false: "Nej"}[a.NeedsSupport] ||
			cell(row, cGoal) != a.FollowUp.Goal || cell(row, cImpact) != a.Impact.Label() {
			t.Errorf("row %d = %q, want activity %+v", i+2, row, *a)
		}
		for _, id := range aa.Area.Promises {
			if !strings.Contains(cell(row, cPromises), id+" – ") {
				t.Errorf("row %d: promises %q lack the title of %s", i+2, cell(row, cPromises), id)
			}
		}
	}
	tables, err := f.GetTables(workbook.SheetActivities)
	if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:W") {
		t.Errorf("tables = %+v, %v", tables, err)
	}
	panes, err := f.GetPanes(workbook.SheetActivities)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	cfs, err := f.GetConditionalFormats(workbook.SheetActivities)
	if err != nil || len(cfs) != 2 {
		t.Errorf("conditional formats = %v, %v", cfs, err)
	}
}

func checkOverview(t *testing.T, f *excelize.File, r *report.Report) {
	t.Helper()
	rs := rows(t, f, workbook.SheetOverview)
	if cell(rs[0], 0) != r.Title || cell(rs[1], 0) != r.Subtitle {
		t.Errorf("title rows = %q, %q", rs[0], rs[1])
	}
	find := func(name string, from int) []string {
		for _, row := range rs[from:] {
			if cell(row, 0) == name {
				return row
			}
		}
		t.Errorf("Översikt: no row %q", name)
		return nil
	}
	areaHead := 0
	for i, row := range rs {
		if cell(row, 0) == "Programområde/samverkansgrupp" && areaHead == 0 { // the plan's facts below use the label too
			areaHead = i
		}
	}
	if areaHead == 0 {
		t.Fatal("Översikt: no programme-area table")
	}
	forumHead := 0
	for i, row := range rs {
		if cell(row, 0) == "Forum" {
			forumHead = i
			break
		}
	}
	if len(r.Groups) > 0 && forumHead == 0 {
		t.Fatal("Översikt: no forum table")
	}
	for _, g := range r.Groups {
		row := find(g.Forum.Name, forumHead)
		want := []string{g.Forum.Name, strconv.Itoa(g.Plans), strconv.Itoa(g.Missing), strconv.Itoa(g.Counts.Green),
			strconv.Itoa(g.Counts.Yellow), strconv.Itoa(g.Counts.Red), strconv.Itoa(g.Counts.Done), strconv.Itoa(g.Counts.Total()), strconv.Itoa(g.Stale)}
		if strings.Join(row, "|") != strings.Join(want, "|") {
			t.Errorf("forum row = %q, want %q", row, want)
		}
	}
	for _, o := range r.Overview {
		row := find(o.Name, areaHead)
		if row == nil {
			continue
		}
		status, total, updated := "Saknas", "", ""
		if o.Plan != nil {
			status, total, updated = o.Status.Label(), strconv.Itoa(o.Counts.Total()), o.Updated.Format("2006-01-02")
		}
		flag := col(t, rs[areaHead], "Flagga") // after Inlämning and Fastställd when shown
		if cell(row, 2) != status || cell(row, 7) != total || cell(row, 8) != updated || cell(row, flag) != o.FlagText() {
			t.Errorf("overview row %q: got %q", o.Name, row)
		}
	}
	// Senast uppdaterad is a real date, not text.
	for i, row := range rs[areaHead+1:] {
		if cell(row, 8) == "" {
			continue
		}
		v, err := f.GetCellValue(workbook.SheetOverview, "I"+strconv.Itoa(areaHead+2+i), excelize.Options{RawCellValue: true})
		if _, perr := strconv.ParseFloat(v, 64); err != nil || perr != nil {
			t.Errorf("I%d = %q: not a date serial", areaHead+2+i, v)
		}
		break
	}
}

func checkChanges(t *testing.T, f *excelize.File, r *report.Report) {
	t.Helper()
	want := 0
	for _, c := range r.Changes {
		if c.New {
			want++
			continue
		}
		d := c.Diff
		want += len(d.StatusChanges) + len(d.New) + len(d.Finished) + len(d.Removed) + len(d.GoalChanges) +
			len(d.ResultChanges) + len(d.NewAreas) + len(d.RemovedAreas)
	}
	if want == 0 {
		t.Fatalf("fixture has no changes")
	}
	rs := checkList(t, f, workbook.SheetChanges, want)
	if r.Audience != plan.AudienceRSL {
		return
	}
	kinds := map[string]bool{}
	for _, row := range rs[1:] {
		kinds[cell(row, 2)] = true
	}
	for _, k := range []string{report.ChangeStatus, report.ChangeNewActivity, report.ChangeResult} {
		if !kinds[k] {
			t.Errorf("no change of kind %q in %v", k, kinds)
		}
	}
}

// checkList checks that a list sheet has a header, n rows (or the empty note) and a filter.
func checkList(t *testing.T, f *excelize.File, sheet string, n int) [][]string {
	t.Helper()
	rs := rows(t, f, sheet)
	got := len(rs) - 1
	if n == 0 {
		got = 0
	}
	if got != n {
		t.Errorf("%s: %d rows, want %d", sheet, got, n)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze {
		t.Errorf("%s: panes = %+v, %v", sheet, panes, err)
	}
	return rs
}

func checkProposals(t *testing.T, f *excelize.File, r *report.Report) {
	t.Helper()
	n := 0
	for _, p := range r.Proposals {
		n += len(p.Items)
	}
	if n == 0 {
		t.Fatal("fixture has no proposals")
	}
	rs := checkList(t, f, workbook.SheetProposals, n)
	for _, h := range []string{"Typ av förändring", "Beskrivning av förändring", "Bedömning", "Kostnad (tkr)", "Beslut", "Ansvarig", "Anteckning"} {
		col(t, rs[0], h)
	}
	i := 1
	for _, p := range r.Proposals {
		for _, it := range p.Items {
			if cell(rs[i], 0) != p.Impact.Label() || cell(rs[i], 4) != it.Activity.Description || cell(rs[i], 5) != it.Activity.ImpactDetail {
				t.Errorf("proposal row %d = %q", i+1, rs[i])
			}
			i++
		}
	}
	dvs, err := f.GetDataValidations(workbook.SheetProposals)
	if err != nil || len(dvs) != 5 { // Bedömning, Beslut, two dates, Kostnad
		t.Errorf("data validations = %d, %v", len(dvs), err)
	}
}

func TestWriteDeterministic(t *testing.T) {
	fx := mustFixture(t, 1)
	for _, name := range fx.order {
		r := fx.reports[name]
		first := write(t, r, fx.cat)
		for range 5 {
			if again := write(t, r, fx.cat); !bytes.Equal(first, again) {
				t.Fatalf("%s: two writes of the same report differ", name)
			}
		}
	}
	// The document time comes from the options when given.
	var buf bytes.Buffer
	mod := time.Date(2027, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := workbook.Write(&buf, fx.reports["rsl"], fx.cat, workbook.Options{Modified: mod}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, _ := f.GetDocProps()
	if props.Modified != "2027-02-03T04:05:06Z" || props.Created != props.Modified {
		t.Errorf("doc times = %s, %s", props.Created, props.Modified)
	}
}

func TestWriteEdgeCases(t *testing.T) {
	fx := mustFixture(t, 1)
	tests := []struct {
		name    string
		r       *report.Report
		cat     *plan.Catalog
		wantErr bool
	}{
		{name: "NilReport", r: nil, wantErr: true},
		{name: "NilCatalog", r: fx.reports["kr"]},
		{name: "Empty", r: &report.Report{Audience: plan.AudienceSVN, Title: "Tom"}},
		{name: "EmptyRSL", r: &report.Report{Audience: plan.AudienceRSL, Title: "Tom", PreviousMeeting: previous,
			Overview: []report.Row{{Name: "RPO X", Forum: "Kunskapsråd Y", Flag: report.FlagMissing}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := workbook.Write(&buf, tt.r, tt.cat, workbook.Options{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.GetRows(workbook.SheetActivities); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLibreOffice proves that LibreOffice opens every workbook: it converts each
// sheet to CSV and one workbook to PDF.
func TestLibreOffice(t *testing.T) {
	officetest.Need(t, "soffice", "pdfinfo")
	fx := mustFixture(t, 1)
	dir := t.TempDir()
	var files []string
	for _, name := range fx.order {
		p := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(p, write(t, fx.reports[name], fx.cat), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	// 44 = comma, 34 = quote, 76 = UTF-8; the last -1 writes every sheet to its own file.
	officetest.ConvertInto(t, dir, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", files...)
	for _, name := range fx.order {
		r := fx.reports[name]
		ov := readFile(t, filepath.Join(dir, name+"-"+workbook.SheetOverview+".csv"))
		wants := []string{r.Title, r.Overview[0].Name, "Status per programområde"}
		if r.Audience == plan.AudienceSVN {
			wants = []string{r.Title, r.Sections()[0].Title, r.Proposals[0].Items[0].Plan}
		}
		for _, want := range wants {
			if !strings.Contains(ov, want) {
				t.Errorf("%s: Översikt CSV lacks %q", name, want)
			}
		}
		acts := readFile(t, filepath.Join(dir, name+"-"+workbook.SheetActivities+".csv"))
		for _, aa := range inScope(r) {
			if !strings.Contains(acts, aa.Activity.Description) {
				t.Errorf("%s: Aktiviteter CSV lacks %q", name, aa.Activity.Description)
				break
			}
		}
	}
	if pages := officetest.PDFPages(t, officetest.Convert(t, files[1], "pdf")); pages == 0 {
		t.Error("rsl.pdf has no pages")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice did not write %s: %v", filepath.Base(path), err)
	}
	return string(b)
}

func BenchmarkWriteRSL(b *testing.B) {
	for _, scale := range []int{1, 10} {
		b.Run("scale"+strconv.Itoa(scale), func(b *testing.B) {
			fx := mustFixture(b, scale)
			r := fx.reports["rsl"]
			b.ReportAllocs()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := workbook.Write(&buf, r, fx.cat, workbook.Options{}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(len(inScope(r))), "activities")
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// BenchmarkWriteKR writes the workbook of one kunskapsråd at the sample size and
// at ten and a hundred times it.
func BenchmarkWriteKR(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(map[int]string{1: "sample", 10: "10x", 100: "100x"}[scale], func(b *testing.B) {
			fx := mustFixture(b, scale)
			r := fx.reports["kr"]
			b.ReportAllocs()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := workbook.Write(&buf, r, fx.cat, workbook.Options{}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(len(inScope(r))), "activities")
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// TestOverviewDeadlineAndAdoption checks that the Översikt sheet says per plan how
// it met the deadline and whether its current version is fastställd, in the
// columns the report shows, before the flag.
func TestOverviewDeadlineAndAdoption(t *testing.T) {
	fx := mustFixture(t, 1)
	tests := []struct {
		report             string
		deadline, adoption bool
	}{
		{"kr", true, true},
		{"rsl", true, false},
		{"svn", false, false},
		{"plan", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.report, func(t *testing.T) {
			r := fx.reports[tt.report]
			f, err := excelize.OpenReader(bytes.NewReader(write(t, r, fx.cat)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rs := rows(t, f, workbook.SheetOverview)
			head := -1
			for i, row := range rs {
				if cell(row, 0) == "Programområde/samverkansgrupp" {
					head = i
					break
				}
			}
			if head < 0 { // SVN's Översikt sums proposals up: no programme areas
				if r.Sections()[0].Kind == report.SectionOverview || r.Sections()[0].Kind == report.SectionPlanFacts {
					t.Fatal("no programme-area table")
				}
				return
			}
			h := rs[head]
			for _, w := range []struct {
				head  string
				shown bool
			}{{report.HeadDeadline, tt.deadline}, {report.HeadAdoption, tt.adoption}} {
				if got := slices.Contains(h, w.head); got != w.shown {
					t.Errorf("header %q: %q shown %v, want %v", h, w.head, got, w.shown)
				}
			}
			if h[len(h)-1] != "Flagga" {
				t.Errorf("header %q does not end with Flagga", h)
			}
			for i, ov := range r.Overview {
				row := rs[head+1+i]
				if cell(row, 0) != ov.Name {
					t.Fatalf("row %d is %q, want %s", i, row, ov.Name)
				}
				if tt.deadline {
					if got := cell(row, col(t, h, report.HeadDeadline)); got != ov.Deadline.Label() {
						t.Errorf("%s: %s %q, want %q", ov.Name, report.HeadDeadline, got, ov.Deadline.Label())
					}
				}
				if tt.adoption {
					if got := cell(row, col(t, h, report.HeadAdoption)); got != ov.AdoptionCell() {
						t.Errorf("%s: %s %q, want %q", ov.Name, report.HeadAdoption, got, ov.AdoptionCell())
					}
				}
				if got := cell(row, len(h)-1); got != ov.FlagText() {
					t.Errorf("%s: Flagga %q, want %q", ov.Name, got, ov.FlagText())
				}
			}
		})
	}
}
