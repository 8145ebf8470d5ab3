// Command gen10x writes a manuscript about ten times the size of the
// bundled report into a folder, for benchmarks and for timing folio on a
// long book:
//
//	go run ./bench/gen10x [-chapters 110] OUTDIR
//	folio build OUTDIR
//
// The report's chapters are copied round after round with ids of their
// own until the book has the number of chapters asked for; see package
// tenfold.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/folio-press/folio/bench/tenfold"
)

func main() {
	n := flag.Int("chapters", tenfold.Chapters, "number of chapters")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gen10x [-chapters N] OUTDIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := tenfold.Generate(flag.Arg(0), *n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
