// Package templates holds the contract of the templates staff fill in – sheet names,
// labels and their accepted synonyms, the PowerPoint table headings – and the fonts
// that our documents embed. Readers in sources/ and writers in generator/ both use
// it, so the blank template we hand out and the reader can never disagree.
package templates

import "handlingsplan/plan"

// Field identifies one value of the template.
type Field string

// Label is a field's heading in the template with the other spellings accepted on input.
type Label struct {
	Field    Field
	Label    string   // as written in the blank template
	Synonyms []string // also accepted when reading
	Required bool
	Width    float64 // column width in the Excel template (characters)
	Help     string  // Swedish help text for the instructions sheet
}

// Matches reports whether a heading written by a user names this field.
func (l Label) Matches(heading string) bool {
	h := plan.Fold(heading)
	if h == "" {
		return false
	}
	if h == plan.Fold(l.Label) {
		return true
	}
	for _, s := range l.Synonyms {
		if h == plan.Fold(s) {
			return true
		}
	}
	return false
}

// Sheet names of the Excel template.
const (
	SheetPlan         = "Plan"
	SheetActivities   = "Aktiviteter"
	SheetInstructions = "Instruktioner"
	SheetLists        = "Listor"
)

// SheetActivitiesSynonyms are other accepted names of the activities sheet.
var SheetActivitiesSynonyms = []string{"Handlingsplan"}

// Fields of the Plan sheet.
const (
	PlanName         Field = "name"
	PlanKind         Field = "kind"
	PlanNational     Field = "national"
	PlanForum        Field = "forum"
	PlanContact      Field = "contact"
	PlanEmail        Field = "email"
	PlanUpdated      Field = "updated"
	PlanPeriod       Field = "period"
	PlanCoopNational Field = "coop_national"
	PlanCoopRegional Field = "coop_regional"
	PlanCoopLocal    Field = "coop_local"
	PlanCoopPatients Field = "coop_patients"
	PlanComments     Field = "comments"
)

// PlanLabels are the rows of the Plan sheet: label in column A, value in column B.
var PlanLabels = []Label{
	{Field: PlanName, Label: "Programområde/samverkansgrupp", Synonyms: []string{"Programområde", "Samverkansgrupp", "Programområde / samverkansgrupp"}, Required: true,
		Help: "Namnet på programområdet eller samverkansgruppen, t.ex. RPO Psykisk hälsa."},
	{Field: PlanKind, Label: "Typ", Help: "RPO, RMPO eller RSG."},
	{Field: PlanNational, Label: "Nationellt programområde/samverkansgrupp", Synonyms: []string{"NPO/NSG", "Nationellt programområde", "Nationell samverkansgrupp"},
		Help: "Motsvarande nationellt programområde (NPO) eller nationell samverkansgrupp (NSG)."},
	{Field: PlanForum, Label: "Kunskapsråd", Synonyms: []string{"Forum", "Rapporterar till"}, Help: "Det kunskapsråd planen redovisas för (RSL för samverkansgrupper)."},
	{Field: PlanContact, Label: "Kontaktperson", Help: "Den som svarar på frågor om planen, t.ex. programområdets ordförande."},
	{Field: PlanEmail, Label: "E-post", Synonyms: []string{"Epost", "E-postadress", "Mejl"}, Help: "Kontaktpersonens e-postadress."},
	{Field: PlanUpdated, Label: "Senast uppdaterad", Synonyms: []string{"Uppdaterad", "Datum"}, Help: "Datum då planen senast uppdaterades, t.ex. 2026-03-01."},
	{Field: PlanPeriod, Label: "Planperiod", Help: "T.ex. 2026–2027."},
	{Field: PlanCoopNational, Label: "Samverkan – NPO och nationella aktörer", Help: "Samverkan med NPO och andra aktörer på nationell nivå (t.ex. myndigheter)."},
	{Field: PlanCoopRegional, Label: "Samverkan – andra RPO och samverkansgrupper", Help: "Samverkan med andra RPO och sjukvårdsregionala samverkansgrupper."},
	{Field: PlanCoopLocal, Label: "Samverkan – kommuner och lokala partners", Help: "Samverkan med kommuner och andra lokala samarbetspartners."},
	{Field: PlanCoopPatients, Label: "Samverkan – patientföreträdare", Help: "Samverkan med patientföreträdare."},
	{Field: PlanComments, Label: "Övriga kommentarer", Help: "Annat som kunskapsrådet bör känna till om planen."},
}

// Fields of the Aktiviteter sheet.
const (
	ColNationalArea   Field = "national_area"
	ColArea           Field = "area"
	ColPromises       Field = "promises"
	ColActivity       Field = "activity"
	ColSchedule       Field = "schedule"
	ColCooperation    Field = "cooperation"
	ColMethod         Field = "method"
	ColIndicators     Field = "indicators"
	ColGoal           Field = "goal"
	ColResponsible    Field = "responsible"
	ColResult         Field = "result"
	ColStatus         Field = "status"
	ColComment        Field = "comment"
	ColSupport        Field = "support"
	ColConsCitizens   Field = "cons_citizens"
	ColConsOperations Field = "cons_operations"
	ColConsGovernance Field = "cons_governance"
	ColFinalReport    Field = "final_report"
	ColImpact         Field = "impact"
	ColImpactDetail   Field = "impact_detail"
)

