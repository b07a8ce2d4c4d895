package deck_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// sampleInput is the sample region as of a day in November 2026, with the earlier
// versions current at a previous meeting in September (as in report_test.go).
func sampleInput(tb testing.TB, scale int) (*config.Config, report.Input) {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	in := sample.Make(&cfg.Catalog, now, scale).Input(&cfg.Catalog, now.AddDate(0, 0, 10))
	return cfg, in
}

// testReport is one report of the sample region with its name for subtests and files.
type testReport struct {
	name string
	r    *report.Report
}

// reports builds one report per audience: every kunskapsråd, RSL, SVN and one plan.
func reports(tb testing.TB, scale int) (*plan.Catalog, []testReport) {
	tb.Helper()
	cfg, in := sampleInput(tb, scale)
	var out []testReport
	build := func(name string, req report.Request) {
		r, err := report.Build(req, in)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out = append(out, testReport{name, r})
	}
	for i := range cfg.Catalog.Forums {
		f := &cfg.Catalog.Forums[i]
		if f.Kind == plan.ForumKR {
			build("KR-"+report.Slug(f.Short), report.Request{Audience: plan.AudienceKR, Forum: f.Name})
		}
	}
	build("RSL", report.Request{Audience: plan.AudienceRSL})
	build("SVN", report.Request{Audience: plan.AudienceSVN})
	build("Plan", report.Request{Audience: plan.AudiencePlan, Plan: "RPO Psykisk hälsa"})
	return &cfg.Catalog, out
}

// wantTitles are titles each audience's deck must have.
var wantTitles = map[plan.Audience][]string{
	plan.AudienceKR:   {"Översikt – programområden", "Förändringar sedan förra mötet", "Behov av ledningsstöd"},
	plan.AudienceRSL:  {"Status per forum", "Statusfördelning per programområde", "Översikt – alla programområden och samverkansgrupper", "Saknade och inaktuella planer", "Röda och gula aktiviteter", "Behov av ledningsstöd"},
	plan.AudienceSVN:  {"Sammanfattning per slag av påverkan"},
	plan.AudiencePlan: {"Planen i korthet", "Handlingsplan RPO Psykisk hälsa"},
}

// activities are the activities a deck must show in a table cell.
func activities(r *report.Report) []*plan.Activity {
	var out []*plan.Activity
	for _, p := range r.Plans {
		for _, aa := range p.Activities() {
			out = append(out, aa.Activity)
		}
	}
	var items []report.Item
	switch r.Audience {
	case plan.AudienceKR:
		items = r.Support
	case plan.AudienceRSL:
		items = append(append(items, r.Attention...), r.Support...)
	}
	for _, pr := range r.Proposals {
		if r.Audience == plan.AudiencePlan {
			break
		}
		items = append(items, pr.Items...)
	}
	for _, it := range items {
		out = append(out, it.Activity)
	}
	return out
}

func TestWrite(t *testing.T) {
	cat, rs := reports(t, 1)
	for _, tr := range rs {
		t.Run(tr.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := deck.Write(&buf, tr.r, cat); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			if err := pptx.Check(data); err != nil {
				t.Fatalf("Check: %v", err)
			}
			doc, err := pptx.Open(data, pptx.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tr.r.Title {
				t.Errorf("document title = %q, want %q", doc.Title, tr.r.Title)
			}
			if doc.SlideWidth*9 != doc.SlideHeight*16 {
				t.Errorf("slide size %d×%d is not 16:9", doc.SlideWidth, doc.SlideHeight)
			}
			titles := map[string]bool{}
			for _, s := range doc.Slides {
				titles[strings.ReplaceAll(s.Title, "\u00a0", " ")] = true
				if s.Title == "" {
					t.Errorf("slide %d has no title", s.Number)
				}
				if strings.TrimSpace(s.Notes) == "" {
					t.Errorf("slide %d (%s) has no speaker notes", s.Number, s.Title)
				}
			}
			if strings.ReplaceAll(doc.Slides[0].Title, "\u00a0", " ") != tr.r.Title {
				t.Errorf("first slide title = %q, want %q", doc.Slides[0].Title, tr.r.Title)
			}
			for _, want := range wantTitles[tr.r.Audience] {
				if !titles[want] {
					t.Errorf("no slide titled %q", want)
				}
			}
			for _, p := range tr.r.Plans {
				if !titles["Handlingsplan "+p.Name] {
					t.Errorf("no plan table slide for %s", p.Name)
				}
			}
			cells := cellTexts(doc)
			for _, a := range activities(tr.r) {
				if !cells[norm(a.Description)] {
					t.Errorf("activity %q is in no table cell", a.Description)
				}
			}
			if tr.r.Audience == plan.AudiencePlan {
				checkPlanHeader(t, doc)
			}
			checkFits(t, doc)
			t.Logf("%d slides, %d bytes", len(doc.Slides), len(data))
		})
	}
}

