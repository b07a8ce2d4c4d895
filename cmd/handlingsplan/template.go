package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"handlingsplan/apperr"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/output"
	"handlingsplan/report"
	"handlingsplan/store"
)

func cmdTemplate(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", "Handlingsplan-mall.xlsx", "fil att skriva: .xlsx för Excel-mallen, .pptx för PowerPoint-mallen")
	planName := fs.String("plan", "", "fyll i mallen med planens senaste version (med aktivitets-id), för att uppdatera den")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".pptx" {
		fmt.Fprintf(a.stderr, "%s: ange ett filnamn som slutar på .xlsx eller .pptx\n", *out)
		return exitUsage
	}
	if *planName != "" {
		return a.filledTemplate(ctx, *planName, *out, ext)
	}
	write := func(w output.Writer) error { return exceltemplate.Write(w, &a.cfg.Catalog, exceltemplate.Options{}) }
	if ext == ".pptx" {
		write = func(w output.Writer) error { return deck.Template(w, &a.cfg.Catalog) }
	}
	err := output.WriteFileAtomic(*out, write)
	if err != nil {
		fmt.Fprintln(a.stderr, "kunde inte skriva mallen:", err)
		return exitFail
	}
	fmt.Fprintf(a.stdout, "Tom mall skriven till %s\n", *out)
	return exitOK
}

// filledTemplate writes the plan's latest version as a filled Excel template,
// with every activity's id, so that the owner can update it and submit it again.
func (a *app) filledTemplate(ctx context.Context, planName, out, ext string) int {
	name, _, ok := a.cfg.Catalog.Area(planName)
	if !ok {
		return a.fail(apperr.Newf(apperr.Invalid, "Okänt programområde eller samverkansgrupp %q. Skriv namnet som i konfigurationen, t.ex. RPO Psykisk hälsa.", planName))
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	v, err := st.TemplateVersion(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return a.fail(apperr.Newf(apperr.NotFound, "Ingen version av %s har lämnats in ännu. Hämta den tomma mallen med handlingsplan template -o %s.", name, filepath.Base(out)))
	}
	if err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, "Planens senaste version kunde inte läsas ur databasen.", "template", err))
	}
	p := v.Plan
	write := func(w output.Writer) error {
		return exceltemplate.Write(w, &a.cfg.Catalog, exceltemplate.Options{Plan: p, Modified: v.Received})
	}
	if ext == ".pptx" {
		write = func(w output.Writer) error {
			return deck.FilledTemplate(w, &a.cfg.Catalog, report.Entry{Plan: p, Version: v.Number, Received: v.Received})
		}
	}
	err = output.WriteFileAtomic(out, write)
	if err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, fmt.Sprintf("Mallen kunde inte skrivas till %s.", out), "template", err))
	}
	fmt.Fprintf(a.stdout, "Förifylld mall för %s (version %d, %d aktiviteter) skriven till %s\n", name, v.Number, p.ActivityCount(), out)
	return exitOK
}
