package pdfreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/internal/longplan"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// TestNothingCut renders a plan with every field filled in and a comment of 2,000
// characters and checks with pdftotext that every word of every field is in the
// PDF, that no text ends in "…", and that a page the plan table continues on names
// the plan again.
func TestNothingCut(t *testing.T) {
	needTool(t, "pdftotext")
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := longplan.Plan()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	in := report.Input{Catalog: &cfg.Catalog, Current: []report.Entry{{Plan: p, Version: 1, Received: now}},
		Meeting: now.AddDate(0, 0, 7), Generated: now}
	forum, _ := cfg.Catalog.Forum("Psykisk hälsa")
	for _, req := range []report.Request{{Audience: plan.AudiencePlan, Plan: longplan.Name}, {Audience: plan.AudienceKR, Forum: forum.Name}} {
		r, err := report.Build(req, in)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "long.pdf")
		if err := os.WriteFile(path, render1(t, r, &cfg.Catalog), 0o644); err != nil {
			t.Fatal(err)
		}
		text := tool(t, "pdftotext", "-enc", "UTF-8", path, "-")
		words := map[string]bool{}
		for _, line := range strings.Split(text, "\n") {
			if strings.HasSuffix(strings.TrimSpace(line), "…") {
				t.Errorf("%s: a line ends in …: %q", req.Audience, line)
			}
			for _, w := range longplan.Fields(line) {
				words[w] = true
			}
		}
		for _, w := range longplan.Words(p) {
			if !words[w] {
				t.Errorf("%s: word %q is not in the PDF", req.Audience, w)
			}
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), longplan.Name+" (forts.)") {
			t.Errorf("%s: no continued page names %q", req.Audience, longplan.Name+" (forts.)")
		}
	}
}
