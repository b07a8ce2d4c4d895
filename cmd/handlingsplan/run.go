package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/store"
)

// closeGrace is how long run, when interrupted, lets the package in progress finish.
const closeGrace = 30 * time.Second

func cmdRun(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	aud := fs.String("audience", "", "målgrupp: kr, rsl, svn, plan eller all")
	forum := fs.String("forum", "", "kunskapsråd (för kr)")
	planName := fs.String("plan", "", "programområde eller samverkansgrupp (för plan)")
	meeting := fs.String("meeting", "", "mötesdatum ÅÅÅÅ-MM-DD (standard: nästa möte i kalendern)")
	force := fs.Bool("force", false, "bygg om även paket vars planer inte har ändrats")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	req := build.Request{Audience: *aud, Forum: *forum, Plan: *planName, Force: *force,
		Reason: "manuell", By: "kommandoraden"}
	if *meeting != "" {
		var err error
		if req.Meeting, err = time.ParseInLocation("2006-01-02", *meeting, time.Local); err != nil {
			return a.fail(apperr.Newf(apperr.Invalid, "--meeting %q är inget datum; skriv ÅÅÅÅ-MM-DD", *meeting))
		}
	}
	// A bad request is refused before anything is opened or created.
	if _, err := build.Normalize(a.cfg, req); err != nil {
		return a.fail(err)
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	made, skipped := 0, 0
	q, err := a.queue(st, func(e build.Event) {
		if e.Err == nil {
			made++
		}
		if e.Skipped {
			skipped++
		}
	})
	if err != nil {
		return a.fail(err)
	}
	defer a.closeQueue(q)

	id, _, err := q.Submit(ctx, req)
	if err != nil {
		return a.fail(err)
	}
	werr := q.Wait(ctx, id)
	if werr != nil && ctx.Err() != nil {
		// Interrupted: finish the package in progress, then report what was made.
		a.closeQueue(q)
		werr = q.Wait(context.Background(), id)
	}
	r, err := st.RunByID(context.WithoutCancel(ctx), id)
	if err != nil {
		return a.fail(err)
	}
	if r.Total == 0 && werr == nil {
		fmt.Fprintln(a.stdout, "Inget att bygga: inga planer har lämnats in ännu.")
		return exitOK
	}
	fmt.Fprintf(a.stdout, "%d av %d paket klara i %s", made, r.Total, a.cfg.OutputDir)
	if skipped > 0 {
		fmt.Fprintf(a.stdout, " (%d oförändrade, inte ombyggda; --force bygger om dem)", skipped)
	}
	fmt.Fprintln(a.stdout)
	if werr != nil {
		return a.fail(werr)
	}
	return exitOK
}

// queue opens the build queue on the output folder, with a progress display: a
// line that updates in place on a terminal, plain lines otherwise. done, when
// set, is told of every package too; the worker calls both in order.
func (a *app) queue(st *store.Store, done func(build.Event)) (*build.Queue, error) {
	tty := false
	if f, ok := a.stdout.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			tty = fi.Mode()&os.ModeCharDevice != 0
		}
	}
	return build.New(build.Options{
		Store: st, Config: a.cfg, Version: version, Log: a.log,
		Events: func(e build.Event) {
			if done != nil {
				done(e)
			}
			status := "klart"
			switch {
			case e.Err != nil:
				status = "MISSLYCKADES: " + apperr.MessageOf(e.Err)
			case e.Skipped:
				status = "oförändrat, inte ombyggt"
			}
			if tty {
				bar := progressBar(e.Done, e.Total, 20)
				fmt.Fprintf(a.stdout, "\r\033[K%s %d/%d %s – %s", bar, e.Done, e.Total, e.Job, status)
				if e.Done == e.Total || e.Err != nil {
					fmt.Fprintln(a.stdout)
				}
				return
			}
			fmt.Fprintf(a.stdout, "[%d/%d] %s: %s\n", e.Done, e.Total, e.Job, status)
		},
	})
}

// closeQueue closes the queue, letting the package in progress finish for at
// most closeGrace.
func (a *app) closeQueue(q *build.Queue) {
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	if err := q.Close(ctx); err != nil {
		fmt.Fprintln(a.stderr, apperr.MessageOf(err))
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
