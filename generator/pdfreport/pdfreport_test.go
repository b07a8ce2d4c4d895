package pdfreport

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/internal/officetest"
	"handlingsplan/pdf"
	"handlingsplan/plan"
	"handlingsplan/report"
)

var testNow = time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)

// buildReports makes one report per audience from the sample data at the given scale.
func buildReports(tb testing.TB, scale int) (map[string]*report.Report, *plan.Catalog) {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cat := &cfg.Catalog
	set := sample.Make(cat, testNow, scale)
	in := set.Input(cat, testNow)
	in.Generated = testNow
	reqs := map[string]report.Request{
		"kr":   {Audience: plan.AudienceKR, Forum: cat.Forums[0].Name},
		"rsl":  {Audience: plan.AudienceRSL},
		"svn":  {Audience: plan.AudienceSVN},
		"plan": {Audience: plan.AudiencePlan, Plan: set.Current[0].Name},
	}
	out := map[string]*report.Report{}
	for name, req := range reqs {
		r, err := report.Build(req, in)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out[name] = r
	}
	return out, cat
}

func render1(tb testing.TB, r *report.Report, cat *plan.Catalog) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, cat); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func needTool(t *testing.T, name string) {
	t.Helper()
	officetest.Need(t, name)
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	return officetest.Run(t, name, args...)
}

func TestWriteAudiences(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdffonts")
	needTool(t, "pdfinfo")
	reports, cat := buildReports(t, 1)
	dir := t.TempDir()
	if d := os.Getenv("PDFREPORT_OUT"); d != "" {
		dir = d // keep the files to look at them
	}
	tests := []struct {
		name     string
		want     []string // texts pdftotext must find
		pages    [2]int   // min, max
		outlines []string
	}{
		{"kr", []string{"Kunskapsråd Medicin", "≥", "Översikt", "Förändringar sedan förra mötet", "Behov av ledningsstöd",
			"Nationellt insatsområde", "Prioriterat område och patientlöften", "Uppföljning", "Sida 1 av"},
			[2]int{6, 60}, []string{"Handlingsplaner"}},
		{"rsl", []string{"Regionsjukvårdsledningen", "Status per forum", "Röda och gula aktiviteter",
			"Plan saknas", "Saknade och inaktuella planer", "Förslag till överenskommelsen", "Beslutsläge", "Beslutad i SVN", "Föreslagen"},
			[2]int{6, 120}, []string{"Röda och gula aktiviteter"}},
		{"svn", []string{"Överenskommelse", "Verksamhetsförändring", "Beskrivning av förändring", "Sammanfattning",
			"Beslutsläge", "Beslutad i SVN", "bordlagd", "Beredd i RSL", "Bedömd i KR", "Föreslagen", "Ingår i överenskommelsen 2027."},
			[2]int{3, 60}, nil},
		{"plan", []string{"Handlingsplan", "Kontaktperson", "Samverkan – patientföreträdare", "E-post"},
			[2]int{2, 20}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reports[tt.name]
			pdf := render1(t, r, cat)
			path := filepath.Join(dir, r.FileBase()+".pdf")
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			text := tool(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
			flat := strings.Join(strings.Fields(tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")), " ")
			want := append([]string{r.Title}, tt.want...)
			if tt.name == "kr" {
				// Every activity of the council's plans, with Swedish letters intact.
				for _, p := range r.Plans {
					for _, aa := range p.Activities() {
						want = append(want, aa.Activity.Description)
					}
					want = append(want, p.Name, p.Contact)
				}
			}
			if tt.name == "plan" {
				for _, aa := range r.Plans[0].Activities() {
					want = append(want, aa.Activity.Description, aa.Activity.FollowUp.Goal)
				}
			}
			for _, w := range want {
				w = strings.Join(strings.Fields(w), " ")
				if !strings.Contains(flat, w) {
					t.Errorf("pdftotext does not find %q", w)
				}
			}
			if strings.Contains(text, "\uFFFD") {
				t.Error("text contains replacement characters")
			}

			fonts := tool(t, "pdffonts", path)
			lines := strings.Split(strings.TrimSpace(fonts), "\n")
			if len(lines) < 3 {
				t.Fatalf("pdffonts lists no fonts:\n%s", fonts)
			}
			for _, l := range lines[2:] {
				f := strings.Fields(l)
				// name type... emb sub uni object ID: emb is the 5th field from the end.
				if len(f) < 7 || f[len(f)-5] != "yes" {
					t.Errorf("font not embedded: %s", l)
				}
				if strings.Contains(l, "Helvetica") || strings.Contains(l, "Arial") || strings.Contains(l, "Times") {
					t.Errorf("core font used: %s", l)
				}
			}

			info := tool(t, "pdfinfo", path)
			if !strings.Contains(info, "Title:") || !strings.Contains(info, r.Title) {
				t.Errorf("title not set:\n%s", info)
			}
			if !strings.Contains(info, Author) {
				t.Errorf("author not set:\n%s", info)
			}
			m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("no page count:\n%s", info)
			}
			n, _ := strconv.Atoi(m[1])
			if n < tt.pages[0] || n > tt.pages[1] {
				t.Errorf("%d pages, want %d–%d", n, tt.pages[0], tt.pages[1])
			}
			if !strings.Contains(text, "Sida "+m[1]+" av "+m[1]) {
				t.Errorf("last page number \"Sida %s av %s\" missing", m[1], m[1])
			}
			if !bytes.Contains(pdf, []byte("/Lang (sv-SE)")) {
				t.Error("no /Lang in the catalog")
			}
			for _, sec := range r.Sections() {
				tt.outlines = append(tt.outlines, sec.Title)
			}
			if len(tt.outlines) > 0 {
				if !bytes.Contains(pdf, []byte("/Type /Outlines")) {
					t.Error("no outline")
				}
				for _, o := range tt.outlines {
					if !bytes.Contains(pdf, []byte(pdfText(o))) {
						t.Errorf("outline lacks %q", o)
					}
				}
			}
			for _, p := range r.Plans {
				if !bytes.Contains(pdf, []byte(pdfText(p.Name))) {
					t.Errorf("no bookmark for plan %q", p.Name)
				}
			}
		})
	}
}

// pdfText is s as the PDF's outline and information hold it.
func pdfText(s string) string { return pdf.TextString(clean(s)) }

func TestDeterministic(t *testing.T) {
	reports, cat := buildReports(t, 1)
	for name, r := range reports {
		a, b := render1(t, r, cat), render1(t, r, cat)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", name)
		}
		if !bytes.Contains(a, []byte("/CreationDate (D:20261203093000Z)")) || !bytes.Contains(a, []byte("/ModDate (D:20261203093000Z)")) {
			t.Errorf("%s: dates are not the report's generation time", name)
		}
	}
}

