package store_test

import (
	"context"
	"testing"

	"handlingsplan/plan"
)

// Activity ids are given at the first version and kept: by text for a file
// without ids, by id for a file that carries them, so that a renamed activity
// keeps its id and is one change.
func TestActivityIDs(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const name = "RPO Psykisk hälsa"
	p := testPlan(name, plan.StatusGreen, plan.StatusYellow)
	if _, _, err := s.AddVersion(ctx, 0, p); err != nil {
		t.Fatal(err)
	}
	if p.Areas[0].Activities[0].ID != "" {
		t.Error("AddVersion changed the caller's plan")
	}
	stored, err := s.Latest(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	first := stored.Plan.Areas[0].Activities
	if !plan.ValidID(first[0].ID) || !plan.ValidID(first[1].ID) || first[0].ID == first[1].ID {
		t.Fatalf("ids after the first version: %q, %q", first[0].ID, first[1].ID)
	}

	// The same plan without ids, rows swapped and one status changed: ids by text.
	p2 := testPlan(name, plan.StatusGreen, plan.StatusRed)
	acts := p2.Areas[0].Activities
	acts[0], acts[1] = acts[1], acts[0]
	v2, created, err := s.AddVersion(ctx, 0, p2)
	if err != nil || !created {
		t.Fatalf("second version: %v, %v", created, err)
	}
	got := v2.Plan.Areas[0].Activities
	if got[0].ID != first[1].ID || got[1].ID != first[0].ID {
		t.Errorf("ids by text: %q, %q; want %q, %q", got[0].ID, got[1].ID, first[1].ID, first[0].ID)
	}

	// A file with ids, one activity renamed: its id stays, and the diff says renamed.
	p3 := v2.Plan.Clone()
	p3.Source = plan.Provenance{}
	p3.Areas[0].Activities[1].Description = "Aktivitet A, omformulerad"
	v3, created, err := s.AddVersion(ctx, 0, p3)
	if err != nil || !created {
		t.Fatalf("third version: %v, %v", created, err)
	}
	if id := v3.Plan.Areas[0].Activities[1].ID; id != first[0].ID {
		t.Errorf("renamed activity has id %q, want %q", id, first[0].ID)
	}
	d := plan.Compare(v2.Plan, v3.Plan)
	if len(d.Renamed) != 1 || len(d.New)+len(d.Removed) != 0 {
		t.Errorf("diff = %+v; want one renamed activity", d)
	}

	// The same content again, with its ids: no new version.
	p4 := v3.Plan.Clone()
	p4.Source = plan.Provenance{FileName: "mall.xlsx", SHA256: "other"}
	if _, created, err := s.AddVersion(ctx, 0, p4); err != nil || created {
		t.Errorf("unchanged plan with ids: created %v, %v", created, err)
	}
}
