package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"handlingsplan/plan"
	"handlingsplan/planjson"
)

// Version is one stored version of a plan.
type Version struct {
	ID           int64
	Name         string // the plan's name
	Number       int    // 1, 2, … per plan
	SHA256       string // of the source file
	SubmissionID int64  // 0 when added without a submission
	Received     time.Time
	Updated      time.Time // senast uppdaterad as written in the plan; zero when not given
	Counts       plan.StatusCounts
	Plan         *plan.Plan // decoded, with its provenance in Plan.Source
}

// AddVersion stores p as the next version of its plan. The provenance comes from
// the submission when submissionID is not 0, otherwise from p.Source. An identical
// resubmission – the same source sha256 as the plan's latest version, or the same
// normalised content (provenance and cell locations aside) – creates no version:
// created is false and v is the latest version.
func (s *Store) AddVersion(ctx context.Context, submissionID int64, p *plan.Plan) (v Version, created bool, err error) {
	if p == nil {
		return Version{}, false, &Error{"add version", errors.New("nil plan")}
	}
	err = s.writeTx(ctx, "add version", func(tx *sql.Tx) (err error) {
		v, created, err = s.addVersion(ctx, tx, submissionID, p)
		return err
	})
	return v, created, err
}

func (s *Store) addVersion(ctx context.Context, tx *sql.Tx, submissionID int64, p *plan.Plan) (Version, bool, error) {
	if p.Name == "" {
		return Version{}, false, errors.New("plan without name")
	}
	cp := *p // the caller's plan is left as it was
	if submissionID != 0 {
		var received string
		err := tx.QueryRowContext(ctx, `SELECT file_name, format, sha256, received, submitter
			FROM submissions WHERE id = ?`, submissionID).
			Scan(&cp.Source.FileName, &cp.Source.Format, &cp.Source.SHA256, &received, &cp.Source.Submitter)
		if errors.Is(err, sql.ErrNoRows) {
			return Version{}, false, fmt.Errorf("submission %d: %w", submissionID, ErrNotFound)
		}
		if err != nil {
			return Version{}, false, err
		}
		if cp.Source.Received, err = parseTime(received); err != nil {
			return Version{}, false, err
		}
	}
	if cp.Source.Received.IsZero() {
		cp.Source.Received = s.Now()
	}
	latest, err := s.latest(ctx, tx, cp.Name)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Version{}, false, err
	}
	// Stable activity ids: kept from the file, else from the same activity in the
	// latest version, else new; on a copy, so the caller's plan stays as it was.
	cp.Areas = cp.Clone().Areas
	var prev *plan.Plan
	if latest != nil {
		prev = latest.Plan
	}
	plan.AssignIDs(prev, &cp)
	content, err := contentHash(&cp)
	if err != nil {
		return Version{}, false, err
	}

	if latest != nil {
		var latestContent string
		if err := tx.QueryRowContext(ctx, `SELECT content_sha256 FROM plan_versions WHERE id = ?`,
			latest.ID).Scan(&latestContent); err != nil {
			return Version{}, false, err
		}
		if (cp.Source.SHA256 != "" && latest.SHA256 == cp.Source.SHA256) || latestContent == content {
			return *latest, false, nil
		}
	}

	if _, err := tx.ExecContext(ctx, `INSERT INTO plans (name, kind, forum) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, forum = excluded.forum`,
		cp.Name, string(cp.Kind), cp.Forum); err != nil {
		return Version{}, false, err
	}
	var number int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM plan_versions WHERE plan_name = ?`,
		cp.Name).Scan(&number); err != nil {
		return Version{}, false, err
	}
	pj, err := planjson.Marshal(&cp)
	if err != nil {
		return Version{}, false, err
	}
	c := cp.Counts()
	var sid any
	if submissionID != 0 {
		sid = submissionID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_versions
		(plan_name, number, sha256, content_sha256, submission_id, received, updated, plan_json, green, yellow, red, done)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cp.Name, number, cp.Source.SHA256, content, sid, fmtTime(cp.Source.Received), fmtDate(cp.Updated),
		string(pj), c.Green, c.Yellow, c.Red, c.Done)
	if err != nil {
		return Version{}, false, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Version{}, false, err
	}
	return Version{
		ID: id, Name: cp.Name, Number: number, SHA256: cp.Source.SHA256, SubmissionID: submissionID,
		Received: cp.Source.Received.UTC(), Updated: cp.Updated, Counts: c, Plan: &cp,
	}, true, nil
}

// contentHash identifies what a plan says, leaving out where and when it came from
// and where each activity was read, so that the same plan re-saved or moved to the
// other template counts as unchanged. It hashes json.Marshal of the model, as it
// always has, so that the hashes of stored versions stay comparable; it is never
// stored as a plan (planjson is).
func contentHash(p *plan.Plan) (string, error) {
	c := *p
	c.Source = plan.Provenance{}
	c.Areas = make([]plan.Area, len(p.Areas))
	for i, a := range p.Areas {
		acts := make([]plan.Activity, len(a.Activities))
		for j, act := range a.Activities {
			act.Location = ""
			act.StatusInferred = false
			acts[j] = act
		}
		a.Activities = acts
		c.Areas[i] = a
	}
	b, err := json.Marshal(&c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

const versionCols = `id, plan_name, number, sha256, coalesce(submission_id, 0), received, updated,
	plan_json, green, yellow, red, done`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var (
		v                 Version
		received, updated string
		pj                string
	)
	if err := row.Scan(&v.ID, &v.Name, &v.Number, &v.SHA256, &v.SubmissionID, &received, &updated,
		&pj, &v.Counts.Green, &v.Counts.Yellow, &v.Counts.Red, &v.Counts.Done); err != nil {
		return v, err
	}
	var err error
	if v.Received, err = parseTime(received); err != nil {
		return v, err
	}
	if v.Updated, err = parseDate(updated); err != nil {
		return v, err
	}
	if v.Plan, err = planjson.Unmarshal([]byte(pj)); err != nil {
		return v, fmt.Errorf("version %d of %q: %w", v.ID, v.Name, err)
	}
	return v, nil
}

func queryVersions(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]Version, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func oneVersion(ctx context.Context, tx *sql.Tx, what string, query string, args ...any) (*Version, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func (s *Store) latest(ctx context.Context, tx *sql.Tx, name string) (*Version, error) {
	return oneVersion(ctx, tx, fmt.Sprintf("plan %q", name), `SELECT `+versionCols+`
		FROM plan_versions WHERE plan_name = ? ORDER BY number DESC LIMIT 1`, name)
}

// Latest returns the newest version of the named plan, or ErrNotFound.
func (s *Store) Latest(ctx context.Context, name string) (*Version, error) {
	var v *Version
	err := s.readTx(ctx, "latest", func(tx *sql.Tx) (err error) {
		v, err = s.latest(ctx, tx, name)
		return err
	})
	return v, err
}

// LatestAll returns the newest version of every plan, by plan name.
func (s *Store) LatestAll(ctx context.Context) ([]Version, error) {
	var out []Version
	err := s.readTx(ctx, "latest all", func(tx *sql.Tx) (err error) {
		out, err = queryVersions(ctx, tx, `SELECT `+versionCols+` FROM plan_versions v
			WHERE number = (SELECT max(number) FROM plan_versions WHERE plan_name = v.plan_name)
			ORDER BY plan_name`)
		return err
	})
	return out, err
}

// History returns every version of the named plan, oldest first; empty when there
// is none.
func (s *Store) History(ctx context.Context, name string) ([]Version, error) {
	var out []Version
	err := s.readTx(ctx, "history", func(tx *sql.Tx) (err error) {
		out, err = queryVersions(ctx, tx, `SELECT `+versionCols+` FROM plan_versions
			WHERE plan_name = ? ORDER BY number`, name)
		return err
	})
	return out, err
}

// Version returns version number n of the named plan, or ErrNotFound.
func (s *Store) Version(ctx context.Context, name string, n int) (*Version, error) {
	var v *Version
	err := s.readTx(ctx, "version", func(tx *sql.Tx) (err error) {
		v, err = oneVersion(ctx, tx, fmt.Sprintf("version %d of plan %q", n, name), `SELECT `+versionCols+`
			FROM plan_versions WHERE plan_name = ? AND number = ?`, name, n)
		return err
	})
	return v, err
}

// VersionAt returns the newest version of the named plan received at or before t –
// what the plan said at a previous meeting – or ErrNotFound.
func (s *Store) VersionAt(ctx context.Context, name string, t time.Time) (*Version, error) {
	var v *Version
	err := s.readTx(ctx, "version at", func(tx *sql.Tx) (err error) {
		v, err = oneVersion(ctx, tx, fmt.Sprintf("plan %q at %s", name, t.Format(time.RFC3339)), `SELECT `+versionCols+`
			FROM plan_versions WHERE plan_name = ? AND received <= ? ORDER BY received DESC, number DESC LIMIT 1`,
			name, fmtTime(t))
		return err
	})
	return v, err
}

// ReceivedTimes returns, by plan name, when each version of every plan was
// received, oldest first: what deadline statuses are judged by.
func (s *Store) ReceivedTimes(ctx context.Context) (map[string][]time.Time, error) {
	out := map[string][]time.Time{}
	err := s.readTx(ctx, "received times", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT plan_name, received FROM plan_versions ORDER BY plan_name, number`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, received string
			if err := rows.Scan(&name, &received); err != nil {
				return err
			}
			t, err := parseTime(received)
			if err != nil {
				return err
			}
			out[name] = append(out[name], t)
		}
		return rows.Err()
	})
	return out, err
}

// TemplateVersion is the latest version of the named plan, ready to be written
// as a pre-filled template: its plan is a copy in which every activity has an
// id (a version stored before ids existed gets the ids its next version will
// get). ErrNotFound when no version was submitted.
func (s *Store) TemplateVersion(ctx context.Context, name string) (*Version, error) {
	v, err := s.Latest(ctx, name)
	if err != nil {
		return nil, err
	}
	c := *v
	c.Plan = v.Plan.Clone()
	plan.AssignIDs(nil, c.Plan)
	return &c, nil
}
