package sources

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// This file holds the validation shared by the Excel and PowerPoint readers: a reader
// finds values and where they are, these functions decide what they mean and word
// the problems. Every function takes the location to report, so the same message
// reads "Aktiviteter!L7" in a workbook and "bild 3, tabell 1, rad 4, kolumn Status"
// in a deck.

// rawValue is a plan-level value as written in a file, with where it was found.
type rawValue struct {
	Text string
	Loc  string    // e.g. "Plan!B3"; "" when the label is not in the file
	Date time.Time // a real date the reader found (an Excel date cell); zero otherwise
}

// rawPlan holds a plan's own values by field, as read and before validation.
type rawPlan map[templates.Field]rawValue

// planWhere says where a reader looked, for problems about missing things.
type planWhere struct {
	PlanSheet   string // where the plan's own values are, e.g. "Plan" or "bild 1"; "" when missing (already reported)
	Body        string // where activities are, e.g. "Aktiviteter"; "" when not found (already reported)
	MissingName string // how to add a missing programme area, in the reader's terms
}

// checkPlan turns the plan-level values into p and checks the plan as a whole: the
// programme area against the catalog (p.Name gets the canonical name), the type,
// the forum, the date, and that there is something in it. It runs after the
// reader has filled p.Areas.
func checkPlan(p *plan.Plan, raw rawPlan, cat *plan.Catalog, ps *plan.Problems, w planWhere) {
	text := func(f templates.Field) string { return strings.TrimSpace(raw[f].Text) }
	loc := func(f templates.Field) string {
		if l := raw[f].Loc; l != "" {
			return l
		}
		return w.PlanSheet
	}
	label := func(f templates.Field) string { return templates.PlanLabel(f).Label }

	p.National = text(templates.PlanNational)
	p.Forum = text(templates.PlanForum)
	p.Contact = text(templates.PlanContact)
	p.Email = text(templates.PlanEmail)
	p.Period = text(templates.PlanPeriod)
	p.Comments = text(templates.PlanComments)
	p.Cooperation = plan.Cooperation{
		National: text(templates.PlanCoopNational),
		Regional: text(templates.PlanCoopRegional),
		Local:    text(templates.PlanCoopLocal),
		Patients: text(templates.PlanCoopPatients),
	}

	// Programme area: required and must be configured.
	var forum *plan.Forum
	name := text(templates.PlanName)
	p.Name = name
	switch {
	case name == "" && w.PlanSheet == "":
		// the missing sheet was reported
	case name == "":
		hint := w.MissingName
		if hint == "" {
			hint = "Skriv programområdets eller samverkansgruppens namn, t.ex. RPO Psykisk hälsa."
		}
		ps.Errorf(loc(templates.PlanName), label(templates.PlanName), "Programområde/samverkansgrupp saknas. %s", hint)
	default:
		canonical, f, ok := cat.Area(name)
		if !ok {
			ps.Errorf(loc(templates.PlanName), label(templates.PlanName),
				"Okänt programområde eller samverkansgrupp %q. Skriv namnet så som det står i konfigurationen (med eller utan RPO/RSG), ett av: %s. "+
					"Saknas området i listan, kontakta administratören.", name, strings.Join(cat.AllAreas(), ", "))
		} else {
			p.Name, forum = canonical, f
		}
	}

	// Kind: from Typ when written, else from the name's prefix.
	p.Kind = plan.KindOf(p.Name)
	if t := text(templates.PlanKind); t != "" {
		k, ok := parseKind(t)
		switch {
		case !ok:
			ps.Errorf(loc(templates.PlanKind), label(templates.PlanKind), "Okänd typ %q. Skriv RPO, RMPO eller RSG.", t)
		case forum != nil && (k == plan.KindRSG) != (p.Kind == plan.KindRSG):
			ps.Warnf(loc(templates.PlanKind), label(templates.PlanKind),
				"Typen %s stämmer inte med %s, som är %s enligt konfigurationen; %s används. Rätta fältet Typ.",
				k, p.Name, p.Kind, p.Kind)
		default:
			p.Kind = k
		}
	}

	// Forum: the configuration decides; a different one in the file is worth a warning.
	if forum != nil {
		switch written := p.Forum; {
		case written == "":
			p.Forum = forum.Name
		default:
			if f, ok := cat.Forum(written); !ok || f.Name != forum.Name {
				ps.Warnf(loc(templates.PlanForum), label(templates.PlanForum),
					"Filen anger %q men %s redovisas för %s enligt konfigurationen; planen tas med i underlaget till %s. "+
						"Rätta fältet, eller be administratören ändra konfigurationen om området har bytt forum.",
					written, p.Name, forum.Name, forum.Name)
			}
		}
	}

	// Senast uppdaterad: optional, but its absence is worth a warning.
	upd := raw[templates.PlanUpdated]
	switch t := strings.TrimSpace(upd.Text); {
	case !upd.Date.IsZero():
		p.Updated = upd.Date
	case t == "" && w.PlanSheet == "":
	case t == "":
		ps.Warnf(loc(templates.PlanUpdated), label(templates.PlanUpdated),
			"Datum för senast uppdaterad saknas; mottagningsdatum används i stället. Skriv datumet, t.ex. 2026-03-01.")
	default:
		d, ok := parseDate(t)
		if ok {
			p.Updated = d
		} else {
			ps.Warnf(loc(templates.PlanUpdated), label(templates.PlanUpdated),
				"Datumet %q kunde inte tolkas; mottagningsdatum används i stället. Skriv datumet som 2026-03-01 eller 1 mars 2026.", t)
		}
	}

	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " \n")) {
		ps.Warnf(loc(templates.PlanEmail), label(templates.PlanEmail),
			"%q ser inte ut som en e-postadress. Skriv en adress som fornamn.efternamn@region.se.", p.Email)
	}

	if w.Body != "" && p.ActivityCount() == 0 {
		ps.Errorf(w.Body, "", "Planen innehåller inga aktiviteter. Fyll i minst en rad med prioriterat område, aktivitet och status.")
	}
	for _, a := range p.Areas {
		if len(a.Activities) == 0 {
			ps.Warnf(w.Body, templates.ActivityColumn(templates.ColArea).Label,
				"Det prioriterade området %q har inga aktiviteter. Lägg till minst en aktivitet eller ta bort området.", a.Title)
		}
	}
}

