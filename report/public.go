package report

import (
	"time"

	"fmt"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// Public is the public rendering of a plan's package: what the region's website
// publishes. It is decided here, once, so that the site, the public deck and the
// public PDF leave out the same fields.
type Public struct {
	// Hide are the fields left out (config publication.hide): their values are
	// removed from the plan the renderers see, and Report.Shows tells the
	// renderers to leave out their labels too.
	Hide []templates.Field
}

// Shows reports whether the report shows the field. An internal report shows
// every field; a public one leaves out those its configuration hides.
func (r *Report) Shows(f templates.Field) bool {
	if r.Public == nil {
		return true
	}
	for _, h := range r.Public.Hide {
		if h == f {
			return false
		}
	}
	return true
}

// Facts are the plan's own fields that the report shows (PlanFacts without the
// hidden ones).
func (r *Report) Facts(p *plan.Plan, date func(t time.Time) string) []Fact {
	var out []Fact
	for _, f := range PlanFacts(p, date) {
		if r.Shows(f.Field) {
			out = append(out, f)
		}
	}
	return out
}

// publicPlan makes the public report of a plan: the adopted version (the caller
// puts it in Input.Current), without the hidden fields, with no comparison to
// earlier versions. A plan that was never adopted is not published.
func (r *Report) publicPlan(in Input, name string) error {
	row := &r.Overview[0]
	if !row.AdoptedCurrent() {
		return fmt.Errorf("report: %s har ingen fastställd version att publicera", name)
	}
	r.Plans = []*plan.Plan{Redact(r.Plans[0], r.Public.Hide)}
	row.Plan = r.Plans[0]
	r.Changes, r.HasPrevious = nil, false
	r.Attention, r.Support, r.Proposals = nil, nil, nil
	r.Subtitle = AdoptionText(*row.Adopted)
	return nil
}

// AdoptionText says which version was adopted, when and by whom, as the public
// package and the site write it: "Version 3, fastställd av Kunskapsråd Medicin
// 10 september 2026".
func AdoptionText(a Adoption) string {
	return fmt.Sprintf("Version %d, fastställd av %s %s", a.Version, a.Forum, Date(a.Meeting))
}

// Redact returns a copy of p without the values of the hidden fields. The plan
// itself is left as it is: it may be shared with other reports.
func Redact(p *plan.Plan, hide []templates.Field) *plan.Plan {
	c := *p
	c.Source = plan.Provenance{} // who sent which file is internal
	c.Areas = make([]plan.Area, len(p.Areas))
	for i, a := range p.Areas {
		a.Promises = append([]string(nil), a.Promises...)
		a.Activities = append([]plan.Activity(nil), a.Activities...)
		c.Areas[i] = a
	}
	for _, f := range hide {
		switch f {
		case templates.PlanKind:
			c.Kind = ""
		case templates.PlanNational:
			c.National = ""
		case templates.PlanForum:
			c.Forum = ""
		case templates.PlanContact:
			c.Contact = ""
		case templates.PlanEmail:
			c.Email = ""
		case templates.PlanUpdated:
			c.Updated = time.Time{}
		case templates.PlanPeriod:
			c.Period = ""
		case templates.PlanCoopNational:
			c.Cooperation.National = ""
		case templates.PlanCoopRegional:
			c.Cooperation.Regional = ""
		case templates.PlanCoopLocal:
			c.Cooperation.Local = ""
		case templates.PlanCoopPatients:
			c.Cooperation.Patients = ""
		case templates.PlanComments:
			c.Comments = ""
		case templates.ColNationalArea:
			for i := range c.Areas {
				c.Areas[i].NationalArea = ""
			}
		case templates.ColPromises:
			for i := range c.Areas {
				c.Areas[i].Promises = nil
			}
		}
		for i := range c.Areas {
			for j := range c.Areas[i].Activities {
				redactActivity(&c.Areas[i].Activities[j], f)
			}
		}
	}
	return &c
}

func redactActivity(a *plan.Activity, f templates.Field) {
	switch f {
	case templates.ColSchedule:
		a.Schedule = ""
	case templates.ColCooperation:
		a.Cooperation = ""
	case templates.ColMethod:
		a.FollowUp.Method = ""
	case templates.ColIndicators:
		a.FollowUp.Indicators = ""
	case templates.ColGoal:
		a.FollowUp.Goal = ""
	case templates.ColResponsible:
		a.FollowUp.Responsible = ""
	case templates.ColResult:
		a.FollowUp.Result = ""
	case templates.ColComment:
		a.Comment = ""
	case templates.ColSupport:
		a.NeedsSupport = false
	case templates.ColConsCitizens:
		a.Consequences.Citizens = ""
	case templates.ColConsOperations:
		a.Consequences.Operations = ""
	case templates.ColConsGovernance:
		a.Consequences.Governance = ""
	case templates.ColFinalReport:
		a.FinalReport = ""
	case templates.ColImpact:
		a.Impact, a.ImpactDetail = plan.ImpactNone, ""
	case templates.ColImpactDetail:
		a.ImpactDetail = ""
	}
}
