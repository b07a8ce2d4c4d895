//go:build unix

package inbox

import "syscall"

// openFlags open an inbox file without following a symlink in its last element
// (os.Root still confines any link to the inbox) and without blocking on a FIFO.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
