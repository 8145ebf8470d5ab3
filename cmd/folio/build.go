package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/folio-press/folio/internal/atomicfile"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/layout/epub"
	"github.com/folio-press/folio/manuscript"
)

type buildOptions struct {
	pdf, epub bool
	edition   layout.Edition
	out       string
	quiet     bool
}

func buildCommand() *command {
	return &command{
		name: "build", args: "[DIR]", summary: "build the PDF and the EPUB",
		help: `Builds the manuscript in DIR (or the bundled report) into OUT/NAME.pdf
and OUT/NAME.epub, where NAME is made from the book's title. Outputs are
written to a temporary file and renamed, so a failed build leaves the
previous files as they were.

The PDF edition is one of:
  print    for the print shop
  screen   for reading on screen (the default)
  draft    marked as a draft; layout problems are flagged in the margin
           and listed on stderr as file:line

Set SOURCE_DATE_EPOCH (seconds since 1970) for reproducible builds: the
same manuscript and the same value give byte-identical files.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &buildOptions{}
			fs.BoolVar(&o.pdf, "pdf", false, "build the PDF (default: both)")
			fs.BoolVar(&o.epub, "epub", false, "build the EPUB (default: both)")
			ed := fs.String("edition", "screen", "PDF edition: print, screen or draft")
			fs.StringVar(&o.out, "o", "out", "output folder")
			fs.StringVar(&o.out, "out", "out", "output folder")
			fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
			return func() any {
				o.edition = layout.Edition(*ed)
				valid := false
				for _, e := range layout.Editions {
					valid = valid || e == o.edition
				}
				if !valid {
					return fmt.Errorf("unknown edition %q (print, screen or draft)", *ed)
				}
				if !o.pdf && !o.epub {
					o.pdf, o.epub = true, true
				}
				return o
			}
		},
		run: func(e *env, dir string, opts any) int {
			return runBuild(e, dir, opts.(*buildOptions))
		},
	}
}

// buildDate returns the build's timestamp: SOURCE_DATE_EPOCH if set, else
// now.
func buildDate(e *env) (time.Time, error) {
	s := e.getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// outputName makes a file name from the book's title.
func outputName(b *manuscript.Book) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(b.Title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			sb.WriteRune(r)
			dash = false
		case !dash && sb.Len() > 0:
			sb.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimRight(sb.String(), "-")
	if name == "" {
		name = "book"
	}
	return name
}

func runBuild(e *env, dir string, o *buildOptions) int {
	start := time.Now()
	date, err := buildDate(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio build: %v\n", err)
		return exitUsage
	}
	b := load(e, dir)
	if b == nil {
		return exitErrors
	}
	type output struct {
		path  string
		data  []byte
		pages int
	}
	var outs []output
	name := outputName(b)
	var doc *layout.Document
	if o.pdf {
		data, d, err := layout.PDF(b, layout.Options{Edition: o.edition, Date: date})
		if err != nil {
			fmt.Fprintf(e.stderr, "folio build: %v\n", err)
			return exitErrors
		}
		doc = d
		suffix := ""
		if o.edition != layout.Screen {
			suffix = "-" + string(o.edition)
		}
		outs = append(outs, output{path: filepath.Join(o.out, name+suffix+".pdf"), data: data, pages: len(d.Pages)})
		if o.edition == layout.Draft {
			for _, p := range d.Problems {
				fmt.Fprintf(e.stderr, "%s: layout: %s (page %s)\n", p.Pos, p.Message, p.Page)
			}
		}
	}
	if o.epub {
		if doc == nil {
			if doc, err = layout.Typeset(b, layout.Options{}); err != nil {
				fmt.Fprintf(e.stderr, "folio build: %v\n", err)
				return exitErrors
			}
		}
		data, err := epub.Write(b, epub.Options{Date: date, PageList: pageList(doc)})
		if err != nil {
			fmt.Fprintf(e.stderr, "folio build: %v\n", err)
			return exitErrors
		}
		outs = append(outs, output{path: filepath.Join(o.out, name+".epub"), data: data})
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "folio build: %v\n", err)
		return exitErrors
	}
	for _, out := range outs {
		if err := atomicfile.Write(out.path, out.data, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "folio build: %v\n", err)
			return exitErrors
		}
	}
	if !o.quiet {
		elapsed := time.Since(start).Round(time.Millisecond)
		for _, out := range outs {
			pages := ""
			if out.pages > 0 {
				pages = fmt.Sprintf(", %d pages", out.pages)
			}
			fmt.Fprintf(e.stdout, "wrote %s (%s%s)\n", out.path, humanSize(len(out.data)), pages)
		}
		fmt.Fprintf(e.stdout, "built in %s\n", elapsed)
	}
	return exitOK
}

func humanSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// pageList gives the EPUB the print edition's pages: where each numbered
// page with text of its own begins.
func pageList(doc *layout.Document) []epub.PageMark {
	var marks []epub.PageMark
	for _, p := range doc.Pages {
		if p.Label == "" {
			continue
		}
		if s, ok := p.Marker(); ok {
			marks = append(marks, epub.PageMark{Label: p.Label, Doc: s.Doc, Block: s.Block})
		}
	}
	return marks
}
