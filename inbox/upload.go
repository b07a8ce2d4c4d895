package inbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
	"unicode"

	"handlingsplan/apperr"
	"handlingsplan/store"
)

// maxLabel bounds the user's file name kept in the store, in bytes.
const maxLabel = 255

// Label turns the file name a user gave an upload into a label: only its last
// element (a browser may send a whole path), without control and format
// characters, leading dots or surrounding space, at most maxLabel bytes. It is
// never used as a path; an empty or dot-only name becomes "namnlös fil".
func Label(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	if name == "" {
		return "namnlös fil"
	}
	return shorten(name, maxLabel)
}

// isUploadName reports whether an inbox name is one that Upload chose.
func isUploadName(name string) bool { return strings.HasPrefix(name, uploadName) }

// uploadName starts the inbox name of every upload.
const uploadName = "uppladdad-"

// Upload takes in one file sent from the web page or the API, by the same path as
// a file dropped into the folder: r is written to a hidden temporary file in the
// inbox (at most MaxBytes, else an apperr.TooLarge), the user's file name and
// the submitter are recorded, the file is renamed into the inbox under a name the
// inbox chooses, and exactly that file is ingested. name is the user's file name
// and only a label (see Label). The FileResult carries the reader's Result for
// the report object of SPEC §3.4.
//
// Upload may be called concurrently, and while Watch runs or another process
// ingests: whoever takes the file in records it once, and Upload returns that
// record. When ctx ends before the inbox is free, the file stays in the inbox to
// be taken in later, and the error (apperr.Unavailable) says so.
func (in *Inbox) Upload(ctx context.Context, name string, r io.Reader, submitter string) (FileResult, error) {
	const op = "inbox.Upload"
	label := Label(name)
	tmp := tempName(fmt.Sprintf("%s%d-", uploadPrefix, os.Getpid())) // the pid tells a clean-up whether its writer lives
	f, err := in.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	keep := false
	defer func() {
		if !keep {
			f.Close()
			in.root.Remove(tmp)
		}
	}()
	n, err := io.Copy(f, io.LimitReader(r, in.MaxBytes+1))
	switch {
	case n > in.MaxBytes:
		return FileResult{}, apperr.Newf(apperr.TooLarge, "Filen är större än tillåtna %s och togs inte emot. "+
			"Ta bort inklistrade bilder eller onödiga blad och skicka den igen.", megabytes(in.MaxBytes))
	case err != nil && ctx.Err() != nil:
		return FileResult{}, apperr.Wrap(apperr.Unavailable, "Överföringen avbröts; filen togs inte emot. Skicka den igen.", op, err)
	case err != nil:
		return FileResult{}, apperr.Wrap(apperr.Invalid, "Filen kunde inte tas emot helt; överföringen bröts. Skicka den igen.", op, err)
	}
	if err := f.Sync(); err != nil {
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	if err := f.Close(); err != nil {
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	keep = true

	now := in.Now()
	inboxName := fmt.Sprintf("%s%s-%s-%s", uploadName, now.Local().Format(stampLayout), tempName("")[8:], diskName(label))
	if ignored(inboxName) {
		inboxName += "_"
	}
	// The record first: a crash after the rename still knows the label.
	if err := in.store.AddUpload(context.WithoutCancel(ctx), store.Upload{InboxName: inboxName, FileName: label,
		Submitter: submitter, Created: now}); err != nil {
		keep = false
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	if err := in.root.Rename(tmp, inboxName); err != nil {
		keep = false
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	if err := syncDir(in.Dir()); err != nil {
		in.log.Warn("could not sync the inbox folder", "err", err)
	}
	return in.ingestUpload(ctx, inboxName)
}

// ingestUpload takes in the upload named inboxName, waiting for the inbox locks.
func (in *Inbox) ingestUpload(ctx context.Context, inboxName string) (FileResult, error) {
	const op = "inbox.Upload"
	wait := 20 * time.Millisecond
	for {
		unlock, err := in.lock()
		if err == nil {
			defer unlock()
			break
		}
		if !apperr.Is(err, apperr.Conflict) {
			return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return FileResult{}, apperr.Wrap(apperr.Unavailable, "Filen är mottagen men kunde inte granskas än, eftersom en annan process "+
				"arbetar med inkorgen. Den tas emot automatiskt; se Inlämningar om en stund.", op, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
	if res, ok := in.uploaded[inboxName]; ok { // taken in by Watch in this process
		delete(in.uploaded, inboxName)
		return res, nil
	}
	r := run{Inbox: in}
	fi, err := in.root.Lstat(inboxName)
	if errors.Is(err, fs.ErrNotExist) {
		// Taken in by another process.
		sub, ok, err := in.store.SubmissionByInboxName(ctx, inboxName)
		if err != nil {
			return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
		}
		if !ok {
			return FileResult{}, apperr.Wrap(apperr.Internal, "", op, fmt.Errorf("upload %s left the inbox unrecorded", inboxName))
		}
		return in.fromStore(ctx, sub), nil
	}
	if err != nil {
		return FileResult{}, apperr.Wrap(apperr.Internal, "", op, err)
	}
	res, err := r.ingestFile(ctx, inboxName, fi, true)
	if err != nil {
		// The file stays in the inbox and is taken in by the next Ingest.
		return res, apperr.Wrap(apperr.Internal, "", op, err)
	}
	r.took(res)
	delete(in.uploaded, inboxName)
	return res, nil
}
