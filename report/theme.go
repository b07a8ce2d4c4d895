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

// StatusColor is the strong colour of a status marker.
func StatusColor(s plan.Status) string {
	switch s {
	case plan.StatusGreen:
		return "2E8540"
	case plan.StatusYellow:
		return "F2B705"
	case plan.StatusRed:
		return "C62828"
	case plan.StatusDone:
		return "7F7F7F"
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
// markers, near-black on yellow.
func StatusTextColor(s plan.Status) string {
	if s == plan.StatusYellow || s == plan.StatusNone {
		return ColorText
	}
	return "FFFFFF"
}
