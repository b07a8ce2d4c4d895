package report

import (
	"fmt"
	"regexp"
	"strings"
)

// nbsp is the no-break space that Swedish typography puts between a number and its
// unit and after a short prefix that must not end a line.
const nbsp = "\u00a0"

var (
	// "47 %", "2,4 mnkr", "12 000 kr", "3 st": a number and its unit stay together.
	reUnit = regexp.MustCompile(`(\d) (%|‰|mnkr|mdkr|tkr|kr|st|procent|timmar|dagar|veckor|månader|år)\b`)
	rePct  = regexp.MustCompile(`(\d) %`)
	// "12 000": thousands.
	reThousands = regexp.MustCompile(`(\d) (\d{3})\b`)
	// "RPO Cancersjukdomar", "RSG Patientsäkerhet", "NPO Hjärta": the kind stays with the name.
	rePrefix = regexp.MustCompile(`\b(RPO|RMPO|RSG|NPO|NSG|RSL|SVN|KR) (\p{L})`)
	// "P2 Du får …": a patient promise's id stays with its text.
	rePromise = regexp.MustCompile(`\b(P\d{1,2}) (\p{L})`)
)

// Typo applies Swedish typography to a text for print and slides: no-break spaces
// in "47 %", "2,4 mnkr", "12 000", "RPO Cancersjukdomar" and "P2 Du får …", so that
// a line never breaks between them. Line breaks and other text are kept as written.
func Typo(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	// The expressions are costly and the decks call Typo on every cell while they
	// paginate; each runs only when the text has what it needs to match.
	if digitThenSpace(s) {
		s = rePct.ReplaceAllString(s, "$1"+nbsp+"%")
		s = reUnit.ReplaceAllString(s, "$1"+nbsp+"$2")
		for range 2 { // "1 200 000": overlapping matches
			s = reThousands.ReplaceAllString(s, "$1"+nbsp+"$2")
		}
	}
	if hasPrefix(s) {
		s = rePrefix.ReplaceAllString(s, "$1"+nbsp+"$2")
	}
	if promiseID(s) {
		s = rePromise.ReplaceAllString(s, "$1"+nbsp+"$2")
	}
	return s
}

// promiseID reports whether s holds a "P" followed by a digit, as rePromise needs.
func promiseID(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == 'P' && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}

// digitThenSpace reports whether an ASCII digit is followed by a space.
func digitThenSpace(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && s[i+1] == ' ' {
			return true
		}
	}
	return false
}

// hasPrefix reports whether s holds one of rePrefix's kinds followed by a space.
func hasPrefix(s string) bool {
	for _, k := range []string{"RPO ", "RMPO ", "RSG ", "NPO ", "NSG ", "RSL ", "SVN ", "KR "} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// Empty is how every output shows a value that is not filled in.
const Empty = "–"

// Count writes a number with the Swedish singular or plural of its noun:
// "1 aktivitet", "3 aktiviteter".
func Count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
