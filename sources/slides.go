package sources

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/templates"
)

// The PowerPoint template (SPEC §3.2) has no Plan sheet: the plan is a table on one
// or more slides with the headings of templates.SlideHeadings, one row per
// activity, and the programme area is named in a slide title or in a text
// "Programområde: …". Status may be a word, a cell fill, a coloured marker or a
// checkbox in the status cell.

const (
	slideHeaderScan = 10 // a table's header row is looked for among its first rows
	maxLabelRunes   = 60 // "Label: value" lines: longer text before the colon is no label
)

// Messages for refusals that only the presentation reader finds.
const (
	msgSlidesEncrypted = "Filen är lösenordsskyddad (krypterad) och kan inte läsas. Öppna den, ta bort lösenordet " +
		"(Arkiv > Info > Skydda presentation > Kryptera med lösenord, töm fältet), spara och skicka in den igen."
	msgSlidesMacro = "Filen innehåller makron, som inte tas emot av säkerhetsskäl. " +
		"Öppna filen i PowerPoint, välj Spara som > PowerPoint-presentation (*.pptx) och skicka in den nya filen."
)

// slideColumns are the columns of the plan table. Field says what a column holds;
// Label is the heading used in locations ("kolumn Status"). Patientlöften is not in
// the template but is read when someone adds it.
var slideColumns = []templates.Label{
	{Field: templates.ColNationalArea, Label: templates.SlideNationalArea, Required: true,
		Synonyms: []string{"Nationella insatsområden", "Nationellt insatsområde (NPO)", "Insatsområde"}},
	{Field: templates.ColArea, Label: templates.SlideAreaPromises, Required: true,
		Synonyms: []string{"Prioriterade områden och patientlöften", "Prioriterat område och patientlöfte", "Prioriterat område/patientlöften",
			"Prioriterat område & patientlöften", "Prioriterat område", "Prioriterade områden"}},
	{Field: templates.ColActivity, Label: templates.SlideActivities, Required: true, Synonyms: []string{"Aktivitet"}},
	{Field: templates.ColMethod, Label: templates.SlideFollowUp, Required: true,
		Synonyms: []string{"Uppföljning – metod", "Uppföljningsmetod", "Uppföljning och mål", "Uppföljning/mål"}},
	{Field: templates.ColStatus, Label: templates.SlideStatus, Required: true},
	{Field: templates.ColComment, Label: templates.SlideComment, Synonyms: []string{"Kommentarer"}},
	{Field: templates.ColPromises, Label: "Patientlöften", Synonyms: []string{"Patientlöfte"}},
}

// cellLabels are the labels that may start a line inside a cell ("Tidplan: 2026",
// "Mål: 90 %"), each giving an activity field: the Excel template's columns plus the
// short forms our own decks write.
var cellLabels = func() []templates.Label {
	extra := map[templates.Field][]string{
		templates.ColMethod:      {"Metod"},
		templates.ColIndicators:  {"Indikator", "Indikatorer", "Kvalitetsindikator(er)"},
		templates.ColResponsible: {"Ansvarig för mätning"},
		templates.ColSupport:     {"Ledningsstöd", "Behov av stöd"},
		templates.ColImpact:      {"Påverkan"},
		templates.ColConsCitizens: {"Konsekvenser för invånare", "Konsekvenser för invånare, patienter och närstående",
			"Konsekvenser för patienter", "Konsekvenser – invånare"},
		templates.ColConsOperations: {"Konsekvenser för verksamheten", "Konsekvenser för verksamhet och medarbetare",
			"Konsekvenser – verksamhet"},
		templates.ColConsGovernance: {"Konsekvenser för styrning och ledning", "Konsekvenser för styrning", "Konsekvenser – styrning"},
		templates.ColFinalReport:    {"Slutrapport", "Utvärdering"},
		templates.ColImpactDetail:   {"Förändring"},
	}
	var out []templates.Label
	for _, l := range templates.ActivityColumns {
		switch l.Field {
		case templates.ColNationalArea, templates.ColArea, templates.ColPromises, templates.ColActivity, templates.ColStatus:
			continue // table columns of their own
		}
		l.Synonyms = append(append([]string(nil), l.Synonyms...), extra[l.Field]...)
		out = append(out, l)
	}
	return out
}()

var (
	slideColumnIndex = sync.OnceValue(func() map[string]templates.Label { return labelIndex(slideColumns) })
	cellLabelIndex   = sync.OnceValue(func() map[string]templates.Label { return labelIndex(cellLabels) })
)

// slideHeading is the heading of a plan-table column, for locations and fields.
func slideHeading(f templates.Field) string {
	for _, l := range slideColumns {
		if l.Field == f {
			return l.Label
		}
	}
	return templates.ActivityColumn(f).Label
}

