package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
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
	data, err := readCapped(name, lim.MaxFileBytes)
	if err != nil {
		return sources.FileProblem(filepath.Base(name), err)
	}
	return sources.Read(sources.Input{Name: filepath.Base(name), Data: data}, &a.cfg.Catalog, lim)
}

// readCapped reads a file but refuses one larger than max bytes without reading it.
func readCapped(name string, max int64) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("filen kan inte öppnas: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s är en mapp, inte en fil", name)
	}
	if max > 0 && st.Size() > max {
		return nil, fmt.Errorf("filen är %d MB; största tillåtna storlek är %d MB", st.Size()>>20, max>>20)
	}
	return os.ReadFile(name)
}
