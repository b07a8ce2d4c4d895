package templates

import _ "embed"

// The TrueType fonts our PDFs embed: Liberation Sans 2 (SIL Open Font License 1.1,
// fonts/LICENSE-OFL.txt), metric-compatible with Arial, covering the Latin letters and
// the punctuation and maths signs (–, ≥, ≤, %) that plans use. Go's own fonts were
// tried first, but their hyphen is as wide as an en dash, so "Hjärt- och" read wrong.
var (
	//go:embed fonts/LiberationSans-Regular.ttf
	FontRegular []byte
	//go:embed fonts/LiberationSans-Bold.ttf
	FontBold []byte
	//go:embed fonts/LiberationSans-Italic.ttf
	FontItalic []byte
)
