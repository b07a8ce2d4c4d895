package plan

import (
	"reflect"
	"testing"
)

func idPlan(acts ...Activity) *Plan {
	return &Plan{Name: "RPO Psykisk hälsa", Areas: []Area{{Title: "Suicidprevention", Activities: acts}}}
}

func ids(p *Plan) []string {
	var out []string
	for _, aa := range p.Activities() {
		out = append(out, aa.Activity.ID)
	}
	return out
}

func TestAssignIDs(t *testing.T) {
	first := idPlan(Activity{Description: "Utbilda personal"}, Activity{Description: "Följ upp vårdprogram"}, Activity{Description: "Utbilda personal"})
	AssignIDs(nil, first)
	got := ids(first)
	for _, id := range got {
		if !ValidID(id) {
			t.Fatalf("id %q is not valid", id)
		}
	}
	if got[0] == got[2] {
		t.Errorf("two activities with the same text share id %s", got[0])
	}
	again := idPlan(Activity{Description: "Utbilda personal"}, Activity{Description: "Följ upp vårdprogram"}, Activity{Description: "Utbilda personal"})
	AssignIDs(nil, again)
	if !reflect.DeepEqual(ids(again), got) {
		t.Errorf("ids not deterministic: %v, then %v", got, ids(again))
	}

	tests := []struct {
		name string
		cur  *Plan
		want []string // "" : a new id, not one of first's
	}{
		{"ByText", idPlan(Activity{Description: "följ upp  vårdprogram"}, Activity{Description: "Utbilda personal"}), []string{got[1], got[0]}},
		{"ByID", idPlan(Activity{ID: got[1], Description: "Följ upp vårdprogrammet"}), []string{got[1]}},
		{"NewActivity", idPlan(Activity{Description: "Ny aktivitet"}), []string{""}},
		{"IDClaimsBeforeText", idPlan(Activity{Description: "Utbilda personal"}, Activity{ID: got[0], Description: "Utbilda all personal"}),
			[]string{got[2], got[0]}},
		{"DuplicateIDReplaced", idPlan(Activity{ID: got[1], Description: "Följ upp vårdprogram"}, Activity{ID: got[1], Description: "Kopierad rad"}),
			[]string{got[1], ""}},
		{"BadIDReplaced", idPlan(Activity{ID: "x; DROP", Description: "Följ upp vårdprogram"}), []string{got[1]}},
		{"LegacyPrevious", idPlan(Activity{Description: "Utbilda personal"}), []string{got[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := first
			if tt.name == "LegacyPrevious" { // stored before ids existed
				prev = idPlan(Activity{Description: "Utbilda personal"}, Activity{Description: "Följ upp vårdprogram"}, Activity{Description: "Utbilda personal"})
			}
			AssignIDs(prev, tt.cur)
			gotIDs := ids(tt.cur)
			seen := map[string]bool{}
			for i, id := range gotIDs {
				if !ValidID(id) || seen[id] {
					t.Errorf("activity %d: id %q invalid or repeated", i, id)
				}
				seen[id] = true
				if w := tt.want[i]; w != "" && id != w {
					t.Errorf("activity %d: id %s, want %s", i, id, w)
				}
				if tt.want[i] == "" {
					for _, old := range got {
						if id == old {
							t.Errorf("activity %d: new activity got an existing id %s", i, id)
						}
					}
				}
			}
		})
	}
}

func TestCompareByID(t *testing.T) {
	old := idPlan(
		Activity{ID: "A-00000001", Description: "Utbilda personal", Status: StatusGreen},
		Activity{ID: "A-00000002", Description: "Följ upp vårdprogram", Status: StatusYellow},
	)
	t.Run("Renamed", func(t *testing.T) {
		cur := idPlan(
			Activity{ID: "A-00000001", Description: "Utbilda all personal i suicidprevention", Status: StatusGreen},
			Activity{ID: "A-00000002", Description: "Följ upp vårdprogram", Status: StatusYellow},
		)
		d := Compare(old, cur)
		if len(d.Renamed) != 1 || d.Renamed[0].From != "Utbilda personal" || len(d.New)+len(d.Removed) != 0 {
			t.Errorf("diff = %+v; want one renamed activity", d)
		}
		if d.Empty() {
			t.Error("a renamed activity is a change")
		}
	})
	t.Run("SameTextOtherID", func(t *testing.T) {
		cur := idPlan(Activity{ID: "A-00000009", Description: "Utbilda personal", Status: StatusGreen},
			Activity{ID: "A-00000002", Description: "Följ upp vårdprogram", Status: StatusYellow})
		d := Compare(old, cur)
		if len(d.New) != 1 || len(d.Removed) != 1 {
			t.Errorf("diff = %+v; want one new and one removed", d)
		}
	})
	t.Run("TextWhenNoID", func(t *testing.T) {
		cur := idPlan(Activity{Description: "Följ upp vårdprogram", Status: StatusRed}, Activity{Description: "Utbilda personal", Status: StatusGreen})
		d := Compare(old, cur)
		if len(d.StatusChanges) != 1 || len(d.New)+len(d.Removed)+len(d.Renamed) != 0 {
			t.Errorf("diff = %+v; want one status change", d)
		}
	})
	t.Run("Unchanged", func(t *testing.T) {
		if d := Compare(old, old); !d.Empty() {
			t.Errorf("diff of a plan with itself = %+v", d)
		}
	})
}
