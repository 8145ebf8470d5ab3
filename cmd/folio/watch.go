package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/folio-press/folio/internal/atomicfile"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// debounce is how long the watcher waits after a change for more changes
// before rebuilding: an editor's save is often several events (a backup, a
// write, a rename), and "save all" touches several files.
const debounce = 100 * time.Millisecond

type watchOptions struct {
	out string
}

func watchCommand() *command {
	return &command{
		name: "watch", args: "[DIR]", summary: "rebuild the draft PDF and the EPUB on every change",
		help: `Builds the draft PDF and the EPUB of the manuscript in DIR (default: the
current folder, which must hold book.yaml) into OUT, then watches DIR and
its subfolders and builds again whenever a file changes. Each rebuild
reuses the paragraphs that did not change, and says how long it took and
which chapter now starts on another page:

  rebuilt in 62 ms; chapter 6 now starts on page 64 (+1)

Manuscript errors are printed as file:line:col: message, and the outputs
of the last good build are kept until the errors are fixed. Stop with
Ctrl-C.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &watchOptions{}
			fs.StringVar(&o.out, "o", "out", "output folder")
			fs.StringVar(&o.out, "out", "out", "output folder")
			return func() any { return o }
		},
		run: func(e *env, dir string, opts any) int {
			return runWatch(e, dir, opts.(*watchOptions))
		},
	}
}

// manuscriptDir returns the folder a watching command works on: dir, or
// the current folder when it holds a book.yaml. The bundled report is
// embedded in the binary and never changes, so there is nothing to watch
// without a folder.
func manuscriptDir(e *env, name, dir string) (string, bool) {
	if dir == "" {
		if _, err := os.Stat(manuscript.BookFile); err != nil {
			fmt.Fprintf(e.stderr, "folio %s: no %s in the current folder, and the bundled report is inside the binary, where nothing changes; name a manuscript folder\n\thint: folio init DIR starts a manuscript to %s: folio init my-report && folio %s my-report\n", name, manuscript.BookFile, name, name)
			return "", false
		}
		dir = "."
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(e.stderr, "folio %s: %s is not a folder\n", name, dir)
		return "", false
	}
	return dir, true
}

func runWatch(e *env, dir string, o *watchOptions) int {
	dir, ok := manuscriptDir(e, "watch", dir)
	if !ok {
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := newSession(e, dir, o.out)
	s.write = true
	err := watchLoop(ctx, s, func(r *buildResult) { printResult(e, r) }, nil)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio watch: %v\n", err)
		return exitErrors
	}
	fmt.Fprintln(e.stderr, "folio watch: stopped")
	return exitOK
}

// watchLoop builds s, then builds it again after every change to a file
// in its folder, calling onBuild with each result, until ctx is done.
// ready, if not nil, is called once the folder is being watched.
func watchLoop(ctx context.Context, s *session, onBuild func(*buildResult), ready func()) error {
	w, err := newWatcher(s.dir, s.ignored)
	if err != nil {
		return err
	}
	defer w.close()
	changes := make(chan []string)
	warn := func(err error) { fmt.Fprintf(s.stderr, "folio: %v\n", err) }
	go w.run(ctx, debounce, changes, warn)
	onBuild(s.build())
	if ready != nil {
		ready()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case paths := <-changes:
			r := s.build()
			r.changed = paths
			onBuild(r)
		}
	}
}

// session builds one manuscript again and again: the draft PDF and the
// EPUB, with caches so that paragraphs that did not change keep their line
// breaks and the EPUB's cover, charts and unchanged files are not made
// again. It remembers the last good build. Builds run one at a
// time.
type session struct {
	dir, out string
	write    bool // write the outputs into out
	getenv   func(string) string
	stderr   io.Writer // for the watcher's warnings
	cache    *caches
	parsed   *manuscript.ParseCache
	opts     buildOptions
	seq      int
	last     *buildResult // the last good build, or nil
	prev     *buildResult // the build before this one
}

func newSession(e *env, dir, out string) *session {
	return &session{
		dir: dir, out: out, getenv: e.getenv, stderr: e.stderr,
		cache: newCaches(), parsed: manuscript.NewParseCache(),
		opts: buildOptions{pdf: true, epub: true, edition: layout.Draft, out: out},
	}
}

// ignored reports whether a change to path should not start a build: the
// output folder, hidden files and folders (and so atomicfile's temporary
// files), and editors' backup, swap and lock files.
func (s *session) ignored(path string) bool {
	if s.out != "" && within(path, s.out) {
		return true
	}
	rel, err := filepath.Rel(s.dir, path)
	if err != nil {
		rel = path
	}
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if len(part) > 1 && part[0] == '.' && part != ".." {
			return true
		}
	}
	base := filepath.Base(path)
	return strings.HasSuffix(base, "~") || // vim, emacs backups
		strings.HasPrefix(base, "#") || // emacs autosave
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		base == "4913" || // vim's test of the folder's permissions
		strings.HasSuffix(base, "___jb_tmp___") || strings.HasSuffix(base, "___jb_old___") // JetBrains' safe write
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	return p == d || strings.HasPrefix(p, d+string(filepath.Separator))
}

// buildResult is the outcome of one build of a session.
type buildResult struct {
	dir     string // the manuscript folder
	seq     int
	started time.Time
	elapsed time.Duration
	changed []string // the files whose change started the build

	// ok is true when outputs were made; diags then holds warnings only.
	ok       bool
	diags    manuscript.Diagnostics
	err      error // a failure other than the manuscript's errors
	book     *manuscript.Book
	pdf      output
	epub     output
	doc      *layout.Document
	starts   []docStart
	problems []layout.Problem
	written  bool // the outputs were written to the output folder

	// compared with the build before
	moves               []move
	newDiags            manuscript.Diagnostics // diagnostics the previous build did not have
	newProblems         []layout.Problem
	lastGood            *buildResult // after a failure: the outputs kept
	pagesBefore, pagesN int
}

// docStart is the page a document of the book starts on.
type docStart struct {
	id, name string // the chapter's id; "chapter 6" or "“Glossary”"
	index    int    // the page's index in the document
	label    string // the page's folio
}

// move is a document that starts on another page than in the build before.
type move struct {
	docStart
	delta int
}

// build loads the manuscript and builds its outputs, writing them when
// the session writes, and compares the result with the build before.
func (s *session) build() *buildResult {
	start := time.Now()
	s.seq++
	r := &buildResult{dir: s.dir, seq: s.seq, started: start}
	defer func() {
		r.elapsed = time.Since(start)
		s.compare(r)
		s.prev = r
		if r.ok {
			s.last = r
		}
	}()
	date, err := buildDate(&env{getenv: s.getenv})
	if err != nil {
		r.err = err
		return r
	}
	b, err := s.parsed.LoadDir(s.dir)
	if err != nil {
		if !errors.As(err, &r.diags) {
			r.err = err
		}
		return r
	}
	r.book, r.diags = b, b.Warnings
	outs, doc, err := buildBook(b, &s.opts, date, s.cache)
	if err != nil {
		var diags manuscript.Diagnostics
		if errors.As(err, &diags) {
			r.diags = append(r.diags, diags...) // a limit passed: the manuscript's error
		} else {
			r.err = err
		}
		return r
	}
	r.ok, r.doc, r.pdf, r.epub = true, doc, outs[0], outs[1]
	r.problems = doc.Problems
	r.starts = documentStarts(doc)
	if s.write {
		if err := os.MkdirAll(s.out, 0o755); err != nil {
			r.ok, r.err = false, err
			return r
		}
		if s.seq == 1 {
			cleanStale(&env{stderr: s.stderr}, s.out)
		}
		w := new(atomicfile.Writer)
		err := w.WriteAll(
			atomicfile.File{Path: r.pdf.path, Data: r.pdf.data, Perm: 0o644},
			atomicfile.File{Path: r.epub.path, Data: r.epub.data, Perm: 0o644},
		)
		if err != nil {
			r.ok, r.err = false, err
			return r
		}
		r.written = true
	}
	return r
}

// documentStarts lists where each document of the book starts: its
// opening page, after any blank page that puts it on a recto.
func documentStarts(doc *layout.Document) []docStart {
	var out []docStart
	at := map[*manuscript.Chapter]int{}       // → index in out
	settled := map[*manuscript.Chapter]bool{} // its opener or first text page found
	for _, p := range doc.Pages {
		c := p.Chapter
		if c == nil || settled[c] {
			continue
		}
		i, ok := at[c]
		if !ok {
			i = len(out)
			at[c] = i
			out = append(out, docStart{id: c.ID, name: docName(c)})
		}
		// the first page counts until an opener or a page with text
		// comes: a blank page before a recto is not the start
		if !ok || p.Opener || !p.Blank {
			out[i].index, out[i].label = p.Index, p.Label
		}
		settled[c] = p.Opener || !p.Blank
	}
	return out
}

// docName names a document in messages.
func docName(c *manuscript.Chapter) string {
	if c.Numbered {
		return fmt.Sprintf("chapter %d", c.Number)
	}
	return "“" + c.RunningHead() + "”"
}

// compare fills in what changed since the build before: the documents
// that moved, and the diagnostics and layout problems that are new.
func (s *session) compare(r *buildResult) {
	prev := s.prev
	if !r.ok {
		r.lastGood = s.last
	}
	var prevDiags map[string]bool
	if prev != nil {
		prevDiags = map[string]bool{}
		for _, d := range prev.diags {
			prevDiags[d.String()] = true
		}
	}
	for _, d := range r.diags {
		if !prevDiags[d.String()] {
			r.newDiags = append(r.newDiags, d)
		}
	}
	if !r.ok {
		return
	}
	r.pagesN = len(r.doc.Pages)
	good := s.last // the last good build before this one
	if good == nil {
		r.newProblems = r.problems
		return
	}
	r.pagesBefore = len(good.doc.Pages)
	r.moves = moves(good.starts, r.starts)
	seen := map[string]bool{}
	for _, p := range good.problems {
		seen[problemKey(p)] = true
	}
	for _, p := range r.problems {
		if !seen[problemKey(p)] {
			r.newProblems = append(r.newProblems, p)
		}
	}
}

func problemKey(p layout.Problem) string { return fmt.Sprintf("%s\x00%s", p.Pos, p.Message) }

// moves returns the documents of cur that start on another page than in
// prev, in the order of the book.
func moves(prev, cur []docStart) []move {
	before := map[string]int{}
	for _, s := range prev {
		before[s.id] = s.index
	}
	var out []move
	for _, s := range cur {
		if i, ok := before[s.id]; ok && i != s.index {
			out = append(out, move{docStart: s, delta: s.index - i})
		}
	}
	return out
}

// summary says in a line what a good build changed, after "rebuilt in
// 62 ms": "chapter 6 now starts on page 64 (+1)".
func (r *buildResult) summary() string {
	var parts []string
	if len(r.moves) > 0 {
		m := r.moves[0]
		s := fmt.Sprintf("%s now starts on page %s (%+d)", m.name, m.label, m.delta)
		if n := len(r.moves) - 1; n > 0 {
			s += fmt.Sprintf(", and %d later %s", n, plural(n, "document moved", "documents moved"))
		}
		parts = append(parts, s)
	}
	if r.pagesBefore != 0 && r.pagesN != r.pagesBefore {
		parts = append(parts, fmt.Sprintf("%d pages (%+d)", r.pagesN, r.pagesN-r.pagesBefore))
	}
	if len(parts) == 0 {
		return "no chapter moved"
	}
	return strings.Join(parts, "; ")
}

// printResult reports a build of a watch session: the outputs after the
// first build, a line per rebuild, the errors of a failed build with what
// was kept, and the warnings and layout problems that are new.
func printResult(e *env, r *buildResult) {
	ms := r.elapsed.Round(time.Millisecond)
	for _, d := range r.newDiags {
		if d.Severity != manuscript.Error {
			fmt.Fprintln(e.stderr, d.Pretty())
		}
	}
	switch {
	case r.ok && r.seq == 1:
		for _, out := range []output{r.pdf, r.epub} {
			pages := ""
			if out.pages > 0 {
				pages = fmt.Sprintf(", %d pages", out.pages)
			}
			verb := "built"
			if r.written {
				verb = "wrote"
			}
			fmt.Fprintf(e.stdout, "%s %s (%s%s)\n", verb, out.path, humanSize(len(out.data)), pages)
		}
		fmt.Fprintf(e.stdout, "built in %s; watching %s for changes (Ctrl-C to stop)\n", ms, r.dir)
	case r.ok:
		fmt.Fprintf(e.stdout, "rebuilt in %s; %s\n", ms, r.summary())
	default:
		n := 0
		for _, d := range r.diags {
			if d.Severity == manuscript.Error {
				fmt.Fprintln(e.stderr, d.Pretty())
				n++
			}
		}
		msg := fmt.Sprintf("%d %s", n, plural(n, "error", "errors"))
		if r.err != nil {
			fmt.Fprintf(e.stderr, "folio: %v\n", r.err)
			msg = "build failed"
		}
		switch {
		case r.lastGood != nil && r.lastGood.written:
			msg += "; kept the outputs of the last good build"
		case r.lastGood != nil:
			msg += "; the preview shows the last good build"
		default:
			msg += "; nothing was written"
		}
		fmt.Fprintf(e.stderr, "%s (after %s)\n", msg, ms)
	}
	for _, p := range r.newProblems {
		fmt.Fprintln(e.stderr, problemDiagnostic(r.book, p).Pretty())
	}
}

// watcher reports, debounced, the files changed in a folder tree. It
// watches every subfolder, and folders created later too; it watches
// folders rather than files, so that editors that save by writing a new
// file and renaming it over the old one are seen.
type watcher struct {
	fsw    *fsnotify.Watcher
	root   string
	ignore func(path string) bool
}

func newWatcher(root string, ignore func(string) bool) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &watcher{fsw: fsw, root: root, ignore: ignore}
	if err := w.addTree(root); err != nil {
		fsw.Close()
		return nil, err
	}
	return w, nil
}

func (w *watcher) close() { w.fsw.Close() }

// addTree watches dir and every folder under it that is not ignored.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("watch %s: %w", p, err)
			}
			return nil // gone since: the event for it will come
		}
		if !d.IsDir() {
			return nil
		}
		if p != w.root && w.ignore(p) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		return nil
	})
}

// run collects changes until none has come for quiet, then sends the
// changed paths, sorted, on out, until ctx is done. Problems of the watch
// itself go to warn; when events may have been lost (the kernel's queue
// overflowed, or a new folder could not be watched), a build is started
// all the same.
func (w *watcher) run(ctx context.Context, quiet time.Duration, out chan<- []string, warn func(error)) {
	pending := map[string]bool{}
	timer := time.NewTimer(quiet)
	timer.Stop()
	var send chan<- []string // out once the changes have settled
	var batch []string
	changed := func(p string) {
		pending[p] = true
		send = nil
		timer.Reset(quiet)
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || w.ignore(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						warn(err)
					}
				}
			}
			changed(ev.Name)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			warn(fmt.Errorf("watch: %w", err))
			changed(w.root)
		case <-timer.C:
			batch = batch[:0]
			for p := range pending {
				batch = append(batch, p)
			}
			slices.Sort(batch)
			send = out
		case send <- batch:
			clear(pending)
			batch, send = nil, nil
		}
	}
}
