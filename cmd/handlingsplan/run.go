package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/store"
)

func cmdRun(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	aud := fs.String("audience", "", "målgrupp: kr, rsl, svn, plan eller all")
	forum := fs.String("forum", "", "kunskapsråd (för kr)")
	planName := fs.String("plan", "", "programområde eller samverkansgrupp (för plan)")
	meeting := fs.String("meeting", "", "mötesdatum ÅÅÅÅ-MM-DD (standard: nästa möte i kalendern)")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	if *aud == "" {
		fmt.Fprintln(a.stderr, "ange --audience kr, rsl, svn, plan eller all")
		return exitUsage
	}
	var day time.Time
	if *meeting != "" {
		var err error
		if day, err = time.ParseInLocation("2006-01-02", *meeting, time.Local); err != nil {
			fmt.Fprintf(a.stderr, "--meeting %q är inget datum; skriv ÅÅÅÅ-MM-DD\n", *meeting)
			return exitUsage
		}
	}
	st, err := a.openStore()
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitFail
	}
	defer st.Close()
	pub := a.publisher(st)

	var jobs []publish.Job
	if *aud == "all" {
		jobs, err = pub.AllJobs(ctx)
	} else {
		aud, perr := plan.ParseAudience(*aud)
		if perr != nil {
			fmt.Fprintln(a.stderr, perr)
			return exitUsage
		}
		var f *plan.Forum
		name := ""
		switch {
		case aud == plan.AudienceKR && *forum != "":
			var ok bool
			if f, ok = pub.Config.Catalog.Forum(*forum); !ok || f.Kind != plan.ForumKR {
				fmt.Fprintf(a.stderr, "okänt kunskapsråd %q; välj ett av: %s\n", *forum, strings.Join(pub.Config.Councils(), ", "))
				return exitUsage
			}
		case aud == plan.AudiencePlan:
			name = *planName
		}
		jobs, err = pub.Jobs(ctx, aud, f, name, day)
	}
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitUsage
	}
	if len(jobs) == 0 {
		fmt.Fprintln(a.stdout, "Inget att bygga: inga planer har lämnats in ännu.")
		return exitOK
	}
	pkgs, err := pub.Run(ctx, jobs)
	fmt.Fprintf(a.stdout, "%d av %d paket skrivna i %s\n", len(pkgs), len(jobs), a.cfg.OutputDir)
	if err != nil {
		fmt.Fprintln(a.stderr, "fel:", err)
		return exitFail
	}
	return exitOK
}

// publisher wires the publisher with the renderers and a progress display: a line
// that updates in place on a terminal, plain log lines otherwise.
func (a *app) publisher(st *store.Store) *publish.Publisher {
	tty := false
	if f, ok := a.stdout.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			tty = fi.Mode()&os.ModeCharDevice != 0
		}
	}
	return &publish.Publisher{
		Store: st, Config: a.cfg, Renderers: publish.Renderers(), Version: version, Log: a.log,
		Progress: func(p publish.Progress) {
			status := "klart"
			if p.Err != nil {
				status = "MISSLYCKADES: " + p.Err.Error()
			}
			if tty {
				bar := progressBar(p.Done, p.Total, 20)
				fmt.Fprintf(a.stdout, "\r\033[K%s %d/%d %s – %s", bar, p.Done, p.Total, p.Job.Name(), status)
				if p.Done == p.Total || p.Err != nil {
					fmt.Fprintln(a.stdout)
				}
				return
			}
			fmt.Fprintf(a.stdout, "[%d/%d] %s: %s\n", p.Done, p.Total, p.Job.Name(), status)
		},
	}
}

func progressBar(done, total, width int) string {
	n := 0
	if total > 0 {
		n = done * width / total
	}
	b := make([]rune, width)
	for i := range b {
		b[i] = '░'
		if i < n {
			b[i] = '█'
		}
	}
	return "[" + string(b) + "]"
}
