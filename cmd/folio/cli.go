package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// version is set at link time with -ldflags "-X main.version=…"; else
// 'folio version' gives the module's version from the build information.
var version = defaultVersion

// defaultVersion is version when the link sets none.
const defaultVersion = "0.1.0-dev"

// Exit statuses.
const (
	exitOK     = 0
	exitErrors = 1 // the manuscript has errors, or an output could not be written
	exitUsage  = 2 // the command line is wrong
)

// command is one folio subcommand.
type command struct {
	name    string
	args    string
	summary string
	help    string
	flags   func(fs *flag.FlagSet) func() any // registers flags; returns a getter of the parsed options
	run     func(env *env, dir string, opts any) int
}

// env is what a command runs with.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []*command {
	return []*command{buildCommand(), checkCommand(), chartsCommand(), statsCommand(), watchCommand(), serveCommand(), initCommand(), versionCommand()}
}

func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			if c := find(rest[0]); c != nil {
				commandHelp(stdout, c)
				return exitOK
			}
			if rest[0] == "fonts" {
				fmt.Fprintln(stdout, "Bundled font families (for theme fonts in book.yaml):")
				for _, f := range fonts.Families() {
					fmt.Fprintf(stdout, "  %-22s %s\n", f.Name, f.Generic)
				}
				return exitOK
			}
			fmt.Fprintf(stderr, "folio help: unknown topic %q\n", rest[0])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(stderr, "folio: unknown command %q\n", name)
		var names []string
		for _, c := range commands() {
			names = append(names, c.name)
		}
		if s := manuscript.Suggest(name, names); s != "" {
			fmt.Fprintf(stderr, "\thint: did you mean %q?\n", s)
		}
		fmt.Fprintln(stderr, "Run 'folio help' for usage.")
		return exitUsage
	}
	fs := flag.NewFlagSet("folio "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	get := func() any { return nil }
	if c.flags != nil {
		get = c.flags(fs)
	}
	pos, err := parseInterleaved(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		commandHelp(stdout, c)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "folio %s: %v\nRun 'folio help %s' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	maxArgs := 1
	if c.args == "" {
		maxArgs = 0
	}
	if len(pos) > maxArgs {
		fmt.Fprintf(stderr, "folio %s: too many arguments: %s\nRun 'folio help %s' for usage.\n", c.name, strings.Join(pos, " "), c.name)
		return exitUsage
	}
	dir := ""
	if len(pos) == 1 {
		dir = pos[0]
	} else if c.args != "" && c.name != "init" {
		dir = defaultDir()
	}
	opts := get()
	if err, ok := opts.(error); ok {
		fmt.Fprintf(stderr, "folio %s: %v\nRun 'folio help %s' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	return c.run(e, dir, opts)
}

// parseInterleaved parses flags that may come before or after the
// positional arguments, as in "folio build report --pdf".
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `Folio builds a print PDF and an EPUB 3 from one YAML manuscript.

Usage:
  folio COMMAND [flags] [DIR]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(tw, "  help [COMMAND]\tshow help for a command (or 'help fonts')\n")
	tw.Flush()
	fmt.Fprintf(w, `
DIR is a manuscript folder holding book.yaml. Without it, folio uses the
current folder when it holds a book.yaml, else the bundled China Internet
Report 2019 (which watch and serve, having nothing to watch, refuse).
'folio init DIR' starts a new manuscript.

Exit status: 0 on success, 1 on manuscript errors, 2 on usage errors.
Diagnostics go to stderr as file:line:col: message.
`)
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: folio %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.help))
	if c.flags == nil {
		return
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs)
	// a flag and its one-letter alias (-o, --out) set the same value: one
	// line for both
	type entry struct {
		names      []string
		usage, def string
	}
	var entries []*entry
	byValue := map[flag.Value]*entry{}
	fs.VisitAll(func(f *flag.Flag) {
		name := "-" + f.Name
		if len(f.Name) > 1 {
			name = "--" + f.Name
		}
		if e := byValue[f.Value]; e != nil && e.usage == f.Usage {
			e.names = append(e.names, name)
			return
		}
		e := &entry{names: []string{name}, usage: f.Usage}
		if f.DefValue != "" && f.DefValue != "false" {
			e.def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		byValue[f.Value] = e
		entries = append(entries, e)
	})
	var lines []string
	for _, e := range entries {
		sort.Slice(e.names, func(i, j int) bool { return len(e.names[i]) < len(e.names[j]) })
		lines = append(lines, fmt.Sprintf("  %-16s %s%s", strings.Join(e.names, ", "), e.usage, e.def))
	}
	sort.Slice(lines, func(i, j int) bool {
		return strings.TrimLeft(strings.TrimSpace(lines[i]), "-") < strings.TrimLeft(strings.TrimSpace(lines[j]), "-")
	})
	fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
}

// load loads the manuscript in dir, or the bundled one, and reports its
// diagnostics with rep (a text reporter on e when nil). It returns nil when
// the manuscript has errors.
func load(e *env, dir string, rep *reporter) *manuscript.Book {
	if rep == nil {
		rep = newReporter(e, diagOptions{})
	}
	var (
		b   *manuscript.Book
		err error
	)
	if dir == "" {
		b, err = manuscript.Load(report.FS, report.Name)
	} else {
		b, err = manuscript.LoadDir(dir)
	}
	var diags manuscript.Diagnostics
	if errors.As(err, &diags) {
		rep.add(diags...)
		if rep.opt.format == "text" {
			n, _ := rep.counts()
			fmt.Fprintf(e.stderr, "%d %s; nothing was written.\n", n, plural(n, "error", "errors"))
		}
		return nil
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "folio: %v\n", err)
		return nil
	}
	rep.add(b.Warnings...)
	// charts must stay readable for colour-blind readers
	at := b.Theme.PalettePos
	if at.IsZero() {
		at = manuscript.Pos{File: b.Pos.File, Line: 1, Col: 1}
	}
	for _, p := range charts.CheckPalette(b.Theme.Palette) {
		d := manuscript.Diagnostic{Pos: at, Severity: manuscript.Warning, Message: p,
			Hint: "pick colours that differ in lightness too, e.g. the Okabe–Ito palette"}
		d.Source, _ = b.SourceLine(at)
		rep.add(d)
	}
	return b
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func checkCommand() *command {
	return &command{
		name: "check", args: "[DIR]", summary: "check the manuscript; write nothing",
		help: `Loads and checks the manuscript and reports every problem as
file:line:col: message, with the line it is about and a caret under the
column. Writes nothing. Exits 1 if there are errors (or, with
--warnings=error, warnings).

With --format json, prints one JSON document on stdout instead
(schema/diagnostics.schema.json): every diagnostic with its file, line,
column, end, severity, message and hint.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &diagOptions{}
			o.register(fs)
			return func() any {
				if err := o.validate(); err != nil {
					return err
				}
				return o
			}
		},
		run: func(e *env, dir string, opts any) int {
			rep := newReporter(e, *opts.(*diagOptions))
			b := load(e, dir, rep)
			if b != nil {
				// what a build would refuse: charts that cannot be drawn
				chartErrors := checkCharts(b)
				rep.add(chartErrors...)
				if len(chartErrors) > 0 {
					if rep.opt.format == "text" {
						fmt.Fprintf(e.stderr, "%d %s; nothing was written.\n", len(chartErrors), plural(len(chartErrors), "error", "errors"))
					}
					rep.finish(false)
					return exitErrors
				}
			}
			ok := b != nil && !rep.failed()
			rep.finish(ok)
			if b == nil {
				return exitErrors
			}
			if msg := rep.strictFailure(); msg != "" {
				if rep.opt.format == "text" {
					fmt.Fprintln(e.stderr, strings.Replace(msg, "; nothing was written", "", 1))
				}
				return exitErrors
			}
			if rep.opt.format == "text" {
				fmt.Fprintf(e.stdout, "%s: %d chapters, %d charts; no errors", displayDir(dir), len(b.Chapters), len(b.Charts))
				if n := len(b.Warnings); n > 0 {
					fmt.Fprintf(e.stdout, ", %d %s", n, plural(n, "warning", "warnings"))
				}
				fmt.Fprintln(e.stdout, ".")
			}
			return exitOK
		},
	}
}

