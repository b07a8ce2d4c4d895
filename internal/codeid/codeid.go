// Package codeid names the code of the running program, for the inputs hash of a
// package: a binary whose renderers changed must rebuild packages whose plans and
// configuration did not, and the display version ("0.1.0") does not change with
// the code.
package codeid

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Identity is the running program's code identity, computed once: the VCS
// revision the binary was built from (with the Go version) when the tree was
// clean, otherwise the sha256 of the executable. When neither can be had it is
// random, so that a build never takes an old package for one of this code.
func Identity() string { return identity() }

var identity = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if id := fromBuildInfo(bi); id != "" {
			return id
		}
	}
	if sum, err := executableSHA256(); err == nil {
		return "sha256 " + sum
	}
	var b [16]byte
	rand.Read(b[:])
	return "random " + hex.EncodeToString(b[:])
})

// fromBuildInfo is "vcs REVISION GOVERSION" for a binary built from a clean
// checkout, empty otherwise: a modified tree's revision does not name its code.
func fromBuildInfo(bi *debug.BuildInfo) string {
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" || modified != "false" {
		return ""
	}
	return "vcs " + rev + " " + bi.GoVersion
}

func executableSHA256() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
