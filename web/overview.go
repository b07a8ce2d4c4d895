package web

import (
	"net/http"
	"time"

	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/report"
)

// forumOverview is one forum's table on the overview: the rows come from the
// forum's report model, so the page flags what the meeting's deck flags.
type forumOverview struct {
	Forum   *plan.Forum
	Meeting time.Time // its next meeting; zero when none is in the calendar
	// Deadline is the meeting's last day to submit; zero when the overview has no
	// Inlämning column.
	Deadline time.Time
	Adoption bool // the overview has the Fastställd column
	Rows     []report.Row
	Totals   plan.StatusCounts
	Flagged  int
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
		in, _, err := publish.Input(ctx, cfg, s.d.Store, publish.Job{Audience: req.Audience, Forum: fwd, Meeting: m.Date}, latest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// Deadlines as they stand now, not as of the latest submission.
		in.Generated = s.d.Now()
		rep, err := report.Build(req, in)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		fo := forumOverview{Forum: f, Adoption: rep.ShowsAdoption()}
		if rep.ShowsDeadline() {
			fo.Deadline = in.Deadline
		}
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

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}
