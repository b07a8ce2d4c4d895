// Package web is the service's web page: server-rendered Swedish pages (html/template,
// embedded) that work without JavaScript, for signing in, submitting plans, following
// the overview and the runs, and downloading packages and templates.
//
// The web package depends on small interfaces for what other packages provide (the
// build queue, the scheduler, sign-in, uploads), so that cmd/handlingsplan wires the
// real types and tests can start the whole server.
package web

import (
	"context"
	"errors"
	"fmt"
	"handlingsplan/api"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/inbox"
	"handlingsplan/metrics"
	"handlingsplan/store"
)

// Role is what a signed-in user may do; each role includes the ones below it.
type Role int

// The roles of SPEC §5.
const (
	RoleNone      Role = iota // not signed in
	RoleReader                // läsare: read and download
	RoleSubmitter             // inlämnare: also upload
	RoleAdmin                 // admin: also runs
)

// String is the role's Swedish name.
func (r Role) String() string {
	switch r {
	case RoleReader:
		return "läsare"
	case RoleSubmitter:
		return "inlämnare"
	case RoleAdmin:
		return "admin"
	}
	return "ingen"
}

// User is the signed-in user.
type User struct {
	Name string
	Role Role
}

// Auth signs users in and out and tells who is signed in.
type Auth interface {
	// Middleware finds the session (or token) and puts the user into the request's
	// context, where User reads it; it never rejects.
	Middleware(next http.Handler) http.Handler
	User(ctx context.Context) (User, bool)
	PasswordSignIn(w http.ResponseWriter, r *http.Request, name, password string) (User, error)
	OIDCEnabled() bool
	PasswordEnabled() bool // local accounts exist: the password form can work
	BeginOIDC(w http.ResponseWriter, r *http.Request, returnTo string)
	FinishOIDC(w http.ResponseWriter, r *http.Request) (u User, returnTo string, err error)
	SignOut(w http.ResponseWriter, r *http.Request) error
}

// Builds is the build queue (*build.Queue).
type Builds interface {
	Submit(ctx context.Context, r build.Request) (runID int64, joined bool, err error)
	Progress(runID int64) (build.Progress, bool)
}

// Planned is one coming build, with its label in plain Swedish.
type Planned struct {
	At    time.Time
	Label string
}

// Uploader takes one uploaded file through the inbox.
type Uploader interface {
	Upload(ctx context.Context, name string, r io.Reader, submitter string) (inbox.FileResult, error)
}

// Deps is what the web page is built from. Config, Store, Auth, Uploads and Builds
// are required.
type Deps struct {
	Config  *config.Config
	Store   *store.Store
	Auth    Auth
	Uploads Uploader
	Builds  Builds
	// DecisionsChanged, optional, is told the plans whose decision trails a
	// request changed, so that the packages that show them are built again.
	DecisionsChanged func(ctx context.Context, plans []string)
	// Upcoming lists the next n scheduled builds; nil shows none.
	Upcoming func(n int) []Planned
	// Status maps an application error to its HTTP status; nil uses api.Status, the one table.
	Status func(err error) int
	// CrossOrigin guards every state-changing request; nil makes one. Pass the
	// API's, so that trusted origins are configured once.
	CrossOrigin *http.CrossOriginProtection
	// API and Metrics, when set, are served under /api/ and at /metrics.
	API     http.Handler
	Metrics http.Handler
	// PublicDownloads lets anyone download packages without signing in.
	PublicDownloads bool
	// MaxUploadBytes caps one request to Lämna in; 0 means 100 MB.
	MaxUploadBytes int64
	// Version is shown in the footer.
	Version string
	Log     *slog.Logger
	Now     func() time.Time
}

// Server is the web page.
type Server struct {
	d     Deps
	pages pages
	mux   *http.ServeMux
	h     http.Handler
}

// New checks the dependencies and parses the templates.
func New(d Deps) (*Server, error) {
	switch {
	case d.Config == nil:
		return nil, errors.New("web: no config")
	case d.Store == nil:
		return nil, errors.New("web: no store")
	case d.Auth == nil:
		return nil, errors.New("web: no auth")
	case d.Uploads == nil:
		return nil, errors.New("web: no uploader")
	case d.Builds == nil:
		return nil, errors.New("web: no build queue")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Status == nil {
		d.Status = api.Status
	}
	if d.MaxUploadBytes <= 0 {
		d.MaxUploadBytes = 100 << 20
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{d: d, pages: p, mux: http.NewServeMux()}
	s.routes()
	cop := d.CrossOrigin
	if cop == nil {
		cop = http.NewCrossOriginProtection()
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.d.Log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		s.errorPage(w, r, http.StatusForbidden, "Begäran kom från en annan webbplats och avvisades. Öppna sidan på nytt och skicka formuläret därifrån.")
	}))
	s.h = s.recoverer(s.logged(securityHeaders(cop.Handler(d.Auth.Middleware(s.mux)))))
	return s, nil
}

