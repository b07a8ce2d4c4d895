package report_test

import (
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// The public rendering of a plan leaves out the hidden fields – values and
// labels – and needs a fastställd version; the internal one keeps everything.
func TestPublicPlan(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cat := &cfg.Catalog
	p := &plan.Plan{Name: "RPO Psykisk hälsa", Contact: "Eva Ek", Period: "2026–2027", Areas: []plan.Area{{Title: "Suicidprevention",
		Activities: []plan.Activity{{Description: "Säkerhetsplan", Status: plan.StatusGreen, NeedsSupport: true,
			Impact: plan.ImpactFinancial, ImpactDetail: "2,4 mnkr", Comment: "Går bra"}}}}}
	meeting := time.Date(2026, 12, 8, 0, 0, 0, 0, time.Local)
	in := report.Input{Catalog: cat, Current: []report.Entry{{Plan: p, Version: 3}}, Meeting: meeting,
		Adopted: map[string]report.Adoption{p.Name: {Version: 3, Forum: "Kunskapsråd Psykisk hälsa", Meeting: meeting}}}
	hide := []templates.Field{templates.ColSupport, templates.ColImpactDetail, templates.PlanContact}

	internal, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: p.Name}, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range hide {
		if !internal.Shows(f) {
			t.Errorf("the internal report hides %s", f)
		}
	}
	if !strings.Contains(internal.Subtitle, "version 3, fastställd av Kunskapsråd Psykisk hälsa 8 december 2026") {
		t.Errorf("internal subtitle %q", internal.Subtitle)
	}

	public, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: p.Name, Public: &report.Public{Hide: hide}}, in)
	if err != nil {
		t.Fatal(err)
	}
	a := public.Plans[0].Areas[0].Activities[0]
	switch {
	case a.NeedsSupport, a.ImpactDetail != "", public.Plans[0].Contact != "":
		t.Errorf("hidden values published: %+v, contact %q", a, public.Plans[0].Contact)
	case a.Impact != plan.ImpactFinancial, a.Comment != "Går bra", public.Plans[0].Period != "2026–2027":
		t.Errorf("shown values lost: %+v", a)
	case p.Contact != "Eva Ek" || !p.Areas[0].Activities[0].NeedsSupport:
		t.Error("the stored plan was changed")
	case public.Subtitle != "Version 3, fastställd av Kunskapsråd Psykisk hälsa 8 december 2026":
		t.Errorf("public subtitle %q", public.Subtitle)
	}
	for _, f := range public.Facts(public.Plans[0], report.Date) {
		if f.Field == templates.PlanContact {
			t.Error("the public facts list the contact person")
		}
	}
	if public.Shows(templates.ColSupport) || !public.Shows(templates.ColComment) {
		t.Error("Shows does not follow the hidden fields")
	}

	in.Adopted[p.Name] = report.Adoption{Version: 2, Forum: "Kunskapsråd Psykisk hälsa", Meeting: meeting}
	if _, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: p.Name, Public: &report.Public{}}, in); err == nil {
		t.Error("a version that is not the adopted one was published")
	}
}
