package sources

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// Hostile files of issue 11, built here from the small good fixtures: parts that
// escape the XML caps by their name, hide rows in a comment, occur twice, point
// outside the archive, declare entities, nest deeply, or carry a zip bomb as an
// image. Each must be refused (or, for a harmless one, accepted) within the cost
// bounds: at most 100 MiB allocated and 2 s.
const (
	hostileMaxAlloc = 100 << 20
	hostileMaxTime  = 2 * time.Second
)

// zipEntry is one entry of a rebuilt zip; write streams its content.
type zipEntry struct {
	name  string
	write func(w io.Writer)
}

func bytesEntry(name string, b []byte) zipEntry {
	return zipEntry{name, func(w io.Writer) { w.Write(b) }}
}

// rebuild copies the zip base through fn, which returns what to write for each
// entry (nothing drops it), then appends extra.
func rebuild(tb testing.TB, base []byte, fn func(name string, b []byte) []zipEntry, extra ...zipEntry) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	var out []zipEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, fn(f.Name, b)...)
	}
	for _, e := range append(out, extra...) {
		// CreateHeader, not Create: the names here are meant to be hostile.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			tb.Fatal(err)
		}
		bw := &errWriter{w: w}
		e.write(bw)
		if bw.err != nil {
			tb.Fatal(bw.err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// keepAll returns every entry unchanged; with edits, the named ones are replaced.
func keepAll(edits map[string]func(b []byte) []zipEntry) func(string, []byte) []zipEntry {
	return func(name string, b []byte) []zipEntry {
		if e, ok := edits[name]; ok {
			return e(b)
		}
		return []zipEntry{bytesEntry(name, b)}
	}
}

// repeat writes head, then unit(i) for i < n, then tail.
func repeat(head string, n int, unit func(w io.Writer, i int), tail string) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, head)
		for i := range n {
			unit(w, i)
		}
		io.WriteString(w, tail)
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// rows writes n rows of a worksheet with one short inline string each, from row 2.
func rows(n int) func(w io.Writer, i int) {
	return func(w io.Writer, i int) {
		fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Aktivitet</t></is></c></row>`, i+2, i+2)
	}
}

func fixtureBytes(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// renamePart moves a part to a new name, in the zip, the relationships that point
// at it and, when ctype is not "", the content types (otherwise it has none).
func renamePart(old, new, ctype string, content func(io.Writer)) func(string, []byte) []zipEntry {
	oldBase, newBase := filepath.Base(old), filepath.Base(new)
	return func(name string, b []byte) []zipEntry {
		switch {
		case name == old:
			return []zipEntry{{new, content}}
		case strings.HasSuffix(name, ".rels"):
			return []zipEntry{bytesEntry(name, bytes.ReplaceAll(b, []byte(oldBase+`"`), []byte(newBase+`"`)))}
		case name == "[Content_Types].xml":
			s := strings.ReplaceAll(string(b), `PartName="/`+old+`"`, `PartName="/`+new+`"`)
			if ctype == "" {
				s = strings.ReplaceAll(s, `PartName="/`+new+`"`, `PartName="/none"`)
			}
			return []zipEntry{bytesEntry(name, []byte(s))}
		}
		return []zipEntry{bytesEntry(name, b)}
	}
}

const worksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

type hostileCase struct {
	name  string
	file  string // "plan.xlsx" or "plan.pptx"
	build func(tb testing.TB) []byte
	want  string // part of the refusal; "" when the file is accepted, "!" for any refusal
}

func hostileCases() []hostileCase {
	xlsx := func(tb testing.TB) []byte { return fixtureBytes(tb, "good.xlsx") }
	pptx := func(tb testing.TB) []byte { return fixtureBytes(tb, "pptx_good.pptx") }
	long := strings.Repeat("Aktivitet med lång text ", 12)
	bigSheet := repeat(sheetHead, 60_000, func(w io.Writer, i int) { // about 20 MB, 240 000 elements
		fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, i+2, i+2, long)
	}, sheetTail)
	return []hostileCase{
		{"SheetNotNamedXML", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), renamePart("xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.dat", worksheetType, bigSheet))
		}, "större än tillåtna 8 MB"},
		{"SheetWithoutContentType", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), renamePart("xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.dat", "", bigSheet))
		}, "!"},
		{"SlideNotNamedXML", "plan.pptx", func(tb testing.TB) []byte {
			slide := repeat(`<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>`, 60_000,
				func(w io.Writer, i int) {
					fmt.Fprintf(w, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/></p:nvSpPr></p:sp>`, i, long)
				}, `</p:spTree></p:cSld></p:sld>`)
			return rebuild(tb, pptx(tb), renamePart("ppt/slides/slide2.xml", "ppt/slides/slide2.bin",
				"application/vnd.openxmlformats-officedocument.presentationml.slide+xml", slide))
		}, "större än tillåtna 8 MB"},
		{"CommentHidesRows", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/worksheets/sheet2.xml": func([]byte) []zipEntry {
					return []zipEntry{{"xl/worksheets/sheet2.xml", repeat(sheetHead+"<!--", 17<<10,
						func(w io.Writer, i int) { w.Write(bytes.Repeat([]byte("x"), 1<<10)) }, "-->"+sheetTail)}}
				}}))
		}, "större än tillåtna 8 MB"},
		{"CommentAndWideRows", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/worksheets/sheet2.xml": func([]byte) []zipEntry {
					return []zipEntry{{"xl/worksheets/sheet2.xml", func(w io.Writer) {
						io.WriteString(w, sheetHead+"<!--"+strings.Repeat("x", 6<<20)+"-->")
						for r := 1; r <= 20000; r++ {
							fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
						}
						io.WriteString(w, sheetTail)
					}}}
				}}))
		}, "långt utanför tabellen"},
		{"DuplicateEntry", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(nil), zipEntry{"xl/worksheets/sheet2.xml", repeat(sheetHead, 90_000, rows(0), sheetTail)})
		}, "två gånger"},
		{"DuplicateEntryFolded", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(nil), zipEntry{`XL\worksheets\Sheet2.xml`, repeat(sheetHead, 10, rows(0), sheetTail)})
		}, "två gånger"},
		{"DotDotEntry", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(nil), bytesEntry("xl/../../../etc/cron.d/x.xml", []byte("<x/>")))
		}, "otillåtet namn"},
		{"AbsoluteEntry", "plan.pptx", func(tb testing.TB) []byte {
			return rebuild(tb, pptx(tb), keepAll(nil), bytesEntry("/tmp/x.xml", []byte("<x/>")))
		}, "otillåtet namn"},
		{"EntitySharedStrings", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/sharedStrings.xml": func(b []byte) []zipEntry {
					dtd := `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`
					return []zipEntry{bytesEntry("xl/sharedStrings.xml", append([]byte(dtd), b[bytes.Index(b, []byte("<sst")):]...))}
				}}))
		}, "dokumenttypdeklaration"},
		{"NestedSharedStrings", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/sharedStrings.xml": func(b []byte) []zipEntry {
					return []zipEntry{{"xl/sharedStrings.xml", func(w io.Writer) {
						io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>`)
						io.WriteString(w, strings.Repeat("<r>", 300_000))
						io.WriteString(w, strings.Repeat("</r>", 300_000))
						io.WriteString(w, `</si></sst>`)
					}}}
				}}))
		}, "nästlad djupare än 64 nivåer"},
		{"ImageZipBomb", "plan.xlsx", func(tb testing.TB) []byte {
			var imgs []zipEntry
			for i := range 3 {
				imgs = append(imgs, zipEntry{fmt.Sprintf("xl/media/image%d.png", i+1), func(w io.Writer) { writeZeros(tb, w, 60<<20) }})
			}
			return rebuild(tb, xlsx(tb), keepAll(nil), imgs...)
		}, ""},
		{"ImageTooLarge", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(nil), zipEntry{"xl/media/image1.png", func(w io.Writer) { writeZeros(tb, w, 100<<20) }})
		}, "packas upp till mer än tillåtna 64 MB"},
		{"ImageZipBombOverLimit", "plan.pptx", func(tb testing.TB) []byte {
			return rebuild(tb, pptx(tb), keepAll(nil), zipEntry{"ppt/media/image1.png", func(w io.Writer) { writeZeros(tb, w, 250<<20) }})
		}, "packas upp till mer än tillåtna"},
		{"ManyStyles", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/styles.xml": func(b []byte) []zipEntry {
					i := bytes.Index(b, []byte("</styleSheet>"))
					return []zipEntry{{"xl/styles.xml", repeat(string(b[:i])+"<extLst>", 1_000_000,
						func(w io.Writer, _ int) { io.WriteString(w, "<ext/>") }, "</extLst></styleSheet>")}}
				}}))
		}, "fler än 120000 XML-element"},
		{"ManySharedStrings", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/sharedStrings.xml": func(b []byte) []zipEntry {
					i := bytes.Index(b, []byte("</sst>"))
					return []zipEntry{{"xl/sharedStrings.xml", repeat(string(b[:i]), 58_000,
						func(w io.Writer, i int) { fmt.Fprintf(w, "<si><t>%d</t></si>", i) }, "</sst>")}}
				}}))
		}, ""},
		{"TooManySharedStrings", "plan.xlsx", func(tb testing.TB) []byte {
			return rebuild(tb, xlsx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"xl/sharedStrings.xml": func(b []byte) []zipEntry {
					i := bytes.Index(b, []byte("</sst>"))
					return []zipEntry{{"xl/sharedStrings.xml", repeat(string(b[:i]), 62_000,
						func(w io.Writer, i int) { fmt.Fprintf(w, "<si><t>%d</t></si>", i) }, "</sst>")}}
				}}))
		}, "fler än 120000 XML-element"},
		{"ManyShapes", "plan.pptx", func(tb testing.TB) []byte {
			return rebuild(tb, pptx(tb), keepAll(map[string]func([]byte) []zipEntry{
				"ppt/slides/slide1.xml": func(b []byte) []zipEntry {
					i := bytes.Index(b, []byte("</p:spTree>"))
					return []zipEntry{{"ppt/slides/slide1.xml", repeat(string(b[:i]), 38_000,
						func(w io.Writer, i int) {
							fmt.Fprintf(w, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="x"/></p:nvSpPr></p:sp>`, i+1000)
						}, string(b[i:]))}}
				}}))
		}, ""},
	}
}

