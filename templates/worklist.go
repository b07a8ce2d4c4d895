package templates

// The SVN package's working list (the workbook's sheet of proposals) is also
// read back: its Bedömning and Beslut columns record steps of each proposal's
// decision trail (SPEC §7). These are the headings the generator writes and the
// reader looks for, in one place.
//
// Mapping: Bedömning is RSL's preparation (steget "beredd i RSL", an
// assessment: Tillstyrks, Tillstyrks delvis, Avstyrks, Utreds vidare) with its
// day in Bedömningsdatum; Beslut is SVN's decision (steget "beslutad i SVN":
// Bifall, Avslag, Bordlagd) with its day in Beslutsdatum. Anteckning is the
// note of the latest of the two the row records. The council's step (bedömd i
// KR) is recorded on the web page or the command line, not in the list.
const (
	WorkListSheet        = "Förslag till överenskommelse"
	WorkHeadPlan         = "Programområde/samverkansgrupp"
	WorkHeadState        = "Beslutsläge"
	WorkHeadAssessment   = "Bedömning"
	WorkHeadAssessedOn   = "Bedömningsdatum"
	WorkHeadDecision     = "Beslut"
	WorkHeadDecidedOn    = "Beslutsdatum"
	WorkHeadNote         = "Anteckning"
	WorkHeadActivityID   = "Aktivitets-id"
	WorkHeadActivityText = "Aktivitet"
)
