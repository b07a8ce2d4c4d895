// Package deck renders a report.Report as a PowerPoint deck (.pptx), one kind of
// deck per audience: a kunskapsråd gets the overview of its programme areas, every
// plan in the template's headings, the changes since the previous meeting,
// ledningsstöd and proposals; RSL the whole region with charts; the agreement
// (SVN) the activities that change it, by kind; a single plan the deck that is
// published and that the PowerPoint template reader can read back.
//
// Every table is measured before it is placed and continues on further slides
// ("(forts.)", header repeated) instead of overflowing. Status is always shown as
// a word next to its coloured marker or checkbox, so that a greyscale print reads
// the same. The same report always gives the same bytes.
package deck

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// Document properties.
const (
	Author  = "Handlingsplaner – Sydöstra sjukvårdsregionen"
	Company = "Sydöstra sjukvårdsregionen"
	Region  = "Sydöstra sjukvårdsregionen"
)

// Write renders r as a PowerPoint deck to w. cat gives the patient promises' titles.
func Write(w io.Writer, r *report.Report, cat *plan.Catalog) error {
	data, err := Bytes(r, cat)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("deck: write: %w", err)
	}
	return nil
}

// Bytes renders r as a PowerPoint deck and returns the file's bytes.
func Bytes(r *report.Report, cat *plan.Catalog) ([]byte, error) {
	p, err := Build(r, cat)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		return nil, fmt.Errorf("deck: %s: %w", r.Title, err)
	}
	return buf.Bytes(), nil
}

// Build composes the deck of r without writing it, for callers that want to add
// slides or inspect the result.
func Build(r *report.Report, cat *plan.Catalog) (*pptx.Presentation, error) {
	if r == nil || cat == nil {
		return nil, fmt.Errorf("deck: report and catalog are required")
	}
	if r.Audience == plan.AudiencePlan && (len(r.Plans) == 0 || r.Plans[0] == nil) {
		return nil, fmt.Errorf("deck: the plan report holds no plan")
	}
	d := &deck{p: pptx.New(), r: r, cat: cat}
	d.setup()
	var err error
	switch r.Audience {
	case plan.AudienceKR:
		err = d.kr()
	case plan.AudienceRSL:
		err = d.rsl()
	case plan.AudienceSVN:
		err = d.svn()
	case plan.AudiencePlan:
		err = d.single()
	default:
		return nil, fmt.Errorf("deck: unknown audience %q", r.Audience)
	}
	if err != nil {
		return nil, fmt.Errorf("deck: %s: %w", r.Title, err)
	}
	return d.p, nil
}

// deck is one presentation being composed.
type deck struct {
	p   *pptx.Presentation
	r   *report.Report
	cat *plan.Catalog
}

// setup sets the theme, the document properties and the footer.
func (d *deck) setup() {
	p, r := d.p, d.r
	p.Theme.Name = "Sydöstra sjukvårdsregionen"
	p.Theme.Accent = report.ColorAccent
	p.Theme.Dark = report.ColorMuted
	p.Theme.Light = report.ColorAccentTint
	p.Theme.TitleSize = titleSize
	p.Props = pptx.Properties{
		Title:    r.Title,
		Subject:  strings.TrimSpace(r.Audience.Label() + " – " + r.Subtitle),
		Author:   Author,
		Company:  Company,
		Keywords: "handlingsplaner; " + strings.ToLower(r.Audience.Label()),
		Language: "sv-SE",
		Created:  r.Generated,
		Modified: r.Generated,
	}
	p.SlideNumbers = true
	p.Footer = d.footer()
}

// footer is e.g. "Sydöstra sjukvårdsregionen · Kunskapsråd Medicin · 3 december 2026".
func (d *deck) footer() string {
	r := d.r
	parts := []string{Region}
	switch r.Audience {
	case plan.AudienceKR:
		if r.Forum != nil {
			parts = append(parts, r.Forum.Name)
		}
		parts = append(parts, report.Date(r.Meeting))
	case plan.AudienceRSL:
		parts = append(parts, "Regionsjukvårdsledningen", report.Date(r.Meeting))
	case plan.AudienceSVN:
		parts = append(parts, "Överenskommelse", report.Date(r.Meeting))
	case plan.AudiencePlan:
		parts = append(parts, r.Title)
	}
	// The footer box is half the slide wide; a long forum or plan name drops the
	// region rather than wrap into the slide number's line.
	if n, _ := pptx.MeasureText(strings.Join(parts, " · "), footerSize, false, footerW); n > 1 {
		parts = parts[1:]
	}
	return strings.Join(parts, " · ")
}

// kr is the deck of one kunskapsråd.
func (d *deck) kr() error {
	d.titleSlide()
	if err := d.overview(false); err != nil {
		return err
	}
	for _, p := range d.r.Plans {
		if p == nil {
			continue
		}
		if err := d.planSection(p); err != nil {
			return err
		}
		if err := d.planTable(p); err != nil {
			return err
		}
	}
	if err := d.changes(); err != nil {
		return err
	}
	if err := d.itemSlides("Behov av ledningsstöd", "Inga aktiviteter har behov av ledningsstöd.", d.r.Support, false); err != nil {
		return err
	}
	return d.proposals("Förslag till överenskommelsen", false)
}

// rsl is the deck of Regionsjukvårdsledningen: the whole region.
func (d *deck) rsl() error {
	d.titleSlide()
	if err := d.groups(); err != nil {
		return err
	}
	if err := d.areaChart(); err != nil {
		return err
	}
	if err := d.overview(true); err != nil {
		return err
	}
	if err := d.flagged(); err != nil {
		return err
	}
	if err := d.itemSlides("Röda och gula aktiviteter", "Inga aktiviteter är röda eller gula.", d.r.Attention, true); err != nil {
		return err
	}
	if err := d.itemSlides("Behov av ledningsstöd", "Inga aktiviteter har behov av ledningsstöd.", d.r.Support, true); err != nil {
		return err
	}
	if err := d.proposals("Förslag till överenskommelsen", false); err != nil {
		return err
	}
	return d.changeCounts()
}

// svn is the deck for the annual agreement: every activity with påverkan.
func (d *deck) svn() error {
	d.titleSlide()
	if err := d.proposalSummary(); err != nil {
		return err
	}
	return d.proposals("Påverkan på överenskommelsen", true)
}

// single is the deck of one plan, for publishing; the template reader reads it back.
func (d *deck) single() error {
	p := d.r.Plans[0]
	d.titleSlide()
	if err := d.planFacts(p); err != nil {
		return err
	}
	return d.planTable(p)
}