// parseKind reads a Typ value.
func parseKind(s string) (plan.Kind, bool) {
	switch plan.Fold(s) {
	case "rpo", "regionalt programområde", "programområde":
		return plan.KindRPO, true
	case "rmpo", "regionalt medicinskt programområde":
		return plan.KindRMPO, true
	case "rsg", "regional samverkansgrupp", "samverkansgrupp", "sjukvårdsregional samverkansgrupp":
		return plan.KindRSG, true
	}
	return "", false
}

// parseStatusAt reads a status written at loc; empty or unknown is an error that
// lists the accepted words.
func parseStatusAt(text, loc string, ps *plan.Problems) plan.Status {
	field := templates.ActivityColumn(templates.ColStatus).Label
	if strings.TrimSpace(text) == "" {
		ps.Errorf(loc, field, "Status saknas. Ange %s.", plan.AcceptedStatusWords)
		return plan.StatusNone
	}
	s, err := plan.ParseStatus(text)
	if err != nil {
		ps.Errorf(loc, field, "Okänd status %q. Ange %s.", oneLine(text), plan.AcceptedStatusWords)
		return plan.StatusNone
	}
	return s
}

// parseYesNoAt reads a ja/nej value written at loc.
func parseYesNoAt(text, loc, field string, ps *plan.Problems) bool {
	v, err := plan.ParseYesNo(text)
	if err != nil {
		ps.Errorf(loc, field, "Okänt värde %q. Skriv Ja eller Nej (tomt betyder Nej).", oneLine(text))
	}
	return v
}

// parseImpactAt reads a påverkan value written at loc.
func parseImpactAt(text, loc, field string, ps *plan.Problems) plan.Impact {
	v, err := plan.ParseImpact(text)
	if err != nil {
		ps.Errorf(loc, field, "Okänd påverkan %q. Välj något av: %s.", oneLine(text), strings.Join(plan.ImpactChoices(), ", "))
	}
	return v
}

// parsePromisesAt reads patient promise references separated by ";", "," or line
// breaks. A reference is an id (P2), a number (2) or an exact title; "P2 Du får
// vård i rätt tid" is accepted by its id. Unknown references are errors at loc.
func parsePromisesAt(text, loc, field string, cat *plan.Catalog, ps *plan.Problems) []string {
	var ids []string
	seen := map[string]bool{}
	for _, ref := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '\r' }) {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			continue
		}
		p, ok := cat.Promise(ref)
		if !ok {
			if first, _, cut := strings.Cut(strings.NewReplacer("–", " ", "—", " ", ":", " ", "-", " ").Replace(ref), " "); cut {
				p, ok = cat.Promise(first)
			}
		}
		if !ok {
			var known []string
			for _, q := range cat.Promises {
				known = append(known, q.ID+" "+q.Title)
			}
			ps.Errorf(loc, field, "Okänt patientlöfte %q. Ange id (t.ex. P2), nummer eller exakt titel, separerade med semikolon; "+
				"giltiga patientlöften är: %s.", ref, strings.Join(known, "; "))
			continue
		}
		if !seen[p.ID] {
			seen[p.ID] = true
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// checkGoal warns when an activity's mål is missing or has nothing measurable in it.
func checkGoal(goal, loc string, ps *plan.Problems) {
	field := templates.ActivityColumn(templates.ColGoal).Label
	switch {
	case strings.TrimSpace(goal) == "":
		ps.Warnf(loc, field, "Mål saknas. Skriv ett mätbart mål, t.ex. ”minst 90 %% av patienterna inom 30 dagar”.")
	case !measurable(goal):
		ps.Warnf(loc, field, "Målet %q innehåller inget mätbart värde. Ange ett tal, en andel eller en nivå, t.ex. ”minst 90 %% inom 30 dagar”.",
			oneLine(goal))
	}
}

// measureWords count as measurable even without a digit.
var measureWords = map[string]bool{
	"alla": true, "samtliga": true, "hälften": true, "halvera": true, "halveras": true, "fördubbla": true,
	"fördubblas": true, "noll": true, "ingen": true, "inga": true, "två": true, "tre": true, "fyra": true,
	"fem": true, "tio": true, "hundra": true, "procent": true,
}

func measurable(s string) bool {
	if strings.ContainsAny(s, "%‰") {
		return true
	}
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if measureWords[w] {
			return true
		}
	}
	return false
}

