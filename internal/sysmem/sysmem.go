// Package sysmem says how much memory the process may use: the machine's
// physical memory, or less where a control group (a container) limits it.
package sysmem

// Total returns the memory the process may use, in bytes: the smaller of
// the machine's physical memory and its control group's limit; 0 where the
// system does not say.
func Total() uint64 { return total() }

// minKnown returns the smaller of a and b, ignoring a 0 (unknown).
func minKnown(a, b uint64) uint64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}
