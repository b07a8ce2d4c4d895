package sources

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// Bounds on what is read from a workbook. A real plan has a few dozen rows and
// about twenty columns; the bounds keep a hostile sheet from costing much.
const (
	maxPlanRows    = 200
	maxPlanCols    = 20
	planLabelCols  = 4 // labels are looked for in the first columns of the Plan sheet
	maxActRows     = 2000
	maxActCols     = 100
	headerScanRows = 20
	maxMerges      = 10000
	maxMergeFill   = 200000    // cells filled from merged ranges
	overflowScan   = 10000     // rows looked at past maxActRows for content
	maxLabelBytes  = 160       // longer cell texts are values, never headings or labels
	maxGridCells   = 5_000_000 // see sheetScan.cells
	// maxXMLPart bounds any one XML part of a workbook: excelize parses styles and
	// shared strings whole, so a huge part costs many times its size in memory.
	maxXMLPart = 16 << 20
)

// workbook is an opened workbook that passed the archive guard.
type workbook struct {
	f        *excelize.File
	zr       *zip.Reader
	parts    map[string]string // sheet name -> worksheet part path
	scans    map[string]sheetScan
	date1904 bool
}

// readExcel reads a filled Excel template (SPEC §3.1).
func readExcel(in Input, cat *plan.Catalog, lim Limits) Result {
	lim = withDefaults(lim)
	res := Result{Format: "xlsx"}
	floc := fileLoc(in)
	arc, err := checkOffice(in.Data, lim, "Arbetsboken")
	if err != nil {
		addFileError(&res.Problems, floc, err)
		return res
	}
	// Only now, with sizes known to be honest, may excelize inflate the parts, and
	// only the XML parts that checkOffice scanned.
	f, err := excelize.OpenReader(bytes.NewReader(arc.data), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzippedBytes,
		UnzipXMLSizeLimit: lim.MaxPartBytes,
		// Date cells in text columns (Tidplan) read as 2026-03-01, not Excel's
		// American default 03-01-26.
		ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		addFileError(&res.Problems, floc, reject(err, msgCorrupt))
		return res
	}
	defer f.Close()

	wb := &workbook{f: f, zr: arc.zr, parts: sheetParts(arc.zr), scans: map[string]sheetScan{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}

	p := &plan.Plan{}
	ps := &res.Problems
	sheets := f.GetSheetList()
	where := planWhere{
		PlanSheet:   templates.SheetPlan,
		MissingName: "Skriv etiketten Programområde/samverkansgrupp i kolumn A på bladet Plan och namnet, t.ex. RPO Psykisk hälsa, i kolumn B.",
	}

	raw := rawPlan{}
	if name, ok := findSheet(sheets, templates.SheetPlan); ok {
		where.PlanSheet = name
		raw = wb.readPlanSheet(name, ps)
	} else {
		ps.Errorf(floc, "", "Bladet %q saknas. Arbetsboken har bladen: %s. Använd mallen, eller lägg till bladet Plan med etiketter i kolumn A och värden i kolumn B.",
			templates.SheetPlan, strings.Join(sheets, ", "))
		where.PlanSheet = ""
	}
	if name, ok := findSheet(sheets, templates.SheetActivities, templates.SheetActivitiesSynonyms...); ok {
		areas, ok := wb.readActivities(name, cat, ps)
		p.Areas = areas
		if ok {
			where.Body = sheetRef(name, "")
		}
	} else {
		ps.Errorf(floc, "", "Bladet %q saknas. Arbetsboken har bladen: %s. Använd mallen, eller döp om bladet med aktiviteterna till Aktiviteter.",
			templates.SheetActivities, strings.Join(sheets, ", "))
	}
	checkPlan(p, raw, cat, ps, where)
	res.Plan = p
	return res
}

// findSheet finds a sheet by name or synonym, folded.
func findSheet(sheets []string, name string, synonyms ...string) (string, bool) {
	for _, want := range append([]string{name}, synonyms...) {
		for _, s := range sheets {
			if plan.Fold(s) == plan.Fold(want) {
				return s, true
			}
		}
	}
	return "", false
}

// matchLabel finds the label a heading names, in an index made by labelIndex. Besides the heading as written it
// tries the first line and the text before a parenthesis or an asterisk, so
// "Status\n(Grön/Gul/Röd)" and "Programområde *" are understood.
func matchLabel(index map[string]templates.Label, heading string) (templates.Label, bool) {
	if strings.TrimSpace(heading) == "" {
		return templates.Label{}, false
	}
	cands := []string{heading}
	first, _, _ := strings.Cut(strings.TrimSpace(heading), "\n")
	cands = append(cands, first)
	for _, c := range []string{heading, first} {
		if i := strings.IndexAny(c, "(*"); i > 0 {
			cands = append(cands, c[:i])
		}
	}
	for i, c := range cands {
		if len(c) > maxLabelBytes || (i > 0 && c == cands[i-1]) {
			continue // cell text, not a heading; or tried already
		}
		// The index is a fast filter (plan.Fold is not cheap and a sheet has many
		// cells); Label.Matches has the last word.
		if l, ok := index[plan.Fold(c)]; ok && l.Matches(c) {
			return l, true
		}
	}
	return templates.Label{}, false
}

// labelIndex maps every folded label and synonym to its label.
func labelIndex(labels []templates.Label) map[string]templates.Label {
	m := map[string]templates.Label{}
	for _, l := range labels {
		for _, s := range append([]string{l.Label}, l.Synonyms...) {
			if _, dup := m[plan.Fold(s)]; !dup {
				m[plan.Fold(s)] = l
			}
		}
	}
	return m
}

var (
	planIndex     = sync.OnceValue(func() map[string]templates.Label { return labelIndex(templates.PlanLabels) })
	activityIndex = sync.OnceValue(func() map[string]templates.Label { return labelIndex(templates.ActivityColumns) })
)

// readPlanSheet reads the Plan sheet: a label in one of the first columns, its
// value in the next non-empty cell to the right.
func (wb *workbook) readPlanSheet(sheet string, ps *plan.Problems) rawPlan {
	raw := rawPlan{}
	g, _, err := wb.grid(sheet, maxPlanRows, maxPlanCols, false)
	if err != nil {
		addFileError(ps, sheetRef(sheet, ""), err)
		return raw
	}
	rawCells, _, err := wb.grid(sheet, maxPlanRows, maxPlanCols, true)
	if err != nil {
		addFileError(ps, sheetRef(sheet, ""), err)
		return raw
	}
	for r, row := range g.rows {
		for c := 0; c < len(row) && c < planLabelCols; c++ {
			l, ok := matchLabel(planIndex(), row[c])
			if !ok {
				continue
			}
			if _, seen := raw[l.Field]; seen {
				break
			}
			v := rawValue{Loc: sheetRef(sheet, cellName(c+2, r+1))}
			for k := c + 1; k < len(row); k++ {
				// The blank template may carry the label's help text beside it.
				if strings.TrimSpace(row[k]) != "" && (l.Help == "" || plan.Fold(row[k]) != plan.Fold(l.Help)) {
					v.Text = cleanText(row[k])
					v.Loc = sheetRef(sheet, cellName(k+1, r+1))
					if l.Field == templates.PlanUpdated {
						v.Date = wb.excelDate(rawCells.at(r, k))
					}
					break
				}
			}
			raw[l.Field] = v
			break
		}
	}
	return raw
}

// isoCellLayouts are the forms of an ISO 8601 date cell (t="d"), which some
// libraries write instead of a serial; fractional seconds parse with any of them.
var isoCellLayouts = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02",
	"20060102T150405Z07:00", "20060102T150405", "20060102"}

