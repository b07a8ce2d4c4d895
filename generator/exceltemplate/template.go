// Package exceltemplate writes the Excel template that plan owners fill in: blank, to
// hand out, or filled from a plan (for samples and for round-trip tests). The labels
// come from package templates, so the reader always understands what we hand out.
package exceltemplate

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/generator/xlsxlayout"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// HeaderRow is the row of the Aktiviteter sheet that holds the column headings; the
// rows above it hold a title and a short instruction.
const HeaderRow = 3

// ExampleRow is the row of the Aktiviteter sheet with the example activity, in grey
// italics and marked "Exempel:", which the reader skips; plan owners start below it.
const ExampleRow = HeaderRow + 1

// PlanFirstRow is the row of the Plan sheet with its first label; a title, a hint
// and column headings come first.
const PlanFirstRow = 4

// blankRows is how many empty, formatted activity rows a blank template offers.
const blankRows = 60

// Options controls what is written.
type Options struct {
	Plan     *plan.Plan // nil for a blank template
	Modified time.Time  // document time; zero for a fixed date, so output is repeatable
}

// Write writes the template as xlsx to w.
func Write(w io.Writer, cat *plan.Catalog, opt Options) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, cat: cat, p: opt.Plan}
	if err := b.build(opt); err != nil {
		return fmt.Errorf("excel template: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("excel template: write: %w", err)
	}
	return nil
}

type builder struct {
	f   *excelize.File
	cat *plan.Catalog
	p   *plan.Plan
	err error
	st  styles
}

type styles struct {
	title, subtitle, label, value, header, cell, date, help, helpHead, hint, example int
}

// textFormat is Excel's text number format (@): what a plan owner types stays as
// typed, so "72 %" is not turned into 0,72 nor "2026–2027" into a number.
const textFormat = 49

// Colours of the template: one calm blue accent, light greys.
const (
	accent     = "1F4E79"
	accentTint = "DDEBF7"
	labelFill  = "F2F2F2"
	border     = "BFBFBF"
)

