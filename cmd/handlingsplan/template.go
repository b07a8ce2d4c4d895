package main

import (
	"context"
	"flag"
	"fmt"

	"handlingsplan/generator/exceltemplate"
	"handlingsplan/output"
)

func cmdTemplate(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", "Handlingsplan-mall.xlsx", "fil att skriva")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	err := output.WriteFileAtomic(*out, func(w output.Writer) error {
		return exceltemplate.Write(w, &a.cfg.Catalog, exceltemplate.Options{})
	})
	if err != nil {
		fmt.Fprintln(a.stderr, "kunde inte skriva mallen:", err)
		return exitFail
	}
	fmt.Fprintf(a.stdout, "Tom mall skriven till %s\n", *out)
	return exitOK
}
