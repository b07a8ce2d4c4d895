package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/inbox"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
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
	tpl := filepath.Join(a.cfg.OutputDir, "Handlingsplan-mall.xlsx")

	pub := a.publisher(st)
	jobs, err := pub.AllJobs(ctx)
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return exitFail
	}
	fmt.Fprintf(a.stdout, "\nBygger %d paket:\n", len(jobs))
	pkgs, err := pub.Run(ctx, jobs)
	if err != nil {
		fmt.Fprintln(a.stderr, "fel:", err)
	}
	abs := func(p string) string {
		if ap, err := filepath.Abs(p); err == nil {
			return ap
		}
		return p
	}
	fmt.Fprintf(a.stdout, "\nKlart.\n  Paket (%d):      %s\n  Tomma mallar:    %s (och .pptx)\n  Inkorg:          %s\n  Arkiv:           %s\n  Databas:         %s\n",
		len(pkgs), abs(a.cfg.OutputDir), abs(tpl), abs(in.Dir()), abs(filepath.Join(a.cfg.DataDir, "archive")),
		abs(filepath.Join(a.cfg.DataDir, "handlingsplan.db")))
	if err != nil {
		return exitFail
	}
	return exitOK
}

// demoData writes the sample plans into the inbox and takes them in (earlier
// versions as if received months ago), and writes the blank templates to the output
// folder. Samples the store already has are not submitted again.
func (a *app) demoData(ctx context.Context, st *store.Store, in *inbox.Inbox) error {
	settle := in.Settle
	in.Settle = 0 // the demo writes its own files; nothing is still being copied
	defer func() { in.Settle = settle }()
	now := time.Now()
	set := sample.Make(&a.cfg.Catalog, now, 1)

	fmt.Fprintf(a.stdout, "Exempeldata för %d programområden och samverkansgrupper (%d saknar plan).\n",
		len(set.Current), len(set.Missing))

	// Earlier versions, submitted before the previous meetings, then the current ones.
	for _, batch := range []struct {
		plans []*plan.Plan
		at    time.Time
		label string
	}{
		{set.Earlier, set.EarlyDay, "Tidigare versioner (inlämnade " + report.Date(set.EarlyDay) + ")"},
		{set.Current, time.Time{}, "Aktuella versioner"},
	} {
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
		}
		setClock(st, in, batch.at)
		sum, err := in.Ingest(ctx)
		if err != nil {
			return fmt.Errorf("fel vid inläsning: %w", err)
		}
		fmt.Fprintf(a.stdout, "\n%s:\n%s\n", batch.label, sum.String())
	}
	setClock(st, in, time.Time{})

	tpl := filepath.Join(a.cfg.OutputDir, "Handlingsplan-mall.xlsx")
	for _, t := range []struct {
		path  string
		write func(w output.Writer) error
	}{
		{tpl, func(w output.Writer) error { return exceltemplate.Write(w, &a.cfg.Catalog, exceltemplate.Options{}) }},
		{strings.TrimSuffix(tpl, ".xlsx") + ".pptx", func(w output.Writer) error { return deck.Template(w, &a.cfg.Catalog) }},
	} {
		if err := output.WriteFileAtomic(t.path, t.write); err != nil {
			return fmt.Errorf("kunde inte skriva mallen: %w", err)
		}
	}

	return nil
}
