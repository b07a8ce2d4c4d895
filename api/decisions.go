package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/decision"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// Proposal is an activity with påverkan på överenskommelsen in a plan's latest
// version, with its decision trail.
type Proposal struct {
	Plan       string `json:"plan"`
	Version    int    `json:"version"`
	ActivityID string `json:"activity_id"` // empty for a version stored before ids existed
	Area       string `json:"area"`
	Activity   string `json:"activity"`
	Impact     string `json:"impact"`
	Stage      string `json:"stage"` // the current stage: foreslagen, bedomd_kr, beredd_rsl, beslutad_svn
	State      string `json:"state"` // the Beslutsläge the packages show
	Trail      []Step `json:"trail"`
}

// Step is one recorded step of a trail.
type Step struct {
	Stage   string    `json:"stage"`
	Outcome string    `json:"outcome"`
	Date    string    `json:"date"` // YYYY-MM-DD
	Note    string    `json:"note"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

func proposalOf(p decision.Proposal) Proposal {
	out := Proposal{Plan: p.Plan, Version: p.Version, ActivityID: p.Activity.ID, Area: p.Area, Activity: p.Activity.Description,
		Impact: string(p.Activity.Impact), Stage: string(p.Trail.Current()), State: report.TrailLabel(p.Trail), Trail: []Step{}}
	for _, d := range p.Trail {
		out.Trail = append(out.Trail, Step{Stage: string(d.Stage), Outcome: string(d.Outcome), Date: d.Date.Format(time.DateOnly),
			Note: d.Note, By: d.By, At: d.At.UTC()})
	}
	return out
}

// decisionRequest is the body of POST /api/plans/{name}/decisions.
type decisionRequest struct {
	ActivityID string `json:"activity_id"`
	Stage      string `json:"stage"`
	Outcome    string `json:"outcome"`
	Date       string `json:"date"`
	Note       string `json:"note"`
}

// WorkListResult answers an upload of the SVN working list.
type WorkListResult struct {
	File     string         `json:"file"`
	OK       bool           `json:"ok"`
	Rows     int            `json:"rows"`    // filled rows read
	Applied  int            `json:"applied"` // steps recorded; 0 when any row has an error
	Problems []plan.Problem `json:"problems"`
}

var errDecisionsOff = apperr.New(apperr.Unavailable, "Beslut är inte påslaget i den här tjänsten.")

// getDecisions lists the plan's proposals with their trails.
func (h *Handler) getDecisions(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "läsa planer"); !ok {
		return
	}
	if h.opts.Config == nil {
		h.writeError(w, r, errDecisionsOff)
		return
	}
	name := h.canonical(r.PathValue("name"))
	if _, _, ok := h.opts.Config.Catalog.Area(name); !ok {
		h.writeError(w, r, planMissing(r.PathValue("name")))
		return
	}
	ps, err := decision.Proposals(r.Context(), h.opts.Config, h.opts.Store, name)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := make([]Proposal, 0, len(ps))
	for _, p := range ps {
		out = append(out, proposalOf(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// postDecision records one step as `handlingsplan beslut` does: 201 with the
// proposal, or 200 when the step was already recorded so.
func (h *Handler) postDecision(w http.ResponseWriter, r *http.Request) {
	u, ok := h.need(w, r, auth.Admin, "registrera beslut")
	if !ok {
		return
	}
	if h.opts.Config == nil {
		h.writeError(w, r, errDecisionsOff)
		return
	}
	var body decisionRequest
	if err := decodeBody(w, r, maxAdoptionBody, &body,
		`Skicka JSON som {"activity_id": "A-1f3a9c02", "stage": "svn", "outcome": "bifall", "date": "ÅÅÅÅ-MM-DD", "note": "…"}.`); err != nil {
		h.writeError(w, r, err)
		return
	}
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(body.Date), time.Local)
	if err != nil {
		h.writeError(w, r, apperr.Newf(apperr.Invalid, `"date": %q är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-12-10.`, body.Date))
		return
	}
	p, changed, err := decision.Record(r.Context(), h.opts.Config, h.opts.Store, decision.Request{Plan: r.PathValue("name"),
		Activity: body.ActivityID, Stage: body.Stage, Outcome: body.Outcome, Date: day, Note: body.Note, By: u.Name})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	code := http.StatusOK
	if changed {
		code = http.StatusCreated
		h.decisionsChanged(r.Context(), []string{p.Plan})
	}
	writeJSON(w, code, proposalOf(p))
}

// postWorkList reads the uploaded SVN working list (multipart, field "file")
// and applies its Bedömning and Beslut: all rows or none, 422 with the
// problems at their cells.
func (h *Handler) postWorkList(w http.ResponseWriter, r *http.Request) {
	u, ok := h.need(w, r, auth.Admin, "registrera beslut")
	if !ok {
		return
	}
	if h.opts.Config == nil {
		h.writeError(w, r, errDecisionsOff)
		return
	}
	limit := h.opts.MaxUploadBytes
	part, ok := h.filePart(w, r, limit, "api.worklist", func() { h.writeError(w, r, errListTooLarge(limit)) })
	if !ok {
		return
	}
	data, err := io.ReadAll(io.LimitReader(part, limit+1))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			h.writeError(w, r, errListTooLarge(limit))
			return
		}
		h.writeError(w, r, apperr.Wrap(apperr.Invalid, errBadUploadBody.Message, "api.worklist", err))
		return
	}
	if int64(len(data)) > limit {
		h.writeError(w, r, errListTooLarge(limit))
		return
	}
	name := part.FileName()
	if name == "" {
		h.writeError(w, r, errNoFileName)
		return
	}
	res, err := decision.ApplyFile(r.Context(), h.opts.Config, h.opts.Store, name, data, u.Name, time.Now())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := WorkListResult{File: res.File, OK: res.OK(), Rows: res.Rows, Applied: res.Applied, Problems: res.Problems}
	if out.Problems == nil {
		out.Problems = []plan.Problem{}
	}
	if !out.OK {
		writeJSON(w, http.StatusUnprocessableEntity, out)
		return
	}
	h.decisionsChanged(r.Context(), res.Plans)
	writeJSON(w, http.StatusOK, out)
}

func errListTooLarge(limit int64) error {
	return apperr.Newf(apperr.TooLarge, "Filen är för stor. Största tillåtna storlek är %s.", megabytes(limit))
}

// decisionsChanged tells the service that the plans' trails changed, so that
// the packages that show them are built again.
func (h *Handler) decisionsChanged(ctx context.Context, plans []string) {
	if h.opts.DecisionsChanged != nil && len(plans) > 0 {
		h.opts.DecisionsChanged(context.WithoutCancel(ctx), plans)
	}
}
