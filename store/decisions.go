package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
)

// ActionDecision is the audit log's action for a step of a proposal's trail.
const ActionDecision = "beslut"

// DecisionChange asks to record one step of an activity's decision trail.
type DecisionChange struct {
	Plan       string // canonical plan name
	ActivityID string // the activity's stable id, A-xxxxxxxx
	Version    int    // the plan version the step was taken on
	Activity   string // the activity's text, for the audit log
	Decision   plan.Decision
}

// DecisionError says which change of a batch was refused and why; it carries
// apperr.Invalid with the trail's Swedish message.
type DecisionError struct {
	Index int
	Err   error
}

func (e *DecisionError) Error() string { return e.Err.Error() }

// Unwrap returns the apperr error.
func (e *DecisionError) Unwrap() error { return e.Err }

// RecordDecisions records the changes in one transaction, in order, each
// checked against the trail as the database holds it (plan.Trail.Record), with
// an audit entry each: all or nothing. A change equal to the step already
// recorded (outcome, day and note) is left out; changed counts the others.
func (s *Store) RecordDecisions(ctx context.Context, changes []DecisionChange) (changed int, err error) {
	now := s.Now()
	err = s.writeTx(ctx, "record decisions", func(tx *sql.Tx) error {
		changed = 0
		for i, c := range changes {
			if strings.TrimSpace(c.Plan) == "" || !plan.ValidID(c.ActivityID) || strings.TrimSpace(c.Decision.By) == "" {
				return fmt.Errorf("decision %d without plan, activity id or user", i)
			}
			trail, err := trailOf(ctx, tx, c.Plan, c.ActivityID)
			if err != nil {
				return err
			}
			d := c.Decision
			d.Note = strings.TrimSpace(d.Note)
			if old, ok := trail.Step(d.Stage); ok && old.Outcome == d.Outcome && old.Date.Equal(d.Date) && old.Note == d.Note {
				continue
			}
			if _, err := trail.Record(d); err != nil {
				return &DecisionError{Index: i, Err: apperr.New(apperr.Invalid, upperFirst(err.Error())+".")}
			}
			if d.At.IsZero() {
				d.At = now
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (plan_name, activity_id, stage, outcome, day, note, version, by_user, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (plan_name, activity_id, stage) DO UPDATE SET outcome = excluded.outcome, day = excluded.day,
					note = excluded.note, version = excluded.version, by_user = excluded.by_user, at = excluded.at`,
				c.Plan, c.ActivityID, string(d.Stage), string(d.Outcome), fmtDate(d.Date), d.Note, c.Version, clip(d.By), fmtTime(d.At)); err != nil {
				return err
			}
			detail := fmt.Sprintf("%s %s: %s %s", c.ActivityID, clipText(c.Activity, 80), d.Stage.Label(), fmtDate(d.Date))
			if d.Outcome != plan.OutcomeNone {
				detail += " – " + d.Outcome.Label()
			}
			if d.Note != "" {
				detail += " (" + clipText(d.Note, 200) + ")"
			}
			if err := addAudit(ctx, tx, Audit{At: d.At, Actor: d.By, Action: ActionDecision, Object: c.Plan, Detail: detail}); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	var de *DecisionError
	if errors.As(err, &de) {
		return 0, de
	}
	return changed, err
}

// Decisions returns the named plan's decision trails by activity id.
func (s *Store) Decisions(ctx context.Context, planName string) (map[string]plan.Trail, error) {
	var out map[string]plan.Trail
	err := s.readTx(ctx, "decisions", func(tx *sql.Tx) error {
		all, err := decisions(ctx, tx, `WHERE plan_name = ?`, planName)
		out = all[planName]
		return err
	})
	if out == nil {
		out = map[string]plan.Trail{}
	}
	return out, err
}

// AllDecisions returns every plan's decision trails: by plan name, then by
// activity id.
func (s *Store) AllDecisions(ctx context.Context) (map[string]map[string]plan.Trail, error) {
	var out map[string]map[string]plan.Trail
	err := s.readTx(ctx, "all decisions", func(tx *sql.Tx) error {
		var err error
		out, err = decisions(ctx, tx, "")
		return err
	})
	return out, err
}

func trailOf(ctx context.Context, tx *sql.Tx, planName, id string) (plan.Trail, error) {
	all, err := decisions(ctx, tx, `WHERE plan_name = ? AND activity_id = ?`, planName, id)
	return all[planName][id], err
}

// decisions reads the rows that where selects, as trails in stage order.
func decisions(ctx context.Context, tx *sql.Tx, where string, args ...any) (map[string]map[string]plan.Trail, error) {
	rows, err := tx.QueryContext(ctx, `SELECT plan_name, activity_id, stage, outcome, day, note, by_user, at FROM decisions `+where+`
		ORDER BY plan_name, activity_id, CASE stage WHEN 'bedomd_kr' THEN 1 WHEN 'beredd_rsl' THEN 2 ELSE 3 END`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]plan.Trail{}
	for rows.Next() {
		var name, id, stage, outcome, day, at string
		var d plan.Decision
		if err := rows.Scan(&name, &id, &stage, &outcome, &day, &d.Note, &d.By, &at); err != nil {
			return nil, err
		}
		d.Stage, d.Outcome = plan.Stage(stage), plan.Outcome(outcome)
		if d.Date, err = time.ParseInLocation(dateLayout, day, time.Local); err != nil {
			return nil, fmt.Errorf("stored date %q: %w", day, err)
		}
		if d.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if out[name] == nil {
			out[name] = map[string]plan.Trail{}
		}
		out[name][id] = append(out[name][id], d)
	}
	return out, rows.Err()
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
