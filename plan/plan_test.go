package plan

import (
	"strings"
	"testing"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want Status
		err  bool
	}{
		{"Grön", StatusGreen, false}, {" GRÖNT ", StatusGreen, false}, {"g", StatusGreen, false},
		{"enligt  plan", StatusGreen, false}, {"Gul", StatusYellow, false}, {"mindre problem", StatusYellow, false},
		{"Rött", StatusRed, false}, {"red", StatusRed, false}, {"Allvarliga problem", StatusRed, false},
		{"☒", StatusDone, false}, {"Klart", StatusDone, false}, {"✔", StatusDone, false}, {"X", StatusDone, false},
		{"Grön – enligt plan", StatusGreen, false}, {"Gul (mindre problem)", StatusYellow, false},
		{"blå", StatusNone, true}, {"", StatusNone, true}, {"gr", StatusNone, true},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && !strings.Contains(err.Error(), "allvarliga problem") {
			t.Errorf("error %q does not list the accepted words", err)
		}
	}
}

func TestDerivedStatus(t *testing.T) {
	acts := func(ss ...Status) Area {
		var a Area
		for _, s := range ss {
			a.Activities = append(a.Activities, Activity{Status: s})
		}
		return a
	}
	tests := []struct {
		name string
		area Area
		want Status
	}{
		{"WorstOpen", acts(StatusGreen, StatusRed, StatusYellow, StatusDone), StatusRed},
		{"DoneIgnored", acts(StatusDone, StatusYellow), StatusYellow},
		{"AllDone", acts(StatusDone, StatusDone), StatusDone},
		{"Empty", acts(), StatusNone},
	}
	for _, tt := range tests {
		if got := tt.area.Status(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, in := range []string{"Samverkan – NPO och nationella aktörer", "  samverkan-npo  och nationella aktörer: ", "SAMVERKAN — NPO och nationella aktörer"} {
		if got, want := Fold(in), "samverkan-npo och nationella aktörer"; got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCatalog(t *testing.T) {
	c := Catalog{
		Promises: []Promise{{"P1", "Du får en jämlik vård"}, {"P2", "Du får vård i rätt tid"}},
		Forums:   []Forum{{Name: "Kunskapsråd Medicin", Short: "Medicin", Kind: ForumKR, Areas: []string{"RPO Endokrina sjukdomar"}}},
	}
	for _, ref := range []string{"P2", "p2", "2", "du får vård i rätt tid"} {
		if p, ok := c.Promise(ref); !ok || p.ID != "P2" {
			t.Errorf("Promise(%q) = %v, %v", ref, p, ok)
		}
	}
	if _, ok := c.Promise("P9"); ok {
		t.Error("P9 found")
	}
	for _, n := range []string{"Endokrina sjukdomar", "RMPO Endokrina sjukdomar", "rpo endokrina  sjukdomar"} {
		if got, f, ok := c.Area(n); !ok || got != "RPO Endokrina sjukdomar" || f.Short != "Medicin" {
			t.Errorf("Area(%q) = %q, %v", n, got, ok)
		}
	}
	for _, n := range []string{"Medicin", "Kunskapsråd Medicin", "KR medicin", "kunskapsrådet medicin"} {
		if _, ok := c.Forum(n); !ok {
			t.Errorf("Forum(%q) not found", n)
		}
	}
}

func TestCompare(t *testing.T) {
	old := &Plan{Areas: []Area{
		{Title: "Vård i rätt tid", Activities: []Activity{
			{Description: "Kortare väntetider", Status: StatusGreen, FollowUp: FollowUp{Goal: "80 %"}},
			{Description: "Gemensam remiss", Status: StatusYellow},
			{Description: "Gammal aktivitet", Status: StatusRed},
		}},
	}}
	cur := &Plan{Areas: []Area{
		{Title: "Vård i rätt tid", Activities: []Activity{
			{Description: "Gemensam remiss", Status: StatusDone},
			{Description: "Kortare  väntetider", Status: StatusRed, FollowUp: FollowUp{Goal: "90 %", Result: "72 %"}},
		}},
		{Title: "Ny område", Activities: []Activity{{Description: "Ny", Status: StatusGreen}}},
	}}
	d := Compare(old, cur)
	if len(d.StatusChanges) != 1 || d.StatusChanges[0].From != StatusGreen || d.StatusChanges[0].Status != StatusRed {
		t.Errorf("status changes = %+v", d.StatusChanges)
	}
	if len(d.Finished) != 1 || d.Finished[0].Activity != "Gemensam remiss" {
		t.Errorf("finished = %+v", d.Finished)
	}
	if len(d.New) != 1 || len(d.NewAreas) != 1 || len(d.Removed) != 1 {
		t.Errorf("new = %+v, new areas = %v, removed = %+v", d.New, d.NewAreas, d.Removed)
	}
	if len(d.GoalChanges) != 1 || len(d.ResultChanges) != 1 {
		t.Errorf("goal/result changes = %+v / %+v", d.GoalChanges, d.ResultChanges)
	}
	if d.Empty() || !Compare(cur, cur).Empty() {
		t.Error("Empty is wrong")
	}
}
