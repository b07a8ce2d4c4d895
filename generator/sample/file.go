package sample

import (
	"bytes"
	"fmt"

	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// slidesArea is the programme area whose owners fill in the PowerPoint template
// rather than the Excel one, so that the samples exercise both readers.
const slidesArea = "Patientsäkerhet"

// File is a plan as the filled template its owners submit: the file name and its
// bytes. The same plan always gives the same bytes, so an identical resubmission
// is recognised.
func File(cat *plan.Catalog, p *plan.Plan) (name string, data []byte, err error) {
	var buf bytes.Buffer
	if strip(p.Name) == slidesArea {
		in := report.Input{Catalog: cat, Current: []report.Entry{{Plan: p, Received: p.Updated}}, Meeting: p.Updated, Generated: p.Updated}
		r, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: p.Name}, in)
		if err != nil {
			return "", nil, fmt.Errorf("sample %s: %w", p.Name, err)
		}
		if err := deck.Write(&buf, r, cat); err != nil {
			return "", nil, fmt.Errorf("sample %s: %w", p.Name, err)
		}
		return "Handlingsplan " + p.Name + ".pptx", buf.Bytes(), nil
	}
	if err := exceltemplate.Write(&buf, cat, exceltemplate.Options{Plan: p, Modified: p.Updated}); err != nil {
		return "", nil, fmt.Errorf("sample %s: %w", p.Name, err)
	}
	return "Handlingsplan " + p.Name + ".xlsx", buf.Bytes(), nil
}
