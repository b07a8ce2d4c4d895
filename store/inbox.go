package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Upload is a file put into the inbox by Upload and not yet taken in.
type Upload struct {
	InboxName string // the name the inbox gave it
	FileName  string // the user's file name, a label only
	Submitter string
	Created   time.Time
}

// AddUpload records an upload before its file appears in the inbox. Created
// defaults to Now.
func (s *Store) AddUpload(ctx context.Context, u Upload) error {
	if u.Created.IsZero() {
		u.Created = s.Now()
	}
	return s.writeTx(ctx, "add upload", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO inbox_uploads (inbox_name, file_name, submitter, created)
			VALUES (?, ?, ?, ?)`, u.InboxName, u.FileName, u.Submitter, fmtTime(u.Created))
		return err
	})
}

// PendingUpload returns the upload whose file has this name in the inbox; ok is
// false when there is none (a file dropped into the folder, or already taken in).
func (s *Store) PendingUpload(ctx context.Context, inboxName string) (u Upload, ok bool, err error) {
	err = s.readTx(ctx, "pending upload", func(tx *sql.Tx) error {
		var created string
		err := tx.QueryRowContext(ctx, `SELECT inbox_name, file_name, submitter, created FROM inbox_uploads
			WHERE inbox_name = ?`, inboxName).Scan(&u.InboxName, &u.FileName, &u.Submitter, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		u.Created, err = parseTime(created)
		return err
	})
	return u, ok, err
}

// DeleteStaleUploads forgets uploads recorded before t whose file never reached
// the inbox (a crash between recording and renaming); exists tells.
func (s *Store) DeleteStaleUploads(ctx context.Context, before time.Time, exists func(inboxName string) bool) (int, error) {
	var stale []string
	err := s.readTx(ctx, "stale uploads", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT inbox_name FROM inbox_uploads WHERE created < ?`, fmtTime(before))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			if !exists(n) {
				stale = append(stale, n)
			}
		}
		return rows.Err()
	})
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	err = s.writeTx(ctx, "delete stale uploads", func(tx *sql.Tx) error {
		for _, n := range stale {
			if _, err := tx.ExecContext(ctx, `DELETE FROM inbox_uploads WHERE inbox_name = ?`, n); err != nil {
				return err
			}
		}
		return nil
	})
	return len(stale), err
}

// SubmissionFromInbox returns the most recent submission of exactly this file
// from the inbox: the same bytes under the same inbox name.
func (s *Store) SubmissionFromInbox(ctx context.Context, inboxName, sha string) (sub *Submission, ok bool, err error) {
	return s.oneSubmission(ctx, "submission from inbox", `WHERE s.inbox_name = ? AND s.sha256 = ?`, inboxName, sha)
}

// SubmissionByInboxName returns the most recent submission taken in under this
// inbox name, e.g. an upload that another process took in.
func (s *Store) SubmissionByInboxName(ctx context.Context, inboxName string) (sub *Submission, ok bool, err error) {
	return s.oneSubmission(ctx, "submission by inbox name", `WHERE s.inbox_name = ?`, inboxName)
}

func (s *Store) oneSubmission(ctx context.Context, op, where string, args ...any) (sub *Submission, ok bool, err error) {
	err = s.readTx(ctx, op, func(tx *sql.Tx) error {
		got, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+`
			FROM submissions s `+where+` ORDER BY s.id DESC LIMIT 1`, args...))
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
