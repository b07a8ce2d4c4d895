// Package officetest runs the real programs that prove our outputs open: LibreOffice
// (soffice) and poppler (pdftotext, pdfinfo, pdffonts, pdftoppm). Tests skip when a
// program is missing on a developer's machine; with HANDLINGSPLAN_REQUIRE_TOOLS=1
// (set by CI) a missing program fails the test instead.
package officetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Need skips (or, in CI, fails) the test when a program is not on PATH.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") != "" {
				t.Fatalf("%s is required (HANDLINGSPLAN_REQUIRE_TOOLS is set) but not installed", p)
			}
			t.Skipf("%s not installed", p)
		}
	}
}

// Convert converts a document with LibreOffice, e.g. to "pdf", "csv" or "xlsx", into
// a fresh temporary folder and returns the converted file's path.
func Convert(t testing.TB, path, format string) string {
	t.Helper()
	out := t.TempDir()
	ConvertInto(t, out, format, path)
	ext := format
	if i := strings.IndexByte(ext, ':'); i >= 0 {
		ext = ext[:i]
	}
	got := filepath.Join(out, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+"."+ext)
	if _, err := os.Stat(got); err != nil {
		t.Fatalf("soffice did not convert %s to %s: LibreOffice could not open it", path, format)
	}
	return got
}

// ConvertBytes converts a document given as bytes (named name) and returns the result.
func ConvertBytes(t testing.TB, data []byte, name, format string) []byte {
	t.Helper()
	in := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(Convert(t, in, format))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ConvertInto converts files with one LibreOffice run into outDir. The format may
// carry filter options ("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1").
// Each call uses its own LibreOffice profile so that parallel tests do not collide.
func ConvertInto(t testing.TB, outDir, format string, files ...string) {
	t.Helper()
	Need(t, "soffice")
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore",
		"--convert-to", format, "--outdir", outDir}, files...)
	if b, err := exec.CommandContext(ctx, "soffice", args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, b)
	}
}

// Run runs a program and returns its standard output, failing the test on error.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	Need(t, name)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, msg)
	}
	return string(out)
}

// PDFText is the text of a PDF as pdftotext extracts it.
func PDFText(t testing.TB, pdf string) string {
	t.Helper()
	return Run(t, "pdftotext", "-enc", "UTF-8", pdf, "-")
}

// PDFPages is the page count of a PDF.
func PDFPages(t testing.TB, pdf string) int {
	t.Helper()
	for _, line := range strings.Split(Run(t, "pdfinfo", pdf), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo printed no page count for %s", pdf)
	return 0
}

// PDFInfo returns pdfinfo's fields, e.g. "Title" and "Pages".
func PDFInfo(t testing.TB, pdf string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, line := range strings.Split(Run(t, "pdfinfo", pdf), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// PDFFontsEmbedded reports an error for every font of the PDF that is not embedded.
func PDFFontsEmbedded(t testing.TB, pdf string) error {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(Run(t, "pdffonts", pdf)), "\n")
	if len(lines) < 3 {
		return fmt.Errorf("pdffonts lists no fonts")
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [encoding…] emb sub uni object ID: emb is the 5th field from the end.
		if len(f) < 6 || f[len(f)-5] != "yes" {
			return fmt.Errorf("font not embedded: %s", l)
		}
	}
	return nil
}