func displayDir(dir string) string {
	if dir == "" {
		return report.Name + " (bundled)"
	}
	return dir
}

func statsCommand() *command {
	return &command{
		name: "stats", args: "[DIR]", summary: "words, figures, tables and footnotes per chapter",
		help: `Prints a table of the manuscript's documents with their prose words,
figures (and how many are charts), tables, footnotes and pages in the print
edition.`,
		run: func(e *env, dir string, _ any) int {
			b := load(e, dir, nil)
			if b == nil {
				return exitErrors
			}
			doc, err := layout.Typeset(b, layout.Options{})
			if err != nil {
				fmt.Fprintf(e.stderr, "folio stats: %v\n", err)
				return exitErrors
			}
			pages := map[*manuscript.Chapter]int{}
			for _, p := range doc.Pages {
				if p.Chapter != nil {
					pages[p.Chapter]++
				}
			}
			writeStats(e.stdout, b, pages)
			return exitOK
		},
	}
}

// writeStats prints the stats table; pages, when not nil, gives each
// document's page count in the print edition.
func writeStats(w io.Writer, b *manuscript.Book, pages map[*manuscript.Chapter]int) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	head := "No.\tChapter\tKicker\t Words\tFigures\tCharts\tTables\tNotes"
	if pages != nil {
		head += "\tPages"
	}
	fmt.Fprintln(tw, head)
	var total manuscript.ChapterStats
	totalPages := 0
	for _, c := range b.Documents() {
		s := c.Stats()
		num := ""
		if c.Numbered {
			num = fmt.Sprintf("%3d", c.Number)
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%6d\t%7d\t%6d\t%6d\t%5d", num, clip(c.RunningHead(), 28), clip(c.Kicker, 28), s.Words, s.Figures, s.Charts, s.Tables, s.Footnotes)
		if pages != nil {
			line += fmt.Sprintf("\t%5d", pages[c])
			totalPages += pages[c]
		}
		fmt.Fprintln(tw, line)
		total.Words += s.Words
		total.Figures += s.Figures
		total.Charts += s.Charts
		total.Tables += s.Tables
		total.Footnotes += s.Footnotes
	}
	line := fmt.Sprintf("\tTotal\t\t%6d\t%7d\t%6d\t%6d\t%5d", total.Words, total.Figures, total.Charts, total.Tables, total.Footnotes)
	if pages != nil {
		line += fmt.Sprintf("\t%5d", totalPages)
	}
	fmt.Fprintln(tw, line)
	tw.Flush()
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func versionCommand() *command {
	return &command{
		name: "version", summary: "print folio's version",
		help: `Prints folio's version: the module's version (as go install gives it),
the commit it was built from, that commit's date and whether the tree had
changes not committed, and the Go version, as the binary records them.`,
		run: func(e *env, _ string, _ any) int {
			fmt.Fprintln(e.stdout, versionLine(debug.ReadBuildInfo()))
			return exitOK
		},
	}
}

// versionLine is what 'folio version' prints from the build information
// the binary records: "folio v1.2.0 (commit 1a2b3c4d5e6f, 2026-12-08,
// modified; go1.26.8)". A version set at link time comes first; a build
// from a checkout, which Go calls "(devel)", is named by its commit.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	v := version
	if !ok {
		return "folio " + v
	}
	if mv := bi.Main.Version; mv != "" && mv != "(devel)" && version == defaultVersion {
		v = mv
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var parts []string
	if rev != "" {
		parts = append(parts, "commit "+rev[:min(12, len(rev))])
	}
	if t, err := time.Parse(time.RFC3339, when); err == nil {
		parts = append(parts, t.UTC().Format("2006-01-02"))
	}
	if modified {
		parts = append(parts, "modified")
	}
	info := strings.Join(parts, ", ")
	if info != "" {
		info += "; "
	}
	return fmt.Sprintf("folio %s (%s%s)", v, info, bi.GoVersion)
}

// checkCharts draws every chart of b into nothing, as the PDF and the EPUB
// draw it, and returns the diagnostics of those that cannot be, each at
// its chart.
func checkCharts(b *manuscript.Book) manuscript.Diagnostics {
	var out manuscript.Diagnostics
	if len(b.Charts) == 0 {
		return nil
	}
	faces, err := charts.BundledFaces()
	if err != nil {
		return manuscript.Diagnostics{{Pos: b.Pos, Severity: manuscript.Error, Message: err.Error()}}
	}
	w := layout.ColumnWidth(b)
	for _, c := range b.Charts {
		if d := charts.Check(c, w, faces); d != nil {
			d.Source, _ = b.SourceLine(d.Pos)
			out = append(out, *d)
		}
	}
	return out
}
