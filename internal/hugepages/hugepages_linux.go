package hugepages

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the platforms Go
// supports on Linux that have them (x86-64 and arm64 with 4 KiB pages).
const hugePage = 2 << 20

func mode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	return parseMode(string(b))
}

func advise(n int) bool {
	if n < hugePage || mode() != "madvise" || disabledByGODEBUG(os.Getenv("GODEBUG")) || strictOvercommit() {
		return false
	}
	if limit := memory() / 8; uint64(n) > limit {
		n = int(limit)
	}
	n = n / hugePage * hugePage
	if n == 0 {
		return false
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
	return err == nil
}

// strictOvercommit reports whether the system counts every mapping
// against its memory (vm.overcommit_memory 2): there a large untouched
// reservation could make the runtime fail for want of memory it would
// never use.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err != nil || strings.TrimSpace(string(b)) == "2"
}

// memory is the machine's physical memory in bytes, 0 where the system
// does not say.
func memory() uint64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return si.Totalram * uint64(si.Unit)
}
