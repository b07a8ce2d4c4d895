package sources

// The decks in testdata/ are made by TestMakeSlideFixtures:
//
//	go test ./sources -run TestMakeSlideFixtures -args -regen
//
// pptx_*.pptx are written by our pptx writer from the specs below. lo_pptx_*.pptx
// are written by the writer and then converted by LibreOffice Impress
// (officetest.Convert), so the committed files really come from Impress.

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"handlingsplan/internal/officetest"
	"handlingsplan/pptx"
)

// cellMark is a shape drawn centred on a table cell: a status marker or a checkbox.
type cellMark struct {
	row, col int
	geom     pptx.Geometry
	fill     string
	checkbox bool
	checked  bool
	text     string
	descr    string // alternative text
}

// tableSpec is one table: rows of text (row 0 is the header), fills and merges by
// cell, and marks drawn over cells.
type tableSpec struct {
	rows   [][]string
	fills  map[[2]int]string
	merges [][4]int // row, col, rowSpan, colSpan
	marks  []cellMark
}

// slideSpec is one slide: a title (title-only layout, or the title layout when
// subtitle is set), text boxes and tables stacked below each other.
type slideSpec struct {
	title, subtitle string
	texts           []string
	tables          []tableSpec
}

// buildDeck writes a presentation with the pptx writer.
func buildDeck(tb testing.TB, slides []slideSpec) []byte {
	tb.Helper()
	data, err := deckBytes(slides)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// deckBytes writes a presentation with the pptx writer.
func deckBytes(slides []slideSpec) ([]byte, error) {
	p := pptx.New()
	p.Props = pptx.Properties{Title: "Handlingsplan", Language: "sv-SE"}
	for _, ss := range slides {
		layout := pptx.LayoutTitleOnly
		if ss.subtitle != "" {
			layout = pptx.LayoutTitle
		}
		if ss.title == "" && ss.subtitle == "" {
			layout = pptx.LayoutBlank
		}
		s := p.AddSlide(layout)
		s.Title, s.Subtitle = ss.title, ss.subtitle
		cr := pptx.ContentRect()
		y := cr.Y
		if layout == pptx.LayoutTitle {
			y = pptx.SlideHeight - pptx.Cm(4)
		}
		for _, t := range ss.texts {
			s.AddText(pptx.Rect{X: cr.X, Y: y, W: cr.W, H: pptx.Cm(1)}, pptx.Para(t))
			y += pptx.Cm(1.2)
		}
		for _, ts := range ss.tables {
			n := len(ts.rows[0])
			cols := make([]int64, n)
			for i := range cols {
				cols[i] = cr.W / int64(n)
			}
			t := s.AddTable(cr.X, y, cols...)
			t.HeaderRows = 1
			t.Border = pptx.Line{Color: "BFBFBF"}
			for _, r := range ts.rows {
				row := t.AddRow(pptx.Cm(0.8))
				for c, text := range r {
					if c < len(row.Cells) {
						row.Cells[c].SetText(text, 9)
					}
				}
			}
			for cell, fill := range ts.fills {
				t.Cell(cell[0], cell[1]).Fill = fill
			}
			for _, m := range ts.merges {
				if err := t.Merge(m[0], m[1], m[2], m[3]); err != nil {
					return nil, err
				}
			}
			t.FitRows()
			for _, m := range ts.marks {
				r := pptx.CenterIn(t.CellRect(m.row, m.col), pptx.Cm(0.6), pptx.Cm(0.6))
				if m.checkbox {
					s.AddCheckbox(r, m.checked, "333333", "2E8540")
					continue
				}
				sh := s.AddShape(m.geom, r, m.fill)
				if m.text != "" {
					sh.Text = []pptx.Paragraph{pptx.Para(m.text)}
				}
				sh.Descr = m.descr
			}
			y += t.Height() + pptx.Cm(0.5)
		}
	}
	return p.Bytes()
}

// hdr is the template's header row with Kommentar.
var hdr = []string{"Nationellt insatsområde", "Prioriterat område och patientlöften", "Aktiviteter", "Uppföljning", "Status", "Kommentar"}

// goodSlides is a filled template for RPO Psykisk hälsa: six activities in three
// areas over two slides, the second a continuation with its columns in another
// order and an extra column. It holds what stdActs holds in the workbook fixtures.
func goodSlides() []slideSpec {
	return []slideSpec{
		{title: "Handlingsplan RPO Psykisk hälsa 2026", subtitle: "Kunskapsråd Psykisk hälsa",
			texts: []string{"Senast uppdaterad: 1 mars 2026", "Kontaktperson: Anna Andersson"}},
		{title: "Handlingsplan RPO Psykisk hälsa 2026", tables: []tableSpec{{
			rows: [][]string{
				hdr,
				{"Tillgänglighet", "Tillgänglighet till psykiatrisk vård\nPatientlöften: P2, P4", "Gemensam remissrutin mellan regionerna\nTidplan: 2026",
					"Mål: 90 % inom 30 dagar\nMetod: Väntetidsdatabasen", "Grön", "Enligt plan"},
				{"", "", "Digital första linje", "Mål: minst 3 regioner anslutna", "Gul", "Upphandlingen är försenad."},
				{"", "Suicidprevention (Patientlöfte 3)", "Utbildning i suicidriskbedömning", "Andel utbildade\nMål: 80 % av personalen utbildad",
					"Röd – allvarliga problem", "Behov av ledningsstöd: Ja"},
			},
			merges: [][4]int{{1, 0, 2, 1}, {1, 1, 2, 1}},
		}}},
		{title: "Handlingsplan – RPO Psykisk hälsa (forts.)", tables: []tableSpec{{
			rows: [][]string{
				{"Nationellt insatsområde", "Prioriterat område och patientlöften", "Aktiviteter", "Status", "Ansvarig", "Uppföljning", "Kommentar"},
				{"", "Suicidprevention", "Regional handlingsplan för suicidprevention", "Avslutad", "Anna", "Mål: Antagen plan 2026", ""},
				{"", "Samsjuklighet\nDu får en sammanhållen vård", "Integrerade team", "g", "Bo",
					"Mål: Minska väntetiden med 20 %\nMätansvarig: Analysenheten\nResultat: Första mätningen klar", ""},
				{"", "", "Kunskapsstöd i samsjuklighet", "Grön", "", "Mål: 2 nya vårdförlopp", ""},
			},
		}}},
	}
}

// colorSlides shows status only as colours and a checkbox; the plan is named by a
// text "Programområde: …" and the title names no area.
func colorSlides() []slideSpec {
	return []slideSpec{{
		title: "Uppföljning av aktiviteter",
		texts: []string{"Programområde: Äldres hälsa"},
		tables: []tableSpec{{
			rows: [][]string{
				hdr,
				{"Jämlik vård", "Fallprevention\nP1", "Fallpreventiva team i alla kommuner", "Mål: 50 % färre fall", "", ""},
				{"", "", "Gemensam utbildning i fallprevention", "Mål: 200 utbildade", "", ""},
				{"", "", "Kartläggning av fallolyckor", "Mål: 1 rapport", "", ""},
				{"", "", "Läkemedelsgenomgångar", "Mål: 90 % av patienterna", "Gul", ""},
				{"", "Nutrition", "Nutritionsombud på boenden", "Mål: 1 ombud per boende", "Grön", ""},
			},
			fills: map[[2]int]string{{1, 4}: "C00000", {4, 4}: "C00000", {5, 4}: "D5EDDA"},
			marks: []cellMark{
				{row: 2, col: 4, geom: pptx.GeomEllipse, fill: "2E8540"},
				{row: 3, col: 4, checkbox: true, checked: true},
			},
		}},
	}}
}

// withCell returns slides with one cell of one table replaced.
func withCell(slides []slideSpec, slide, table, row, col int, text string) []slideSpec {
	out := append([]slideSpec(nil), slides...)
	s := out[slide]
	s.tables = append([]tableSpec(nil), s.tables...)
	t := s.tables[table]
	t.rows = append([][]string(nil), t.rows...)
	t.rows[row] = append([]string(nil), t.rows[row]...)
	t.rows[row][col] = text
	s.tables[table] = t
	out[slide] = s
	return out
}

// largeSlides is a deck of n activities, eight per slide, for the benchmark.
func largeSlides(n int) []slideSpec {
	slides := []slideSpec{{title: "Handlingsplan RPO Psykisk hälsa 2026", subtitle: "Kunskapsråd Psykisk hälsa",
		texts: []string{"Senast uppdaterad: 2026-03-01"}}}
	statuses := []string{"Grön", "Gul", "Röd", "Avslutad", ""}
	for i := 0; i < n; i += 8 {
		t := tableSpec{rows: [][]string{hdr}, fills: map[[2]int]string{}}
		for j := i; j < min(i+8, n); j++ {
			area := ""
			if j%4 == 0 {
				area = fmt.Sprintf("Prioriterat område %d\nPatientlöften: P1, P2", j/4+1)
			}
			st := statuses[j%len(statuses)]
			t.rows = append(t.rows, []string{"Nationellt insatsområde", area,
				fmt.Sprintf("Aktivitet %d: gemensamt arbete med rutiner och uppföljning mellan regionerna\nTidplan: 2026–2027", j+1),
				fmt.Sprintf("Metod: Kvalitetsregister\nMål: Minst %d %% av patienterna\nMätansvarig: Analysenheten", 50+j),
				st, "Arbetet går enligt plan."})
			if st == "" {
				t.fills[[2]int{len(t.rows) - 1, 4}] = "2E8540"
			}
		}
		slides = append(slides, slideSpec{title: "Handlingsplan RPO Psykisk hälsa 2026 (forts.)", tables: []tableSpec{t}})
	}
	return slides
}

// fixtureDecks are the writer-made decks by file name.
func fixtureDecks() map[string][]slideSpec {
	good := goodSlides()
	unknownArea := goodSlides()
	unknownArea[0].title = "Handlingsplan RPO Tandvård 2026"
	unknownArea[1].title = "Handlingsplan RPO Tandvård 2026"
	unknownArea[2].title = "Handlingsplan RPO Tandvård (forts.)"
	missing := goodSlides()[:2]
	missing[1].tables = []tableSpec{{rows: [][]string{
		{"Prioriterat område och patientlöften", "Aktiviteter", "Status"},
		{"Tillgänglighet", "Gemensam remissrutin", "Grön"},
	}}}
	return map[string][]slideSpec{
		"pptx_good.pptx":               good,
		"pptx_colors.pptx":             colorSlides(),
		"pptx_err_unknown_status.pptx": withCell(good, 2, 0, 3, 3, "Lila"),
		"pptx_err_unknown_promise.pptx": withCell(good, 1, 0, 1, 1,
			"Tillgänglighet till psykiatrisk vård\nPatientlöften: P2, P9"),
		"pptx_err_no_table.pptx": {
			{title: "Handlingsplan RPO Psykisk hälsa 2026", tables: []tableSpec{{rows: [][]string{
				{"Område", "Beskrivning"}, {"Tillgänglighet", "Gemensam remissrutin"},
			}}}},
		},
		"pptx_err_missing_headings.pptx": missing,
		"pptx_err_unknown_area.pptx":     unknownArea,
	}
}

// loDecks are written by the writer and converted by LibreOffice Impress.
func loDecks() map[string][]slideSpec {
	return map[string][]slideSpec{
		"lo_pptx_good.pptx":       goodSlides(),
		"lo_pptx_colors.pptx":     colorSlides(),
		"lo_pptx_bad_status.pptx": withCell(goodSlides(), 2, 0, 3, 3, "Lila"),
	}
}

// TestMakeSlideFixtures rewrites the decks in testdata/ when run with -regen.
func TestMakeSlideFixtures(t *testing.T) {
	if !*regen {
		t.Skip("run with -args -regen to rewrite testdata/")
	}
	for name, slides := range fixtureDecks() {
		writeFile(t, name, buildDeck(t, slides))
	}
	officetest.Need(t, "soffice")
	tmp := t.TempDir()
	for name, slides := range loDecks() {
		src := filepath.Join(tmp, name)
		if err := os.WriteFile(src, buildDeck(t, slides), 0o644); err != nil {
			t.Fatal(err)
		}
		out := officetest.Convert(t, src, "pptx")
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, data)
	}
}