func (b *builder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *builder) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *builder) build(opt Options) error {
	f := b.f
	thin := []excelize.Border{{Type: "left", Color: border, Style: 1}, {Type: "right", Color: border, Style: 1},
		{Type: "top", Color: border, Style: 1}, {Type: "bottom", Color: border, Style: 1}}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: "Calibri", Size: size, Bold: bold, Color: color}
	}
	b.st = styles{
		title:    b.style(&excelize.Style{Font: font(16, true, accent)}),
		subtitle: b.style(&excelize.Style{Font: font(10, false, "595959"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		label: b.style(&excelize.Style{Font: font(11, true, "000000"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{labelFill}},
			Border: thin, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		value: b.style(&excelize.Style{Font: font(11, false, "000000"), Border: thin, NumFmt: textFormat,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		header: b.style(&excelize.Style{Font: font(11, true, "FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{accent}}, Border: thin, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}),
		cell: b.style(&excelize.Style{Font: font(10, false, "000000"), Border: thin, NumFmt: textFormat,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		date: b.style(&excelize.Style{Font: font(11, false, "000000"), Border: thin, NumFmt: 14, CustomNumFmt: ptr("yyyy-mm-dd"),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}),
		help:     b.style(&excelize.Style{Font: font(11, false, "000000"), Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		helpHead: b.style(&excelize.Style{Font: font(12, true, accent), Alignment: &excelize.Alignment{Vertical: "bottom"}}),
		hint: b.style(&excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 10, Italic: true, Color: "595959"},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		example: b.style(&excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 10, Italic: true, Color: "595959"}, NumFmt: textFormat,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{labelFill}}, Border: thin,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
	}
	// excelize starts with Sheet1: rename it to the first sheet we need.
	b.check(f.SetSheetName("Sheet1", templates.SheetInstructions))
	for _, s := range []string{templates.SheetPlan, templates.SheetActivities, templates.SheetLists} {
		_, err := f.NewSheet(s)
		b.check(err)
	}
	b.lists()
	b.instructions()
	b.planSheet()
	b.activitySheet()
	b.check(f.SetSheetVisible(templates.SheetLists, false))
	b.pageSetup()
	// A plan owner opening the file first reads how to fill it in.
	idx, err := f.GetSheetIndex(templates.SheetInstructions)
	b.check(err)
	f.SetActiveSheet(idx)

	mod := opt.Modified
	if mod.IsZero() {
		mod = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	title := "Handlingsplan – mall"
	if b.p != nil {
		title = "Handlingsplan " + b.p.Name
	}
	b.check(f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: "Levande handlingsplan, Sydöstra sjukvårdsregionen", Creator: "Handlingsplaner",
		Language: "sv-SE", Created: mod.UTC().Format(time.RFC3339), Modified: mod.UTC().Format(time.RFC3339),
	}))
	return b.err
}

// lists writes the hidden sheet that the dropdowns refer to.
func (b *builder) lists() {
	s := templates.SheetLists
	cols := [][]string{
		statusWords(), {"Ja", "Nej"}, plan.ImpactChoices(), {"RPO", "RMPO", "RSG"},
		b.cat.AllAreas(), b.forumNames(), b.promiseRefs(),
	}
	heads := []string{"Status", "Ledningsstöd", "Påverkan", "Typ", "Programområden", "Forum", "Patientlöften"}
	for c, vals := range cols {
		col, _ := excelize.ColumnNumberToName(c + 1)
		b.check(b.f.SetCellStr(s, col+"1", heads[c]))
		for r, v := range vals {
			b.check(b.f.SetCellStr(s, fmt.Sprintf("%s%d", col, r+2), v))
		}
	}
}

// listRef is the absolute reference to column c (1-based) of the lists sheet.
func (b *builder) listRef(c, n int) string {
	col, _ := excelize.ColumnNumberToName(c)
	return fmt.Sprintf("%s!$%s$2:$%s$%d", templates.SheetLists, col, col, n+1)
}

func statusWords() []string {
	var out []string
	for _, s := range plan.Statuses {
		out = append(out, s.Label())
	}
	return out
}

func (b *builder) forumNames() []string {
	var out []string
	for _, f := range b.cat.Forums {
		out = append(out, f.Name)
	}
	return out
}

func (b *builder) promiseRefs() []string {
	var out []string
	for _, p := range b.cat.Promises {
		out = append(out, p.ID)
	}
	return out
}

func (b *builder) instructions() {
	f, s := b.f, templates.SheetInstructions
	const wA, wB = 46.0, 95.0
	b.check(f.SetColWidth(s, "A", "A", wA))
	b.check(f.SetColWidth(s, "B", "B", wB))
	row := 1
	put := func(a, bText string, style int) {
		b.check(f.SetCellStr(s, fmt.Sprintf("A%d", row), a))
		b.check(f.SetCellStr(s, fmt.Sprintf("B%d", row), bText))
		b.check(f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), style))
		b.check(f.SetRowHeight(s, row, max(rowHeight(a, wA), rowHeight(bText, wB))))
		row++
	}
	b.check(f.SetCellStr(s, "A1", "Handlingsplan – instruktioner"))
	b.check(f.SetCellStyle(s, "A1", "A1", b.st.title))
	b.check(f.SetRowHeight(s, 1, 24))
	row = 3
	for _, p := range []string{
		"Handlingsplanen sammanfattar programområdets eller samverkansgruppens prioriterade områden, patientlöften, aktiviteter, uppföljning och status. Den ersätter årsrapporten och redovisas för kunskapsrådet (samverkansgrupper: Regionsjukvårdsledningens stab).",
		"1. Fyll i fliken Plan: namn, kontaktperson, datum och samverkan.",
		"2. Fyll i fliken Aktiviteter: en rad per aktivitet, under den grå exempelraden. Skriv det prioriterade området på första raden; följande rader med tomt område hör till samma område.",
		"3. Välj status i listan: Grön (enligt plan), Gul (pågår med mindre problem), Röd (allvarliga problem) eller Avslutad.",
		"4. Ange mätbara mål, hur mätningen går till och vem som ansvarar för den.",
		"5. Spara som Excel-arbetsbok (.xlsx, inte .xls eller .xlsm) och lämna in filen i inkorgen eller på webbsidan. Du får ett svar med eventuella fel och var de finns.",
	} {
		// A merged cell keeps its value in the top-left cell only: write A, then merge.
		cell := fmt.Sprintf("A%d", row)
		b.check(f.SetCellStr(s, cell, p))
		b.check(f.MergeCell(s, cell, fmt.Sprintf("B%d", row)))
		b.check(f.SetCellStyle(s, cell, fmt.Sprintf("B%d", row), b.st.help))
		b.check(f.SetRowHeight(s, row, rowHeight(p, wA+wB)))
		row++
	}
	row++
	put("Patientlöften", "", b.st.helpHead)
	for _, p := range b.cat.Promises {
		put(p.ID, p.Title, b.st.help)
	}
	row++
	put("Flik Plan", "", b.st.helpHead)
	for _, l := range templates.PlanLabels {
		put(l.Label+req(l), l.Help, b.st.help)
	}
	row++
	put("Flik Aktiviteter", "", b.st.helpHead)
	for _, l := range templates.ActivityColumns {
		put(l.Label+req(l), l.Help, b.st.help)
	}
	row++
	put("Exempelrad", fmt.Sprintf("Rad %d på fliken Aktiviteter är ett ifyllt exempel i grå kursiv stil. Den börjar med ”Exempel:” och läses inte in. "+
		"Skriv dina aktiviteter från rad %d; exemplet kan stå kvar eller tas bort.", ExampleRow, ExampleRow+1), b.st.help)
	put("Obligatoriskt", "Fält märkta med * måste fyllas i.", b.st.help)
}

func req(l templates.Label) string {
	if l.Required {
		return " *"
	}
	return ""
}

// pageSetup makes every sheet print one page wide, the wide ones in landscape, with
// the header row repeated on every printed page of Aktiviteter.
func (b *builder) pageSetup() {
	one, zero := 1, 0
	for _, s := range []string{templates.SheetInstructions, templates.SheetPlan, templates.SheetActivities} {
		orient, size := "portrait", 9 // A4
		if s == templates.SheetActivities {
			orient, size = "landscape", 8 // A3: twenty columns
		}
		b.check(b.f.SetPageLayout(s, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &zero, Size: &size}))
		b.check(b.f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	}
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: templates.SheetActivities,
		RefersTo: fmt.Sprintf("%s!$%d:$%d", templates.SheetActivities, HeaderRow, HeaderRow)}))
}

func (b *builder) planSheet() {
	f, s := b.f, templates.SheetPlan
	const wA, wB, wC = 44.0, 70.0, 48.0
	b.check(f.SetColWidth(s, "A", "A", wA))
	b.check(f.SetColWidth(s, "B", "B", wB))
	b.check(f.SetColWidth(s, "C", "C", wC))
	b.check(f.SetCellStr(s, "A1", "Handlingsplan – uppgifter om planen"))
	b.check(f.SetCellStyle(s, "A1", "A1", b.st.title))
	b.check(f.SetRowHeight(s, 1, 24))
	intro := "Skriv värdena i kolumn B. Fält märkta med * måste fyllas i; övriga fält visas i underlagen till kunskapsrådet, " +
		"Regionsjukvårdsledningen och Samverkansnämnden när de är ifyllda. Aktiviteterna fylls i på fliken Aktiviteter."
	b.check(f.SetCellStr(s, "A2", intro))
	b.check(f.MergeCell(s, "A2", "C2"))
	b.check(f.SetCellStyle(s, "A2", "C2", b.st.subtitle))
	b.check(f.SetRowHeight(s, 2, rowHeight(intro, wA+wB+wC)))
	head := PlanFirstRow - 1
	for i, h := range []string{"Uppgift", "Värde", "Förklaring"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, head)
		b.check(f.SetCellStr(s, cell, h))
	}
	b.check(f.SetCellStyle(s, fmt.Sprintf("A%d", head), fmt.Sprintf("C%d", head), b.st.header))
	b.check(f.SetRowHeight(s, head, 20))
	b.check(f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: head, TopLeftCell: fmt.Sprintf("A%d", PlanFirstRow), ActivePane: "bottomLeft"}))

	vals := b.planValues()
	for i, l := range templates.PlanLabels {
		r := PlanFirstRow + i
		a, v, c := fmt.Sprintf("A%d", r), fmt.Sprintf("B%d", r), fmt.Sprintf("C%d", r)
		b.check(f.SetCellStr(s, a, l.Label+req(l)))
		b.check(f.SetCellStyle(s, a, a, b.st.label))
		if l.Field == templates.PlanUpdated {
			b.check(f.SetCellStyle(s, v, v, b.st.date)) // a date, for the date validation
		} else {
			b.check(f.SetCellStyle(s, v, v, b.st.value))
		}
		// The reader skips a value equal to the label's help, so the hint is never
		// taken for an answer.
		b.check(f.SetCellStr(s, c, l.Help))
		b.check(f.SetCellStyle(s, c, c, b.st.hint))
		h := max(rowHeight(l.Label, wA), rowHeight(l.Help, wC))
		switch l.Field {
		case templates.PlanCoopNational, templates.PlanCoopRegional, templates.PlanCoopLocal,
			templates.PlanCoopPatients, templates.PlanComments:
			h = max(h, 45) // room for a few lines: a fixed height does not grow as one types
		}
		switch x := vals[l.Field].(type) {
		case time.Time:
			b.check(f.SetCellValue(s, v, x))
			b.check(f.SetCellStyle(s, v, v, b.st.date))
		case string:
			if x != "" {
				b.check(f.SetCellStr(s, v, x))
				h = max(h, rowHeight(x, wB))
			}
		}
		b.check(f.SetRowHeight(s, r, h))
		switch l.Field {
		case templates.PlanName:
			b.dropdown(s, v, b.listRef(5, len(b.cat.AllAreas())), "Programområde", "Välj programområde eller samverkansgrupp i listan.", true)
		case templates.PlanKind:
			b.dropdown(s, v, b.listRef(4, 3), "Typ", "RPO, RMPO eller RSG.", true)
		case templates.PlanForum:
			b.dropdown(s, v, b.listRef(6, len(b.cat.Forums)), "Kunskapsråd", "Det forum planen redovisas för.", true)
		case templates.PlanUpdated:
			dv := excelize.NewDataValidation(true)
			dv.Sqref = v
			b.check(dv.SetRange(36526, 73051, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
			dv.SetInput("Senast uppdaterad", "Skriv ett datum, t.ex. 2026-03-01.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Datum", "Skriv ett datum, t.ex. 2026-03-01.")
			b.check(f.AddDataValidation(s, dv))
		}
	}
}

func (b *builder) planValues() map[templates.Field]any {
	p := b.p
	if p == nil {
		return map[templates.Field]any{}
	}
	m := map[templates.Field]any{
		templates.PlanName: p.Name, templates.PlanKind: string(p.Kind), templates.PlanNational: p.National,
		templates.PlanForum: p.Forum, templates.PlanContact: p.Contact, templates.PlanEmail: p.Email,
		templates.PlanPeriod: p.Period, templates.PlanCoopNational: p.Cooperation.National,
		templates.PlanCoopRegional: p.Cooperation.Regional, templates.PlanCoopLocal: p.Cooperation.Local,
		templates.PlanCoopPatients: p.Cooperation.Patients, templates.PlanComments: p.Comments,
	}
	if !p.Updated.IsZero() {
		m[templates.PlanUpdated] = p.Updated
	}
	return m
}

func (b *builder) activitySheet() {
	f, s := b.f, templates.SheetActivities
	cols := templates.ActivityColumns
	last, _ := excelize.ColumnNumberToName(len(cols))
	b.check(f.SetCellStr(s, "A1", "Handlingsplan – prioriterade områden och aktiviteter"))
	b.check(f.SetCellStyle(s, "A1", "A1", b.st.title))
	b.check(f.MergeCell(s, "A2", "H2"))
	b.check(f.SetCellStr(s, "A2", fmt.Sprintf("En rad per aktivitet, från rad %d. Rad %d är ett exempel och läses inte in. "+
		"Följande rader med tomt prioriterat område hör till samma område. Fält märkta med * måste fyllas i. Se fliken Instruktioner.", ExampleRow+1, ExampleRow)))
	b.check(f.SetCellStyle(s, "A2", "H2", b.st.subtitle))
	b.check(f.SetRowHeight(s, 1, 24))
	b.check(f.SetRowHeight(s, 2, 28))

	colOf := map[templates.Field]string{}
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		colOf[c.Field] = name
		cell := fmt.Sprintf("%s%d", name, HeaderRow)
		b.check(f.SetCellStr(s, cell, c.Label+req(c)))
		b.check(f.SetColWidth(s, name, name, c.Width))
	}
	b.check(f.SetCellStyle(s, "A"+fmt.Sprint(HeaderRow), last+fmt.Sprint(HeaderRow), b.st.header))
	b.check(f.SetRowHeight(s, HeaderRow, 48))
	b.check(f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: fmt.Sprintf("A%d", HeaderRow+1), ActivePane: "bottomLeft"}))

	rows := b.activityRows()
	n := max(len(rows)+20, blankRows)
	first, lastRow := ExampleRow+1, ExampleRow+n
	b.check(f.SetCellStyle(s, fmt.Sprintf("A%d", first), fmt.Sprintf("%s%d", last, lastRow), b.st.cell))
	b.exampleRow(colOf)
	for i, r := range rows {
		row, h := first+i, 15.0
		// Column order, not map order: excelize numbers shared strings as they come,
		// and the same plan must give the same bytes.
		for _, c := range cols {
			if v, ok := r[c.Field]; ok {
				b.check(f.SetCellStr(s, fmt.Sprintf("%s%d", colOf[c.Field], row), v))
				h = max(h, rowHeight(v, c.Width))
			}
		}
		b.check(f.SetRowHeight(s, row, h))
	}

	// The example row is in the ranges too: its values are valid choices.
	rng := func(field templates.Field) string {
		return fmt.Sprintf("%s%d:%s%d", colOf[field], ExampleRow, colOf[field], lastRow)
	}
	b.dropdown(s, rng(templates.ColStatus), b.listRef(1, 4), "Status", "Grön = enligt plan, Gul = pågår med mindre problem, Röd = allvarliga problem, Avslutad = klart.", true)
	b.dropdown(s, rng(templates.ColSupport), b.listRef(2, 2), "Behov av ledningsstöd", "Ja eller Nej.", true)
	b.dropdown(s, rng(templates.ColImpact), b.listRef(3, len(plan.Impacts)+1), "Påverkan på överenskommelsen", "Välj typ av förändring, eller Ingen.", true)
	// Several promises may be given ("P2; P4"), which a list validation would
	// question with a dialog: a message when the cell is selected, no check.
	promises := excelize.NewDataValidation(true)
	promises.Sqref = rng(templates.ColPromises)
	promises.SetInput("Patientlöften", "Ett eller flera patientlöften, t.ex. P2; P4. Listan finns på fliken Instruktioner.")
	b.check(f.AddDataValidation(s, promises))

	statusRange := fmt.Sprintf("%s%d:%s%d", colOf[templates.ColStatus], first, colOf[templates.ColStatus], lastRow)
	for _, st := range plan.Statuses {
		fill, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{report.StatusTint(st)}}})
		b.check(err)
		b.check(f.SetConditionalFormat(s, statusRange, []excelize.ConditionalFormatOptions{{
			Type: "cell", Criteria: "==", Format: &fill, Value: `"` + st.Label() + `"`,
		}}))
	}
}

