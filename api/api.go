// Package api is the service's JSON API (SPEC §5 "API"): uploads, plans and their
// versions and diffs, packages and their files, and runs. It is described by the
// OpenAPI 3.1 document it serves at /api/openapi.json; errors are
// {"error": {"code", "message"}} with a Swedish message and the status of the one
// table in Status.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/config"
	"handlingsplan/metrics"
	"handlingsplan/sources"
	"handlingsplan/store"
)

// Options configures New. Store, Uploader and OutputDir are required.
type Options struct {
	Store     *store.Store
	Uploader  Uploader // the inbox: uploads go through the same path as dropped files
	Builder   Builder  // the build queue; nil answers POST /api/runs with 503
	OutputDir string   // the output folder; package files are served only from inside it
	// Config is the configuration, for fastställande (its calendar and catalog);
	// nil answers POST /api/plans/{name}/adoptions with 503.
	Config *config.Config
	// DecisionsChanged, optional, is told the plans whose decision trails a
	// request changed, so that the packages that show them are built again.
	DecisionsChanged func(ctx context.Context, plans []string)

	// MaxUploadBytes is the largest file accepted (config limits.max_file_mb);
	// 0 means sources.DefaultLimits.MaxFileBytes.
	MaxUploadBytes int64
	// PublicDownloads lets anyone list packages and download their files
	// (auth.public_downloads: auth.Service.PublicDownloads()).
	PublicDownloads bool

	// CrossOrigin guards POST routes against cross-site browser requests; nil
	// uses http.NewCrossOriginProtection(). Pass the web server's, so trusted
	// origins are configured once.
	CrossOrigin *http.CrossOriginProtection
	Metrics     *metrics.Metrics // optional: submissions are counted here
	Log         *slog.Logger     // optional
}

// multipartSlack is what the multipart framing around the file may add to the
// request body: boundaries and part headers.
const multipartSlack = 64 << 10

// Handler serves the API under /api/. Mount it on the web server's mux as
// mux.Handle("/api/", h), without http.StripPrefix: its patterns include /api.
// Each route calls metrics.Record, so metrics.Middleware counts requests by the
// API's own pattern wherever it sits in the chain.
type Handler struct {
	opts Options
	log  *slog.Logger
	mux  *http.ServeMux
}

// New returns the API handler.
func New(opts Options) (*Handler, error) {
	switch {
	case opts.Store == nil:
		return nil, errors.New("api: no store")
	case opts.Uploader == nil:
		return nil, errors.New("api: no uploader")
	case opts.OutputDir == "":
		return nil, errors.New("api: no output folder")
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = sources.DefaultLimits.MaxFileBytes
	}
	if opts.CrossOrigin == nil {
		opts.CrossOrigin = http.NewCrossOriginProtection()
	}
	if err := os.MkdirAll(opts.OutputDir, 0o755); err != nil {
		return nil, errors.New("api: output folder: " + err.Error())
	}
	h := &Handler{opts: opts, log: opts.Log, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.routes()
	return h, nil
}

// Routes are the API's ServeMux patterns, for the OpenAPI test and the metrics.
func Routes() []string { return slices.Clone(routes) }

var routes = []string{
	"POST /api/submissions",
	"GET /api/plans",
	"GET /api/plans/{name}/versions",
	"GET /api/plans/{name}/diff",
	"GET /api/plans/{name}/adoptions",
	"POST /api/plans/{name}/adoptions",
	"GET /api/plans/{name}/decisions",
	"POST /api/plans/{name}/decisions",
	"POST /api/decisions/worklist",
	"GET /api/packages",
	"GET /api/packages/{id}",
	"GET /api/packages/{id}/files/{file}",
	"POST /api/runs",
	"GET /api/runs/{id}",
	"GET /api/openapi.json",
}

func (h *Handler) routes() {
	// State-changing routes refuse cross-site browser requests, in JSON.
	post := func(fn http.HandlerFunc) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := h.opts.CrossOrigin.Check(r); err != nil {
				h.writeError(w, r, apperr.Wrap(apperr.Forbidden, "Begäran kom från en annan webbplats och har stoppats. "+
					"Använd handlingsplanens egen webbsida, eller API:t utan webbläsare.", "api.cross-origin", err))
				return
			}
			fn(w, r)
		})
	}
	handlers := map[string]http.Handler{
		"POST /api/submissions":               post(h.postSubmission),
		"GET /api/plans":                      http.HandlerFunc(h.getPlans),
		"GET /api/plans/{name}/versions":      http.HandlerFunc(h.getVersions),
		"GET /api/plans/{name}/diff":          http.HandlerFunc(h.getDiff),
		"GET /api/plans/{name}/adoptions":     http.HandlerFunc(h.getAdoptions),
		"POST /api/plans/{name}/adoptions":    post(h.postAdoption),
		"GET /api/plans/{name}/decisions":     http.HandlerFunc(h.getDecisions),
		"POST /api/plans/{name}/decisions":    post(h.postDecision),
		"POST /api/decisions/worklist":        post(h.postWorkList),
		"GET /api/packages":                   http.HandlerFunc(h.getPackages),
		"GET /api/packages/{id}":              http.HandlerFunc(h.getPackage),
		"GET /api/packages/{id}/files/{file}": http.HandlerFunc(h.getPackageFile),
		"POST /api/runs":                      post(h.postRun),
		"GET /api/runs/{id}":                  http.HandlerFunc(h.getRun),
		"GET /api/openapi.json":               http.HandlerFunc(serveOpenAPI),
	}
	for _, p := range routes {
		h.mux.Handle(p, metrics.Recorded(handlers[p]))
	}
	// Everything else under /api/ answers in JSON too, not with the mux's text:
	// 405 for a path that exists with another method, else 404.
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, p := h.mux.Handler(probe); p != "/api/" && p != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			h.writeError(w, r, errNotFound)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{errorObject{apperr.Invalid,
			"Adressen finns, men inte för " + r.Method + "; använd " + strings.Join(allow, " eller ") + "."}})
	})
}

// ServeHTTP serves the API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// need returns the signed-in user when their role is at least role, and
// otherwise answers 401 (nobody signed in) or 403 (a role that may not) and
// returns ok false.
func (h *Handler) need(w http.ResponseWriter, r *http.Request, role auth.Role, what string) (auth.User, bool) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		h.writeError(w, r, errSignIn)
		return auth.User{}, false
	}
	if u.Role < role {
		h.writeError(w, r, forbidden(u, what))
		return auth.User{}, false
	}
	return u, true
}

// needDownload is need for package listings and files, which anyone may read
// when downloads are public.
func (h *Handler) needDownload(w http.ResponseWriter, r *http.Request) (auth.User, bool) {
	if h.opts.PublicDownloads {
		u, _ := auth.FromContext(r.Context())
		return u, true
	}
	return h.need(w, r, auth.Reader, "hämta paket")
}

// parseID reads a positive decimal id from a path segment: digits only, so that
// "+1", "0x1" and "1e3" are refused rather than read as some other number.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
