package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// TestRecordDecisions records trails in batches: a batch with one step out of
// order stores none of its steps; a step recorded exactly again is no change;
// a new plan version keeps the trails.
func TestRecordDecisions(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.Local) }
	const name, a, b = "RPO Psykisk hälsa", "A-0000000a", "A-0000000b"
	step := func(id string, st plan.Stage, o plan.Outcome, d int) store.DecisionChange {
		return store.DecisionChange{Plan: name, ActivityID: id, Version: 1, Activity: "Aktivitet " + id,
			Decision: plan.Decision{Stage: st, Outcome: o, Date: day(d), Note: "not " + id, By: "anna"}}
	}
	tests := []struct {
		name      string
		batch     []store.DecisionChange
		want      int // changed
		wantIndex int // of the refused change; -1: none
		stages    map[string]plan.Stage
	}{
		{"OK", []store.DecisionChange{step(a, plan.StageKR, "", 1), step(a, plan.StageRSL, plan.AssessSupport, 2), step(b, plan.StageKR, "", 1)}, 3, -1,
			map[string]plan.Stage{a: plan.StageRSL, b: plan.StageKR}},
		{"Again", []store.DecisionChange{step(a, plan.StageRSL, plan.AssessSupport, 2)}, 0, -1,
			map[string]plan.Stage{a: plan.StageRSL, b: plan.StageKR}},
		{"AllOrNothing", []store.DecisionChange{step(a, plan.StageSVN, plan.DecisionApproved, 3), step(b, plan.StageSVN, plan.DecisionApproved, 3)}, 0, 1,
			map[string]plan.Stage{a: plan.StageRSL, b: plan.StageKR}},
		{"Corrected", []store.DecisionChange{step(b, plan.StageKR, plan.AssessReject, 2)}, 1, -1,
			map[string]plan.Stage{a: plan.StageRSL, b: plan.StageKR}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := s.RecordDecisions(ctx, tt.batch)
			var de *store.DecisionError
			switch {
			case tt.wantIndex >= 0:
				if !errors.As(err, &de) || de.Index != tt.wantIndex || !apperr.Is(err, apperr.Invalid) {
					t.Fatalf("err = %v, want a refusal of change %d", err, tt.wantIndex)
				}
			case err != nil || n != tt.want:
				t.Fatalf("RecordDecisions = %d, %v; want %d", n, err, tt.want)
			}
			got, err := s.Decisions(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			for id, st := range tt.stages {
				if got[id].Current() != st {
					t.Errorf("%s: %s, want %s", id, got[id].Current(), st)
				}
			}
		})
	}
	all, err := s.AllDecisions(ctx)
	if err != nil || len(all[name]) != 2 {
		t.Fatalf("AllDecisions = %v, %v", all, err)
	}
	kr, _ := all[name][b].Step(plan.StageKR)
	if kr.Outcome != plan.AssessReject || !kr.Date.Equal(day(2)) || kr.Note != "not "+b || kr.By != "anna" || kr.At.IsZero() {
		t.Errorf("corrected step = %+v", kr)
	}
	log, err := s.AuditLog(ctx, 10)
	if err != nil || len(log) != 4 || log[0].Action != store.ActionDecision || log[0].Object != name {
		t.Errorf("audit log = %+v, %v", log, err)
	}
	if _, err := s.RecordDecisions(ctx, []store.DecisionChange{{Plan: name, ActivityID: "7", Decision: plan.Decision{By: "x"}}}); err == nil {
		t.Error("a change without a valid id was stored")
	}
}
