package inbox

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"handlingsplan/output"
)

// ignored reports whether a file in the inbox is not a submission: office lock and
// temp files, partial downloads, hidden files and desktop clutter.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "~$"), // Excel/PowerPoint owner file
		strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"), // LibreOffice lock
		strings.HasPrefix(name, "."),                                       // hidden, includes our own temp files
		strings.HasSuffix(lower, ".tmp"),
		strings.HasSuffix(lower, ".part"),
		strings.HasSuffix(lower, ".crdownload"),
		lower == "thumbs.db", lower == "desktop.ini":
		return true
	}
	return false
}

// stampLayout is the receive time at the start of a kept file's name.
const stampLayout = "20060102T150405"

// maxOriginal keeps <stamp>_<sha8>_<original>.fel.txt within the usual 255-byte
// limit for a file name.
const maxOriginal = 255 - len(stampLayout) - len("_12345678_") - len(".fel.txt")

// keptName is the unique name of a kept copy: <YYYYMMDDTHHMMSS>_<sha8>_<original>.
func keptName(received time.Time, sha, original string) string {
	return received.Local().Format(stampLayout) + "_" + sha[:8] + "_" + shorten(original, maxOriginal)
}

// keptKey is the part of a kept name that does not depend on the receive time.
func keptKey(sha, original string) string { return sha[:8] + "_" + shorten(original, maxOriginal) }

// splitKept splits a kept name into its receive time and key; ok is false for
// other files.
func splitKept(name string) (received time.Time, key string, ok bool) {
	if len(name) < len(stampLayout)+10 || name[len(stampLayout)] != '_' || strings.HasSuffix(name, reportSuffix) {
		return time.Time{}, "", false
	}
	t, err := time.ParseInLocation(stampLayout, name[:len(stampLayout)], time.Local)
	if err != nil {
		return time.Time{}, "", false
	}
	return t, name[len(stampLayout)+1:], true
}

// shorten cuts a file name to at most n bytes, keeping its extension and whole runes.
func shorten(name string, n int) string {
	if len(name) <= n {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > n/2 {
		ext = ""
	}
	stem := name[:n-len(ext)]
	for !utf8.ValidString(stem) {
		stem = stem[:len(stem)-1]
	}
	return stem + ext
}

// reportSuffix is added to a rejected file's kept name for its Swedish report.
const reportSuffix = ".fel.txt"

// writeAtomic writes r to dir/name so that a crash leaves either the whole file or
// none (see output.WriteFileAtomic).
func writeAtomic(dir, name string, r io.Reader) error {
	return output.WriteFileAtomic(filepath.Join(dir, name), func(w output.Writer) error {
		_, err := io.Copy(w, r)
		return err
	})
}

// hashFile returns the sha256 of a file without holding it in memory.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
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

func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// keptIndex finds copies already kept under archive/ or quarantine/ by their key,
// so that a file kept just before a crash is not kept twice. It is built only when
// needed, once per Ingest.
type keptIndex map[string][]string // key → paths relative to the data folder

func buildKeptIndex(dataDir string) (keptIndex, error) {
	idx := keptIndex{}
	add := func(rel string) error {
		entries, err := os.ReadDir(filepath.Join(dataDir, rel))
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			if _, key, ok := splitKept(e.Name()); ok {
				idx[key] = append(idx[key], filepath.ToSlash(filepath.Join(rel, e.Name())))
			}
		}
		return nil
	}
	if err := add(quarantineDir); err != nil {
		return nil, err
	}
	months, err := fs.Glob(os.DirFS(dataDir), archiveDir+"/[0-9][0-9][0-9][0-9]/[0-9][0-9]")
	if err != nil {
		return nil, err
	}
	for _, m := range months {
		if err := add(m); err != nil {
			return nil, err
		}
	}
	return idx, nil
}

// find returns a kept copy under area (archive or quarantine) with exactly these
// bytes, and the receive time in its name.
func (idx keptIndex) find(dataDir, area, sha, original string) (rel string, received time.Time, ok bool, err error) {
	for _, cand := range idx[keptKey(sha, original)] {
		if !strings.HasPrefix(cand, area+"/") {
			continue
		}
		got, err := hashFile(filepath.Join(dataDir, filepath.FromSlash(cand)))
		if err != nil {
			return "", time.Time{}, false, fmt.Errorf("check kept copy %s: %w", cand, err)
		}
		if got == sha {
			received, _, _ = splitKept(filepath.Base(cand))
			return cand, received, true, nil
		}
	}
	return "", time.Time{}, false, nil
}

func (idx keptIndex) add(rel, sha, original string) {
	k := keptKey(sha, original)
	idx[k] = append(idx[k], rel)
}
