package inbox

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// maxKeptOriginal bounds the original name in a kept file's name, in bytes, so
// that <stamp>_<sha8>_<name>.fel.txt and its temporary file stay far within the
// usual 255-byte limit; the whole name is in the store.
const maxKeptOriginal = 120

// keptName is the unique name of a kept copy: <YYYYMMDDTHHMMSS>_<sha8>_<original>,
// the original cleaned and bounded (diskName).
func keptName(received time.Time, sha, original string) string {
	return received.Local().Format(stampLayout) + "_" + keptKey(sha, original)
}

// keptKey is the part of a kept name that does not depend on the receive time.
func keptKey(sha, original string) string { return sha[:8] + "_" + diskName(original) }

// diskName makes a file name safe to put on disk and to show in a listing: no
// folders, no control or format characters (newlines, bidirectional overrides),
// no leading dot, at most maxKeptOriginal bytes with its extension kept.
func diskName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == unicode.ReplacementChar:
			return '_'
		case strings.ContainsRune(`<>:"|?*`, r): // not allowed on Windows shares
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".~$ ")
	if name == "" {
		name = "fil"
	}
	return shorten(name, maxKeptOriginal)
}

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

// Temporary files the inbox writes: tmpPrefix beside kept copies and reports,
// uploadPrefix in the inbox for an upload being received. Both are hidden, so no
// ingest takes them.
const (
	tmpPrefix    = ".tmp-"
	uploadPrefix = ".upload-"
)

// writeAtomic writes r to dir/name so that a crash leaves either the whole file or
// a hidden temporary file (removed at the next start) but never a partial one:
// temp file, sync, rename, sync of the folder. The file gets filePerm less the
// umask.
func writeAtomic(dir, name string, r io.Reader) (err error) {
	tmp := filepath.Join(dir, tempName(tmpPrefix))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if _, err = io.Copy(bw, r); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return err
	}
	return nil
}

// isTemp reports whether a name in archive/ or quarantine/ is a temporary file:
// ours, or one of output.WriteFileAtomic (.<name>.tmp-*), which earlier versions used.
func isTemp(name string) bool {
	return strings.HasPrefix(name, tmpPrefix) || strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// staleUpload is how old an upload's temporary file must be before it counts as
// left behind whoever wrote it: an upload in progress keeps writing to it.
const staleUpload = time.Hour

// uploadAbandoned reports whether an upload's temporary file (.upload-<pid>-…)
// was left by a process that is gone, or is older than staleUpload.
func uploadAbandoned(name string, e fs.DirEntry) bool {
	pidText, _, _ := strings.Cut(strings.TrimPrefix(name, uploadPrefix), "-")
	if pid, err := strconv.Atoi(pidText); err == nil && pid > 0 && pid != os.Getpid() && !processAlive(pid) {
		return true
	}
	fi, err := e.Info()
	return err == nil && time.Since(fi.ModTime()) >= staleUpload
}

// cleanDebris removes, under the inbox lock, what a killed process left: temporary
// files beside kept copies and reports, stale upload files in the inbox, and
// upload records whose file never reached the inbox. When another process holds
// the lock it is running and has cleaned up when it started.
func (in *Inbox) cleanDebris() error {
	unlock, err := lockFolder(filepath.Join(in.dir, lockFile))
	if errors.Is(err, ErrBusy) {
		return nil
	}
	if err != nil {
		return err
	}
	defer unlock()
	dirs, err := fs.Glob(os.DirFS(in.dir), archiveDir+"/[0-9][0-9][0-9][0-9]/[0-9][0-9]")
	if err != nil {
		return err
	}
	dirs = append(dirs, quarantineDir, InboxDir)
	removed := 0
	for _, rel := range dirs {
		dir := filepath.Join(in.dir, rel)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("inbox: clean up: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				continue
			case rel == InboxDir && strings.HasPrefix(name, uploadPrefix):
				if !uploadAbandoned(name, e) {
					continue
				}
			case rel == InboxDir || !isTemp(name):
				continue
			}
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("inbox: clean up: %w", err)
			}
			removed++
			in.log.Info("removed a temporary file left by an interrupted process", "file", filepath.Join(rel, name))
		}
	}
	n, err := in.store.DeleteStaleUploads(context.Background(), in.Now().Add(-staleUpload), func(name string) bool {
		_, err := in.root.Lstat(name)
		return err == nil
	})
	if err != nil {
		return fmt.Errorf("inbox: clean up: %w", err)
	}
	if removed+n > 0 {
		in.log.Info("cleaned up after an interrupted process", "temporary_files", removed, "upload_records", n)
	}
	return nil
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
