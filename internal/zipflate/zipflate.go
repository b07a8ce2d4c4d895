// Package zipflate keeps deflate compressors for zip writers from one archive to
// the next. archive/zip keeps its own in a sync.Pool, which every garbage
// collection empties; a build allocates enough to collect often, so most entries
// paid for a new compressor (over a megabyte to allocate and clear). These stay.
package zipflate

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"io"
)

// level is archive/zip's own, so that archives keep their bytes.
const level = 5

// free holds idle compressors: enough for every writer of a parallel build.
var free = make(chan *flate.Writer, 16)

// Register makes zw compress its Deflate entries with the kept compressors.
func Register(zw *zip.Writer) { zw.RegisterCompressor(zip.Deflate, compressor) }

func compressor(w io.Writer) (io.WriteCloser, error) {
	select {
	case fw := <-free:
		fw.Reset(w)
		return &writer{fw: fw}, nil
	default:
	}
	fw, err := flate.NewWriter(w, level)
	if err != nil {
		return nil, err
	}
	return &writer{fw: fw}, nil
}

// writer hands its compressor back when closed.
type writer struct{ fw *flate.Writer }

var errClosed = errors.New("zipflate: write after close")

func (w *writer) Write(p []byte) (int, error) {
	if w.fw == nil {
		return 0, errClosed
	}
	return w.fw.Write(p)
}

func (w *writer) Close() error {
	if w.fw == nil {
		return errClosed
	}
	err := w.fw.Close()
	w.fw.Reset(io.Discard) // let go of the archive
	select {
	case free <- w.fw:
	default:
	}
	w.fw = nil
	return err
}
