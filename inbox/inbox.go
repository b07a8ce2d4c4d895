// Package inbox takes in the files dropped into the data folder's inbox: each is
// kept byte for byte in the archive (accepted) or the quarantine (rejected, with a
// Swedish report next to it), recorded in the store, and only then removed from the
// inbox, so that a crash at any point neither loses nor double-counts a file.
//
// The data folder:
//
//	<data>/inbox/                 files to take in
//	<data>/archive/YYYY/MM/       accepted files, <YYYYMMDDTHHMMSS>_<sha8>_<name>
//	<data>/quarantine/            rejected files, each with <kept name>.fel.txt
//	<data>/handlingsplan.db       the store
package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
)

// Folders and files of the data folder, relative to it.
const (
	InboxDir      = "inbox"
	ArchiveDir    = "archive"
	QuarantineDir = "quarantine"
	DBFile        = "handlingsplan.db"
)

// unexported aliases keep the file helpers short.
const (
	archiveDir    = ArchiveDir
	quarantineDir = QuarantineDir
)

// Reader reads one submitted file; the CLI wires sources.Read with the catalog and limits.
type Reader func(in sources.Input) sources.Result

// Reporter writes the Swedish error report (.fel.txt) for a rejected file.
type Reporter func(file string, r sources.Result) string

// Defaults for the tunable fields of an Inbox.
const (
	DefaultSettle   = 2 * time.Second
	DefaultDebounce = 2 * time.Second
	DefaultRescan   = 30 * time.Second
)

// Inbox processes the inbox of one data folder. Set the exported fields before
// the first Ingest or Watch.
type Inbox struct {
	// Settle is how long a file's size and modification time must stay unchanged
	// before it counts as arrived; 0 takes every file at once.
	Settle time.Duration
	// MaxBytes is the largest file that is read; larger files are quarantined.
	MaxBytes int64
	// Debounce is how long Watch waits after the last change before it ingests.
	Debounce time.Duration
	// Rescan is how often Watch looks at the inbox without being told, for shares
	// that do not deliver change events.
	Rescan time.Duration
	// Now is the clock for receive times.
	Now func() time.Time
	// OnIngest, when set, is told what Watch took in each time it took in anything.
	OnIngest func(Summary)

	dir    string // the data folder
	store  *store.Store
	read   Reader
	report Reporter
	log    *slog.Logger

	mu   sync.Mutex        // one Ingest at a time
	seen map[string]sample // last stat of files that had not settled

	// Test hooks that simulate a crash: called after the file is kept and after
	// it is recorded; an error stops the file there.
	afterKeep   func(path string) error
	afterRecord func(submissionID int64) error
}

type sample struct {
	size int64
	mod  time.Time
	at   time.Time // when this size and time were first seen
}

