package web

import (
	"errors"
	"net/http"
	"strconv"

	"handlingsplan/apperr"
	"handlingsplan/plan"
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
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
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
	code := http.StatusOK
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
