package zipflate

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestLevels: archives written with kept compressors read back, and the same
// entries give the same bytes however often the compressors were reused.
func TestLevels(t *testing.T) {
	part := strings.Repeat(`<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>Aktivitet</a:t></a:r></a:p></a:txBody></a:tc>`, 500)
	write := func(level int) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		RegisterLevel(zw, level)
		for _, name := range []string{"a.xml", "b.xml", "c.xml"} {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, part)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, tt := range []struct {
		name  string
		level int
	}{{"default", Default}, {"fast", Fast}} {
		t.Run(tt.name, func(t *testing.T) {
			first := write(tt.level)
			if again := write(tt.level); !bytes.Equal(first, again) {
				t.Error("the same entries gave other bytes with reused compressors")
			}
			zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				if err != nil || string(got) != part {
					t.Errorf("%s: read back %d bytes, %v", f.Name, len(got), err)
				}
			}
		})
	}
}