// New returns an inbox for the data folder dataDir, creating its inbox, archive and
// quarantine folders. The store, reader and reporter are required; a nil logger
// discards logs.
func New(dataDir string, st *store.Store, read Reader, report Reporter, log *slog.Logger) (*Inbox, error) {
	switch {
	case dataDir == "":
		return nil, errors.New("inbox: no data folder")
	case st == nil:
		return nil, errors.New("inbox: no store")
	case read == nil:
		return nil, errors.New("inbox: no reader")
	case report == nil:
		return nil, errors.New("inbox: no reporter")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, d := range []string{InboxDir, ArchiveDir, QuarantineDir} {
		if err := os.MkdirAll(filepath.Join(dataDir, d), 0o755); err != nil {
			return nil, fmt.Errorf("inbox: %w", err)
		}
	}
	return &Inbox{
		Settle:   DefaultSettle,
		MaxBytes: sources.DefaultLimits.MaxFileBytes,
		Debounce: DefaultDebounce,
		Rescan:   DefaultRescan,
		Now:      time.Now,
		dir:      dataDir,
		store:    st,
		read:     read,
		report:   report,
		log:      log,
		seen:     map[string]sample{},
	}, nil
}

// Dir is the inbox folder that files are dropped into.
func (in *Inbox) Dir() string { return filepath.Join(in.dir, InboxDir) }

// Ingest processes the files in the inbox once. Files still being written are
// waited for once, for Settle, and otherwise left for the next call. A file that
// fails stays in the inbox; the error names it and the others are still processed.
// When ctx is cancelled the file in progress is finished and the rest left.
func (in *Inbox) Ingest(ctx context.Context) (Summary, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	unlock, err := lockFolder(filepath.Join(in.dir, lockFile))
	if err != nil {
		return Summary{}, err
	}
	defer unlock()

	r := run{Inbox: in}
	waiting := r.pass(ctx, nil)
	if len(waiting) > 0 && ctx.Err() == nil {
		t := time.NewTimer(in.Settle)
		select {
		case <-ctx.Done():
		case <-t.C:
			waiting = r.pass(ctx, waiting)
		}
		t.Stop()
	}
	r.sum.Waiting = len(waiting)
	return r.sum, errors.Join(r.errs...)
}

// run is the state of one Ingest.
type run struct {
	*Inbox
	sum  Summary
	errs []error
	kept keptIndex // built on first need
}

// pass processes the settled files of the inbox, or of only those names when only
// is not nil, and returns the names still changing.
func (r *run) pass(ctx context.Context, only map[string]bool) map[string]bool {
	entries, err := os.ReadDir(r.Dir())
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("inbox: %w", err))
		return nil
	}
	waiting := map[string]bool{}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if only != nil && !only[name] {
			continue
		}
		if e.IsDir() {
			continue
		}
		if ignored(name) || !e.Type().IsRegular() {
			if only == nil {
				r.sum.Ignored++
			}
			continue
		}
		present[name] = true
		if ctx.Err() != nil {
			break
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			r.fail(name, err)
			continue
		}
		if !r.settled(name, fi) {
			waiting[name] = true
			continue
		}
		res, err := r.ingestFile(ctx, name, fi)
		switch {
		case errors.Is(err, errChanging):
			waiting[name] = true
		case errors.Is(err, errGone):
			// taken away by someone else before it was read
		case err != nil:
			r.fail(name, err)
		default:
			r.sum.add(res)
			r.log.Info("file ingested", "file", name, "outcome", res.Outcome.key(), "kept", res.Kept,
				"plan", res.Plan, "version", res.Version, "submission", res.SubmissionID)
		}
	}
	if only == nil {
		for name := range r.seen {
			if !present[name] {
				delete(r.seen, name)
			}
		}
	}
	return waiting
}

func (r *run) fail(name string, err error) {
	err = fmt.Errorf("inbox: %s: %w", name, err)
	r.errs = append(r.errs, err)
	r.sum.add(FileResult{Name: name, Outcome: OutcomeFailed, Err: err})
	r.log.Error("file not ingested; it stays in the inbox", "file", name, "err", err)
}

// settled reports whether a file has stopped changing: its modification time is
// older than Settle, or it looked the same at least Settle ago.
func (in *Inbox) settled(name string, fi fs.FileInfo) bool {
	now := time.Now() // real time: file times come from the file system's clock
	if in.Settle <= 0 || now.Sub(fi.ModTime()) >= in.Settle {
		delete(in.seen, name)
		return true
	}
	s, ok := in.seen[name]
	if ok && s.size == fi.Size() && s.mod.Equal(fi.ModTime()) {
		return now.Sub(s.at) >= in.Settle
	}
	in.seen[name] = sample{size: fi.Size(), mod: fi.ModTime(), at: now}
	return false
}

// Errors that leave a file for later without counting it as failed.
var (
	errChanging = errors.New("file changed while it was read")
	errGone     = errors.New("file left the inbox before it was read")
)

// loaded is a submitted file read from the inbox.
type loaded struct {
	name     string
	path     string
	data     []byte // nil when too large
	sha      string
	size     int64
	mod      time.Time
	tooLarge bool
}

