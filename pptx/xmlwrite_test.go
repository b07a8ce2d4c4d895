package pptx

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestEsc: esc writes what xml.EscapeText writes, also for text that needs no
// escaping and is passed through as it is.
func TestEsc(t *testing.T) {
	for _, s := range []string{"", "Kunskapsråd Medicin", "a < b & c > d", `"citat" 'enkla'`, "rad\nrad\ttab\r",
		"\x00\x1f", "ogiltig \xff utf-8", "\uFFFE\uFFFF\uFFFD", "→ ● ✓ 漢字", "\u0085\u00a0", "\U0001F600"} {
		var want strings.Builder
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := esc(s); got != want.String() {
			t.Errorf("esc(%q) = %q, want %q", s, got, want.String())
		}
	}
}
