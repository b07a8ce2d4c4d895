package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser. Hash is the hex sha256 of the session id in
// the cookie; the id itself is never stored.
type Session struct {
	Hash      string
	User      string
	Role      string // "läsare", "inlämnare", "admin"
	Method    string // "lokal", "oidc"
	Created   time.Time
	IdleUntil time.Time // the session ends here unless used again
	Until     time.Time // the session ends here in any case
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	if se.Hash == "" {
		return &Error{"create session", errors.New("empty session hash")}
	}
	if se.Created.IsZero() {
		se.Created = s.Now()
	}
	return s.writeTx(ctx, "create session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_sha256, user_name, role, method, created, idle_until, until)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, se.Hash, se.User, se.Role, se.Method,
			fmtTime(se.Created), fmtTime(se.IdleUntil), fmtTime(se.Until))
		return err
	})
}

// SessionByHash returns the session with the hash, expired or not (the caller
// decides with its own clock); ErrNotFound when there is none.
func (s *Store) SessionByHash(ctx context.Context, hash string) (Session, error) {
	var se Session
	err := s.readTx(ctx, "session", func(tx *sql.Tx) error {
		var created, idle, until string
		err := tx.QueryRowContext(ctx, `SELECT id_sha256, user_name, role, method, created, idle_until, until
			FROM sessions WHERE id_sha256 = ?`, hash).Scan(&se.Hash, &se.User, &se.Role, &se.Method, &created, &idle, &until)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return scanTimes(&created, &se.Created, &idle, &se.IdleUntil, &until, &se.Until)
	})
	return se, err
}

// TouchSession moves a session's idle end to idleUntil (never past its absolute end).
func (s *Store) TouchSession(ctx context.Context, hash string, idleUntil time.Time) error {
	return s.writeTx(ctx, "touch session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET idle_until = min(?, until) WHERE id_sha256 = ?`,
			fmtTime(idleUntil), hash)
		return err
	})
}

// DeleteSession removes a session; removing one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.writeTx(ctx, "delete session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_sha256 = ?`, hash)
		return err
	})
}

// DeleteExpired removes sessions and OIDC sign-ins that have ended by now and
// returns how many rows went.
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.writeTx(ctx, "delete expired sessions", func(tx *sql.Tx) error {
		t := fmtTime(now)
		for _, q := range []string{
			`DELETE FROM sessions WHERE until <= ? OR idle_until <= ?`,
			`DELETE FROM oidc_logins WHERE until <= ? OR until <= ?`,
		} {
			res, err := tx.ExecContext(ctx, q, t, t)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	return n, err
}

// OIDCLogin is a sign-in with OpenID Connect between the redirect to the
// identity provider and its callback. Hash is the hex sha256 of the login id in
// the browser's short-lived cookie, which binds the callback to that browser.
type OIDCLogin struct {
	Hash     string
	State    string
	Nonce    string
	Verifier string // PKCE code verifier
	ReturnTo string // a local path to go to afterwards
	Until    time.Time
}

// AddOIDCLogin stores a sign-in under way.
func (s *Store) AddOIDCLogin(ctx context.Context, l OIDCLogin) error {
	if l.Hash == "" {
		return &Error{"add oidc login", errors.New("empty login hash")}
	}
	return s.writeTx(ctx, "add oidc login", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_logins (id_sha256, state, nonce, verifier, return_to, until)
			VALUES (?, ?, ?, ?, ?, ?)`, l.Hash, l.State, l.Nonce, l.Verifier, l.ReturnTo, fmtTime(l.Until))
		return err
	})
}

// TakeOIDCLogin removes and returns the sign-in with the hash, so that a
// callback can be used once; ErrNotFound when there is none or it ended before now.
func (s *Store) TakeOIDCLogin(ctx context.Context, hash string, now time.Time) (OIDCLogin, error) {
	var l OIDCLogin
	err := s.writeTx(ctx, "take oidc login", func(tx *sql.Tx) error {
		var until string
		err := tx.QueryRowContext(ctx, `SELECT id_sha256, state, nonce, verifier, return_to, until
			FROM oidc_logins WHERE id_sha256 = ?`, hash).Scan(&l.Hash, &l.State, &l.Nonce, &l.Verifier, &l.ReturnTo, &until)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_logins WHERE id_sha256 = ?`, hash); err != nil {
			return err
		}
		l.Until, err = parseTime(until)
		return err
	})
	if err != nil {
		return OIDCLogin{}, err
	}
	if !now.Before(l.Until) {
		return OIDCLogin{}, opErr("take oidc login", ErrNotFound)
	}
	return l, nil
}

// scanTimes parses pairs of (stored text, destination).
func scanTimes(pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		t, err := parseTime(*pairs[i].(*string))
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		*pairs[i+1].(*time.Time) = t
	}
	return nil
}
