package sources

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
)

// zipOf builds a zip with the given entries.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseDate(t *testing.T) {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-03-01", d, true},
		{" 2026-03-01 00:00 ", d, true},
		{"2026-03-01 00:00:00", d, true},
		{"2026-03-01T00:00:00", d, true},
		{"20260301", d, true},
		{"2026/3/1", d, true},
		{"1/3/2026", d, true},
		{"1.3.2026", d, true},
		{"1 mars 2026", d, true},
		{"1 Mars 2026", d, true},
		{"1:a mars 2026", d, true},
		{"1 mar. 2026", d, true},
		{"mars 2026", d, true},
		{"31 april 2026", time.Time{}, false},
		{"2026-02-30", time.Time{}, false},
		{"snart", time.Time{}, false},
		{"1 smurf 2026", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseStatusAt(t *testing.T) {
	for _, in := range []string{"Grön", "grönt", "G", "enligt plan", "Gul", "y", "mindre problem", "röd", "Red",
		"Avslutad", "klart", "x", "☒", "✔", "Grön – enligt plan", "Röd\n"} {
		var ps plan.Problems
		if s := parseStatusAt(in, "Aktiviteter!L2", &ps); s == plan.StatusNone || len(ps) != 0 {
			t.Errorf("parseStatusAt(%q) = %q:%s", in, s, dumpProblems(ps))
		}
	}
	var ps plan.Problems
	parseStatusAt("Blå", "bild 3, tabell 1, rad 4, kolumn Status", &ps)
	if len(ps) != 1 || ps[0].Location != "bild 3, tabell 1, rad 4, kolumn Status" || ps[0].Field != "Status" ||
		!strings.Contains(ps[0].Message, `Okänd status "Blå"`) || !strings.Contains(ps[0].Message, plan.AcceptedStatusWords) {
		t.Errorf("problems:%s", dumpProblems(ps))
	}
}

func TestParsePromisesAt(t *testing.T) {
	cat := testCatalog()
	tests := []struct {
		in   string
		want string
		errs int
	}{
		{"P2; P4", "P2,P4", 0},
		{"2,4\n5", "P2,P4,P5", 0},
		{"Du får vård i rätt tid", "P2", 0},
		{"P2 – Du får vård i rätt tid; p2", "P2", 0},
		{"P9; P1", "P1", 1},
		{"vård", "", 1},
	}
	for _, tt := range tests {
		var ps plan.Problems
		got := strings.Join(parsePromisesAt(tt.in, "Aktiviteter!C2", "Patientlöften", cat, &ps), ",")
		if got != tt.want || len(ps) != tt.errs {
			t.Errorf("parsePromisesAt(%q) = %q with %d problems; want %q, %d:%s", tt.in, got, len(ps), tt.want, tt.errs, dumpProblems(ps))
		}
	}
}

func TestMeasurable(t *testing.T) {
	for s, want := range map[string]bool{
		"90 % inom 30 dagar": true, "≥ 90%": true, "alla regioner": true, "halvera väntetiden": true,
		"Bättre tillgänglighet": false, "Ökad kvalitet": false, "": false,
	} {
		if got := measurable(s); got != want {
			t.Errorf("measurable(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAreaBuilder(t *testing.T) {
	var ps plan.Problems
	b := newAreaBuilder()
	a := func(d string) *plan.Activity { return &plan.Activity{Description: d} }
	b.add(areaRow{Title: "A", National: "N", Promises: []string{"P1"}}, a("1"), &ps)
	b.add(areaRow{Promises: []string{"P2"}}, a("2"), &ps)
	b.add(areaRow{Title: "a "}, a("3"), &ps)
	b.add(areaRow{Title: "B"}, a("4"), &ps)
	b.add(areaRow{Title: "A", TitleLoc: "X!B9"}, a("5"), &ps)
	if len(b.areas) != 2 || len(b.areas[0].Activities) != 4 || strings.Join(b.areas[0].Promises, ",") != "P1,P2" || b.areas[0].NationalArea != "N" {
		t.Fatalf("areas = %+v", b.areas)
	}
	if len(ps) != 1 || ps[0].Location != "X!B9" || ps[0].Severity != plan.SevWarning {
		t.Errorf("problems:%s", dumpProblems(ps))
	}
}

func TestSheetRef(t *testing.T) {
	for _, tt := range []struct{ sheet, cell, want string }{
		{"Aktiviteter", "L7", "Aktiviteter!L7"},
		{"Handlingsplan 2026", "L7", "'Handlingsplan 2026'!L7"},
		{"Aktiviteter", "", "Aktiviteter"},
	} {
		if got := sheetRef(tt.sheet, tt.cell); got != tt.want {
			t.Errorf("sheetRef(%q, %q) = %q, want %q", tt.sheet, tt.cell, got, tt.want)
		}
	}
	if got := cellName(28, 3); got != "AB3" {
		t.Errorf("cellName(28, 3) = %q", got)
	}
}
