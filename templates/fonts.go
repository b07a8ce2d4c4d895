package templates

import (
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// The TrueType fonts our PDFs embed: Go's own fonts (BSD licence), which cover the
// Latin, Greek and Cyrillic letters and the punctuation and maths signs (–, ≥, ≤, %)
// that plans use.
var (
	FontRegular    = goregular.TTF
	FontBold       = gobold.TTF
	FontItalic     = goitalic.TTF
	FontBoldItalic = gobolditalic.TTF
)

// FontFamily is the family name documents use for the fonts above.
const FontFamily = "Go"
