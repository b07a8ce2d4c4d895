package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenPackageFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "P"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"P/a.pdf": "pdf", "P/b.pptx": "longer now", "P/" + ManifestName: "{}", "P.zip": "zip"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := Manifest{Outputs: []Output{{Name: "a.pdf", Size: 3}, {Name: "b.pptx", Size: 4}, {Name: "c.xlsx", Size: 1}}}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	tests := []struct {
		name, file   string
		withManifest bool
		want         string
		wantErr      error
	}{
		{"listed output", "a.pdf", false, "pdf", nil},
		{"zip", "P.zip", false, "zip", nil},
		{"manifest when asked", ManifestName, true, "{}", nil},
		{"manifest not asked", ManifestName, false, "", ErrNotInPackage},
		{"unlisted", "x.pdf", false, "", ErrNotInPackage},
		{"traversal", "../P.zip", false, "", ErrNotInPackage},
		{"backslash", `..\P.zip`, false, "", ErrNotInPackage},
		{"empty", "", false, "", ErrNotInPackage},
		{"listed but gone", "c.xlsx", false, "", ErrFileGone},
		{"size differs: a later build", "b.pptx", false, "", ErrSuperseded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := OpenPackageFile(root, "P", "P.zip", m, tt.file, tt.withManifest)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			defer f.Close()
			got, _ := io.ReadAll(f)
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
