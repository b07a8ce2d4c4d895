// Package workbook writes the Excel rendering of a report: an overview with counts
// and a chart, every activity in scope with every field of the shared structure, the
// changes since the previous meeting, and the working lists of the meeting (requests
// for ledningsstöd; for Samverkansnämnden the proposals for the agreement). The same
// report always gives the same bytes, so packages can be compared by checksum.
package workbook

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/plan"
	"handlingsplan/report"
)

// Sheet names of the workbook: the report's sections name them (report.Section.Sheet).
const (
	SheetOverview   = "Översikt"
	SheetActivities = report.SheetActivities
	SheetChanges    = "Förändringar"
	SheetSupport    = "Ledningsstöd"
	SheetProposals  = "Förslag till överenskommelse"
)

// Options controls what is written.
type Options struct {
	// Modified is the document time written to the properties and the zip entries.
	// Zero means the report's Generated time, or a fixed date when that is zero too,
	// so that the same report always gives the same bytes.
	Modified time.Time
}

// fallbackTime is the document time when neither the options nor the report give one.
var fallbackTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes the workbook of r as xlsx to w. cat resolves patient promise titles;
// it may be nil, and then only the ids are shown.
func Write(w io.Writer, r *report.Report, cat *plan.Catalog, opt Options) error {
	if r == nil {
		return fmt.Errorf("workbook: no report")
	}
	mod := opt.Modified
	if mod.IsZero() {
		mod = r.Generated
	}
	if mod.IsZero() {
		mod = fallbackTime
	}
	mod = mod.UTC()

	f := excelize.NewFile()
	defer f.Close()
	// excelize writes streamed sheets in map order; our zip writer fixes the order
	// and the entry times so that the output is repeatable.
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w, mod) })

	b := &builder{f: f, r: r, cat: cat, promiseText: map[string]string{}}
	if err := b.build(mod); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	// Adding a chart lists the image types in map order.
	if ct := f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("workbook: write: %w", err)
	}
	return nil
}

// builder collects the first error so that the sheet code reads as a list of steps.
type builder struct {
	f   *excelize.File
	r   *report.Report
	cat *plan.Catalog
	err error
	st  styles

	promiseText map[string]string // by promise id: "P2 – title"
}

func (b *builder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *builder) build(mod time.Time) error {
	b.st = b.newStyles()
	// One sheet per section of the report, in its order; audiences whose sections do
	// not list every activity get the Aktiviteter sheet after them, as data.
	secs := b.r.Sections()
	if b.r.DataSheet() {
		secs = append(secs, report.Section{Kind: report.SectionPlans, Sheet: report.SheetActivities})
	}
	if len(secs) == 0 {
		return fmt.Errorf("unknown audience %q", b.r.Audience)
	}
	b.check(b.f.SetSheetName("Sheet1", secs[0].Sheet))
	for _, sec := range secs[1:] {
		_, err := b.f.NewSheet(sec.Sheet)
		b.check(err)
	}
	if b.err != nil {
		return b.err
	}
	// Before the stream writer runs: SetActiveSheet reads every sheet back, and
	// reading a streamed sheet means decoding all of its rows again.
	b.f.SetActiveSheet(0)
	for _, sec := range secs {
		switch sec.Kind {
		case report.SectionOverview, report.SectionPlanFacts:
			b.overview(sec.Sheet)
		case report.SectionProposalSummary:
			b.proposalSummary(sec)
		case report.SectionPlans:
			b.activities()
		case report.SectionChanges, report.SectionChangeCounts:
			b.changes(sec)
		case report.SectionFlagged:
			b.flagged(sec)
		case report.SectionAttention:
			b.itemList(sec, b.r.Attention)
		case report.SectionSupport:
			b.itemList(sec, b.r.Support)
		case report.SectionProposals:
			b.proposals(sec)
		}
	}

	subject := "Levande handlingsplaner – Sydöstra sjukvårdsregionen"
	if b.r.Subtitle != "" {
		subject = b.r.Subtitle + " – " + subject
	}
	b.check(b.f.SetDocProps(&excelize.DocProperties{
		Title:          b.r.Title,
		Subject:        subject,
		Creator:        "Handlingsplaner",
		LastModifiedBy: "Handlingsplaner",
		Keywords:       "handlingsplan; " + b.r.Audience.Label(),
		Category:       b.r.Audience.Label(),
		Language:       "sv-SE",
		Created:        mod.Format(time.RFC3339),
		Modified:       mod.Format(time.RFC3339),
	}))
	return b.err
}
