package build

import (
	"context"
	"log/slog"
	"path/filepath"

	"handlingsplan/config"
	"handlingsplan/site"
	"handlingsplan/store"
)

// siteJob is the site's name in run progress and events.
const siteJob = "Webbplatsen (publicerat)"

// runSite builds the public website as a run of its own.
func (q *Queue) runSite(ctx context.Context, it *item, cfg *config.Config, log *slog.Logger) {
	bg := context.WithoutCancel(ctx)
	if err := q.opts.Store.StartRun(bg, it.id, 1); err != nil {
		log.Error("build: cannot start the run", "err", err)
		q.finish(it, store.RunFailed, "Körningen kunde inte starta: "+userMessage(err))
		return
	}
	q.setProgress(it, Progress{Total: 1, Current: siteJob})
	err := q.buildSite(ctx, it.id, cfg, it.req.Force, true, log)
	if ctx.Err() != nil {
		q.finish(it, store.RunAborted, "Körningen avbröts när tjänsten stängdes; webbplatsen byggdes inte, den förra finns kvar.")
		return
	}
	if err != nil {
		q.finish(it, store.RunFailed, "Webbplatsen kunde inte byggas (den förra finns kvar): "+userMessage(err))
		return
	}
	if err := q.opts.Store.RunProgress(bg, it.id, 1); err != nil {
		log.Error("build: cannot record progress", "err", err)
	}
	q.setProgress(it, Progress{Done: 1, Total: 1})
	q.finish(it, store.RunOK, "")
}

// buildSite renders the site from the store and swaps it into the output
// folder's publicerat/ under the queue's lock; unchanged inputs leave it in place.
// events tells progress displays about it (a run of the site alone).
func (q *Queue) buildSite(ctx context.Context, runID int64, cfg *config.Config, force, events bool, log *slog.Logger) error {
	s, err := site.Render(ctx, q.opts.Store, cfg, q.opts.Version)
	if err == nil {
		var skipped bool
		var pkgDir string
		pkg, sk, werr := s.Write(ctx, filepath.Join(q.outDir, site.Folder), force)
		err, skipped, pkgDir = werr, sk, pkg.Dir
		if err == nil {
			log.Info("site done", "folder", pkgDir, "skipped", skipped, "files", len(pkg.Manifest.Outputs))
			if events && q.opts.Events != nil {
				q.opts.Events(Event{RunID: runID, Done: 1, Total: 1, Job: siteJob, Package: site.Folder, Skipped: skipped})
			}
			return nil
		}
	}
	log.Error("site failed", "err", err)
	if events && q.opts.Events != nil {
		q.opts.Events(Event{RunID: runID, Done: 1, Total: 1, Job: siteJob, Err: err})
	}
	return err
}
