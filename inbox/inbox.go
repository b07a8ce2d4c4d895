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
//
// Every file in the inbox is hostile: it is opened through an os.Root without
// following links and must be the very regular file that the listing saw (same
// device and inode); links, FIFOs and devices are refused. A kept file's name is
// bounded and cleaned; the original name, however long, is kept in the store.
// Kept files and folders get at most 0640 and 0750, less as the umask says.
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
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/sources"
	"handlingsplan/store"
	"handlingsplan/zipguard"
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
	DefaultPatience = 10 * time.Minute
)

// Permissions of what the inbox keeps, before the umask: the archive holds names
// and e-mail addresses.
const (
	dirPerm  = 0o750
	filePerm = 0o640
)

// Inbox processes the inbox of one data folder. Set the exported fields before
// the first Ingest, Watch or Upload.
type Inbox struct {
	// Settle is how long a file's size and modification time must stay unchanged
	// before it counts as arrived; 0 takes every file at once.
	Settle time.Duration
	// Patience is how long a file that looks unfinished – still open for writing,
	// empty, or a zip without its end record – is waited for (counted from its
	// last change) before it is taken as it is, and then usually rejected.
	Patience time.Duration
	// MaxBytes is the largest file that is read; larger files are quarantined, and
	// larger uploads refused.
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

	dir    string   // the data folder
	root   *os.Root // the inbox folder: inbox files are opened only through it
	store  *store.Store
	read   Reader
	report Reporter
	log    *slog.Logger

	mu       sync.Mutex            // one Ingest at a time
	seen     map[string]sample     // last stat of files that had not settled
	uploaded map[string]FileResult // uploads taken in by a watcher's Ingest, for their Upload call

	// Test hooks that simulate a crash: called after the file is kept and after
	// it is recorded; an error stops the file there.
	afterKeep   func(path string) error
	afterRecord func(submissionID int64) error
	// beforeOpen is called after the listing, before a file is opened (the race
	// test swaps files there).
	beforeOpen func(name string)
}

type sample struct {
	size int64
	mod  time.Time
	at   time.Time // when this size and time were first seen
}

// New returns an inbox for the data folder dataDir, creating its inbox, archive and
// quarantine folders, and removes what a killed process left half-written (under
// the inbox lock; when another process holds it, that process has done so). The
// store, reader and reporter are required; a nil logger discards logs. Close
// releases the inbox folder.
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
		if err := os.MkdirAll(filepath.Join(dataDir, d), dirPerm); err != nil {
			return nil, fmt.Errorf("inbox: %w", err)
		}
	}
	root, err := os.OpenRoot(filepath.Join(dataDir, InboxDir))
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	in := &Inbox{
		Settle:   DefaultSettle,
		Patience: DefaultPatience,
		MaxBytes: sources.DefaultLimits.MaxFileBytes,
		Debounce: DefaultDebounce,
		Rescan:   DefaultRescan,
		Now:      time.Now,
		dir:      dataDir,
		root:     root,
		store:    st,
		read:     read,
		report:   report,
		log:      log,
		seen:     map[string]sample{},
		uploaded: map[string]FileResult{},
	}
	if err := in.cleanDebris(); err != nil {
		root.Close()
		return nil, err
	}
	return in, nil
}

// Close releases the inbox folder. The Inbox must not be used afterwards.
func (in *Inbox) Close() error { return in.root.Close() }

// Dir is the inbox folder that files are dropped into.
func (in *Inbox) Dir() string { return filepath.Join(in.dir, InboxDir) }

// msgBusy tells a user why nothing was taken in.
const msgBusy = "En annan process (tjänsten eller ett annat ingest-kommando) arbetar med inkorgen just nu. " +
	"Filerna som väntar tas emot av den; kör kommandot igen om en stund för att se läget."

// lock takes the in-process and the cross-process lock of the inbox; a held
// cross-process lock is an apperr.Conflict.
func (in *Inbox) lock() (func(), error) {
	in.mu.Lock()
	unlock, err := lockFolder(filepath.Join(in.dir, lockFile))
	if err != nil {
		in.mu.Unlock()
		if errors.Is(err, ErrBusy) {
			return nil, apperr.Wrap(apperr.Conflict, msgBusy, "inbox", err)
		}
		return nil, err
	}
	return func() { unlock(); in.mu.Unlock() }, nil
}

