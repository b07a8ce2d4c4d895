package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"handlingsplan/auth"
	"handlingsplan/config"
)

// opUsers is the example OP's user store with our test people.
type opUsers map[string]*storage.User

func (u opUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u opUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u opUsers) ExampleClientID() string { return storage.ServiceUserID }

// rolesStorage is the example OP's storage with a "roles" claim per user: in
// the ID token, or (for some users) only in the userinfo response, as some
// providers do.
type rolesStorage struct {
	*storage.Storage
	inIDToken  map[string]any // subject → claim value
	inUserinfo map[string]any
}

func (s *rolesStorage) SetUserinfoFromRequest(ctx context.Context, ui *zoidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, req, scopes); err != nil {
		return err
	}
	if v, ok := s.inIDToken[req.GetSubject()]; ok {
		ui.AppendClaims("roles", v)
	}
	return nil
}

func (s *rolesStorage) SetUserinfoFromToken(ctx context.Context, ui *zoidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	if v, ok := s.inUserinfo[ui.Subject]; ok {
		ui.AppendClaims("roles", v)
	}
	return nil
}

// tamper changes token responses on their way from the OP to the service, as
// an attacker on the path (or a broken proxy) could.
type tamper struct {
	base http.RoundTripper
	mode atomic.Value // string: "", "signature", "payload", "none"

	mu        sync.Mutex
	verifiers []string // code_verifier of each token request
	lastToken string   // the ID token of the previous token response
}

func (t *tamper) RoundTrip(req *http.Request) (*http.Response, error) {
	isToken := strings.HasSuffix(req.URL.Path, "/oauth/token")
	if isToken && req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(b))
		v, _ := url.ParseQuery(string(b))
		t.mu.Lock()
		t.verifiers = append(t.verifiers, v.Get("code_verifier"))
		t.mu.Unlock()
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil || !isToken || resp.StatusCode != 200 {
		return resp, err
	}
	mode, _ := t.mode.Load().(string)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		return nil, err
	}
	t.mu.Lock()
	previous := t.lastToken
	t.lastToken = body["id_token"].(string)
	t.mu.Unlock()
	if mode == "replay" { // a genuine ID token of an earlier sign-in
		body["id_token"] = previous
	}
	parts := strings.Split(body["id_token"].(string), ".")
	enc := base64.RawURLEncoding
	switch mode {
	case "signature":
		sig, _ := enc.DecodeString(parts[2])
		sig[len(sig)/2] ^= 0x01
		parts[2] = enc.EncodeToString(sig)
	case "payload": // a user without a role makes himself admin
		raw, _ := enc.DecodeString(parts[1])
		var claims map[string]any
		json.Unmarshal(raw, &claims)
		claims["roles"] = []string{"KR-sekreterare"}
		raw, _ = json.Marshal(claims)
		parts[1] = enc.EncodeToString(raw)
	case "none":
		parts[0] = enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
		parts[2] = ""
	}
	body["id_token"] = strings.Join(parts, ".")
	b, _ = json.Marshal(body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}

// recorder is the browser's transport; it keeps what a user's browser saw.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []seen
}

type seen struct {
	url     *url.URL
	cookies []*http.Cookie
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err == nil {
		r.mu.Lock()
		r.seen = append(r.seen, seen{req.URL, resp.Cookies()})
		r.mu.Unlock()
	}
	return resp, err
}

// find returns what was seen at base + path.
func (r *recorder) find(base, path string) []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []seen
	for _, s := range r.seen {
		if strings.TrimSuffix(base, "/") == s.url.Scheme+"://"+s.url.Host && s.url.Path == path {
			out = append(out, s)
		}
	}
	return out
}

// logBuf collects the service's log lines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

type oidcEnv struct {
	log    *logBuf
	rp     *site
	issuer string
	down   *atomic.Bool  // the OP answers 503 while set
	skew   *atomic.Int64 // added to the service's clock
	tamper *tamper
}

