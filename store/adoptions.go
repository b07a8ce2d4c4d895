package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"handlingsplan/apperr"
)

// Adoption records that a forum adopted (fastställde) a plan version at a meeting.
type Adoption struct {
	ID      int64
	Plan    string
	Version int
	Forum   string
	Meeting time.Time // the meeting day
	By      string    // who recorded it
	At      time.Time // when it was recorded; set by Adopt when zero
}

// ActionAdopt is the audit log's action for an adoption.
const ActionAdopt = "fastställande"

// Adopt records a's adoption and its audit entry in one transaction. The version
// must exist (apperr.NotFound with a Swedish message otherwise). Adopting the same
// version at the same meeting again changes nothing: created is false and the
// first record is returned.
func (s *Store) Adopt(ctx context.Context, a Adoption) (out Adoption, created bool, err error) {
	if strings.TrimSpace(a.Plan) == "" || a.Version < 1 || a.Meeting.IsZero() || strings.TrimSpace(a.By) == "" {
		return Adoption{}, false, &Error{"adopt", errors.New("adoption without plan, version, meeting or user")}
	}
	if a.At.IsZero() {
		a.At = s.Now()
	}
	err = s.writeTx(ctx, "adopt", func(tx *sql.Tx) error {
		var latest int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) FROM plan_versions WHERE plan_name = ?`,
			a.Plan).Scan(&latest); err != nil {
			return err
		}
		switch {
		case latest == 0:
			return apperr.Newf(apperr.NotFound, "Ingen version av %s har lämnats in, så det finns inget att fastställa.", a.Plan)
		case a.Version > latest:
			return apperr.Newf(apperr.NotFound, "%s har ingen version %d; den senaste är version %d. Ange --version 1–%d, eller utelämna den för den senaste.",
				a.Plan, a.Version, latest, latest)
		}
		old, err := scanAdoption(tx.QueryRowContext(ctx, `SELECT `+adoptionCols+` FROM adoptions
			WHERE plan_name = ? AND version = ? AND meeting = ?`, a.Plan, a.Version, fmtDate(a.Meeting)))
		if err == nil {
			out = old
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO adoptions (plan_name, version, forum, meeting, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?)`, a.Plan, a.Version, a.Forum, fmtDate(a.Meeting), clip(a.By), fmtTime(a.At))
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := addAudit(ctx, tx, Audit{At: a.At, Actor: a.By, Action: ActionAdopt, Object: a.Plan,
			Detail: fmt.Sprintf("version %d fastställd av %s vid mötet %s", a.Version, a.Forum, fmtDate(a.Meeting))}); err != nil {
			return err
		}
		a.At = a.At.UTC()
		out, created = a, true
		return nil
	})
	return out, created, err
}

// Adoptions returns every adoption of the named plan, newest version first and,
// for one version, newest meeting first; empty when there is none.
func (s *Store) Adoptions(ctx context.Context, planName string) ([]Adoption, error) {
	var out []Adoption
	err := s.readTx(ctx, "adoptions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+adoptionCols+` FROM adoptions WHERE plan_name = ?
			ORDER BY version DESC, meeting DESC, id DESC`, planName)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAdoption(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// LatestAdopted returns the adoption of the named plan's newest adopted version –
// the version the Plan package and the public site show – or ErrNotFound.
func (s *Store) LatestAdopted(ctx context.Context, planName string) (*Adoption, error) {
	var out *Adoption
	err := s.readTx(ctx, "latest adopted", func(tx *sql.Tx) error {
		a, err := scanAdoption(tx.QueryRowContext(ctx, `SELECT `+adoptionCols+` FROM adoptions WHERE plan_name = ?
			ORDER BY version DESC, meeting DESC, id DESC LIMIT 1`, planName))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("adoption of %q: %w", planName, ErrNotFound)
		}
		out = &a
		return err
	})
	return out, err
}

const adoptionCols = `id, plan_name, version, forum, meeting, by_user, at`

func scanAdoption(row interface{ Scan(...any) error }) (Adoption, error) {
	var a Adoption
	var meeting, at string
	if err := row.Scan(&a.ID, &a.Plan, &a.Version, &a.Forum, &meeting, &a.By, &at); err != nil {
		return a, err
	}
	m, err := time.ParseInLocation(dateLayout, meeting, time.Local)
	if err != nil {
		return a, fmt.Errorf("stored date %q: %w", meeting, err)
	}
	a.Meeting = m
	a.At, err = parseTime(at)
	return a, err
}

// LatestAdoptedAll returns every adopted plan's latest adoption, by plan name.
func (s *Store) LatestAdoptedAll(ctx context.Context) (map[string]Adoption, error) {
	out := map[string]Adoption{}
	err := s.readTx(ctx, "latest adopted all", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+adoptionCols+` FROM adoptions ORDER BY plan_name, version DESC, meeting DESC, id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAdoption(rows)
			if err != nil {
				return err
			}
			if _, seen := out[a.Plan]; !seen {
				out[a.Plan] = a
			}
		}
		return rows.Err()
	})
	return out, err
}