// load reads a file, or only hashes it when it is larger than MaxBytes.
func (in *Inbox) load(name string, fi fs.FileInfo) (*loaded, error) {
	l := &loaded{name: name, path: filepath.Join(in.Dir(), name), mod: fi.ModTime()}
	f, err := os.Open(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l.tooLarge = fi.Size() > in.MaxBytes
	if !l.tooLarge {
		if l.data, err = io.ReadAll(io.LimitReader(f, in.MaxBytes+1)); err != nil {
			return nil, err
		}
		if int64(len(l.data)) > in.MaxBytes {
			return nil, errChanging
		}
		l.sha, l.size = hashBytes(l.data), int64(len(l.data))
	} else {
		h := sha256.New()
		if l.size, err = io.Copy(h, f); err != nil {
			return nil, err
		}
		l.sha = hex.EncodeToString(h.Sum(nil))
	}
	after, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if after.Size() != fi.Size() || l.size != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
		return nil, errChanging
	}
	return l, nil
}

// ingestFile takes in one settled file: keep, record, remove – in that order.
func (r *run) ingestFile(ctx context.Context, name string, fi fs.FileInfo) (FileResult, error) {
	ctx = context.WithoutCancel(ctx) // a started file is finished
	l, err := r.load(name, fi)
	if err != nil {
		return FileResult{}, err
	}
	res := FileResult{Name: name, SHA256: l.sha}

	// The same file recorded before (a crash after recording, or the very same file
	// copied in again): make sure it is kept and clear it from the inbox.
	prev, ok, err := r.store.SubmissionBySHA(ctx, l.sha)
	if err != nil {
		return res, err
	}
	if ok && prev.FileName == name && prev.Size == l.size && prev.ModTime.Equal(l.mod) {
		return r.duplicate(l, prev)
	}

	result := r.readFile(l)
	accepted := result.OK()
	if accepted && result.Plan.Name == "" {
		result.Problems.Errorf(name, "Programområde", "Planen saknar namn på programområde eller samverkansgrupp. Fyll i det och skicka filen igen.")
		accepted = false
	}

	received := r.Now()
	kept, keptAt, err := r.keep(l, accepted, received)
	if err != nil {
		return res, fmt.Errorf("keep: %w", err)
	}
	if !keptAt.IsZero() {
		received = keptAt // kept before a crash: keep its receive time too
	}
	res.Kept, res.Received, res.Problems = kept, received, result.Problems
	abs := filepath.Join(r.dir, filepath.FromSlash(kept))
	if !accepted {
		res.Report = kept + reportSuffix
		if err := writeAtomic(filepath.Dir(abs), filepath.Base(abs)+reportSuffix,
			strings.NewReader(r.report(name, result))); err != nil {
			return res, fmt.Errorf("write report: %w", err)
		}
	}
	if r.afterKeep != nil {
		if err := r.afterKeep(abs); err != nil {
			return res, err
		}
	}

	sub := store.Submission{FileName: name, SHA256: l.sha, Size: l.size, ModTime: l.mod, Received: received,
		Format: result.Format, Accepted: accepted, Problems: result.Problems, KeptPath: kept}
	if result.Plan != nil {
		sub.PlanName = result.Plan.Name
		res.Plan = result.Plan.Name
	}
	if accepted {
		p := *result.Plan
		p.Source = plan.Provenance{FileName: name, Format: result.Format, SHA256: l.sha, Received: received}
		id, v, created, err := r.store.Accept(ctx, sub, &p)
		if err != nil {
			return res, err
		}
		res.SubmissionID, res.Version = id, v.Number
		res.Outcome = OutcomeUnchanged
		if created {
			res.Outcome = OutcomeNewVersion
		}
	} else {
		if res.SubmissionID, err = r.store.RecordSubmission(ctx, sub); err != nil {
			return res, err
		}
		res.Outcome = OutcomeRejected
	}
	if r.afterRecord != nil {
		if err := r.afterRecord(res.SubmissionID); err != nil {
			return res, err
		}
	}
	r.remove(l.path)
	return res, nil
}

