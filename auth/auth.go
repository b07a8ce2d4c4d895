// Package auth decides who a request comes from and what they may do (SPEC §5
// "Access"): local accounts with argon2id hashes, API tokens stored as sha256,
// sign-in with OpenID Connect, and server-side sessions in the store.
//
// It owns the logic; the web package owns the routes and the pages, and calls
// PasswordSignIn, BeginOIDC, FinishOIDC and SignOut from them.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/auth/password"
	"handlingsplan/config"
	"handlingsplan/store"
)

// Options are what the service needs besides the configuration.
type Options struct {
	// Secure marks cookies Secure (the service is reached over TLS) and gives
	// them the __Host- prefix.
	Secure bool
	// BaseURL is where users reach the service, e.g. https://handlingsplan.rjl.se;
	// the OIDC redirect URL is BaseURL + "/auth/callback" unless
	// auth.oidc.redirect_url is set.
	BaseURL string
	Log     *slog.Logger
	// Now is the clock for session expiry and ID token checks; nil: time.Now.
	Now func() time.Time
	// HTTPClient talks to the identity provider; nil: a client with a 15 s timeout.
	HTTPClient *http.Client
	// ErrorPage writes the response when BeginOIDC cannot redirect (the
	// identity provider does not answer); nil: plain Swedish text.
	ErrorPage func(w http.ResponseWriter, r *http.Request, err error)
}

// Service authenticates requests and signs users in and out.
type Service struct {
	cfg     config.Auth
	st      *store.Store
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	users   map[string]localUser // by lower-case name
	tokens  []apiToken
	dummy   password.Hash // verified for unknown names, so that they take as long as known ones
	limit   *limiter
	argon   chan struct{} // bounds concurrent argon2id computations (19 MiB and a core each)
	oidc    *oidcClient   // nil when OIDC is not configured
	session string        // cookie names
	login   string
}

type localUser struct {
	name string
	role Role
	hash password.Hash
}

type apiToken struct {
	name string
	role Role
	sum  []byte
}

// Cookie names; with Options.Secure they get the __Host- prefix, which browsers
// accept only from a secure origin with Path=/ and no Domain.
const (
	sessionCookie = "hp_session"
	loginCookie   = "hp_oidc"
)

// New checks the configuration against what the service needs and returns it.
// OIDC discovery starts in the background; a provider that is down is retried
// and logged, and does not stop the service from starting.
func New(cfg config.Auth, st *store.Store, opts Options) (*Service, error) {
	if st == nil {
		return nil, errors.New("auth.New: nil store")
	}
	s := &Service{cfg: cfg, st: st, opts: opts, log: opts.Log, now: opts.Now,
		users: map[string]localUser{}, limit: newLimiter(), argon: make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
		session: sessionCookie, login: loginCookie}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	// A config.Auth built in code (tests, the demo) may leave the lifetimes out.
	if s.cfg.SessionIdle <= 0 {
		s.cfg.SessionIdle = config.DefaultSessionIdle
	}
	if s.cfg.SessionMax <= 0 {
		s.cfg.SessionMax = config.DefaultSessionMax
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.Secure {
		s.session, s.login = "__Host-"+sessionCookie, "__Host-"+loginCookie
	}
	if s.opts.HTTPClient == nil {
		s.opts.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	for _, u := range cfg.Users {
		h, err := password.Parse(u.Password)
		if err != nil {
			return nil, apperr.Newf(apperr.Invalid, "auth.users: %s: lösenordshashen %v", u.Name, err)
		}
		r, _ := ParseRole(u.Role)
		s.users[strings.ToLower(u.Name)] = localUser{name: u.Name, role: r, hash: h}
	}
	for _, t := range cfg.Tokens {
		sum, err := hex.DecodeString(t.SHA256)
		if err != nil || len(sum) != sha256.Size {
			return nil, apperr.Newf(apperr.Invalid, "auth.tokens: %s: sha256 ska vara 64 hexadecimala tecken", t.Name)
		}
		r, _ := ParseRole(t.Role)
		s.tokens = append(s.tokens, apiToken{name: t.Name, role: r, sum: sum})
	}
	// The dummy costs what a real account costs, so that timing does not tell
	// whether a name exists.
	params := password.Default
	if len(cfg.Users) > 0 {
		params = s.users[strings.ToLower(cfg.Users[0].Name)].hash.Params
	}
	dummy, err := password.NewWithParams("ingen användare har det här lösenordet", params)
	if err != nil {
		return nil, err
	}
	s.dummy, _ = password.Parse(dummy)
	if cfg.OIDC != nil {
		if s.oidc, err = newOIDCClient(*cfg.OIDC, opts.BaseURL, s); err != nil {
			return nil, err
		}
		go s.oidc.warmUp()
	}
	return s, nil
}

// PasswordEnabled reports whether any local account is configured, so that the
// sign-in page shows the password form only when it can work.
func (s *Service) PasswordEnabled() bool { return len(s.users) > 0 }

// PublicDownloads reports whether packages may be downloaded without signing in.
func (s *Service) PublicDownloads() bool { return s.cfg.PublicDownloads }

// Middleware puts the User of the request in its context: from an
// "Authorization: Bearer" token or else from the session cookie. It never
// rejects a request; handlers decide with FromContext or Require.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := s.authenticate(r); ok {
			r = r.WithContext(WithUser(r.Context(), u))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Service) authenticate(r *http.Request) (User, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return User{}, false
		}
		return s.tokenUser(strings.TrimSpace(tok))
	}
	c, err := r.Cookie(s.session)
	if err != nil {
		return User{}, false
	}
	return s.sessionUser(r.Context(), c.Value)
}

