package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/decision"
	"handlingsplan/report"
	"handlingsplan/sources"
)

// cmdBeslut records a step of a proposal's decision trail, applies a filled SVN
// working list, or lists a plan's proposals with their ids and trails.
func cmdBeslut(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	planName := fs.String("plan", "", "programområde eller samverkansgrupp")
	act := fs.String("activity", "", "aktivitets-id, A-xxxxxxxx (står i --plan utan fler flaggor och i arbetslistan)")
	stage := fs.String("steg", "", "kr (bedömd i KR), rsl (beredd i RSL) eller svn (beslutad i SVN)")
	outcome := fs.String("utfall", "", "kr, rsl: Tillstyrks, Tillstyrks delvis, Avstyrks, Utreds vidare; svn: Bifall, Avslag, Bordlagd")
	date := fs.String("datum", "", "mötets dag, ÅÅÅÅ-MM-DD")
	note := fs.String("anteckning", "", "anteckning till steget")
	file := fs.String("fil", "", "ifylld arbetslista (Overenskommelse_….xlsx) att läsa Bedömning och Beslut ur")
	by := fs.String("by", "", "vem som registrerar (standard: den inloggade användaren)")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		who = osUser()
	}
	single := *act != "" || *stage != "" || *outcome != "" || *date != "" || *note != ""
	switch {
	case *file != "" && (single || *planName != ""):
		return a.fail(apperr.New(apperr.Invalid, "Ange antingen --fil med arbetslistan eller --plan med ett förslag, inte båda."))
	case *file == "" && strings.TrimSpace(*planName) == "":
		return a.fail(apperr.New(apperr.Invalid, "Ange --plan (och --activity, --steg, --datum för att registrera ett steg) eller --fil med den ifyllda arbetslistan, "+
			"t.ex. handlingsplan beslut --plan \"RPO Psykisk hälsa\" --activity A-1f3a9c02 --steg svn --utfall bifall --datum 2026-12-10."))
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	if *file != "" {
		data, err := sources.ReadFile(*file, a.cfg.Limits)
		if err != nil {
			for _, p := range sources.FileProblem(filepath.Base(*file), err).Problems {
				fmt.Fprintln(a.stderr, p.String())
			}
			return exitFail
		}
		rows, ps := sources.ReadWorkList(sources.Input{Name: filepath.Base(*file), Data: data}, a.cfg.Limits)
		n := 0
		if !ps.HasErrors() {
			if n, ps, err = decision.ApplyList(ctx, a.cfg, st, rows, who, time.Now()); err != nil {
				return a.fail(err)
			}
		}
		if ps.HasErrors() {
			fmt.Fprintf(a.stderr, "%s: inga beslut registrerades, eftersom arbetslistan har fel. Rätta dem och försök igen:\n", filepath.Base(*file))
			for _, p := range ps {
				fmt.Fprintln(a.stderr, "  "+p.String())
			}
			return exitFail
		}
		fmt.Fprintf(a.stdout, "%s: %s registrerade ur %s.\n", filepath.Base(*file), report.Count(n, "steg", "steg"), report.Count(len(rows), "ifylld rad", "ifyllda rader"))
		return exitOK
	}
	if !single {
		ps, err := decision.Proposals(ctx, a.cfg, st, *planName)
		if err != nil {
			return a.fail(err)
		}
		if len(ps) == 0 {
			fmt.Fprintf(a.stdout, "%s har inga förslag (aktiviteter med påverkan på överenskommelsen) i sin senaste version.\n", strings.TrimSpace(*planName))
			return exitOK
		}
		for _, p := range ps {
			id := p.Activity.ID
			if id == "" {
				id = "(inget id)"
			}
			fmt.Fprintf(a.stdout, "%s  %s – %s: %s\n", id, p.Area, p.Activity.Description, report.TrailLabel(p.Trail))
		}
		return exitOK
	}
	if *date == "" {
		return a.fail(apperr.New(apperr.Invalid, "Ange --datum, mötets dag som ÅÅÅÅ-MM-DD."))
	}
	day, err := time.ParseInLocation(time.DateOnly, *date, time.Local)
	if err != nil {
		return a.fail(apperr.Newf(apperr.Invalid, "--datum %q är inget datum; skriv ÅÅÅÅ-MM-DD", *date))
	}
	p, changed, err := decision.Record(ctx, a.cfg, st, decision.Request{Plan: *planName, Activity: *act, Stage: *stage, Outcome: *outcome,
		Date: day, Note: *note, By: who})
	if err != nil {
		return a.fail(err)
	}
	if !changed {
		fmt.Fprintf(a.stdout, "%s %s: redan registrerat – %s.\n", p.Plan, p.Activity.ID, report.TrailLabel(p.Trail))
		return exitOK
	}
	fmt.Fprintf(a.stdout, "%s %s (%s): %s (registrerat av %s).\n", p.Plan, p.Activity.ID, p.Activity.Description, report.TrailLabel(p.Trail), who)
	return exitOK
}
