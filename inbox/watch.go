package inbox

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch ingests what is in the inbox now, then again each time files arrive and
// have been quiet for Debounce, and every Rescan regardless – change events do not
// reach us from every network share. It returns nil when ctx is cancelled, after
// finishing the file in progress.
func (in *Inbox) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("inbox: watch: %w", err)
	}
	defer w.Close()
	if err := w.Add(in.Dir()); err != nil {
		return fmt.Errorf("inbox: watch %s: %w", in.Dir(), err)
	}
	in.log.Info("watching inbox", "dir", in.Dir(), "settle", in.Settle, "rescan", in.Rescan)

	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	defer debounce.Stop()
	rescan := in.Rescan
	if rescan <= 0 {
		rescan = DefaultRescan
	}
	tick := time.NewTicker(rescan)
	defer tick.Stop()

	in.ingestLogged(ctx)
	for {
		select {
		case <-ctx.Done():
			in.log.Info("stopped watching inbox", "dir", in.Dir())
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Chmod) || ignored(filepath.Base(ev.Name)) {
				continue
			}
			debounce.Reset(in.Debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// Usually an overflow of the event queue: look at everything soon.
			in.log.Warn("inbox watcher", "err", err)
			debounce.Reset(in.Debounce)
		case <-debounce.C:
			in.ingestLogged(ctx)
		case <-tick.C:
			in.ingestLogged(ctx)
		}
	}
}

// ingestLogged runs Ingest for Watch; errors are logged and the file stays in the
// inbox for the next try.
func (in *Inbox) ingestLogged(ctx context.Context) {
	sum, err := in.Ingest(ctx)
	switch {
	case sum.Busy:
		in.log.Info("inbox busy: another process is taking files in", "err", err)
	case err != nil:
		in.log.Error("inbox ingest", "err", err)
	}
	if !sum.Empty() && in.OnIngest != nil {
		in.OnIngest(sum)
	}
	if !sum.Empty() {
		in.log.Info("inbox ingested", "accepted", sum.Accepted, "new_versions", sum.NewVersions,
			"unchanged", sum.Unchanged, "rejected", sum.Rejected, "duplicates", sum.Duplicates,
			"waiting", sum.Waiting, "failed", sum.Failed)
	}
}
