package main

import (
	"os"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/sources"
)

// TestLibreOfficeSlidesCarryThePlan reads the PowerPoint template as filled in and
// saved by Impress (testdata/fill_slides.py) and checks that every plan detail and
// the in-cell lines for ledningsstöd, påverkan, slutrapport and konsekvenser come
// back, and that the example row is not an activity.
func TestLibreOfficeSlidesCarryThePlan(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/lo_filled_slides.pptx")
	if err != nil {
		t.Fatal(err)
	}
	r := sources.Read(sources.Input{Name: "lo_filled_slides.pptx", Data: data}, &cfg.Catalog, cfg.Limits)
	if !r.OK() {
		t.Fatalf("rejected: %v", r.Problems)
	}
	p := r.Plan
	want := plan.Plan{
		Name: "RPO Äldres hälsa", Kind: plan.KindRPO, National: "NPO Äldres hälsa", Forum: "Kunskapsråd Nära vård",
		Contact: "Helena Berg", Email: "helena.berg@rjl.se", Updated: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC),
		Period: "2026–2027",
		Cooperation: plan.Cooperation{
			National: "Representant i NPO Äldres hälsa arbetsgrupp för sköra äldre.",
			Regional: "RPO Primärvård om läkemedelsgenomgångar; RSG Patientsäkerhet om fall.",
			Local:    "Länsgemensamma ledningsgrupper för vård och omsorg i de tre länen.",
			Patients: "PRO och SPF Seniorerna i referensgruppen.",
		},
		Comments: "Planen behandlades i Kunskapsråd Nära vård i oktober 2026.",
	}
	for _, c := range []struct{ field, got, want string }{
		{"name", p.Name, want.Name}, {"kind", string(p.Kind), string(want.Kind)}, {"national", p.National, want.National},
		{"forum", p.Forum, want.Forum}, {"contact", p.Contact, want.Contact}, {"email", p.Email, want.Email},
		{"updated", p.Updated.Format(time.DateOnly), want.Updated.Format(time.DateOnly)}, {"period", p.Period, want.Period},
		{"samverkan NPO", p.Cooperation.National, want.Cooperation.National},
		{"samverkan RPO", p.Cooperation.Regional, want.Cooperation.Regional},
		{"samverkan kommuner", p.Cooperation.Local, want.Cooperation.Local},
		{"samverkan patienter", p.Cooperation.Patients, want.Cooperation.Patients},
		{"kommentarer", p.Comments, want.Comments},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}

	if p.ActivityCount() != 4 || len(p.Areas) != 2 {
		t.Fatalf("%d areas, %d activities; want 2, 4 (the example row is no activity)", len(p.Areas), p.ActivityCount())
	}
	first, second, last := p.Areas[0].Activities[0], p.Areas[0].Activities[1], p.Areas[1].Activities[1]
	if !first.NeedsSupport || first.Impact != plan.ImpactOperational ||
		first.ImpactDetail != "teamen bemannas gemensamt med kommunerna" || first.Cooperation != "Kommunernas hemsjukvård" {
		t.Errorf("first activity: ledningsstöd %v, påverkan %v %q, samverkan %q", first.NeedsSupport, first.Impact, first.ImpactDetail, first.Cooperation)
	}
	if first.Comment != "Rekrytering av sjuksköterskor pågår." {
		t.Errorf("first comment = %q: the labelled lines must not stay in it", first.Comment)
	}
	if second.NeedsSupport || second.Impact != plan.ImpactFinancial || second.ImpactDetail != "1,2 mnkr per år för farmaceuter" {
		t.Errorf("second activity: ledningsstöd %v, påverkan %v %q", second.NeedsSupport, second.Impact, second.ImpactDetail)
	}
	if last.FinalReport != "Utbildningen är införd i kommunernas introduktion." ||
		last.Consequences.Operations != "Ny introduktion för all personal." {
		t.Errorf("last activity: slutrapport %q, konsekvenser %q", last.FinalReport, last.Consequences.Operations)
	}
}

// TestLibreOfficeWorkbookKeepsText reads the Excel template as filled in over UNO in
// Calc (testdata/fill_template.py): the plan's values and line breaks come back, and
// the example row is no activity. (UNO's setFormula parses "72 %" into a number
// whatever the cell's format, which typing into the template's text cells does not;
// exceltemplate's tests check those formats.)
func TestLibreOfficeWorkbookKeepsText(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/lo_filled_template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	r := sources.Read(sources.Input{Name: "lo_filled_template.xlsx", Data: data}, &cfg.Catalog, cfg.Limits)
	if !r.OK() {
		t.Fatalf("rejected: %v", r.Problems)
	}
	p := r.Plan
	if p.Contact != "Sara Nyström" || p.Updated.Format(time.DateOnly) != "2026-10-15" || p.Period != "2026–2027" {
		t.Errorf("plan: %q, %v, %q", p.Contact, p.Updated, p.Period)
	}
	first, third := p.Areas[0].Activities[0], p.Areas[0].Activities[2]
	if first.Schedule != "2026–2027" || third.Comment != "Saknar gemensam rutin.\nBehöver beslut om ansvar mellan regionerna." {
		t.Errorf("tidplan %q, kommentar %q; want them as typed", first.Schedule, third.Comment)
	}
	if got := p.Areas[0].Title; got != "Suicidprevention" {
		t.Errorf("first area %q: the example row must not be read", got)
	}
}
