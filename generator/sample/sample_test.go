package sample_test

import (
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/sources"
)

// TestFilesReadBack submits every sample plan the way the demo does and reads it
// with the real readers: each must be accepted and give back the same plan.
func TestFilesReadBack(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	if len(set.Current) != 17 || len(set.Missing) != 1 || len(set.Stale) != 1 || len(set.Earlier) == 0 {
		t.Fatalf("current %d, missing %v, stale %v, earlier %d", len(set.Current), set.Missing, set.Stale, len(set.Earlier))
	}
	formats := map[string]int{}
	for _, p := range append(set.Current, set.Earlier...) {
		name, data, err := sample.File(&cfg.Catalog, p)
		if err != nil {
			t.Fatal(err)
		}
		r := sources.Read(sources.Input{Name: name, Data: data}, &cfg.Catalog, cfg.Limits)
		if !r.OK() {
			t.Errorf("%s rejected:\n%v", name, r.Problems)
			continue
		}
		formats[r.Format]++
		if d := plan.Compare(p, r.Plan); !d.Empty() {
			t.Errorf("%s reads back different: %+v", name, d)
		}
		if r.Plan.Name != p.Name || r.Plan.ActivityCount() != p.ActivityCount() || !r.Plan.Updated.Equal(p.Updated) {
			t.Errorf("%s: read %q, %d activities, updated %v; want %q, %d, %v", name,
				r.Plan.Name, r.Plan.ActivityCount(), r.Plan.Updated, p.Name, p.ActivityCount(), p.Updated)
		}
		for _, pr := range r.Problems {
			if strings.Contains(pr.Message, "tolkades") {
				t.Errorf("%s: status inferred from colour: %s", name, pr)
			}
		}
	}
	if formats["xlsx"] == 0 || formats["pptx"] == 0 {
		t.Errorf("formats read: %v; the samples must exercise both readers", formats)
	}
}
