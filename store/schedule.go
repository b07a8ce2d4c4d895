package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ScheduledBuild is a build the scheduler handed to the build queue.
type ScheduledBuild struct {
	Job      string    // what was scheduled, by name: a meeting or an extra schedule
	Due      time.Time // when it was due
	Reason   string    // "schemalagd" or "ikapp efter avbrott"
	Enqueued time.Time // when it was handed over; Now when zero
}

// RecordScheduled remembers that a scheduled build was handed to the queue. It
// reports false, and changes nothing, when the same job and due time are already
// recorded, so that two callers cannot both count it.
func (s *Store) RecordScheduled(ctx context.Context, b ScheduledBuild) (bool, error) {
	if b.Job == "" || b.Due.IsZero() {
		return false, &Error{"record scheduled", errors.New("scheduled build without job or due time")}
	}
	if b.Enqueued.IsZero() {
		b.Enqueued = s.Now()
	}
	var n int64
	err := s.writeTx(ctx, "record scheduled", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO schedule_done (job, due, reason, enqueued) VALUES (?, ?, ?, ?)
			ON CONFLICT (job, due) DO NOTHING`, b.Job, fmtTime(b.Due), b.Reason, fmtTime(b.Enqueued))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// LastScheduled returns the recorded build of job with the latest due time, and
// false when there is none.
func (s *Store) LastScheduled(ctx context.Context, job string) (ScheduledBuild, bool, error) {
	var (
		b             ScheduledBuild
		due, enqueued string
		found         bool
	)
	err := s.readTx(ctx, "last scheduled", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT job, due, reason, enqueued FROM schedule_done
			WHERE job = ? ORDER BY due DESC LIMIT 1`, job).Scan(&b.Job, &due, &b.Reason, &enqueued)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if b.Due, err = parseTime(due); err != nil {
			return err
		}
		b.Enqueued, err = parseTime(enqueued)
		return err
	})
	if err != nil || !found {
		return ScheduledBuild{}, false, err
	}
	return b, true, nil
}

// SchedulerFirstStart returns when the scheduler first ran on this database,
// recording now when it never has.
func (s *Store) SchedulerFirstStart(ctx context.Context, now time.Time) (time.Time, error) {
	var first string
	err := s.writeTx(ctx, "scheduler first start", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO schedule_state (id, first_start) VALUES (1, ?)
			ON CONFLICT (id) DO NOTHING`, fmtTime(now)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT first_start FROM schedule_state WHERE id = 1`).Scan(&first)
	})
	if err != nil {
		return time.Time{}, err
	}
	t, err := parseTime(first)
	return t, opErr("scheduler first start", err)
}
