// Package remind finds the plans that need a reminder before a meeting's
// submission deadline (SPEC §7), writes the Swedish reminder, and sends each one
// at most once: by SMTP when it is configured, otherwise the reminders are listed
// with mailto links for someone to send by hand.
package remind

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// Reminder is one due reminder: a plan that is missing or not updated for a
// meeting whose deadline is near.
type Reminder struct {
	Plan            string
	Forum           string
	To              string // the contact's e-mail; empty when none is known
	Meeting         time.Time
	PreviousMeeting time.Time // zero when there was none
	Deadline        time.Time
	Status          report.DeadlineStatus // DeadlineMissing or DeadlineNotUpdated
	LastReceived    time.Time             // the latest version's receive time; zero when missing
	Link            string                // the plan's page, where its pre-filled template is; empty without base_url
}

// Due lists the reminders due at now: for every plan whose forum has a meeting
// with a deadline at most cfg.ReminderDays days ahead (and not yet past), when the
// plan is missing or not updated since the previous meeting. latest holds each
// plan's latest version (for its e-mail), received each plan's receive times.
func Due(cfg *config.Config, latest map[string]*plan.Plan, received map[string][]time.Time, now time.Time) []Reminder {
	var out []Reminder
	for _, f := range cfg.Catalog.Forums {
		a, forum := plan.AudienceKR, f.Name
		if f.Kind == plan.ForumRSL {
			a, forum = plan.AudienceRSL, ""
		}
		for _, m := range cfg.Meetings {
			if m.Audience != a || m.Forum != forum {
				continue
			}
			dl := cfg.DeadlineOf(m)
			from := startOfDay(dl).AddDate(0, 0, -cfg.ReminderDays)
			if now.Before(from) || now.After(endOfDay(dl)) {
				continue
			}
			w := report.Window{Deadline: dl, Meeting: m.Date}
			if prev, ok := cfg.PreviousMeeting(m); ok {
				w.PreviousMeeting = prev.Date
			}
			for _, name := range f.Areas {
				st := report.Deadline(received[name], w, now)
				if st != report.DeadlineMissing && st != report.DeadlineNotUpdated {
					continue
				}
				r := Reminder{Plan: name, Forum: f.Name, Meeting: m.Date, PreviousMeeting: w.PreviousMeeting,
					Deadline: dl, Status: st, To: cfg.Contacts[name]}
				if p := latest[name]; p != nil {
					if r.To == "" {
						r.To = strings.TrimSpace(p.Email)
					}
				}
				if ts := received[name]; len(ts) > 0 {
					r.LastReceived = ts[len(ts)-1]
				}
				if cfg.Server.BaseURL != "" {
					r.Link = cfg.Server.BaseURL + "/planer/" + url.PathEscape(name)
				}
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deadline.Before(out[j].Deadline) })
	return out
}

// Subject is the reminder's subject line.
func (r Reminder) Subject() string {
	return fmt.Sprintf("Påminnelse: handlingsplanen för %s ska lämnas in senast %s", r.Plan, report.Date(r.Deadline))
}

// Body is the reminder's text: what is missing, by when, and where the
// pre-filled template is.
func (r Reminder) Body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hej!\n\nHandlingsplanen för %s redovisas för %s inför mötet %s. Sista dag att lämna in den är %s.\n\n",
		r.Plan, r.Forum, report.Date(r.Meeting), report.Date(r.Deadline))
	switch {
	case r.Status == report.DeadlineMissing:
		fmt.Fprintf(&b, "Vi har ännu inte fått någon handlingsplan för %s.\n\n", r.Plan)
	case !r.PreviousMeeting.IsZero():
		fmt.Fprintf(&b, "Planen har inte uppdaterats sedan förra mötet (%s); den senaste versionen kom in %s.\n\n",
			report.Date(r.PreviousMeeting), report.Date(r.LastReceived))
	default:
		fmt.Fprintf(&b, "Planen har inte uppdaterats; den senaste versionen kom in %s.\n\n", report.Date(r.LastReceived))
	}
	if r.Status == report.DeadlineNotUpdated {
		b.WriteString("Uppdatera planen i den förifyllda mallen – den innehåller den senaste versionen med alla aktiviteter – och lämna in den. ")
		b.WriteString("Ändra inte kolumnen Aktivitets-id, så följer aktiviteterna med mellan versionerna.\n")
	} else {
		b.WriteString("Fyll i mallen och lämna in den.\n")
	}
	if r.Link != "" {
		fmt.Fprintf(&b, "Mallen och planens versioner finns på planens sida: %s\n", r.Link)
	}
	b.WriteString("\nDet här är ett automatiskt meddelande från handlingsplanstjänsten; svara inte på det.\n")
	return b.String()
}

// Mailto is a mailto link that opens the reminder, ready to send, in a mail
// program; empty when no address is known.
func (r Reminder) Mailto() string {
	if r.To == "" {
		return ""
	}
	q := "subject=" + url.PathEscape(r.Subject()) + "&body=" + url.PathEscape(r.Body())
	return "mailto:" + url.PathEscape(r.To) + "?" + q
}

// Sender delivers one reminder.
type Sender interface {
	Send(ctx context.Context, r Reminder) error
}

// Outcome is what happened to one due reminder in Send.
type Outcome struct {
	Reminder Reminder
	Sent     bool
	Before   bool  // it had been sent (or claimed) before: nothing was sent now
	Err      error // sending failed; it will be tried again next time
}

// Send sends every due reminder with an address that was never sent before,
// claiming it in the store first so that it goes out at most once, also across
// processes and restarts. A failed send releases the claim.
func Send(ctx context.Context, st *store.Store, s Sender, due []Reminder) ([]Outcome, error) {
	var out []Outcome
	for _, r := range due {
		if r.To == "" {
			continue
		}
		claimed, err := st.ClaimReminder(ctx, store.Reminder{Plan: r.Plan, Meeting: r.Meeting, Forum: r.Forum, To: r.To})
		if err != nil {
			return out, err
		}
		if !claimed {
			out = append(out, Outcome{Reminder: r, Before: true})
			continue
		}
		serr := s.Send(ctx, r)
		if err := st.FinishReminder(context.WithoutCancel(ctx), r.Plan, r.Meeting, serr); err != nil {
			return out, err
		}
		out = append(out, Outcome{Reminder: r, Sent: serr == nil, Err: serr})
	}
	return out, nil
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func endOfDay(t time.Time) time.Time { return startOfDay(t).AddDate(0, 0, 1).Add(-time.Nanosecond) }

// DueNow is Due with the plans and receive times read from st, for the command
// line and the web page alike.
func DueNow(ctx context.Context, cfg *config.Config, st *store.Store, now time.Time) ([]Reminder, error) {
	versions, err := st.LatestAll(ctx)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "Planerna kunde inte läsas ur databasen.", "remind", err)
	}
	latest := map[string]*plan.Plan{}
	for _, v := range versions {
		latest[v.Name] = v.Plan
	}
	received, err := st.ReceivedTimes(ctx)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "Planerna kunde inte läsas ur databasen.", "remind", err)
	}
	return Due(cfg, latest, received, now), nil
}
