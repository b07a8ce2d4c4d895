package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"handlingsplan/auth"
	"handlingsplan/web"
)

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// webAuth gives the web page the sign-in service with the web's user type.
type webAuth struct{ *auth.Service }

var _ web.Auth = webAuth{}

func webUser(u auth.User) web.User { return web.User{Name: u.Name, Role: web.Role(u.Role)} }

func (a webAuth) User(ctx context.Context) (web.User, bool) {
	u, ok := auth.FromContext(ctx)
	return webUser(u), ok
}

func (a webAuth) PasswordSignIn(w http.ResponseWriter, r *http.Request, name, password string) (web.User, error) {
	u, err := a.Service.PasswordSignIn(w, r, name, password)
	return webUser(u), err
}

func (a webAuth) FinishOIDC(w http.ResponseWriter, r *http.Request) (web.User, string, error) {
	u, ret, err := a.Service.FinishOIDC(w, r)
	return webUser(u), ret, err
}
