package sources

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
)

// writeZeros writes n zero bytes to w.
func writeZeros(t testing.TB, w io.Writer, n int64) {
	t.Helper()
	zeros := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(zeros)))
		if _, err := w.Write(zeros[:k]); err != nil {
			t.Fatal(err)
		}
		n -= k
	}
}

// zipBomb writes an xlsx-looking zip whose worksheet inflates to size zero bytes.
func zipBomb(t testing.TB, path string, size int64) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	w, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)
	w, err = zw.Create("xl/workbook.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<workbook/>`)
	w, err = zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	writeZeros(t, w, size)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// readMeasured runs Read and returns how long it took and how much it allocated.
func readMeasured(in Input, lim Limits) (Result, time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r := Read(in, testCatalog(), lim)
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return r, d, after.TotalAlloc - before.TotalAlloc
}

func TestZipBombRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 GiB zip bomb")
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	zipBomb(t, path, 1<<30)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("zip bomb: %d bytes compressed, 1 GiB declared", len(data))
	r, d, alloc := readMeasured(Input{Name: "bomb.xlsx", Data: data}, DefaultLimits)
	if r.Plan != nil || !r.Problems.HasErrors() {
		t.Fatalf("zip bomb accepted:%s", dumpProblems(r.Problems))
	}
	if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, "bomb.xlsx", "", "zip-bomb"}); !ok {
		t.Errorf("message does not explain:%s", dumpProblems(r.Problems))
	}
	if d > 5*time.Second {
		t.Errorf("refusal took %v, want < 5 s", d)
	}
	if alloc > 100<<20 {
		t.Errorf("refusal allocated %d MiB, want < 100 MiB", alloc>>20)
	}
	t.Logf("refused in %v, allocated %d KiB", d, alloc>>10)
}

// lyingZip writes a zip whose directory declares 1 KiB for a worksheet that
// really inflates to size bytes.
func lyingZip(t testing.TB, size int64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	crc := crc32.NewIEEE()
	writeZeros(t, io.MultiWriter(fw, crc), size)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)
	w, err = zw.CreateRaw(&zip.FileHeader{
		Name:               "xl/worksheets/sheet1.xml",
		Method:             zip.Deflate,
		CRC32:              crc.Sum32(),
		CompressedSize64:   uint64(comp.Len()),
		UncompressedSize64: 1024, // the lie
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(comp.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestZipLyingSizeRefused(t *testing.T) {
	data := lyingZip(t, 300<<20)
	r, d, alloc := readMeasured(Input{Name: "lies.xlsx", Data: data}, DefaultLimits)
	if r.Plan != nil || !r.Problems.HasErrors() {
		t.Fatalf("lying zip accepted:%s", dumpProblems(r.Problems))
	}
	if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, "lies.xlsx", "", "skadad"}); !ok {
		t.Errorf("message:%s", dumpProblems(r.Problems))
	}
	if d > 5*time.Second || alloc > 100<<20 {
		t.Errorf("refusal took %v and %d MiB", d, alloc>>20)
	}
}

// TestInflateCountLimit checks the byte counting itself, independent of the
// directory check: an entry that really inflates past the limit is refused.
func TestInflateCountLimit(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("big.xml")
	writeZeros(t, w, 4<<20)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := inflateCount(zr.File[0], 1<<20); err == nil || n <= 1<<20 {
		t.Fatalf("inflateCount = %d, %v; want refusal past 1 MiB", n, err)
	} else if !strings.Contains(err.Error(), "zip-bomb") {
		t.Errorf("error = %v", err)
	}
	if n, err := inflateCount(zr.File[0], 8<<20); err != nil || n != 4<<20 {
		t.Errorf("inflateCount = %d, %v; want 4 MiB", n, err)
	}
}

func TestZipTooManyEntries(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < 300; i++ {
		if _, err := zw.Create("xl/media/p" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + ".bin"); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	lim := DefaultLimits
	lim.MaxZipEntries = 100
	r := Read(Input{Name: "many.xlsx", Data: buf.Bytes()}, testCatalog(), lim)
	if _, ok := findProblem(r.Problems, wantProblem{plan.SevError, "many.xlsx", "", "för många delar (300; högst 100"}); !ok {
		t.Errorf("problems:%s", dumpProblems(r.Problems))
	}
}
