package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"

	"handlingsplan/sources"
)

func cmdValidate(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	asJSON := fs.Bool("json", false, "skriv resultatet som JSON")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(a.stderr, "ange minst en fil: handlingsplan validate [--json] FIL…")
		return exitUsage
	}
	var reports []sources.FileReport
	code := exitOK
	for _, name := range fs.Args() {
		r := a.readFile(name)
		if !r.OK() {
			code = exitFail
		}
		if *asJSON {
			reports = append(reports, sources.JSONReport(name, r))
			continue
		}
		fmt.Fprint(a.stdout, sources.ErrorReport(name, r))
		fmt.Fprintln(a.stdout)
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintln(a.stderr, err)
			return exitFail
		}
	}
	return code
}

// readFile reads and validates one file from disk; a file that cannot be opened
// becomes a result with an error problem, like any other unreadable file.
func (a *app) readFile(name string) sources.Result {
	lim := a.cfg.Limits
	data, err := sources.ReadFile(name, lim)
	if err != nil {
		return sources.FileProblem(filepath.Base(name), err)
	}
	return sources.Read(sources.Input{Name: filepath.Base(name), Data: data}, &a.cfg.Catalog, lim)
}
