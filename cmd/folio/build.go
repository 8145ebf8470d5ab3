package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/internal/atomicfile"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/publish"
)

type buildOptions struct {
	pdf, epub bool
	edition   layout.Edition
	out       string
	quiet     bool
	diag      diagOptions
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

Diagnostics are printed as folio check prints them (--format json for
one JSON document on stdout). With --warnings=error, a warning, or in any
edition a layout problem, fails the build and nothing is written.

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
			o.diag.register(fs)
			return func() any {
				if err := o.diag.validate(); err != nil {
					return err
				}
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
	w := new(atomicfile.Writer)
	defer catchInterrupts(e, w, os.Exit)()
	date, err := buildDate(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio build: %v\n", err)
		return exitUsage
	}
	// the hyphenation patterns, parsed once per process, are parsed on the
	// other core while the manuscript loads
	go func() { _, _ = hyphen.New() }()
	rep := newReporter(e, o.diag)
	b := load(e, dir, rep)
	if b == nil {
		rep.finish(false)
		return exitErrors
	}
	cleanStale(e, o.out)
	outs, pdfDoc, err := buildBook(b, o, date, nil)
	if pdfDoc != nil && (o.edition == layout.Draft || o.diag.warnings == "error") {
		rep.layoutProblems(b, pdfDoc.Problems)
	}
	fail := func(err error) int {
		var diags manuscript.Diagnostics
		if errors.As(err, &diags) {
			// the manuscript's mistake, met by a writer: a limit passed, a
			// chart that cannot be drawn
			for i := range diags {
				if diags[i].Source == "" {
					diags[i].Source, _ = b.SourceLine(diags[i].Pos)
				}
			}
			rep.add(diags...)
			if o.diag.format == "text" {
				fmt.Fprintf(e.stderr, "%d %s; nothing was written.\n", len(diags), plural(len(diags), "error", "errors"))
			}
		} else {
			fmt.Fprintf(e.stderr, "folio build: %v\n", err)
		}
		rep.finish(false)
		return exitErrors
	}
	if err != nil {
		return fail(err)
	}
	if msg := rep.strictFailure(); msg != "" {
		if o.diag.format == "text" {
			fmt.Fprintln(e.stderr, msg)
		}
		rep.finish(false)
		return exitErrors
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fail(err)
	}
	files := make([]atomicfile.File, 0, len(outs))
	for _, out := range outs {
		files = append(files, atomicfile.File{Path: out.path, Data: out.data, Perm: 0o644})
	}
	if err := w.WriteAll(files...); err != nil {
		return fail(err)
	}
	rep.finish(true)
	if o.diag.format == "json" {
		return exitOK
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

// output is one file a build writes.
type output struct {
	path  string
	data  []byte
	pages int
	// display is a PDF's display list, for the preview's pages
	display *display.Document
}

// caches carry work from build to build in a watch session: set
// paragraphs and font cuts for the layout, the cover, charts and compressed
// files for the EPUB.
type caches struct {
	layout *layout.Cache
	epub   *epub.Cache
}

func newCaches() *caches {
	return &caches{layout: layout.NewCache(), epub: epub.NewCache()}
}

// buildBook makes the outputs o asks for from b, named after the book in
// the folder o.out, without writing them. The book is typeset once: the
// PDF draws those pages and the EPUB's page-list names them; the two files
// are then written side by side, on both cores. c, which may be nil, holds
// a watch session's caches, so that only what an edit changed is made
// again. pdfDoc is the PDF's typeset document, or nil when no PDF was
// asked for or it failed.
func buildBook(b *manuscript.Book, o *buildOptions, date time.Time, c *caches) (outs []output, pdfDoc *layout.Document, err error) {
	if c == nil {
		c = &caches{}
	}
	name := outputName(b)
	prepared := make(chan struct{})
	if o.epub {
		// the EPUB's cover and charts are drawn while the book is typeset
		// for its page list
		ec := c.epub
		if ec == nil {
			ec = epub.NewCache()
		}
		c = &caches{layout: c.layout, epub: ec}
		go func() {
			defer close(prepared)
			ec.Prepare(b)
		}()
	} else {
		close(prepared)
	}
	doc, err := layout.Typeset(b, layout.Options{Cache: c.layout})
	if err != nil {
		<-prepared
		return nil, nil, err
	}
	var epubOut output
	var epubErr error
	done := make(chan struct{})
	if o.epub {
		marks := pageList(doc)
		go func() {
			defer close(done)
			<-prepared
			epubOut, epubErr = buildEPUB(b, o, name, date, marks, c.epub)
		}()
	} else {
		close(done)
	}
	if o.pdf {
		data, dl, err := publish.PDF(doc, layout.Options{Edition: o.edition, Date: date})
		if err != nil {
			<-done
			return nil, nil, err
		}
		pdfDoc = doc
		suffix := ""
		if o.edition != layout.Screen {
			suffix = "-" + string(o.edition)
		}
		outs = append(outs, output{path: filepath.Join(o.out, name+suffix+".pdf"), data: data, pages: len(dl.Pages), display: dl})
	}
	<-done
	if epubErr != nil {
		return nil, pdfDoc, epubErr
	}
	if o.epub {
		outs = append(outs, epubOut)
	}
	return outs, pdfDoc, nil
}

// buildEPUB makes the EPUB, with the page-list marks.
func buildEPUB(b *manuscript.Book, o *buildOptions, name string, date time.Time, marks []epub.PageMark, cache *epub.Cache) (output, error) {
	data, err := epub.Write(b, epub.Options{Date: date, PageList: marks, Cache: cache})
	if err != nil {
		return output{}, err
	}
	return output{path: filepath.Join(o.out, name+".epub"), data: data}, nil
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

// pageList gives the EPUB the print edition's pages: one mark for each
// numbered page, in order. A page with text of its own is marked where
// that text begins; a page of generated front matter (title page,
// imprint, contents, list of figures) at the start of the EPUB's document
// of that kind; a page with nothing of its own (a blank page) next to the
// following page's mark, or the last mark for the book's last pages.
func pageList(doc *layout.Document) []epub.PageMark {
	var marks []epub.PageMark
	var waiting []string // pages with nothing of their own: blank pages
	for _, p := range doc.Pages {
		if p.Label == "" {
			continue
		}
		var at epub.PageMark
		if cl := p.ContLine; cl != nil && p.Cont != nil && p.Cont.Doc != nil {
			// the page goes on with a paragraph: its mark goes before the page's first word
			at = epub.PageMark{Doc: p.Cont.Doc, Block: p.Cont.Block, In: cl.Text(), At: cl.Offset()}
		} else if s, ok := p.Marker(); ok {
			at = epub.PageMark{Doc: s.Doc, Block: s.Block}
		} else if p.Generated != "" {
			// a list's page that goes on from the page before starts at an entry
			at = epub.PageMark{Generated: p.Generated, Block: -1, Entry: p.FirstEntry}
		} else {
			waiting = append(waiting, p.Label)
			continue
		}
		// a blank page's marker goes with the next page's
		for _, label := range append(waiting, p.Label) {
			at.Label = label
			marks = append(marks, at)
		}
		waiting = nil
	}
	if n := len(marks); n > 0 {
		for _, label := range waiting {
			m := marks[n-1]
			m.Label = label
			marks = append(marks, m)
		}
	}
	return marks
}

// staleAge is how old a temporary file of unknown origin in an output
// folder must be to count as left by a dead process: far longer than any
// build takes.
const staleAge = time.Hour

// cleanStale removes the temporary files dead processes left in the
// output folder out (a SIGKILL leaves them), so that they do not fill the
// disk build after build; it says what it removed.
func cleanStale(e *env, out string) {
	removed, err := atomicfile.CleanStale(out, staleAge, time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "folio: %v\n", err)
	}
	if n := len(removed); n > 0 {
		fmt.Fprintf(e.stderr, "folio: removed %d %s left by a build that did not finish (%s)\n", n, plural(n, "temporary file", "temporary files"), strings.Join(removed, ", "))
	}
}
