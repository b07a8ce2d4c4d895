package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/build"
)

// maxRunBody bounds the JSON body of POST /api/runs.
const maxRunBody = 16 << 10

// postRun queues a build, as `handlingsplan run` with the same flags, and answers
// 202 with the run; an equal run still queued is joined instead.
func (h *Handler) postRun(w http.ResponseWriter, r *http.Request) {
	u, ok := h.need(w, r, auth.Admin, "starta körningar")
	if !ok {
		return
	}
	if h.opts.Builder == nil {
		h.writeError(w, r, errRunsOff)
		return
	}
	var body runRequest
	if err := decodeBody(w, r, maxRunBody, &body, runShape); err != nil {
		h.writeError(w, r, err)
		return
	}
	req := build.Request{
		Audience: strings.TrimSpace(body.Audience), Forum: strings.TrimSpace(body.Forum),
		Plan: strings.TrimSpace(body.Plan), Reason: "manuell", By: u.Name,
	}
	if req.Audience == "" {
		h.writeError(w, r, apperr.New(apperr.Invalid, `Ange målgrupp i "audience": kr, rsl, svn, plan eller all.`))
		return
	}
	if body.Meeting != "" {
		day, err := time.ParseInLocation(time.DateOnly, body.Meeting, time.Local)
		if err != nil {
			h.writeError(w, r, apperr.Newf(apperr.Invalid, `"meeting": %q är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-03.`, body.Meeting))
			return
		}
		req.Meeting = day
	}
	id, joined, err := h.opts.Builder.Submit(r.Context(), req)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.audit(r, u, "körning", strconv.FormatInt(id, 10), runDetail(req, joined))
	run, err := h.run(r, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	run.Joined = joined
	w.Header().Set("Location", "/api/runs/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusAccepted, run)
}

func runDetail(req build.Request, joined bool) string {
	s := "målgrupp " + req.Audience
	if req.Forum != "" {
		s += ", forum " + req.Forum
	}
	if req.Plan != "" {
		s += ", plan " + req.Plan
	}
	if !req.Meeting.IsZero() {
		s += ", möte " + req.Meeting.Format(time.DateOnly)
	}
	if joined {
		s += " (anslöt till en köad körning)"
	}
	return s
}

// runShape says what POST /api/runs takes.
const runShape = `Skicka JSON med fälten "audience" (kr, rsl, svn, plan eller all), "forum", "plan" och "meeting" (ÅÅÅÅ-MM-DD), t.ex. {"audience": "kr", "forum": "Medicin"}.`

// getRun shows a run, with its progress while it is queued or running.
func (h *Handler) getRun(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "se körningar"); !ok {
		return
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		h.writeError(w, r, errBadRunID)
		return
	}
	run, err := h.run(r, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

// run is the API's view of a run: its record in the store, with the packages it
// made, and its progress in the queue.
func (h *Handler) run(r *http.Request, id int64) (Run, error) {
	var prog *Progress
	if h.opts.Builder != nil {
		if p, ok := h.opts.Builder.Progress(id); ok {
			prog = &Progress{Done: p.Done, Total: p.Total, Current: p.Current}
		}
	}
	rec, err := h.opts.Store.RunByID(r.Context(), id)
	if isNotFound(err) {
		return Run{}, errRunMissing
	}
	if err != nil {
		return Run{}, err
	}
	out := Run{
		ID: rec.ID, Audience: rec.Audience, Forum: rec.Forum, Plan: rec.Plan, Reason: rec.Reason, By: rec.By,
		Status: string(rec.Outcome), Error: rec.Error, Progress: prog, Packages: []int64{},
	}
	if !rec.Meeting.IsZero() {
		out.Meeting = rec.Meeting.Format(time.DateOnly)
	}
	if !rec.Started.IsZero() {
		t := rec.Started.UTC()
		out.Started = &t
	}
	if !rec.Finished.IsZero() {
		t := rec.Finished.UTC()
		out.Finished = &t
	}
	if rec.Outcome.Finished() {
		out.Progress = nil
	}
	for _, p := range rec.Packages {
		out.Packages = append(out.Packages, p.ID)
	}
	return out, nil
}