func startOIDC(t *testing.T) *oidcEnv {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	env := &oidcEnv{log: &logBuf{}, issuer: "http://" + ln.Addr().String() + "/", down: new(atomic.Bool), skew: new(atomic.Int64),
		tamper: &tamper{base: http.DefaultTransport.(*http.Transport).Clone()}}
	env.down.Store(true)
	secret := filepath.Join(t.TempDir(), "oidc-secret")
	if err := os.WriteFile(secret, []byte("hemligt-klientlösen\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	env.rp = newSite(t, func(baseURL string) *auth.Service {
		users := opUsers{
			"u-kari":  {ID: "u-kari", Username: "kari", Password: "kari-lösen", FirstName: "Kari", LastName: "Sekreterare", Email: "kari@region.example"},
			"u-pelle": {ID: "u-pelle", Username: "pelle", Password: "pelle-lösen", FirstName: "Pelle", LastName: "Planägare", Email: "pelle@region.example"},
			"u-stina": {ID: "u-stina", Username: "stina", Password: "stina-lösen", FirstName: "Stina", LastName: "Medarbetare", Email: "stina@region.example"},
			"u-ulla":  {ID: "u-ulla", Username: "ulla", Password: "ulla-lösen", FirstName: "Ulla", LastName: "Userinfo", Email: "ulla@region.example"},
			"u-olle":  {ID: "u-olle", Username: "olle", Password: "olle-lösen", FirstName: "Olle", LastName: "Obehörig", Email: "olle@region.example"},
		}
		clients := map[string]*storage.Client{
			"handlingsplan": storage.WebClient("handlingsplan", "hemligt-klientlösen", baseURL+"/auth/callback"),
		}
		opStore := &rolesStorage{Storage: storage.NewStorageWithClients(users, clients),
			inIDToken: map[string]any{
				"u-kari":  []string{"Medarbetare", "KR-sekreterare"},
				"u-pelle": []string{"Planägare"},
				"u-stina": "Medarbetare", // a string, not a list
				"u-olle":  []string{"Städ", "Vaktmästeri"},
			},
			inUserinfo: map[string]any{"u-ulla": []string{"planägare"}}, // case differs from the config
		}
		router := exampleop.SetupServer(env.issuer, opStore, nil, false)
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if env.down.Load() {
				http.Error(w, "underhåll", http.StatusServiceUnavailable)
				return
			}
			router.ServeHTTP(w, r)
		})}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })

		svc, err := auth.New(config.Auth{
			SessionIdle: time.Hour, SessionMax: 8 * time.Hour,
			OIDC: &config.OIDC{Issuer: env.issuer, ClientID: "handlingsplan", ClientSecretFile: secret, RolesClaim: "roles",
				Roles: map[string][]string{
					config.RoleAdmin:     {"KR-sekreterare"},
					config.RoleSubmitter: {"Planägare"},
					config.RoleReader:    {"Medarbetare"},
				}},
		}, st, auth.Options{BaseURL: baseURL, Now: func() time.Time { return time.Now().Add(time.Duration(env.skew.Load())) }, Log: slog.New(slog.NewTextHandler(env.log, nil)), HTTPClient: &http.Client{Transport: env.tamper, Timeout: 10 * time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		if !svc.OIDCEnabled() {
			t.Fatal("OIDC not enabled")
		}
		return svc
	}, st)
	return env
}

var loginIDRE = regexp.MustCompile(`name="id" value="([^"]+)"`)

// signIn goes through the whole browser flow: the service's sign-in link, the
// OP's login form, back to the callback. It returns the callback's answer.
func (env *oidcEnv) signIn(t *testing.T, b *http.Client, user, pw string) result {
	t.Helper()
	resp, err := b.Get(env.rp.URL + "/logga-in/oidc?next=/paket")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := loginIDRE.FindSubmatch(page)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("at %s: %d, no login form in %.300s", resp.Request.URL, resp.StatusCode, page)
	}
	resp, err = b.PostForm(env.issuer+"login/username", url.Values{"id": {string(m[1])}, "username": {user}, "password": {pw}})
	return readResult(t, resp, err)
}

func oidcBrowser(t *testing.T) (*http.Client, *recorder) {
	b := browser(t)
	rec := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	b.Transport = rec
	return b, rec
}