func TestNilInput(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, nil, &plan.Catalog{}); err == nil {
		t.Error("nil report accepted")
	}
}

// BenchmarkWriteKR isolates the PDF writer for one council's report at the
// sample's scale and at 10 and 100 times as many activities per plan, whole and
// its layout alone.
func BenchmarkWriteKR(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		reports, cat := buildReports(b, scale)
		r := reports["kr"]
		name := strconv.Itoa(scale) + "x"
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				render1(b, r, cat)
			}
		})
		b.Run(name+"/layout", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := layout(r, cat, pdf.New(pageW, pageH, pdf.Info{}).Root()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteRSL10x(b *testing.B) {
	reports, cat := buildReports(b, 10)
	r := reports["rsl"]
	b.ReportAllocs()
	for b.Loop() {
		render1(b, r, cat)
	}
}

func TestWrap(t *testing.T) {
	m, err := newMeasurer()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Nivåstrukturering", 8)
	tests := []struct {
		name  string
		width float64
		p     para
		lines []string // nil: only check that every line fits
	}{
		{"one line", 100, txt("Gemensam regional rutin", fBody), []string{"Gemensam regional rutin"}},
		{"newlines", 100, txt("Första raden\nandra raden\n\nefter tom rad", fBody),
			[]string{"Första raden", "andra raden", "", "efter tom rad"}},
		{"wraps at spaces", 30, txt("Införa det nationella personcentrerade vårdförloppet", fBody), nil},
		{"breaks long words", 25, txt(long, fBody), nil},
		{"breaks after slash", 30, txt("Programområde/samverkansgrupp", fLabel), []string{"Programområde/", "samverkansgrupp"}},
		{"label and value", 100, kv("Mål", "≥ 90 % senast december 2026"), []string{"Mål: ≥ 90\u00a0% senast december 2026"}},
		{"control characters", 100, txt("a\tb\x00c\r\nd 😀", fBody), []string{"a bc", "d \uFFFD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := m.wrap(tt.width, tt.p)
			var got []string
			for _, l := range lines {
				var b strings.Builder
				end := 0.0
				for i, s := range l.segs {
					if i > 0 && s.x > end+0.01 {
						b.WriteString(" ")
					}
					b.WriteString(s.text)
					end = s.x + m.width(s.text, s.f)
				}
				if end > tt.width-wrapSlack+1e-9 {
					t.Errorf("line %q is %.2f mm wide, more than %.2f", b.String(), end, tt.width-wrapSlack)
				}
				got = append(got, b.String())
			}
			if tt.lines != nil && !slices.Equal(got, tt.lines) {
				t.Errorf("got %q, want %q", got, tt.lines)
			}
			if tt.name == "breaks long words" && strings.Join(got, "") != long {
				t.Errorf("broken word does not add up: %q", got)
			}
		})
	}
}

// longPlan is a plan whose texts are far longer than anyone should write, with an
// activity taller than a page.
func longPlan() *plan.Plan {
	para := "Arbetet bedrivs i en gemensam regional arbetsgrupp med representanter från Region Jönköpings län, Region Kalmar län och Region Östergötland, och följs upp varje kvartal. "
	huge := strings.Repeat(para, 40) + "SLUTET-AV-KOMMENTAREN"
	return &plan.Plan{
		Name: "RPO Långa texter", Kind: plan.KindRPO, National: "NPO Test", Forum: "Kunskapsråd Test",
		Contact: "Åsa Öberg", Email: "asa.oberg@example.se", Period: "2026–2027",
		Updated: testNow.AddDate(0, 0, -3),
		Areas: []plan.Area{{
			NationalArea: "Ett nationellt insatsområde med ett mycket långt namn som måste radbrytas flera gånger",
			Title:        "Prioriterat område", Promises: []string{"P1", "P99"},
			Activities: []plan.Activity{
				{Description: "Kort aktivitet", Status: plan.StatusGreen, Comment: "Kort."},
				{Description: "Aktivitet med https://www.exempel.se/en/mycket/lang/adress/utan/mellanslag/som/inte/far/plats/i/kolumnen/alls/eller/hur",
					Schedule: "Rad ett\nRad två\nRad tre", Status: plan.StatusRed, NeedsSupport: true,
					FollowUp: plan.FollowUp{Goal: "≥ 95 %", Result: strings.Repeat("Mätning pågår. ", 50)},
					Comment:  huge, Impact: plan.ImpactFinancial, ImpactDetail: strings.Repeat("Kostnad. ", 30)},
				{Description: "Sista aktiviteten", Status: plan.StatusDone, FinalReport: "Klar."},
			},
		}},
	}
}

func TestLongContent(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	cat := &plan.Catalog{
		Promises: []plan.Promise{{ID: "P1", Title: "Du får en jämlik vård"}},
		Forums:   []plan.Forum{{Name: "Kunskapsråd Test", Short: "Test", Kind: plan.ForumKR, Areas: []string{"RPO Långa texter"}}},
	}
	p := longPlan()
	in := report.Input{Catalog: cat, Current: []report.Entry{{Plan: p, Version: 1, Received: testNow}},
		Meeting: testNow, Generated: testNow, StaleAfterDays: 120}
	for _, req := range []report.Request{
		{Audience: plan.AudienceKR, Forum: cat.Forums[0].Name},
		{Audience: plan.AudiencePlan, Plan: p.Name},
	} {
		r, err := report.Build(req, in)
		if err != nil {
			t.Fatal(err)
		}
		pdf := render1(t, r, cat)
		path := filepath.Join(t.TempDir(), "long.pdf")
		if d := os.Getenv("PDFREPORT_OUT"); d != "" {
			path = filepath.Join(d, "long-"+string(req.Audience)+".pdf")
		}
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")), " ")
		for _, w := range []string{"SLUTET-AV-KOMMENTAREN", "Sista aktiviteten", "Rad ett Rad två Rad tre", "P99", "(forts.)"} {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: pdftotext does not find %q", req.Audience, w)
			}
		}
		// Every piece of the long comment made it, in order.
		if n := strings.Count(flat, "följs upp varje kvartal."); n < 40 {
			t.Errorf("%s: %d of 40 repetitions of the comment printed", req.Audience, n)
		}
		// The comment fills pages, yet it is one TD of one TR: a screen
		// reader reads it whole, without "(forts.)".
		cellText := map[int]string{}
		for _, st := range parseStructText(tool(t, "pdfinfo", "-struct-text", path)) {
			cellText[st.elem] += st.text + " "
		}
		whole := false
		for _, s := range cellText {
			if strings.Count(s, "följs upp varje kvartal.") == 40 && strings.Contains(s, "SLUTET-AV-KOMMENTAREN") && !strings.Contains(s, "(forts.)") {
				whole = true
			}
		}
		if !whole {
			t.Errorf("%s: the long comment is not one element", req.Audience)
		}
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(tool(t, "pdfinfo", path))
		if m == nil || !strings.Contains(flat, "Sida "+m[1]+" av "+m[1]) {
			t.Errorf("%s: page count and page numbers disagree", req.Audience)
		}
	}
}

func TestPagesFit(t *testing.T) {
	reports, cat := buildReports(t, 1)
	cat2 := &plan.Catalog{Forums: []plan.Forum{{Name: "Kunskapsråd Test", Short: "Test", Kind: plan.ForumKR, Areas: []string{"RPO Långa texter"}}}}
	long, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: "RPO Långa texter"},
		report.Input{Catalog: cat2, Current: []report.Entry{{Plan: longPlan()}}, Meeting: testNow, Generated: testNow})
	if err != nil {
		t.Fatal(err)
	}
	reports["long"] = long
	for name, r := range reports {
		d, err := layout(r, cat, pdf.New(pageW, pageH, pdf.Info{}).Root())
		if err != nil {
			t.Fatal(err)
		}
		for i, pg := range d.pager.pages {
			if pg.used > bodyCap+1e-9 {
				t.Errorf("%s: page %d holds %.2f mm, more than %.2f", name, i+1, pg.used, bodyCap)
			}
			if len(pg.rows) == 0 {
				t.Errorf("%s: page %d is empty", name, i+1)
			}
		}
	}
}

