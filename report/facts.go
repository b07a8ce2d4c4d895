package report

import (
	"time"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// Fact is one of a plan's own fields, labelled as the template names it.
type Fact struct {
	Field templates.Field
	Label string
	Value string // "" when the plan leaves it empty
}

// PlanFacts lists a plan's own fields in the template's order, so that the deck,
// the PDF and the workbook show the same fields under the same labels. date
// formats Senast uppdaterad (prose in decks, ISO in tables).
func PlanFacts(p *plan.Plan, date func(time.Time) string) []Fact {
	updated := ""
	if !p.Updated.IsZero() {
		updated = date(p.Updated)
	}
	facts := []Fact{
		{Field: templates.PlanName, Value: p.Name},
		{Field: templates.PlanKind, Value: string(p.Kind)},
		{Field: templates.PlanNational, Value: p.National},
		{Field: templates.PlanForum, Value: p.Forum},
		{Field: templates.PlanContact, Value: p.Contact},
		{Field: templates.PlanEmail, Value: p.Email},
		{Field: templates.PlanUpdated, Value: updated},
		{Field: templates.PlanPeriod, Value: p.Period},
		{Field: templates.PlanCoopNational, Value: p.Cooperation.National},
		{Field: templates.PlanCoopRegional, Value: p.Cooperation.Regional},
		{Field: templates.PlanCoopLocal, Value: p.Cooperation.Local},
		{Field: templates.PlanCoopPatients, Value: p.Cooperation.Patients},
		{Field: templates.PlanComments, Value: p.Comments},
	}
	for i := range facts {
		facts[i].Label = templates.PlanLabel(facts[i].Field).Label
	}
	return facts
}
