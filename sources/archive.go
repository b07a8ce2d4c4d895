package sources

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"handlingsplan/plan"
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

// openZip opens a zip after checking, before anything is inflated, the file size,
// the number of entries (read from the end record, before Go parses the central
// directory) and the sum of the declared uncompressed sizes.
func openZip(data []byte, lim Limits) (*zip.Reader, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, errTooLarge(int64(len(data)), lim)
	}
	if n, ok := zipEntryCount(data); ok && n > uint64(lim.MaxZipEntries) {
		return nil, errTooManyEntries(n, lim)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, reject(err, msgCorrupt)
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, errTooManyEntries(uint64(len(zr.File)), lim)
	}
	var sum uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.MaxPartBytes) {
			return nil, errUnzippedTooLarge(lim)
		}
		sum += f.UncompressedSize64
		if sum > uint64(lim.MaxUnzippedBytes) {
			return nil, errUnzippedTooLarge(lim)
		}
	}
	return zr, nil
}

// checkArchive runs openZip and then inflates every entry once, counting the bytes
// that really come out, because a zip can lie about its sizes. Nothing is kept in
// memory; a later reader (excelize) may then inflate the same data safely.
func checkArchive(data []byte, lim Limits) (*archive, error) {
	lim = lim.withDefaults()
	zr, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	a := &archive{zr: zr, sizes: make(map[string]int64, len(zr.File))}
	budget := lim.MaxUnzippedBytes
	buf := make([]byte, 32<<10)
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		limit := min(budget, lim.MaxPartBytes)
		n, err := inflateCount(f, limit, buf)
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
func inflateCount(f *zip.File, limit int64, buf []byte) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return 0, reject(err, "Filen använder en komprimering som inte stöds. Öppna den i Excel eller PowerPoint, spara den på nytt och skicka in den igen.")
		}
		return 0, reject(err, msgCorrupt)
	}
	defer rc.Close()
	n, err := io.CopyBuffer(io.Discard, io.LimitReader(rc, limit+1), buf)
	if n > limit {
		return n, reject(nil, "Filen packas upp till mer än tillåtna %s och avvisas (den kan vara en så kallad zip-bomb). "+
			"Kontrollera filen, ta bort stora inbäddade objekt och skicka in den igen.", humanBytes(limit))
	}
	if err != nil {
		// archive/zip reports a size that differs from the directory, or a bad checksum.
		return n, reject(err, msgCorrupt)
	}
	return n, nil
}

// readPart inflates the named entry (case-insensitive), at most max bytes.
func readPart(zr *zip.Reader, name string, max int64) ([]byte, bool, error) {
	for _, f := range zr.File {
		if !strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, true, reject(err, msgCorrupt)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, max+1))
		if int64(len(b)) > max {
			return nil, true, errUnzippedTooLarge(Limits{MaxUnzippedBytes: max})
		}
		if err != nil {
			return nil, true, reject(err, msgCorrupt)
		}
		return b, true, nil
	}
	return nil, false, nil
}

// zipEntryCount reads the number of entries from the end of central directory
// record (or its zip64 twin). ok is false when the record cannot be found; the zip
// reader will then report the file as damaged.
func zipEntryCount(data []byte) (uint64, bool) {
	const eocdLen = 22
	if len(data) < eocdLen {
		return 0, false
	}
	start := max(0, len(data)-eocdLen-0xffff)
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 {
		return 0, false
	}
	i += start
	if i+eocdLen > len(data) {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(data[i+10:]))
	if n != 0xffff {
		return n, true
	}
	// zip64: the locator sits just before the end record and points at the zip64 end record.
	loc := i - 20
	if loc < 0 || !bytes.Equal(data[loc:loc+4], []byte("PK\x06\x07")) {
		return n, true
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if off > uint64(len(data)-56) || !bytes.Equal(data[off:off+4], []byte("PK\x06\x06")) {
		return n, true
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
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
