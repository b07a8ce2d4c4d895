package output

import (
	"archive/zip"
	"bytes"
	"context"
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
	p, err := WritePackage(context.Background(), root, "Kunskapsrad-Medicin_2026-12-03", manifest(), files("v1"))
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
		// Compressed files are stored as they are; the manifest is deflated.
		if want := map[string]uint16{".pptx": zip.Store, ".pdf": zip.Store, ".json": zip.Deflate}[filepath.Ext(f.Name)]; f.Method != want {
			t.Errorf("zip entry %s has method %d, want %d", f.Name, f.Method, want)
		}
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
	p2, err := WritePackage(context.Background(), root, "Kunskapsrad-Medicin_2026-12-03", manifest(), files("v1"))
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
	good, err := WritePackage(context.Background(), root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	boom := errors.New("renderer crashed")
	bad := append(files("new"), File{Name: "x.xlsx", Write: func(w io.Writer) error {
		io.WriteString(w, "half a workbook")
		return boom
	}})
	if _, err := WritePackage(context.Background(), root, name, manifest(), bad); !errors.Is(err, boom) {
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
	good, err := WritePackage(context.Background(), root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	// A kill between the two renames leaves only the old folder, set aside.
	if err := os.Rename(good.Dir, filepath.Join(root, ".gammal-"+name)); err != nil {
		t.Fatal(err)
	}
	if _, err := Recover(root); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(good.Zip)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("package not recovered: %v", err)
	}
}

func TestWritePackageRejectsBadName(t *testing.T) {
	for _, n := range []string{"", "../x", ".hidden", "a/b"} {
		if _, err := WritePackage(context.Background(), t.TempDir(), n, manifest(), nil); err == nil {
			t.Errorf("name %q accepted", n)
		}
	}
}

func TestPackageIsReadableByOthers(t *testing.T) {
	p, err := WritePackage(context.Background(), t.TempDir(), "RSL_2026-12-17", manifest(), files("x"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p.Dir)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("package folder mode %v, %v; want 0755 so the web server and staff can read it", fi.Mode().Perm(), err)
	}
}

func TestRecoverRemovesDebris(t *testing.T) {
	root := t.TempDir()
	name := "RSL_2026-12-17"
	good, err := WritePackage(context.Background(), root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	// What killed writers leave: a fresh half-built package, a replaced one and a temp file.
	for _, d := range []string{".bygger-" + name + "-123", ".gammal-" + name} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, d, "half.pptx"), []byte("half"), 0o644)
	}
	os.WriteFile(filepath.Join(root, ".Handlingsplan-mall.xlsx.tmp-42"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(root, LockName), nil, 0o644)
	c, err := Recover(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Removed) != 3 || len(c.Restored) != 0 {
		t.Errorf("cleaned %+v, want 3 removed", c)
	}
	entries, _ := os.ReadDir(root)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if len(left) != 2 || left[0] != LockName || left[1] != name {
		t.Errorf("left in the output folder: %v", left)
	}
	if got, err := os.ReadFile(good.Zip); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("package damaged: %v", err)
	}
}

func TestWritePackageStopsWhenCancelled(t *testing.T) {
	root := t.TempDir()
	name := "RSL_2026-12-17"
	good, err := WritePackage(context.Background(), root, name, manifest(), files("good"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(good.Zip)
	ctx, cancel := context.WithCancel(context.Background())
	second := false
	fs := files("new")
	first := fs[0].Write
	fs[0].Write = func(w io.Writer) error { cancel(); return first(w) }
	fs[1].Write = func(w io.Writer) error { second = true; return nil }
	if _, err := WritePackage(ctx, root, name, manifest(), fs); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if second {
		t.Error("the file after the cancellation was written")
	}
	if got, err := os.ReadFile(good.Zip); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("previous package damaged: %v", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
