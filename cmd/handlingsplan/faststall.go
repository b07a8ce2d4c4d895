package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"handlingsplan/adoption"
	"handlingsplan/apperr"
	"handlingsplan/report"
)

// cmdFaststall records that a plan version was adopted (fastställd) by its forum
// at a meeting of the calendar.
func cmdFaststall(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	planName := fs.String("plan", "", "programområde eller samverkansgrupp")
	meeting := fs.String("meeting", "", "mötet då planen fastställdes, ÅÅÅÅ-MM-DD")
	ver := fs.Int("version", 0, "planversion att fastställa (standard: den senaste)")
	by := fs.String("by", "", "vem som fastställer (standard: den inloggade användaren)")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	if strings.TrimSpace(*planName) == "" || *meeting == "" {
		return a.fail(apperr.New(apperr.Invalid, "Ange planen och mötet, t.ex. handlingsplan faststall --plan \"RPO Psykisk hälsa\" --meeting 2026-12-08."))
	}
	day, err := time.ParseInLocation("2006-01-02", *meeting, time.Local)
	if err != nil {
		return a.fail(apperr.Newf(apperr.Invalid, "--meeting %q är inget datum; skriv ÅÅÅÅ-MM-DD", *meeting))
	}
	if *ver < 0 {
		return a.fail(apperr.Newf(apperr.Invalid, "--version %d är ogiltigt; ange ett versionsnummer från 1, eller utelämna flaggan för den senaste versionen.", *ver))
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		who = osUser()
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	ad, created, err := adoption.Adopt(ctx, a.cfg, st, adoption.Request{Plan: *planName, Meeting: day, Version: *ver, By: who})
	if err != nil {
		return a.fail(err)
	}
	if !created {
		fmt.Fprintf(a.stdout, "%s version %d är redan fastställd av %s vid mötet %s (registrerat av %s %s).\n",
			ad.Plan, ad.Version, ad.Forum, report.Date(ad.Meeting), ad.By, ad.At.Local().Format("2006-01-02 15:04"))
		return exitOK
	}
	fmt.Fprintf(a.stdout, "%s version %d fastställd av %s vid mötet %s (registrerat av %s).\n",
		ad.Plan, ad.Version, ad.Forum, report.Date(ad.Meeting), ad.By)
	return exitOK
}

// osUser names who runs the command: the operating system's user, else
// "kommandoraden".
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "kommandoraden"
}
