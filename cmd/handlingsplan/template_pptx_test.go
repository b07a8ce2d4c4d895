package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
)

// The plan's latest version as a filled PowerPoint template (its own deck)
// validates and, submitted unchanged, makes no new version. Slides carry no ids.
func TestTemplatePptxRoundTrip(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	const name = "RPO Psykisk hälsa"
	set := sample.Make(&cfg.Catalog, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 1)
	var orig *plan.Plan
	for _, p := range set.Current {
		if p.Name == name {
			orig = p
		}
	}
	if orig == nil {
		t.Fatalf("no sample plan %s", name)
	}
	fname, b, err := sample.File(&cfg.Catalog, orig)
	if err != nil {
		t.Fatal(err)
	}
	data, out := t.TempDir(), t.TempDir()
	drop(t, data, fname, b)
	filled := filepath.Join(out, "Psykisk hälsa.pptx")
	code, stdout, stderr := cli(t, "template", "--data", data, "--plan", name, "-o", filled)
	if code != exitOK || !strings.Contains(stdout, "Förifylld mall för RPO Psykisk hälsa") {
		t.Fatalf("template exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, stdout, stderr := cli(t, "validate", filled); code != exitOK {
		t.Fatalf("the filled slides do not validate: exit %d\n%s\n%s", code, stdout, stderr)
	}
	pb, err := os.ReadFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	drop(t, data, filepath.Base(filled), pb)
	if h := history(t, data, name); len(h) != 1 {
		t.Errorf("the unchanged pptx made a new version: %d versions; diff %+v", len(h), plan.Compare(h[0].Plan, h[len(h)-1].Plan))
	}
}