// tokenUser compares the token's sha256 with every configured one, in constant time.
func (s *Service) tokenUser(tok string) (User, bool) {
	if tok == "" || len(tok) > 4096 {
		return User{}, false
	}
	sum := sha256.Sum256([]byte(tok))
	var found *apiToken
	for i := range s.tokens {
		if subtle.ConstantTimeCompare(sum[:], s.tokens[i].sum) == 1 {
			found = &s.tokens[i]
		}
	}
	if found == nil {
		return User{}, false
	}
	return User{Name: found.name, Role: found.role, Method: MethodToken}, true
}

// touchEvery limits the writes that keep a session alive to one a minute.
const touchEvery = time.Minute

func (s *Service) sessionUser(ctx context.Context, id string) (User, bool) {
	if !validID(id) {
		return User{}, false
	}
	hash := hashID(id)
	se, err := s.st.SessionByHash(ctx, hash)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Error("session", "err", err)
		}
		return User{}, false
	}
	now := s.now()
	u := User{Name: se.User, Method: se.Method}
	u.Role, _ = ParseRole(se.Role)
	if se.Method == MethodOIDC && s.oidc == nil {
		u.Role = 0 // OIDC has been switched off since sign-in
	}
	if se.Method == MethodLocal {
		// The account may have been removed or its role changed since sign-in.
		lu, ok := s.users[strings.ToLower(se.User)]
		if !ok {
			u.Role = 0
		} else {
			u.Role = lu.role
		}
	}
	if !now.Before(se.Until) || !now.Before(se.IdleUntil) || u.Role == 0 {
		if err := s.st.DeleteSession(ctx, hash); err != nil {
			s.log.Error("delete ended session", "err", err)
		}
		return User{}, false
	}
	if idle := now.Add(s.cfg.SessionIdle); idle.Sub(se.IdleUntil) >= touchEvery && se.IdleUntil.Before(se.Until) {
		if err := s.st.TouchSession(ctx, hash, idle); err != nil {
			s.log.Error("touch session", "err", err)
		}
	}
	return u, true
}

// startSession signs u in: a new session id (never the one the browser brought,
// against session fixation), the old session removed, the cookie set.
func (s *Service) startSession(w http.ResponseWriter, r *http.Request, u User) error {
	ctx := r.Context()
	if c, err := r.Cookie(s.session); err == nil && validID(c.Value) {
		if err := s.st.DeleteSession(ctx, hashID(c.Value)); err != nil {
			return apperr.Wrap(apperr.Internal, "", "auth.startSession", err)
		}
	}
	now := s.now()
	if _, err := s.st.DeleteExpired(ctx, now); err != nil {
		s.log.Error("delete expired sessions", "err", err)
	}
	id := newID()
	err := s.st.CreateSession(ctx, store.Session{Hash: hashID(id), User: u.Name, Role: u.Role.String(), Method: u.Method,
		Created: now, IdleUntil: now.Add(s.cfg.SessionIdle), Until: now.Add(s.cfg.SessionMax)})
	if err != nil {
		return apperr.Wrap(apperr.Internal, "", "auth.startSession", err)
	}
	// A browser-session cookie: closing the browser on a shared computer signs out;
	// the server ends the session after SessionIdle or SessionMax in any case.
	http.SetCookie(w, s.cookie(s.session, id, 0))
	return nil
}

// SignOut ends the request's session (deleting it from the store) and clears
// the cookie. Without a session it only clears the cookie.
func (s *Service) SignOut(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, s.cookie(s.session, "", -1))
	c, err := r.Cookie(s.session)
	if err != nil || !validID(c.Value) {
		return nil
	}
	ctx := r.Context()
	hash := hashID(c.Value)
	se, err := s.st.SessionByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(apperr.Internal, "", "auth.SignOut", err)
	}
	if err := s.st.DeleteSession(ctx, hash); err != nil {
		return apperr.Wrap(apperr.Internal, "", "auth.SignOut", err)
	}
	s.audit(ctx, se.User, "utloggning", se.Method, "från "+clientIP(r))
	return nil
}

func (s *Service) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.Secure, SameSite: http.SameSiteLaxMode}
}

func (s *Service) audit(ctx context.Context, actor, action, object, detail string) {
	err := s.st.AddAudit(ctx, store.Audit{At: s.now(), Actor: actor, Action: action, Object: object, Detail: detail})
	if err != nil {
		s.log.Error("audit", "action", action, "actor", actor, "err", err)
	}
}

// newID returns 256 random bits, URL-safe.
func newID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

func validID(id string) bool {
	if len(id) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil
}

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// clientIP is the peer address; headers such as X-Forwarded-For are not
// trusted, since anyone can send them.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LocalPath returns p when it is a path on this site ("/paket?x=1"), else "/":
// a return address from a request must never send the browser elsewhere.
func LocalPath(p string) string {
	if p == "" || len(p) > 2000 || p[0] != '/' || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return p
}
