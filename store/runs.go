package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// RunStatus is how far a run got; the values are the Swedish words users see.
type RunStatus string

// The run statuses.
const (
	RunQueued  RunStatus = "köad"
	RunRunning RunStatus = "pågår"
	RunOK      RunStatus = "klar"
	RunFailed  RunStatus = "misslyckad"
	RunAborted RunStatus = "avbruten" // the process stopped or died before the run ended
)

// Finished reports whether a run with this status has ended.
func (s RunStatus) Finished() bool { return s == RunOK || s == RunFailed || s == RunAborted }

// Run is one request of the build queue (scheduled or started by hand) and the
// packages it made.
type Run struct {
	ID       int64
	Audience string    // kr, rsl, svn, plan or all
	Forum    string    // the council's name for kr; empty: every council
	Plan     string    // the plan's name for plan; empty: every plan
	Meeting  time.Time // the requested meeting date; zero: the next meeting
	Reason   string    // Swedish, e.g. "schemalagd", "manuell"
	By       string    // user name, "schemaläggaren" or "kommandoraden"
	Force    bool      // rebuild even when inputs are unchanged
	Outcome  RunStatus
	Error    string    // why it failed, in Swedish; empty when it did not
	Queued   time.Time // when it was asked for
	Started  time.Time // zero while queued
	Finished time.Time // zero until it ended
	Total    int       // packages to build, known once started
	Done     int       // packages finished (written or failed) so far
	Output   string    // the output folder it builds into, absolute; its lock guards the run
	Packages []Package // what it wrote; filled by RunByID and Runs
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

// CreateRun records a run, queued now unless r says otherwise, and returns its id.
func (s *Store) CreateRun(ctx context.Context, r Run) (int64, error) {
	if r.Queued.IsZero() {
		r.Queued = s.Now()
	}
	if r.Outcome == "" {
		r.Outcome = RunQueued
	}
	var id int64
	err := s.writeTx(ctx, "create run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO runs
			(audience, forum, plan_name, meeting, reason, requested_by, force, queued, started, finished, status, error, total, done, output_dir)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Audience, r.Forum, r.Plan, fmtDate(r.Meeting), r.Reason, r.By, r.Force, fmtTime(r.Queued),
			fmtTime(r.Started), fmtTime(r.Finished), string(r.Outcome), r.Error, r.Total, r.Done, r.Output)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// StartRun marks a queued run as running now, with the number of packages it will build.
func (s *Store) StartRun(ctx context.Context, id int64, total int) error {
	return s.updateRun(ctx, "start run", id, `UPDATE runs SET status = ?, started = ?, total = ? WHERE id = ?`,
		string(RunRunning), fmtTime(s.Now()), total, id)
}

// RunProgress records how many packages of a running run are finished.
func (s *Store) RunProgress(ctx context.Context, id int64, done int) error {
	return s.updateRun(ctx, "run progress", id, `UPDATE runs SET done = ? WHERE id = ?`, done, id)
}

// FinishRun marks a run as ended now with its outcome and, when it did not
// succeed, a Swedish message saying why.
func (s *Store) FinishRun(ctx context.Context, id int64, outcome RunStatus, message string) error {
	if !outcome.Finished() {
		return &Error{"finish run", fmt.Errorf("%q is no final outcome", outcome)}
	}
	return s.updateRun(ctx, "finish run", id, `UPDATE runs SET finished = ?, status = ?, error = ? WHERE id = ?`,
		fmtTime(s.Now()), string(outcome), message, id)
}

func (s *Store) updateRun(ctx context.Context, op string, id int64, query string, args ...any) error {
	return s.writeTx(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
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

// AbandonRuns marks every run into the output folder outputDir (and every run
// recorded without one) that is still queued or running as aborted with message,
// and returns how many there were. The build queue calls it at start-up, under
// that folder's lock: whatever is still open then was left by a process that
// stopped or died.
func (s *Store) AbandonRuns(ctx context.Context, outputDir, message string) (int64, error) {
	var n int64
	err := s.writeTx(ctx, "abandon runs", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, finished = ?
			WHERE status IN (?, ?) AND output_dir IN (?, '')`,
			string(RunAborted), message, fmtTime(s.Now()), string(RunQueued), string(RunRunning), outputDir)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

const runCols = `id, audience, forum, plan_name, meeting, reason, requested_by, force, queued, started,
	finished, status, error, total, done, output_dir`

func scanRun(row interface{ Scan(...any) error }) (Run, error) {
	var (
		r                                  Run
		meeting, queued, started, finished string
		status                             string
	)
	if err := row.Scan(&r.ID, &r.Audience, &r.Forum, &r.Plan, &meeting, &r.Reason, &r.By, &r.Force, &queued,
		&started, &finished, &status, &r.Error, &r.Total, &r.Done, &r.Output); err != nil {
		return r, err
	}
	r.Outcome = RunStatus(status)
	var err error
	if r.Meeting, err = parseDate(meeting); err != nil {
		return r, err
	}
	for _, t := range []struct {
		s   string
		dst *time.Time
	}{{queued, &r.Queued}, {started, &r.Started}, {finished, &r.Finished}} {
		if *t.dst, err = parseTime(t.s); err != nil {
			return r, err
		}
	}
	return r, nil
}

// RunByID returns the run with its packages, or ErrNotFound.
func (s *Store) RunByID(ctx context.Context, id int64) (Run, error) {
	var r Run
	err := s.readTx(ctx, "run", func(tx *sql.Tx) error {
		var err error
		r, err = scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		r.Packages, err = queryPackages(ctx, tx, `WHERE run_id = ? ORDER BY id`, id)
		return err
	})
	return r, err
}

// Runs lists the most recent runs with their packages, newest first; limit <= 0
// means all.
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []Run
	err := s.readTx(ctx, "runs", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+runCols+` FROM runs ORDER BY queued DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRun(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for i := range out {
			if out[i].Packages, err = queryPackages(ctx, tx, `WHERE run_id = ? ORDER BY id`, out[i].ID); err != nil {
				return err
			}
		}
		return nil
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
	err := s.readTx(ctx, "packages", func(tx *sql.Tx) (err error) {
		out, err = queryPackages(ctx, tx, `ORDER BY created DESC, id DESC LIMIT ?`, limit)
		return err
	})
	return out, err
}

// PackageByID returns one package, or ErrNotFound; for downloads by package id.
func (s *Store) PackageByID(ctx context.Context, id int64) (Package, error) {
	var p Package
	err := s.readTx(ctx, "package", func(tx *sql.Tx) error {
		pkgs, err := queryPackages(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(pkgs) == 0 {
			return fmt.Errorf("package %d: %w", id, ErrNotFound)
		}
		p = pkgs[0]
		return nil
	})
	return p, err
}

func queryPackages(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]Package, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, run_id, audience, forum, meeting, path, zip_path, created, manifest
		FROM packages `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Package
	for rows.Next() {
		var (
			p                Package
			meeting, created string
			manifest         string
		)
		if err := rows.Scan(&p.ID, &p.RunID, &p.Audience, &p.Forum, &meeting, &p.Path, &p.ZipPath,
			&created, &manifest); err != nil {
			return nil, err
		}
		p.Manifest = json.RawMessage(manifest)
		if p.Meeting, err = parseDate(meeting); err != nil {
			return nil, err
		}
		if p.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
