package pdfreport

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"sync"
	"testing"
)

var reStream = regexp.MustCompile(`(?s)^(\d+) 0 obj\n<<(?:/Filter /FlateDecode )?/Length (\d+)>>\nstream\n`)

// streams reads every object of a file with a single xref table and returns the
// data of its page content streams, decompressed when compressed.
func contentStreams(t *testing.T, pdf []byte) map[int][]byte {
	t.Helper()
	f, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for obj := 1; obj < f.size; obj++ {
		at, err := f.offset(obj)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf[at:], []byte(strconv.Itoa(obj)+" 0 obj\n")) {
			t.Fatalf("xref entry of object %d points at %q", obj, pdf[at:min(at+20, len(pdf))])
		}
	}
	pages, err := f.pages()
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]byte{}
	for _, pg := range pages {
		b, _, err := f.body(pg)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(string(reContents.FindSubmatch(b)[1]))
		at, _ := f.offset(n)
		m := reStream.FindSubmatch(pdf[at:])
		if m == nil {
			t.Fatalf("page %d: contents %d are not a stream", pg, n)
		}
		l, _ := strconv.Atoi(string(m[2]))
		data := pdf[at+len(m[0]) : at+len(m[0])+l]
		if !bytes.HasPrefix(pdf[at+len(m[0])+l:], []byte("\nendstream\nendobj")) {
			t.Fatalf("contents %d: /Length %d does not end at endstream", n, l)
		}
		if bytes.Contains(m[0], []byte("FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("contents %d: %v", n, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatalf("contents %d: %v", n, err)
			}
		}
		out[n] = data
	}
	return out
}

// TestCompressContents checks the rewrite of gofpdf's file: every page's
// contents come back unchanged when inflated, every xref entry points at its
// object, other bytes are kept, and concurrent rewrites (sharing pooled
// writers) give the same bytes as a lone one.
func TestCompressContents(t *testing.T) {
	reports, cat := buildReports(t, 1)
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			raw, _, _, err := generate(r, cat)
			if err != nil {
				t.Fatal(err)
			}
			plain := contentStreams(t, raw)
			want, err := compressContents(raw, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) >= len(raw) {
				t.Errorf("compressed file is %d bytes, plain %d", len(want), len(raw))
			}
			got := contentStreams(t, want)
			if len(got) != len(plain) {
				t.Fatalf("%d content streams, want %d", len(got), len(plain))
			}
			for n, p := range plain {
				if !bytes.Equal(got[n], p) {
					t.Errorf("contents %d differ after inflating", n)
				}
			}
			if !bytes.Contains(want, []byte("/Filter /FlateDecode /Length")) || bytes.Count(raw, []byte("\nendobj\n")) != bytes.Count(want, []byte("\nendobj\n")) {
				t.Error("objects lost or not compressed")
			}
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					b, err := compressContents(raw, 0)
					if err != nil {
						t.Error(err)
					} else if !bytes.Equal(b, want) {
						t.Error("concurrent rewrite differs")
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestCompressContentsBadInput: a file that is not as gofpdf writes it is an
// error, never a panic.
func TestCompressContentsBadInput(t *testing.T) {
	reports, cat := buildReports(t, 1)
	raw, _, _, err := generate(reports["plan"], cat)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(raw, []byte("<</Length "))
	tests := map[string][]byte{
		"empty":          nil,
		"truncated":      raw[:len(raw)/2],
		"no xref":        bytes.Replace(raw, []byte("\nxref\n"), []byte("\nxre!\n"), 1),
		"length too big": append(append(bytes.Clone(raw[:at]), []byte("<</Length 9")...), raw[at+len("<</Length "):]...),
	}
	for name, pdf := range tests {
		if _, err := compressContents(pdf, 0); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
