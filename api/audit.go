package api

import (
	"context"
	"net/http"

	"handlingsplan/auth"
	"handlingsplan/store"
)

// audit records an upload or a run in the audit log. A failure to record is
// logged, not shown: the action itself has already happened.
func (h *Handler) audit(r *http.Request, u auth.User, action, object, detail string) {
	a := store.Audit{Actor: u.Name, Action: action, Object: object, Detail: detail}
	if err := h.opts.Store.AddAudit(context.WithoutCancel(r.Context()), a); err != nil {
		h.log.Error("audit log entry not written", "actor", u.Name, "action", action, "object", object, "err", err)
	}
}
