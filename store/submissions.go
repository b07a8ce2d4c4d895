package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"handlingsplan/plan"
)

// Submission is one file that arrived, accepted or not.
type Submission struct {
	ID        int64
	FileName  string    // as submitted, however long; for an upload the user's file name
	InboxName string    // the name in the inbox; defaults to FileName
	SHA256    string    // hex, of the exact bytes
	Size      int64     // bytes
	ModTime   time.Time // modification time of the submitted file; zero when unknown
	Received  time.Time
	Submitter string
	Format    string // "xlsx", "pptx" or ""
	Accepted  bool
	Problems  plan.Problems
	KeptPath  string // the kept copy, relative to the data folder (archive/… or quarantine/…)
	PlanName  string // the plan it was read as; "" when not read
	VersionID int64  // the version it created; 0 when none (rejected or unchanged)
}

// RecordSubmission records a submission and returns its id. Received defaults to Now.
func (s *Store) RecordSubmission(ctx context.Context, sub Submission) (int64, error) {
	var id int64
	err := s.writeTx(ctx, "record submission", func(tx *sql.Tx) (err error) {
		id, err = s.insertSubmission(ctx, tx, &sub)
		return err
	})
	return id, err
}

// Accept records an accepted submission and adds its plan as a version in one
// transaction, so that a crash leaves either both or neither. See AddVersion for
// when no version is created.
func (s *Store) Accept(ctx context.Context, sub Submission, p *plan.Plan) (id int64, v Version, created bool, err error) {
	if p == nil {
		return 0, Version{}, false, &Error{"accept", errors.New("nil plan")}
	}
	sub.Accepted = true
	if sub.PlanName == "" {
		sub.PlanName = p.Name
	}
	err = s.writeTx(ctx, "accept", func(tx *sql.Tx) error {
		var err error
		if id, err = s.insertSubmission(ctx, tx, &sub); err != nil {
			return err
		}
		v, created, err = s.addVersion(ctx, tx, id, p)
		return err
	})
	return id, v, created, err
}

func (s *Store) insertSubmission(ctx context.Context, tx *sql.Tx, sub *Submission) (int64, error) {
	if sub.SHA256 == "" {
		return 0, errors.New("submission without sha256")
	}
	if sub.Received.IsZero() {
		sub.Received = s.Now()
	}
	probs := sub.Problems
	if probs == nil {
		probs = plan.Problems{}
	}
	pj, err := json.Marshal(probs)
	if err != nil {
		return 0, err
	}
	var mod int64
	if !sub.ModTime.IsZero() {
		mod = sub.ModTime.UnixNano()
	}
	if sub.InboxName == "" {
		sub.InboxName = sub.FileName
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions
		(file_name, sha256, size, source_modtime, received, submitter, format, accepted, problems, kept_path, plan_name, inbox_name)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub.FileName, sub.SHA256, sub.Size, mod, fmtTime(sub.Received), sub.Submitter, sub.Format,
		sub.Accepted, string(pj), sub.KeptPath, sub.PlanName, sub.InboxName)
	if err != nil {
		return 0, err
	}
	// An upload is taken in: its pending row goes in the same transaction.
	if _, err := tx.ExecContext(ctx, `DELETE FROM inbox_uploads WHERE inbox_name = ?`, sub.InboxName); err != nil {
		return 0, err
	}
	sub.ID, err = res.LastInsertId()
	return sub.ID, err
}

const submissionCols = `s.id, s.file_name, s.sha256, s.size, s.source_modtime, s.received, s.submitter,
	s.format, s.accepted, s.problems, s.kept_path, s.plan_name, s.inbox_name,
	coalesce((SELECT v.id FROM plan_versions v WHERE v.submission_id = s.id), 0)`

func scanSubmission(row interface{ Scan(...any) error }) (Submission, error) {
	var (
		sub      Submission
		mod      int64
		received string
		probs    string
	)
	if err := row.Scan(&sub.ID, &sub.FileName, &sub.SHA256, &sub.Size, &mod, &received, &sub.Submitter,
		&sub.Format, &sub.Accepted, &probs, &sub.KeptPath, &sub.PlanName, &sub.InboxName, &sub.VersionID); err != nil {
		return sub, err
	}
	if mod != 0 {
		sub.ModTime = time.Unix(0, mod)
	}
	var err error
	if sub.Received, err = parseTime(received); err != nil {
		return sub, err
	}
	if err := json.Unmarshal([]byte(probs), &sub.Problems); err != nil {
		return sub, fmt.Errorf("submission %d problems: %w", sub.ID, err)
	}
	return sub, nil
}

// SubmissionBySHA returns the most recent submission of the file with this sha256;
// ok is false when there is none.
func (s *Store) SubmissionBySHA(ctx context.Context, sha string) (sub *Submission, ok bool, err error) {
	err = s.readTx(ctx, "submission by sha256", func(tx *sql.Tx) error {
		got, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+`
			FROM submissions s WHERE s.sha256 = ? ORDER BY s.id DESC LIMIT 1`, sha))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		sub, ok = &got, true
		return nil
	})
	return sub, ok, err
}

// Submission returns one submission by id.
func (s *Store) Submission(ctx context.Context, id int64) (*Submission, error) {
	var sub Submission
	err := s.readTx(ctx, "submission", func(tx *sql.Tx) (err error) {
		sub, err = scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+`
			FROM submissions s WHERE s.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("submission %d: %w", id, ErrNotFound)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &sub, nil
}

// Submissions lists the most recent submissions, newest first; limit <= 0 means all.
func (s *Store) Submissions(ctx context.Context, limit int) ([]Submission, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []Submission
	err := s.readTx(ctx, "submissions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+submissionCols+`
			FROM submissions s ORDER BY s.received DESC, s.id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sub, err := scanSubmission(rows)
			if err != nil {
				return err
			}
			out = append(out, sub)
		}
		return rows.Err()
	})
	return out, err
}
