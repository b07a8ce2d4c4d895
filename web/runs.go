package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/plan"
	"handlingsplan/remind"
	"handlingsplan/report"
	"handlingsplan/store"
)

// runForm is the "Kör nu" form with its values and the errors next to its fields.
type runForm struct {
	Audience, Forum, Plan, Meeting string
	Errors                         map[string]string
}

type runsData struct {
	Upcoming []Planned
	History  []runView
	Form     runForm
	Forums   []string
	Plans    []string
	// Reminders are the reminders due today, for admins to send by hand.
	Reminders  []remind.Reminder
	MailByHand bool // no smtp: reminders are sent from the mail links only
}

// runView is one run as the page shows it.
type runView struct {
	store.Run
	What     string
	State    runState
	Progress *build.Progress
	Follow   bool // the page reloads itself while the run is active
}

// runState is a run's status as symbol plus word.
type runState struct {
	Class, Symbol, Word string
	Active              bool
}

// stateOf reads both the store's status words and the build queue's Swedish ones.
func stateOf(status string) runState {
	switch status {
	case "köad", "queued":
		return runState{"queued", "…", "Köad", true}
	case "pågår", "running":
		return runState{"running", "▶", "Pågår", true}
	case "klar", "ok":
		return runState{"ok", "✓", "Klar", false}
	case "misslyckad", "failed":
		return runState{"failed", "✗", "Misslyckad", false}
	case "avbruten":
		return runState{"aborted", "■", "Avbruten", false}
	}
	return runState{"none", "–", status, false}
}

// runWhat describes a run's packages in Swedish.
func runWhat(r store.Run) string {
	var s string
	switch r.Audience {
	case "all":
		s = "Alla paket"
	case build.AudienceSite:
		s = "Den publika webbplatsen"
	case string(plan.AudienceKR):
		s = "Alla kunskapsråd"
		if r.Forum != "" {
			s = r.Forum
		}
	case string(plan.AudiencePlan):
		s = "Alla handlingsplaner"
		if r.Plan != "" {
			s = "Handlingsplan " + r.Plan
		}
	default:
		s = plan.Audience(r.Audience).Label()
		if r.Forum != "" {
			s += " – " + r.Forum
		}
	}
	if !r.Meeting.IsZero() {
		s += " inför mötet " + report.Date(r.Meeting)
	}
	return s
}

func (s *Server) runsData(ctx context.Context) (runsData, error) {
	d := runsData{Forums: s.d.Config.Councils(), Plans: s.d.Config.Catalog.AllAreas(), MailByHand: s.d.Config.SMTP == nil}
	if s.d.Upcoming != nil {
		d.Upcoming = s.d.Upcoming(10)
	}
	runs, err := s.d.Store.Runs(ctx, 50)
	if err != nil {
		return d, err
	}
	if u, ok := s.d.Auth.User(ctx); ok && u.Role >= RoleAdmin {
		if d.Reminders, err = remind.DueNow(ctx, s.d.Config, s.d.Store, s.d.Now()); err != nil {
			return d, err
		}
	}
	for _, r := range runs {
		d.History = append(d.History, s.runView(r))
	}
	return d, nil
}

func (s *Server) runView(r store.Run) runView {
	v := runView{Run: r, What: runWhat(r), State: stateOf(string(r.Outcome))}
	if p, ok := s.d.Builds.Progress(r.ID); ok {
		v.Progress = &p
		v.State.Active = true
	}
	return v
}

func (s *Server) runs(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	d, err := s.runsData(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "runs", view{Title: "Körningar", Nav: "korningar", Data: d})
}

