package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// RunStatus is how far a run got.
type RunStatus string

// The run statuses.
const (
	RunRunning RunStatus = "running"
	RunOK      RunStatus = "ok"
	RunFailed  RunStatus = "failed"
)

// Run is one build of the packages for a meeting (scheduled or started by hand).
type Run struct {
	ID       int64
	Audience string
	Forum    string
	Meeting  time.Time // the meeting date; zero for runs without a meeting
	Started  time.Time
	Finished time.Time // zero while running
	Status   RunStatus
	Error    string
}

// Package is one produced package of files for an audience.
type Package struct {
	ID       int64
	RunID    int64
	Audience string
	Forum    string
	Meeting  time.Time
	Path     string // folder of the package, relative to the output folder
	ZipPath  string // the zip of the package, relative to the output folder
	Created  time.Time
	Manifest json.RawMessage // what the package holds, as written by the generator
}

// CreateRun records a run as started now and returns its id.
func (s *Store) CreateRun(ctx context.Context, r Run) (int64, error) {
	if r.Started.IsZero() {
		r.Started = s.Now()
	}
	var id int64
	err := s.writeTx(ctx, "create run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO runs (audience, forum, meeting, started, status)
			VALUES (?, ?, ?, ?, ?)`, r.Audience, r.Forum, fmtDate(r.Meeting), fmtTime(r.Started), string(RunRunning))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// FinishRun marks a run as finished now: RunOK when runErr is nil, else RunFailed
// with the error's text.
func (s *Store) FinishRun(ctx context.Context, id int64, runErr error) error {
	status, msg := RunOK, ""
	if runErr != nil {
		status, msg = RunFailed, runErr.Error()
	}
	return s.writeTx(ctx, "finish run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET finished = ?, status = ?, error = ? WHERE id = ?`,
			fmtTime(s.Now()), string(status), msg, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("run %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// Runs lists the most recent runs, newest first; limit <= 0 means all.
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []Run
	err := s.readTx(ctx, "runs", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, audience, forum, meeting, started, finished, status, error
			FROM runs ORDER BY started DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				r                          Run
				meeting, started, finished string
				status                     string
			)
			if err := rows.Scan(&r.ID, &r.Audience, &r.Forum, &meeting, &started, &finished, &status, &r.Error); err != nil {
				return err
			}
			r.Status = RunStatus(status)
			if r.Meeting, err = parseDate(meeting); err != nil {
				return err
			}
			if r.Started, err = parseTime(started); err != nil {
				return err
			}
			if r.Finished, err = parseTime(finished); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// AddPackage records a produced package and returns its id.
func (s *Store) AddPackage(ctx context.Context, p Package) (int64, error) {
	if p.RunID == 0 {
		return 0, &Error{"add package", errors.New("package without run")}
	}
	if p.Created.IsZero() {
		p.Created = s.Now()
	}
	manifest := string(p.Manifest)
	if manifest == "" {
		manifest = "{}"
	}
	var id int64
	err := s.writeTx(ctx, "add package", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO packages (run_id, audience, forum, meeting, path, zip_path, created, manifest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.RunID, p.Audience, p.Forum, fmtDate(p.Meeting), p.Path, p.ZipPath,
			fmtTime(p.Created), manifest)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Packages lists the most recent packages, newest first; limit <= 0 means all.
func (s *Store) Packages(ctx context.Context, limit int) ([]Package, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []Package
	err := s.readTx(ctx, "packages", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, run_id, audience, forum, meeting, path, zip_path, created, manifest
			FROM packages ORDER BY created DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				p                Package
				meeting, created string
				manifest         string
			)
			if err := rows.Scan(&p.ID, &p.RunID, &p.Audience, &p.Forum, &meeting, &p.Path, &p.ZipPath,
				&created, &manifest); err != nil {
				return err
			}
			p.Manifest = json.RawMessage(manifest)
			if p.Meeting, err = parseDate(meeting); err != nil {
				return err
			}
			if p.Created, err = parseTime(created); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
