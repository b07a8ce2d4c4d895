// Package store keeps submissions, plan versions, runs and packages in an embedded
// SQLite database (modernc.org/sqlite, no cgo).
//
// Exported methods open a transaction and call small unexported helpers that take
// the transaction, so that several steps can share one.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"handlingsplan/apperr"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned (wrapped in an *Error) when a plan, version or run does
// not exist; it carries apperr.NotFound, so callers map it without knowing the store.
var ErrNotFound = apperr.New(apperr.NotFound, "Det som efterfrågades finns inte.")

// Error is a failed store operation; it unwraps to the cause.
type Error struct {
	Op  string // e.g. "add version"
	Err error
}

func (e *Error) Error() string { return "store: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func opErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	return &Error{Op: op, Err: err}
}

// Store is an open database.
type Store struct {
	db   *sql.DB
	path string

	// Now is the clock used for times the store sets itself; tests replace it.
	Now func() time.Time
}

// Open opens (creating when needed) the database at path and applies pending
// migrations. ":memory:" gives a private in-memory database.
func Open(path string) (*Store, error) {
	const op = "open"
	if path == "" {
		return nil, &Error{op, errors.New("empty database path")}
	}
	if strings.ContainsRune(path, '?') {
		return nil, &Error{op, fmt.Errorf("database path %q must not contain '?'", path)}
	}
	// Writers begin IMMEDIATE so that two processes (service and CLI) wait on
	// busy_timeout instead of failing when a read lock is upgraded.
	dsn := path + "?_txlock=immediate&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	if path != ":memory:" {
		dsn += "&_pragma=journal_mode(WAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, &Error{op, err}
	}
	if path == ":memory:" {
		// Every connection to :memory: is a different database.
		db.SetMaxOpenConns(1)
	}
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, &Error{op, fmt.Errorf("%s: %w", path, err)}
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return opErr("close", s.db.Close()) }

// Ping checks that the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return opErr("ping", s.db.PingContext(ctx)) }

// Path is the database file as given to Open.
func (s *Store) Path() string { return s.path }

// migrate applies, in name order, every embedded migration not yet recorded in
// schema_migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name    TEXT PRIMARY KEY,
		applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.migrateOne(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (s *Store) migrateOne(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied) VALUES (?, ?)`,
		name, fmtTime(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrations lists the applied migrations in order; for diagnostics and tests.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, opErr("migrations", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, opErr("migrations", err)
		}
		out = append(out, n)
	}
	return out, opErr("migrations", rows.Err())
}

// readTx runs fn in a read-only transaction, which begins DEFERRED and so does not
// block writers in WAL mode.
func (s *Store) readTx(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return opErr(op, err)
	}
	defer tx.Rollback()
	return opErr(op, fn(tx))
}

// writeTx runs fn in a write transaction and commits when it returns nil.
func (s *Store) writeTx(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return opErr(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return opErr(op, err)
	}
	return opErr(op, tx.Commit())
}

// timeLayout is fixed-width so that stored times compare correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

const dateLayout = "2006-01-02"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored date %q: %w", s, err)
	}
	return t, nil
}