// readSlides reads a filled PowerPoint template (SPEC §3.2).
func readSlides(in Input, cat *plan.Catalog, lim Limits) Result {
	lim = withDefaults(lim)
	res := Result{Format: "pptx"}
	floc := fileLoc(in)
	arc, err := checkOffice(in.Data, lim, "Presentationen")
	if err != nil {
		addFileError(&res.Problems, floc, err)
		return res
	}
	doc, err := pptx.Open(arc.data, pptx.Limits(lim))
	if err != nil {
		addFileError(&res.Problems, floc, slidesOpenError(err, int64(len(in.Data)), lim))
		return res
	}

	d := &deck{doc: doc, cat: cat, ps: &res.Problems, finder: newPromiseFinder(cat)}
	p := &plan.Plan{}
	tables := d.planTables()
	where := planWhere{
		PlanSheet: floc,
		MissingName: "Skriv programområdets eller samverkansgruppens namn i tabellen Uppgifter om planen (raden Programområde/samverkansgrupp), " +
			"i rubriken på bilden med handlingsplanen, t.ex. Handlingsplan RPO Psykisk hälsa 2026, eller i en text Programområde: RPO Psykisk hälsa på en bild.",
	}
	if len(doc.Slides) > 0 {
		where.PlanSheet = slideLoc(doc.Slides[0].Number)
	}
	raw := d.planValues(tables)
	if v, ok := raw[templates.PlanName]; ok && v.Loc != "" {
		where.PlanSheet = v.Loc
	}
	if len(tables) > 0 {
		where.Body = tables[0].loc()
		p.Areas = d.readTables(tables)
		d.readActivityTables(p.Areas, tables)
	} else if !d.partial {
		d.ps.Errorf(floc, "", "Ingen tabell med rubrikerna %s hittades i presentationen. Använd regionens PowerPoint-mall: "+
			"handlingsplanens tabell ska ha en rubrikrad med just de rubrikerna (kolumnen %s får läggas till).",
			joinSwedish(templates.SlideHeadings), templates.SlideComment)
	}
	checkPlan(p, raw, cat, d.ps, where)
	res.Plan = p
	return res
}

// slidesOpenError gives a pptx.Open error the Swedish refusal the workbook path uses.
func slidesOpenError(err error, size int64, lim Limits) error {
	switch {
	case errors.Is(err, pptx.ErrTooLarge):
		if size > lim.MaxFileBytes {
			return errTooLarge(size, lim)
		}
		return errUnzippedTooLarge(lim)
	case errors.Is(err, pptx.ErrEncrypted):
		return reject(err, msgSlidesEncrypted)
	case errors.Is(err, pptx.ErrMacro):
		return reject(err, msgSlidesMacro)
	}
	// ErrNotZip, ErrNotPresentation, ErrCorrupt: parts missing or unreadable.
	return reject(err, msgCorrupt)
}

// deck is a presentation being read.
type deck struct {
	doc     *pptx.Document
	cat     *plan.Catalog
	ps      *plan.Problems
	finder  *promiseFinder
	partial bool // a table with some but not all headings was reported
}

// slideTable is a plan table found on a slide.
type slideTable struct {
	slide *pptx.SlideInfo
	num   int // 1-based among the slide's tables
	t     *pptx.TableInfo
	hdr   int // 0-based header row; -1 for a continuation table without one
	cols  map[templates.Field]int
	// more is text that continuation rows add to a row's cells (a long cell that
	// went on on the next slide), by row and field; rest marks those rows.
	more map[int]map[templates.Field][]string
	rest map[int]bool
}

func (st *slideTable) loc() string {
	return fmt.Sprintf("%s, tabell %d", slideLoc(st.slide.Number), st.num)
}

func (st *slideTable) rowLoc(row int) string { return fmt.Sprintf("%s, rad %d", st.loc(), row+1) }

func (st *slideTable) colLoc(row int, f templates.Field) string {
	return st.rowLoc(row) + ", kolumn " + slideHeading(f)
}

func slideLoc(n int) string { return "bild " + strconv.Itoa(n) }

// planTables finds the tables whose header row has the template's headings. A table
// naming some of them but not all is reported and skipped. A table without a header
// on a slide titled "(forts.)" continues the previous plan table when it has as many
// columns.
func (d *deck) planTables() []*slideTable {
	var out []*slideTable
	for _, s := range d.doc.Slides {
		for ti := range s.Tables {
			t := &s.Tables[ti]
			st := &slideTable{slide: s, num: ti + 1, t: t, hdr: -1}
			for r := 0; r < len(t.Rows) && r < slideHeaderScan; r++ {
				cols := map[templates.Field]int{}
				for c, cell := range t.Rows[r].Cells {
					if cell.HMerge || cell.VMerge {
						continue
					}
					if l, ok := matchLabel(slideColumnIndex(), cell.Text()); ok {
						if _, dup := cols[l.Field]; !dup {
							cols[l.Field] = c
						}
					}
				}
				if len(cols) >= 2 {
					st.hdr, st.cols = r, cols
					break
				}
			}
			if st.hdr < 0 {
				if prev := lastOf(out); prev != nil && strings.Contains(plan.Fold(s.Title), "forts") && len(t.Cols) == len(prev.t.Cols) {
					st.cols = prev.cols
					out = append(out, st)
				}
				continue
			}
			var missing []string
			for _, l := range slideColumns {
				if _, ok := st.cols[l.Field]; l.Required && !ok {
					missing = append(missing, l.Label)
				}
			}
			if len(missing) > 0 {
				d.partial = true
				for _, m := range missing {
					d.ps.Errorf(st.rowLoc(st.hdr), m, "Tabellens rubrikrad (rad %d) saknar rubriken %q; tabellen lästes inte. "+
						"Handlingsplanens tabell ska ha rubrikerna %s. Lägg till kolumnen %s eller använd regionens mall.",
						st.hdr+1, m, joinSwedish(templates.SlideHeadings), m)
				}
				continue
			}
			out = append(out, st)
		}
	}
	return out
}

func lastOf(ts []*slideTable) *slideTable {
	if len(ts) == 0 {
		return nil
	}
	return ts[len(ts)-1]
}

// joinSwedish lists words as "a, b och c".
func joinSwedish(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " och " + words[len(words)-1]
}

