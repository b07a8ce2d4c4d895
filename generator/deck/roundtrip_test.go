package deck_test

import (
	"strings"
	"testing"

	"handlingsplan/generator/deck"
	"handlingsplan/plan"
	"handlingsplan/sources"
)

// TestPlanDeckReadBack reads the plan deck with the PowerPoint template reader: the
// plan that comes back is the plan that went in.
func TestPlanDeckReadBack(t *testing.T) {
	cat, rs := reports(t, 1)
	for _, tr := range rs {
		if tr.r.Audience != plan.AudiencePlan {
			continue
		}
		data, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		res := sources.Read(sources.Input{Name: tr.r.FileBase() + ".pptx", Data: data}, cat, sources.Limits{})
		for _, p := range res.Problems {
			t.Logf("%s", p)
		}
		if !res.OK() || res.Plan == nil {
			t.Fatalf("the reader refused the plan deck")
		}
		want, got := tr.r.Plans[0], res.Plan
		if got.Name != want.Name {
			t.Errorf("name = %q, want %q", got.Name, want.Name)
		}
		if d := plan.Compare(want, got); !d.Empty() {
			t.Errorf("read back differs: %+v", d)
		}
		if len(got.Areas) != len(want.Areas) {
			t.Fatalf("areas = %d, want %d", len(got.Areas), len(want.Areas))
		}
		for i := range want.Areas {
			wa, ga := want.Areas[i], got.Areas[i]
			if ga.Title != wa.Title || ga.NationalArea != wa.NationalArea || len(ga.Promises) != len(wa.Promises) {
				t.Errorf("area %d = %q/%q/%v, want %q/%q/%v", i, ga.NationalArea, ga.Title, ga.Promises, wa.NationalArea, wa.Title, wa.Promises)
			}
			for j := range wa.Activities {
				if j >= len(ga.Activities) {
					break
				}
				w, g := wa.Activities[j], unbreak(ga.Activities[j])
				if g.Description != w.Description || g.Status != w.Status || g.Schedule != w.Schedule || g.Comment != w.Comment || g.NeedsSupport != w.NeedsSupport ||
					g.Impact != w.Impact || g.ImpactDetail != w.ImpactDetail || g.FollowUp != w.FollowUp || g.Cooperation != w.Cooperation {
					t.Errorf("activity %q read back as %+v", w.Description, g)
				}
			}
		}
		got.Cooperation = plan.Cooperation{National: nb(got.Cooperation.National), Regional: nb(got.Cooperation.Regional),
			Local: nb(got.Cooperation.Local), Patients: nb(got.Cooperation.Patients)}
		if got.Contact != want.Contact || got.Period != want.Period || got.Cooperation != want.Cooperation {
			t.Errorf("facts read back as %q %q %+v", got.Contact, got.Period, got.Cooperation)
		}
	}
}

// nb reads the deck's no-break spaces ("47 %", "RPO Primärvård") as the spaces the
// plan owner typed.
func nb(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

func unbreak(a plan.Activity) plan.Activity {
	for _, p := range []*string{&a.Description, &a.Schedule, &a.Cooperation, &a.Comment, &a.ImpactDetail, &a.FinalReport,
		&a.FollowUp.Method, &a.FollowUp.Indicators, &a.FollowUp.Goal, &a.FollowUp.Responsible, &a.FollowUp.Result,
		&a.Consequences.Citizens, &a.Consequences.Operations, &a.Consequences.Governance} {
		*p = nb(*p)
	}
	return a
}