// Ingest processes the files in the inbox once. Files still being written are
// waited for once, for Settle, and otherwise left for the next call. A file that
// fails stays in the inbox; the error names it and the others are still processed.
// When ctx is cancelled the file in progress is finished and the rest left. When
// another process is working on the inbox, the Summary says so (Busy) and the
// error is an apperr.Conflict.
func (in *Inbox) Ingest(ctx context.Context) (Summary, error) {
	unlock, err := in.lock()
	if err != nil {
		return Summary{Busy: apperr.Is(err, apperr.Conflict)}, err
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
		if ignored(name) {
			if only == nil {
				r.sum.Ignored++
			}
			continue
		}
		if ctx.Err() != nil {
			break
		}
		if !e.Type().IsRegular() {
			r.refuse(name, e.Type())
			continue
		}
		present[name] = true
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			r.fail(name, err)
			continue
		}
		// An upload is complete when renamed into the inbox: no need to wait.
		finished := false
		if isUploadName(name) {
			_, finished, _ = r.store.PendingUpload(ctx, name)
		}
		if !finished && !r.settled(name, fi) {
			waiting[name] = true
			continue
		}
		res, err := r.ingestFile(ctx, name, fi, finished)
		switch {
		case errors.Is(err, errChanging):
			waiting[name] = true
		case errors.Is(err, errGone):
			// taken away by someone else before it was read
		case err != nil:
			r.fail(name, err)
		default:
			r.took(res)
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

// maxUploaded bounds the results of uploads kept for their Upload calls.
const maxUploaded = 256

// took counts and logs a file taken in, and keeps an upload's result for Upload.
func (r *run) took(res FileResult) {
	r.sum.add(res)
	r.log.Info("file ingested", "file", res.Name, "inbox_name", res.InboxName, "outcome", res.Outcome.key(),
		"kept", res.Kept, "plan", res.Plan, "version", res.Version, "submission", res.SubmissionID)
	if isUploadName(res.InboxName) {
		// Bounded: an Upload that gave up never collects its result, and one
		// that finds none rebuilds it from the store.
		for name := range r.uploaded {
			if len(r.uploaded) < maxUploaded {
				break
			}
			delete(r.uploaded, name)
		}
		r.uploaded[res.InboxName] = res
	}
}

func (r *run) fail(name string, err error) {
	err = fmt.Errorf("inbox: %s: %w", name, err)
	r.errs = append(r.errs, err)
	r.sum.add(FileResult{Name: name, InboxName: name, Outcome: OutcomeFailed, Err: err})
	r.log.Error("file not ingested; it stays in the inbox", "file", name, "err", err)
}

// refuse takes a link, FIFO, device or socket out of the inbox – without ever
// opening it – and leaves a Swedish report in the quarantine.
func (r *run) refuse(name string, mode fs.FileMode) {
	kind := "ingen vanlig fil"
	switch {
	case mode&fs.ModeSymlink != 0:
		kind = "en symbolisk länk"
	case mode&fs.ModeNamedPipe != 0:
		kind = "en namngiven rörledning (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "en socket"
	case mode&fs.ModeDevice != 0:
		kind = "en enhetsfil"
	}
	// A regular file put there since the listing stays for the next pass.
	if now, err := r.root.Lstat(name); err == nil && now.Mode().IsRegular() {
		return
	}
	var res sources.Result
	res.Problems.Errorf(diskName(name), "", "Det här är %s, inte en vanlig fil, och tas inte emot: inkorgen följer av säkerhetsskäl "+
		"inga länkar och läser inga specialfiler. Kopiera in själva filen (.xlsx eller .pptx) i inkorgen i stället.", kind)
	received := r.Now()
	rel := filepath.ToSlash(filepath.Join(quarantineDir, received.Local().Format(stampLayout)+"_ingen-fil_"+diskName(name)+reportSuffix))
	fr := FileResult{Name: name, InboxName: name, Outcome: OutcomeRefused, Received: received, Report: rel,
		Problems: res.Problems, Result: res}
	if err := writeAtomic(filepath.Join(r.dir, quarantineDir), filepath.Base(rel), strings.NewReader(r.report(name, res))); err != nil {
		r.fail(name, fmt.Errorf("write report: %w", err))
		return
	}
	// Remove removes the entry itself: a link, never what it points to.
	if err := r.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.fail(name, err)
		return
	}
	r.sum.add(fr)
	r.log.Warn("refused a file that is not a regular file", "file", name, "mode", mode.String(), "report", rel)
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
	errChanging = errors.New("file changed while it was read, or is not finished")
	errGone     = errors.New("file left the inbox before it was read")
)

// loaded is a submitted file read from the inbox.
type loaded struct {
	name     string      // in the inbox
	f        *os.File    // open until the file is taken in
	fi       fs.FileInfo // fstat of f, the same file as the listing saw
	data     []byte      // nil when too large
	sha      string
	size     int64
	mod      time.Time
	tooLarge bool
}

// open opens an inbox file as the listing saw it (listed): through the root,
// not following a link, and only when it is still that regular file.
func (in *Inbox) open(name string, listed fs.FileInfo) (*os.File, fs.FileInfo, error) {
	f, err := in.root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, errGone
	}
	if err != nil {
		// A link or something else swapped in since the listing (refused by
		// O_NOFOLLOW, or by os.Root as escaping the inbox) is seen again, and
		// refused, by the next pass. Only a lack of permission on the file the
		// listing saw is a failure at once; the Lstat cannot tell a swap by itself,
		// as a file swapped back in may reuse the inode of the one listed.
		if !errors.Is(err, fs.ErrPermission) {
			return nil, nil, errChanging
		}
		if now, lerr := in.root.Lstat(name); lerr == nil && (!now.Mode().IsRegular() || !os.SameFile(now, listed)) {
			return nil, nil, errChanging
		}
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() || !os.SameFile(fi, listed) {
		f.Close()
		return nil, nil, errChanging
	}
	return f, fi, nil
}

// load reads a file, or only hashes it when it is larger than MaxBytes. Unless
// finished is set (an upload this process wrote), a file that looks unfinished is
// left for later (errChanging), for at most Patience after its last change. The
// caller closes l.f.
func (in *Inbox) load(name string, listed fs.FileInfo, finished bool) (l *loaded, err error) {
	f, fi, err := in.open(name, listed)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	l = &loaded{name: name, f: f, fi: fi, mod: fi.ModTime()}
	young := time.Since(fi.ModTime()) < in.Patience
	if !finished && young && openForWriting(f) {
		return nil, errChanging
	}
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
	// The second look: the open file and the name must still be what was read.
	after, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if after.Size() != fi.Size() || l.size != fi.Size() || !after.ModTime().Equal(fi.ModTime()) ||
		listed.Size() != fi.Size() || !listed.ModTime().Equal(fi.ModTime()) {
		return nil, errChanging
	}
	if now, err := in.root.Lstat(name); err != nil || !os.SameFile(now, fi) {
		return nil, errChanging
	}
	if !finished && young && unfinished(l.data, l.tooLarge) {
		return nil, errChanging
	}
	return l, nil
}

// unfinished reports whether a file's bytes look cut off: empty, or a zip (every
// Office file is one) without the end record that is written last.
func unfinished(data []byte, tooLarge bool) bool {
	if tooLarge {
		return false
	}
	if len(data) == 0 {
		return true
	}
	_, ok := zipguard.EntryCount(data)
	return bytes.HasPrefix(data, []byte("PK")) && !ok
}

// ingestFile takes in one settled file: keep, record, remove – in that order.
func (r *run) ingestFile(ctx context.Context, name string, listed fs.FileInfo, finished bool) (FileResult, error) {
	ctx = context.WithoutCancel(ctx) // a started file is finished
	if r.beforeOpen != nil {
		r.beforeOpen(name)
	}
	l, err := r.load(name, listed, finished)
	if err != nil {
		return FileResult{}, err
	}
	defer l.f.Close()
	// An upload carries the user's file name and who sent it.
	original, submitter := name, ""
	up, isUpload, err := r.store.PendingUpload(ctx, name)
	if err != nil {
		return FileResult{}, err
	}
	if isUpload {
		original, submitter = up.FileName, up.Submitter
	}
	res := FileResult{Name: original, InboxName: name, Submitter: submitter, SHA256: l.sha}

	// The same file recorded before (a crash after recording, or the very same file
	// copied in again): make sure it is kept and clear it from the inbox.
	prev, ok, err := r.store.SubmissionFromInbox(ctx, name, l.sha)
	if err != nil {
		return res, err
	}
	if ok && prev.Size == l.size && prev.ModTime.Equal(l.mod) {
		return r.duplicate(ctx, l, prev)
	}

	result := r.readFile(l, original)
	accepted := result.OK()
	if accepted && result.Plan.Name == "" {
		result.Problems.Errorf(original, "Programområde", "Planen saknar namn på programområde eller samverkansgrupp. Fyll i det och skicka filen igen.")
		accepted = false
	}

	received := r.Now()
	kept, keptAt, err := r.keep(l, original, accepted, received)
	if err != nil {
		return res, fmt.Errorf("keep: %w", err)
	}
	if !keptAt.IsZero() {
		received = keptAt // kept before a crash: keep its receive time too
	}
	res.Kept, res.Received, res.Problems, res.Result = kept, received, result.Problems, result
	abs := filepath.Join(r.dir, filepath.FromSlash(kept))
	if !accepted {
		res.Report = kept + reportSuffix
		if err := writeAtomic(filepath.Dir(abs), filepath.Base(abs)+reportSuffix,
			strings.NewReader(r.report(original, result))); err != nil {
			return res, fmt.Errorf("write report: %w", err)
		}
	}
	if r.afterKeep != nil {
		if err := r.afterKeep(abs); err != nil {
			return res, err
		}
	}

	sub := store.Submission{FileName: original, InboxName: name, Submitter: submitter, SHA256: l.sha, Size: l.size,
		ModTime: l.mod, Received: received, Format: result.Format, Accepted: accepted, Problems: result.Problems, KeptPath: kept}
	if result.Plan != nil {
		sub.PlanName = result.Plan.Name
		res.Plan = result.Plan.Name
	}
	if accepted {
		p := *result.Plan
		p.Source = plan.Provenance{FileName: original, Format: result.Format, SHA256: l.sha, Received: received}
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
	r.remove(l)
	return res, nil
}

// readFile runs the reader, turning a too-large file or a reader panic into a
// rejection instead of a crash of the service. original names the file.
func (in *Inbox) readFile(l *loaded, original string) (res sources.Result) {
	if l.tooLarge {
		res.Problems.Errorf(original, "", "Filen är för stor (%s). Största tillåtna storlek är %s. "+
			"Ta bort inklistrade bilder eller onödiga blad och skicka filen igen.", megabytes(l.size), megabytes(in.MaxBytes))
		return res
	}
	defer func() {
		if v := recover(); v != nil {
			in.log.Error("reader panicked", "file", original, "panic", v)
			res = sources.Result{}
			res.Problems.Errorf(original, "", "Filen kunde inte läsas på grund av ett internt fel. "+
				"Kontakta förvaltningen och bifoga filen.")
		}
	}()
	return in.read(sources.Input{Name: original, Data: l.data})
}

func megabytes(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

// keep copies the exact bytes to the archive or the quarantine and returns the
// path relative to the data folder. A copy kept before a crash is reused, with the
// receive time in its name.
func (r *run) keep(l *loaded, original string, accepted bool, received time.Time) (rel string, keptAt time.Time, err error) {
	area := quarantineDir
	if accepted {
		area = archiveDir
	}
	if r.kept == nil {
		if r.kept, err = buildKeptIndex(r.dir); err != nil {
			return "", time.Time{}, err
		}
	}
	if rel, keptAt, ok, err := r.kept.find(r.dir, area, l.sha, original); err != nil || ok {
		return rel, keptAt, err
	}
	dirRel := quarantineDir
	if accepted {
		dirRel = filepath.Join(archiveDir, received.Local().Format("2006"), received.Local().Format("01"))
	}
	dir := filepath.Join(r.dir, dirRel)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return "", time.Time{}, err
	}
	name := keptName(received, l.sha, original)
	if err := r.copyTo(l, dir, name); err != nil {
		return "", time.Time{}, err
	}
	rel = filepath.ToSlash(filepath.Join(dirRel, name))
	r.kept.add(rel, l.sha, original)
	return rel, time.Time{}, nil
}

// copyTo writes the file's bytes atomically to dir/name; a file too large to hold
// in memory is streamed again from the open file and must still match its sha256.
func (in *Inbox) copyTo(l *loaded, dir, name string) error {
	if !l.tooLarge {
		return writeAtomic(dir, name, bytes.NewReader(l.data))
	}
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	h := sha256.New()
	if err := writeAtomic(dir, name, io.TeeReader(io.LimitReader(l.f, l.size), h)); err != nil {
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
func (r *run) duplicate(ctx context.Context, l *loaded, prev *store.Submission) (FileResult, error) {
	res := r.fromStore(ctx, prev)
	res.Outcome = OutcomeDuplicate
	rel := filepath.FromSlash(prev.KeptPath)
	if prev.KeptPath != "" && filepath.IsLocal(rel) {
		abs := filepath.Join(r.dir, rel)
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
			r.log.Warn("kept copy missing; restoring it", "file", l.name, "kept", prev.KeptPath)
			if err := os.MkdirAll(filepath.Dir(abs), dirPerm); err != nil {
				return res, err
			}
			if err := r.copyTo(l, filepath.Dir(abs), filepath.Base(abs)); err != nil {
				return res, fmt.Errorf("restore kept copy: %w", err)
			}
		} else if err != nil {
			return res, err
		}
		if !prev.Accepted {
			if _, err := os.Stat(abs + reportSuffix); errors.Is(err, fs.ErrNotExist) {
				text := r.report(prev.FileName, res.Result)
				if err := writeAtomic(filepath.Dir(abs), filepath.Base(abs)+reportSuffix, strings.NewReader(text)); err != nil {
					return res, fmt.Errorf("restore report: %w", err)
				}
			}
		}
	}
	r.remove(l)
	return res, nil
}

// fromStore rebuilds the result of a file taken in earlier, or by another
// process, from its submission: outcome, problems and, when accepted, the plan
// of its version.
func (in *Inbox) fromStore(ctx context.Context, sub *store.Submission) FileResult {
	res := FileResult{Name: sub.FileName, InboxName: sub.InboxName, Submitter: sub.Submitter, SHA256: sub.SHA256,
		Kept: sub.KeptPath, SubmissionID: sub.ID, Plan: sub.PlanName, Received: sub.Received, Problems: sub.Problems,
		Result: sources.Result{Format: sub.Format, Problems: sub.Problems}}
	switch {
	case !sub.Accepted:
		res.Outcome = OutcomeRejected
		if sub.KeptPath != "" {
			res.Report = sub.KeptPath + reportSuffix
		}
	case sub.VersionID != 0:
		res.Outcome = OutcomeNewVersion
	default:
		res.Outcome = OutcomeUnchanged
	}
	if sub.Accepted && sub.PlanName != "" {
		if v, err := in.store.Latest(ctx, sub.PlanName); err == nil && v != nil {
			res.Version = v.Number
			res.Result.Plan = v.Plan
			if sub.VersionID != 0 {
				if vs, err := in.store.History(ctx, sub.PlanName); err == nil {
					for _, x := range vs {
						if x.ID == sub.VersionID {
							res.Version, res.Result.Plan = x.Number, x.Plan
						}
					}
				}
			}
		}
	}
	return res
}

// remove takes a processed file out of the inbox, unless the name now holds
// another file. A failure is only logged: the file is recorded, so the next
// Ingest sees it as a duplicate and tries again.
func (in *Inbox) remove(l *loaded) {
	now, err := in.root.Lstat(l.name)
	if err != nil || !os.SameFile(now, l.fi) {
		in.log.Warn("processed file was replaced in the inbox; the new one stays", "file", l.name)
		return
	}
	if err := in.root.Remove(l.name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		in.log.Warn("could not remove processed file from the inbox", "file", l.name, "err", err)
	}
}

// tempName is a fresh name for a temporary file with the given prefix.
func tempName(prefix string) string {
	return fmt.Sprintf("%s%016x", prefix, rand.Uint64())
}
