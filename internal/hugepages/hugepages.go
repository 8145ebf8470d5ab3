// Package hugepages lets a short-lived process's Go heap be backed by
// Linux transparent huge pages.
//
// Go gives its heap no huge-page advice (since Go 1.21.1), so on a system
// whose transparent huge pages are set to "madvise", the usual default,
// every 4 KiB of new heap costs the process a page fault. On a virtual
// machine a fault can cost 10 µs or more, and a build that touches 60 MB
// of fresh memory then spends a third of its CPU time in the kernel. One
// 2 MiB huge page takes one fault instead of 512.
//
// [Advise] makes a stretch of heap eligible for huge pages before the work
// starts, the way a JVM's -XX:+UseTransparentHugePages does for its heap.
// It is meant for batch work that exits when done: a long-running process
// keeps its heap and gains little, and huge pages keep more memory
// resident.
package hugepages

import "strings"

// Mode is the system's transparent huge page setting, as in
// /sys/kernel/mm/transparent_hugepage/enabled: "always", "madvise",
// "never", or "" where the system does not say.
func Mode() string { return mode() }

// Advise asks the system to back the next n bytes that the Go heap grows
// into with huge pages, and returns how many bytes it advised: 0 when it
// did nothing.
//
// It reserves the bytes without touching them, advises the kernel that
// they may use huge pages, and lets them go again with a garbage
// collection, so that the allocations that follow reuse them: Go's page
// allocator takes the lowest free address first. The memory is not made
// resident, only eligible: a page that is never touched costs nothing.
// It stays mapped, though, until the runtime returns it to the system, and
// so counts against a memory limit (runtime/debug.SetMemoryLimit) set
// afterwards: add what Advise returns to such a limit.
//
// Advise does nothing unless [Mode] is "madvise" (with "always" the heap
// already has huge pages; with "never" it cannot), on Linux on x86-64 or
// arm64 with 4 KiB pages, and not where GODEBUG contains disablethp=1
// (Go's own switch for turning huge pages off) or the system refuses to
// overcommit memory. It reserves at most an eighth of the memory the
// process may use (sysmem.Total), and a quarter of a memory limit already
// set. It calls runtime.GC (about 3 ms), so call it once, at the start of
// the process, before the heap is large. (Leaving the collection to the
// runtime is a race: the work that follows can fill fresh memory before
// the reservation is freed.)
func Advise(n int) int { return advise(n) }

// parseMode reads the setting out of the sysfs file's text, in which the
// chosen value is bracketed: "always [madvise] never".
func parseMode(s string) string {
	for _, f := range strings.Fields(s) {
		if len(f) > 2 && f[0] == '[' && f[len(f)-1] == ']' {
			return f[1 : len(f)-1]
		}
	}
	return ""
}

// disabledByGODEBUG reports whether a GODEBUG value turns huge pages off
// for the heap; the last setting of disablethp wins, as in the runtime.
func disabledByGODEBUG(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "disablethp="); ok {
			off = v == "1"
		}
	}
	return off
}
