package sources

// The workbooks in testdata/ are made by TestMakeFixtures:
//
//	go test ./sources -run TestMakeFixtures -args -regen
//
// Most are written with excelize from the specs below. The lo_*.xlsx files and
// err_legacy.xls are written by excelize and then converted by LibreOffice Calc
// (soffice --headless --convert-to), so the committed files really come from
// LibreOffice. err_macro.xlsm is good.xlsx with a macro content type and a
// vbaProject.bin added; err_encrypted.xlsx is saved by excelize with a password.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/templates"
)

var regen = flag.Bool("regen", false, "rewrite the workbooks in testdata/")

// sheetSpec describes one sheet to write: rows from A1, merged ranges, hidden parts.
type sheetSpec struct {
	Name       string
	Rows       [][]any
	Merges     [][2]string
	HiddenCols []string
	HiddenRows []int
}

// writeBook writes a workbook with the given sheets.
func writeBook(t testing.TB, path string, sheets []sheetSpec, opts ...excelize.Options) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.Rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				if err := f.SetCellValue(s.Name, cellName(c+1, r+1), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.Merges {
			if err := f.MergeCell(s.Name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range s.HiddenCols {
			if err := f.SetColVisible(s.Name, c, false); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range s.HiddenRows {
			if err := f.SetRowVisible(s.Name, r, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path, opts...); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

// planSheet is the Plan sheet of RPO Psykisk hälsa; over replaces values by label
// (a nil value removes the row).
func planSheet(over map[string]any) sheetSpec {
	rows := [][]string{
		{"Programområde/samverkansgrupp", "RPO Psykisk hälsa"},
		{"Typ", "RPO"},
		{"Nationellt programområde/samverkansgrupp", "NPO Psykisk hälsa"},
		{"Kunskapsråd", "Kunskapsråd Psykisk hälsa"},
		{"Kontaktperson", "Anna Andersson"},
		{"E-post", "anna.andersson@rjl.se"},
		{"Senast uppdaterad", "2026-03-01"},
		{"Planperiod", "2026–2027"},
		{"Samverkan – NPO och nationella aktörer", "Representation i NPO Psykisk hälsa."},
		{"Samverkan – andra RPO och samverkansgrupper", "RPO Barn och ungdomars hälsa."},
		{"Samverkan – kommuner och lokala partners", "Länsgemensam ledningsgrupp."},
		{"Samverkan – patientföreträdare", "Brukarråd i varje region."},
		{"Övriga kommentarer", ""},
	}
	s := sheetSpec{Name: "Plan"}
	for _, r := range rows {
		var v any = r[1]
		if o, ok := over[r[0]]; ok {
			if o == nil {
				continue
			}
			v = o
		}
		s.Rows = append(s.Rows, []any{r[0], v})
	}
	return s
}

// act is one activity row by field.
type act map[templates.Field]any

// stdActs are six activities in three areas, all valid.
func stdActs() []act {
	return []act{
		{templates.ColNationalArea: "Tillgänglighet", templates.ColArea: "Tillgänglighet till psykiatrisk vård", templates.ColPromises: "P2; P4",
			templates.ColActivity: "Gemensam remissrutin mellan regionerna", templates.ColSchedule: "2026", templates.ColGoal: "90 % inom 30 dagar",
			templates.ColStatus: "Grön", templates.ColSupport: "Nej", templates.ColImpact: "Ingen"},
		{templates.ColActivity: "Digital första linje", templates.ColGoal: "minst 3 regioner anslutna", templates.ColStatus: "Gul"},
		{templates.ColArea: "Suicidprevention", templates.ColPromises: "3", templates.ColActivity: "Utbildning i suicidriskbedömning",
			templates.ColGoal: "80 % av personalen utbildad", templates.ColStatus: "Röd", templates.ColSupport: "Ja",
			templates.ColImpact: "Verksamhetsförändring", templates.ColImpactDetail: "Utbildningstid för all personal i akutpsykiatrin."},
		{templates.ColActivity: "Regional handlingsplan för suicidprevention", templates.ColGoal: "Antagen plan 2026", templates.ColStatus: "Avslutad"},
		{templates.ColArea: "Samsjuklighet", templates.ColPromises: "Du får en sammanhållen vård", templates.ColActivity: "Integrerade team",
			templates.ColGoal: "Minska väntetiden med 20 %", templates.ColStatus: "g"},
		{templates.ColActivity: "Kunskapsstöd i samsjuklighet", templates.ColGoal: "2 nya vårdförlopp", templates.ColStatus: "Grön"},
	}
}

// actSheet writes the header in template order on row 1 and the activities below.
func actSheet(name string, acts []act) sheetSpec {
	s := sheetSpec{Name: name}
	var hdr []any
	for _, c := range templates.ActivityColumns {
		hdr = append(hdr, c.Label)
	}
	s.Rows = append(s.Rows, hdr)
	for _, a := range acts {
		var row []any
		for _, c := range templates.ActivityColumns {
			row = append(row, a[c.Field])
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

// modActs returns stdActs with row i (0-based activity) changed.
func modActs(i int, f templates.Field, v any) []act {
	acts := stdActs()
	if v == nil {
		delete(acts[i], f)
	} else {
		acts[i][f] = v
	}
	return acts
}

// largeActs are n activities in areas of four, for the benchmark.
func largeActs(n int) []act {
	var acts []act
	statuses := []string{"Grön", "Gul", "Röd", "Avslutad", "Grön"}
	for i := 0; i < n; i++ {
		a := act{
			templates.ColActivity:    fmt.Sprintf("Aktivitet %d: gemensamt arbete med rutiner och uppföljning\nmellan regionerna", i+1),
			templates.ColSchedule:    "2026–2027",
			templates.ColCooperation: "NPO, kommunerna, patientföreträdare",
			templates.ColMethod:      "Uppföljning i regionala kvalitetsregister",
			templates.ColIndicators:  "Andel patienter med vårdplan",
			templates.ColGoal:        fmt.Sprintf("Minst %d %% av patienterna", 50+i),
			templates.ColResponsible: "Analysenheten",
			templates.ColResult:      "Första mätningen klar.",
			templates.ColStatus:      statuses[i%len(statuses)],
			templates.ColComment:     "Arbetet går enligt plan; samverkan med kommunerna behöver stärkas.",
			templates.ColSupport:     []string{"Nej", "Ja"}[i%2],
			templates.ColImpact:      "Ingen",
		}
		if i%4 == 0 {
			a[templates.ColArea] = fmt.Sprintf("Prioriterat område %d", i/4+1)
			a[templates.ColNationalArea] = "Nationellt insatsområde"
			a[templates.ColPromises] = "P1; P2"
		}
		acts = append(acts, a)
	}
	return acts
}

// fixtureBooks are the excelize-written fixtures by file name.
func fixtureBooks() map[string][]sheetSpec {
	std := func(acts []act) []sheetSpec {
		return []sheetSpec{planSheet(nil), actSheet("Aktiviteter", acts)}
	}
	withPlan := func(over map[string]any) []sheetSpec {
		return []sheetSpec{planSheet(over), actSheet("Aktiviteter", stdActs())}
	}
	// Status moved to column C: the message must name that file's column.
	moved := actSheet("Aktiviteter", modActs(2, templates.ColStatus, "Lila"))
	for i, row := range moved.Rows {
		st := row[11]
		row = append(row[:11:11], row[12:]...)
		moved.Rows[i] = append(row[:2:2], append([]any{st}, row[2:]...)...)
	}
	noStatusCol := actSheet("Aktiviteter", stdActs())
	for i, row := range noStatusCol.Rows {
		noStatusCol.Rows[i] = append(row[:11:11], row[12:]...)
	}
	firstNoArea := stdActs()
	delete(firstNoArea[0], templates.ColArea)
	missingAct := modActs(1, templates.ColActivity, nil)
	warn := stdActs()
	warn[0][templates.ColGoal] = "Bättre tillgänglighet"
	delete(warn[1], templates.ColGoal)
	delete(warn[2], templates.ColImpactDetail)

	return map[string][]sheetSpec{
		"good.xlsx":                       std(stdActs()),
		"large40.xlsx":                    std(largeActs(40)),
		"err_unknown_status.xlsx":         std(modActs(5, templates.ColStatus, "Lila")),
		"err_status_moved.xlsx":           {planSheet(nil), moved},
		"err_missing_status.xlsx":         std(modActs(0, templates.ColStatus, nil)),
		"err_missing_status_col.xlsx":     {planSheet(nil), noStatusCol},
		"err_missing_activity.xlsx":       std(missingAct),
		"err_first_area_missing.xlsx":     std(firstNoArea),
		"err_unknown_promise.xlsx":        std(modActs(0, templates.ColPromises, "P2; P9")),
		"err_bad_yesno.xlsx":              std(modActs(0, templates.ColSupport, "kanske")),
		"err_bad_impact.xlsx":             std(modActs(0, templates.ColImpact, "Lite grann")),
		"err_empty_plan.xlsx":             std(nil),
		"err_unknown_area.xlsx":           withPlan(map[string]any{"Programområde/samverkansgrupp": "RPO Tandvård"}),
		"err_missing_name.xlsx":           withPlan(map[string]any{"Programområde/samverkansgrupp": ""}),
		"err_no_name_label.xlsx":          withPlan(map[string]any{"Programområde/samverkansgrupp": nil}),
		"err_bad_kind.xlsx":               withPlan(map[string]any{"Typ": "NPO"}),
		"err_no_plan_sheet.xlsx":          {actSheet("Aktiviteter", stdActs())},
		"err_no_activities_sheet.xlsx":    {planSheet(nil), {Name: "Blad2", Rows: [][]any{{"Anteckningar"}}}},
		"err_no_header.xlsx":              {planSheet(nil), {Name: "Aktiviteter", Rows: [][]any{{"Här ska aktiviteterna stå"}, {"men ingen rubrikrad finns"}}}},
		"warn_only.xlsx":                  {planSheet(map[string]any{"Senast uppdaterad": nil, "Kunskapsråd": "Kunskapsråd Medicin"}), actSheet("Aktiviteter", warn)},
		"warn_unreadable_date.xlsx":       withPlan(map[string]any{"Senast uppdaterad": "snart"}),
		"ok_rsg_no_forum.xlsx":            withPlan(map[string]any{"Programområde/samverkansgrupp": "Patientsäkerhet", "Typ": nil, "Kunskapsråd": nil}),
		"ok_date_variants.xlsx":           withPlan(map[string]any{"Senast uppdaterad": "2026-03-01 00:00"}),
		"ok_excel_date.xlsx":              withPlan(map[string]any{"Senast uppdaterad": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}),
		"warn_area_without_activity.xlsx": std(append(stdActs(), act{templates.ColArea: "Tomt område"})),
	}
}

// loBooks are written by excelize and converted by LibreOffice Calc.
func loBooks() map[string][]sheetSpec {
	plan := sheetSpec{Name: "Plan", Rows: [][]any{
		{"Handlingsplan för regionalt programområde"},
		{},
		{"Programområde:", "Psykisk hälsa"},
		{"Kunskapsråd", "KR Psykisk hälsa"},
		{"Kontaktperson", nil, "Anna Andersson"}, // value two columns to the right
		{"Senast uppdaterad", "1 mars 2026"},
		{"Planperiod", "2026–2027"},
	}}
	// Header on row 4 below a merged title; columns out of order, a synonym
	// heading, an extra hidden column, a heading with a line break.
	hdr := []any{"Prioriterat\nområde", "Aktiviteter", "Status", "Intern notering", "Nationellt insatsområde",
		"Patientlöften", "Mål", "Uppföljning", "Kommentar", "Behov av ledningsstöd",
		"Påverkan på överenskommelsen", "Beskrivning av förändring"}
	rows := [][]any{
		{"Handlingsplan RPO Psykisk hälsa 2026"},
		{"Uppdaterad inför Kunskapsråd Psykisk hälsa"},
		{},
		hdr,
		{"Tillgänglighet", "Gemensam remissrutin\nmellan regionerna", "Grön", "intern", "Tillgänglighet", "P2, P4", "90 % inom 30 dagar", "Väntetidsdatabasen", "", "Nej", "Ingen"},
		{nil, "Digital första linje", "gult", "", nil, nil, "3 regioner", "Enkät", "Försenad upphandling", "Ja"},
		{nil, "Gemensamt vårdprogram", "☒", "", nil, nil, "1 vårdprogram", "", "", "", ""},
		{},
		{"Suicidprevention", "Utbildning i suicidriskbedömning", "Röd – allvarliga problem", "", "", "P3\nP1", "80 % utbildade", "", "Gemensam kommentar", "ja", "Verksamhetsförändring", "Utbildningstid"},
		{nil, "Regional handlingsplan", "Avslutad", "", "", "", "Antagen 2026"},
		{},
		{"Samsjuklighet", "Integrerade team", "Grön", "dold rad", "", "5", "Minska väntetid med 20 %"},
	}
	act := sheetSpec{Name: "Handlingsplan", Rows: rows,
		Merges: [][2]string{
			{"A1", "H1"},  // title
			{"A5", "A7"},  // one area over three activities
			{"I9", "I11"}, // comment over two rows and into a blank row: row 11 is blank
		},
		HiddenCols: []string{"D"},
		HiddenRows: []int{12},
	}
	bad := act
	bad.Rows = append([][]any(nil), rows...)
	bad.Rows[5] = append([]any(nil), rows[5]...)
	bad.Rows[5][2] = "Lila"

	dated := planSheet(map[string]any{"Senast uppdaterad": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	return map[string][]sheetSpec{
		"lo_handlingsplan.xlsx": {plan, act},
		"lo_bad_status.xlsx":    {plan, bad},
		"lo_excel_date.xlsx":    {dated, actSheet("Aktiviteter", stdActs())},
	}
}

// TestMakeFixtures rewrites testdata/ when run with -regen.
func TestMakeFixtures(t *testing.T) {
	if !*regen {
		t.Skip("run with -args -regen to rewrite testdata/")
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	for name, sheets := range fixtureBooks() {
		writeBook(t, filepath.Join("testdata", name), sheets)
	}
	good, err := os.ReadFile(filepath.Join("testdata", "good.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, "err_macro.xlsm", macroEnable(t, good))
	writeFile(t, "err_corrupt.xlsx", good[:len(good)/2])
	writeFile(t, "err_notzip.xlsx", []byte("Programområde;Status\nRPO Psykisk hälsa;Grön\n"))
	writeBook(t, filepath.Join("testdata", "err_encrypted.xlsx"), fixtureBooks()["good.xlsx"], excelize.Options{Password: "hemligt"})

	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice not found: LibreOffice fixtures not rewritten")
		return
	}
	tmp := t.TempDir()
	for name, sheets := range loBooks() {
		src := filepath.Join(tmp, name)
		writeBook(t, src, sheets)
		convert(t, src, "xlsx", "testdata")
	}
	src := filepath.Join(tmp, "err_legacy.xlsx")
	writeBook(t, src, fixtureBooks()["good.xlsx"])
	convert(t, src, "xls", "testdata")
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// convert runs LibreOffice headless with a private profile and a timeout.
func convert(t *testing.T, src, to, outDir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	abs, err := filepath.Abs(outDir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "soffice", "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", to, "--outdir", abs, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice %s: %v\n%s", src, err, out)
	}
	want := filepath.Join(abs, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"."+to)
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("soffice wrote no %s: %v", want, err)
	}
}

// macroEnable turns an xlsx into what Excel writes for an .xlsm: the macro content
// type and a vbaProject.bin part.
func macroEnable(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	return rewriteZip(t, xlsx, func(name string, b []byte) ([]byte, bool) {
		if name == "[Content_Types].xml" {
			b = bytes.Replace(b, []byte("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
				[]byte("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), 1)
		}
		return b, true
	}, "xl/vbaProject.bin")
}
