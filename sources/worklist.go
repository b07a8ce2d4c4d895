package sources

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// Bounds on the working list: one row per proposal of the whole region.
const (
	maxListRows = 5000
	maxListCols = 40
)

// ListRow is one filled row of the SVN working list (templates.WorkListSheet):
// a proposal's activity and the steps of its trail the row records.
type ListRow struct {
	Row        int // 1-based, as Excel numbers it
	Plan       string
	ActivityID string
	Activity   string
	Assessment plan.Outcome // Bedömning: RSL's step; OutcomeNone when empty
	AssessedOn time.Time    // zero when empty
	Decision   plan.Outcome // Beslut: SVN's step; OutcomeNone when empty
	DecidedOn  time.Time
	Note       string

	sheet string
	cols  map[string]int // heading → 0-based column
}

// Loc is the cell of the row's column headed head, e.g. "'Förslag till
// överenskommelse'!L7"; the row alone when the list has no such column.
func (r ListRow) Loc(head string) string {
	if c, ok := r.cols[head]; ok {
		return sheetRef(r.sheet, cellName(c+1, r.Row))
	}
	return sheetRef(r.sheet, fmt.Sprintf("rad %d", r.Row))
}

// ReadWorkList reads the SVN package's working list back, as hardened as a
// submitted template: the archive guard and limits first, then the sheet by
// name and its columns by heading. Every value is checked (a Bedömning or
// Beslut outside the drop-down, a date that is none, a missing activity id);
// the problems name their cells. Rows whose Bedömning and Beslut are both empty
// are left out. Whether the plans and activities exist and the steps are in
// order is for the caller, who has the store.
func ReadWorkList(in Input, lim Limits) (rows []ListRow, ps plan.Problems) {
	lim = withDefaults(lim)
	floc := fileLoc(in)
	defer func() {
		if r := recover(); r != nil {
			rows, ps = nil, nil
			ps.Errorf(floc, "", "Arbetslistan kunde inte läsas eftersom den verkar vara skadad (internt fel i läsaren). Öppna den i Excel, spara den på nytt och ladda upp den igen.")
		}
	}()
	if int64(len(in.Data)) > lim.MaxFileBytes {
		addFileError(&ps, floc, errTooLarge(int64(len(in.Data)), lim))
		return nil, ps
	}
	arc, err := checkOffice(in.Data, lim, "Arbetsboken")
	if err != nil {
		addFileError(&ps, floc, err)
		return nil, ps
	}
	f, err := excelize.OpenReader(bytes.NewReader(arc.data), excelize.Options{
		UnzipSizeLimit: lim.MaxUnzippedBytes, UnzipXMLSizeLimit: lim.MaxPartBytes, ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		addFileError(&ps, floc, reject(err, msgCorrupt))
		return nil, ps
	}
	defer f.Close()
	wb := &workbook{f: f, zr: arc.zr, parts: sheetParts(arc.zr), scans: map[string]sheetScan{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	sheet, ok := findSheet(f.GetSheetList(), templates.WorkListSheet)
	if !ok {
		ps.Errorf(floc, "", "Bladet %q saknas. Ladda upp arbetsboken ur Samverkansnämndens paket (Overenskommelse_….xlsx) med Bedömning och Beslut ifyllda.",
			templates.WorkListSheet)
		return nil, ps
	}
	g, overflow, err := wb.grid(sheet, maxListRows, maxListCols, false)
	if err == nil && overflow {
		err = reject(nil, "Bladet %s har fler än %d rader; arbetslistan har en rad per förslag. Ta bort rader som inte hör dit och ladda upp den igen.", sheet, maxListRows)
	}
	var rawg *grid
	if err == nil {
		rawg, _, err = wb.grid(sheet, maxListRows, maxListCols, true)
	}
	if err != nil {
		addFileError(&ps, sheetRef(sheet, ""), err)
		return nil, ps
	}
	cols := map[string]int{}
	for c, h := range func() []string {
		if len(g.rows) == 0 {
			return nil
		}
		return g.rows[0]
	}() {
		cols[strings.TrimSpace(h)] = c
	}
	for _, h := range []string{templates.WorkHeadPlan, templates.WorkHeadActivityID, templates.WorkHeadAssessment, templates.WorkHeadDecision} {
		if _, ok := cols[h]; !ok {
			ps.Errorf(sheetRef(sheet, "1"), h, "Kolumnen %q saknas i rad 1. Använd arbetsboken ur Samverkansnämndens paket som den är, med dess rubriker.", h)
		}
	}
	if ps.HasErrors() {
		return nil, ps
	}
	at := func(r int, h string) string {
		c, ok := cols[h]
		if !ok {
			return ""
		}
		return cleanText(g.at(r, c))
	}
	seen := map[string]int{}
	for r := 1; r < len(g.rows); r++ {
		row := ListRow{Row: r + 1, sheet: sheet, cols: cols, Plan: at(r, templates.WorkHeadPlan),
			ActivityID: at(r, templates.WorkHeadActivityID), Activity: at(r, templates.WorkHeadActivityText), Note: at(r, templates.WorkHeadNote)}
		assess, decide := at(r, templates.WorkHeadAssessment), at(r, templates.WorkHeadDecision)
		if assess == "" && decide == "" {
			continue
		}
		date := func(h string) time.Time {
			text := at(r, h)
			if text == "" {
				return time.Time{}
			}
			raw := text
			if c, ok := cols[h]; ok {
				raw = rawg.at(r, c)
			}
			t := wb.excelDate(raw)
			if t.IsZero() {
				t = wb.excelDate(text)
			}
			if t.IsZero() {
				ps.Errorf(row.Loc(h), h, "%q är inget datum. Skriv mötets dag som ÅÅÅÅ-MM-DD, t.ex. 2026-12-03, eller lämna cellen tom för dagens datum.", text)
			}
			return t
		}
		var err error
		if row.Assessment, err = plan.ParseOutcome(plan.StageRSL, assess); err != nil {
			ps.Errorf(row.Loc(templates.WorkHeadAssessment), templates.WorkHeadAssessment, "Bedömningen %q finns inte i listan; välj %s (Regionsjukvårdsledningens beredning).",
				assess, strings.Join(plan.Labels(plan.Assessments), ", "))
		}
		if row.Decision, err = plan.ParseOutcome(plan.StageSVN, decide); err != nil {
			ps.Errorf(row.Loc(templates.WorkHeadDecision), templates.WorkHeadDecision, "Beslutet %q finns inte i listan; välj %s.",
				decide, strings.Join(plan.Labels(plan.Decisions), ", "))
		}
		row.AssessedOn, row.DecidedOn = date(templates.WorkHeadAssessedOn), date(templates.WorkHeadDecidedOn)
		switch {
		case row.ActivityID == "":
			ps.Errorf(row.Loc(templates.WorkHeadActivityID), templates.WorkHeadActivityID, "Aktivitets-id saknas, så raden kan inte kopplas till sitt förslag. Ladda ner arbetsboken på nytt ur paketet och för över Bedömning och Beslut.")
		case !plan.ValidID(row.ActivityID):
			ps.Errorf(row.Loc(templates.WorkHeadActivityID), templates.WorkHeadActivityID, "%q är inget aktivitets-id (A- och åtta tecken 0–9, a–f). Ändra inte kolumnen %s.", row.ActivityID, templates.WorkHeadActivityID)
		case seen[row.Plan+"\x00"+row.ActivityID] != 0:
			ps.Errorf(row.Loc(templates.WorkHeadActivityID), templates.WorkHeadActivityID, "Aktiviteten %s finns redan på rad %d; varje förslag får bara en rad.", row.ActivityID, seen[row.Plan+"\x00"+row.ActivityID])
		default:
			seen[row.Plan+"\x00"+row.ActivityID] = row.Row
		}
		if row.Plan == "" {
			ps.Errorf(row.Loc(templates.WorkHeadPlan), templates.WorkHeadPlan, "Programområde/samverkansgrupp saknas. Ändra inte de ifyllda kolumnerna i arbetslistan.")
		}
		if len([]rune(row.Note)) > 2000 {
			ps.Errorf(row.Loc(templates.WorkHeadNote), templates.WorkHeadNote, "Anteckningen är för lång (högst 2000 tecken).")
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 && !ps.HasErrors() {
		ps.Errorf(sheetRef(sheet, ""), "", "Ingen rad har Bedömning eller Beslut ifyllt, så det finns inget att registrera.")
	}
	return rows, ps
}
