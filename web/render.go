package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"handlingsplan/plan"
	"handlingsplan/report"
)

//go:embed templates/*.html static/*
var embedded embed.FS

var staticFS = mustSub(embedded, "static")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// pages holds one parsed template set per page, each with the shared layout.
type pages map[string]*template.Template

func parsePages() (pages, error) {
	names, err := fs.Glob(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := pages{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(embedded, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		p[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title    string // the page's heading and the first part of <title>
	Nav      string // which navigation entry is current
	User     User
	SignedIn bool
	Version  string
	Refresh  int    // seconds until the browser reloads the page (Refresh header); 0: never
	Path     string // the request path, for "return here after signing in"
	Data     any
}

func (v view) Can(r string) bool {
	switch r {
	case "submit":
		return v.User.Role >= RoleSubmitter
	case "admin":
		return v.User.Role >= RoleAdmin
	}
	return v.User.Role >= RoleReader
}

// render writes a page with the given status. The page is rendered into a buffer
// first, so that a template error gives an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, v view) {
	t, ok := s.pages[name]
	if !ok {
		panic("web: no page " + name)
	}
	v.User, v.SignedIn = s.d.Auth.User(r.Context())
	v.Version = s.d.Version
	v.Path = r.URL.RequestURI()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.d.Log.Error("render page", "page", name, "err", err)
		http.Error(w, "Ett internt fel inträffade.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if v.Refresh > 0 {
		// A header, not <meta>: the page says that it reloads and links to a
		// version that does not (WCAG 2.2.1: the user can turn it off).
		h.Set("Refresh", strconv.Itoa(v.Refresh))
	}
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// errorPage shows a Swedish message with the status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, msg string) {
	title := map[int]string{
		http.StatusBadRequest:            "Felaktig begäran",
		http.StatusUnauthorized:          "Logga in",
		http.StatusForbidden:             "Åtkomst nekad",
		http.StatusNotFound:              "Finns inte",
		http.StatusConflict:              "Går inte just nu",
		http.StatusRequestEntityTooLarge: "För stor fil",
		http.StatusUnprocessableEntity:   "Kan inte behandlas",
		http.StatusServiceUnavailable:    "Tjänsten är upptagen",
	}[code]
	if title == "" {
		title = "Något gick fel"
	}
	s.render(w, r, code, "error", view{Title: title, Data: struct {
		Code    int
		Message string
	}{code, msg}})
}

var funcs = template.FuncMap{
	"date":     report.Date,
	"isodate":  report.ShortDate,
	"datetime": dateTime,
	"stamp":    stamp,
	"statusClass": func(s plan.Status) string {
		if s == plan.StatusNone {
			return "none"
		}
		return string(s)
	},
	"statusSymbol":   report.StatusSymbol,
	"size":           size,
	"add":            func(a, b int) int { return a + b },
	"planURL":        func(name string) string { return "/planer/" + url.PathEscape(name) },
	"count":          report.Count,
	"problemTable":   func(caption string, ps plan.Problems) problemTable { return problemTable{caption, ps} },
	"problemCount":   problemCount,
	"fileKind":       fileKind,
	"refreshSeconds": func() int { return refreshSeconds },
}

// problemTable is the argument of the shared "problems" template.
type problemTable struct {
	Caption  string
	Problems plan.Problems
}

// problemCount is "2 fel och 1 varning", or "Inga problem".
func problemCount(ps plan.Problems) string {
	e, w := ps.Count()
	var parts []string
	if e > 0 {
		parts = append(parts, fmt.Sprintf("%d fel", e))
	}
	switch {
	case w == 1:
		parts = append(parts, "1 varning")
	case w > 1:
		parts = append(parts, fmt.Sprintf("%d varningar", w))
	}
	if len(parts) == 0 {
		return "Inga problem"
	}
	return strings.Join(parts, " och ")
}

// fileKind names a package file by what it is.
func fileKind(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pptx":
		return "Presentation (PowerPoint)"
	case ".pdf":
		return "Rapport (PDF)"
	case ".xlsx":
		return "Arbetsbok (Excel)"
	case ".zip":
		return "Zip"
	case ".json":
		return "Innehållsförteckning (JSON)"
	}
	return name
}

// dateTime is "2 december 2026 kl. 14:05" in local time; "–" for the zero time.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	t = t.Local()
	return report.Date(t) + " kl.\u00a0" + t.Format("15:04")
}

// stamp is a time for tables, ISO style: "2026-12-02 14:05" in local time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// size is a file size the Swedish way: "1,2\u00a0MB".
func size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d\u00a0byte", n)
	case n < 1000*1000:
		return strings.Replace(fmt.Sprintf("%.0f\u00a0kB", float64(n)/1000), ".", ",", 1)
	}
	return strings.Replace(fmt.Sprintf("%.1f\u00a0MB", float64(n)/1e6), ".", ",", 1)
}
