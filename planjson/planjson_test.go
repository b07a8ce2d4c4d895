package planjson

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
)

var update = flag.Bool("update", false, "rewrite testdata/plan.golden.json")

// full is a plan with every field set, so that the golden file shows them all.
func full() *plan.Plan {
	stockholm, _ := time.LoadLocation("Europe/Stockholm")
	act := func(desc string, st plan.Status, imp plan.Impact) plan.Activity {
		return plan.Activity{Description: desc, Schedule: "2026–2027", Cooperation: "RPO Hjärt- och kärlsjukdomar",
			FollowUp: plan.FollowUp{Method: "Journalgranskning", Indicators: "Andel med vårdplan", Goal: "90 %",
				Responsible: "Kvalitetsregistret", Result: "82 % (2025)"},
			Status: st, Comment: "Följs upp i mars", NeedsSupport: st == plan.StatusRed,
			Consequences: plan.Consequences{Citizens: "Kortare väntan", Operations: "Nya rutiner", Governance: "Beslut i RSL"},
			FinalReport:  "", Impact: imp, ImpactDetail: "Ny arbetsfördelning mellan länen", Location: "Aktiviteter!A7",
			StatusInferred: st == plan.StatusYellow}
	}
	return &plan.Plan{
		Name: "RPO Endokrina sjukdomar", Kind: plan.KindRPO, National: "NPO Endokrina sjukdomar",
		Forum: "Kunskapsråd Medicin", Contact: "Åsa Öberg", Email: "asa.oberg@example.se",
		Updated: time.Date(2026, 11, 2, 0, 0, 0, 0, stockholm), Period: "2026–2027",
		Cooperation: plan.Cooperation{National: "NPO", Regional: "RSG Läkemedel", Local: "Kommunerna", Patients: "Diabetesförbundet"},
		Comments:    "Inga",
		Areas: []plan.Area{
			{NationalArea: "Diabetes", Title: "Jämlik diabetesvård", Promises: []string{"P1", "P2"},
				Activities: []plan.Activity{act("Gemensamt vårdprogram", plan.StatusGreen, plan.ImpactNone),
					act("Insulinpumpar", plan.StatusYellow, plan.ImpactFinancial)}},
			{Title: "Sköldkörtel", Activities: []plan.Activity{act("Remissrutin", plan.StatusRed, plan.ImpactOperational),
				act("Uppföljning", plan.StatusDone, plan.ImpactStructure), act("Ny", plan.StatusNone, plan.ImpactNone)}},
		},
		Source: plan.Provenance{FileName: "Endokrina.xlsx", Format: "xlsx", SHA256: strings.Repeat("ab", 32),
			Received: time.Date(2026, 11, 23, 8, 15, 0, 0, time.UTC), Submitter: "asa"},
	}
}

func TestGolden(t *testing.T) {
	got, err := json.MarshalIndent(From(full()), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/plan.golden.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the stored shape changed; if on purpose, bump SchemaVersion, document it in docs/plan-json.md and run with -update\ngot:\n%s", got)
	}
	// The golden file reads back to the same plan.
	p, err := Unmarshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(p, full()) {
		t.Errorf("golden file reads back as\n%+v", p)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, p := range []*plan.Plan{full(), {Name: "RSG Läkemedel", Kind: plan.KindRSG}} {
		b, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if !equal(got, p) {
			t.Errorf("%s: round trip gives\n%+v\nwant\n%+v", p.Name, got, p)
		}
	}
}

// Rows written before the shape existed are json.Marshal of the model types:
// testdata/legacy_row.json is full() as such a row, frozen.
func TestLegacyRows(t *testing.T) {
	old, err := os.ReadFile("testdata/legacy_row.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(old)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(got, full()) {
		t.Errorf("old row reads as\n%+v", got)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"NotJSON", `{`, "unexpected end"},
		{"Newer", `{"schema_version": 2, "program_area": "RPO X"}`, "newer than this program"},
		{"UnknownField", `{"schema_version": 1, "program_area": "RPO X", "colour": "röd"}`, "unknown field"},
		{"UnknownStatus", `{"schema_version": 1, "program_area": "RPO X", "areas": [{"activities": [{"status": "gron"}]}]}`, `unknown status "gron"`},
		{"BadTime", `{"schema_version": 1, "program_area": "RPO X", "updated": "2 nov"}`, "time"},
		{"LegacyWithoutName", `{"Kind": "RPO"}`, "without a plan name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Unmarshal([]byte(tt.json)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// equal compares plans with times compared as instants.
func equal(a, b *plan.Plan) bool {
	if !a.Updated.Equal(b.Updated) || !a.Source.Received.Equal(b.Source.Received) {
		return false
	}
	ca, cb := *a, *b
	ca.Updated, cb.Updated = time.Time{}, time.Time{}
	ca.Source.Received, cb.Source.Received = time.Time{}, time.Time{}
	return reflect.DeepEqual(ca, cb)
}
