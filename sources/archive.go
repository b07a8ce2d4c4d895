package sources

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/zipguard"
)

// rejectError is a file-level refusal with a Swedish message for the submitter.
// Err, when set, is the technical cause, for logs.
type rejectError struct {
	Msg string
	Err error
}

func (e *rejectError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *rejectError) Unwrap() error { return e.Err }

func reject(err error, format string, args ...any) *rejectError {
	return &rejectError{Msg: fmt.Sprintf(format, args...), Err: err}
}

// addFileError records err as an error at the file: the Swedish message of a
// rejectError, or a general "damaged file" message for anything else.
func addFileError(ps *plan.Problems, loc string, err error) {
	var re *rejectError
	if errors.As(err, &re) {
		ps.Errorf(loc, "", "%s", re.Msg)
		return
	}
	ps.Errorf(loc, "", "Filen kunde inte läsas; den verkar vara skadad eller ofullständigt överförd (%v). "+
		"Öppna den i Excel eller PowerPoint, spara den på nytt och skicka in den igen.", err)
}

// msgCorrupt is the message for a zip-based file that cannot be opened.
const msgCorrupt = "Filen är skadad eller ofullständigt överförd och kan inte öppnas som Office-fil. " +
	"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen."

// archive is a zip that passed the guard: declared and actual sizes are within limits.
type archive struct {
	zr    *zip.Reader
	sizes map[string]int64 // actual inflated size per entry name
}

// openZip opens a zip within the limits (see zipguard.Open), with the refusal in
// Swedish for the submitter.
func openZip(data []byte, lim Limits) (*zip.Reader, error) {
	zr, err := zipguard.Open(data, withDefaults(lim))
	if err != nil {
		return nil, guardError(err, withDefaults(lim))
	}
	return zr, nil
}

// guardError turns a zipguard refusal into the submitter's Swedish message.
func guardError(err error, lim Limits) error {
	var le *zipguard.LimitError
	switch {
	case errors.As(err, &le) && le.Err == zipguard.ErrFileTooLarge:
		return errTooLarge(le.Got, lim)
	case errors.As(err, &le) && le.Err == zipguard.ErrTooManyEntries:
		return errTooManyEntries(uint64(le.Got), lim)
	case errors.As(err, &le):
		return errUnzippedTooLarge(Limits{MaxUnzippedBytes: le.Limit})
	case errors.Is(err, zip.ErrAlgorithm):
		return reject(err, "Filen använder en komprimering som inte stöds. Öppna den i Excel eller PowerPoint, spara den på nytt och skicka in den igen.")
	}
	return reject(err, msgCorrupt)
}

// checkOffice is checkArchive plus a cap on every XML part, which the readers parse
// whole; what names the file in the refusal ("Arbetsboken", "Presentationen").
func checkOffice(data []byte, lim Limits, what string) (*archive, error) {
	arc, err := checkArchive(data, lim)
	if err != nil {
		return nil, err
	}
	xmlCap := min(int64(maxXMLPart), withDefaults(lim).MaxPartBytes)
	for name, n := range arc.sizes {
		if strings.HasSuffix(strings.ToLower(name), ".xml") && n > xmlCap {
			return nil, reject(nil, "%s innehåller en del (%s) som är större än tillåtna %s och kan inte vara en ifylld mall. "+
				"Ta bort överflödigt innehåll (blad, rader, bilder och inbäddade objekt) och skicka in den igen.", what, name, humanBytes(xmlCap))
		}
	}
	return arc, nil
}

// checkArchive runs openZip and then inflates every entry once, counting the bytes
// that really come out, because a zip can lie about its sizes. Nothing is kept in
// memory; a later reader (excelize) may then inflate the same data safely.
func checkArchive(data []byte, lim Limits) (*archive, error) {
	lim = withDefaults(lim)
	zr, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	a := &archive{zr: zr, sizes: make(map[string]int64, len(zr.File))}
	budget := lim.MaxUnzippedBytes
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		n, err := inflateCount(f, min(budget, lim.MaxPartBytes))
		if err != nil {
			return nil, err
		}
		budget -= n
		a.sizes[f.Name] += n
	}
	return a, nil
}

// inflateCount inflates one entry into nothing and returns its real size; more than
// limit bytes is a refusal.
func inflateCount(f *zip.File, limit int64) (int64, error) {
	n, err := zipguard.Inflate(f, limit, io.Discard)
	if err != nil {
		return n, guardError(err, Limits{})
	}
	return n, nil
}

// readPart inflates the named entry (case-insensitive), at most max bytes.
func readPart(zr *zip.Reader, name string, max int64) ([]byte, bool, error) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			b, err := zipguard.ReadAll(f, max)
			if err != nil {
				return nil, true, guardError(err, Limits{})
			}
			return b, true, nil
		}
	}
	return nil, false, nil
}

func errTooLarge(size int64, lim Limits) error {
	return reject(nil, "Filen är för stor (%s; högst %s tillåts). Ta bort stora bilder eller inbäddade objekt, "+
		"eller dela upp innehållet, och skicka in den igen.", humanBytes(size), humanBytes(lim.MaxFileBytes))
}

func errTooManyEntries(n uint64, lim Limits) error {
	return reject(nil, "Filen innehåller för många delar (%d; högst %d tillåts) och kan inte vara en ifylld mall. "+
		"Använd mallen och skicka in den igen.", n, lim.MaxZipEntries)
}

func errUnzippedTooLarge(lim Limits) error {
	return reject(nil, "Filen packas upp till mer än tillåtna %s och avvisas (den kan vara en så kallad zip-bomb). "+
		"Kontrollera filen, ta bort stora inbäddade objekt och skicka in den igen.", humanBytes(lim.MaxUnzippedBytes))
}

// humanBytes formats a size in Swedish style, e.g. "25 MB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.Replace(fmt.Sprintf("%.1f GB", float64(n)/(1<<30)), ".", ",", 1)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", (n+(1<<9))>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
