package report

import "handlingsplan/plan"

// The visual profile shared by the deck, the PDF and the workbook: one calm blue
// accent and status colours whose markers also carry the word, so they read in
// greyscale too. Colours are RGB hex without '#'.
const (
	ColorAccent     = "1F4E79" // title bars, headings
	ColorAccentTint = "DDEBF7" // table headers, zebra rows
	ColorText       = "1A1A1A"
	ColorMuted      = "595959"
	ColorRule       = "BFBFBF"
	ColorFlag       = "C00000" // missing and stale plans
)

// StatusColor is the strong colour of a status marker, bar or fill. The four
// differ in lightness as well as hue (luma about 60, 120, 165 and 210 of 255), so
// that a greyscale print tells Röd, Grön, Avslutad and Gul apart; every marker also
// carries its word.
func StatusColor(s plan.Status) string {
	switch s {
	case plan.StatusGreen:
		return "3F9E4D"
	case plan.StatusYellow:
		return "FFD54F"
	case plan.StatusRed:
		return "8E1B1B"
	case plan.StatusDone:
		return "A6A6A6"
	}
	return "FFFFFF"
}

// StatusTint is the light fill of a cell that shows a status.
func StatusTint(s plan.Status) string {
	switch s {
	case plan.StatusGreen:
		return "D5EDDA"
	case plan.StatusYellow:
		return "FFF1C2"
	case plan.StatusRed:
		return "F8D3D3"
	case plan.StatusDone:
		return "E7E7E7"
	}
	return "FFFFFF"
}

// StatusTextColor is the colour of text written on StatusColor: white on the dark
// red, near-black on the lighter colours.
func StatusTextColor(s plan.Status) string {
	if s == plan.StatusRed {
		return "FFFFFF"
	}
	return ColorText
}

// StatusSymbol gives each status its own shape, so that the web pages and the
// public site read without colour; the word goes with it.
func StatusSymbol(s plan.Status) string {
	switch s {
	case plan.StatusGreen:
		return "●"
	case plan.StatusYellow:
		return "▲"
	case plan.StatusRed:
		return "■"
	case plan.StatusDone:
		return "✓"
	}
	return "–"
}
