package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"handlingsplan/apperr"
	"handlingsplan/auth"
)

// statusOf is the one table from application error codes to HTTP status codes;
// the web pages use it through Status.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.TooLarge:     http.StatusRequestEntityTooLarge,
	apperr.Unavailable:  http.StatusServiceUnavailable,
	apperr.Internal:     http.StatusInternalServerError,
}

// Status is the HTTP status for err: the table above by apperr.CodeOf, 413 for
// a body over http.MaxBytesReader's limit, 500 for anything else; 200 for nil.
func Status(err error) int {
	if err == nil {
		return http.StatusOK
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge
	}
	if s, ok := statusOf[apperr.CodeOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Code is the error code for the JSON body, matching Status.
func Code(err error) apperr.Code {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return apperr.TooLarge
	}
	c := apperr.CodeOf(err)
	if _, ok := statusOf[c]; !ok {
		return apperr.Internal
	}
	return c
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error errorObject `json:"error"`
}

type errorObject struct {
	Code    apperr.Code `json:"code"`
	Message string      `json:"message"`
}

// writeError answers with err's status and Swedish message. Internal errors are
// logged with their cause and shown only as apperr.InternalMessage.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := Status(err), Code(err)
	msg := apperr.MessageOf(err)
	if status >= 500 {
		h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "route", r.Pattern, "err", err)
		if code == apperr.Internal {
			msg = apperr.InternalMessage
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="handlingsplan"`)
	}
	writeJSON(w, status, errorBody{errorObject{code, msg}})
}

// writeJSON writes v as the response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // a failed write means the client went away; nothing to tell it
}

// Swedish messages the handlers answer with.
var (
	errSignIn         = apperr.New(apperr.Unauthorized, "Du måste logga in (eller skicka en API-nyckel i Authorization: Bearer …) för att göra det här.")
	errNotFound       = apperr.New(apperr.NotFound, "Det finns ingen sådan sida i API:t. Se /api/openapi.json för vilka adresser som finns.")
	errRunsOff        = apperr.New(apperr.Unavailable, "Körningar kan inte startas just nu: byggkön är inte igång. Försök igen om en stund.")
	errNotMultipart   = apperr.New(apperr.Invalid, "Skicka filen som multipart/form-data i fältet \"file\".")
	errNoFile         = apperr.New(apperr.Invalid, "Begäran saknar en fil i fältet \"file\". Skicka filen som multipart/form-data med fältnamnet file.")
	errNoFileName     = apperr.New(apperr.Invalid, "Filen saknar namn. Skicka den med sitt filnamn, t.ex. Handlingsplan-RPO-Hjarta.xlsx.")
	errBadUploadBody  = apperr.New(apperr.Invalid, "Uppladdningen avbröts eller är felaktigt formaterad. Försök igen.")
	errBadPackageID   = apperr.New(apperr.Invalid, "Paketets id ska vara ett positivt heltal, t.ex. /api/packages/12.")
	errBadRunID       = apperr.New(apperr.Invalid, "Körningens id ska vara ett positivt heltal, t.ex. /api/runs/7.")
	errPackageMissing = apperr.New(apperr.NotFound, "Paketet finns inte. Se /api/packages för de paket som finns.")
	errFileMissing    = apperr.New(apperr.NotFound, "Paketet har ingen fil med det namnet. Filerna står i paketets manifest (GET /api/packages/{id}).")
	errRunMissing     = apperr.New(apperr.NotFound, "Körningen finns inte.")
	errSuperseded     = apperr.New(apperr.NotFound, "Den här versionen av paketet har ersatts av en nyare byggd för samma möte. Hämta det nyaste paketet i GET /api/packages.")
)

// forbidden is the 403 for a role that may not do something.
func forbidden(u auth.User, what string) error {
	return apperr.Newf(apperr.Forbidden, "Din roll (%s) får inte %s. Be en administratör om en roll som får det.", u.Role, what)
}
