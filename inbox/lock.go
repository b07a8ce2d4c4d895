package inbox

import (
	"errors"
	"fmt"

	"handlingsplan/apperr"
	"handlingsplan/filelock"
)

// lockFile guards the data folder against two processes ingesting at once (the
// service and a hand-run "ingest"), which could record one file twice.
const lockFile = ".inbox.lock"

// ErrBusy means another process is ingesting the same data folder; it carries
// apperr.Conflict, so callers map it to "busy" without knowing the inbox.
var ErrBusy = apperr.New(apperr.Conflict, "Inkorgen behandlas redan av en annan process (tjänsten eller ett annat ingest-kommando); försök igen om en stund.")

// lockFolder takes an exclusive advisory lock, released by the returned function
// or when the process dies.
func lockFolder(path string) (func(), error) {
	l, err := filelock.TryLock(path)
	if errors.Is(err, filelock.ErrBusy) {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: lock: %w", err)
	}
	return func() { l.Unlock() }, nil
}