// cellTexts are the normalised paragraphs of every table cell of a deck.
func cellTexts(doc *pptx.Document) map[string]bool {
	out := map[string]bool{}
	for _, s := range doc.Slides {
		for _, t := range s.Tables {
			for _, r := range t.Rows {
				for _, c := range r.Cells {
					for _, p := range c.Paragraphs {
						out[norm(p)] = true
					}
				}
			}
		}
	}
	return out
}

// checkPlanHeader checks that every plan table starts with the template headings.
func checkPlanHeader(t *testing.T, doc *pptx.Document) {
	t.Helper()
	n := 0
	for _, s := range doc.Slides {
		if !strings.HasPrefix(s.Title, "Handlingsplan ") {
			continue
		}
		for _, tb := range s.Tables {
			n++
			var got []string
			for _, c := range tb.Rows[0].Cells {
				got = append(got, c.Text())
			}
			want := append(append([]string(nil), templates.SlideHeadings...), templates.SlideComment)
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("slide %d header = %q, want %q", s.Number, got, want)
			}
		}
	}
	if n == 0 {
		t.Error("the plan deck has no plan table")
	}
}

// checkFits checks that every table and shape lies inside the slide, and every
// table on a content slide ends above the footer.
func checkFits(t *testing.T, doc *pptx.Document) {
	t.Helper()
	footerTop := pptx.ContentRect().Y + pptx.ContentRect().H
	for _, s := range doc.Slides {
		for _, tb := range s.Tables {
			var h int64
			for _, r := range tb.Rows {
				h += r.Height
			}
			if tb.Rect.Y+h > footerTop {
				t.Errorf("slide %d (%s): table %q ends at %d, below the content area (%d)", s.Number, s.Title, tb.Name, tb.Rect.Y+h, footerTop)
			}
			for c, cell := range tb.Rows[0].Cells {
				for _, w := range strings.Fields(cell.Text()) {
					if n, _ := pptx.MeasureText(w, 10, true, tb.Cols[c]-pptx.Cm(0.36)); n > 1 && !cell.HMerge {
						t.Errorf("slide %d (%s): heading word %q is wider than its column", s.Number, s.Title, w)
					}
				}
			}
			for ri, r := range tb.Rows {
				if ri > 0 && r.Height < pptx.Cm(0.7) {
					t.Errorf("slide %d: row %d is only %d EMU high", s.Number, ri, r.Height)
				}
			}
		}
		for _, sh := range s.Shapes {
			if sh.Rect.X < 0 || sh.Rect.Y < 0 || sh.Rect.X+sh.Rect.W > doc.SlideWidth || sh.Rect.Y+sh.Rect.H > doc.SlideHeight {
				t.Errorf("slide %d: shape %q at %+v is outside the slide", s.Number, sh.Name, sh.Rect)
			}
		}
	}
}