// exampleActivity is the example row: plausible, every column filled, the area and
// the activity marked "Exempel:" so that the reader skips the row.
var exampleActivity = map[templates.Field]string{
	templates.ColNationalArea:   "Hjärtsvikt",
	templates.ColArea:           "Exempel: Jämlik vård vid hjärtsvikt",
	templates.ColPromises:       "P1; P4",
	templates.ColActivity:       "Exempel: Sjuksköterskeledda hjärtsviktsmottagningar med gemensam rutin för upptitrering av läkemedel",
	templates.ColSchedule:       "2026–2027",
	templates.ColCooperation:    "RPO Primärvård, vårdcentralerna i de tre regionerna",
	templates.ColMethod:         "Nationellt kvalitetsregister (SwedeHF), uttag två gånger per år",
	templates.ColIndicators:     "Andel patienter med måldos av betablockerare sex månader efter diagnos",
	templates.ColGoal:           "≥ 70 % i alla tre regionerna senast december 2027",
	templates.ColResponsible:    "Processledare hjärtsvikt, Region Östergötland",
	templates.ColResult:         "58 % (RJL 61 %, RKL 52 %, RÖ 59 %), september 2026",
	templates.ColStatus:         "Gul",
	templates.ColComment:        "Mottagningarna i Kalmar län startar först våren 2027 på grund av vakanser.",
	templates.ColSupport:        "Nej",
	templates.ColConsCitizens:   "Färre återinläggningar och likvärdig behandling oavsett bostadsort.",
	templates.ColConsOperations: "Sjuksköterskor behöver utbildning i titrering; läkartid frigörs.",
	templates.ColConsGovernance: "Uppföljning i Kunskapsråd Medicin två gånger per år.",
	templates.ColFinalReport:    "",
	templates.ColImpact:         "Verksamhetsförändring",
	templates.ColImpactDetail:   "Mottagningarna bemannas av sjuksköterskor i stället för läkare.",
}

