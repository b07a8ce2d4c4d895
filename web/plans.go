package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"handlingsplan/adoption"
	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// planData is a plan's page: the current version, its history and a diff between
// two versions chosen in a GET form.
type planData struct {
	Name     string
	Forum    *plan.Forum
	Current  *store.Version
	History  []store.Version
	From, To int
	Diff     *plan.Diff
	DiffErr  string
	Statuses []plan.Status

	Adoptions []store.Adoption // newest version first
	Adopt     adoptForm
}

// adoptForm is the admin's Fastställ form: the forum's meetings to choose from,
// what was chosen and, after a failed post, the error next to its field.
type adoptForm struct {
	Meetings   []config.Meeting
	Meeting    string // YYYY-MM-DD chosen
	Version    int    // chosen; 0: the latest
	MeetingErr string
	VersionErr string
	Done       string // after a redirect: what was recorded
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	s.showPlan(w, r, http.StatusOK, adoptForm{})
}

// showPlan renders the plan's page with code (unless the diff form is wrong) and
// the Fastställ form's state f.
func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, code int, f adoptForm) {
	name, forum, ok := s.d.Config.Catalog.Area(r.PathValue("name"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "Det finns inget programområde eller någon samverkansgrupp som heter "+
			strconv.Quote(r.PathValue("name"))+". Välj en plan på översikten.")
		return
	}
	ctx := r.Context()
	d := planData{Name: name, Forum: forum, Statuses: plan.Statuses}
	hist, err := s.d.Store.History(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	// Newest first on the page.
	for i := len(hist) - 1; i >= 0; i-- {
		d.History = append(d.History, hist[i])
	}
	if len(d.History) > 0 {
		d.Current = &d.History[0]
	}
	if d.Adoptions, err = s.d.Store.Adoptions(ctx, name); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, _, ms, err := s.d.Config.AdoptionMeetings(name); err == nil {
		f.Meetings = ms
	}
	if f.Meeting == "" {
		f.Meeting = nearestMeeting(f.Meetings, s.d.Now())
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("faststalld")); err == nil && r.Method == http.MethodGet {
		for _, a := range d.Adoptions {
			if a.Version == n {
				f.Done = "Version " + strconv.Itoa(n) + " är registrerad som fastställd."
				break
			}
		}
	}
	d.Adopt = f
	if len(hist) >= 2 {
		d.From, d.To = hist[len(hist)-2].Number, hist[len(hist)-1].Number
		q := r.URL.Query()
		if q.Has("fran") || q.Has("till") {
			from, err1 := strconv.Atoi(q.Get("fran"))
			to, err2 := strconv.Atoi(q.Get("till"))
			vf, vt := versionNumber(hist, from), versionNumber(hist, to)
			switch {
			case err1 != nil || err2 != nil || vf == nil || vt == nil:
				d.DiffErr = "Välj två versioner som finns, mellan 1 och " + strconv.Itoa(len(hist)) + "."
				code = http.StatusUnprocessableEntity
			default:
				d.From, d.To = from, to
			}
		}
		if d.DiffErr == "" {
			diff := plan.Compare(versionNumber(hist, d.From).Plan, versionNumber(hist, d.To).Plan)
			d.Diff = &diff
		}
	}
	s.render(w, r, code, "plan", view{Title: name, Nav: "oversikt", Data: d})
}

// nearestMeeting is the day of the last meeting up to now, else the first one:
// the meeting the form proposes.
func nearestMeeting(ms []config.Meeting, now time.Time) string {
	pick := ""
	for _, m := range ms {
		if pick == "" || !m.Date.After(now) {
			pick = m.Date.Format("2006-01-02")
		}
	}
	return pick
}

// adopt records the admin's Fastställ form through adoption.Adopt, as the
// command line does, and shows the page again: after a redirect on success,
// with the message next to the field otherwise.
func (s *Server) adopt(w http.ResponseWriter, r *http.Request) {
	u, ok := s.need(w, r, RoleAdmin)
	if !ok {
		return
	}
	name, _, ok := s.d.Config.Catalog.Area(r.PathValue("name"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "Det finns inget programområde eller någon samverkansgrupp som heter "+
			strconv.Quote(r.PathValue("name"))+". Välj en plan på översikten.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := adoptForm{Meeting: r.PostFormValue("mote")}
	day, err := time.ParseInLocation("2006-01-02", f.Meeting, time.Local)
	if err != nil {
		f.MeetingErr = "Välj mötet då planen fastställdes."
	}
	if v := r.PostFormValue("version"); v != "" {
		if f.Version, err = strconv.Atoi(v); err != nil || f.Version < 1 {
			f.Version, f.VersionErr = 0, "Välj en version i listan."
		}
	}
	if f.MeetingErr != "" || f.VersionErr != "" {
		s.showPlan(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	ad, _, err := adoption.Adopt(r.Context(), s.d.Config, s.d.Store, adoption.Request{Plan: name, Meeting: day, Version: f.Version, By: u.Name})
	if err != nil {
		code := s.d.Status(err)
		if code >= 500 {
			s.fail(w, r, err)
			return
		}
		if apperr.CodeOf(err) == apperr.NotFound {
			f.VersionErr = apperr.MessageOf(err)
		} else {
			f.MeetingErr, code = apperr.MessageOf(err), http.StatusUnprocessableEntity
		}
		s.showPlan(w, r, code, f)
		return
	}
	q := url.Values{"faststalld": {strconv.Itoa(ad.Version)}}
	http.Redirect(w, r, "/planer/"+url.PathEscape(name)+"?"+q.Encode()+"#faststallande", http.StatusSeeOther)
}

func versionNumber(hist []store.Version, n int) *store.Version {
	for i := range hist {
		if hist[i].Number == n {
			return &hist[i]
		}
	}
	return nil
}

// errNoSuch is the not-found error for a thing named in the request.
func errNoSuch(msg string) error { return apperr.New(apperr.NotFound, msg) }

// filledTemplate downloads the plan's latest version as a pre-filled Excel or
// PowerPoint template (mall.xlsx, mall.pptx) with the activity ids, as
// "handlingsplan template --plan" writes it, for the owner to update and submit
// again.
func (s *Server) filledTemplate(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	name, _, ok := s.d.Config.Catalog.Area(r.PathValue("name"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "Det finns inget programområde eller någon samverkansgrupp som heter "+
			strconv.Quote(r.PathValue("name"))+". Välj en plan på översikten.")
		return
	}
	v, err := s.d.Store.TemplateVersion(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, "Ingen version av "+name+" har lämnats in ännu. Hämta den tomma mallen under Mallar.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	ext := ".xlsx"
	if strings.HasSuffix(r.Pattern, ".pptx") {
		ext = ".pptx"
		err = deck.FilledTemplate(&buf, &s.d.Config.Catalog, report.Entry{Plan: v.Plan, Version: v.Number, Received: v.Received})
	} else {
		err = exceltemplate.Write(&buf, &s.d.Config.Catalog, exceltemplate.Options{Plan: v.Plan, Modified: v.Received})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file := "Handlingsplan-" + strings.ReplaceAll(name, " ", "-") + "-v" + strconv.Itoa(v.Number) + ext
	download(w, file)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": file}))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}