// readFile runs the reader, turning a too-large file or a reader panic into a
// rejection instead of a crash of the service.
func (in *Inbox) readFile(l *loaded) (res sources.Result) {
	if l.tooLarge {
		res.Problems.Errorf(l.name, "", "Filen är för stor (%s). Största tillåtna storlek är %s. "+
			"Ta bort inklistrade bilder eller onödiga blad och skicka filen igen.", megabytes(l.size), megabytes(in.MaxBytes))
		return res
	}
	defer func() {
		if v := recover(); v != nil {
			in.log.Error("reader panicked", "file", l.name, "panic", v)
			res = sources.Result{}
			res.Problems.Errorf(l.name, "", "Filen kunde inte läsas på grund av ett internt fel. "+
				"Kontakta förvaltningen och bifoga filen.")
		}
	}()
	return in.read(sources.Input{Name: l.name, Data: l.data})
}

func megabytes(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

// keep copies the exact bytes to the archive or the quarantine and returns the
// path relative to the data folder. A copy kept before a crash is reused, with the
// receive time in its name.
func (r *run) keep(l *loaded, accepted bool, received time.Time) (rel string, keptAt time.Time, err error) {
	area := quarantineDir
	if accepted {
		area = archiveDir
	}
	if r.kept == nil {
		if r.kept, err = buildKeptIndex(r.dir); err != nil {
			return "", time.Time{}, err
		}
	}
	if rel, keptAt, ok, err := r.kept.find(r.dir, area, l.sha, l.name); err != nil || ok {
		return rel, keptAt, err
	}
	dirRel := quarantineDir
	if accepted {
		dirRel = filepath.Join(archiveDir, received.Local().Format("2006"), received.Local().Format("01"))
	}
	dir := filepath.Join(r.dir, dirRel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", time.Time{}, err
	}
	name := keptName(received, l.sha, l.name)
	if err := r.copyTo(l, dir, name); err != nil {
		return "", time.Time{}, err
	}
	rel = filepath.ToSlash(filepath.Join(dirRel, name))
	r.kept.add(rel, l.sha, l.name)
	return rel, time.Time{}, nil
}

// copyTo writes the file's bytes atomically to dir/name; a file too large to hold
// in memory is streamed again from the inbox and must still match its sha256.
func (in *Inbox) copyTo(l *loaded, dir, name string) error {
	if !l.tooLarge {
		return writeAtomic(dir, name, bytes.NewReader(l.data))
	}
	f, err := os.Open(l.path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if err := writeAtomic(dir, name, io.TeeReader(f, h)); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != l.sha {
		os.Remove(filepath.Join(dir, name))
		return errChanging
	}
	return nil
}

// duplicate finishes a file already recorded: it restores the kept copy (and the
// report) if missing and removes the file from the inbox.
func (r *run) duplicate(l *loaded, prev *store.Submission) (FileResult, error) {
	res := FileResult{Name: l.name, Outcome: OutcomeDuplicate, SHA256: l.sha, Kept: prev.KeptPath,
		SubmissionID: prev.ID, Plan: prev.PlanName, Received: prev.Received, Problems: prev.Problems}
	rel := filepath.FromSlash(prev.KeptPath)
	if prev.KeptPath != "" && filepath.IsLocal(rel) {
		abs := filepath.Join(r.dir, rel)
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
			r.log.Warn("kept copy missing; restoring it", "file", l.name, "kept", prev.KeptPath)
			if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
				return res, err
			}
			if err := r.copyTo(l, filepath.Dir(abs), filepath.Base(abs)); err != nil {
				return res, fmt.Errorf("restore kept copy: %w", err)
			}
		} else if err != nil {
			return res, err
		}
		if !prev.Accepted {
			res.Report = prev.KeptPath + reportSuffix
			if _, err := os.Stat(abs + reportSuffix); errors.Is(err, fs.ErrNotExist) {
				text := r.report(l.name, sources.Result{Format: prev.Format, Problems: prev.Problems})
				if err := writeAtomic(filepath.Dir(abs), filepath.Base(abs)+reportSuffix, strings.NewReader(text)); err != nil {
					return res, fmt.Errorf("restore report: %w", err)
				}
			}
		}
	}
	r.remove(l.path)
	return res, nil
}

// remove takes a processed file out of the inbox. A failure is only logged: the
// file is recorded, so the next Ingest sees it as a duplicate and tries again.
func (in *Inbox) remove(path string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		in.log.Warn("could not remove processed file from the inbox", "file", path, "err", err)
	}
}