// TestStatusMarkers checks that status markers travel with their rows: no marker is a
// free shape over a table; every marker is a ● inside the cell, followed by the word.
func TestStatusMarkers(t *testing.T) {
	cat, rs := reports(t, 1)
	words := map[string]bool{}
	for _, st := range plan.Statuses {
		words[st.Label()] = true
	}
	for _, tr := range rs {
		data, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := pptx.Open(data, pptx.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		markers := 0
		for _, s := range doc.Slides {
			for _, sh := range s.Shapes {
				if sh.Geometry == "ellipse" || strings.HasPrefix(sh.Name, "Status ") || strings.HasPrefix(sh.Name, "Checkbox") {
					t.Errorf("%s slide %d: status marker %q is a free shape", tr.name, s.Number, sh.Name)
				}
			}
			for _, tb := range s.Tables {
				for _, row := range tb.Rows {
					for _, c := range row.Cells {
						for _, p := range c.Paragraphs {
							if !strings.Contains(p, "●") {
								continue
							}
							markers++
							after := strings.TrimSpace(strings.SplitN(p, "●", 2)[1])
							w := strings.FieldsFunc(after, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == ',' })
							if len(w) == 0 || !words[w[0]] && !strings.HasPrefix(after, "Ny") {
								t.Errorf("%s slide %d: marker without its word: %q", tr.name, s.Number, p)
							}
						}
					}
				}
			}
		}
		if markers == 0 && tr.r.Audience != plan.AudienceSVN {
			t.Errorf("%s: no status markers", tr.name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	cat, rs := reports(t, 1)
	for _, tr := range rs {
		a, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		b, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", tr.name)
		}
		core := zipPart(t, a, "docProps/core.xml")
		for _, want := range []string{
			"<dc:creator>" + deck.Author + "</dc:creator>",
			"<dc:language>sv-SE</dc:language>",
			tr.r.Generated.UTC().Format(time.RFC3339) + "</dcterms:created>",
			tr.r.Generated.UTC().Format(time.RFC3339) + "</dcterms:modified>",
			"<dc:subject>",
		} {
			if !strings.Contains(core, want) {
				t.Errorf("%s: core.xml lacks %q:\n%s", tr.name, want, core)
			}
		}
	}
}

// TestTextSizes checks that no text on a slide is smaller than 10 pt.
func TestTextSizes(t *testing.T) {
	cat, rs := reports(t, 1)
	reSize := regexp.MustCompile(`<a:(?:rPr|endParaRPr|defRPr)[^>]* sz="(\d+)"`)
	for _, tr := range rs {
		data, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "ppt/slides/slide") {
				continue
			}
			for _, m := range reSize.FindAllStringSubmatch(zipPart(t, data, f.Name), -1) {
				if len(m[1]) < 4 { // below 1000, i.e. 10 pt
					t.Errorf("%s %s: text of %s/100 pt", tr.name, f.Name, m[1])
				}
			}
		}
	}
}

func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func TestWriteErrors(t *testing.T) {
	cat, rs := reports(t, 1)
	tests := []struct {
		name string
		r    *report.Report
		cat  *plan.Catalog
	}{
		{"NilReport", nil, cat},
		{"NilCatalog", rs[0].r, nil},
		{"UnknownAudience", &report.Report{Audience: "x"}, cat},
		{"PlanWithoutPlan", &report.Report{Audience: plan.AudiencePlan}, cat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := deck.Write(io.Discard, tt.r, tt.cat); err == nil {
				t.Error("no error")
			}
		})
	}
}

