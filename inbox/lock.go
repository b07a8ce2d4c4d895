package inbox

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile guards the data folder against two processes ingesting at once (the
// service and a hand-run "ingest"), which could record one file twice.
const lockFile = ".inbox.lock"

// ErrBusy means another process is ingesting the same data folder.
var ErrBusy = errors.New("inkorgen behandlas redan av en annan process (tjänsten eller ett annat ingest-kommando); försök igen om en stund")

// lockFolder takes an exclusive advisory lock, released by the returned function
// or when the process dies.
func lockFolder(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("inbox: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("inbox: lock: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
