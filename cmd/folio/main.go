// Command folio builds a print PDF and an EPUB 3 from one YAML manuscript.
//
// Usage:
//
//	folio build [flags] [DIR]    build the PDF and the EPUB
//	folio check [DIR]            check the manuscript only
//	folio charts [flags] [DIR]   write every chart as a file
//	folio stats [DIR]            words, figures and tables per chapter
//	folio watch [DIR]            rebuild the draft PDF and the EPUB on every change
//	folio serve [DIR]            preview the book in a browser while you edit
//	folio version                print the version
//	folio help [COMMAND]         show help
//
// With no DIR, folio uses the bundled China Internet Report 2019.
// Exit status: 0 on success, 1 on manuscript errors, 2 on usage errors,
// 130 or 143 when interrupted.
package main

import (
	"os"
	"runtime/debug"

	"github.com/folio-press/folio/internal/hugepages"
	"github.com/folio-press/folio/internal/sysmem"
)

// buildGCPercent and buildMemoryLimit are the garbage collector's GOGC
// and GOMEMLIMIT for `folio build`: it collects when the heap has grown
// to 17 times what was live after the last collection, or nears 1 GiB (a
// quarter of the memory the process may use, if that is less).
const (
	buildGCPercent   = 1600
	buildMemoryLimit = 1 << 30
)

// buildHugeHeap is how much of its heap `folio build` asks to have backed
// by transparent huge pages: more than the 10x manuscript's build needs.
const buildHugeHeap = 512 << 20

func main() {
	if len(os.Args) > 1 && os.Args[1] == "build" {
		// a build is one batch of work, then exit; watch and serve run with
		// the defaults (docs/performance.md)
		tuneForBuild()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneForBuild sets the runtime up for one build: its heap in huge pages,
// where Linux gives them on advice (a build's heap is new memory, and each
// 4 KiB of it otherwise costs a page fault), and the collector running
// rarely, under a memory limit, unless the environment sets GOGC or
// GOMEMLIMIT. The report's build then collects once or twice, at a peak of
// about 120 MB, where GOGC 100 collects 14 times.
func tuneForBuild() {
	reserved := hugepages.Advise(buildHugeHeap)
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := uint64(buildMemoryLimit)
	if m := sysmem.Total(); m > 0 {
		limit = min(limit, m/4)
	}
	debug.SetGCPercent(buildGCPercent)
	// the reservation stays mapped, untouched, until the runtime returns
	// it, and counts against the limit meanwhile
	debug.SetMemoryLimit(int64(limit) + int64(reserved))
}
