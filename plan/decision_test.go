package plan

import (
	"strings"
	"testing"
	"time"
)

func TestTrailRecord(t *testing.T) {
	d := func(s string) time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return t
	}
	kr := Decision{Stage: StageKR, Date: d("2026-10-01")}
	rsl := Decision{Stage: StageRSL, Outcome: AssessSupport, Date: d("2026-11-01")}
	svn := Decision{Stage: StageSVN, Outcome: DecisionApproved, Date: d("2026-12-01")}
	tests := []struct {
		name    string
		trail   Trail
		step    Decision
		want    Stage  // current stage after
		wantErr string // part of the Swedish message
	}{
		{"KR first", nil, kr, StageKR, ""},
		{"RSL after KR", Trail{kr}, rsl, StageRSL, ""},
		{"SVN after RSL", Trail{kr, rsl}, svn, StageSVN, ""},
		{"KR corrected", Trail{kr}, Decision{Stage: StageKR, Outcome: AssessReject, Date: d("2026-10-02")}, StageKR, ""},
		{"postponed decided again", Trail{kr, rsl, {Stage: StageSVN, Outcome: DecisionPostponed, Date: d("2026-12-01")}}, Decision{Stage: StageSVN, Outcome: DecisionRejected, Date: d("2027-02-01")}, StageSVN, ""},
		{"RSL before KR", nil, rsl, "", "steget bedömd i KR kommer först"},
		{"SVN skipping RSL", Trail{kr}, svn, "", "steget beredd i RSL kommer först"},
		{"KR after RSL", Trail{kr, rsl}, kr, "", "redan nått steget beredd i RSL"},
		{"SVN without outcome", Trail{kr, rsl}, Decision{Stage: StageSVN, Date: d("2026-12-01")}, "", "behöver ett utfall: Bifall, Avslag eller Bordlagd"},
		{"SVN with an assessment", Trail{kr, rsl}, Decision{Stage: StageSVN, Outcome: AssessSupport, Date: d("2026-12-01")}, "", "kan inte ha utfallet"},
		{"RSL with a decision", Trail{kr}, Decision{Stage: StageRSL, Outcome: DecisionApproved, Date: d("2026-12-01")}, "", "kan inte ha utfallet"},
		{"no date", nil, Decision{Stage: StageKR}, "", "behöver ett datum"},
		{"date before previous step", Trail{kr}, Decision{Stage: StageRSL, Outcome: AssessSupport, Date: d("2026-09-01")}, "", "kan inte komma före steget bedömd i KR"},
		{"unknown stage", nil, Decision{Stage: "x", Date: d("2026-09-01")}, "", "okänt steg"},
		{"note too long", nil, Decision{Stage: StageKR, Date: d("2026-09-01"), Note: strings.Repeat("å", 2001)}, "", "för lång"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.trail.Record(tt.step)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Current() != tt.want {
				t.Errorf("current = %s, want %s", got.Current(), tt.want)
			}
		})
	}
	if (Trail{}).Current() != StageProposed || StageProposed.Label() != "Föreslagen" {
		t.Error("an empty trail is föreslagen")
	}
}

func TestParseStageOutcome(t *testing.T) {
	for _, tt := range []struct {
		stage, outcome string
		want           Outcome
		wantErr        bool
	}{
		{"svn", "Bifall", DecisionApproved, false},
		{"Beslutad i SVN", "bordlagd", DecisionPostponed, false},
		{"rsl", "Tillstyrks delvis", AssessPartly, false},
		{"kr", "", OutcomeNone, false},
		{"svn", "Ingår inte", "", true},
		{"rsl", "bifall", "", true},
	} {
		s, err := ParseStage(tt.stage)
		if err != nil {
			t.Fatal(err)
		}
		o, err := ParseOutcome(s, tt.outcome)
		if (err != nil) != tt.wantErr || o != tt.want {
			t.Errorf("%s %q = %q, %v", tt.stage, tt.outcome, o, err)
		}
	}
	if _, err := ParseStage("styrelsen"); err == nil {
		t.Error("unknown stage accepted")
	}
}