// runNow queues a build by hand (admins) and shows its progress page.
func (s *Server) runNow(w http.ResponseWriter, r *http.Request) {
	u, ok := s.need(w, r, RoleAdmin)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Formuläret kunde inte läsas. Försök igen.")
		return
	}
	f := runForm{Audience: r.PostFormValue("malgrupp"), Forum: r.PostFormValue("forum"),
		Plan: r.PostFormValue("plan"), Meeting: strings.TrimSpace(r.PostFormValue("mote")), Errors: map[string]string{}}
	req := build.Request{Audience: f.Audience, Reason: "manuell", By: u.Name}
	switch f.Audience {
	case "all", "rsl", "svn", build.AudienceSite:
	case "kr":
		if f.Forum != "" {
			if fo, ok := s.d.Config.Catalog.Forum(f.Forum); !ok || fo.Kind != plan.ForumKR {
				f.Errors["forum"] = "Välj ett av kunskapsråden i listan."
			}
			req.Forum = f.Forum
		}
	case "plan":
		if f.Plan != "" {
			name, _, ok := s.d.Config.Catalog.Area(f.Plan)
			if !ok {
				f.Errors["plan"] = "Välj en plan i listan."
			}
			req.Plan = name
		}
	default:
		f.Errors["malgrupp"] = "Välj vad som ska byggas: kunskapsråd, RSL, överenskommelse, handlingsplaner eller alla."
	}
	if f.Meeting != "" {
		t, err := time.ParseInLocation("2006-01-02", f.Meeting, time.Local)
		if err != nil {
			f.Errors["mote"] = "Skriv mötesdatumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-03, eller lämna fältet tomt för nästa möte."
		}
		req.Meeting = t
	}
	if len(f.Errors) == 0 {
		id, joined, err := s.d.Builds.Submit(r.Context(), req)
		if err == nil {
			detail := "köad"
			if joined {
				detail = "ansluten till en redan köad körning"
			}
			s.audit(r, u, "körning", "körning "+strconv.FormatInt(id, 10)+": "+runWhat(store.Run{Audience: req.Audience,
				Forum: req.Forum, Plan: req.Plan, Meeting: req.Meeting}), detail)
			http.Redirect(w, r, "/korningar/"+strconv.FormatInt(id, 10)+"?folj=1", http.StatusSeeOther)
			return
		}
		if code := s.d.Status(err); code >= 500 {
			s.fail(w, r, err)
			return
		}
		f.Errors["malgrupp"] = apperr.MessageOf(err)
	}
	d, err := s.runsData(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Form = f
	s.render(w, r, http.StatusUnprocessableEntity, "runs", view{Title: "Körningar", Nav: "korningar", Data: d})
}

// runPage shows one run. Followed (?folj=1, where "Kör nu" leads), the page
// reloads itself every few seconds while the run is active, so that progress shows
// without JavaScript; it says so and links to a page that stays still.
func (s *Server) runPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound, "Det finns ingen sådan körning.")
		return
	}
	follow := r.URL.Query().Get("folj") == "1"
	run, err := s.run(r.Context(), id)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			if p, ok := s.d.Builds.Progress(id); ok { // queued, not yet recorded
				v := runView{Run: store.Run{ID: id}, What: "Körning " + strconv.FormatInt(id, 10), State: stateOf("köad"), Progress: &p}
				v.State.Active, v.Follow = true, follow
				s.render(w, r, http.StatusOK, "run", view{Title: "Körning " + strconv.FormatInt(id, 10), Nav: "korningar", Refresh: refreshFor(v), Data: v})
				return
			}
		}
		s.fail(w, r, err)
		return
	}
	v := s.runView(run)
	v.Follow = follow
	s.render(w, r, http.StatusOK, "run", view{Title: "Körning " + strconv.FormatInt(id, 10), Nav: "korningar", Refresh: refreshFor(v), Data: v})
}

func (s *Server) run(ctx context.Context, id int64) (store.Run, error) {
	r, err := s.d.Store.RunByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, errNoSuch("Det finns ingen körning med nummer " + strconv.FormatInt(id, 10) + ".")
	}
	return r, err
}

// refreshSeconds is how often a followed run's page reloads.
const refreshSeconds = 3

func refreshFor(v runView) int {
	if v.Follow && v.State.Active {
		return refreshSeconds
	}
	return 0
}
