package api

import "net/http"

// audit records an upload or a run in the audit log. A failure to record is
// logged, not shown: the action itself has already happened.
//
// PENDING(i7auth): store.AddAudit(ctx, store.Audit{Actor, Action, Object, Detail})
// is not in main yet; until it is, the entry goes to the log only.
func (h *Handler) audit(r *http.Request, u User, action, object, detail string) {
	h.log.Info("audit", "actor", u.Name, "action", action, "object", object, "detail", detail)
}
