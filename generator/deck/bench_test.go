package deck_test

import (
	"io"
	"testing"

	"handlingsplan/generator/deck"
	"handlingsplan/plan"
	"handlingsplan/pptx"
	"handlingsplan/report"
)

// benchDeck renders r b.N times and reports its slide count.
func benchDeck(b *testing.B, r *report.Report, cat *plan.Catalog) {
	b.Helper()
	data, err := deck.Bytes(r, cat)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := pptx.Open(data, pptx.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := deck.Write(io.Discard, r, cat); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(doc.Slides)), "slides")
	b.ReportMetric(float64(len(data)), "file-bytes")
}

func BenchmarkRSLDeck(b *testing.B) {
	cfg, in := sampleInput(b, 1)
	r, err := report.Build(report.Request{Audience: plan.AudienceRSL}, in)
	if err != nil {
		b.Fatal(err)
	}
	benchDeck(b, r, &cfg.Catalog)
}

// BenchmarkLargestDeck renders the largest kunskapsråd deck of the sample region at
// ten times the sample size.
func BenchmarkLargestDeck(b *testing.B) {
	cfg, in := sampleInput(b, 10)
	var largest *report.Report
	most := -1
	for i := range cfg.Catalog.Forums {
		f := &cfg.Catalog.Forums[i]
		if f.Kind != plan.ForumKR {
			continue
		}
		r, err := report.Build(report.Request{Audience: plan.AudienceKR, Forum: f.Name}, in)
		if err != nil {
			b.Fatal(err)
		}
		if n := r.Totals.Total(); n > most {
			largest, most = r, n
		}
	}
	b.Logf("%s: %d activities", largest.Title, most)
	benchDeck(b, largest, &cfg.Catalog)
}

// BenchmarkKRDeck renders the deck of one kunskapsråd (Medicin) at the sample
// size and at ten and a hundred times it, to show how pagination grows.
func BenchmarkKRDeck(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(map[int]string{1: "sample", 10: "10x", 100: "100x"}[scale], func(b *testing.B) {
			cfg, in := sampleInput(b, scale)
			r, err := report.Build(report.Request{Audience: plan.AudienceKR, Forum: "Kunskapsråd Medicin"}, in)
			if err != nil {
				b.Fatal(err)
			}
			benchDeck(b, r, &cfg.Catalog)
		})
	}
}