// ServeHTTP serves the web page, the API and the health check.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

func (s *Server) routes() {
	m := recordingMux{s.mux}
	m.HandleFunc("GET /{$}", s.overview)
	m.HandleFunc("GET /planer/{name}", s.planPage)
	m.HandleFunc("POST /planer/{name}/faststall", s.adopt)
	m.HandleFunc("GET /planer/{name}/mall.xlsx", s.filledTemplate)
	m.HandleFunc("GET /planer/{name}/mall.pptx", s.filledTemplate)
	m.HandleFunc("GET /beslut", s.decisionsPage)
	m.HandleFunc("POST /beslut", s.recordDecision)
	m.HandleFunc("POST /beslut/arbetslista", s.uploadWorkList)
	m.HandleFunc("GET /lamna-in", s.submitForm)
	m.HandleFunc("POST /lamna-in", s.submit)
	m.HandleFunc("GET /inlamningar", s.submissions)
	m.HandleFunc("GET /inlamningar/{id}", s.submission)
	m.HandleFunc("GET /paket", s.packages)
	m.HandleFunc("GET /paket/{id}/{file}", s.packageFile)
	m.HandleFunc("GET /mallar", s.templatesPage)
	m.HandleFunc("GET /mallar/{file}", s.templateFile)
	m.HandleFunc("GET /korningar", s.runs)
	m.HandleFunc("POST /korningar", s.runNow)
	m.HandleFunc("GET /korningar/{id}", s.runPage)
	m.HandleFunc("GET /logga-in", s.signInForm)
	m.HandleFunc("POST /logga-in", s.signIn)
	m.HandleFunc("GET /logga-in/oidc", s.signInOIDC)
	m.HandleFunc("GET /auth/callback", s.oidcCallback)
	m.HandleFunc("POST /logga-ut", s.signOut)
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /static/{file}", s.static)
	if s.d.API != nil {
		s.mux.Handle("/api/", s.d.API) // records its own routes
	}
	if s.d.Metrics != nil {
		m.Handle("GET /metrics", s.d.Metrics)
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusNotFound, "Sidan finns inte. Kontrollera adressen eller börja på översikten.")
	})
}

// static serves the stylesheet; nothing but the embedded files.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if fi, err := fs.Stat(staticFS, name); err != nil || fi.IsDir() {
		s.errorPage(w, r, http.StatusNotFound, "Filen finns inte.")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFS, name)
}

// recordingMux registers handlers that name their route for the request
// metrics (metrics.Record), which the auth middleware's copy of the request hides.
type recordingMux struct{ *http.ServeMux }

func (m recordingMux) HandleFunc(pattern string, h http.HandlerFunc) {
	m.ServeMux.Handle(pattern, metrics.Recorded(h))
}

func (m recordingMux) Handle(pattern string, h http.Handler) {
	m.ServeMux.Handle(pattern, metrics.Recorded(h))
}

// healthz answers 200 when the store answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.d.Store.Ping(ctx); err != nil {
		s.d.Log.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "databasen svarar inte")
		return
	}
	fmt.Fprintln(w, "ok")
}

// fail shows err as a Swedish page with its status; internal details are logged only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := s.d.Status(err)
	if code >= 500 {
		s.d.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.errorPage(w, r, code, apperr.MessageOf(err))
}

// securityHeaders sets the headers every response carries: no inline script, no
// framing, no sniffing, no referrer to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logged logs one line per request.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		lvl := slog.LevelInfo
		if sw.status >= 500 {
			lvl = slog.LevelError
		}
		s.d.Log.Log(r.Context(), lvl, "http request", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "duration_ms", time.Since(start).Milliseconds())
	})
}

// recoverer turns a panic into a Swedish error page and a logged stack.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.d.Log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.errorPage(w, r, http.StatusInternalServerError, apperr.InternalMessage)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// openOutput opens the output folder as a root, so that no name can leave it.
func (s *Server) openOutput() (*os.Root, error) {
	root, err := os.OpenRoot(s.d.Config.OutputDir)
	if err != nil {
		return nil, apperr.Wrap(apperr.NotFound, "Inga paket har byggts ännu.", "web.openOutput", err)
	}
	return root, nil
}
