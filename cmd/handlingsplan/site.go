package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"handlingsplan/apperr"
	"handlingsplan/filelock"
	"handlingsplan/output"
	"handlingsplan/site"
)

// cmdSite writes the public website of every fastställd plan into a folder,
// whole or not at all. Without -o it is the output folder's publicerat/, which
// the service serves at /publicerat/.
func cmdSite(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", "", "mappen webbplatsen skrivs till (standard: publicerat/ i utdatakatalogen)")
	force := fs.Bool("force", false, "skriv om webbplatsen även när inget har ändrats")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(a.cfg.OutputDir, site.Folder)
	}
	dir, err := filepath.Abs(dir)
	if err != nil || filepath.Dir(dir) == dir {
		return a.fail(apperr.Newf(apperr.Invalid, "-o %q går inte att använda som mapp för webbplatsen; ange en egen mapp, t.ex. -o webbplats.", *out))
	}
	if fi, err := os.Lstat(dir); err == nil {
		if !fi.IsDir() {
			return a.fail(apperr.Newf(apperr.Invalid, "%s finns redan och är ingen mapp; ange en mapp för webbplatsen.", dir))
		}
		// Never swap away a folder of other things, e.g. -o with the home folder.
		if m, err := output.ReadManifest(dir); (err != nil || m.Audience != site.Audience) && !emptyDir(dir) {
			return a.fail(apperr.Newf(apperr.Invalid, "%s innehåller redan annat än en webbplats från handlingsplan; ange en tom eller ny mapp, så skrivs inget över.", dir))
		}
	}
	st, err := a.openStore()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	// The folder beside which the site is built is locked as the output folder
	// is: the service, run and another site wait their turn.
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, fmt.Sprintf("Mappen %s kan inte skapas.", parent), "site", err))
	}
	lock, err := filelock.TryLock(filepath.Join(parent, output.LockName))
	if errors.Is(err, filelock.ErrBusy) {
		return a.fail(apperr.Newf(apperr.Conflict, "Mappen %s används av en annan process (tjänsten eller ett run-kommando). Vänta tills den är klar och försök igen.", parent))
	}
	if err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, fmt.Sprintf("Mappen %s kan inte låsas.", parent), "site", err))
	}
	defer lock.Unlock()
	if _, err := output.Recover(parent); err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, fmt.Sprintf("Mappen %s kunde inte städas efter ett avbrott.", parent), "site", err))
	}
	s, err := site.Render(ctx, st, a.cfg, version)
	if err != nil {
		return a.fail(apperr.Wrap(apperr.Internal, "Webbplatsen kunde inte byggas.", "site", err))
	}
	pkg, skipped, err := s.Write(ctx, dir, *force)
	if err != nil {
		if ctx.Err() != nil {
			return a.fail(apperr.Wrap(apperr.Unavailable, "Avbrutet; den förra webbplatsen finns kvar.", "site", err))
		}
		return a.fail(apperr.Wrap(apperr.Internal, "Webbplatsen kunde inte skrivas; den förra finns kvar.", "site", err))
	}
	n := len(pkg.Manifest.Inputs)
	switch {
	case skipped:
		fmt.Fprintf(a.stdout, "Webbplatsen i %s är oförändrad (%d fastställda planer); --force skriver om den.\n", dir, n)
	case n == 0:
		fmt.Fprintf(a.stdout, "Ingen plan är fastställd ännu; webbplatsen i %s har bara startsidan.\n", dir)
	default:
		fmt.Fprintf(a.stdout, "Webbplatsen med %d fastställda planer skriven till %s (öppna %s).\n", n, dir, filepath.Join(dir, site.IndexName))
	}
	return exitOK
}

func emptyDir(dir string) bool {
	es, err := os.ReadDir(dir)
	return err == nil && len(es) == 0
}
