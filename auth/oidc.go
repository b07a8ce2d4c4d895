package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/store"
)

// loginTTL is how long a user has at the identity provider before the sign-in
// must start again.
const loginTTL = 10 * time.Minute

// Swedish messages of a failed OIDC sign-in.
const (
	msgLoginGone    = "Inloggningen kunde inte slutföras: den har gått ut eller startades i en annan webbläsare. Försök logga in igen."
	msgLoginBad     = "Inloggningen kunde inte slutföras: svaret från identitetsleverantören kunde inte kontrolleras. Försök logga in igen; kvarstår felet, kontakta förvaltningen."
	msgIdPDown      = "Inloggning via identitetsleverantören går inte just nu, eftersom den inte svarar. Försök igen om en stund."
	msgOIDCDisabled = "Inloggning via identitetsleverantör är inte inställd för den här tjänsten."
)

type oidcClient struct {
	cfg      config.OIDC
	secret   string
	redirect string
	s        *Service

	mu    sync.Mutex
	ready *oidcReady // nil until discovery has succeeded
}

type oidcReady struct {
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

func newOIDCClient(cfg config.OIDC, baseURL string, s *Service) (*oidcClient, error) {
	c := &oidcClient{cfg: cfg, s: s, redirect: cfg.RedirectURL}
	if c.redirect == "" {
		if baseURL == "" {
			return nil, apperr.New(apperr.Invalid, "auth.oidc.redirect_url saknas och tjänstens adress är okänd; ange auth.oidc.redirect_url (t.ex. https://handlingsplan.example.se/auth/callback)")
		}
		c.redirect = strings.TrimRight(baseURL, "/") + "/auth/callback"
	}
	if f := cfg.ClientSecretFile; f != "" {
		b, err := os.ReadFile(f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, apperr.Wrap(apperr.Invalid, fmt.Sprintf("auth.oidc.client_secret_file: filen %s finns inte", f), "auth.New", err)
		case errors.Is(err, fs.ErrPermission):
			return nil, apperr.Wrap(apperr.Invalid, fmt.Sprintf("auth.oidc.client_secret_file: tjänsten får inte läsa %s", f), "auth.New", err)
		case err != nil:
			return nil, apperr.Wrap(apperr.Invalid, fmt.Sprintf("auth.oidc.client_secret_file: %s kan inte läsas", f), "auth.New", err)
		}
		if c.secret = strings.TrimSpace(string(b)); c.secret == "" {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("auth.oidc.client_secret_file: %s är tom", f))
		}
	}
	return c, nil
}

// OIDCEnabled reports whether sign-in with OpenID Connect is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

// warmUp discovers the provider at start-up, retrying with back-off for a few
// minutes; a sign-in meanwhile tries again itself.
func (c *oidcClient) warmUp() {
	wait := time.Second
	for range 10 {
		_, err := c.get(context.Background())
		if err == nil {
			return
		}
		c.s.log.Warn("OIDC-leverantören svarar inte; försöker igen", "issuer", c.cfg.Issuer, "om", wait, "err", err)
		time.Sleep(wait)
		wait = min(2*wait, time.Minute)
	}
}

// get returns the discovered provider, discovering it now when needed.
func (c *oidcClient) get(ctx context.Context) (*oidcReady, error) {
	c.mu.Lock()
	r := c.ready
	c.mu.Unlock()
	if r != nil {
		return r, nil
	}
	dctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, c.s.opts.HTTPClient), 15*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, c.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	r = &oidcReady{
		provider: p,
		verifier: p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.s.now}),
		oauth: oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.secret, Endpoint: p.Endpoint(),
			RedirectURL: c.redirect, Scopes: []string{oidc.ScopeOpenID, "profile", "email"}},
	}
	c.mu.Lock()
	if c.ready == nil {
		c.ready = r
		c.s.log.Info("OIDC-leverantören hittad", "issuer", c.cfg.Issuer)
	}
	r = c.ready
	c.mu.Unlock()
	return r, nil
}