// exampleRow writes the example activity in grey italics.
func (b *builder) exampleRow(colOf map[templates.Field]string) {
	s := templates.SheetActivities
	h := 15.0
	for _, c := range templates.ActivityColumns {
		cell := fmt.Sprintf("%s%d", colOf[c.Field], ExampleRow)
		if v := exampleActivity[c.Field]; v != "" {
			b.check(b.f.SetCellStr(s, cell, v))
			h = max(h, rowHeight(v, c.Width))
		}
		b.check(b.f.SetCellStyle(s, cell, cell, b.st.example))
	}
	b.check(b.f.SetRowHeight(s, ExampleRow, h))
}

func (b *builder) activityRows() []map[templates.Field]string {
	if b.p == nil {
		return nil
	}
	var rows []map[templates.Field]string
	for _, a := range b.p.Areas {
		for j, act := range a.Activities {
			r := map[templates.Field]string{
				templates.ColActivity: act.Description, templates.ColSchedule: act.Schedule,
				templates.ColCooperation: act.Cooperation, templates.ColMethod: act.FollowUp.Method,
				templates.ColIndicators: act.FollowUp.Indicators, templates.ColGoal: act.FollowUp.Goal,
				templates.ColResponsible: act.FollowUp.Responsible, templates.ColResult: act.FollowUp.Result,
				templates.ColStatus: act.Status.Label(), templates.ColComment: act.Comment,
				templates.ColSupport: yesNo(act.NeedsSupport), templates.ColConsCitizens: act.Consequences.Citizens,
				templates.ColConsOperations: act.Consequences.Operations, templates.ColConsGovernance: act.Consequences.Governance,
				templates.ColFinalReport: act.FinalReport, templates.ColImpact: act.Impact.Label(),
				templates.ColImpactDetail: act.ImpactDetail,
			}
			if act.Status == plan.StatusNone {
				r[templates.ColStatus] = ""
			}
			if j == 0 { // following rows of the area continue it
				r[templates.ColNationalArea] = a.NationalArea
				r[templates.ColArea] = a.Title
				r[templates.ColPromises] = strings.Join(a.Promises, "; ")
			}
			for k, v := range r {
				if v == "" {
					delete(r, k)
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

func (b *builder) dropdown(sheet, sqref, ref, title, prompt string, strict bool) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	dv.SetSqrefDropList(ref)
	dv.SetInput(title, prompt)
	if strict {
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "Välj ett värde i listan. "+prompt)
	} else {
		dv.SetError(excelize.DataValidationErrorStyleInformation, title, prompt)
	}
	b.check(b.f.AddDataValidation(sheet, dv))
}

// rowHeight is the height of a row whose one text of 11 pt wraps in a column of
// the given width in characters; at least Excel's default 15 points.
func rowHeight(text string, widthChars float64) float64 {
	return max(15, xlsxlayout.RowHeight([]string{text}, []float64{widthChars}, 11))
}

func ptr[T any](v T) *T { return &v }
