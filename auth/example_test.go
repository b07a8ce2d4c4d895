package auth_test

import (
	"log/slog"
	"net/http"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/config"
	"handlingsplan/store"
)

// Example shows how the web package wires the service: the middleware around
// every route, the sign-in routes as thin handlers, Require in handlers that
// need a role.
func Example() {
	cfg, _ := config.Default()
	st, _ := store.Open(":memory:")
	defer st.Close()
	svc, err := auth.New(cfg.Auth, st, auth.Options{Secure: false, BaseURL: "http://127.0.0.1:8080", Log: slog.Default()})
	if err != nil {
		return // a Swedish apperr.Invalid naming the auth key: a start-up error
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /logga-in", func(w http.ResponseWriter, r *http.Request) {
		if _, err := svc.PasswordSignIn(w, r, r.PostFormValue("namn"), r.PostFormValue("losenord")); err != nil {
			http.Error(w, apperr.MessageOf(err), http.StatusUnauthorized) // the web re-renders the form instead
			return
		}
		http.Redirect(w, r, auth.LocalPath(r.PostFormValue("next")), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /logga-in/oidc", func(w http.ResponseWriter, r *http.Request) {
		svc.BeginOIDC(w, r, r.FormValue("next"))
	})
	mux.HandleFunc("GET /auth/callback", func(w http.ResponseWriter, r *http.Request) {
		_, next, err := svc.FinishOIDC(w, r)
		if err != nil {
			status := http.StatusUnauthorized
			if apperr.CodeOf(err) == apperr.Forbidden {
				status = http.StatusForbidden
			}
			http.Error(w, apperr.MessageOf(err), status)
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	})
	mux.HandleFunc("POST /logga-ut", func(w http.ResponseWriter, r *http.Request) {
		if err := svc.SignOut(w, r); err != nil {
			http.Error(w, apperr.MessageOf(err), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("POST /api/runs", func(w http.ResponseWriter, r *http.Request) {
		u, err := auth.Require(r.Context(), auth.Admin)
		if err != nil {
			// 401 for apperr.Unauthorized, 403 for apperr.Forbidden
			return
		}
		_ = u.Name // the actor in the audit log and build.Request.By
	})
	_ = http.NewCrossOriginProtection().Handler(svc.Middleware(mux))
}
