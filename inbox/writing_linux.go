package inbox

import (
	"os"
	"syscall"
)

// openForWriting reports whether some process still has f's file open for
// writing. A read lease is granted only when no one does; it is given back at
// once. Where leases are not allowed (another owner without CAP_LEASE, network
// file systems) it reports false and the other completeness checks decide.
func openForWriting(f *os.File) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	busy := false
	rc.Control(func(fd uintptr) {
		_, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_SETLEASE, syscall.F_RDLCK)
		switch e {
		case 0:
			syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_SETLEASE, syscall.F_UNLCK)
		case syscall.EAGAIN, syscall.EBUSY:
			busy = true
		}
	})
	return busy
}
