package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/store"
)

func TestAdopt(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const name = "RPO Hjärt- och kärlsjukdomar"
	for _, st := range []plan.Status{plan.StatusGreen, plan.StatusRed} {
		if _, _, err := s.AddVersion(ctx, 0, testPlan(name, st)); err != nil {
			t.Fatal(err)
		}
	}
	meeting := time.Date(2026, 12, 3, 0, 0, 0, 0, time.Local)
	ad := store.Adoption{Plan: name, Version: 1, Forum: "Kunskapsråd Medicin", Meeting: meeting, By: "anna"}

	t.Run("OK", func(t *testing.T) {
		got, created, err := s.Adopt(ctx, ad)
		if err != nil || !created {
			t.Fatalf("Adopt = %v, %v", created, err)
		}
		if got.ID == 0 || got.At.IsZero() || got.By != "anna" {
			t.Errorf("adoption = %+v", got)
		}
		log, err := s.AuditLog(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].Action != "fastställande" || log[0].Actor != "anna" || log[0].Object != name ||
			!strings.Contains(log[0].Detail, "version 1") || !strings.Contains(log[0].Detail, "2026-12-03") {
			t.Errorf("audit log = %+v", log)
		}
	})
	t.Run("Again", func(t *testing.T) {
		_, created, err := s.Adopt(ctx, ad)
		if err != nil || created {
			t.Fatalf("Adopt again = %v, %v; want no new record", created, err)
		}
		if log, _ := s.AuditLog(ctx, 10); len(log) != 1 {
			t.Errorf("audit entries = %d, want 1", len(log))
		}
	})
	t.Run("ErrUnknownVersion", func(t *testing.T) {
		bad := ad
		bad.Version = 3
		_, _, err := s.Adopt(ctx, bad)
		if apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(apperr.MessageOf(err), "ingen version 3; den senaste är version 2") {
			t.Errorf("err = %v (%s)", err, apperr.MessageOf(err))
		}
	})
	t.Run("ErrNoVersions", func(t *testing.T) {
		bad := ad
		bad.Plan = "RPO Endokrina sjukdomar"
		_, _, err := s.Adopt(ctx, bad)
		if apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(apperr.MessageOf(err), "Ingen version av RPO Endokrina sjukdomar") {
			t.Errorf("err = %v (%s)", err, apperr.MessageOf(err))
		}
	})
	t.Run("Latest", func(t *testing.T) {
		later := ad
		later.Version, later.Meeting = 2, meeting.AddDate(0, 3, 1)
		if _, _, err := s.Adopt(ctx, later); err != nil {
			t.Fatal(err)
		}
		got, err := s.LatestAdopted(ctx, name)
		if err != nil || got.Version != 2 || !got.Meeting.Equal(later.Meeting) {
			t.Fatalf("LatestAdopted = %+v, %v", got, err)
		}
		all, err := s.Adoptions(ctx, name)
		if err != nil || len(all) != 2 || all[0].Version != 2 || all[1].Version != 1 || !all[1].Meeting.Equal(meeting) {
			t.Errorf("Adoptions = %+v, %v", all, err)
		}
		byPlan, err := s.LatestAdoptedAll(ctx)
		if err != nil || len(byPlan) != 1 || byPlan[name].Version != 2 {
			t.Errorf("LatestAdoptedAll = %+v, %v", byPlan, err)
		}
		if _, err := s.LatestAdopted(ctx, "RPO Endokrina sjukdomar"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("LatestAdopted of an unadopted plan: %v", err)
		}
	})
}
