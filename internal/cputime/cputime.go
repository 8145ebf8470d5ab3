// Package cputime reads the CPU time the process has used, for benchmarks
// that report it beside the wall time: on a busy machine it is a steadier
// measure of a build's work.
package cputime

import "time"

// Used returns the CPU time, user and system, the process has used so far
// on all its threads (the garbage collector's included); 0 where the
// system does not say.
func Used() time.Duration { return used() }
