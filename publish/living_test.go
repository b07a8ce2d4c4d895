package publish

import (
	"context"
	"testing"
	"time"

	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// A meeting's report input carries the deadline, every plan's receive times and
// adoptions from the store, so that the overview rows say i tid / sen / saknas and
// whether the current version is fastställd.
func TestInputDeadlineAndAdoption(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	latest, err := p.Store.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const hjarta = "RPO Hjärt- och kärlsjukdomar"
	var number int
	for _, v := range latest {
		if v.Name == hjarta {
			number = v.Number
		}
	}
	sept := time.Date(2026, 9, 10, 0, 0, 0, 0, time.Local)
	if _, _, err := p.Store.Adopt(ctx, store.Adoption{Plan: hjarta, Version: number, Forum: "Kunskapsråd Medicin", Meeting: sept, By: "anna"}); err != nil {
		t.Fatal(err)
	}
	meeting := time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local)
	in, _, err := p.input(ctx, Job{Audience: plan.AudienceKR, Forum: "Kunskapsråd Medicin", Meeting: meeting}, latest, &history{st: p.Store})
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Deadline.Format("2006-01-02"); got != "2026-11-19" {
		t.Errorf("deadline %s, want 2026-11-19 (14 days before)", got)
	}
	r, err := report.Build(report.Request{Audience: plan.AudienceKR, Forum: "Kunskapsråd Medicin"}, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Overview {
		// The sample's current versions arrive on 23 November, after the deadline.
		want := report.DeadlineLate
		if row.Plan == nil {
			want = report.DeadlineMissing
		}
		if row.Deadline != want {
			t.Errorf("%s: deadline %q, want %q", row.Name, row.Deadline, want)
		}
		if row.Name == hjarta && row.AdoptionLabel() != "Fastställd 10 september 2026" {
			t.Errorf("%s: %q", row.Name, row.AdoptionLabel())
		}
	}
}

// A plan's own package shows its latest fastställd version, not a later one
// that was only received; a plan never adopted shows its latest version.
func TestPlanPackageShowsAdoptedVersion(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	const hjarta = "RPO Hjärt- och kärlsjukdomar"
	latest, err := p.Store.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run, err := p.Store.CreateRun(ctx, store.Run{Audience: "plan", Reason: "test", By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	build := func() output.Manifest {
		t.Helper()
		res, err := p.Build(ctx, run, Job{Audience: plan.AudiencePlan, Plan: hjarta, Meeting: today}, latest)
		if err != nil {
			t.Fatal(err)
		}
		return res.Package.Manifest
	}
	if m := build(); m.Inputs[0].Version != 2 {
		t.Fatalf("unadopted: version %d in the package, want the latest, 2", m.Inputs[0].Version)
	}
	sept := time.Date(2026, 9, 10, 0, 0, 0, 0, time.Local)
	if _, _, err := p.Store.Adopt(ctx, store.Adoption{Plan: hjarta, Version: 1, Forum: "Kunskapsråd Medicin", Meeting: sept, By: "anna"}); err != nil {
		t.Fatal(err)
	}
	if m := build(); m.Inputs[0].Version != 1 {
		t.Errorf("adopted version 1: version %d in the package", m.Inputs[0].Version)
	}
}

// A Plan package is dated by the version it shows: after version 1 is adopted,
// receiving version 2 changes neither its content nor its name.
func TestPlanPackageDatedByShownVersion(t *testing.T) {
	p := newPublisher(t, 1)
	ctx := context.Background()
	const hjarta = "RPO Hjärt- och kärlsjukdomar"
	v1, err := p.Store.Version(ctx, hjarta, 1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := p.Store.Latest(ctx, hjarta)
	if err != nil {
		t.Fatal(err)
	}
	if day(v1.Received).Equal(day(v2.Received)) {
		t.Fatalf("the sample's versions arrive the same day (%s); the test needs two days", v1.Received)
	}
	dated := func() map[string]time.Time {
		t.Helper()
		out := map[string]time.Time{}
		all, err := p.Jobs(ctx, plan.AudiencePlan, "", "", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		one, err := p.Jobs(ctx, plan.AudiencePlan, "", hjarta, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range all {
			if j.Plan == hjarta {
				out["all"] = j.Meeting
			}
		}
		out["one"] = one[0].Meeting
		return out
	}
	for k, d := range dated() {
		if !d.Equal(day(v2.Received)) {
			t.Errorf("%s, not adopted: dated %s, want the latest version's %s", k, d, day(v2.Received))
		}
	}
	sept := time.Date(2026, 9, 10, 0, 0, 0, 0, time.Local)
	if _, _, err := p.Store.Adopt(ctx, store.Adoption{Plan: hjarta, Version: 1, Forum: "Kunskapsråd Medicin", Meeting: sept, By: "anna"}); err != nil {
		t.Fatal(err)
	}
	for k, d := range dated() {
		if !d.Equal(day(v1.Received)) {
			t.Errorf("%s, version 1 adopted: dated %s, want version 1's %s", k, d, day(v1.Received))
		}
	}
}
