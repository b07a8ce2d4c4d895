// Package filelock takes exclusive advisory locks on files, across processes:
// flock on Unix, LockFileEx on Windows. The operating system releases a lock when
// its process dies, so a kill -9 never leaves a folder locked.
package filelock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrBusy means another process (or another Lock in this one) holds the lock.
var ErrBusy = errors.New("filelock: held by another process")

// Lock is a held lock; Unlock releases it.
type Lock struct {
	f *os.File
}

// TryLock takes the lock on path, creating the file when needed, or returns
// ErrBusy at once when someone else holds it.
func TryLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("filelock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrBusy) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("filelock: %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Wait takes the lock on path, retrying while it is busy until ctx is done; then
// it returns ErrBusy.
func Wait(ctx context.Context, path string) (*Lock, error) {
	delay := 10 * time.Millisecond
	for {
		l, err := TryLock(path)
		if !errors.Is(err, ErrBusy) {
			return l, err
		}
		select {
		case <-ctx.Done():
			return nil, ErrBusy
		case <-time.After(delay):
		}
		delay = min(2*delay, 250*time.Millisecond)
	}
}

// Unlock releases the lock. The file stays, so that the next holder locks the
// same inode; removing it would let two processes lock different files.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
