package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/auth/password"
	"handlingsplan/config"
	"handlingsplan/store"
)

// clock is a settable time source for session expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// hashes are made once, with cheap parameters (read from the hash like any
// others): argon2id at the default cost takes a moment each, more under -race.
var hashes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, pw := range []string{"anna-lösen-1", "bertil-lösen-2"} {
		h, err := password.NewWithParams(pw, password.Params{MemoryKiB: 64, Time: 1, Threads: 1})
		if err != nil {
			panic(err)
		}
		m[pw] = h
	}
	return m
})

const apiToken = "hp_test_4f1c2b9e8d7a6b5c"

func testAuth() config.Auth {
	sum := sha256.Sum256([]byte(apiToken))
	return config.Auth{
		Users: []config.AuthUser{
			{Name: "anna", Role: config.RoleAdmin, Password: hashes()["anna-lösen-1"]},
			{Name: "Bertil", Role: config.RoleReader, Password: hashes()["bertil-lösen-2"]},
		},
		Tokens:      []config.AuthToken{{Name: "skript-inlamning", Role: config.RoleSubmitter, SHA256: hex.EncodeToString(sum[:])}},
		SessionIdle: 30 * time.Minute,
		SessionMax:  2 * time.Hour,
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "handlingsplan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// site is a relying party on loopback with the routes the web package has,
// thin handlers around the Service.
type site struct {
	*httptest.Server
	svc *auth.Service
	st  *store.Store
}

// newSite starts the site; mkService gets the site's URL (for the OIDC redirect).
func newSite(t *testing.T, mkService func(baseURL string) *auth.Service, st *store.Store) *site {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	s := &site{Server: srv, svc: mkService(srv.URL), st: st}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /logga-in", func(w http.ResponseWriter, r *http.Request) {
		u, err := s.svc.PasswordSignIn(w, r, r.FormValue("name"), r.FormValue("password"))
		writeUser(w, u, "", err)
	})
	mux.HandleFunc("GET /logga-in/oidc", func(w http.ResponseWriter, r *http.Request) {
		s.svc.BeginOIDC(w, r, r.FormValue("next"))
	})
	mux.HandleFunc("GET /auth/callback", func(w http.ResponseWriter, r *http.Request) {
		u, next, err := s.svc.FinishOIDC(w, r)
		writeUser(w, u, next, err)
	})
	mux.HandleFunc("GET /vem", func(w http.ResponseWriter, r *http.Request) {
		u, err := auth.Require(r.Context(), auth.Reader)
		writeUser(w, u, "", err)
	})
	mux.HandleFunc("POST /kor", func(w http.ResponseWriter, r *http.Request) {
		u, err := auth.Require(r.Context(), auth.Admin)
		writeUser(w, u, "", err)
	})
	mux.HandleFunc("POST /logga-ut", func(w http.ResponseWriter, r *http.Request) {
		writeUser(w, auth.User{}, "", s.svc.SignOut(w, r))
	})
	h = s.svc.Middleware(mux)
	return s
}

type result struct {
	Status  int
	Name    string `json:"name"`
	Role    string `json:"role"`
	Method  string `json:"method"`
	Next    string `json:"next"`
	Message string `json:"message"`
}

var statusOf = map[apperr.Code]int{apperr.Unauthorized: 401, apperr.Forbidden: 403, apperr.NotFound: 404, apperr.Unavailable: 503}

func writeUser(w http.ResponseWriter, u auth.User, next string, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		st, ok := statusOf[apperr.CodeOf(err)]
		if !ok {
			st = 500
		}
		w.WriteHeader(st)
		json.NewEncoder(w).Encode(map[string]string{"message": apperr.MessageOf(err)})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"name": u.Name, "role": u.Role.String(), "method": u.Method, "next": next})
}

func readResult(t *testing.T, resp *http.Response, err error) result {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r result
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %d %q is no JSON: %v", resp.Request.URL, resp.StatusCode, b, err)
	}
	r.Status = resp.StatusCode
	return r
}

