package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/internal/zipflate"
)

// sortedZip buffers the parts excelize writes and stores them in a fixed order with
// a fixed time on Close. excelize writes streamed sheets in map order and lets the
// zip entries carry no time, which would make equal reports differ in bytes.
type sortedZip struct {
	w     io.Writer
	mod   time.Time
	parts map[string]*bytes.Buffer
}

var _ excelize.ZipWriter = (*sortedZip)(nil)

func newSortedZip(w io.Writer, mod time.Time) *sortedZip {
	return &sortedZip{w: w, mod: mod, parts: map[string]*bytes.Buffer{}}
}

// Create starts a part; a second part of the same name replaces the first.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

// AddFS is not used by excelize when saving.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("sortedZip: AddFS is not supported")
}

// Close writes the archive: [Content_Types].xml first, as Office writes it, then
// every other part by name.
func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	const types = "[Content_Types].xml"
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == types) != (names[j] == types) {
			return names[i] == types
		}
		return names[i] < names[j]
	})
	zw := zip.NewWriter(z.w)
	zipflate.Register(zw)
	for _, n := range names {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: z.mod})
		if err != nil {
			return err
		}
		if _, err := fw.Write(z.parts[n].Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}