// TestLongContent checks that an activity with pages of text and a plan with many
// activities continue on further slides and never run below the content area.
func TestLongContent(t *testing.T) {
	cfg, in := sampleInput(t, 1)
	r, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: "RPO Psykisk hälsa"}, in)
	if err != nil {
		t.Fatal(err)
	}
	p := *r.Plans[0]
	p.Areas = append([]plan.Area(nil), p.Areas...)
	a := p.Areas[0]
	a.Activities = append([]plan.Activity(nil), a.Activities...)
	a.Activities[0].Comment = strings.Repeat("Mycket lång kommentar om hinder och framgångsfaktorer. ", 120)
	a.Activities[0].Description = strings.Repeat("Långt namn ", 3) + "på en aktivitet"
	for i := 0; i < 30; i++ {
		act := a.Activities[1]
		act.Description = "Extra aktivitet " + strings.Repeat("x", i%3) + string(rune('A'+i))
		a.Activities = append(a.Activities, act)
	}
	p.Areas[0] = a
	r.Plans = []*plan.Plan{&p}
	data, err := deck.Bytes(r, &cfg.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pptx.Open(data, pptx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkFits(t, doc)
	forts := 0
	for _, s := range doc.Slides {
		if strings.HasSuffix(s.Title, "(forts.)") {
			forts++
		}
	}
	if forts < 3 {
		t.Errorf("%d continuation slides, want at least 3", forts)
	}
	checkPlanHeader(t, doc)
	cells := cellTexts(doc)
	for _, aa := range p.Activities() {
		if !cells[norm(aa.Activity.Description)] {
			t.Errorf("activity %q is in no table cell", aa.Activity.Description)
		}
	}
}

var (
	reSpace  = regexp.MustCompile(`\s+`)
	reHyphen = regexp.MustCompile(`(\pL)-\s+(\pL)`)
)

// norm makes texts from the deck, the reader and pdftotext comparable: one space
// for any whitespace, no hyphenation at line ends.
func norm(s string) string {
	s = strings.NewReplacer("\u00ad", "", "\u00a0", " ").Replace(s)
	s = reHyphen.ReplaceAllString(s, "$1$2")
	return strings.TrimSpace(reSpace.ReplaceAllString(s, " "))
}

// writeDecks writes every deck to dir and returns the paths by report name.
func writeDecks(t *testing.T, dir string, cat *plan.Catalog, rs []testReport) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tr := range rs {
		data, err := deck.Bytes(tr.r, cat)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, tr.name+".pptx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out[tr.name] = path
	}
	return out
}

// TestOverviewDeadlineAndAdoption checks that the overview says per plan how it
// met the deadline and whether its current version is fastställd: the columns a
// report shows, with each row's words in its row.
func TestOverviewDeadlineAndAdoption(t *testing.T) {
	cat, rs := reports(t, 1)
	byName := map[string]*report.Report{}
	for _, tr := range rs {
		byName[tr.name] = tr.r
	}
	tests := []struct {
		report             string
		deadline, adoption bool
	}{
		{"KR-Medicin", true, true},
		{"KR-Nara-vard", true, true},
		{"RSL", true, false},
		{"SVN", false, false},
		{"Plan", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.report, func(t *testing.T) {
			r := byName[tt.report]
			if r == nil {
				t.Fatalf("no report %s", tt.report)
			}
			if r.ShowsDeadline() != tt.deadline || r.ShowsAdoption() != tt.adoption {
				t.Fatalf("ShowsDeadline %v, ShowsAdoption %v; want %v, %v", r.ShowsDeadline(), r.ShowsAdoption(), tt.deadline, tt.adoption)
			}
			data, err := deck.Bytes(r, cat)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := pptx.Open(data, pptx.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			rows := map[string][]string{} // the overview's rows by programme area
			var header []string
			for _, s := range doc.Slides {
				for _, tb := range s.Tables {
					if tb.Name != "Översikt" {
						continue
					}
					header = nil
					for _, c := range tb.Rows[0].Cells {
						header = append(header, norm(c.Text()))
					}
					for _, row := range tb.Rows[1:] {
						var texts []string
						for _, c := range row.Cells {
							texts = append(texts, norm(c.Text()))
						}
						rows[texts[0]] = texts
					}
				}
			}
			for _, w := range []struct {
				head  string
				shown bool
			}{{report.HeadDeadline, tt.deadline}, {report.HeadAdoption, tt.adoption}} {
				if got := slices.Contains(header, w.head); got != w.shown {
					t.Errorf("overview header %q: %q shown %v, want %v", header, w.head, got, w.shown)
				}
			}
			if !tt.deadline && !tt.adoption {
				return
			}
			for _, ov := range r.Overview {
				got := rows[norm(ov.Name)]
				if got == nil {
					t.Errorf("%s is in no overview row", ov.Name)
					continue
				}
				if tt.deadline && ov.Deadline != report.DeadlineNone && !slices.Contains(got, ov.Deadline.Label()) {
					t.Errorf("%s: row %q lacks %q", ov.Name, got, ov.Deadline.Label())
				}
				if tt.adoption && ov.Plan != nil && !slices.Contains(got, norm(ov.AdoptionCell())) {
					t.Errorf("%s: row %q lacks %q", ov.Name, got, ov.AdoptionCell())
				}
			}
		})
	}
}