// rowCell is one column of one row: the text of the cell, or of the merged cell
// covering it.
type rowCell struct {
	info   pptx.CellInfo
	text   string
	merged bool // covered by a merged cell: the value is not the row's own
	ok     bool // the column exists in this row
}

// cell returns the cell of row r in column f, resolving merged cells to the cell
// that covers them.
func (st *slideTable) cell(r int, f templates.Field) rowCell {
	c, ok := st.cols[f]
	if !ok || r >= len(st.t.Rows) || c >= len(st.t.Rows[r].Cells) {
		return rowCell{}
	}
	or, oc := r, c
	for i := 0; i < 2; i++ { // a cell may be covered from the left and from above
		for oc > 0 && oc < len(st.t.Rows[or].Cells) && st.t.Rows[or].Cells[oc].HMerge {
			oc--
		}
		for or > 0 && oc < len(st.t.Rows[or].Cells) && st.t.Rows[or].Cells[oc].VMerge {
			or--
		}
	}
	if oc >= len(st.t.Rows[or].Cells) {
		return rowCell{}
	}
	info := st.t.Rows[or].Cells[oc]
	return rowCell{info: info, text: cleanText(info.Text()), merged: or != r || oc != c, ok: true}
}

// readTables reads the rows of the plan tables, in slide order, into areas; an area
// may go on from one table (and slide) to the next.
func (d *deck) readTables(tables []*slideTable) []plan.Area {
	joinContinuations(tables)
	b := newAreaBuilder()
	rows := 0
	for _, st := range tables {
		for r := st.hdr + 1; r < len(st.t.Rows); r++ {
			if rows++; rows > maxActRows {
				d.ps.Errorf(st.rowLoc(r), "", "Presentationen har fler än %d tabellrader. En handlingsplan får ha högst %d aktiviteter; "+
					"ta bort överflödiga rader eller dela upp planen.", maxActRows, maxActRows)
				return b.areas
			}
			d.readRow(st, r, b)
		}
	}
	return b.areas
}

// readRow reads one table row into b.
func (d *deck) readRow(st *slideTable, r int, b *areaBuilder) {
	if st.rest[r] {
		return // its text went to the row it continues
	}
	own := func(f templates.Field) string {
		if c := st.cell(r, f); c.ok && !c.merged {
			return joinRest(c.text, st.more[r][f])
		}
		return ""
	}
	val := func(f templates.Field) string {
		if c := st.cell(r, f); c.ok {
			return joinRest(c.text, st.more[r][f])
		}
		return ""
	}
	blank, heads := true, 0
	for _, l := range slideColumns {
		t := own(l.Field)
		if t != "" {
			blank = false
		}
		if m, ok := matchLabel(slideColumnIndex(), t); ok && m.Field == l.Field {
			heads++
		}
	}
	if blank || heads >= 2 {
		return // an empty row, or the header repeated
	}
	if isExample(own(templates.ColArea)) || isExample(own(templates.ColActivity)) {
		return
	}

	// The area: title and promises from the combined column. A merged area cell
	// continues the area above.
	areaField := slideHeading(templates.ColArea)
	ar := areaRow{
		TitleLoc: st.colLoc(r, templates.ColArea),
		National: own(templates.ColNationalArea), NatLoc: st.colLoc(r, templates.ColNationalArea),
	}
	var refs []string
	if t := own(templates.ColArea); t != "" {
		ar.Title, refs = d.finder.split(t)
	}
	if t := own(templates.ColPromises); t != "" {
		refs = append(refs, t)
	}
	if len(refs) > 0 {
		loc := ar.TitleLoc
		if own(templates.ColArea) == "" {
			loc = st.colLoc(r, templates.ColPromises)
		}
		ar.Promises = parsePromisesAt(strings.Join(refs, ";"), loc, areaField, d.cat, d.ps)
	}

	act := plan.Activity{Location: st.rowLoc(r)}
	given := map[templates.Field]string{} // labelled values found inside cells, by field
	where := map[templates.Field]templates.Field{}
	collect := func(col templates.Field, text string, free templates.Field, follow bool) {
		for f, v := range splitLabelled(text, free, follow) {
			if old := given[f]; old != "" {
				v = old + "\n" + v
			}
			given[f] = v
			if _, seen := where[f]; !seen {
				where[f] = col
			}
		}
	}
	collect(templates.ColActivity, val(templates.ColActivity), templates.ColActivity, false)
	collect(templates.ColMethod, val(templates.ColMethod), templates.ColMethod, true)
	collect(templates.ColComment, val(templates.ColComment), templates.ColComment, false)
	act.Description = given[templates.ColActivity]
	act.Schedule = given[templates.ColSchedule]
	act.Cooperation = given[templates.ColCooperation]
	act.FollowUp = plan.FollowUp{
		Method:      given[templates.ColMethod],
		Indicators:  given[templates.ColIndicators],
		Goal:        given[templates.ColGoal],
		Responsible: given[templates.ColResponsible],
		Result:      given[templates.ColResult],
	}
	act.Comment = given[templates.ColComment]
	act.Consequences = plan.Consequences{
		Citizens:   given[templates.ColConsCitizens],
		Operations: given[templates.ColConsOperations],
		Governance: given[templates.ColConsGovernance],
	}
	act.FinalReport = given[templates.ColFinalReport]
	act.ImpactDetail = given[templates.ColImpactDetail]
	if id := strings.TrimSpace(given[templates.ColID]); id != "" {
		// The pre-filled template's "Aktivitets-id: A-…" line in the activity cell.
		if plan.ValidID(id) {
			act.ID = id
		} else {
			d.ps.Warnf(st.colLoc(r, where[templates.ColID]), slideHeading(where[templates.ColID]),
				"Aktivitets-id %s känns inte igen och ersätts med ett nytt. Ändra inte raden Aktivitets-id; ta bort den för nya aktiviteter.", quoteName(id))
		}
	}

	status := st.cell(r, templates.ColStatus)
	marks := d.statusMarks(st, status)
	hasValues := own(templates.ColActivity) != "" || own(templates.ColMethod) != "" || own(templates.ColComment) != "" ||
		own(templates.ColStatus) != "" || (!status.merged && marks.any())
	if !hasValues {
		b.add(ar, nil, d.ps) // a row that only names an area
		return
	}
	if act.Description == "" {
		d.ps.Errorf(st.colLoc(r, templates.ColActivity), slideHeading(templates.ColActivity),
			"Aktivitet saknas på rad %d, som har andra uppgifter ifyllda. Beskriv aktiviteten, eller töm raden om den inte ska vara med.", r+1)
		b.add(ar, nil, d.ps)
		return
	}
	act.Status, act.StatusInferred = d.status(strings.TrimLeft(status.text, statusGlyphs), marks, st.colLoc(r, templates.ColStatus))
	if v, ok := given[templates.ColSupport]; ok {
		act.NeedsSupport = parseYesNoAt(v, st.colLoc(r, where[templates.ColSupport]), templates.ActivityColumn(templates.ColSupport).Label, d.ps)
	}
	if v, ok := given[templates.ColImpact]; ok {
		choice, detail := splitImpact(v)
		impactLoc := st.colLoc(r, where[templates.ColImpact])
		act.Impact = parseImpactAt(choice, impactLoc, templates.ActivityColumn(templates.ColImpact).Label, d.ps)
		if act.ImpactDetail == "" {
			act.ImpactDetail = detail
		}
		if act.Impact != plan.ImpactNone && act.ImpactDetail == "" {
			d.ps.Warnf(impactLoc, templates.ActivityColumn(templates.ColImpactDetail).Label,
				"Aktiviteten påverkar överenskommelsen (%s) men förändringen är inte beskriven. Skriv beskrivningen efter ett tankstreck, "+
					"t.ex. Påverkan: %s – …, eller på en egen rad Beskrivning av förändring: …", act.Impact.Label(), act.Impact.Label())
		}
	}
	if _, ok := given[templates.ColGoal]; ok {
		checkGoal(act.FollowUp.Goal, st.colLoc(r, where[templates.ColGoal]), d.ps)
	}
	b.add(ar, &act, d.ps)
}

