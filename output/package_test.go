package output

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func files(content string) []File {
	return []File{
		{Name: "Kunskapsrad-Medicin_2026-12-03.pptx", Write: func(w io.Writer) error { _, err := io.WriteString(w, "deck "+content); return err }},
		{Name: "Kunskapsrad-Medicin_2026-12-03.pdf", Write: func(w io.Writer) error { _, err := io.WriteString(w, "pdf "+content); return err }},
	}
}

func manifest() Manifest {
	return Manifest{Audience: "kr", Forum: "Kunskapsråd Medicin", Meeting: "2026-12-03", Generator: "test",
		Time:   time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC),
		Inputs: []Input{{Plan: "RPO Endokrina sjukdomar", Version: 2, SHA256: "abc"}}}
}

func TestWritePackage(t *testing.T) {
	root := t.TempDir()
	p, err := WritePackage(root, "Kunskapsrad-Medicin_2026-12-03", manifest(), files("v1"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Outputs) != 2 || m.Inputs[0].Version != 2 {
		t.Fatalf("manifest = %+v", m)
	}
	for _, o := range m.Outputs {
		b, err := os.ReadFile(filepath.Join(p.Dir, o.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != o.SHA256 || int64(len(b)) != o.Size {
			t.Errorf("%s: sha256 %s size %d, manifest says %s %d", o.Name, got, len(b), o.SHA256, o.Size)
		}
	}
	zr, err := zip.OpenReader(p.Zip)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		zb, _ := io.ReadAll(rc)
		rc.Close()
		fb, _ := os.ReadFile(filepath.Join(p.Dir, f.Name))
		if !bytes.Equal(zb, fb) {
			t.Errorf("zip entry %s differs from the file", f.Name)
		}
	}
	if len(names) != 3 {
		t.Errorf("zip holds %v, want the two files and the manifest", names)
	}

	// Same input again: byte-identical package.
	before, _ := os.ReadFile(p.Zip)
	p2, err := WritePackage(root, "Kunskapsrad-Medicin_2026-12-03", manifest(), files("v1"))
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(p2.Zip)
	if !bytes.Equal(before, after) {
		t.Error("re-running with unchanged input changed the zip")
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".*")); len(left) != 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func TestFailedRunKeepsPreviousPackage(t *testing.T) {
	root := t.TempDir()
	name := "RSL_2026-12-17"
	good, err := WritePackage(root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	boom := errors.New("renderer crashed")
	bad := append(files("new"), File{Name: "x.xlsx", Write: func(w io.Writer) error {
		io.WriteString(w, "half a workbook")
		return boom
	}})
	if _, err := WritePackage(root, name, manifest(), bad); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the renderer's error", err)
	}
	got, err := os.ReadFile(good.Zip)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("previous package damaged: %v", err)
	}
}

func TestRecoverAfterKillMidSwap(t *testing.T) {
	root := t.TempDir()
	name := "RSL_2026-12-17"
	good, err := WritePackage(root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	// A kill between the two renames leaves only the old folder, set aside.
	if err := os.Rename(good.Dir, filepath.Join(root, ".gammal-"+name)); err != nil {
		t.Fatal(err)
	}
	if err := Recover(root); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(good.Zip)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("package not recovered: %v", err)
	}
}

func TestWritePackageRejectsBadName(t *testing.T) {
	for _, n := range []string{"", "../x", ".hidden", "a/b"} {
		if _, err := WritePackage(t.TempDir(), n, manifest(), nil); err == nil {
			t.Errorf("name %q accepted", n)
		}
	}
}

func TestPackageIsReadableByOthers(t *testing.T) {
	p, err := WritePackage(t.TempDir(), "RSL_2026-12-17", manifest(), files("x"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p.Dir)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("package folder mode %v, %v; want 0755 so the web server and staff can read it", fi.Mode().Perm(), err)
	}
}
