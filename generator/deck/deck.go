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
	data, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("deck: %s: %w", r.Title, err)
	}
	return data, nil
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
	if len(r.Sections()) == 0 {
		return nil, fmt.Errorf("deck: unknown audience %q", r.Audience)
	}
	if err := d.compose(); err != nil {
		return nil, fmt.Errorf("deck: %s: %w", r.Title, err)
	}
	return d.p, nil
}

// deck is one presentation being composed.
type deck struct {
	p       *pptx.Presentation
	r       *report.Report
	cat     *plan.Catalog
	section string // the report section the next content slide starts; "" when it continues one
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

// footer is e.g. "Sydöstra sjukvårdsregionen · Kunskapsråd Medicin · 3 december 2026":
// always the region and the forum, then the meeting (or, for a plan, its name when
// that fits on the line).
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
		parts = append(parts, report.ForumRSL, report.Date(r.Meeting))
	case plan.AudienceSVN:
		parts = append(parts, report.ForumSVN, report.Date(r.Meeting))
	case plan.AudiencePlan:
		if r.Forum != nil {
			parts = append(parts, r.Forum.Name)
		}
		parts = append(parts, r.Title)
	}
	// The footer box is half the slide wide: what does not fit on its line goes,
	// from the end; the region and the forum stay.
	for len(parts) > 2 {
		if n, _ := pptx.MeasureText(report.Typo(strings.Join(parts, " · ")), footerSize, false, footerW); n <= 1 {
			break
		}
		parts = parts[:len(parts)-1]
	}
	return report.Typo(strings.Join(parts, " · "))
}

// compose renders the title slide and then the report's sections, in the order
// and with the titles the report decides; each section is a PowerPoint section.
func (d *deck) compose() error {
	d.titleSlide()
	region := d.r.Audience == plan.AudienceRSL
	for _, sec := range d.r.Sections() {
		d.section = sec.Title
		var err error
		switch sec.Kind {
		case report.SectionOverview:
			if region {
				if err = d.groups(); err == nil {
					err = d.areaChart()
				}
			}
			if err == nil {
				err = d.overview(sec, region)
			}
		case report.SectionPlanFacts:
			err = d.planFacts(d.r.Plans[0], sec.Title)
		case report.SectionPlans:
			for _, p := range d.r.Plans {
				if p == nil || err != nil {
					continue
				}
				if d.r.Audience == plan.AudienceKR {
					if err = d.planSection(p); err == nil {
						err = d.planFacts(p, p.Name+" – planens uppgifter")
					}
				}
				if err == nil {
					err = d.planTable(p)
				}
				if err == nil {
					err = d.consequences(p)
				}
			}
		case report.SectionChanges:
			err = d.changes(sec)
		case report.SectionChangeCounts:
			err = d.changeCounts(sec)
		case report.SectionFlagged:
			err = d.flagged(sec)
		case report.SectionAttention:
			err = d.itemSlides(sec.Title, sec.Empty, d.r.Attention, true)
		case report.SectionSupport:
			err = d.itemSlides(sec.Title, sec.Empty, d.r.Support, region)
		case report.SectionProposalSummary:
			err = d.proposalSummary(sec)
		case report.SectionProposals:
			err = d.proposals(sec, d.r.Audience == plan.AudienceSVN)
		default:
			err = fmt.Errorf("unknown section %q", sec.Kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
