package main

// Stand-ins for the parts that other branches build to the contracts of the team
// brief (auth, the build queue, inbox.Upload). Each is replaced by the real type
// when it lands; they keep "serve" whole until then.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"

	"handlingsplan/apperr"
	"handlingsplan/web"
)

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// localUser is an account of the stand-in sign-in.
type localUser struct {
	password string
	role     web.Role
}

// localAuth signs in local accounts with sessions held in memory.
type localAuth struct {
	users  map[string]localUser
	secure bool
	mu     sync.Mutex
	sess   map[string]web.User
}

func newLocalAuth(users map[string]localUser, secure bool) *localAuth {
	return &localAuth{users: users, secure: secure, sess: map[string]web.User{}}
}

type userKey struct{}

const sessionCookie = "handlingsplan_session"

func (a *localAuth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil {
			a.mu.Lock()
			u, ok := a.sess[c.Value]
			a.mu.Unlock()
			if ok {
				r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (a *localAuth) User(ctx context.Context) (web.User, bool) {
	u, ok := ctx.Value(userKey{}).(web.User)
	return u, ok
}

func (a *localAuth) PasswordSignIn(w http.ResponseWriter, r *http.Request, name, password string) (web.User, error) {
	lu, ok := a.users[name]
	got, want := sha256.Sum256([]byte(password)), sha256.Sum256([]byte(lu.password))
	if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return web.User{}, apperr.New(apperr.Unauthorized, "Fel användarnamn eller lösenord.")
	}
	u := web.User{Name: name, Role: lu.role}
	tok := randomPassword() + randomPassword()
	a.mu.Lock()
	a.sess[tok] = u
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secure})
	return u, nil
}

func (a *localAuth) OIDCEnabled() bool { return false }

func (a *localAuth) BeginOIDC(w http.ResponseWriter, r *http.Request, returnTo string) {
	http.NotFound(w, r)
}

func (a *localAuth) FinishOIDC(w http.ResponseWriter, r *http.Request) (web.User, string, error) {
	return web.User{}, "", apperr.New(apperr.NotFound, "Inloggning med organisationens konto är inte påslagen.")
}

func (a *localAuth) SignOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sess, c.Value)
		a.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secure})
	return nil
}

