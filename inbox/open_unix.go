//go:build unix

package inbox

import "syscall"

// openFlags open an inbox file without following a symlink in its last element
// (os.Root still confines any link to the inbox) and without blocking on a FIFO.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// processAlive reports whether a process with this id runs (or may run: one of
// another user).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