// excelDate reads a raw cell value as a date: an Excel date serial in a plausible
// range (1970–2100), or an ISO 8601 date cell's value; zero otherwise.
func (wb *workbook) excelDate(raw string) time.Time {
	raw = strings.TrimSpace(raw)
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		for _, layout := range isoCellLayouts {
			if t, err := time.Parse(layout, strings.Replace(raw, ",", ".", 1)); err == nil {
				d, _ := dateOnly(t.Year(), t.Month(), t.Day())
				return d
			}
		}
		return time.Time{}
	}
	if v < 25569 || v > 73051 {
		return time.Time{}
	}
	t, err := excelize.ExcelDateToTime(v, wb.date1904)
	if err != nil {
		return time.Time{}
	}
	d, _ := dateOnly(t.Year(), t.Month(), t.Day())
	return d
}

// header is the activities table's header row and where each field's column is.
type header struct {
	row  int                     // 0-based
	cols map[templates.Field]int // 0-based column per field
}

// readActivities reads the activities sheet into areas. ok is false when the sheet
// has no usable header row (already reported).
func (wb *workbook) readActivities(sheet string, cat *plan.Catalog, ps *plan.Problems) ([]plan.Area, bool) {
	g, overflow, err := wb.grid(sheet, maxActRows, maxActCols, false)
	if err != nil {
		addFileError(ps, sheetRef(sheet, ""), err)
		return nil, false
	}
	if overflow {
		ps.Errorf(sheetRef(sheet, ""), "", "Bladet %s har innehåll efter rad %d. En handlingsplan får ha högst %d rader; "+
			"ta bort överflödiga rader eller dela upp planen.", sheet, maxActRows, maxActRows)
		return nil, false
	}
	wb.applyMerges(g)
	h, ok := findHeader(g, ps)
	if !ok {
		return nil, false
	}
	col := func(f templates.Field) (int, bool) { c, ok := h.cols[f]; return c, ok }
	if _, ok := col(templates.ColGoal); !ok {
		ps.Warnf(sheetRef(sheet, cellName(1, h.row+1)), templates.ActivityColumn(templates.ColGoal).Label,
			"Kolumnen Mål saknas i rubrikraden (rad %d). Lägg till kolumnen Mål och skriv ett mätbart mål för varje aktivitet.", h.row+1)
	}

	b := newAreaBuilder()
	for r := h.row + 1; r < len(g.rows); r++ {
		if g.blank(r) || g.repeatsHeader(r, h) {
			continue
		}
		rowNum := r + 1
		val := func(f templates.Field) string {
			if c, ok := col(f); ok {
				return cleanText(g.at(r, c))
			}
			return ""
		}
		loc := func(f templates.Field) string {
			if c, ok := col(f); ok {
				return sheetRef(sheet, cellName(c+1, rowNum))
			}
			return sheetRef(sheet, cellName(1, rowNum))
		}
		label := func(f templates.Field) string { return templates.ActivityColumn(f).Label }
		if isExample(val(templates.ColArea)) || isExample(val(templates.ColActivity)) {
			continue // the template's example row
		}

		ar := areaRow{
			Title: val(templates.ColArea), TitleLoc: loc(templates.ColArea),
			National: val(templates.ColNationalArea), NatLoc: loc(templates.ColNationalArea),
		}
		if t := val(templates.ColPromises); t != "" {
			ar.Promises = parsePromisesAt(t, loc(templates.ColPromises), label(templates.ColPromises), cat, ps)
		}

		act := plan.Activity{
			Description: val(templates.ColActivity),
			Schedule:    val(templates.ColSchedule),
			Cooperation: val(templates.ColCooperation),
			FollowUp: plan.FollowUp{
				Method:      val(templates.ColMethod),
				Indicators:  val(templates.ColIndicators),
				Goal:        val(templates.ColGoal),
				Responsible: val(templates.ColResponsible),
				Result:      val(templates.ColResult),
			},
			Comment: val(templates.ColComment),
			Consequences: plan.Consequences{
				Citizens:   val(templates.ColConsCitizens),
				Operations: val(templates.ColConsOperations),
				Governance: val(templates.ColConsGovernance),
			},
			FinalReport:  val(templates.ColFinalReport),
			ImpactDetail: val(templates.ColImpactDetail),
			Location:     sheetRef(sheet, cellName(1, rowNum)),
		}
		if !hasActivityValues(val) {
			b.add(ar, nil, ps) // a row that only names an area
			continue
		}
		if act.Description == "" {
			ps.Errorf(loc(templates.ColActivity), label(templates.ColActivity),
				"Aktivitet saknas på rad %d, som har andra uppgifter ifyllda. Beskriv aktiviteten, eller töm raden om den inte ska vara med.", rowNum)
			b.add(ar, nil, ps)
			continue
		}
		act.Status = parseStatusAt(val(templates.ColStatus), loc(templates.ColStatus), ps)
		act.NeedsSupport = parseYesNoAt(val(templates.ColSupport), loc(templates.ColSupport), label(templates.ColSupport), ps)
		// "Finansiell förändring – 2,4 mnkr" in the Påverkan cell: the choice and,
		// when its own column is empty, the description.
		choice, detail := splitImpact(val(templates.ColImpact))
		act.Impact = parseImpactAt(choice, loc(templates.ColImpact), label(templates.ColImpact), ps)
		if act.ImpactDetail == "" {
			act.ImpactDetail = detail
		}
		if act.Impact != plan.ImpactNone && act.ImpactDetail == "" {
			ps.Warnf(loc(templates.ColImpactDetail), label(templates.ColImpactDetail),
				"Aktiviteten påverkar överenskommelsen (%s) men förändringen är inte beskriven. Beskriv förändringen i kolumnen Beskrivning av förändring.",
				act.Impact.Label())
		}
		if _, ok := col(templates.ColGoal); ok {
			checkGoal(act.FollowUp.Goal, loc(templates.ColGoal), ps)
		}
		b.add(ar, &act, ps)
	}
	return b.areas, true
}

