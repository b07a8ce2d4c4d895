package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"handlingsplan/inbox"
)

// cmdWatch keeps taking in files as they arrive in the inbox until interrupted; the
// file in progress is finished first.
func cmdWatch(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	st, in, err := a.openInbox()
	if err != nil {
		return a.fail(err)
	}
	defer st.Close()
	defer in.Close()
	in.OnIngest = func(s inbox.Summary) {
		fmt.Fprintf(a.stdout, "%s  %s\n", time.Now().Format("2006-01-02 15:04:05"), s.String())
	}
	fmt.Fprintf(a.stdout, "Bevakar %s – lägg filer där. Avsluta med Ctrl+C.\n", in.Dir())
	if err := in.Watch(ctx); err != nil {
		return a.fail(err)
	}
	fmt.Fprintln(a.stdout, "Bevakningen avslutad.")
	return exitOK
}
