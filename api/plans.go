package api

import (
	"net/http"
	"strconv"

	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/plan"
	"handlingsplan/planjson"
)

// getPlans lists every plan with its latest version.
func (h *Handler) getPlans(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "läsa planer"); !ok {
		return
	}
	latest, err := h.opts.Store.LatestAll(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := make([]PlanSummary, 0, len(latest))
	for _, v := range latest {
		s := PlanSummary{Name: v.Name, Versions: v.Number, Latest: versionOf(v)}
		if v.Plan != nil {
			s.Kind, s.Forum = string(v.Plan.Kind), v.Plan.Forum
		}
		out = append(out, s)
	}
	writeJSON(w, http.StatusOK, out)
}

// getVersions lists the versions of one plan, oldest first.
func (h *Handler) getVersions(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "läsa planer"); !ok {
		return
	}
	name := r.PathValue("name")
	hist, err := h.opts.Store.History(r.Context(), name)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if len(hist) == 0 {
		h.writeError(w, r, planMissing(name))
		return
	}
	out := make([]VersionSummary, 0, len(hist))
	for _, v := range hist {
		vs := versionOf(v)
		if v.Plan != nil {
			pj := planjson.From(v.Plan)
			vs.Plan = &pj
		}
		out = append(out, vs)
	}
	writeJSON(w, http.StatusOK, out)
}

// getDiff compares two versions of a plan: ?from=N&to=M. Without to, the latest
// version; without from, the version before to.
func (h *Handler) getDiff(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.need(w, r, auth.Reader, "läsa planer"); !ok {
		return
	}
	ctx := r.Context()
	name := r.PathValue("name")
	latest, err := h.opts.Store.Latest(ctx, name)
	if apperr.CodeOf(err) == apperr.Internal && isNotFound(err) {
		h.writeError(w, r, planMissing(name))
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	to, err := versionParam(q.Get("to"), "to", latest.Number)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	from, err := versionParam(q.Get("from"), "from", to-1)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if latest.Number == 1 && q.Get("from") == "" && to == 1 {
		h.writeError(w, r, apperr.Newf(apperr.NotFound,
			"Planen %s har bara en version; det finns ännu inget att jämföra.", name))
		return
	}
	if from < 1 || from > latest.Number || to > latest.Number {
		h.writeError(w, r, apperr.Newf(apperr.NotFound,
			"Planen %s har versionerna 1–%d; välj from och to bland dem.", name, latest.Number))
		return
	}
	if from >= to {
		h.writeError(w, r, apperr.New(apperr.Invalid,
			"from ska vara en tidigare version än to, t.ex. ?from=1&to=2."))
		return
	}
	a, err := h.opts.Store.Version(ctx, name, from)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	b, err := h.opts.Store.Version(ctx, name, to)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, diffOf(name, from, to, plan.Compare(a.Plan, b.Plan)))
}

// versionParam reads a version number from the query; def when empty.
func versionParam(s, key string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, apperr.Newf(apperr.Invalid, "%s ska vara ett versionsnummer (1, 2, …), inte %q.", key, s)
	}
	return n, nil
}

func planMissing(name string) error {
	return apperr.Newf(apperr.NotFound, "Det finns ingen plan som heter %q. Se /api/plans för de planer som finns.", name)
}