// activityFields are the columns that belong to an activity rather than its area.
var activityFields = []templates.Field{
	templates.ColActivity, templates.ColSchedule, templates.ColCooperation, templates.ColMethod,
	templates.ColIndicators, templates.ColGoal, templates.ColResponsible, templates.ColResult,
	templates.ColStatus, templates.ColComment, templates.ColSupport, templates.ColConsCitizens,
	templates.ColConsOperations, templates.ColConsGovernance, templates.ColFinalReport,
	templates.ColImpact, templates.ColImpactDetail,
}

func hasActivityValues(val func(templates.Field) string) bool {
	for _, f := range activityFields {
		if val(f) != "" {
			return true
		}
	}
	return false
}

// isExample recognises the template's example row, which starts with "Exempel".
func isExample(s string) bool {
	f := plan.Fold(s)
	return f == "exempel" || strings.HasPrefix(f, "exempel:") || strings.HasPrefix(f, "exempel-") || strings.HasPrefix(f, "exempel ")
}

// findHeader picks the header row among the first rows: the row naming the most
// known columns, preferring rows that have every required one.
func findHeader(g *grid, ps *plan.Problems) (header, bool) {
	best, bestCols, bestReq := -1, map[templates.Field]int(nil), false
	var bestDups [][2]int // (first column, duplicate column)
	for r := 0; r < len(g.rows) && r < headerScanRows; r++ {
		cols := map[templates.Field]int{}
		var dups [][2]int
		for c, v := range g.rows[r] {
			if g.merged(r, c) {
				continue
			}
			if l, ok := matchLabel(activityIndex(), v); ok {
				if first, seen := cols[l.Field]; seen {
					dups = append(dups, [2]int{first, c})
					continue
				}
				cols[l.Field] = c
			}
		}
		req := true
		for _, l := range templates.ActivityColumns {
			if _, ok := cols[l.Field]; l.Required && !ok {
				req = false
			}
		}
		if (req && !bestReq) || (req == bestReq && len(cols) > len(bestCols)) {
			best, bestCols, bestReq, bestDups = r, cols, req, dups
		}
	}
	sheet := g.sheet
	if best < 0 || len(bestCols) == 0 {
		ps.Errorf(sheetRef(sheet, "A1"), "", "Ingen rubrikrad hittades bland de %d första raderna på bladet %s. "+
			"Rubrikraden ska ha minst kolumnerna Prioriterat område, Aktivitet och Status; använd mallens rubriker.", headerScanRows, sheet)
		return header{}, false
	}
	if !bestReq {
		for _, l := range templates.ActivityColumns {
			if _, ok := bestCols[l.Field]; l.Required && !ok {
				ps.Errorf(sheetRef(sheet, cellName(1, best+1)), l.Label, "Kolumnen %q saknas i rubrikraden (rad %d) på bladet %s. "+
					"Lägg till en kolumn med rubriken %s.", l.Label, best+1, sheet, l.Label)
			}
		}
		return header{}, false
	}
	for _, d := range bestDups {
		ps.Warnf(sheetRef(sheet, cellName(d[1]+1, best+1)), cleanText(g.at(best, d[1])),
			"Kolumnen %q finns flera gånger i rubrikraden; den i kolumn %s används och den här läses inte. Ta bort eller döp om dubbletten.",
			oneLine(g.at(best, d[1])), columnName(d[0]+1))
	}
	return header{row: best, cols: bestCols}, true
}

