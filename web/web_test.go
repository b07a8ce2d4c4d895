package web

import (
	"testing"

	"handlingsplan/plan"
	"handlingsplan/report"
)

func TestSafeReturn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/paket", "/paket"},
		{"/planer/RPO%20X?fran=1", "/planer/RPO%20X?fran=1"},
		{"", "/"},
		{"https://angripare.example/", "/"},
		{"//angripare.example/", "/"},
		{`/\angripare.example`, "/"},
		{"/x\r\nSet-Cookie: a=b", "/"},
		{"paket", "/"},
	}
	for _, tt := range tests {
		if got := safeReturn(tt.in); got != tt.want {
			t.Errorf("safeReturn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	if got := problemCount(plan.Problems{{Severity: plan.SevError}, {Severity: plan.SevWarning}, {Severity: plan.SevWarning}}); got != "1 fel och 2 varningar" {
		t.Errorf("problemCount = %q", got)
	}
	if got := problemCount(nil); got != "Inga problem" {
		t.Errorf("problemCount(nil) = %q", got)
	}
	for n, want := range map[int64]string{999: "999\u00a0byte", 64_000: "64\u00a0kB", 2_400_000: "2,4\u00a0MB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
	// Every status reads without colour: its own symbol and a word.
	seen := map[string]bool{}
	for _, s := range plan.Statuses {
		sym := report.StatusSymbol(s)
		if seen[sym] || s.Label() == "" {
			t.Errorf("status %s: symbol %q not unique or no word", s, sym)
		}
		seen[sym] = true
	}
	for _, st := range []string{"köad", "pågår", "klar", "misslyckad", "avbruten", "running", "ok", "failed"} {
		if r := stateOf(st); r.Symbol == "–" || r.Word == "" {
			t.Errorf("run state %q has no symbol and word", st)
		}
	}
}

func TestPagesParse(t *testing.T) {
	p, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"overview", "plan", "submit", "submissions", "submission", "packages", "templates", "runs", "run", "signin", "error", "decisions"} {
		if p[name] == nil {
			t.Errorf("no page %s", name)
		}
	}
}
