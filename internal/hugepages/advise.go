//go:build linux && (amd64 || arm64)

package hugepages

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"

	"github.com/folio-press/folio/internal/sysmem"
)

// hugePage is the size of a transparent huge page on x86-64, and on arm64
// with 4 KiB pages (eligible checks the page size).
const hugePage = 2 << 20

// eligible reports whether Advise can do anything here.
func eligible() bool {
	return os.Getpagesize() == 4096 && mode() == "madvise" &&
		!disabledByGODEBUG(os.Getenv("GODEBUG")) && !strictOvercommit()
}

func advise(n int) int {
	if !eligible() {
		return 0
	}
	if m := sysmem.Total(); m > 0 && uint64(n) > m/8 {
		n = int(m / 8)
	}
	// under a memory limit the reservation, freed but kept mapped until
	// the runtime returns it, counts against the limit
	if limit := debug.SetMemoryLimit(-1); limit < math.MaxInt64 && int64(n) > limit/4 {
		n = int(limit / 4)
	}
	n = n / hugePage * hugePage
	if n == 0 {
		return 0
	}
	// a byte slice has no pointers, so fresh memory from the system is not
	// cleared and this touches no page; the collector is held off while it
	// is made, or so large an allocation starts a collection at once, in
	// which it is still in use
	gc := debug.SetGCPercent(-1)
	b := make([]byte, n+hugePage)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	off := int((hugePage - start%hugePage) % hugePage)
	err := syscall.Madvise(b[off:off+n], syscall.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	debug.SetGCPercent(gc)
	// b is dead from here on: the collection frees its pages
	runtime.GC()
	if err != nil {
		return 0
	}
	return n
}

// strictOvercommit reports whether the system counts every mapping
// against its memory (vm.overcommit_memory 2): there a large untouched
// reservation could make the runtime fail for want of memory it would
// never use.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err != nil || strings.TrimSpace(string(b)) == "2"
}
