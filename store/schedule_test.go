package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"handlingsplan/store"
)

func TestScheduled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handlingsplan.db")
	due := time.Date(2026, 11, 26, 5, 0, 0, 0, time.UTC)
	later := due.Add(7 * 24 * time.Hour)
	start := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.LastScheduled(ctx, "schema Veckoöversikt RSL"); err != nil || ok {
		t.Fatalf("LastScheduled on an empty store = %v, %v; want none", ok, err)
	}
	steps := []struct {
		name string
		b    store.ScheduledBuild
		want bool
	}{
		{"First", store.ScheduledBuild{Job: "schema Veckoöversikt RSL", Due: due, Reason: "schemalagd"}, true},
		{"SameAgain", store.ScheduledBuild{Job: "schema Veckoöversikt RSL", Due: due, Reason: "ikapp efter avbrott"}, false},
		{"NextWeek", store.ScheduledBuild{Job: "schema Veckoöversikt RSL", Due: later, Reason: "schemalagd"}, true},
		{"OtherJobSameTime", store.ScheduledBuild{Job: "möte kr Kunskapsråd Medicin 2026-12-03", Due: due, Reason: "schemalagd"}, true},
	}
	for _, st := range steps {
		got, err := s.RecordScheduled(ctx, st.b)
		if err != nil || got != st.want {
			t.Errorf("%s: RecordScheduled = %v, %v; want %v", st.name, got, err, st.want)
		}
	}
	if _, err := s.RecordScheduled(ctx, store.ScheduledBuild{Due: due}); err == nil {
		t.Error("RecordScheduled without a job succeeded")
	}
	first, err := s.SchedulerFirstStart(ctx, start)
	if err != nil || !first.Equal(start) {
		t.Errorf("SchedulerFirstStart = %v, %v; want %v", first, err, start)
	}
	s.Close()

	// Everything survives a restart: a reopened store remembers.
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, ok, err := s.LastScheduled(ctx, "schema Veckoöversikt RSL")
	if err != nil || !ok || !b.Due.Equal(later) || b.Reason != "schemalagd" || b.Enqueued.IsZero() {
		t.Errorf("LastScheduled after reopen = %+v, %v, %v; want due %v", b, ok, err, later)
	}
	if got, err := s.RecordScheduled(ctx, steps[0].b); err != nil || got {
		t.Errorf("RecordScheduled after reopen = %v, %v; want false (already recorded)", got, err)
	}
	if first, err := s.SchedulerFirstStart(ctx, start.Add(48*time.Hour)); err != nil || !first.Equal(start) {
		t.Errorf("SchedulerFirstStart after reopen = %v, %v; want the first %v", first, err, start)
	}
}
