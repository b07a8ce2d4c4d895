package report

import "handlingsplan/plan"

// SectionKind is what a section shows; each renderer has one way to draw each kind.
type SectionKind string

// The kinds of section.
const (
	SectionOverview        SectionKind = "overview"         // programme areas with counts and flags (RSL: per forum too, with charts)
	SectionPlanFacts       SectionKind = "plan_facts"       // the plan's own fields: contact, period, samverkan, comments
	SectionPlans           SectionKind = "plans"            // every plan in full, in the template's headings
	SectionChanges         SectionKind = "changes"          // what changed, activity by activity
	SectionChangeCounts    SectionKind = "change_counts"    // what changed, counted per plan
	SectionFlagged         SectionKind = "flagged"          // missing and out-of-date plans
	SectionAttention       SectionKind = "attention"        // red and yellow activities
	SectionSupport         SectionKind = "support"          // activities asking for ledningsstöd
	SectionProposalSummary SectionKind = "proposal_summary" // proposals counted by kind
	SectionProposals       SectionKind = "proposals"        // activities with påverkan på överenskommelsen
)

// Section is one part of a report, in the order every output shows it: a group of
// slides in the deck (a PowerPoint section), a top-level bookmark in the PDF and a
// sheet in the workbook.
type Section struct {
	Kind  SectionKind
	Title string // heading in the deck and the PDF
	Sheet string // the workbook's sheet name (at most 31 characters)
	Empty string // shown when the section has nothing to list
}

// The words of sections that several audiences share.
const (
	titleSupport   = "Behov av ledningsstöd"
	titleProposals = "Förslag till överenskommelsen"
	sheetOverview  = "Översikt"
	sheetSupport   = "Ledningsstöd"
	sheetProposals = "Förslag till överenskommelse"
	sheetChanges   = "Förändringar"
	// SheetActivities is the workbook's sheet with every activity in scope and every
	// field: the rendering of SectionPlans, and for audiences without that section
	// the data appendix after the sections.
	SheetActivities = "Aktiviteter"
)

// Sections are the report's sections in order. They are decided here, once, so the
// deck, the PDF and the workbook cannot disagree on what an audience gets.
func (r *Report) Sections() []Section {
	changes := Section{Kind: SectionChanges, Title: "Förändringar sedan förra mötet", Sheet: sheetChanges,
		Empty: "Inga förändringar sedan förra mötet."}
	if r.PreviousMeeting.IsZero() {
		changes.Empty = "Det finns inget föregående möte att jämföra med."
	}
	support := Section{Kind: SectionSupport, Title: titleSupport, Sheet: sheetSupport, Empty: "Inga aktiviteter har behov av ledningsstöd."}
	proposals := Section{Kind: SectionProposals, Title: titleProposals, Sheet: sheetProposals, Empty: "Inga aktiviteter har påverkan på överenskommelsen."}
	switch r.Audience {
	case plan.AudienceKR:
		return []Section{
			{Kind: SectionOverview, Title: "Översikt – programområden", Sheet: sheetOverview, Empty: "Inga programområden ingår i underlaget."},
			{Kind: SectionPlans, Title: "Handlingsplaner", Sheet: SheetActivities, Empty: "Inga handlingsplaner har lämnats in."},
			changes, support, proposals,
		}
	case plan.AudienceRSL:
		changes.Kind = SectionChangeCounts
		return []Section{
			{Kind: SectionOverview, Title: "Översikt – hela sjukvårdsregionen", Sheet: sheetOverview, Empty: "Inga forum är konfigurerade."},
			{Kind: SectionFlagged, Title: "Saknade och inaktuella planer", Sheet: "Saknade och inaktuella", Empty: "Alla planer är inlämnade och uppdaterade."},
			{Kind: SectionAttention, Title: "Röda och gula aktiviteter", Sheet: "Röda och gula", Empty: "Inga aktiviteter är röda eller gula."},
			support, proposals, changes,
		}
	case plan.AudienceSVN:
		proposals.Title = "Påverkan på överenskommelsen"
		return []Section{
			{Kind: SectionProposalSummary, Title: "Sammanfattning per slag av påverkan", Sheet: sheetOverview, Empty: proposals.Empty},
			proposals,
		}
	case plan.AudiencePlan:
		out := []Section{
			{Kind: SectionPlanFacts, Title: "Planen i korthet", Sheet: sheetOverview},
			{Kind: SectionPlans, Title: "Handlingsplan", Sheet: SheetActivities, Empty: "Planen har inga aktiviteter."},
		}
		if r.HasPrevious {
			changes.Title = "Förändringar sedan förra versionen"
			changes.Empty = "Inga förändringar sedan förra versionen."
			out = append(out, changes)
		}
		return out
	}
	return nil
}

// DataSheet reports whether the workbook adds the Aktiviteter sheet after the
// sections: every audience's workbook carries every activity in scope as data.
func (r *Report) DataSheet() bool {
	for _, s := range r.Sections() {
		if s.Kind == SectionPlans {
			return false
		}
	}
	return true
}

// The names of the region's forums above the kunskapsråd, the same in every output.
const (
	ForumRSL = "Regionsjukvårdsledningen"
	ForumSVN = "Samverkansnämnden"
)