// impactSeparators end the choice in "Påverkan: Finansiell förändring – 2,4 mnkr per år".
var impactSeparators = []string{" – ", " — ", " - ", ": ", "; ", ", ", ". ", "\n"}

// splitImpact splits a Påverkan value into the choice and the description written
// after it; a value without a separator is all choice.
func splitImpact(v string) (choice, detail string) {
	v = strings.TrimSpace(v)
	cut := len(v)
	for _, sep := range impactSeparators {
		if i := strings.Index(v, sep); i >= 0 && i < cut {
			cut = i
		}
	}
	if cut == len(v) {
		return v, ""
	}
	return strings.TrimSpace(v[:cut]), strings.TrimSpace(strings.TrimLeft(v[cut:], " –—-:;,.\n"))
}

// Continuation rows, as our decks write them when a row is too tall for its slide:
// the rest of each long cell in the next row, starting "(forts.)", or the rest of
// one cell as a band across the table, "Kommentar (forts.): …".
var (
	reContinued     = regexp.MustCompile(`(?i)^\(\s*forts(\.|ättning)?\s*\)\s*`)
	reContinuedBand = regexp.MustCompile(`(?i)^(.{1,60}?)\s*\(\s*forts(\.|ättning)?\s*\)\s*:\s*`)
)

// joinContinuations finds the continuation rows of the plan tables and gives their
// text to the row they continue, which may be on an earlier slide.
func joinContinuations(tables []*slideTable) {
	var last *slideTable // the last row with an activity of its own
	lastRow := -1
	field := func(st *slideTable, c int) (templates.Field, bool) {
		for f, col := range st.cols {
			if col == c {
				return f, true
			}
		}
		return "", false
	}
	add := func(f templates.Field, text string) {
		if last == nil || strings.TrimSpace(text) == "" {
			return
		}
		if last.more == nil {
			last.more = map[int]map[templates.Field][]string{}
		}
		if last.more[lastRow] == nil {
			last.more[lastRow] = map[templates.Field][]string{}
		}
		last.more[lastRow][f] = append(last.more[lastRow][f], text)
	}
	mark := func(st *slideTable, r int) {
		if st.rest == nil {
			st.rest = map[int]bool{}
		}
		st.rest[r] = true
	}
	for _, st := range tables {
		for r := st.hdr + 1; r < len(st.t.Rows); r++ {
			cells := st.t.Rows[r].Cells
			if band, ok := bandText(cells); ok {
				if m := reContinuedBand.FindStringSubmatchIndex(band); m != nil {
					if l, ok := matchLabel(slideColumnIndex(), band[m[2]:m[3]]); ok {
						add(l.Field, band[m[1]:])
						mark(st, r)
						continue
					}
				}
			}
			continued, content := false, false
			for c, cell := range cells {
				if cell.HMerge || cell.VMerge {
					continue
				}
				text := cleanText(cell.Text())
				if loc := reContinued.FindStringIndex(text); loc != nil {
					if f, ok := field(st, c); ok {
						add(f, text[loc[1]:])
					}
					continued = true
				} else if f, ok := field(st, c); ok && text != "" && (f == templates.ColActivity || f == templates.ColMethod || f == templates.ColComment) {
					content = true
				}
			}
			switch {
			case continued && last != nil:
				mark(st, r)
			case content:
				last, lastRow = st, r
			}
		}
	}
}

