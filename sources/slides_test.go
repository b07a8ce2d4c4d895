package sources

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/pptx"
)

// TestReadSlides reads every deck fixture and checks what came out: the plan's
// name, its areas, activities per status, and each problem with its location.
func TestReadSlides(t *testing.T) {
	good := plan.StatusCounts{Green: 3, Yellow: 1, Red: 1, Done: 1}
	colors := plan.StatusCounts{Green: 2, Yellow: 1, Red: 1, Done: 1}
	tests := []struct {
		file       string
		ok         bool
		name       string
		areas      int
		counts     plan.StatusCounts
		want       []wantProblem
		onlyWanted bool // no other problems
	}{
		{file: "pptx_good.pptx", ok: true, name: "RPO Psykisk hälsa", areas: 3, counts: good, onlyWanted: true},
		{file: "lo_pptx_good.pptx", ok: true, name: "RPO Psykisk hälsa", areas: 3, counts: good, onlyWanted: true},
		{file: "pptx_colors.pptx", ok: true, name: "RPO Äldres hälsa", areas: 2, counts: colors, onlyWanted: true, want: []wantProblem{
			{plan.SevWarning, "bild 1, tabell 1, rad 2, kolumn Status", "Status", "Status tolkades från cellens färg (röd)"},
			{plan.SevWarning, "bild 1, tabell 1, rad 3, kolumn Status", "Status", "Status tolkades från symbolens färg (grön)"},
			{plan.SevWarning, "bild 1, tabell 1, rad 5, kolumn Status", "Status", "Cellen har status Gul men cellens färg är röd; texten används"},
			{plan.SevWarning, "bild 1", "Senast uppdaterad", "Datum för senast uppdaterad saknas"},
		}},
		{file: "lo_pptx_colors.pptx", ok: true, name: "RPO Äldres hälsa", areas: 2, counts: colors, onlyWanted: true, want: []wantProblem{
			{plan.SevWarning, "bild 1, tabell 1, rad 2, kolumn Status", "Status", "skriv Grön, Gul, Röd eller Avslutad i cellen"},
			{plan.SevWarning, "bild 1, tabell 1, rad 3, kolumn Status", "Status", "Status tolkades från symbolens färg (grön)"},
			{plan.SevWarning, "bild 1, tabell 1, rad 5, kolumn Status", "Status", "cellens färg är röd"},
			{plan.SevWarning, "bild 1", "Senast uppdaterad", "mottagningsdatum används"},
		}},
		{file: "pptx_err_unknown_status.pptx", name: "RPO Psykisk hälsa", areas: 3, counts: plan.StatusCounts{Green: 2, Yellow: 1, Red: 1, Done: 1},
			onlyWanted: true, want: []wantProblem{{plan.SevError, "bild 3, tabell 1, rad 4, kolumn Status", "Status", `Okänd status "Lila". Ange Grön`}}},
		{file: "lo_pptx_bad_status.pptx", name: "RPO Psykisk hälsa", areas: 3, counts: plan.StatusCounts{Green: 2, Yellow: 1, Red: 1, Done: 1},
			onlyWanted: true, want: []wantProblem{{plan.SevError, "bild 3, tabell 1, rad 4, kolumn Status", "Status", `Okänd status "Lila"`}}},
		{file: "pptx_err_unknown_promise.pptx", name: "RPO Psykisk hälsa", areas: 3, counts: good, onlyWanted: true, want: []wantProblem{
			{plan.SevError, "bild 2, tabell 1, rad 2, kolumn Prioriterat område och patientlöften", "Prioriterat område och patientlöften",
				`Okänt patientlöfte "P9". Ange id (t.ex. P2)`}}},
		{file: "pptx_err_no_table.pptx", name: "RPO Psykisk hälsa", want: []wantProblem{
			{plan.SevError, "pptx_err_no_table.pptx", "", "Ingen tabell med rubrikerna Nationellt insatsområde, Prioriterat område och patientlöften, Aktiviteter, Uppföljning och Status hittades"}}},
		{file: "pptx_err_missing_headings.pptx", name: "RPO Psykisk hälsa", onlyWanted: true, want: []wantProblem{
			{plan.SevError, "bild 2, tabell 1, rad 1", "Nationellt insatsområde", `saknar rubriken "Nationellt insatsområde"`},
			{plan.SevError, "bild 2, tabell 1, rad 1", "Uppföljning", `saknar rubriken "Uppföljning"`}}},
		{file: "pptx_err_unknown_area.pptx", name: "RPO Tandvård", areas: 3, counts: good, onlyWanted: true, want: []wantProblem{
			{plan.SevError, "bild 1", "Programområde/samverkansgrupp", `Okänt programområde eller samverkansgrupp "RPO Tandvård"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := readFixture(t, tt.file, DefaultLimits)
			if r.Format != "pptx" || r.Plan == nil {
				t.Fatalf("format %q, plan %v:%s", r.Format, r.Plan != nil, dumpProblems(r.Problems))
			}
			if r.OK() != tt.ok {
				t.Errorf("OK = %v:%s", r.OK(), dumpProblems(r.Problems))
			}
			p := r.Plan
			if p.Name != tt.name || len(p.Areas) != tt.areas || p.Counts() != tt.counts {
				t.Errorf("name %q areas %d counts %+v; want %q %d %+v", p.Name, len(p.Areas), p.Counts(), tt.name, tt.areas, tt.counts)
			}
			if p.Source.Format != "pptx" || p.Source.SHA256 == "" {
				t.Errorf("provenance %+v", p.Source)
			}
			for _, w := range tt.want {
				if _, ok := findProblem(r.Problems, w); !ok {
					t.Errorf("want %s at %q (%s) containing %q:%s", w.sev, w.loc, w.field, w.msg, dumpProblems(r.Problems))
				}
			}
			if tt.onlyWanted && len(r.Problems) != len(tt.want) {
				t.Errorf("want %d problems, got:%s", len(tt.want), dumpProblems(r.Problems))
			}
		})
	}
}

// TestReadSlidesContent checks every field of the Impress-saved template.
func TestReadSlidesContent(t *testing.T) {
	for _, file := range []string{"pptx_good.pptx", "lo_pptx_good.pptx"} {
		t.Run(file, func(t *testing.T) {
			r := readFixture(t, file, DefaultLimits)
			p := r.Plan
			if p == nil || !r.OK() {
				t.Fatalf("not read:%s", dumpProblems(r.Problems))
			}
			if p.Forum != "Kunskapsråd Psykisk hälsa" || p.Kind != plan.KindRPO || p.Contact != "Anna Andersson" ||
				!p.Updated.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("plan = %+v", p)
			}
			type areaWant struct {
				title, national string
				promises        []string
				acts            []string
			}
			want := []areaWant{
				{"Tillgänglighet till psykiatrisk vård", "Tillgänglighet", []string{"P2", "P4"}, []string{"Gemensam remissrutin mellan regionerna", "Digital första linje"}},
				{"Suicidprevention", "", []string{"P3"}, []string{"Utbildning i suicidriskbedömning", "Regional handlingsplan för suicidprevention"}},
				{"Samsjuklighet", "", []string{"P5"}, []string{"Integrerade team", "Kunskapsstöd i samsjuklighet"}},
			}
			for i, w := range want {
				a := p.Areas[i]
				var acts []string
				for _, x := range a.Activities {
					acts = append(acts, x.Description)
				}
				if a.Title != w.title || a.NationalArea != w.national || !slices.Equal(a.Promises, w.promises) || !slices.Equal(acts, w.acts) {
					t.Errorf("area %d = %q %q %v %q; want %+v", i, a.Title, a.NationalArea, a.Promises, acts, w)
				}
			}
			first := p.Areas[0].Activities[0]
			if first.Schedule != "2026" || first.FollowUp.Goal != "90 % inom 30 dagar" || first.FollowUp.Method != "Väntetidsdatabasen" ||
				first.Comment != "Enligt plan" || first.Status != plan.StatusGreen || first.Location != "bild 2, tabell 1, rad 2" {
				t.Errorf("first activity = %+v", first)
			}
			red := p.Areas[1].Activities[0]
			if red.Status != plan.StatusRed || !red.NeedsSupport || red.FollowUp.Method != "Andel utbildade" || red.FollowUp.Goal != "80 % av personalen utbildad" {
				t.Errorf("red activity = %+v", red)
			}
			team := p.Areas[2].Activities[0]
			if team.FollowUp != (plan.FollowUp{Goal: "Minska väntetiden med 20 %", Responsible: "Analysenheten", Result: "Första mätningen klar"}) ||
				team.Location != "bild 3, tabell 1, rad 3" || team.Status != plan.StatusGreen {
				t.Errorf("continued slide, columns reordered: %+v", team)
			}
		})
	}
}

// TestReadSlidesCases builds decks in memory for the cases that need no committed file.
func TestReadSlidesCases(t *testing.T) {
	row := func(area, act, status string) []string {
		return []string{"", area, act, "Mål: 90 % inom 30 dagar", status, ""}
	}
	one := func(rows [][]string, mod func(*tableSpec)) []slideSpec {
		ts := tableSpec{rows: append([][]string{hdr}, rows...)}
		if mod != nil {
			mod(&ts)
		}
		return []slideSpec{{title: "Handlingsplan RPO Psykisk hälsa 2026", texts: []string{"Senast uppdaterad: 2026-03-01"}, tables: []tableSpec{ts}}}
	}
	status := func(st string, mod func(*tableSpec)) []slideSpec {
		return one([][]string{row("Tillgänglighet", "Remissrutin", st)}, mod)
	}
	fill := func(c string) func(*tableSpec) {
		return func(ts *tableSpec) { ts.fills = map[[2]int]string{{1, 4}: c} }
	}
	mark := func(m cellMark) func(*tableSpec) {
		return func(ts *tableSpec) { m.row, m.col = 1, 4; ts.marks = append(ts.marks, m) }
	}
	both := func(fs ...func(*tableSpec)) func(*tableSpec) {
		return func(ts *tableSpec) {
			for _, f := range fs {
				f(ts)
			}
		}
	}
	const statusLoc = "bild 1, tabell 1, rad 2, kolumn Status"
	tests := []struct {
		name     string
		slides   []slideSpec
		status   plan.Status // of the first activity
		inferred bool
		acts     int
		want     []wantProblem // all problems
	}{
		{name: "word", slides: status("Grönt", nil), status: plan.StatusGreen, acts: 1},
		{name: "checkmark text", slides: status("☒", nil), status: plan.StatusDone, acts: 1},
		{name: "yellow fill", slides: status("", fill("FFC000")), status: plan.StatusYellow, inferred: true, acts: 1,
			want: []wantProblem{{plan.SevWarning, statusLoc, "Status", "Status tolkades från cellens färg (gul)"}}},
		{name: "light green fill", slides: status("", fill("92D050")), status: plan.StatusGreen, inferred: true, acts: 1,
			want: []wantProblem{{plan.SevWarning, statusLoc, "Status", "cellens färg (grön)"}}},
		{name: "pale red fill is not clear", slides: status("", fill("FFC7CE")), acts: 1,
			want: []wantProblem{{plan.SevError, statusLoc, "Status", "färgen #FFC7CE i cellen är inte tydligt grön, gul eller röd"}}},
		{name: "orange is not clear", slides: status("", fill("ED7D31")), acts: 1,
			want: []wantProblem{{plan.SevError, statusLoc, "Status", "inte tydligt"}}},
		{name: "grey fill means nothing", slides: status("", fill("BFBFBF")), acts: 1,
			want: []wantProblem{{plan.SevError, statusLoc, "Status", "Status saknas. Ange Grön"}}},
		{name: "red rectangle", slides: status("", mark(cellMark{geom: pptx.GeomRect, fill: "FF0000"})), status: plan.StatusRed, inferred: true, acts: 1,
			want: []wantProblem{{plan.SevWarning, statusLoc, "Status", "symbolens färg (röd)"}}},
		{name: "marker with a word", slides: status("", mark(cellMark{geom: pptx.GeomEllipse, fill: "FFFFFF", text: "Gul"})), status: plan.StatusYellow, acts: 1},
		{name: "marker with alternative text", slides: status("", mark(cellMark{geom: pptx.GeomEllipse, fill: "C62828", descr: "Röd"})), status: plan.StatusRed, acts: 1},
		{name: "empty checkbox", slides: status("", mark(cellMark{checkbox: true})), acts: 1,
			want: []wantProblem{{plan.SevError, statusLoc, "Status", "Status saknas"}}},
		{name: "checkbox and text disagree", slides: status("Gul", mark(cellMark{checkbox: true, checked: true})), status: plan.StatusYellow, acts: 1,
			want: []wantProblem{{plan.SevWarning, statusLoc, "Status", "kryssrutan för Avslutad är markerad; texten används"}}},
		{name: "two colours", slides: status("", both(fill("00B050"), mark(cellMark{geom: pptx.GeomEllipse, fill: "C00000"}))), acts: 1,
			want: []wantProblem{{plan.SevError, statusLoc, "Status", "visar flera färger (cellens färg grön, symbolens färg röd)"}}},
		{name: "text beats matching colour silently", slides: status("Röd", fill("C62828")), status: plan.StatusRed, acts: 1},
		{name: "activity missing", slides: one([][]string{row("Tillgänglighet", "", "Grön"), row("", "Remissrutin", "Gul")}, nil),
			status: plan.StatusYellow, acts: 1,
			want: []wantProblem{{plan.SevError, "bild 1, tabell 1, rad 2, kolumn Aktiviteter", "Aktiviteter", "Aktivitet saknas på rad 2"}}},
		{name: "first area missing", slides: one([][]string{row("", "Remissrutin", "Gul")}, nil), acts: 0,
			want: []wantProblem{
				{plan.SevError, "bild 1, tabell 1, rad 2, kolumn Prioriterat område och patientlöften", "Prioriterat område", "Prioriterat område saknas på första raden"},
				{plan.SevError, "bild 1, tabell 1", "", "Planen innehåller inga aktiviteter"}}},
		{name: "example and blank rows skipped, header repeated", slides: one([][]string{
			row("Exempel: Tillgänglighet", "Exempel", "Grön"), {"", "", "", "", "", ""}, hdr, row("Tillgänglighet", "Remissrutin", "Gul")}, nil),
			status: plan.StatusYellow, acts: 1},
		{name: "unmeasurable goal", slides: one([][]string{{"", "Tillgänglighet", "Remissrutin", "Mål: bättre tillgänglighet", "Grön", ""}}, nil),
			status: plan.StatusGreen, acts: 1,
			want: []wantProblem{{plan.SevWarning, "bild 1, tabell 1, rad 2, kolumn Uppföljning", "Mål", "innehåller inget mätbart värde"}}},
		{name: "header below a title row, extra column, synonyms", slides: []slideSpec{{title: "Handlingsplan Psykisk hälsa",
			texts: []string{"Senast uppdaterad: 2026-03-01"},
			tables: []tableSpec{{rows: [][]string{
				{"Handlingsplan 2026", "", "", "", "", "", ""},
				{"Status\n(Grön/Gul/Röd)", "Intern", "Aktivitet", "Prioriterat område", "Uppföljning – metod", "Nationella insatsområden", "Kommentarer"},
				{"Gul", "x", "Remissrutin", "Tillgänglighet: P2", "Enkät", "", "Försenad"},
			}}}}}, status: plan.StatusYellow, acts: 1},
		{name: "continuation without header", slides: []slideSpec{
			{title: "Handlingsplan RPO Psykisk hälsa", texts: []string{"Senast uppdaterad: 2026-03-01"},
				tables: []tableSpec{{rows: [][]string{hdr, row("Tillgänglighet", "Remissrutin", "Grön")}}}},
			{title: "Handlingsplan RPO Psykisk hälsa (forts.)", tables: []tableSpec{{rows: [][]string{row("", "Digital första linje", "Gul")}}}},
		}, status: plan.StatusGreen, acts: 2},
		{name: "plan facts in a label table", slides: []slideSpec{
			{title: "Uppföljning", tables: []tableSpec{{rows: [][]string{{"Programområde", "Psykisk hälsa"}, {"Senast uppdaterad", "2026-03-01"}}}}},
			{title: "Aktiviteter", tables: []tableSpec{{rows: [][]string{hdr, row("Tillgänglighet", "Remissrutin", "Grön")}}}},
		}, status: plan.StatusGreen, acts: 1},
		{name: "unknown area in a label", slides: []slideSpec{{title: "Handlingsplan RPO Psykisk hälsa", texts: []string{"Programområde: Tandvård", "Senast uppdaterad: 2026-03-01"},
			tables: []tableSpec{{rows: [][]string{hdr, row("Tillgänglighet", "Remissrutin", "Grön")}}}}},
			status: plan.StatusGreen, acts: 1,
			want: []wantProblem{{plan.SevError, "bild 1", "Programområde/samverkansgrupp", `Okänt programområde eller samverkansgrupp "Tandvård"`}}},
		{name: "no name anywhere", slides: []slideSpec{{title: "Aktiviteter 2026", texts: []string{"Senast uppdaterad: 2026-03-01"},
			tables: []tableSpec{{rows: [][]string{hdr, row("Tillgänglighet", "Remissrutin", "Grön")}}}}},
			status: plan.StatusGreen, acts: 1,
			want: []wantProblem{{plan.SevError, "bild 1", "Programområde/samverkansgrupp", "Programområde/samverkansgrupp saknas. Skriv programområdets"}}},
		{name: "empty deck", slides: []slideSpec{{title: "Handlingsplan RPO Psykisk hälsa 2026", texts: []string{"Senast uppdaterad: 2026-03-01"}}},
			want: []wantProblem{{plan.SevError, "deck.pptx", "", "Ingen tabell med rubrikerna"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Read(Input{Name: "deck.pptx", Data: buildDeck(t, tt.slides)}, testCatalog(), DefaultLimits)
			if r.Plan == nil {
				t.Fatalf("no plan:%s", dumpProblems(r.Problems))
			}
			if got := r.Plan.ActivityCount(); got != tt.acts {
				t.Errorf("%d activities, want %d", got, tt.acts)
			}
			if tt.acts > 0 {
				a := r.Plan.Activities()[0].Activity
				if a.Status != tt.status || a.StatusInferred != tt.inferred {
					t.Errorf("status %q inferred %v, want %q %v", a.Status, a.StatusInferred, tt.status, tt.inferred)
				}
			}
			for _, w := range tt.want {
				if _, ok := findProblem(r.Problems, w); !ok {
					t.Errorf("want %s at %q (%s) containing %q:%s", w.sev, w.loc, w.field, w.msg, dumpProblems(r.Problems))
				}
			}
			if len(r.Problems) != len(tt.want) {
				t.Errorf("want %d problems:%s", len(tt.want), dumpProblems(r.Problems))
			}
		})
	}
}

func TestStatusFromColor(t *testing.T) {
	tests := []struct {
		hex     string
		want    plan.Status
		unclear bool
	}{
		{"C00000", plan.StatusRed, false}, {"FF0000", plan.StatusRed, false}, {"C62828", plan.StatusRed, false}, {"C8102E", plan.StatusRed, false},
		{"00B050", plan.StatusGreen, false}, {"2E8540", plan.StatusGreen, false}, {"92D050", plan.StatusGreen, false}, {"006100", plan.StatusGreen, false},
		{"FFFF00", plan.StatusYellow, false}, {"FFC000", plan.StatusYellow, false}, {"F2B705", plan.StatusYellow, false},
		{"ED7D31", "", true},  // orange
		{"FFC7CE", "", true},  // pale red (conditional formatting)
		{"D5EDDA", "", true},  // pale green tint
		{"4472C4", "", true},  // blue
		{"7F7F7F", "", false}, // grey
		{"FFFFFF", "", false}, {"000000", "", false}, {"", "", false}, {"zzzzzz", "", false}, {"FFF", "", false},
	}
	for _, tt := range tests {
		got, ok := statusFromColor(tt.hex)
		if got != tt.want || ok != (tt.want != "") || unclearColor(tt.hex) != (tt.unclear || tt.want != "") {
			t.Errorf("%s: %q %v unclear %v; want %q unclear %v", tt.hex, got, ok, unclearColor(tt.hex), tt.want, tt.unclear)
		}
	}
}

func TestSplitAreaCell(t *testing.T) {
	f := newPromiseFinder(testCatalog())
	tests := []struct {
		text  string
		title string
		refs  []string
	}{
		{"Tillgänglighet", "Tillgänglighet", nil},
		{"Tillgänglighet\nPatientlöften: P2, P4", "Tillgänglighet", []string{"P2", "P4"}},
		{"Tillgänglighet (P2, P4)", "Tillgänglighet", []string{"P2", "P4"}},
		{"Tillgänglighet – patientlöfte 2 och 4", "Tillgänglighet", []string{"2", "4"}},
		{"Jämlik vård (patientlöften nr 1, 3 & 5)", "Jämlik vård", []string{"1", "3", "5"}},
		{"Steg 4 i vårdkedjan", "Steg 4 i vårdkedjan", nil}, // a bare number outside a list is no reference
		{"Samsjuklighet\nDu får en sammanhållen vård", "Samsjuklighet", []string{"P5"}},
		{"Delaktighet\n• Patientlöfte 3\n• Du är delaktig och välinformerad i din vård", "Delaktighet", []string{"3", "P3"}},
		{"Vård i tid\nPatientlöften:\nP2 Du får vård i rätt tid\nSnabb vård", "Vård i tid", []string{"P2", "P2", "Snabb vård"}},
		{"Område P9", "Område", []string{"P9"}},
		{"Patientlöften: 1; 5", "", []string{"1", "5"}},
	}
	for _, tt := range tests {
		title, refs := f.split(tt.text)
		if title != tt.title || !slices.Equal(refs, tt.refs) {
			t.Errorf("split(%q) = %q %q, want %q %q", tt.text, title, refs, tt.title, tt.refs)
		}
	}
}

func TestResolveArea(t *testing.T) {
	cat := testCatalog()
	tests := []struct{ text, canonical, display string }{
		{"Handlingsplan RPO Psykisk hälsa 2026", "RPO Psykisk hälsa", "RPO Psykisk hälsa"},
		{"Handlingsplan – RPO Psykisk hälsa (forts.)", "RPO Psykisk hälsa", "RPO Psykisk hälsa"},
		{"Regional handlingsplan för RPO Barn och ungdomars hälsa 2026–2027", "RPO Barn och ungdomars hälsa", "RPO Barn och ungdomars hälsa"},
		{"Handlingsplan 2026: Hjärt- och kärlsjukdomar, uppföljning", "RPO Hjärt- och kärlsjukdomar", "Hjärt- och kärlsjukdomar, uppföljning"},
		{"RSG Patientsäkerhet – handlingsplan", "RSG Patientsäkerhet", "RSG Patientsäkerhet"},
		{"Handlingsplan RPO Tandvård 2026", "", "RPO Tandvård"},
		{"Handlingsplan 2026", "", ""},
	}
	for _, tt := range tests {
		c, d, ok := resolveArea(tt.text, cat)
		if c != tt.canonical || d != tt.display || ok != (tt.canonical != "") {
			t.Errorf("resolveArea(%q) = %q %q %v, want %q %q", tt.text, c, d, ok, tt.canonical, tt.display)
		}
	}
}

// TestReadSlidesFileErrors: a deck that cannot be opened gets the same Swedish
// refusals as a workbook, at the file name, and never a plan.
func TestReadSlidesFileErrors(t *testing.T) {
	good := buildDeck(t, goodSlides())
	small := DefaultLimits
	small.MaxUnzippedBytes = 20000
	small.MaxPartBytes = 20000
	tests := []struct {
		name string
		data []byte
		lim  Limits
		msg  string
	}{
		{"truncated", good[:len(good)/2], DefaultLimits, "skadad eller ofullständigt överförd"},
		{"presentation part missing", rewriteZip(t, good, func(name string, b []byte) ([]byte, bool) {
			return b, !strings.HasPrefix(name, "ppt/slides/slide2.xml")
		}), DefaultLimits, "skadad eller ofullständigt överförd"},
		{"macro part", rewriteZip(t, good, func(name string, b []byte) ([]byte, bool) {
			return b, true
		}, "ppt/media/vbaProject.bin"), DefaultLimits, "Makron tas inte emot"},
		{"unzips too large", good, small, "packas upp till mer än tillåtna"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Read(Input{Name: "plan.pptx", Data: tt.data}, testCatalog(), tt.lim)
			if r.Plan != nil || len(r.Problems) != 1 {
				t.Fatalf("want one error and no plan:%s", dumpProblems(r.Problems))
			}
			if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, "plan.pptx", "", tt.msg}); !ok {
				t.Errorf("want %q:%s", tt.msg, dumpProblems(r.Problems))
			}
		})
	}
	// A presentation that embeds a workbook is still a presentation.
	r := Read(Input{Name: "plan.pptx", Data: rewriteZip(t, good, func(_ string, b []byte) ([]byte, bool) { return b, true }, "ppt/embeddings/data.xlsx")},
		testCatalog(), DefaultLimits)
	if r.Format != "pptx" || !r.OK() {
		t.Errorf("deck with embedded workbook: %q:%s", r.Format, dumpProblems(r.Problems))
	}
}

// rewriteZip copies a zip through keep (which may change an entry or drop it) and adds
// empty entries named in add.
func rewriteZip(t *testing.T, data []byte, keep func(name string, b []byte) ([]byte, bool), add ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b, ok := keep(f.Name, b)
		if !ok {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range add {
		if _, err := zw.Create(name); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestJSONReportSlides: validate --json goes through Read, so a deck reports format
// pptx and its counts like a workbook.
func TestJSONReportSlides(t *testing.T) {
	r := readFixture(t, "lo_pptx_good.pptx", DefaultLimits)
	b, err := json.Marshal(JSONReport("lo_pptx_good.pptx", r))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"lo_pptx_good.pptx","ok":true,"format":"pptx","plan":{"program_area":"RPO Psykisk hälsa","areas":3,"activities":6,` +
		`"status":{"gron":3,"gul":1,"rod":1,"avslutad":1}},"problems":[]}`
	if got := string(b); got != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
	r = readFixture(t, "lo_pptx_bad_status.pptx", DefaultLimits)
	rep := JSONReport("lo_pptx_bad_status.pptx", r)
	if rep.OK || rep.Format != "pptx" || len(rep.Problems) != 1 || rep.Problems[0].Location != "bild 3, tabell 1, rad 4, kolumn Status" {
		t.Errorf("bad status report = %+v", rep)
	}
}

// TestSlideFixturesFromImpress makes sure the lo_pptx_ fixtures are LibreOffice
// Impress output, not our writer's.
func TestSlideFixturesFromImpress(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lo_pptx_*.pptx"))
	if len(files) < 3 {
		t.Fatalf("lo_pptx_ fixtures missing: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var app []byte
		rewriteZip(t, data, func(name string, b []byte) ([]byte, bool) {
			if name == "docProps/app.xml" {
				app = b
			}
			return b, true
		})
		if !bytes.Contains(app, []byte("LibreOffice")) {
			t.Errorf("%s: docProps/app.xml does not name LibreOffice: %.200s", f, app)
		}
	}
}

// BenchmarkReadSlides reads a deck of 40 activities on five slides.
func BenchmarkReadSlides(b *testing.B) {
	data := buildDeck(b, largeSlides(40))
	cat := testCatalog()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := Read(Input{Name: "large40.pptx", Data: data}, cat, DefaultLimits)
		if !r.OK() || r.Plan.ActivityCount() != 40 {
			b.Fatalf("problems:%s", dumpProblems(r.Problems))
		}
	}
}

// FuzzReadSlides fills a valid deck's plan table with fuzzed texts and colours
// (mutating the bytes of a deck mostly breaks its zip checksums; FuzzRead does that
// with the committed decks as seeds): Read must not panic or hang, and the plan's
// problems must say where they are.
func FuzzReadSlides(f *testing.F) {
	f.Add("Handlingsplan RPO Psykisk hälsa 2026", "Tillgänglighet\nPatientlöften: P2, P4", "Remissrutin\nTidplan: 2026",
		"Mål: 90 %\nMetod: Enkät", "Grön", uint32(0xC00000), uint32(0x2E8540), "Kommentar")
	f.Add("Programområde: Tandvård", "P9 (Patientlöfte 3 och 12)", "", "Mätansvarig:", "Lila", uint32(0xFFC7CE), uint32(0), "Behov av ledningsstöd: kanske")
	f.Add("Handlingsplan (forts.)", "Exempel", "Exempel", "Indikator(er): x", "", uint32(0xFFFFFF), uint32(0xFFC000), "Påverkan: mycket")
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, title, area, act, follow, status string, cellFill, markFill uint32, comment string) {
		ts := tableSpec{
			rows:  [][]string{hdr, {"", area, act, follow, status, comment}, {"", "", act, follow, status, comment}},
			fills: map[[2]int]string{{1, 4}: fmt.Sprintf("%06X", cellFill&0xFFFFFF)},
			marks: []cellMark{{row: 2, col: 4, geom: pptx.GeomEllipse, fill: fmt.Sprintf("%06X", markFill&0xFFFFFF), text: comment}},
		}
		data, err := deckBytes([]slideSpec{{title: title, texts: []string{title}, tables: []tableSpec{ts}}})
		if err != nil {
			t.Skip(err) // the writer refuses some texts (control characters)
		}
		done := make(chan Result, 1)
		go func() { done <- Read(Input{Name: "plan.pptx", Data: data}, cat, DefaultLimits) }()
		var r Result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Read did not finish in 10 s")
		}
		if r.Plan == nil {
			t.Fatalf("a valid deck gave no plan:%s", dumpProblems(r.Problems))
		}
		for _, p := range r.Problems {
			if strings.Contains(p.Message, "internt fel") {
				t.Fatalf("Read panicked: %s", p.Message)
			}
			if p.Message == "" || p.Location == "" {
				t.Fatalf("problem without message or location: %+v", p)
			}
		}
	})
}
