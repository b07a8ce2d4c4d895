package zipguard

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"
)

var lim = Limits{MaxFileBytes: 1 << 20, MaxUnzippedBytes: 4 << 20, MaxZipEntries: 10, MaxPartBytes: 2 << 20}

// zipOf builds a zip with the given entries, each of that many zero bytes.
func zipOf(t *testing.T, sizes ...int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, n := range sizes {
		w, err := zw.Create(string(rune('a'+i%26)) + ".xml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpen(t *testing.T) {
	many := make([]int, 11)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"OK", zipOf(t, 100, 200), nil},
		{"TooManyEntries", zipOf(t, many...), ErrTooManyEntries},
		{"EntryTooLarge", zipOf(t, 3<<20), ErrUnzippedTooLarge},
		{"SumTooLarge", zipOf(t, 2<<20, 2<<20, 1<<10), ErrUnzippedTooLarge},
		{"FileTooLarge", append(zipOf(t, 1), make([]byte, 1<<20)...), ErrFileTooLarge},
		{"NotZip", []byte("Programområde;Status\n"), ErrNotZip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.data, lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var le *LimitError
			if tt.want == ErrTooManyEntries && (!errors.As(err, &le) || le.Got != 11 || le.Limit != 10) {
				t.Errorf("limit error %+v", le)
			}
		})
	}
}

func TestInflateCountsRealBytes(t *testing.T) {
	zr, err := Open(zipOf(t, 3<<20), Limits{MaxFileBytes: 1 << 20, MaxUnzippedBytes: 8 << 20, MaxZipEntries: 1, MaxPartBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := Inflate(zr.File[0], 1<<20, io.Discard); !errors.Is(err, ErrUnzippedTooLarge) || n <= 1<<20 {
		t.Errorf("Inflate = %d, %v; want refusal past 1 MiB", n, err)
	}
	if b, err := ReadAll(zr.File[0], 4<<20); err != nil || len(b) != 3<<20 {
		t.Errorf("ReadAll = %d bytes, %v", len(b), err)
	}
}

func TestEntryCount(t *testing.T) {
	if n, ok := EntryCount(zipOf(t, 1, 2, 3)); !ok || n != 3 {
		t.Errorf("EntryCount = %d, %v; want 3", n, ok)
	}
	if _, ok := EntryCount([]byte("PK")); ok {
		t.Error("short input counted")
	}
}

func TestOr(t *testing.T) {
	got := Limits{MaxZipEntries: 5}.Or(lim)
	if got.MaxZipEntries != 5 || got.MaxFileBytes != lim.MaxFileBytes || got.MaxPartBytes != lim.MaxPartBytes {
		t.Errorf("Or = %+v", got)
	}
}

func FuzzEntryCount(f *testing.F) {
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) { EntryCount(data) })
}

// namedZip builds a zip with entries of these names, each holding "<x/>".
func namedZip(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<x/>")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenRefusesNames(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  error
	}{
		{"OK", []string{"[Content_Types].xml", "xl/workbook.xml", "xl/", "xl/worksheets/sheet1.xml"}, nil},
		{"Duplicate", []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"}, ErrDuplicateEntry},
		{"DuplicateFolded", []string{"xl/worksheets/sheet1.xml", `XL\Worksheets\Sheet1.xml`}, ErrDuplicateEntry},
		{"DotDot", []string{"xl/../../etc/passwd"}, ErrInsecureName},
		{"DotDotBackslash", []string{`xl\..\evil.xml`}, ErrInsecureName},
		{"Absolute", []string{"/xl/workbook.xml"}, ErrInsecureName},
		{"Drive", []string{"C:/evil.xml"}, ErrInsecureName},
		{"NUL", []string{"xl/work\x00book.xml"}, ErrInsecureName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(namedZip(t, tt.names...), lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ne *NameError
			if tt.want != nil && (!errors.As(err, &ne) || ne.Entry == "") {
				t.Errorf("error %v does not name the entry", err)
			}
		})
	}
}
