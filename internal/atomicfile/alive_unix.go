//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// alive reports whether a process with the id runs: signal 0 is checked
// and not sent; EPERM means a process of another user.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