// oneLine shortens a value for a message: line breaks as spaces, at most 80 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	return s
}

// areaRow is the area part of one table row.
type areaRow struct {
	Title    string
	TitleLoc string
	National string
	NatLoc   string
	Promises []string // ids, already checked
}

// areaBuilder groups rows into prioritised areas: consecutive rows with the same
// or an empty area belong together; a title seen before joins its earlier area.
type areaBuilder struct {
	areas    []plan.Area
	cur      int  // index of the current area, -1 before the first
	orphaned bool // rows without an area before the first one were reported
}

func newAreaBuilder() *areaBuilder { return &areaBuilder{cur: -1} }

// add places a row and its activity (nil for a row that only names an area).
func (b *areaBuilder) add(r areaRow, act *plan.Activity, ps *plan.Problems) {
	field := templates.ActivityColumn(templates.ColArea).Label
	title := strings.TrimSpace(r.Title)
	switch {
	case title == "" && b.cur < 0:
		if b.orphaned {
			return // reported once, at the first such row
		}
		b.orphaned = true
		ps.Errorf(r.TitleLoc, field, "Prioriterat område saknas på första raden. Skriv områdets namn; följande rader med tomt område hör till samma område.")
		return
	case title == "" || (b.cur >= 0 && plan.Fold(title) == plan.Fold(b.areas[b.cur].Title)):
		// continues the current area
	default:
		b.cur = -1
		for i := range b.areas {
			if plan.Fold(b.areas[i].Title) == plan.Fold(title) {
				b.cur = i
				ps.Warnf(r.TitleLoc, field, "Det prioriterade området %q förekommer på flera ställen; raderna slås ihop till ett område. "+
					"Lägg ett områdes rader direkt efter varandra.", oneLine(title))
				break
			}
		}
		if b.cur < 0 {
			b.areas = append(b.areas, plan.Area{Title: title})
			b.cur = len(b.areas) - 1
		}
	}
	a := &b.areas[b.cur]
	if nat := strings.TrimSpace(r.National); nat != "" {
		switch {
		case a.NationalArea == "":
			a.NationalArea = nat
		case plan.Fold(nat) != plan.Fold(a.NationalArea):
			ps.Warnf(r.NatLoc, templates.ActivityColumn(templates.ColNationalArea).Label,
				"Området %q har redan nationellt insatsområde %q; %q används inte. Ett prioriterat område har ett nationellt insatsområde.",
				oneLine(a.Title), oneLine(a.NationalArea), oneLine(nat))
		}
	}
	for _, id := range r.Promises {
		if !contains(a.Promises, id) {
			a.Promises = append(a.Promises, id)
		}
	}
	if act != nil {
		a.Activities = append(a.Activities, *act)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var swedishMonths = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "february": 2,
	"mars": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"maj": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"augusti": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var (
	reDayMonthYear = regexp.MustCompile(`^(\d{1,2})(?::?[ae])?\.?\s+([a-zåäö]+)\.?\s+(\d{4})$`)
	reMonthYear    = regexp.MustCompile(`^([a-zåäö]+)\.?\s+(\d{4})$`)
	reNumeric      = regexp.MustCompile(`^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$`)
)

// parseDate reads a date written as text: 2026-03-01, 2026-03-01 00:00, 20260301,
// 1/3/2026 or 1.3.2026 (day first, the Swedish order), 1 mars 2026, 1:a mars 2026
// or mars 2026 (the first of the month).
func parseDate(s string) (time.Time, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " ")) // "T" and "Z" of ISO 8601
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return dateOnly(t.Year(), t.Month(), t.Day())
		}
	}
	s = strings.ToLower(s)
	if m := reNumeric.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		if len(m[1]) == 4 {
			return dateOnly(a, time.Month(b), c) // 2026-03-01, 2026/3/1
		}
		if len(m[3]) == 4 {
			return dateOnly(c, time.Month(b), a) // 1/3/2026, 1.3.2026
		}
		return time.Time{}, false
	}
	if m := reDayMonthYear.FindStringSubmatch(s); m != nil {
		mon, ok := swedishMonths[m[2]]
		if !ok {
			return time.Time{}, false
		}
		d, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[3])
		return dateOnly(y, mon, d)
	}
	if m := reMonthYear.FindStringSubmatch(s); m != nil {
		mon, ok := swedishMonths[m[1]]
		if !ok {
			return time.Time{}, false
		}
		y, _ := strconv.Atoi(m[2])
		return dateOnly(y, mon, 1)
	}
	return time.Time{}, false
}

// dateOnly builds a date at midnight UTC, refusing impossible dates (31 april) and
// years far from now.
func dateOnly(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return time.Time{}, false
	}
	return t, true
}
