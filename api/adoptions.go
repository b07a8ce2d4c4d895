package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"handlingsplan/adoption"
	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/store"
)

// Adoption is one fastställande of a plan version at a meeting of its forum.
type Adoption struct {
	ID      int64     `json:"id"`
	Plan    string    `json:"plan"`
	Version int       `json:"version"`
	Forum   string    `json:"forum"`
	Meeting string    `json:"meeting"` // YYYY-MM-DD
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

func adoptionOf(a store.Adoption) Adoption {
	return Adoption{ID: a.ID, Plan: a.Plan, Version: a.Version, Forum: a.Forum,
		Meeting: a.Meeting.Format(time.DateOnly), By: a.By, At: a.At.UTC()}
}

// adoptionRequest is the body of POST /api/plans/{name}/adoptions.
type adoptionRequest struct {
	Meeting string `json:"meeting"`
	Version int    `json:"version"`
}

const maxAdoptionBody = 4 << 10

var errAdoptionOff = apperr.New(apperr.Unavailable, "Fastställande är inte påslaget i den här tjänsten.")

// canonical is the plan's name as the configuration spells it, when known.
func (h *Handler) canonical(name string) string {
	if h.opts.Config != nil {
		if n, _, ok := h.opts.Config.Catalog.Area(name); ok {
			return n
		}
	}
	return name
}

// getAdoptions lists the plan's adoptions, newest version first.
func (h *Handler) getAdoptions(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "läsa planer"); !ok {
		return
	}
	name := h.canonical(r.PathValue("name"))
	hist, err := h.opts.Store.History(r.Context(), name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.writeError(w, r, err)
		return
	}
	if len(hist) == 0 {
		h.writeError(w, r, planMissing(r.PathValue("name")))
		return
	}
	ads, err := h.opts.Store.Adoptions(r.Context(), name)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := make([]Adoption, 0, len(ads))
	for _, a := range ads {
		out = append(out, adoptionOf(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// postAdoption records a fastställande as `handlingsplan faststall` does: 201
// with the adoption, or 200 with the first record when it was already made.
func (h *Handler) postAdoption(w http.ResponseWriter, r *http.Request) {
	u, ok := h.need(w, r, auth.Admin, "fastställa planer")
	if !ok {
		return
	}
	if h.opts.Config == nil {
		h.writeError(w, r, errAdoptionOff)
		return
	}
	var body adoptionRequest
	if err := decodeBody(w, r, maxAdoptionBody, &body,
		`Skicka JSON som {"meeting": "ÅÅÅÅ-MM-DD", "version": N}; version kan utelämnas för den senaste.`); err != nil {
		h.writeError(w, r, err)
		return
	}
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(body.Meeting), time.Local)
	if err != nil {
		h.writeError(w, r, apperr.Newf(apperr.Invalid, `"meeting": %q är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-03.`, body.Meeting))
		return
	}
	ad, created, err := adoption.Adopt(r.Context(), h.opts.Config, h.opts.Store,
		adoption.Request{Plan: r.PathValue("name"), Meeting: day, Version: body.Version, By: u.Name})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
	}
	writeJSON(w, code, adoptionOf(ad))
}
