package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// forumOverview is one forum's table on the overview: the rows come from the
// forum's report model, so the page flags what the meeting's deck flags.
type forumOverview struct {
	Forum   *plan.Forum
	Meeting time.Time // its next meeting; zero when none is in the calendar
	Rows    []report.Row
	Totals  plan.StatusCounts
	Flagged int
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	ctx := r.Context()
	latest, err := s.d.Store.LatestAll(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cfg := s.d.Config
	today := day(s.d.Now())
	var out []forumOverview
	for i := range cfg.Catalog.Forums {
		f := &cfg.Catalog.Forums[i]
		req, fwd := report.Request{Audience: plan.AudienceKR, Forum: f.Name}, f.Name
		if f.Kind != plan.ForumKR {
			req, fwd = report.Request{Audience: plan.AudienceRSL}, ""
		}
		var m config.Meeting
		m, found := cfg.NextMeeting(req.Audience, fwd, today)
		if !found {
			m = config.Meeting{Audience: req.Audience, Forum: fwd, Date: today}
		}
		in, err := s.reportInput(ctx, m, latest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rep, err := report.Build(req, in)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		fo := forumOverview{Forum: f}
		if found {
			fo.Meeting = m.Date
		}
		for _, row := range rep.Overview {
			if row.Forum != f.Name {
				continue
			}
			fo.Rows = append(fo.Rows, row)
			fo.Totals = fo.Totals.Plus(row.Counts)
			if row.Flag.Warns() {
				fo.Flagged++
			}
		}
		out = append(out, fo)
	}
	s.render(w, r, http.StatusOK, "overview", view{Title: "Översikt", Nav: "oversikt", Data: struct {
		Forums   []forumOverview
		Statuses []plan.Status
	}{out, plan.Statuses}})
}

// reportInput is the report model's input for a meeting: the latest versions, and
// the versions current at the previous meeting for its flags and changes.
func (s *Server) reportInput(ctx context.Context, m config.Meeting, latest []store.Version) (report.Input, error) {
	cfg := s.d.Config
	in := report.Input{Catalog: &cfg.Catalog, Meeting: m.Date, StaleAfterDays: cfg.StaleAfterDays, Generated: s.d.Now()}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
	}
	prev, ok := cfg.PreviousMeeting(m)
	if !ok {
		return in, nil
	}
	in.PreviousMeeting = prev.Date
	in.Previous = map[string]*plan.Plan{}
	for _, v := range latest {
		old, err := s.d.Store.VersionAt(ctx, v.Name, prev.Date)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return in, err
		}
		in.Previous[v.Name] = old.Plan
	}
	return in, nil
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}
