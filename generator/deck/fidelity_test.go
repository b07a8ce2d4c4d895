package deck_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/deck"
	"handlingsplan/internal/longplan"
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// longReports are the plan package and the kunskapsråd report of a plan with every
// field filled in and a comment of 2,000 characters.
func longReports(t *testing.T) (*plan.Catalog, []*report.Report) {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := longplan.Plan()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	in := report.Input{Catalog: &cfg.Catalog, Current: []report.Entry{{Plan: p, Version: 1, Received: now}},
		Meeting: now.AddDate(0, 0, 7), Generated: now, StaleAfterDays: 180}
	forum, ok := cfg.Catalog.Forum("Psykisk hälsa")
	if !ok {
		t.Fatal("no Kunskapsråd Psykisk hälsa in the configuration")
	}
	var out []*report.Report
	for _, req := range []report.Request{{Audience: plan.AudiencePlan, Plan: longplan.Name}, {Audience: plan.AudienceKR, Forum: forum.Name}} {
		r, err := report.Build(req, in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return &cfg.Catalog, out
}

// TestNothingCut renders the long plan and checks from the slides' XML that every
// word of every field is on some slide, that no text ends in "…", and that no
// continuation slide but the last of its table carries fewer than 3 rows.
func TestNothingCut(t *testing.T) {
	cat, rs := longReports(t)
	for _, r := range rs {
		t.Run(string(r.Audience), func(t *testing.T) {
			data, err := deck.Bytes(r, cat)
			if err != nil {
				t.Fatal(err)
			}
			if err := pptx.Check(data); err != nil {
				t.Fatalf("Check: %v", err)
			}
			doc, err := pptx.Open(data, pptx.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			words := map[string]bool{}
			var paras []string
			for _, s := range doc.Slides {
				for _, sh := range s.Shapes {
					paras = append(paras, sh.Paragraphs...)
				}
				for _, tb := range s.Tables {
					for _, row := range tb.Rows {
						for _, c := range row.Cells {
							paras = append(paras, c.Paragraphs...)
						}
					}
				}
			}
			for _, p := range paras {
				if strings.HasSuffix(strings.TrimSpace(p), "…") {
					t.Errorf("text ends in …: %q", p)
				}
				for _, w := range longplan.Fields(p) {
					words[w] = true
				}
			}
			missing := 0
			for _, w := range longplan.Words(longplan.Plan()) {
				if !words[w] {
					missing++
					if missing <= 10 {
						t.Errorf("word %q is on no slide", w)
					}
				}
			}
			if missing > 10 {
				t.Errorf("… %d words missing in all", missing)
			}
			checkContinuations(t, doc)
		})
	}
}

// checkContinuations checks that a table's continuation slides, but the last,
// carry at least 3 rows besides the header.
func checkContinuations(t *testing.T, doc *pptx.Document) {
	t.Helper()
	type series struct {
		title string
		rows  []int
	}
	var all []series
	for _, s := range doc.Slides {
		if len(s.Tables) == 0 {
			continue
		}
		base, cont := strings.CutSuffix(s.Title, " (forts.)")
		n := len(s.Tables[0].Rows) - 1
		if cont && len(all) > 0 && all[len(all)-1].title == base {
			all[len(all)-1].rows = append(all[len(all)-1].rows, n)
			continue
		}
		all = append(all, series{title: base, rows: []int{n}})
	}
	split := 0
	for _, sr := range all {
		if len(sr.rows) > 1 {
			split++
		}
		for i := 1; i < len(sr.rows)-1; i++ {
			if sr.rows[i] < 3 {
				t.Errorf("%s: continuation slide %d of %d has %d rows", sr.title, i+1, len(sr.rows), sr.rows[i])
			}
		}
	}
	if split == 0 {
		t.Errorf("the long plan continues on no slide")
	}
}

// TestOfficeFont checks that the theme and every run name only the chosen Office
// font (or the theme's font by reference).
func TestOfficeFont(t *testing.T) {
	cat, rs := reports(t, 1)
	_, long := longReports(t)
	for _, r := range append(long, rs[0].r, rs[len(rs)-3].r) {
		data, err := deck.Bytes(r, cat)
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`typeface="([^"]*)"`)
		for _, name := range zipNames(t, data) {
			if !strings.HasSuffix(name, ".xml") {
				continue
			}
			part := zipPart(t, data, name)
			if strings.Contains(part, "DejaVu") {
				t.Errorf("%s: %s names DejaVu", r.Title, name)
			}
			for _, m := range re.FindAllStringSubmatch(part, -1) {
				switch f := m[1]; {
				case f == pptx.DefaultFont, f == "", strings.HasPrefix(f, "+m"):
				default:
					t.Errorf("%s: %s names the font %q", r.Title, name, f)
				}
			}
		}
		theme := zipPart(t, data, "ppt/theme/theme1.xml")
		if !strings.Contains(theme, `<a:minorFont><a:latin typeface="Arial"/>`) || !strings.Contains(theme, `<a:majorFont><a:latin typeface="Arial"/>`) {
			t.Errorf("%s: the theme does not name Arial", r.Title)
		}
		if !bytes.Contains(data, []byte("ppt/theme/theme1.xml")) {
			t.Errorf("%s: no theme", r.Title)
		}
	}
}

func zipNames(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

// TestBalanced checks that rows of equal height are spread evenly over the slides
// of a table (5 + 5 + 2 becomes 4 + 4 + 4): no slide ends with a lonely row.
func TestBalanced(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{9, 13, 22, 31} {
		p := &plan.Plan{Name: longplan.Name, Kind: plan.KindRPO, Areas: []plan.Area{{Title: "Suicidprevention"}}}
		for i := range n {
			p.Areas[0].Activities = append(p.Areas[0].Activities, plan.Activity{
				Description: fmt.Sprintf("Aktivitet nummer %d med en beskrivning på två rader i sin kolumn", i+1),
				FollowUp:    plan.FollowUp{Goal: "Minst 90 % inom 30 dagar"}, Status: plan.StatusGreen, Comment: "Går enligt plan."})
		}
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		r, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: longplan.Name},
			report.Input{Catalog: &cfg.Catalog, Current: []report.Entry{{Plan: p, Version: 1, Received: now}}, Meeting: now, Generated: now})
		if err != nil {
			t.Fatal(err)
		}
		data, err := deck.Bytes(r, &cfg.Catalog)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := pptx.Open(data, pptx.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		var counts []int
		for _, s := range doc.Slides {
			if strings.HasPrefix(s.Title, "Handlingsplan") && len(s.Tables) > 0 {
				counts = append(counts, len(s.Tables[0].Rows)-1)
			}
		}
		if len(counts) < 2 && n > 9 {
			t.Errorf("%d activities on %v slides: expected a continuation", n, counts)
		}
		lo, hi := slices.Min(counts), slices.Max(counts)
		if hi-lo > 1 {
			t.Errorf("%d activities spread as %v, want no two slides more than one row apart", n, counts)
		}
	}
}