func TestOIDC(t *testing.T) {
	env := startOIDC(t)

	t.Run("ProviderDown", func(t *testing.T) {
		b, _ := oidcBrowser(t)
		resp, err := b.Get(env.rp.URL + "/logga-in/oidc")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || !strings.Contains(string(body), "identitetsleverantören går inte just nu") {
			t.Errorf("with the OP down: %d %q", resp.StatusCode, body)
		}
		if !strings.Contains(env.log.String(), "OIDC-leverantören svarar inte") {
			t.Errorf("nothing logged about the provider being down:\n%s", env.log)
		}
	})
	env.down.Store(false) // the provider comes up after the service started

	t.Run("MappedRole", func(t *testing.T) {
		b, rec := oidcBrowser(t)
		r := env.signIn(t, b, "kari", "kari-lösen")
		if r.Status != 200 || r.Name != "kari" || r.Role != "admin" || r.Method != "oidc" || r.Next != "/paket" {
			t.Fatalf("kari: %+v; want admin (the highest of her mapped roles), back to /paket", r)
		}
		if w := env.rp.who(t, b); w.Status != 200 || w.Name != "kari" || w.Role != "admin" {
			t.Errorf("session resolves to %+v", w)
		}
		// The browser went to the OP with code + PKCE S256, state and nonce.
		auths := rec.find(env.issuer, "/auth")
		if len(auths) != 1 {
			t.Fatalf("authorization requests: %d", len(auths))
		}
		q := auths[0].url.Query()
		if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
			q.Get("state") == "" || q.Get("nonce") == "" || q.Get("redirect_uri") != env.rp.URL+"/auth/callback" {
			t.Errorf("authorization request %v", q)
		}
		env.tamper.mu.Lock()
		v := env.tamper.verifiers[len(env.tamper.verifiers)-1]
		env.tamper.mu.Unlock()
		if len(v) < 43 {
			t.Errorf("token request code_verifier = %q", v)
		}
		// Session cookie as a browser receives it.
		cbs := rec.find(env.rp.URL, "/auth/callback")
		if len(cbs) != 1 {
			t.Fatalf("callbacks: %d", len(cbs))
		}
		var sess, login *http.Cookie
		for _, c := range cbs[0].cookies {
			switch c.Name {
			case "hp_session":
				sess = c
			case "hp_oidc":
				login = c
			}
		}
		if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Secure || sess.MaxAge != 0 {
			t.Errorf("session cookie = %v", sess)
		}
		if login == nil || login.MaxAge >= 0 {
			t.Errorf("the login cookie is not cleared at the callback: %v", login)
		}
		if ls := rec.find(env.rp.URL, "/logga-in/oidc"); len(ls) != 1 || len(ls[0].cookies) != 1 || !ls[0].cookies[0].HttpOnly ||
			ls[0].cookies[0].SameSite != http.SameSiteLaxMode || ls[0].cookies[0].MaxAge != 600 {
			t.Errorf("login cookie at the start = %v", ls)
		}

		t.Run("OIDCSwitchedOff", func(t *testing.T) {
			svc, err := auth.New(config.Auth{SessionIdle: time.Hour, SessionMax: time.Hour}, env.rp.st, auth.Options{})
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", env.rp.URL+"/vem", nil)
			cs := b.Jar.Cookies(req.URL)
			if len(cs) != 1 {
				t.Fatalf("cookies = %v", cs)
			}
			req.AddCookie(cs[0])
			var got bool
			svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, got = auth.FromContext(r.Context())
			})).ServeHTTP(httptest.NewRecorder(), req)
			if got {
				t.Error("an OIDC session works after OIDC was removed from the config")
			}
		})
		t.Run("Replay", func(t *testing.T) {
			resp, err := b.Get(cbs[0].url.String())
			r := readResult(t, resp, err)
			if r.Status != 401 || !strings.Contains(r.Message, "har gått ut eller startades i en annan webbläsare") {
				t.Errorf("callback used twice: %+v", r)
			}
		})
	})

	for _, tt := range []struct{ user, role string }{{"pelle", "inlämnare"}, {"stina", "läsare"}, {"ulla", "inlämnare"}} {
		t.Run("Role-"+tt.user, func(t *testing.T) {
			b, _ := oidcBrowser(t)
			if r := env.signIn(t, b, tt.user, tt.user+"-lösen"); r.Status != 200 || r.Role != tt.role || r.Name != tt.user {
				t.Errorf("%s: %+v, want %s", tt.user, r, tt.role)
			}
		})
	}

	t.Run("NoMappedRole", func(t *testing.T) {
		b, _ := oidcBrowser(t)
		r := env.signIn(t, b, "olle", "olle-lösen")
		if r.Status != 403 || !strings.Contains(r.Message, "Du är inloggad som olle men har ingen behörighet") {
			t.Errorf("olle: %+v", r)
		}
		if w := env.rp.who(t, b); w.Status != 401 {
			t.Errorf("olle got a session: %+v", w)
		}
	})

	t.Run("ReplayedIDToken", func(t *testing.T) {
		env.tamper.mode.Store("replay")
		defer env.tamper.mode.Store("")
		b, _ := oidcBrowser(t)
		// Kari's earlier ID token (valid signature, not expired) comes back in olle's sign-in.
		if r := env.signIn(t, b, "olle", "olle-lösen"); r.Status != 401 {
			t.Errorf("replayed ID token: %+v", r)
		}
		if log, _ := env.rp.st.AuditLog(context.Background(), 1); len(log) != 1 || !strings.HasPrefix(log[0].Detail, "fel nonce") {
			t.Errorf("refused for another reason: %+v", log)
		}
	})

	t.Run("ExpiredIDToken", func(t *testing.T) {
		env.skew.Store(int64(2 * time.Hour)) // the example OP's ID tokens last an hour
		defer env.skew.Store(0)
		b, _ := oidcBrowser(t)
		if r := env.signIn(t, b, "kari", "kari-lösen"); r.Status != 401 {
			t.Errorf("expired ID token: %+v", r)
		}
		if log, _ := env.rp.st.AuditLog(context.Background(), 1); len(log) != 1 || !strings.Contains(log[0].Detail, "ID-token kunde inte verifieras") {
			t.Errorf("refused for another reason: %+v", log)
		}
		if !strings.Contains(env.log.String(), "expired") {
			t.Errorf("the log does not say the token expired:\n%s", env.log)
		}
	})

	for _, mode := range []string{"signature", "payload", "none"} {
		t.Run("TamperedIDToken-"+mode, func(t *testing.T) {
			env.tamper.mode.Store(mode)
			defer env.tamper.mode.Store("")
			b, _ := oidcBrowser(t)
			user := "kari"
			if mode == "payload" {
				user = "olle"
			}
			r := env.signIn(t, b, user, user+"-lösen")
			if r.Status != 401 || !strings.Contains(r.Message, "kunde inte kontrolleras") {
				t.Errorf("tampered (%s) ID token: %+v", mode, r)
			}
			if w := env.rp.who(t, b); w.Status != 401 {
				t.Errorf("signed in with a tampered ID token: %+v", w)
			}
			// Refused by the signature check, not by something before it.
			if log, _ := env.rp.st.AuditLog(context.Background(), 1); len(log) != 1 || !strings.HasPrefix(log[0].Detail, "ID-token kunde inte verifieras") {
				t.Errorf("refused for another reason: %+v", log)
			}
		})
	}

	t.Run("WrongState", func(t *testing.T) {
		b, _ := oidcBrowser(t)
		b.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := b.Get(env.rp.URL + "/logga-in/oidc")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 302 {
			t.Fatalf("begin: %d", resp.StatusCode)
		}
		resp, err = b.Get(env.rp.URL + "/auth/callback?code=abc&state=" + url.QueryEscape("fel-state"))
		if r := readResult(t, resp, err); r.Status != 401 || !strings.Contains(r.Message, "kunde inte kontrolleras") {
			t.Errorf("wrong state: %+v", r)
		}
	})

	t.Run("NoLoginCookie", func(t *testing.T) {
		// A callback forged into another browser (login CSRF) has no login there.
		b, _ := oidcBrowser(t)
		resp, err := b.Get(env.rp.URL + "/auth/callback?code=abc&state=xyz")
		if r := readResult(t, resp, err); r.Status != 401 || !strings.Contains(r.Message, "startades i en annan webbläsare") {
			t.Errorf("callback without a login: %+v", r)
		}
	})

	t.Run("ErrorFromProvider", func(t *testing.T) {
		b, _ := oidcBrowser(t)
		b.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, _ := b.Get(env.rp.URL + "/logga-in/oidc")
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		state := loc.Query().Get("state")
		resp, err := b.Get(env.rp.URL + "/auth/callback?error=access_denied&error_description=%3Cscript%3E&state=" + url.QueryEscape(state))
		if r := readResult(t, resp, err); r.Status != 401 || r.Message != "Identitetsleverantören avbröt inloggningen (access_denied). Försök logga in igen." {
			t.Errorf("error from the provider: %+v", r)
		}
	})

	t.Run("Audit", func(t *testing.T) {
		log, err := env.rp.st.AuditLog(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, a := range log {
			all = append(all, a.Actor+"|"+a.Action+"|"+a.Object+"|"+a.Detail)
		}
		joined := strings.Join(all, "\n")
		for _, want := range []string{"kari|inloggning|oidc|från 127.0.0.1", "olle|inloggning nekad|oidc|ingen roll för roles=[Städ, Vaktmästeri]",
			"|inloggning nekad|oidc|ID-token kunde inte verifieras", "|inloggning nekad|oidc|fel state"} {
			if !strings.Contains(joined, want) {
				t.Errorf("audit lacks %q:\n%s", want, joined)
			}
		}
	})
}
