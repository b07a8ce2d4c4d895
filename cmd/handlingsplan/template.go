package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/output"
)

func cmdTemplate(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", "Handlingsplan-mall.xlsx", "fil att skriva: .xlsx för Excel-mallen, .pptx för PowerPoint-mallen")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	write := func(w output.Writer) error { return exceltemplate.Write(w, &a.cfg.Catalog, exceltemplate.Options{}) }
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".xlsx":
	case ".pptx":
		write = func(w output.Writer) error { return deck.Template(w, &a.cfg.Catalog) }
	default:
		fmt.Fprintf(a.stderr, "%s: ange ett filnamn som slutar på .xlsx eller .pptx\n", *out)
		return exitUsage
	}
	err := output.WriteFileAtomic(*out, write)
	if err != nil {
		fmt.Fprintln(a.stderr, "kunde inte skriva mallen:", err)
		return exitFail
	}
	fmt.Fprintf(a.stdout, "Tom mall skriven till %s\n", *out)
	return exitOK
}