// cleanText trims a cell value and normalises its line breaks.
func cleanText(s string) string {
	s = spaceReplacer.Replace(s)
	return strings.TrimFunc(s, unicode.IsSpace)
}

// spaceReplacer normalises line breaks, and no-break spaces to plain ones: they
// are typography (our decks keep "47 %" together), not content, and the renderers
// put them back where they belong.
var spaceReplacer = strings.NewReplacer("\r\n", "\n", "\r", "\n", "_x000D_", "",
	"\u00a0", " ", "\u202f", " ", "\u2007", " ")

// grid is the cell values of the first rows and columns of a sheet, with merged
// ranges filled in.
type grid struct {
	sheet     string
	rows      [][]string      // rows[r][c], 0-based
	fromMerge map[[2]int]bool // cells whose value was copied from a merged range
}

func (g *grid) at(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

func (g *grid) merged(r, c int) bool { return g.fromMerge[[2]int{r, c}] }

// blank reports whether a row has no values of its own: a row whose only values
// come from merged ranges started above is blank.
func (g *grid) blank(r int) bool {
	for c, v := range g.rows[r] {
		if strings.TrimSpace(v) != "" && !g.merged(r, c) {
			return false
		}
	}
	return true
}

// repeatsHeader recognises a repeated header row (e.g. after a page break): two
// or more required columns hold their own heading.
func (g *grid) repeatsHeader(r int, h header) bool {
	n := 0
	for _, l := range templates.ActivityColumns {
		if c, ok := h.cols[l.Field]; ok && l.Required {
			if m, ok := matchLabel(activityIndex(), g.at(r, c)); ok && m.Field == l.Field {
				n++
			}
		}
	}
	return n >= 2
}

// grid reads the first maxRows rows and maxCols columns of a sheet, streaming; raw
// gives unformatted values (date serials). overflow reports content past maxRows.
func (wb *workbook) grid(sheet string, maxRows, maxCols int, raw bool) (*grid, bool, error) {
	g := &grid{sheet: sheet, fromMerge: map[[2]int]bool{}}
	if wb.scan(sheet).cells > maxGridCells {
		return g, false, reject(nil, "Bladet %s har innehåll eller formatering långt utanför tabellen och kan inte läsas. "+
			"Ta bort allt utanför tabellen (markera tomma kolumner och rader till höger och nedanför, välj Ta bort) och skicka in filen igen.", sheet)
	}
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return g, false, reject(err, "Bladet %s kunde inte läsas; filen verkar vara skadad. Öppna den i Excel, spara på nytt och skicka in den igen.", sheet)
	}
	defer rows.Close()
	opts := excelize.Options{RawCellValue: raw}
	overflow := false
	for i := 0; rows.Next(); i++ {
		if i >= maxRows+overflowScan {
			break
		}
		cols, err := rows.Columns(opts)
		if err != nil {
			break
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		if i >= maxRows {
			if strings.TrimSpace(strings.Join(cols, "")) != "" {
				overflow = true
				break
			}
			continue
		}
		g.rows = append(g.rows, cols)
	}
	for len(g.rows) > 0 && len(g.rows[len(g.rows)-1]) == 0 {
		g.rows = g.rows[:len(g.rows)-1]
	}
	if !raw {
		// An ISO date cell reads as the date it holds, as a typed date does.
		for rc, v := range wb.scan(sheet).isoDates {
			r, c := rc[0], rc[1]
			if r < len(g.rows) && c < len(g.rows[r]) {
				if t := wb.excelDate(v); !t.IsZero() {
					g.rows[r][c] = t.Format(time.DateOnly)
				}
			}
		}
	}
	return g, overflow, nil
}

// applyMerges copies each merged range's value into all its cells, within the grid.
func (wb *workbook) applyMerges(g *grid) {
	filled := 0
	for _, ref := range wb.scan(g.sheet).merges {
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil {
			continue
		}
		c1, c2 = min(c1, c2)-1, max(c1, c2)-1
		r1, r2 = min(r1, r2)-1, max(r1, r2)-1
		if r1 >= len(g.rows) {
			continue
		}
		v := g.at(r1, c1)
		if strings.TrimSpace(v) == "" {
			continue
		}
		r2 = min(r2, len(g.rows)-1)
		c2 = min(c2, maxActCols-1)
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r == r1 && c == c1 {
					continue
				}
				if filled++; filled > maxMergeFill {
					return
				}
				for len(g.rows[r]) <= c {
					g.rows[r] = append(g.rows[r], "")
				}
				g.rows[r][c] = v
				g.fromMerge[[2]int{r, c}] = true
			}
		}
	}
}

