package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"handlingsplan/adoption"
	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/inbox"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/site"
	"handlingsplan/store"
)

// cmdDemo runs the whole main job on the bundled sample data: it writes filled
// templates (Excel, and for one group PowerPoint) for every programme area into the inbox (earlier versions first, as if
// submitted months ago), ingests them and builds every package.
func cmdDemo(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	st, in, err := a.openInbox()
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitFail
	}
	defer st.Close()
	if err := a.demoData(ctx, st, in); err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitFail
	}

	// The queue holds the output folder from here on: the templates too are
	// written there by its one writer.
	made := 0
	q, err := a.queue(st, func(e build.Event) {
		if e.Err == nil {
			made++
		}
	})
	if err != nil {
		return a.fail(err)
	}
	defer a.closeQueue(q)

	tpl, err := writeTemplates(a.cfg.OutputDir, &a.cfg.Catalog)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitFail
	}

	fmt.Fprintf(a.stdout, "\nBygger alla paket:\n")
	id, _, err := q.Submit(ctx, build.Request{Audience: build.AudienceAll, Reason: "demo", By: "kommandoraden"})
	if err == nil {
		err = q.Wait(ctx, id)
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "fel:", apperr.MessageOf(err))
		a.logInternal(err)
	}
	abs := func(p string) string {
		if ap, err := filepath.Abs(p); err == nil {
			return ap
		}
		return p
	}
	fmt.Fprintf(a.stdout, "\nKlart.\n  Paket (%d):      %s\n  Webbplats:       %s\n  Tomma mallar:    %s (och .pptx)\n  Inkorg:          %s\n  Arkiv:           %s\n  Databas:         %s\n",
		made, abs(a.cfg.OutputDir), abs(filepath.Join(a.cfg.OutputDir, site.Folder, site.IndexName)), abs(tpl), abs(in.Dir()), abs(filepath.Join(a.cfg.DataDir, "archive")),
		abs(filepath.Join(a.cfg.DataDir, "handlingsplan.db")))
	if err != nil {
		return exitCode(err)
	}
	return exitOK
}

// demoData writes the sample plans into the inbox and takes them in (earlier
// versions as if received months ago). Samples the store already has are not
// submitted again.
func (a *app) demoData(ctx context.Context, st *store.Store, in *inbox.Inbox) error {
	settle := in.Settle
	in.Settle = 0 // the demo writes its own files; nothing is still being copied
	defer func() { in.Settle = settle }()
	now := time.Now()
	set := sample.Make(&a.cfg.Catalog, now, 1)

	fmt.Fprintf(a.stdout, "Exempeldata för %d programområden och samverkansgrupper (%d saknar plan).\n",
		len(set.Current), len(set.Missing))

	// Earlier versions, submitted before the previous meetings, then the current
	// ones, each received the day after its own Senast uppdaterad (not before the
	// earlier versions, not after now): the overview's Inlämning column then shows
	// plans in time and late ones, as a real meeting's would.
	received := func(p *plan.Plan) time.Time {
		at := p.Updated.AddDate(0, 0, 1).Add(9 * time.Hour)
		if p.Updated.IsZero() || at.After(now) {
			return now
		}
		if floor := set.EarlyDay.AddDate(0, 0, 1); at.Before(floor) {
			return floor
		}
		return at
	}
	early := func(*plan.Plan) time.Time { return set.EarlyDay }
	for _, batch := range []struct {
		plans []*plan.Plan
		at    func(*plan.Plan) time.Time
		label string
	}{
		{set.Earlier, early, "Tidigare versioner (inlämnade " + report.Date(set.EarlyDay) + ")"},
		{set.Current, received, "Aktuella versioner"},
	} {
		var all inbox.Summary
		for _, p := range batch.plans {
			name, data, err := sample.File(&a.cfg.Catalog, p)
			if err != nil {
				return fmt.Errorf("kunde inte skriva exempelfil: %w", err)
			}
			// A sample the store already has is not submitted again: re-sending an
			// earlier version would rightly become a new version of its plan.
			sum := sha256.Sum256(data)
			if _, seen, err := st.SubmissionBySHA(ctx, hex.EncodeToString(sum[:])); err != nil || seen {
				continue
			}
			if err := output.WriteBytesAtomic(filepath.Join(in.Dir(), name), data); err != nil {
				return fmt.Errorf("kunde inte skriva exempelfil: %w", err)
			}
			setClock(st, in, batch.at(p))
			res, err := in.Ingest(ctx)
			if err != nil {
				return fmt.Errorf("fel vid inläsning: %w", err)
			}
			all.Merge(res)
		}
		fmt.Fprintf(a.stdout, "\n%s:\n%s\n", batch.label, all.String())
	}
	setClock(st, in, time.Time{})
	if err := a.demoAdoptions(ctx, st, now); err != nil {
		return err
	}
	return demoDecisions(ctx, st, now)
}