// BeginOIDC sends the browser to the identity provider (authorization code
// with PKCE S256, state and nonce). The state, nonce and verifier are kept in
// the store under a random id whose cookie binds the callback to this browser.
// returnTo is where FinishOIDC sends the user afterwards; anything but a local
// path becomes "/".
func (s *Service) BeginOIDC(w http.ResponseWriter, r *http.Request, returnTo string) {
	if s.oidc == nil {
		s.errorPage(w, r, apperr.New(apperr.NotFound, msgOIDCDisabled))
		return
	}
	p, err := s.oidc.get(r.Context())
	if err != nil {
		s.log.Warn("OIDC-leverantören svarar inte", "issuer", s.oidc.cfg.Issuer, "err", err)
		s.errorPage(w, r, apperr.Wrap(apperr.Unavailable, msgIdPDown, "auth.BeginOIDC", err))
		return
	}
	id, state, nonce, verifier := newID(), newID(), newID(), oauth2.GenerateVerifier()
	err = s.st.AddOIDCLogin(r.Context(), store.OIDCLogin{Hash: hashID(id), State: state, Nonce: nonce,
		Verifier: verifier, ReturnTo: LocalPath(returnTo), Until: s.now().Add(loginTTL)})
	if err != nil {
		s.errorPage(w, r, apperr.Wrap(apperr.Internal, "", "auth.BeginOIDC", err))
		return
	}
	http.SetCookie(w, s.cookie(s.login, id, int(loginTTL/time.Second)))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, p.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// FinishOIDC handles the identity provider's callback: it checks state (against
// the login of this browser, once), exchanges the code with the PKCE verifier,
// verifies the ID token (signature, issuer, audience, expiry, nonce), maps the
// roles claim through auth.oidc.roles and starts a session. A user with no
// mapped role gets apperr.Forbidden (and the returned User has their name, for
// the page); anything else that fails gets apperr.Unauthorized. Both have
// Swedish messages. returnTo is the local path given to BeginOIDC.
func (s *Service) FinishOIDC(w http.ResponseWriter, r *http.Request) (User, string, error) {
	if s.oidc == nil {
		return User{}, "", apperr.New(apperr.NotFound, msgOIDCDisabled)
	}
	ctx := r.Context()
	from := "från " + clientIP(r)
	denyMsg := func(msg, reason string, err error) (User, string, error) {
		s.log.Warn("OIDC-inloggning nekad", "reason", reason, "err", err)
		s.audit(ctx, "", "inloggning nekad", MethodOIDC, reason+", "+from)
		return User{}, "", apperr.Wrap(apperr.Unauthorized, msg, "auth.FinishOIDC", err)
	}
	deny := func(reason string, err error) (User, string, error) { return denyMsg(msgLoginBad, reason, err) }
	http.SetCookie(w, s.cookie(s.login, "", -1))
	c, err := r.Cookie(s.login)
	if err != nil || !validID(c.Value) {
		return denyMsg(msgLoginGone, "inloggningen saknas eller har gått ut", err)
	}
	login, err := s.st.TakeOIDCLogin(ctx, hashID(c.Value), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return denyMsg(msgLoginGone, "inloggningen saknas eller har gått ut", err)
	}
	if err != nil {
		return User{}, "", apperr.Wrap(apperr.Internal, "", "auth.FinishOIDC", err)
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(login.State)) != 1 {
		return deny("fel state", errors.New("state does not match"))
	}
	if e := q.Get("error"); e != "" {
		s.audit(ctx, "", "inloggning nekad", MethodOIDC, "identitetsleverantören svarade "+cleanCode(e)+", "+from)
		return User{}, "", apperr.Newf(apperr.Unauthorized,
			"Identitetsleverantören avbröt inloggningen (%s). Försök logga in igen.", cleanCode(e))
	}
	code := q.Get("code")
	if code == "" {
		return deny("ingen kod", errors.New("no code in callback"))
	}
	p, err := s.oidc.get(ctx)
	if err != nil {
		return User{}, "", apperr.Wrap(apperr.Unavailable, msgIdPDown, "auth.FinishOIDC", err)
	}
	octx := oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, s.opts.HTTPClient), s.opts.HTTPClient)
	tok, err := p.oauth.Exchange(octx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		return deny("koden godtogs inte", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return deny("inget ID-token", errors.New("no id_token in token response"))
	}
	idt, err := p.verifier.Verify(octx, raw)
	if err != nil {
		return deny("ID-token kunde inte verifieras", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1 {
		return deny("fel nonce", errors.New("nonce does not match"))
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return deny("ID-token kunde inte läsas", err)
	}
	_, haveRoles := claimValues(claims, s.oidc.cfg.RolesClaim)
	if (!haveRoles || !hasName(claims)) && p.provider.UserInfoEndpoint() != "" {
		// Some providers put groups or names only in the userinfo response; the
		// ID token's claims win where both have one.
		ui, err := p.provider.UserInfo(octx, oauth2.StaticTokenSource(tok))
		var uc map[string]any
		if err == nil && ui.Subject == idt.Subject && ui.Claims(&uc) == nil {
			for k, v := range uc {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		} else if err != nil {
			s.log.Warn("OIDC userinfo", "err", err)
		}
	}
	values, _ := claimValues(claims, s.oidc.cfg.RolesClaim)
	name := displayName(claims, idt.Subject)
	role := s.oidc.role(values)
	if role == 0 {
		s.audit(ctx, name, "inloggning nekad", MethodOIDC,
			fmt.Sprintf("ingen roll för %s=%s, %s", s.oidc.cfg.RolesClaim, clipList(values), from))
		return User{Name: name, Method: MethodOIDC}, "", apperr.Newf(apperr.Forbidden,
			"Du är inloggad som %s men har ingen behörighet till handlingsplanstjänsten. Be den som förvaltar tjänsten om rollen läsare, inlämnare eller admin.", name)
	}
	u := User{Name: name, Role: role, Method: MethodOIDC}
	if err := s.startSession(w, r, u); err != nil {
		return User{}, "", err
	}
	s.audit(ctx, u.Name, "inloggning", MethodOIDC, from)
	return u, LocalPath(login.ReturnTo), nil
}

// role is the highest role that any of the user's claim values gives.
func (c *oidcClient) role(values []string) Role {
	var best Role
	for name, want := range c.cfg.Roles {
		r, _ := ParseRole(name)
		for _, w := range want {
			for _, v := range values {
				if strings.EqualFold(strings.TrimSpace(v), w) && r > best {
					best = r
				}
			}
		}
	}
	return best
}

// claimValues reads a claim that is a string or a list of strings; a dotted
// name ("realm_access.roles") descends into objects when no claim has the
// whole name.
func claimValues(claims map[string]any, name string) ([]string, bool) {
	v, ok := claims[name]
	if !ok && strings.Contains(name, ".") {
		var cur any = claims
		ok = true
		for _, part := range strings.Split(name, ".") {
			m, isMap := cur.(map[string]any)
			if !isMap {
				ok = false
				break
			}
			if cur, ok = m[part]; !ok {
				break
			}
		}
		v = cur
	}
	if !ok {
		return nil, false
	}
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, true
}

func hasName(claims map[string]any) bool {
	for _, k := range nameClaims {
		if s, ok := claims[k].(string); ok && strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

var nameClaims = []string{"preferred_username", "email", "name"}

// displayName is the name in sessions and the audit log.
func displayName(claims map[string]any, sub string) string {
	for _, k := range nameClaims {
		if s, ok := claims[k].(string); ok && strings.TrimSpace(s) != "" {
			return clipName(strings.TrimSpace(s))
		}
	}
	return clipName(sub)
}

func clipName(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200])
	}
	return s
}

func clipList(vs []string) string {
	s := "[" + strings.Join(vs, ", ") + "]"
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}

var codeRE = regexp.MustCompile(`^[a-z_]{1,40}$`)

// cleanCode keeps an OAuth error code shown to users free of injected text.
func cleanCode(s string) string {
	if codeRE.MatchString(s) {
		return s
	}
	return "okänt fel"
}

// errorPage writes err for a handler that has no error return.
func (s *Service) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.CodeOf(err) == apperr.Internal {
		s.log.Error("auth", "err", err)
	}
	if s.opts.ErrorPage != nil {
		s.opts.ErrorPage(w, r, err)
		return
	}
	status := http.StatusInternalServerError
	switch apperr.CodeOf(err) {
	case apperr.Unavailable:
		status = http.StatusServiceUnavailable
	case apperr.NotFound:
		status = http.StatusNotFound
	}
	http.Error(w, apperr.MessageOf(err), status)
}
