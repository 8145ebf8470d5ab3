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
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
