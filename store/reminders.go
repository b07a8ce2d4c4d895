package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Reminder is one reminder mail about a plan before a meeting's deadline.
type Reminder struct {
	ID      int64
	Plan    string
	Meeting time.Time
	Forum   string
	To      string
	Status  string // "skickas" while being sent, "skickad" when sent
	Claimed time.Time
	Sent    time.Time // zero until sent
}

// Reminder statuses.
const (
	ReminderSending = "skickas"
	ReminderSent    = "skickad"
)

// ClaimReminder reserves the reminder for r's plan and meeting before it is sent;
// claimed is false when it was claimed before (sent, or being sent), and then
// nothing may be sent.
func (s *Store) ClaimReminder(ctx context.Context, r Reminder) (claimed bool, err error) {
	if r.Plan == "" || r.Meeting.IsZero() {
		return false, &Error{"claim reminder", errors.New("reminder without plan or meeting")}
	}
	err = s.writeTx(ctx, "claim reminder", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO reminders (plan_name, meeting, forum, to_addr, status, claimed)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plan_name, meeting) DO NOTHING`,
			r.Plan, fmtDate(r.Meeting), r.Forum, clip(r.To), ReminderSending, fmtTime(s.Now()))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

// FinishReminder records how sending a claimed reminder went: sent, or – when
// sendErr is not nil – released, so that the next round tries again.
func (s *Store) FinishReminder(ctx context.Context, planName string, meeting time.Time, sendErr error) error {
	return s.writeTx(ctx, "finish reminder", func(tx *sql.Tx) error {
		var err error
		if sendErr != nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM reminders WHERE plan_name = ? AND meeting = ? AND status = ?`,
				planName, fmtDate(meeting), ReminderSending)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE reminders SET status = ?, sent = ? WHERE plan_name = ? AND meeting = ?`,
				ReminderSent, fmtTime(s.Now()), planName, fmtDate(meeting))
		}
		return err
	})
}

// Reminders returns the newest limit reminders, newest first (limit <= 0: 100).
func (s *Store) Reminders(ctx context.Context, limit int) ([]Reminder, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []Reminder
	err := s.readTx(ctx, "reminders", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, plan_name, meeting, forum, to_addr, status, claimed, sent
			FROM reminders ORDER BY claimed DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Reminder
			var meeting, claimed, sent string
			if err := rows.Scan(&r.ID, &r.Plan, &meeting, &r.Forum, &r.To, &r.Status, &claimed, &sent); err != nil {
				return err
			}
			if r.Meeting, err = time.ParseInLocation(dateLayout, meeting, time.Local); err != nil {
				return err
			}
			if r.Claimed, err = parseTime(claimed); err != nil {
				return err
			}
			if r.Sent, err = parseTime(sent); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