func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}

func (s *site) signIn(t *testing.T, c *http.Client, name, pw string) result {
	t.Helper()
	resp, err := c.PostForm(s.URL+"/logga-in", url.Values{"name": {name}, "password": {pw}})
	return readResult(t, resp, err)
}

func (s *site) who(t *testing.T, c *http.Client) result {
	t.Helper()
	resp, err := c.Get(s.URL + "/vem")
	return readResult(t, resp, err)
}

func localSite(t *testing.T, cfg config.Auth, clk *clock, secure bool) *site {
	st := openStore(t)
	return newSite(t, func(string) *auth.Service {
		svc, err := auth.New(cfg, st, auth.Options{Now: clk.Now, Secure: secure})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}, st)
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)} }

func TestPasswordSignIn(t *testing.T) {
	clk := newClock()
	s := localSite(t, testAuth(), clk, false)

	t.Run("OK", func(t *testing.T) {
		c := browser(t)
		if r := s.who(t, c); r.Status != 401 || r.Message != "Du behöver logga in först." {
			t.Errorf("before sign-in: %+v", r)
		}
		if r := s.signIn(t, c, " Anna ", "anna-lösen-1"); r.Status != 200 || r.Name != "anna" || r.Role != "admin" || r.Method != "lokal" {
			t.Fatalf("sign-in: %+v", r)
		}
		if r := s.who(t, c); r.Status != 200 || r.Name != "anna" || r.Role != "admin" {
			t.Errorf("after sign-in: %+v", r)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		c := browser(t)
		r := s.signIn(t, c, "Bertil", "fel")
		if r.Status != 401 || r.Message != "Fel användarnamn eller lösenord." {
			t.Errorf("wrong password: %+v", r)
		}
		if r2 := s.signIn(t, c, "ingen-sådan", "fel"); r2.Message != r.Message {
			t.Errorf("unknown name says %q, wrong password %q: they must not differ", r2.Message, r.Message)
		}
		if r := s.who(t, c); r.Status != 401 {
			t.Errorf("signed in after a wrong password: %+v", r)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if r := s.signIn(t, browser(t), "anna", ""); r.Status != 401 || r.Message != "Ange användarnamn och lösenord." {
			t.Errorf("empty password: %+v", r)
		}
	})
	t.Run("RoleTooLow", func(t *testing.T) {
		c := browser(t)
		s.signIn(t, c, "bertil", "bertil-lösen-2")
		resp, err := c.Post(s.URL+"/kor", "", nil)
		if r := readResult(t, resp, err); r.Status != 403 || r.Message != "Det här kräver rollen admin; du har rollen läsare." {
			t.Errorf("reader starting a run: %+v", r)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		log, err := s.st.AuditLog(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			got = append(got, a.Actor+"|"+a.Action+"|"+a.Detail)
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{"anna|inloggning|från 127.0.0.1", "Bertil|inloggning nekad|fel lösenord, från 127.0.0.1",
			"ingen-sådan|inloggning nekad|okänt användarnamn, från 127.0.0.1"} {
			if !strings.Contains(all, want) {
				t.Errorf("audit log lacks %q:\n%s", want, all)
			}
		}
	})
}

func TestDefaultLifetimes(t *testing.T) {
	cfg := testAuth()
	cfg.SessionIdle, cfg.SessionMax = 0, 0 // as a config.Auth built in code may have them
	clk := newClock()
	s := localSite(t, cfg, clk, false)
	c := browser(t)
	s.signIn(t, c, "anna", "anna-lösen-1")
	clk.Add(config.DefaultSessionIdle - time.Minute)
	if r := s.who(t, c); r.Status != 200 {
		t.Errorf("within the default idle time: %+v", r)
	}
}

func TestSessionFixation(t *testing.T) {
	s := localSite(t, testAuth(), newClock(), false)
	c := browser(t)
	s.signIn(t, c, "bertil", "bertil-lösen-2")
	u, _ := url.Parse(s.URL)
	first := c.Jar.Cookies(u)
	// An attacker who planted or learnt the pre-sign-in id gains nothing: the id changes.
	s.signIn(t, c, "anna", "anna-lösen-1")
	second := c.Jar.Cookies(u)
	if len(first) != 1 || len(second) != 1 || first[0].Value == second[0].Value {
		t.Fatalf("session cookie before %v, after %v: want a new id at sign-in", first, second)
	}
	old := browser(t)
	old.Jar.SetCookies(u, first)
	if r := s.who(t, old); r.Status != 401 {
		t.Errorf("the previous session still works: %+v", r)
	}
	if r := s.who(t, c); r.Name != "anna" {
		t.Errorf("new session: %+v", r)
	}
}

func TestSessionExpiry(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration // time passing between requests that use the session
		ok    bool
	}{
		{"InUse", []time.Duration{20 * time.Minute, 20 * time.Minute, 20 * time.Minute}, true},
		{"Idle", []time.Duration{31 * time.Minute}, false},
		{"IdleExactly", []time.Duration{30 * time.Minute}, false},
		{"Absolute", []time.Duration{25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := localSite(t, testAuth(), clk, false)
			c := browser(t)
			s.signIn(t, c, "anna", "anna-lösen-1")
			var r result
			for _, d := range tt.steps {
				clk.Add(d)
				r = s.who(t, c)
			}
			if got := r.Status == 200; got != tt.ok {
				t.Errorf("after %v: %+v, want signed in = %v", tt.steps, r, tt.ok)
			}
			if !tt.ok {
				// Ended is ended: going back in time does not revive it.
				clk.Add(-24 * time.Hour)
				if r := s.who(t, c); r.Status != 401 {
					t.Errorf("an ended session came back: %+v", r)
				}
			}
		})
	}
}

func TestAccountRemoved(t *testing.T) {
	clk := newClock()
	st := openStore(t)
	cfg := testAuth()
	mk := func(cfg config.Auth) *site {
		return newSite(t, func(string) *auth.Service {
			svc, err := auth.New(cfg, st, auth.Options{Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			return svc
		}, st)
	}
	s := mk(cfg)
	c := browser(t)
	s.signIn(t, c, "anna", "anna-lösen-1")
	// The service restarts with anna demoted and Bertil removed.
	cfg.Users = []config.AuthUser{{Name: "anna", Role: config.RoleReader, Password: cfg.Users[0].Password}}
	s2 := mk(cfg)
	u, _ := url.Parse(s.URL)
	u2, _ := url.Parse(s2.URL)
	c.Jar.SetCookies(u2, c.Jar.Cookies(u))
	if r := s2.who(t, c); r.Status != 200 || r.Role != "läsare" {
		t.Errorf("after demotion: %+v, want the configured role now", r)
	}
	cfg.Users = nil
	s3 := mk(cfg)
	u3, _ := url.Parse(s3.URL)
	c.Jar.SetCookies(u3, c.Jar.Cookies(u))
	if r := s3.who(t, c); r.Status != 401 {
		t.Errorf("after removal: %+v, want signed out", r)
	}
}

func TestSignOut(t *testing.T) {
	s := localSite(t, testAuth(), newClock(), false)
	c := browser(t)
	s.signIn(t, c, "anna", "anna-lösen-1")
	u, _ := url.Parse(s.URL)
	stolen := c.Jar.Cookies(u)
	resp, err := c.Post(s.URL+"/logga-ut", "", nil)
	if r := readResult(t, resp, err); r.Status != 200 {
		t.Fatalf("sign-out: %+v", r)
	}
	if r := s.who(t, c); r.Status != 401 {
		t.Errorf("after sign-out: %+v", r)
	}
	if got := c.Jar.Cookies(u); len(got) != 0 {
		t.Errorf("cookie kept after sign-out: %v", got)
	}
	// The session is gone on the server, not only from this browser.
	other := browser(t)
	other.Jar.SetCookies(u, stolen)
	if r := s.who(t, other); r.Status != 401 {
		t.Errorf("a copy of the cookie still works after sign-out: %+v", r)
	}
	// Signing out twice, or without a session, is fine.
	resp, err = c.Post(s.URL+"/logga-ut", "", nil)
	if r := readResult(t, resp, err); r.Status != 200 {
		t.Errorf("second sign-out: %+v", r)
	}
	log, _ := s.st.AuditLog(context.Background(), 1)
	if len(log) != 1 || log[0].Action != "utloggning" || log[0].Actor != "anna" {
		t.Errorf("audit = %+v", log)
	}
}

func TestCookieAttributes(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprint("Secure=", secure), func(t *testing.T) {
			st := openStore(t)
			svc, err := auth.New(testAuth(), st, auth.Options{Secure: secure})
			if err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/logga-in", nil)
			if _, err := svc.PasswordSignIn(w, r, "anna", "anna-lösen-1"); err != nil {
				t.Fatal(err)
			}
			cs := w.Result().Cookies()
			if len(cs) != 1 {
				t.Fatalf("cookies = %v", cs)
			}
			c := cs[0]
			wantName := "hp_session"
			if secure {
				wantName = "__Host-hp_session"
			}
			if c.Name != wantName || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure || c.Domain != "" {
				t.Errorf("cookie = %s", c)
			}
			if len(c.Value) != 43 {
				t.Errorf("session id %q is not 256 bits in base64url", c.Value)
			}
			// Only the id's sha256 is stored.
			sum := sha256.Sum256([]byte(c.Value))
			if _, err := st.SessionByHash(context.Background(), hex.EncodeToString(sum[:])); err != nil {
				t.Errorf("no session under the id's sha256: %v", err)
			}
			if _, err := st.SessionByHash(context.Background(), c.Value); err == nil {
				t.Error("the raw session id is a key in the store")
			}
		})
	}
}

func TestTokens(t *testing.T) {
	s := localSite(t, testAuth(), newClock(), false)
	tests := []struct {
		name, header string
		want         int
		wantName     string
	}{
		{"OK", "Bearer " + apiToken, 200, "skript-inlamning"},
		{"LowerCaseScheme", "bearer " + apiToken, 200, "skript-inlamning"},
		{"Wrong", "Bearer " + apiToken + "x", 401, ""},
		{"TheHashItself", "Bearer " + testAuth().Tokens[0].SHA256, 401, ""},
		{"Basic", "Basic " + apiToken, 401, ""},
		{"Empty", "Bearer ", 401, ""},
		{"Huge", "Bearer " + strings.Repeat("x", 100000), 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", s.URL+"/vem", nil)
			req.Header.Set("Authorization", tt.header)
			resp, err := http.DefaultClient.Do(req)
			r := readResult(t, resp, err)
			if r.Status != tt.want || r.Name != tt.wantName || (tt.want == 200 && (r.Role != "inlämnare" || r.Method != "token")) {
				t.Errorf("%q: %+v", tt.header, r)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	clk := newClock()
	s := localSite(t, testAuth(), clk, false)
	c := browser(t)
	for i := range 5 {
		if r := s.signIn(t, c, "anna", fmt.Sprint("gissning-", i)); r.Message != "Fel användarnamn eller lösenord." {
			t.Fatalf("attempt %d: %+v", i, r)
		}
	}
	r := s.signIn(t, c, "anna", "anna-lösen-1")
	if r.Status != 401 || !strings.HasPrefix(r.Message, "För många misslyckade inloggningar. Vänta 15 minuter") {
		t.Errorf("sixth attempt, right password: %+v; want refused while locked", r)
	}
	// Another name from the same address is not locked by anna's failures.
	if r := s.signIn(t, c, "bertil", "bertil-lösen-2"); r.Status != 200 {
		t.Errorf("bertil: %+v", r)
	}
	clk.Add(15 * time.Minute)
	if r := s.signIn(t, c, "anna", "anna-lösen-1"); r.Status != 200 {
		t.Errorf("after the window: %+v", r)
	}
	// Per address: many names guessed from one address are stopped too.
	for i := range 20 {
		s.signIn(t, c, fmt.Sprint("namn", i), "x")
	}
	if r := s.signIn(t, c, "bertil", "bertil-lösen-2"); r.Status != 401 || !strings.Contains(r.Message, "För många") {
		t.Errorf("after 20 failures from one address: %+v", r)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/paket":                 "/paket",
		"/paket/3?fil=deck.pptx": "/paket/3?fil=deck.pptx",
		"":                       "/",
		"https://evil.example":   "/",
		"//evil.example/x":       "/",
		"/\\evil.example":        "/",
		"paket":                  "/",
		"/x\r\nSet-Cookie: a=b":  "/",
		"javascript:alert(1)":    "/",
	} {
		if got := auth.LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]auth.Role{"läsare": auth.Reader, "Inlämnare": auth.Submitter, "inlamnare": auth.Submitter, "ADMIN": auth.Admin, "chef": 0} {
		got, ok := auth.ParseRole(in)
		if got != want || ok != (want != 0) {
			t.Errorf("ParseRole(%q) = %v, %v", in, got, ok)
		}
		if ok && got.String() == "" {
			t.Errorf("%v has no name", got)
		}
	}
	if !(auth.Reader < auth.Submitter && auth.Submitter < auth.Admin) {
		t.Error("roles out of order")
	}
	if _, ok := auth.FromContext(auth.WithUser(context.Background(), auth.User{Name: "x"})); ok {
		t.Error("a user without a role counts as signed in")
	}
}

func TestNewErrors(t *testing.T) {
	oidcCfg := func(secretFile string) config.Auth {
		return config.Auth{SessionIdle: time.Hour, SessionMax: 2 * time.Hour, OIDC: &config.OIDC{
			Issuer: "https://idp.example.se", ClientID: "handlingsplan", ClientSecretFile: secretFile,
			RolesClaim: "roles", Roles: map[string][]string{config.RoleReader: {"Medarbetare"}}}}
	}
	empty := filepath.Join(t.TempDir(), "tom")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cfg     config.Auth
		opts    auth.Options
		wantMsg string
	}{
		{"NoRedirect", oidcCfg(""), auth.Options{}, "auth.oidc.redirect_url saknas"},
		{"MissingSecret", oidcCfg("/finns/inte/oidc-secret"), auth.Options{BaseURL: "https://hp.example.se"}, "filen /finns/inte/oidc-secret finns inte"},
		{"EmptySecret", oidcCfg(empty), auth.Options{BaseURL: "https://hp.example.se"}, "är tom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := auth.New(tt.cfg, openStore(t), tt.opts)
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), tt.wantMsg) {
				t.Errorf("err = %v, want Invalid with %q", err, tt.wantMsg)
			}
		})
	}
	if _, err := auth.New(config.Auth{}, nil, auth.Options{}); err == nil {
		t.Error("nil store accepted")
	}
}

func TestConcurrentSignIns(t *testing.T) {
	s := localSite(t, testAuth(), newClock(), false)
	const n = 12
	cookies := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := browser(t)
			name, pw := "anna", "anna-lösen-1"
			if i%2 == 1 {
				name, pw = "bertil", "bertil-lösen-2"
			}
			if r := s.signIn(t, c, name, pw); r.Status != 200 {
				t.Errorf("sign-in %d: %+v", i, r)
			}
			if r := s.who(t, c); r.Status != 200 || !strings.EqualFold(r.Name, name) {
				t.Errorf("who %d: %+v", i, r)
			}
			u, _ := url.Parse(s.URL)
			for _, ck := range c.Jar.Cookies(u) {
				cookies <- ck.Value
			}
		})
	}
	wg.Wait()
	close(cookies)
	seen := map[string]bool{}
	for v := range cookies {
		if seen[v] {
			t.Errorf("session id %s given twice", v)
		}
		seen[v] = true
	}
	if len(seen) != n {
		t.Errorf("%d sessions, want %d", len(seen), n)
	}
}
