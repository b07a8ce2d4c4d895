package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/remind"
	"handlingsplan/report"
)

// cmdRemind sends the reminders due today (SPEC §7) through the configured SMTP
// server, each at most once; without smtp, or with --dry-run, it lists them with
// mailto links instead.
func cmdRemind(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	dry := fs.Bool("dry-run", false, "visa påminnelserna utan att skicka dem")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	due, err := remind.DueNow(ctx, a.cfg, st, time.Now())
	if err != nil {
		return a.fail(err)
	}
	if len(due) == 0 {
		fmt.Fprintln(a.stdout, "Inga påminnelser att skicka i dag.")
		return exitOK
	}
	if a.cfg.SMTP == nil || *dry {
		if a.cfg.SMTP == nil {
			fmt.Fprintln(a.stdout, "Ingen e-postserver (smtp) är konfigurerad; skicka påminnelserna själv med länkarna:")
		}
		for _, r := range due {
			fmt.Fprintf(a.stdout, "- %s (%s), %s senast %s: %s\n", r.Plan, r.Status, r.Forum, report.Date(r.Deadline), mailtoOrNone(r))
		}
		return exitOK
	}
	var password string
	if f := a.cfg.SMTP.PasswordFile; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return a.fail(apperr.Wrap(apperr.Invalid, fmt.Sprintf("Lösenordsfilen för e-postservern (smtp.password_file) %s kan inte läsas.", f), "remind", err))
		}
		password = strings.TrimSpace(string(b))
	}
	sender := &remind.SMTP{Config: *a.cfg.SMTP, Password: password}
	out, err := remind.Send(ctx, st, sender, due)
	if err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, "Påminnelserna kunde inte registreras i databasen.", "remind", err))
	}
	failed := 0
	for _, o := range out {
		switch {
		case o.Sent:
			fmt.Fprintf(a.stdout, "- %s: påminnelse skickad till %s\n", o.Reminder.Plan, o.Reminder.To)
		case o.Before:
			fmt.Fprintf(a.stdout, "- %s: redan påmind inför mötet %s\n", o.Reminder.Plan, report.Date(o.Reminder.Meeting))
		default:
			failed++
			fmt.Fprintf(a.stdout, "- %s: %s\n", o.Reminder.Plan, apperr.MessageOf(o.Err))
			a.log.Warn("reminder not sent", "plan", o.Reminder.Plan, "err", o.Err)
		}
	}
	for _, r := range due {
		if r.To == "" {
			fmt.Fprintf(a.stdout, "- %s: ingen e-postadress (ange den under contacts i konfigurationen)\n", r.Plan)
		}
	}
	if failed > 0 {
		return exitBusy
	}
	return exitOK
}

func mailtoOrNone(r remind.Reminder) string {
	if m := r.Mailto(); m != "" {
		return m
	}
	return "ingen e-postadress (ange den under contacts i konfigurationen)"
}
