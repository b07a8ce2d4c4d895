package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/inbox"
	"handlingsplan/sources"
	"handlingsplan/store"
)

func cmdIngest(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	st, in, err := a.openInbox()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	defer in.Close()
	sum, err := in.Ingest(ctx)
	fmt.Fprintln(a.stdout, sum.String())
	if sum.Busy {
		return exitBusy // the summary says that another process is working
	}
	if err != nil {
		return a.fail(err)
	}
	if sum.Failed > 0 {
		return exitFail
	}
	return exitOK
}

// openStore opens the database in the data folder.
func (a *app) openStore() (*store.Store, error) {
	if err := os.MkdirAll(a.cfg.DataDir, 0o755); err != nil {
		return nil, apperr.Wrap(apperr.Internal, fmt.Sprintf("Datakatalogen %s kan inte skapas.", a.cfg.DataDir), "openStore", err)
	}
	path := filepath.Join(a.cfg.DataDir, inbox.DBFile)
	st, err := store.Open(path)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, fmt.Sprintf("Databasen %s kan inte öppnas.", path), "openStore", err)
	}
	return st, nil
}

// openInbox opens the store and the inbox of the data folder, wired to the readers.
func (a *app) openInbox() (*store.Store, *inbox.Inbox, error) {
	st, err := a.openStore()
	if err != nil {
		return nil, nil, err
	}
	cat, lim := &a.cfg.Catalog, a.cfg.Limits
	read := func(in sources.Input) sources.Result { return sources.Read(in, cat, lim) }
	in, err := inbox.New(a.cfg.DataDir, st, read, sources.ErrorReport, a.log)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	in.Settle = a.cfg.Settle
	in.MaxBytes = lim.MaxFileBytes
	return st, in, nil
}

// setClock makes the store and the inbox see the given time, for the demo's
// earlier submissions; a zero time restores the real clock.
func setClock(st *store.Store, in *inbox.Inbox, t time.Time) {
	now := time.Now
	if !t.IsZero() {
		now = func() time.Time { return t }
	}
	st.Now, in.Now = now, now
}