// joinRest appends the rest of a split cell to its first part: on a new line when
// the rest starts with a label ("Resultat: …"), else after a space, as the cell was
// cut between words (a cut that fell between two paragraphs becomes a space).
func joinRest(text string, rest []string) string {
	for _, r := range rest {
		r = strings.TrimSpace(r)
		switch {
		case text == "":
			text = r
		case startsWithLabel(r):
			text += "\n" + r
		default:
			text += " " + r
		}
	}
	return text
}

func startsWithLabel(s string) bool {
	first, _, _ := strings.Cut(s, "\n")
	_, _, ok := labelledLine(cellLabelIndex(), first)
	return ok
}

// splitLabelled splits a cell's text into fields by lines that start with a label
// ("Tidplan: 2026", "Mål: 90 %"). Other lines belong to free; with follow, a line
// after a labelled one continues that label's value instead.
func splitLabelled(text string, free templates.Field, follow bool) map[templates.Field]string {
	out := map[templates.Field]string{}
	if strings.TrimSpace(text) == "" {
		return out
	}
	add := func(f templates.Field, v string) {
		v = strings.TrimSpace(v)
		if old, ok := out[f]; ok && old != "" {
			if v == "" {
				return
			}
			v = old + "\n" + v
		}
		out[f] = v
	}
	cur := free
	for _, line := range strings.Split(text, "\n") {
		if l, v, ok := labelledLine(cellLabelIndex(), line); ok {
			add(l.Field, v)
			if follow {
				cur = l.Field
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		add(cur, line)
	}
	return out
}

// labelledLine reads "Label: value" with a label from index.
func labelledLine(index map[string]templates.Label, line string) (templates.Label, string, bool) {
	head, rest, ok := strings.Cut(line, ":")
	if !ok || strings.TrimSpace(head) == "" || len([]rune(head)) > maxLabelRunes {
		return templates.Label{}, "", false
	}
	head = strings.TrimLeft(strings.TrimSpace(head), "•·▪-–*► ")
	l, ok := matchLabel(index, head)
	return l, strings.TrimSpace(rest), ok
}

// marks are what the status cell shows besides its text.
type marks struct {
	checked   bool          // a checked checkbox
	shapeText []string      // texts and alternative texts of shapes in the cell
	colors    []plan.Status // clear colours: the cell fill first, then markers
	colorFrom []string      // "cellens färg" or "symbolens färg", per colour
	unclear   []string      // fills that are neither clear nor white/grey, as RRGGBB
}

func (m marks) any() bool {
	return m.checked || len(m.shapeText) > 0 || len(m.colors) > 0 || len(m.unclear) > 0
}

// statusMarks collects the fill of the status cell and the shapes drawn on it.
func (d *deck) statusMarks(st *slideTable, c rowCell) marks {
	var m marks
	if !c.ok {
		return m
	}
	if s, ok := statusFromColor(c.info.Fill); ok {
		m.colors, m.colorFrom = append(m.colors, s), append(m.colorFrom, "cellens färg")
	} else if unclearColor(c.info.Fill) {
		m.unclear = append(m.unclear, c.info.Fill)
	}
	if c.info.Rect.W <= 0 || c.info.Rect.H <= 0 {
		return m
	}
	for _, sh := range st.slide.ShapesIn(c.info.Rect) {
		if sh.Placeholder != "" || sh.Kind == "cxnSp" {
			continue
		}
		if isCheckbox(sh) {
			if checkboxChecked(sh) {
				m.checked = true
			}
			continue
		}
		// The word may be the marker's text or its alternative text (our decks write
		// "Grön" as alt text so that screen readers say it).
		for _, t := range []string{sh.Text(), sh.Descr} {
			if t = strings.TrimSpace(t); t != "" {
				m.shapeText = append(m.shapeText, t)
			}
		}
		if sh.Kind == "pic" {
			continue
		}
		if s, ok := statusFromColor(sh.Fill); ok {
			m.colors, m.colorFrom = append(m.colors, s), append(m.colorFrom, "symbolens färg")
		} else if unclearColor(sh.Fill) {
			m.unclear = append(m.unclear, sh.Fill)
		}
	}
	return m
}

// isCheckbox recognises a checkbox shape by its name (our writer's "Checkbox" and
// "Checkbox empty", PowerPoint's and LibreOffice's names in English and Swedish).
func isCheckbox(sh pptx.ShapeInfo) bool {
	n := plan.Fold(sh.Name)
	return strings.HasPrefix(n, "checkbox") || strings.HasPrefix(n, "check box") || strings.HasPrefix(n, "kryssruta")
}

func checkboxChecked(sh pptx.ShapeInfo) bool {
	if strings.ContainsAny(sh.Text(), "☒☑✓✔") {
		return true
	}
	n := plan.Fold(sh.Name)
	for _, w := range []string{"empty", "unchecked", "tom", "omarkerad", "☐"} {
		if strings.Contains(n, w) {
			return false
		}
	}
	return true
}

// statusGlyphs are coloured symbols written before the status word ("● Grön"),
// which decks use so that the marker travels with its row.
const statusGlyphs = "●○◉⬤■□◆◇▲▼★• \u00a0\t"

// statusMixed stands for marks of different colours in one cell.
const statusMixed plan.Status = "mixed"

// status decides an activity's status from the written text and the marks. Text
// wins; a checkbox means Avslutad; a clear colour alone is used with a warning.
func (d *deck) status(text string, m marks, loc string) (plan.Status, bool) {
	field := templates.ActivityColumn(templates.ColStatus).Label
	colour := plan.StatusNone
	for i, c := range m.colors {
		if i == 0 {
			colour = c
		} else if c != colour {
			colour = statusMixed
		}
	}
	if text == "" {
		// A marker may carry the word ("G", "Röd") instead of the cell.
		for _, t := range m.shapeText {
			if _, err := plan.ParseStatus(t); err == nil {
				text = t
				break
			}
		}
	}
	if text != "" {
		s := parseStatusAt(text, loc, d.ps)
		switch {
		case s == plan.StatusNone:
		case m.checked && s != plan.StatusDone:
			d.ps.Warnf(loc, field, "Cellen har status %s men kryssrutan för Avslutad är markerad; texten används. Rätta texten eller ta bort krysset.", s.Label())
		case s != plan.StatusDone && colour != plan.StatusNone && colour != statusMixed && colour != s:
			d.ps.Warnf(loc, field, "Cellen har status %s men %s är %s; texten används. Rätta texten eller färgen så att de stämmer.",
				s.Label(), m.colorFrom[0], colorWord(colour))
		}
		return s, false
	}
	switch {
	case m.checked:
		return plan.StatusDone, false
	case colour == statusMixed:
		var words []string
		for i, c := range m.colors {
			words = append(words, m.colorFrom[i]+" "+colorWord(c))
		}
		d.ps.Errorf(loc, field, "Status kunde inte avgöras: cellen saknar text och visar flera färger (%s). Skriv Grön, Gul, Röd eller Avslutad i cellen.",
			strings.Join(words, ", "))
		return plan.StatusNone, false
	case colour != plan.StatusNone:
		d.ps.Warnf(loc, field, "Status tolkades från %s (%s) eftersom cellen saknar text; skriv Grön, Gul, Röd eller Avslutad i cellen så att statusen blir entydig.",
			m.colorFrom[0], colorWord(colour))
		return colour, true
	case len(m.unclear) > 0:
		d.ps.Errorf(loc, field, "Status saknas, och färgen #%s i cellen är inte tydligt grön, gul eller röd. Skriv Grön, Gul, Röd eller Avslutad i cellen.",
			m.unclear[0])
		return plan.StatusNone, false
	}
	return parseStatusAt("", loc, d.ps), false
}

func colorWord(s plan.Status) string {
	switch s {
	case plan.StatusGreen:
		return "grön"
	case plan.StatusYellow:
		return "gul"
	case plan.StatusRed:
		return "röd"
	}
	return "okänd"
}

// hsl parses "RRGGBB" into hue (degrees), saturation and lightness (0–1).
func hsl(hex string) (h, s, l float64, ok bool) {
	if len(hex) != 6 {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	r, g, b := float64(v>>16&0xff)/255, float64(v>>8&0xff)/255, float64(v&0xff)/255
	hi, lo := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l = (hi + lo) / 2
	if hi == lo {
		return 0, 0, l, true
	}
	delta := hi - lo
	s = delta / (1 - math.Abs(2*l-1))
	switch hi {
	case r:
		h = math.Mod((g-b)/delta, 6)
	case g:
		h = (b-r)/delta + 2
	default:
		h = (r-g)/delta + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, s, l, true
}

// statusFromColor classifies a fill as a traffic-light colour when it clearly is
// one: saturated, neither dark nor pale, with a hue well inside red, yellow or green.
// Orange, olive, pink and pastel tints are not clear.
func statusFromColor(hex string) (plan.Status, bool) {
	h, s, l, ok := hsl(hex)
	if !ok || s < 0.4 || l < 0.18 || l > 0.8 {
		return plan.StatusNone, false
	}
	switch {
	case h <= 12 || h >= 345:
		return plan.StatusRed, true
	case h >= 40 && h <= 65:
		return plan.StatusYellow, true
	case h >= 80 && h <= 165:
		return plan.StatusGreen, true
	}
	return plan.StatusNone, false
}

// unclearColor reports a fill that is coloured but not clearly a status: white,
// greys and near-black are ordinary backgrounds and say nothing.
func unclearColor(hex string) bool {
	_, s, l, ok := hsl(hex)
	return ok && s >= 0.15 && l > 0.1 && l < 0.92
}

// planValues reads the plan's own values from the slides: "Label: value" lines in
// text boxes (Programområde: …, Senast uppdaterad: …), label–value rows of other
// tables (the template's Uppgifter om planen), and the programme area from slide
// titles when no label names it. A table row with a label and no value is kept
// with its location, so that a missing value is reported where it belongs.
func (d *deck) planValues(planTables []*slideTable) rawPlan {
	raw := rawPlan{}
	isPlan := map[*pptx.TableInfo]bool{}
	for _, st := range planTables {
		isPlan[st.t] = true
	}
	set := func(f templates.Field, text, loc string) {
		if old, seen := raw[f]; !seen || (old.Text == "" && strings.TrimSpace(text) != "") {
			raw[f] = rawValue{Text: cleanText(text), Loc: loc}
		}
	}
	for _, s := range d.doc.Slides {
		loc := slideLoc(s.Number)
		for _, sh := range s.Shapes {
			for _, p := range sh.Paragraphs {
				for _, line := range strings.Split(p, "\n") {
					if l, v, ok := labelledLine(planIndex(), line); ok && v != "" {
						set(l.Field, v, loc)
					}
				}
			}
		}
		for ti := range s.Tables {
			t := &s.Tables[ti]
			if isPlan[t] {
				continue
			}
			labelRows(t, fmt.Sprintf("%s, tabell %d", loc, ti+1), set)
		}
	}

	if v, ok := raw[templates.PlanName]; ok && v.Text != "" {
		if canonical, display, found := resolveArea(v.Text, d.cat); found {
			v.Text = canonical
		} else if display != "" {
			v.Text = display
		}
		raw[templates.PlanName] = v
		return raw
	}
	// From the titles: the first that names a configured area. When none does, the
	// first title that looks like a plan's is reported as an unknown area.
	var unknown *rawValue
	for _, s := range d.doc.Slides {
		for _, title := range slideTitles(s) {
			// The blank template's "[programområde] [år]" names nothing.
			title = strings.Join(strings.Fields(rePlaceholder.ReplaceAllString(title, " ")), " ")
			canonical, display, found := resolveArea(title, d.cat)
			if found {
				raw[templates.PlanName] = rawValue{Text: canonical, Loc: slideLoc(s.Number)}
				return raw
			}
			if unknown == nil && display != "" && looksLikePlanTitle(title) {
				unknown = &rawValue{Text: display, Loc: slideLoc(s.Number)}
			}
		}
	}
	if unknown != nil {
		raw[templates.PlanName] = *unknown
	}
	return raw // without a name, checkPlan reports it missing where its row or the plan is
}

// labelRows reads the label–value rows of a table that is not a plan table: a cell
// naming a plan label (its first line: the template puts help under it), the value
// in the next cell to its right. A one-line cell "Label: value" counts too.
// Locations name the value's cell, its column by the header row's heading when the
// table has one.
func labelRows(t *pptx.TableInfo, tloc string, set func(templates.Field, string, string)) {
	isLabel := func(text string) bool {
		_, ok := matchLabel(planIndex(), text)
		_, _, ok2 := labelledLine(planIndex(), text)
		return ok || ok2
	}
	heads := map[int]string{} // the header row's headings, when the first row is one
	if len(t.Rows) > 1 {
		for c, cell := range t.Rows[0].Cells {
			text := cleanText(cell.Text())
			if isLabel(text) {
				heads = map[int]string{} // a label row: there is no header
				break
			}
			heads[c] = oneLine(text)
		}
	}
	for r, row := range t.Rows {
		if r == 0 && len(heads) > 0 {
			continue
		}
		colName := func(c int) string {
			if h := heads[c]; h != "" {
				return h
			}
			return strconv.Itoa(c + 1)
		}
		cellLoc := func(c int) string { return fmt.Sprintf("%s, rad %d, kolumn %s", tloc, r+1, colName(c)) }
		for c, cell := range row.Cells {
			if cell.HMerge || cell.VMerge {
				continue
			}
			text := cleanText(cell.Text())
			if l, v, ok := labelledLine(planIndex(), text); ok && !strings.Contains(text, "\n") && v != "" {
				set(l.Field, v, cellLoc(c))
				break
			}
			l, ok := matchLabel(planIndex(), text)
			if !ok {
				continue
			}
			value, at := "", c+1
			for k := c + 1; k < len(row.Cells); k++ {
				if row.Cells[k].HMerge {
					continue
				}
				v := cleanText(row.Cells[k].Text())
				if v != "" && (l.Help == "" || plan.Fold(v) != plan.Fold(l.Help)) {
					value, at = v, k
					break
				}
			}
			if at < len(row.Cells) {
				set(l.Field, value, cellLoc(at))
			}
			break
		}
	}
}

// slideTitles are the texts that may name the plan on a slide: the title
// placeholder, else a text box mentioning "handlingsplan" (decks made without
// layouts put the title in an ordinary text box).
func slideTitles(s *pptx.SlideInfo) []string {
	if t := strings.TrimSpace(s.Title); t != "" {
		return []string{strings.Join(strings.Fields(t), " ")}
	}
	var out []string
	for _, sh := range s.Shapes {
		for _, p := range sh.Paragraphs {
			if strings.Contains(strings.ToLower(p), "handlingsplan") && len(p) < 300 {
				out = append(out, strings.Join(strings.Fields(p), " "))
			}
		}
	}
	return out
}

var (
	reYear      = regexp.MustCompile(`\b(19|20)\d\d(\s*[-–—/]\s*((19|20)?\d\d))?\b`)
	reForts     = regexp.MustCompile(`(?i)\(?\s*\bforts(\.|ättning)?\s*\)?`)
	rePlanWord  = regexp.MustCompile(`(?i)(regional\s+)?handlingsplan(en|er|erna)?(\s+för)?`)
	reEdgePunct = regexp.MustCompile(`^[\s\-–—:;,./|]+|[\s\-–—:;,./|]+$`)
	// rePlaceholder is a template's bracketed placeholder, e.g. "[programområde]".
	rePlaceholder = regexp.MustCompile(`\[[^\]]{0,40}\]`)
)

// planTitleText strips a title to the name it holds: "Handlingsplan – RPO Psykisk
// hälsa 2026 (forts.)" gives "RPO Psykisk hälsa".
func planTitleText(s string) string {
	s = rePlanWord.ReplaceAllString(s, " ")
	s = reForts.ReplaceAllString(s, " ")
	s = reYear.ReplaceAllString(s, " ")
	s = strings.Join(strings.Fields(s), " ")
	for i := 0; i < 3; i++ {
		s = strings.Join(strings.Fields(reEdgePunct.ReplaceAllString(s, "")), " ")
	}
	return s
}

// nameWords normalises a name for substring search: folded, punctuation as spaces.
func nameWords(s string) string {
	s = plan.Fold(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// resolveArea finds the configured programme area a text names: the stripped text
// itself, or the longest configured name (with or without its RPO/RMPO/RSG prefix)
// found in it as whole words. display is the stripped text, for messages.
func resolveArea(text string, cat *plan.Catalog) (canonical, display string, ok bool) {
	display = planTitleText(text)
	if c, _, ok := cat.Area(display); ok {
		return c, display, true
	}
	hay := " " + nameWords(text) + " "
	best, bestLen := "", 0
	for _, a := range cat.AllAreas() {
		full := nameWords(a)
		cands := []string{full}
		if first, rest, cut := strings.Cut(full, " "); cut && (first == "rpo" || first == "rmpo" || first == "rsg") {
			cands = append(cands, rest)
		}
		for _, c := range cands {
			if c != "" && len(c) > bestLen && strings.Contains(hay, " "+c+" ") {
				best, bestLen = a, len(c)
			}
		}
	}
	if best == "" {
		return "", display, false
	}
	c, _, ok := cat.Area(best)
	return c, display, ok
}

// looksLikePlanTitle reports whether a title is meant to name a plan, so that an
// unknown name in it is an error rather than an ordinary heading.
func looksLikePlanTitle(title string) bool {
	w := " " + nameWords(title) + " "
	for _, k := range []string{" handlingsplan", " rpo ", " rmpo ", " rsg ", " programområde ", " samverkansgrupp "} {
		if strings.Contains(w, k) {
			return true
		}
	}
	return false
}

// promiseFinder recognises patient promises inside free text: ids (P2), "Patientlöfte 2"
// and full titles.
type promiseFinder struct {
	titles []*regexp.Regexp
	ids    []string // promise id per title pattern
}

var (
	reLofteNum   = regexp.MustCompile(`(?i)patientlöfte(?:t|n)?\s*(?:nr\.?|nummer)?\s*(\d{1,3}(?:\s*(?:,|;|&|/|och|samt)\s*\d{1,3})*)\b`)
	reDigits     = regexp.MustCompile(`\d+`)
	rePromiseID  = regexp.MustCompile(`(?i)\bP(\d{1,3})\b`)
	reListHeader = regexp.MustCompile(`(?i)^\s*(?:patientlöften|patientlöfte|löften)\s*:\s*`)
	reEmptyParen = regexp.MustCompile(`[(\[]\s*[,;/&+\s]*(och\s*)*[,;/&+\s]*[)\]]`)
)

func newPromiseFinder(cat *plan.Catalog) *promiseFinder {
	f := &promiseFinder{}
	for _, p := range cat.Promises {
		words := strings.Fields(p.Title)
		if len(words) == 0 {
			continue
		}
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		re, err := regexp.Compile(`(?i)` + strings.Join(words, `\s+`))
		if err != nil {
			continue
		}
		f.titles = append(f.titles, re)
		f.ids = append(f.ids, p.ID)
	}
	return f
}

// split reads the combined "Prioriterat område och patientlöften" cell: promise
// references anywhere in it (lines after "Patientlöften:" are all references), and the
// rest as the area's title. refs are for parsePromisesAt: ids, numbers, or the text of
// an unrecognised list item (which it reports).
func (f *promiseFinder) split(text string) (title string, refs []string) {
	var titleLines []string
	inList := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "•·▪◦►*"))
		if line == "" {
			continue
		}
		list := inList
		if m := reListHeader.FindStringIndex(line); m != nil {
			list, inList = true, true
			line = line[m[1]:]
		}
		found, rest := f.find(line)
		refs = append(refs, found...)
		rest = strings.TrimSpace(reEmptyParen.ReplaceAllString(rest, " "))
		leftover := strings.Join(strings.Fields(reEdgePunct.ReplaceAllString(rest, "")), " ")
		switch {
		case list:
			for _, item := range strings.FieldsFunc(leftover, func(r rune) bool { return r == ';' || r == ',' || r == '/' }) {
				item = strings.TrimSpace(strings.Trim(item, " .:-–—•"))
				if item != "" && plan.Fold(item) != "och" {
					refs = append(refs, strings.TrimPrefix(strings.TrimPrefix(item, "och "), "samt "))
				}
			}
		case len(found) > 0 && onlySeparators(leftover):
		case len(found) > 0:
			titleLines = append(titleLines, leftover)
		default:
			titleLines = append(titleLines, line)
		}
	}
	return strings.Join(titleLines, " "), refs
}

// find returns the promise references in a line and the line without them.
func (f *promiseFinder) find(line string) ([]string, string) {
	var refs []string
	for i, re := range f.titles {
		if re.MatchString(line) {
			refs = append(refs, f.ids[i])
			line = re.ReplaceAllString(line, " ")
		}
	}
	line = reLofteNum.ReplaceAllStringFunc(line, func(m string) string {
		refs = append(refs, reDigits.FindAllString(reLofteNum.FindStringSubmatch(m)[1], -1)...)
		return " "
	})
	line = rePromiseID.ReplaceAllStringFunc(line, func(m string) string {
		refs = append(refs, strings.ToUpper(m))
		return " "
	})
	return refs, line
}

// onlySeparators reports whether what is left of a line holds no words but "och".
func onlySeparators(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if f := strings.ToLower(w); f != "och" && f != "samt" && f != "patientlöften" && f != "patientlöfte" {
			return false
		}
	}
	return true
}