var (
	hostileOnce  sync.Once
	hostileFiles map[string][]byte
)

// builtHostile builds every hostile file once per test binary.
func builtHostile(tb testing.TB) map[string][]byte {
	hostileOnce.Do(func() {
		hostileFiles = map[string][]byte{}
		for _, c := range hostileCases() {
			hostileFiles[c.name] = c.build(tb)
		}
	})
	return hostileFiles
}

func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hostile files of up to 250 MB unzipped")
	}
	files := builtHostile(t)
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			data := files[c.name]
			var r Result
			d, alloc, peak := measureCost(func() { r = Read(Input{Name: c.file, Data: data}, testCatalog(), DefaultLimits) })
			t.Logf("%d kB file: %v, %d MiB allocated, peak heap %d MiB, ok=%v:%s", len(data)>>10, d.Round(time.Millisecond),
				alloc>>20, peak>>20, r.OK(), dumpProblems(r.Problems))
			switch {
			case c.want == "" && !r.OK():
				t.Errorf("refused, want accepted")
			case c.want != "" && r.OK():
				t.Errorf("accepted, want refused")
			case c.want != "" && c.want != "!":
				found := false
				for _, p := range r.Problems {
					found = found || p.Severity == "error" && strings.Contains(p.Message, c.want)
				}
				if !found {
					t.Errorf("no error with %q", c.want)
				}
			}
			if alloc > hostileMaxAlloc || peak > hostileMaxAlloc {
				t.Errorf("allocated %d MiB (peak heap %d MiB), want at most %d MiB", alloc>>20, peak>>20, hostileMaxAlloc>>20)
			}
			// Wall time is only a sanity bound here (the machine may be busy);
			// BenchmarkHostile measures it.
			if d > 4*hostileMaxTime && !raceEnabled {
				t.Errorf("took %v, want well under %v", d, hostileMaxTime)
			}
		})
	}
}

// BenchmarkHostile measures each hostile file: go test ./sources -run '^$' -bench Hostile -benchmem.
// B/op (all bytes allocated, an upper bound of the peak) must stay under 100 MiB
// and ns/op under 2 s.
func BenchmarkHostile(b *testing.B) {
	files := builtHostile(b)
	cat := testCatalog()
	for _, c := range hostileCases() {
		b.Run(c.name, func(b *testing.B) {
			data := files[c.name]
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				_, _, p := measureCost(func() { Read(Input{Name: c.file, Data: data}, cat, DefaultLimits) })
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(len(data))/(1<<10), "file-kB")
		})
	}
}

// measureCost runs f and returns how long it took, how many bytes it allocated
// and the highest heap (live and not yet collected objects) above the start.
func measureCost(f func()) (d time.Duration, alloc, peak uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := heap()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if h := heap(); h > base {
				peak = max(peak, h-base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	start := time.Now()
	f()
	d = time.Since(start)
	close(done)
	wg.Wait()
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc, peak
}
