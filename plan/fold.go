package plan

import "strings"

// Fold normalises a label or name for comparison: lower case, surrounding and repeated
// white space removed, a trailing colon dropped, and the dashes – and — read as -.
// Spaces around a dash are removed too, so "Samverkan – NPO" equals "samverkan-npo".
func Fold(s string) string {
	s = dashes.Replace(s)
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimSpace(strings.TrimRight(s, ":"))
	s = strings.ReplaceAll(s, " - ", "-")
	s = strings.ReplaceAll(s, " -", "-")
	s = strings.ReplaceAll(s, "- ", "-")
	return s
}

// dashes is built once: Fold runs for every cell and lookup.
var dashes = strings.NewReplacer("–", "-", "—", "-", "‐", "-", "‑", "-", "\u00a0", " ")