// sheetScan is what one streaming pass over a worksheet part tells before
// excelize reads it.
type sheetScan struct {
	merges []string // merged ranges, e.g. "B5:B7"
	// cells is what reading the rows costs: excelize returns every row as a slice
	// up to its last cell, so a cell in column XFD costs 16384 strings.
	cells int64
	// isoDates are the values of ISO 8601 date cells (t="d") by 0-based row and
	// column: excelize shows one without a date format as a bare serial number.
	isoDates map[[2]int]string
}

// maxISODates bounds how many ISO date cells a scan keeps.
const maxISODates = 10000

// scan reads a worksheet part once, streaming: its merged ranges (excelize would
// load the whole sheet into memory to list them) and the size of its rows.
func (wb *workbook) scan(sheet string) sheetScan {
	if sc, ok := wb.scans[sheet]; ok {
		return sc
	}
	var sc sheetScan
	defer func() { wb.scans[sheet] = sc }()
	p, ok := wb.parts[sheet]
	if !ok {
		return sc
	}
	rc, ok := openPart(wb.zr, p)
	if !ok {
		return sc
	}
	defer rc.Close()
	const rowLimit = maxActRows + overflowScan
	row, col, rowMax := 0, 0, 0
	inDate, inValue := false, false // inside a t="d" cell; inside its <v>
	d := xml.NewDecoder(io.LimitReader(rc, maxXMLPart))
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok && inDate && inValue && row <= rowLimit && len(sc.isoDates) < maxISODates {
			if sc.isoDates == nil {
				sc.isoDates = map[[2]int]string{}
			}
			sc.isoDates[[2]int{row - 1, col - 1}] += string(cd)
		}
		if ee, ok := tok.(xml.EndElement); ok {
			switch ee.Name.Local {
			case "v":
				inValue = false
			case "c":
				inDate, inValue = false, false
			}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "v":
			inValue = true
		case "row":
			sc.cells += int64(rowMax)
			rowMax, col = 0, 0
			row++
			if n, err := strconv.Atoi(attr(se, "r")); err == nil {
				row = n
			}
		case "c":
			col++
			if c, _, err := excelize.SplitCellName(attr(se, "r")); err == nil {
				if n, err := excelize.ColumnNameToNumber(c); err == nil {
					col = n
				}
			}
			if row <= rowLimit && col > rowMax {
				rowMax = col
			}
			inDate = attr(se, "t") == "d"
		case "mergeCell":
			if len(sc.merges) < maxMerges {
				sc.merges = append(sc.merges, attr(se, "ref"))
			}
		}
	}
	sc.cells += int64(rowMax)
	return sc
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// openPart opens a zip entry by name, case-insensitively.
func openPart(zr *zip.Reader, name string) (io.ReadCloser, bool) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			rc, err := f.Open()
			if err != nil {
				return nil, false
			}
			return rc, true
		}
	}
	return nil, false
}

