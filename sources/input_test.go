//go:build unix

package sources

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "plan.xlsx")
	if err := os.WriteFile(good, fixtureBytes(t, "good.xlsx"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.xlsx")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.xlsx")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	small := Limits{MaxFileBytes: 1 << 20}
	tests := []struct {
		name, path, want string
	}{
		{"OK", good, ""},
		{"Missing", filepath.Join(dir, "nej.xlsx"), "finns inte"},
		{"Folder", dir, "mapp"},
		{"TooLarge", big, "för stor"},
		{"FIFO", fifo, "ingen vanlig fil"},
		{"Socket", sock, "ingen vanlig fil"},
		{"DevZero", "/dev/zero", "ingen vanlig fil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := ReadFile(tt.path, small)
			if tt.want == "" {
				if err != nil || len(data) == 0 {
					t.Fatalf("ReadFile = %d bytes, %v", len(data), err)
				}
				return
			}
			r := FileProblem("x.xlsx", err)
			if err == nil || len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, tt.want) {
				t.Fatalf("err = %v, problems:%s; want %q", err, dumpProblems(r.Problems), tt.want)
			}
		})
	}
}