func TestOutline(t *testing.T) {
	needTool(t, "pdftohtml")
	reports, cat := buildReports(t, 1)
	r := reports["kr"]
	path := filepath.Join(t.TempDir(), "kr.pdf")
	if err := os.WriteFile(path, render1(t, r, cat), 0o644); err != nil {
		t.Fatal(err)
	}
	xml := tool(t, "pdftohtml", "-xml", "-i", "-stdout", path)
	re := regexp.MustCompile(`<item page="(\d+)">([^<]*)</item>`)
	got := map[string]int{}
	for _, m := range re.FindAllStringSubmatch(xml, -1) {
		n, _ := strconv.Atoi(m[1])
		got[m[2]] = n
	}
	last := 0
	for _, p := range r.Plans {
		n, ok := got[p.Name]
		if !ok {
			t.Errorf("no outline item for %q", p.Name)
			continue
		}
		if n <= last {
			t.Errorf("%q on page %d, not after the previous plan (page %d)", p.Name, n, last)
		}
		last = n
	}
	for _, sec := range r.Sections() {
		if s := sec.Title; got[s] == 0 {
			t.Errorf("no outline item %q in\n%s", s, xml)
		}
	}
}

// TestValidPDF checks the files with pdfcpu's strict validator.
func TestValidPDF(t *testing.T) {
	reports, cat := buildReports(t, 1)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	for name, r := range reports {
		if err := api.Validate(bytes.NewReader(render1(t, r, cat)), conf); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestConcurrent writes reports in parallel; with -race it checks the shared
// font metrics, and the bytes must match a lone rendering.
func TestConcurrent(t *testing.T) {
	reports, cat := buildReports(t, 1)
	want := map[string][]byte{}
	for name, r := range reports {
		want[name] = render1(t, r, cat)
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for range 2 {
				var b bytes.Buffer
				if err := Write(&b, r, cat); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(b.Bytes(), want[name]) {
					t.Error("concurrent rendering differs")
				}
			}
		})
	}
}