// sheetParts maps sheet names to worksheet part paths from the workbook part and
// its relationships.
func sheetParts(zr *zip.Reader) map[string]string {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	type rels struct {
		Rels []rel `xml:"Relationship"`
	}
	readRels := func(name string) []rel {
		b, ok, err := readPart(zr, name, 1<<20)
		if !ok || err != nil {
			return nil
		}
		var r rels
		if xml.Unmarshal(b, &r) != nil {
			return nil
		}
		return r.Rels
	}
	resolve := func(dir, target string) string {
		if strings.HasPrefix(target, "/") {
			return strings.TrimPrefix(target, "/")
		}
		return path.Join(dir, target)
	}

	wbPath := "xl/workbook.xml"
	for _, r := range readRels("_rels/.rels") {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = resolve("", r.Target)
		}
	}
	dir := path.Dir(wbPath)
	targets := map[string]string{}
	for _, r := range readRels(dir + "/_rels/" + path.Base(wbPath) + ".rels") {
		targets[r.ID] = resolve(dir, r.Target)
	}
	b, ok, err := readPart(zr, wbPath, maxXMLPart)
	if !ok || err != nil {
		return nil
	}
	var w struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(b, &w) != nil {
		return nil
	}
	out := map[string]string{}
	for _, s := range w.Sheets {
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && targets[a.Value] != "" {
				out[s.Name] = targets[a.Value]
			}
		}
	}
	return out
}

// cellName is an Excel cell reference such as "L7" for 1-based column and row.
func cellName(col, row int) string {
	return columnName(col) + strconv.Itoa(row)
}

// columnName is the Excel column letter of a 1-based column number.
func columnName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// sheetRef prefixes a cell with its sheet as Excel writes it: Aktiviteter!L7, or
// 'Handlingsplan 2026'!L7 when the name needs quotes; the bare sheet name when cell is "".
func sheetRef(sheet, cell string) string {
	if cell == "" {
		return sheet
	}
	if strings.ContainsFunc(sheet, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet + "!" + cell
}
