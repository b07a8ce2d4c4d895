// Package zipguard opens zip archives from untrusted senders – every Office file is
// one – within explicit limits: the file size, the number of entries and the sum of
// the declared sizes are checked before anything is inflated, and inflating counts
// the bytes that really come out, because a zip can lie about its sizes.
package zipguard

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"handlingsplan/limits"
)

// Limits bound what reading a hostile archive may cost.
type Limits = limits.Limits

// The reasons an archive is refused; a *LimitError wraps the first three.
var (
	ErrFileTooLarge     = errors.New("file too large")
	ErrTooManyEntries   = errors.New("too many zip entries")
	ErrUnzippedTooLarge = errors.New("inflates beyond the limit")
	ErrNotZip           = errors.New("not a zip archive")
	ErrCorrupt          = errors.New("corrupt zip entry")
)

// LimitError says which limit an archive exceeded, by how much.
type LimitError struct {
	Err   error // ErrFileTooLarge, ErrTooManyEntries or ErrUnzippedTooLarge
	Got   int64 // the size or count found (for ErrUnzippedTooLarge: at least this much)
	Limit int64
	Entry string // the entry, when one entry alone is too large
}

func (e *LimitError) Error() string {
	if e.Entry != "" {
		return fmt.Sprintf("%v: %s: %d, at most %d", e.Err, e.Entry, e.Got, e.Limit)
	}
	return fmt.Sprintf("%v: %d, at most %d", e.Err, e.Got, e.Limit)
}

func (e *LimitError) Unwrap() error { return e.Err }

// Open opens a zip after checking, before anything is inflated, the file size, the
// number of entries (read from the end record, before Go parses the central
// directory), the names of the entries (see checkNames) and their declared sizes.
// lim must have every field set.
func Open(data []byte, lim Limits) (*zip.Reader, error) {
	if n := int64(len(data)); n > lim.MaxFileBytes {
		return nil, &LimitError{Err: ErrFileTooLarge, Got: n, Limit: lim.MaxFileBytes}
	}
	if n, ok := EntryCount(data); ok && n > uint64(lim.MaxZipEntries) {
		return nil, &LimitError{Err: ErrTooManyEntries, Got: int64(min(n, 1<<62)), Limit: int64(lim.MaxZipEntries)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, &LimitError{Err: ErrTooManyEntries, Got: int64(len(zr.File)), Limit: int64(lim.MaxZipEntries)}
	}
	if err := checkNames(zr.File); err != nil {
		return nil, err
	}
	var sum uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.MaxPartBytes) {
			return nil, &LimitError{Err: ErrUnzippedTooLarge, Got: int64(min(f.UncompressedSize64, 1<<62)), Limit: lim.MaxPartBytes, Entry: f.Name}
		}
		sum += f.UncompressedSize64
		if sum > uint64(lim.MaxUnzippedBytes) {
			return nil, &LimitError{Err: ErrUnzippedTooLarge, Got: int64(min(sum, 1<<62)), Limit: lim.MaxUnzippedBytes}
		}
	}
	return zr, nil
}

// Inflate copies one entry to dst, refusing it when more than max bytes come out,
// and returns how many bytes it copied. zip.ErrAlgorithm and the zip reader's
// size and checksum errors come back wrapped in ErrCorrupt.
func Inflate(f *zip.File, max int64, dst io.Writer) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %w", ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	n, err := io.Copy(dst, io.LimitReader(rc, max+1))
	if n > max {
		return n, &LimitError{Err: ErrUnzippedTooLarge, Got: n, Limit: max, Entry: f.Name}
	}
	if err != nil {
		return n, fmt.Errorf("%w: %s: %w", ErrCorrupt, f.Name, err)
	}
	return n, nil
}

// ReadAll inflates one entry into memory, at most max bytes.
func ReadAll(f *zip.File, max int64) ([]byte, error) {
	var b bytes.Buffer
	if f.UncompressedSize64 <= uint64(max) {
		b.Grow(int(f.UncompressedSize64))
	}
	_, err := Inflate(f, max, &b)
	return b.Bytes(), err
}

// EntryCount reads the number of entries from the end of central directory record
// (or its zip64 twin), without parsing the directory. ok is false when the record
// cannot be found; the zip reader will then report the file as damaged.
func EntryCount(data []byte) (n uint64, ok bool) {
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
	n = uint64(binary.LittleEndian.Uint16(data[i+10:]))
	if n != 0xffff {
		return n, true
	}
	// zip64: the locator sits just before the end record and points at the zip64 end record.
	loc := i - 20
	if loc < 0 || !bytes.Equal(data[loc:loc+4], []byte("PK\x06\x07")) {
		return n, true
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if len(data) < 56 || off > uint64(len(data)-56) || !bytes.Equal(data[off:off+4], []byte("PK\x06\x06")) {
		return n, true
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}