// demoAdoptions has each forum adopt (fastställa) two of its plans at its last
// meeting so far, each in the version it had then, so that the public website has
// something to show; where a newer version came in later, the site keeps showing
// the adopted one. Adopting again what is already adopted changes nothing.
func (a *app) demoAdoptions(ctx context.Context, st *store.Store, now time.Time) error {
	n := 0
	for _, f := range a.cfg.Catalog.Forums {
		picked := 0
		for _, name := range f.Areas {
			if picked == 2 {
				break
			}
			if _, err := st.Latest(ctx, name); err != nil {
				continue // no plan submitted
			}
			_, _, ms, err := a.cfg.AdoptionMeetings(name)
			if err != nil || len(ms) == 0 {
				break
			}
			m := ms[0]
			for _, x := range ms {
				if !x.Date.After(now) {
					m = x
				}
			}
			// What the meeting had before it: a version received later cannot
			// have been adopted there.
			v, err := st.VersionAt(ctx, name, m.Date.AddDate(0, 0, 1))
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("kunde inte fastställa %s: %w", name, err)
			}
			version := v.Number
			if _, created, err := adoption.Adopt(ctx, a.cfg, st, adoption.Request{Plan: name, Meeting: m.Date, Version: version, By: "demo"}); err != nil {
				return fmt.Errorf("kunde inte fastställa %s: %w", name, err)
			} else if created {
				n++
			}
			picked++
		}
	}
	if n > 0 {
		fmt.Fprintf(a.stdout, "\nFastställda planer: %d (visas på den publika webbplatsen).\n", n)
	}
	return nil
}

// demoDecisions records a few steps on the first proposals – one at each
// stage, an SVN bifall and a bordlagd – when no decision is recorded yet, so
// that the Beslut page and the RSL and SVN packages have them to show.
func demoDecisions(ctx context.Context, st *store.Store, now time.Time) error {
	all, err := st.AllDecisions(ctx)
	if err != nil || len(all) > 0 {
		return err
	}
	latest, err := st.LatestAll(ctx)
	if err != nil {
		return err
	}
	var plans []*plan.Plan
	versions := map[string]int{}
	for _, v := range latest {
		plans = append(plans, v.Plan)
		versions[v.Name] = v.Number
	}
	y, m, d := now.AddDate(0, 0, -30).Date()
	var changes []store.DecisionChange
	for name, trails := range sample.Decisions(plans, time.Date(y, m, d, 0, 0, 0, 0, time.Local)) {
		for id, trail := range trails {
			for _, step := range trail {
				changes = append(changes, store.DecisionChange{Plan: name, ActivityID: id, Version: versions[name], Decision: step})
			}
		}
	}
	// Map order: sort for the same audit log each time.
	slices.SortFunc(changes, func(a, b store.DecisionChange) int {
		return cmp.Or(cmp.Compare(a.Plan, b.Plan), cmp.Compare(a.ActivityID, b.ActivityID), a.Decision.Date.Compare(b.Decision.Date))
	})
	_, err = st.RecordDecisions(ctx, changes)
	return err
}

// writeTemplates writes the blank templates into the output folder; only the
// holder of the output folder (the build queue's process) may call it.
func writeTemplates(outDir string, cat *plan.Catalog) (xlsx string, err error) {
	tpl := filepath.Join(outDir, "Handlingsplan-mall.xlsx")
	for _, t := range []struct {
		path  string
		write func(w output.Writer) error
	}{
		{tpl, func(w output.Writer) error { return exceltemplate.Write(w, cat, exceltemplate.Options{}) }},
		{strings.TrimSuffix(tpl, ".xlsx") + ".pptx", func(w output.Writer) error { return deck.Template(w, cat) }},
	} {
		if err := output.WriteFileAtomic(t.path, t.write); err != nil {
			return "", fmt.Errorf("kunde inte skriva mallen: %w", err)
		}
	}
	return tpl, nil
}
