// Package sources turns submitted files (Excel workbooks and PowerPoint decks filled
// in from the region's templates) into plans, with every problem found on the way.
package sources

import (
	"handlingsplan/plan"
)

// Input is one submitted file.
type Input struct {
	Name string // file name as submitted; its extension helps tell the format
	Data []byte
}

// Result is what reading one file gave.
type Result struct {
	Format   string     // "xlsx", "pptx" or "" when the file could not be recognised
	Plan     *plan.Plan // nil when the file could not be read at all
	Problems plan.Problems
}

// OK reports whether the file can be accepted: it was read and has no errors.
func (r Result) OK() bool { return r.Plan != nil && !r.Problems.HasErrors() }

// Limits bound what a hostile file may cost to read.
type Limits struct {
	MaxFileBytes     int64 // size of the submitted file
	MaxUnzippedBytes int64 // sum of the declared and actual sizes of all zip entries
	MaxZipEntries    int   // number of entries in the zip
	MaxPartBytes     int64 // size of any one part after inflating
}

// DefaultLimits are generous for real templates and small for attacks.
var DefaultLimits = Limits{
	MaxFileBytes:     25 << 20,
	MaxUnzippedBytes: 200 << 20,
	MaxZipEntries:    2000,
	MaxPartBytes:     64 << 20,
}