// ActivityColumns are the columns of the Aktiviteter sheet in template order.
var ActivityColumns = []Label{
	{Field: ColNationalArea, Label: "Nationellt insatsområde", Width: 22, Help: "Insatsområde från NPO/NSG:s verksamhetsplan. Lämnas tomt om det prioriterade området inte utgår från ett nationellt insatsområde."},
	{Field: ColArea, Label: "Prioriterat område", Required: true, Width: 26, Help: "Skriv området på första raden; följande rader med tomt område hör till samma område."},
	{Field: ColPromises, Label: "Patientlöften", Width: 14, Help: "Vilka patientlöften aktiviteten avser att påverka, t.ex. P2; P4 (id, nummer eller exakt titel)."},
	{Field: ColActivity, Label: "Aktivitet", Synonyms: []string{"Aktiviteter"}, Required: true, Width: 40, Help: "Hur det sjukvårdsregionala arbetet bedrivs. Kortfattat; hänvisa till projektplan för detaljer."},
	{Field: ColSchedule, Label: "Tidplan", Width: 16, Help: "När aktiviteten genomförs, t.ex. 2026–2027 eller Hösten 2026."},
	{Field: ColCooperation, Label: "Samverkan", Width: 24, Help: "Vilka aktiviteten genomförs tillsammans med, t.ex. RPO Primärvård eller kommunerna."},
	{Field: ColMethod, Label: "Uppföljning – metod", Synonyms: []string{"Uppföljning", "Uppföljningsmetod"}, Width: 26, Help: "Hur resultatet mäts, t.ex. ett kvalitetsregister eller journalgranskning."},
	{Field: ColIndicators, Label: "Kvalitetsindikatorer", Synonyms: []string{"Kvalitetsindikator", "Indikatorer"}, Width: 24, Help: "Vad som mäts, t.ex. andel patienter med vårdplan."},
	{Field: ColGoal, Label: "Mål", Width: 24, Help: "Ett mätbart mål, t.ex. ≥ 90 % inom 30 dagar."},
	{Field: ColResponsible, Label: "Mätansvarig", Width: 18, Help: "Vem som tar fram mätningen."},
	{Field: ColResult, Label: "Resultat", Width: 26, Help: "Senaste mätningen i samma mått som målet, med datum."},
	{Field: ColStatus, Label: "Status", Required: true, Width: 12, Help: "Grön (enligt plan), Gul (pågår med mindre problem), Röd (allvarliga problem) eller Avslutad."},
	{Field: ColComment, Label: "Kommentar", Synonyms: []string{"Kommentarer"}, Width: 36, Help: "Resultat, utveckling, behov av samverkan eller ledningsstöd, framgångsfaktorer eller hinder."},
	{Field: ColSupport, Label: "Behov av ledningsstöd", Synonyms: []string{"Ledningsstöd"}, Width: 13, Help: "Ja eller Nej."},
	{Field: ColConsCitizens, Label: "Konsekvenser – invånare, patienter och närstående", Width: 26, Help: "Vad aktiviteten innebär för invånare, patienter och närstående."},
	{Field: ColConsOperations, Label: "Konsekvenser – verksamhet och medarbetare", Width: 26, Help: "Vad aktiviteten innebär för verksamheterna och medarbetarna."},
	{Field: ColConsGovernance, Label: "Konsekvenser – styrning och ledning", Width: 26, Help: "Beslut eller uppföljning som behövs av ledningen."},
	{Field: ColFinalReport, Label: "Slutrapport och utvärdering", Width: 26, Help: "När aktiviteten är avslutad: vad den gav och hur arbetet förs vidare."},
	{Field: ColImpact, Label: "Påverkan på överenskommelsen", Width: 22, Help: "Ingen, Verksamhetsförändring, Finansiell förändring eller Arbetsfördelning/nivåstrukturering."},
	{Field: ColImpactDetail, Label: "Beskrivning av förändring", Width: 32, Help: "Beskriv förändringen om aktiviteten påverkar överenskommelsen."},
}

// Headings of the table in the region's PowerPoint template (SPEC §3.2).
const (
	SlideNationalArea = "Nationellt insatsområde"
	SlideAreaPromises = "Prioriterat område och patientlöften"
	SlideActivities   = "Aktiviteter"
	SlideFollowUp     = "Uppföljning"
	SlideStatus       = "Status"
	SlideComment      = "Kommentar"
)

// SlideHeadings are the required headings of a plan table on a slide, in order.
var SlideHeadings = []string{SlideNationalArea, SlideAreaPromises, SlideActivities, SlideFollowUp, SlideStatus}

// PlanLabel returns the Plan-sheet label of a field.
func PlanLabel(f Field) Label { return find(PlanLabels, f) }

// ActivityColumn returns the Aktiviteter column of a field.
func ActivityColumn(f Field) Label { return find(ActivityColumns, f) }

func find(ls []Label, f Field) Label {
	for _, l := range ls {
		if l.Field == f {
			return l
		}
	}
	panic("templates: unknown field " + string(f))
}
