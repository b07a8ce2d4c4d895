package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/decision"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// decisionsData is the Beslut page: every plan's proposals with their trails,
// for admins a form per proposal and the upload of the SVN working list.
type decisionsData struct {
	Plans     []planProposals
	Stages    []plan.Stage
	Assess    []plan.Outcome
	Decide    []plan.Outcome
	Today     string
	Done      string // after a redirect: what was recorded
	Form      decisionForm
	List      *decision.ListResult // after an upload
	ListError string               // next to the upload field
}

// planProposals are one plan's proposals on the page.
type planProposals struct {
	Name      string
	Proposals []proposalView
}

// proposalView is one proposal: its trail and the text of its Beslutsläge.
type proposalView struct {
	decision.Proposal
	State  string
	Anchor string
}

// decisionForm is a posted step and, after a failure, the message next to it.
type decisionForm struct {
	Plan, Activity, Stage, Outcome, Date, Note string
	Error                                      string
}

func (s *Server) decisionsPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	d := decisionsData{}
	if r.URL.Query().Has("registrerat") {
		d.Done = "Steget är registrerat. Paketen som visar förslaget byggs om."
	}
	s.showDecisions(w, r, http.StatusOK, d)
}

// showDecisions renders the page with d's form state.
func (s *Server) showDecisions(w http.ResponseWriter, r *http.Request, code int, d decisionsData) {
	ctx := r.Context()
	for _, name := range s.d.Config.Catalog.AllAreas() {
		ps, err := decision.Proposals(ctx, s.d.Config, s.d.Store, name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(ps) == 0 {
			continue
		}
		pp := planProposals{Name: name}
		for _, p := range ps {
			pp.Proposals = append(pp.Proposals, proposalView{Proposal: p, State: report.TrailLabel(p.Trail), Anchor: "f-" + p.Activity.ID})
		}
		d.Plans = append(d.Plans, pp)
	}
	d.Stages, d.Assess, d.Decide = plan.Stages, plan.Assessments, plan.Decisions
	d.Today = s.d.Now().Format(time.DateOnly)
	s.render(w, r, code, "decisions", view{Title: "Beslut om förslag", Nav: "beslut", Data: d})
}

// recordDecision records the admin's step through decision.Record, as the
// command line does; a failed step shows the page again with the message at
// the proposal's form.
func (s *Server) recordDecision(w http.ResponseWriter, r *http.Request) {
	u, ok := s.need(w, r, RoleAdmin)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := decisionForm{Plan: r.PostFormValue("plan"), Activity: r.PostFormValue("aktivitet"), Stage: r.PostFormValue("steg"),
		Outcome: r.PostFormValue("utfall"), Date: r.PostFormValue("datum"), Note: r.PostFormValue("anteckning")}
	// The form shows again what was chosen, in the codes of its options.
	if st, err := plan.ParseStage(f.Stage); err == nil {
		f.Stage = string(st)
		if o, err := plan.ParseOutcome(st, f.Outcome); err == nil {
			f.Outcome = string(o)
		}
	}
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f.Date), time.Local)
	if err != nil {
		f.Error = "Ange mötets dag som ÅÅÅÅ-MM-DD, t.ex. 2026-12-10."
		s.showDecisions(w, r, http.StatusUnprocessableEntity, decisionsData{Form: f})
		return
	}
	p, changed, err := decision.Record(r.Context(), s.d.Config, s.d.Store, decision.Request{Plan: f.Plan, Activity: f.Activity,
		Stage: f.Stage, Outcome: f.Outcome, Date: day, Note: f.Note, By: u.Name})
	if err != nil {
		code := s.d.Status(err)
		if code >= 500 {
			s.fail(w, r, err)
			return
		}
		f.Error = apperr.MessageOf(err)
		s.showDecisions(w, r, http.StatusUnprocessableEntity, decisionsData{Form: f})
		return
	}
	if changed {
		s.decisionsChanged(r, []string{p.Plan})
	}
	http.Redirect(w, r, "/beslut?"+url.Values{"registrerat": {p.Activity.ID}}.Encode()+"#f-"+p.Activity.ID, http.StatusSeeOther)
}

// uploadWorkList applies the uploaded SVN working list: all its rows or none,
// with the problems at their cells.
func (s *Server) uploadWorkList(w http.ResponseWriter, r *http.Request) {
	u, ok := s.need(w, r, RoleAdmin)
	if !ok {
		return
	}
	limit := s.d.Config.Limits.MaxFileBytes
	d := decisionsData{}
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	file, hdr, err := r.FormFile("lista")
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			d.ListError = "Filen är för stor: arbetslistan får vara högst " + mb(limit) + "."
		default:
			d.ListError = "Välj den ifyllda arbetslistan (Overenskommelse_….xlsx ur Samverkansnämndens paket)."
		}
		s.showDecisions(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil || int64(len(data)) > limit {
		d.ListError = "Filen är för stor: arbetslistan får vara högst " + mb(limit) + "."
		s.showDecisions(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	res, err := decision.ApplyFile(r.Context(), s.d.Config, s.d.Store, hdr.Filename, data, u.Name, s.d.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.List = &res
	code := http.StatusOK
	if !res.OK() {
		code = http.StatusUnprocessableEntity
	}
	s.decisionsChanged(r, res.Plans)
	s.showDecisions(w, r, code, d)
}

func (s *Server) decisionsChanged(r *http.Request, plans []string) {
	if s.d.DecisionsChanged != nil && len(plans) > 0 {
		s.d.DecisionsChanged(context.WithoutCancel(r.Context()), plans)
	}
}

func mb(n int64) string { return strconv.FormatInt(max(n>>20, 1), 10) + " MB" }
