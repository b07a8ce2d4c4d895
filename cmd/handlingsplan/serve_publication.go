package main

import (
	"context"
	"path/filepath"
	"slices"
	"time"

	"handlingsplan/build"
	"handlingsplan/output"
	"handlingsplan/site"
)

// adoptionPoll is how often the service looks for adoptions that the public
// website does not show yet.
const adoptionPoll = 30 * time.Second

// followAdoptions keeps /publicerat/ in step with the store's adoptions, also
// those made outside the service (handlingsplan faststall): every poll it
// compares each plan's latest fastställd version with the version the site
// shows, and queues the plan's package and the site for those that differ. The
// web page and the API queue them at once after their own adoptions, so this
// finds nothing to do for those.
func (s *server) followAdoptions(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		s.publishAdoptions(ctx)
	}
}

// publishAdoptions is one poll of followAdoptions.
func (s *server) publishAdoptions(ctx context.Context) {
	if s.queue.Len() > 0 {
		return // builds are under way, perhaps the site's: look again at the next poll
	}
	m, err := output.ReadManifest(filepath.Join(s.cfg.OutputDir, site.Folder))
	if err != nil {
		return // no site yet: the build queued at start writes it
	}
	shown := map[string]int{}
	for _, in := range m.Inputs {
		shown[in.Plan] = in.Version
	}
	adopted, err := s.st.LatestAdoptedAll(ctx)
	if err != nil {
		s.log.Error("adoptions not read", "err", err)
		return
	}
	names := make([]string, 0, len(adopted))
	for name := range adopted {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := adopted[name]
		if shown[name] == a.Version {
			continue
		}
		if _, f, ok := s.cfg.Catalog.Area(name); !ok || f == nil {
			continue // no longer in the catalog, so never on the site: asking again every poll would never end
		}
		s.log.Info("adoption not yet published", "plan", name, "version", a.Version, "by", a.By)
		for _, r := range build.AfterAdoption(name, a.By) {
			if _, _, err := s.queue.Submit(ctx, r); err != nil {
				s.log.Error("build after adoption not queued", "plan", name, "audience", r.Audience, "err", err)
			}
		}
	}
}
