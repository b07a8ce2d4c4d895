package web

import (
	"net/http"
	"strings"

	"handlingsplan/apperr"
)

// signInData fills the sign-in form; Errors are keyed by field name.
type signInData struct {
	Name     string
	Return   string
	Notice   string
	Errors   map[string]string
	OIDC     bool
	Password bool
	Message  string // why the form is shown instead of the page asked for
}

// need returns the signed-in user when the role suffices. Otherwise it answers
// itself: 401 with the sign-in form for nobody, 403 for a role that may not.
func (s *Server) need(w http.ResponseWriter, r *http.Request, role Role) (User, bool) {
	u, ok := s.d.Auth.User(r.Context())
	if !ok || u.Role == RoleNone {
		ret := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			ret = r.URL.Path
		}
		s.render(w, r, http.StatusUnauthorized, "signin", view{Title: "Logga in", Data: signInData{
			Return: ret, OIDC: s.d.Auth.OIDCEnabled(), Password: s.d.Auth.PasswordEnabled(), Message: "Logga in för att se sidan."}})
		return u, false
	}
	if u.Role < role {
		s.errorPage(w, r, http.StatusForbidden, "Du är inloggad som "+u.Name+" med rollen "+u.Role.String()+
			". Det här kräver rollen "+role.String()+"; be förvaltningen av tjänsten om behörighet.")
		return u, false
	}
	return u, true
}

// safeReturn keeps a return address on this site: a path, never another host.
func safeReturn(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") ||
		strings.ContainsAny(s, "\r\n") {
		return "/"
	}
	return s
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	d := signInData{Return: safeReturn(r.URL.Query().Get("tillbaka")), OIDC: s.d.Auth.OIDCEnabled(), Password: s.d.Auth.PasswordEnabled()}
	if r.URL.Query().Has("utloggad") {
		d.Notice = "Du är utloggad."
	}
	s.render(w, r, http.StatusOK, "signin", view{Title: "Logga in", Data: d})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Formuläret kunde inte läsas. Försök igen.")
		return
	}
	d := signInData{Name: strings.TrimSpace(r.PostFormValue("namn")), Return: safeReturn(r.PostFormValue("tillbaka")),
		OIDC: s.d.Auth.OIDCEnabled(), Password: s.d.Auth.PasswordEnabled(), Errors: map[string]string{}}
	pw := r.PostFormValue("losenord")
	if d.Name == "" {
		d.Errors["namn"] = "Skriv ditt användarnamn."
	}
	if pw == "" {
		d.Errors["losenord"] = "Skriv ditt lösenord."
	}
	if len(d.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "signin", view{Title: "Logga in", Data: d})
		return
	}
	u, err := s.d.Auth.PasswordSignIn(w, r, d.Name, pw)
	if err != nil {
		code := s.d.Status(err)
		if code >= 500 {
			s.fail(w, r, err)
			return
		}
		d.Errors["losenord"] = apperr.MessageOf(err)
		s.render(w, r, code, "signin", view{Title: "Logga in", Data: d})
		return
	}
	s.d.Log.Info("signed in", "user", u.Name, "role", u.Role.String())
	http.Redirect(w, r, d.Return, http.StatusSeeOther)
}

func (s *Server) signInOIDC(w http.ResponseWriter, r *http.Request) {
	if !s.d.Auth.OIDCEnabled() {
		s.errorPage(w, r, http.StatusNotFound, "Inloggning med organisationens konto är inte påslagen här. Logga in med användarnamn och lösenord.")
		return
	}
	s.d.Auth.BeginOIDC(w, r, safeReturn(r.URL.Query().Get("tillbaka")))
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if !s.d.Auth.OIDCEnabled() {
		s.errorPage(w, r, http.StatusNotFound, "Inloggning med organisationens konto är inte påslagen här.")
		return
	}
	u, ret, err := s.d.Auth.FinishOIDC(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.d.Log.Info("signed in", "user", u.Name, "role", u.Role.String(), "method", "oidc")
	http.Redirect(w, r, safeReturn(ret), http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if err := s.d.Auth.SignOut(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/logga-in?utloggad=1", http.StatusSeeOther)
}
