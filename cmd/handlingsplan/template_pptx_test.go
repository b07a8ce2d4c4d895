package main

import (
	"archive/zip"
	"bytes"
	"io"
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
// validates and, submitted unchanged, makes no new version; each activity carries
// its id, so that a rewritten activity is one change, not a removal and an addition.
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
	h := history(t, data, name)
	if len(h) != 1 {
		t.Fatalf("the unchanged pptx made a new version: %d versions; diff %+v", len(h), plan.Compare(h[0].Plan, h[len(h)-1].Plan))
	}

	// Every activity's id is in the deck; rewriting one activity's text there
	// gives the next version one renamed activity.
	act := h[0].Plan.Areas[0].Activities[0]
	xml := slideText(t, pb)
	for _, a := range h[0].Plan.Activities() {
		if !strings.Contains(xml, "Aktivitets-id: "+a.Activity.ID) {
			t.Errorf("activity %q: no line Aktivitets-id: %s in the deck", a.Activity.Description, a.Activity.ID)
		}
	}
	renamed := "Ny lydelse: " + act.Description
	edited := rewriteSlides(t, pb, func(s string) string {
		return strings.Replace(s, ">"+act.Description+"<", ">"+renamed+"<", 1)
	})
	drop(t, data, "Psykisk hälsa omskriven.pptx", edited)
	h = history(t, data, name)
	if len(h) != 2 {
		t.Fatalf("the rewritten activity made %d versions, want 2", len(h))
	}
	d := plan.Compare(h[0].Plan, h[1].Plan)
	if len(d.Renamed) != 1 || d.Renamed[0].To != renamed || len(d.New)+len(d.Removed) != 0 {
		t.Errorf("diff = %+v, want one renamed activity", d)
	}
	if got := h[1].Plan.Areas[0].Activities[0].ID; got != act.ID {
		t.Errorf("the rewritten activity's id = %s, want %s", got, act.ID)
	}
}

// slideText is the XML of every slide of a deck, joined.
func slideText(t *testing.T, deck []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(deck), int64(len(deck)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "ppt/slides/slide") {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, _ := io.ReadAll(rc)
			rc.Close()
			b.Write(x)
		}
	}
	return b.String()
}

// rewriteSlides copies a deck with edit applied to each slide's XML.
func rewriteSlides(t *testing.T, deck []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(deck), int64(len(deck)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "ppt/slides/slide") {
			x = []byte(edit(string(x)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(x)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
