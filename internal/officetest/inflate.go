package officetest

import (
	"bytes"
	"compress/zlib"
	"io"
)

// Inflated is a PDF file's bytes followed by the inflated data of each of its
// deflated streams, to look for what content streams and object streams hold.
func Inflated(pdf []byte) []byte {
	out := bytes.Clone(pdf)
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		zr, err := zlib.NewReader(bytes.NewReader(rest))
		if err != nil {
			continue // not deflated, or "endstream"
		}
		data, _ := io.ReadAll(zr) // a stream ends where its data does
		out = append(append(out, '\n'), data...)
	}
}
