// Package limits holds what reading one submitted file may cost. It stands alone
// so that the configuration that sets the limits and the readers that obey them
// (sources, pptx, zipguard) both depend on it, not on each other.
package limits

// Limits bound what reading a hostile file may cost.
type Limits struct {
	MaxFileBytes     int64 // size of the file itself
	MaxUnzippedBytes int64 // sum of the declared, and of the actual, inflated sizes of all entries
	MaxZipEntries    int   // number of entries in the zip
	MaxPartBytes     int64 // size of any one entry after inflating
}

// Default is generous for real templates and small for attacks; config.yaml's
// limits override it field by field.
func Default() Limits {
	return Limits{
		MaxFileBytes:     25 << 20,
		MaxUnzippedBytes: 200 << 20,
		MaxZipEntries:    2000,
		MaxPartBytes:     64 << 20,
	}
}

// Or fills the zero (or negative) fields of l from d, so that a partly configured
// Limits never means "unlimited".
func (l Limits) Or(d Limits) Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = d.MaxUnzippedBytes
	}
	if l.MaxZipEntries <= 0 {
		l.MaxZipEntries = d.MaxZipEntries
	}
	if l.MaxPartBytes <= 0 {
		l.MaxPartBytes = d.MaxPartBytes
	}
	return l
}
