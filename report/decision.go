package report

import (
	"strings"

	"handlingsplan/plan"
)

// HeadTrail heads the proposals' column that says how far each has come, the
// same in the deck, the PDF and the workbook.
const HeadTrail = "Beslutsläge"

// TrailLabel is a proposal's current stage as every output writes it:
// "Föreslagen", "Bedömd i KR 3 december 2026", "Beredd i RSL 14 januari 2027:
// tillstyrks", "Beslutad i SVN 4 februari 2027: bifall".
func TrailLabel(t plan.Trail) string {
	d, ok := t.Last()
	if !ok {
		return plan.StageProposed.Label()
	}
	s := d.Stage.Label() + " " + Date(d.Date)
	if d.Outcome != plan.OutcomeNone {
		s += ": " + strings.ToLower(d.Outcome.Label())
	}
	return s
}

// ShowsProposals reports whether the report lists the proposals with their
// Beslutsläge (kr, rsl, svn), so that their decisions shape its files.
func (r *Report) ShowsProposals() bool {
	for _, s := range r.Sections() {
		if s.Kind == SectionProposals {
			return true
		}
	}
	return false
}
