package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Audit is one entry of the audit log: who did what to which object.
type Audit struct {
	ID     int64
	At     time.Time // set by AddAudit when zero
	Actor  string    // user or token name, "schemaläggaren", "kommandoraden"
	Action string    // Swedish: "inloggning", "inloggning nekad", "utloggning", "inlämning", "körning", "fastställande"
	Object string    // what it was done to, e.g. a file, plan or run
	Detail string
}

// maxAuditField bounds each text of an entry: actors come from sign-in forms.
const maxAuditField = 1000

// AddAudit appends an entry to the audit log.
func (s *Store) AddAudit(ctx context.Context, a Audit) error {
	if a.Action == "" {
		return &Error{"add audit", errors.New("empty action")}
	}
	if a.At.IsZero() {
		a.At = s.Now()
	}
	return s.writeTx(ctx, "add audit", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, object, detail) VALUES (?, ?, ?, ?, ?)`,
			fmtTime(a.At), clip(a.Actor), clip(a.Action), clip(a.Object), clip(a.Detail))
		return err
	})
}

// AuditLog returns the newest limit entries, newest first (limit <= 0: 100).
func (s *Store) AuditLog(ctx context.Context, limit int) ([]Audit, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []Audit
	err := s.readTx(ctx, "audit log", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, object, detail FROM audit
			ORDER BY at DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a Audit
			var at string
			if err := rows.Scan(&a.ID, &at, &a.Actor, &a.Action, &a.Object, &a.Detail); err != nil {
				return err
			}
			if a.At, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

func clip(s string) string {
	if len(s) <= maxAuditField {
		return s
	}
	// Cut on a rune boundary.
	i := maxAuditField
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
