//go:build unix

package tenfold

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time, user and system, the process has used so
// far, on all its threads (the garbage collector's included). On a busy
// machine it is a steadier measure of a build's work than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
