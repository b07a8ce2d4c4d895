package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"handlingsplan/api"
	"handlingsplan/auth"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/inbox"
	"handlingsplan/metrics"
	"handlingsplan/sources"
	"handlingsplan/store"
)

// service is the API on a real server on loopback, with a real store, inbox and
// output folder in a temp dir.
type service struct {
	t       testing.TB
	url     string
	cfg     *config.Config
	store   *store.Store
	inbox   *inbox.Inbox
	metrics *metrics.Metrics
	client  *http.Client
	data    string
	out     string
	router  routers.Router

	validated atomic.Int64 // responses checked against openapi.json

	decidedMu sync.Mutex
	decided   []string // plans passed to Options.DecisionsChanged
}

// API tokens of the test users, configured as auth.tokens are: by their sha256.
var tokens = map[string]config.AuthToken{
	"lasare-token":    {Name: "lars", Role: config.RoleReader},
	"inlamnare-token": {Name: "ingrid", Role: config.RoleSubmitter},
	"admin-token":     {Name: "anna", Role: config.RoleAdmin},
}

func authConfig(public bool) config.Auth {
	a := config.Auth{PublicDownloads: public}
	for tok, t := range tokens {
		sum := sha256.Sum256([]byte(tok))
		t.SHA256 = hex.EncodeToString(sum[:])
		a.Tokens = append(a.Tokens, t)
	}
	return a
}

type setup struct {
	maxUpload       int64
	publicDownloads bool
	noBuilder       bool
}

func newService(tb testing.TB, s setup) *service {
	tb.Helper()
	dir := tb.TempDir()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.DataDir, cfg.OutputDir = filepath.Join(dir, "data"), filepath.Join(dir, "output")
	if s.maxUpload > 0 {
		cfg.Limits.MaxFileBytes = s.maxUpload
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(filepath.Join(cfg.DataDir, inbox.DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cat, lim := &cfg.Catalog, cfg.Limits
	read := func(in sources.Input) sources.Result { return sources.Read(in, cat, lim) }
	in, err := inbox.New(cfg.DataDir, st, read, sources.ErrorReport, nil)
	if err != nil {
		tb.Fatal(err)
	}
	in.Settle = 0
	in.MaxBytes = lim.MaxFileBytes

	var b api.Builder
	var qlen func() int
	m := metrics.New(metrics.Options{QueueLen: func() int {
		if qlen == nil {
			return 0
		}
		return qlen()
	}})
	if !s.noBuilder {
		q, err := build.New(build.Options{Store: st, Config: cfg, Version: "test", Finished: m.BuildFinished})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			q.Close(ctx)
		})
		b, qlen = q, q.Len
	}
	as, err := auth.New(authConfig(s.publicDownloads), st, auth.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	svc := &service{}
	h, err := api.New(api.Options{
		DecisionsChanged: func(_ context.Context, plans []string) {
			svc.decidedMu.Lock()
			svc.decided = append(svc.decided, plans...)
			svc.decidedMu.Unlock()
		},
		Store: st, Config: cfg, Uploader: in, Builder: b, OutputDir: cfg.OutputDir,
		MaxUploadBytes: lim.MaxFileBytes, PublicDownloads: as.PublicDownloads(), Metrics: m,
		Log: slog.New(slog.NewTextHandler(logOut, nil)),
	})
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	mux.Handle("GET /metrics", m.Handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	// The auth middleware passes on a copy of the request: the API's routes
	// still reach the metrics through metrics.Record.
	srv := &http.Server{Handler: m.Middleware(as.Middleware(mux)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	*svc = service{
		t: tb, url: "http://" + ln.Addr().String(), cfg: cfg, store: st, inbox: in, metrics: m,
		data: cfg.DataDir, out: cfg.OutputDir,
		client: &http.Client{
			Timeout:       60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		},
	}
	svc.router = loadRouter(tb, svc.url)
	return svc
}

// loadRouter loads the embedded OpenAPI document with kin-openapi and validates it.
func loadRouter(tb testing.TB, base string) routers.Router {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		tb.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("openapi.json is not valid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// response is a finished request: status, headers and the whole body.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("body is not JSON: %v\n%s", err, r.body)
	}
}

// errorOf decodes an error body.
func (r response) errorOf(tb testing.TB) (code, message string) {
	tb.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	r.json(tb, &e)
	return e.Error.Code, e.Error.Message
}

// do sends a request as the user of token ("" for nobody) and, when the route is
// in the OpenAPI document, checks the response against it.
func (s *service) do(method, path, token, contentType string, body io.Reader) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: b}
	if err := s.validate(req, r); err != nil {
		s.t.Errorf("%s %s → %d does not match openapi.json: %v\n%.2000s", method, path, r.status, err, b)
	}
	return r
}

// validate checks a real response against the OpenAPI document; requests to
// paths it does not describe are not checked.
func (s *service) validate(req *http.Request, r response) error {
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
			return nil
		}
		return fmt.Errorf("find route: %w", err)
	}
	s.validated.Add(1)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: r.status,
		Header: r.header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		},
	}
	in.SetBodyBytes(r.body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

func (s *service) get(path, token string) response {
	s.t.Helper()
	return s.do(http.MethodGet, path, token, "", nil)
}

// upload posts one file as the multipart field "file".
func (s *service) upload(token, name string, data []byte) response {
	s.t.Helper()
	body, ct := multipartBody(s.t, "file", name, data)
	return s.do(http.MethodPost, "/api/submissions", token, ct, body)
}

func multipartBody(tb testing.TB, field, name string, data []byte) (io.Reader, string) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (s *service) postJSON(path, token string, v any) response {
	s.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do(http.MethodPost, path, token, "application/json", bytes.NewReader(b))
}

func pathEscape(s string) string { return url.PathEscape(s) }

// audited reports whether the audit log has an entry of actor doing action.
func (s *service) audited(actor, action string) bool {
	s.t.Helper()
	log, err := s.store.AuditLog(context.Background(), 1000)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, a := range log {
		if a.Actor == actor && a.Action == action {
			return true
		}
	}
	return false
}

// logOut is where the API's logs go: set HANDLINGSPLAN_TEST_LOG=1 to see them.
var logOut = func() io.Writer {
	if os.Getenv("HANDLINGSPLAN_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}()
