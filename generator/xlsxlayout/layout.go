// Package xlsxlayout estimates how Excel lays out wrapped text, for the writers of
// Excel files: Excel does not grow a row to fit its text when it opens a file, so a
// writer must set the height itself.
package xlsxlayout

import (
	"math"
	"strings"
	"unicode/utf8"
)

// MaxRowHeight is the tallest row Excel allows, in points.
const MaxRowHeight = 409

// RowHeight is the height in points that a row needs so that every cell's text,
// wrapped in its column, shows whole. texts and widths (in Excel's character units)
// are per column; size is the font size in points.
func RowHeight(texts []string, widths []float64, size float64) float64 {
	lines := 1
	for i, t := range texts {
		if t == "" || i >= len(widths) {
			continue
		}
		// About 1.2 characters of 10 pt text per unit of column width, less a margin
		// for word wrapping; larger text fits fewer.
		per := int(math.Max(1, widths[i]*1.2*10/size-2))
		n := 0
		for _, para := range strings.Split(t, "\n") {
			n += max(1, (utf8.RuneCountInString(para)+per-1)/per)
		}
		lines = max(lines, n)
	}
	return math.Min(MaxRowHeight, float64(lines)*size*1.3+3)
}
