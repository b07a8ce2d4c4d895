package sources

import (
	"strings"
	"testing"
)

// TestErrorReportQuotesNames: a newline in a file name or cell cannot add lines
// to the report.
func TestErrorReportQuotesNames(t *testing.T) {
	var r Result
	r.Problems.Errorf("Plan\nfalsk.xlsx", "", "Filen är tom.")
	got := ErrorReport("Plan\n• fel – allt är fel.xlsx", r)
	if !strings.Contains(got, `Granskning av "Plan\n• fel – allt är fel.xlsx"`) || !strings.Contains(got, `Plan\nfalsk.xlsx`) {
		t.Errorf("report:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "falsk") || strings.HasPrefix(l, "• fel – allt") {
			t.Errorf("forged line %q", l)
		}
	}
	if ShowName("Hjärt – plan.xlsx") != "Hjärt – plan.xlsx" {
		t.Error("a plain name is quoted")
	}
}