// TestEmptySections: a council without any submitted plan still gets a report
// whose empty sections say so.
func TestEmptySections(t *testing.T) {
	needTool(t, "pdftotext")
	cat := &plan.Catalog{Forums: []plan.Forum{{Name: "Kunskapsråd Tomt", Short: "Tomt", Kind: plan.ForumKR, Areas: []string{"RPO Ett", "RPO Två"}}}}
	in := report.Input{Catalog: cat, Meeting: testNow, PreviousMeeting: testNow.AddDate(0, -3, 0), Generated: testNow}
	tests := []struct {
		req  report.Request
		want []string
	}{
		{report.Request{Audience: plan.AudienceKR, Forum: cat.Forums[0].Name}, []string{"Plan saknas", "Inga handlingsplaner har lämnats in.",
			"Inga förändringar sedan förra mötet.", "Inga aktiviteter har behov av ledningsstöd.", "Inga aktiviteter har påverkan på överenskommelsen."}},
		{report.Request{Audience: plan.AudienceRSL}, []string{"Plan saknas", "Inga aktiviteter är röda eller gula.", "Inga aktiviteter har behov av ledningsstöd."}},
		{report.Request{Audience: plan.AudienceSVN}, []string{"Planer som saknas: RPO Ett, RPO Två", "Inga aktiviteter har påverkan på överenskommelsen."}},
	}
	for _, tt := range tests {
		r, err := report.Build(tt.req, in)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "empty.pdf")
		if err := os.WriteFile(path, render1(t, r, cat), 0o644); err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")), " ")
		for _, w := range tt.want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: pdftotext does not find %q", tt.req.Audience, w)
			}
		}
	}
}

