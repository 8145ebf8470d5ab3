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
)

// buildGCPercent and buildMemoryLimit are the garbage collector's GOGC
// and GOMEMLIMIT for `folio build`: it collects when the heap has grown
// to 17 times what was live after the last collection, or nears 1 GiB.
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
		if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
			// the report's build then collects once or twice, at a
			// peak of about 120 MB, where GOGC 100 collects 14 times;
			// the limit bounds a large book's heap
			debug.SetGCPercent(buildGCPercent)
			debug.SetMemoryLimit(buildMemoryLimit)
		}
		// a build's heap is new memory, and on Linux each 4 KiB of it
		// costs a page fault unless it is in huge pages
		hugepages.Advise(buildHugeHeap)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
