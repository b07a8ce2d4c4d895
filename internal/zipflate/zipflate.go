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

// Levels. Default is archive/zip's own. Fast is for the decks' XML, where deflate
// was two fifths of writing a deck: on a kunskapsråd deck's 883 kB of XML it writes
// 110 kB instead of 95 kB (+16 %) in two thirds of the CPU time, and it needs no
// megabyte of match tables cleared for every part. Workbooks keep Default: excelize
// dominates their cost, and Fast made them up to 22 % larger for 1 ms.
const (
	Default = 5
	Fast    = flate.BestSpeed
)

// pool holds idle compressors of one level: enough for every writer of a parallel
// build.
type pool struct {
	level int
	free  chan *flate.Writer
}

var pools = map[int]*pool{
	Default: {level: Default, free: make(chan *flate.Writer, 16)},
	Fast:    {level: Fast, free: make(chan *flate.Writer, 16)},
}

// Register makes zw compress its Deflate entries at the Default level with the
// kept compressors.
func Register(zw *zip.Writer) { RegisterLevel(zw, Default) }

// RegisterLevel makes zw compress its Deflate entries at level (Default or Fast)
// with the kept compressors.
func RegisterLevel(zw *zip.Writer, level int) {
	p, ok := pools[level]
	if !ok {
		p = pools[Default]
	}
	zw.RegisterCompressor(zip.Deflate, p.compressor)
}

func (p *pool) compressor(w io.Writer) (io.WriteCloser, error) {
	select {
	case fw := <-p.free:
		fw.Reset(w)
		return &writer{fw: fw, p: p}, nil
	default:
	}
	fw, err := flate.NewWriter(w, p.level)
	if err != nil {
		return nil, err
	}
	return &writer{fw: fw, p: p}, nil
}

// writer hands its compressor back when closed.
type writer struct {
	fw *flate.Writer
	p  *pool
}

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
	case w.p.free <- w.fw:
	default:
	}
	w.fw = nil
	return err
}