// TestOverviewDeadlineAndAdoption checks that the overview says per plan how it
// met the deadline and whether its current version is fastställd, in the columns
// the report shows, each row's words on its row's first line.
func TestOverviewDeadlineAndAdoption(t *testing.T) {
	needTool(t, "pdftotext")
	reports, cat := buildReports(t, 1)
	tests := []struct {
		report             string
		deadline, adoption bool
	}{
		{"kr", true, true},
		{"rsl", true, false},
		{"svn", false, false},
		{"plan", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.report, func(t *testing.T) {
			r := reports[tt.report]
			path := filepath.Join(t.TempDir(), "r.pdf")
			if err := os.WriteFile(path, render1(t, r, cat), 0o644); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(tool(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"), "\n")
			flat := strings.Join(strings.Fields(tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")), " ")
			head := -1 // the overview's header line
			for i, l := range lines {
				if strings.Contains(l, "Programområde") && strings.Contains(l, "Status") && strings.Contains(l, "Flagga") {
					head = i
					break
				}
			}
			if tt.report == "svn" || tt.report == "plan" {
				if strings.Contains(flat, report.HeadDeadline) || strings.Contains(flat, report.HeadAdoption+" ") {
					t.Errorf("the %s PDF has a column it should not", tt.report)
				}
				return
			}
			if head < 0 {
				t.Fatal("no overview header")
			}
			for _, w := range []struct {
				head  string
				shown bool
			}{{report.HeadDeadline, tt.deadline}, {report.HeadAdoption, tt.adoption}} {
				if got := strings.Contains(lines[head], w.head); got != w.shown {
					t.Errorf("overview header %q: %q shown %v, want %v", lines[head], w.head, got, w.shown)
				}
			}
			for _, ov := range r.Overview {
				name := strings.Join(strings.Fields(ov.Name)[:2], " ")
				line := ""
				for _, l := range lines[head+1:] {
					if strings.Contains(strings.Join(strings.Fields(l), " "), name) {
						line = l
						break
					}
				}
				if line == "" {
					t.Errorf("%s: no overview line", ov.Name)
					continue
				}
				for _, w := range []string{ov.Deadline.Label(), ov.AdoptionCell()} {
					if !tt.adoption && w == ov.AdoptionCell() || w == "" {
						continue
					}
					if first := strings.Fields(w)[0]; !strings.Contains(line, first) || !strings.Contains(flat, w) {
						t.Errorf("%s: %q is not on its line %q", ov.Name, w, line)
					}
				}
			}
		})
	}
}

// TestHeaderGoesWithFirstRow: a table whose first row does not fit on the page
// takes its header to the next page instead of leaving it alone at the bottom.
func TestHeaderGoesWithFirstRow(t *testing.T) {
	m, err := newMeasurer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		free      float64 // mm left on the first page before the table
		rowH      float64
		wantMoved bool
	}{
		{"row fits", 60, 20, false},
		{"row goes to next page", 35, 80, true},
		{"tall row split after the header", 70, 2 * bodyCap, false},
		{"tall row, too little room to start it", 35, 2 * bodyCap, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pager{m: m}
			p.block(cell{w: contentW, padV: (bodyCap - tt.free) / 2})
			tbl := &table{widths: []float64{contentW}}
			head := cell{w: contentW, padV: 1}
			head.lines = m.wrap(contentW, txt("Rubrik", fHead))
			tbl.head, tbl.headH = []cell{head}, rowHeight([]cell{head})
			p.startTable(tbl, 25)
			if len(p.pages) != 1 || len(p.pages[0].rows) != 2 {
				t.Fatalf("header not on the first page: %d pages", len(p.pages))
			}
			body := cell{w: contentW, padV: 1}
			for range int(tt.rowH / 4) {
				body.lines = append(body.lines, line{h: 4})
			}
			p.row([]cell{body}, nil)
			p.endTable()
			moved := len(p.pages[0].rows) == 1
			if moved != tt.wantMoved {
				t.Errorf("header moved: %v, want %v (%d rows on page 1)", moved, tt.wantMoved, len(p.pages[0].rows))
			}
			if moved && len(p.pages[1].rows) != 2 {
				t.Errorf("next page should hold header and row, has %d rows", len(p.pages[1].rows))
			}
			if !moved && len(p.pages[0].rows) < 3 {
				t.Errorf("header left without a row on page 1")
			}
		})
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Hjärt- och kärlsjukdomar", "Hjärt- och kärlsjukdomar"},
		{"va\u030ardcentral", "vårdcentral"},     // decomposed, as pasted from a Mac
		{"kärl\u00adsjukdomar", "kärlsjukdomar"}, // soft hyphen
		{"a\tb\r\nc", "a b\nc"},
		{"klar 🎉", "klar \uFFFD"},
		{"bell\a", "bell"},
	} {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestProposalsContinued: a page the proposals of one kind continue on names
// the kind again above the repeated table header, as plan tables name the plan.
func TestProposalsContinued(t *testing.T) {
	needTool(t, "pdftotext")
	reports, cat := buildReports(t, 10)
	r := reports["svn"]
	path := filepath.Join(t.TempDir(), "svn.pdf")
	if err := os.WriteFile(path, render1(t, r, cat), 0o644); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(tool(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"), "\f")
	continued := 0
	for i, pg := range pages {
		if !strings.Contains(pg, "Beskrivning av förändring") {
			continue // not a page of a proposals table
		}
		starts := strings.Contains(pg, " aktivitet)") || strings.Contains(pg, " aktiviteter)")
		named := false
		for _, im := range plan.Impacts {
			if strings.Contains(pg, im.Label()+" (forts.)") {
				named = true
			}
		}
		if !starts && !named {
			t.Errorf("page %d continues a proposals table without naming its kind:\n%s", i+1, pg)
		}
		if named {
			continued++
		}
	}
	if continued == 0 {
		t.Error("no proposals table continues on another page at 10 times the sample; the test shows nothing")
	}
}
