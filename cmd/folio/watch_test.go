package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// deadline bounds how long a test waits for a build it expects. It is not
// a timing assertion: a build takes a second or two; this only keeps a
// broken watcher from hanging the test run.
const deadline = 90 * time.Second

// copyManuscript copies a manuscript of testdata/valid into a new
// temporary folder and returns the folder.
func copyManuscript(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "valid", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// editFile replaces old with new in the file, failing if old is not there.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// epubText returns the text of every XHTML file of an EPUB.
func epubText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(b)
	}
	return sb.String()
}

// TestWatchLoop drives a watch session on a copy of a small manuscript:
// each step changes the folder as an editor would and checks the build
// that follows.
func TestWatchLoop(t *testing.T) {
	dir := copyManuscript(t, "minimal")
	out := filepath.Join(t.TempDir(), "out")
	chapter := filepath.Join(dir, "chapters", "users.yaml")
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "1562716800" }}
	s := newSession(e, dir, out)
	s.write = true

	results := make(chan *buildResult, 16)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watchLoop(ctx, s, func(r *buildResult) { results <- r }, func() { close(ready) })
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watchLoop: %v", err)
		}
	}()
	next := func(t *testing.T) *buildResult {
		t.Helper()
		select {
		case r := <-results:
			return r
		case err := <-done:
			t.Fatalf("the watch loop stopped: %v", err)
		case <-time.After(deadline):
			t.Fatal("no build came")
		}
		return nil
	}
	first := next(t)
	if !first.ok || !first.written {
		t.Fatalf("first build: ok %v, written %v, err %v, diags %v", first.ok, first.written, first.err, first.diags)
	}
	<-ready
	pdfPath, epubPath := first.pdf.path, first.epub.path
	if !strings.HasSuffix(pdfPath, "-draft.pdf") || filepath.Dir(pdfPath) != out {
		t.Errorf("the PDF is written to %s, want a draft in %s", pdfPath, out)
	}
	read := func(t *testing.T, p string) []byte {
		t.Helper()
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	steps := []struct {
		name   string
		change func(t *testing.T)
		ok     bool
		want   string // in the EPUB's text when ok; in a diagnostic when not
	}{
		{"edit a word", func(t *testing.T) {
			editFile(t, chapter, "China had 829", "China counted 829")
		}, true, "China counted 829"},
		{"save by rename", func(t *testing.T) {
			data := bytes.Replace(read(t, chapter), []byte("counted"), []byte("reached"), 1)
			tmp := chapter + ".new"
			if err := os.WriteFile(tmp, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, chapter); err != nil {
				t.Fatal(err)
			}
		}, true, "China reached 829"},
		{"break the YAML", func(t *testing.T) {
			editFile(t, chapter, "title: Users", "title: [Users")
		}, false, filepath.Join(dir, "chapters", "users.yaml") + ":"},
		{"fix it", func(t *testing.T) {
			editFile(t, chapter, "title: [Users", "title: Users")
		}, true, "China reached 829"},
		{"a chapter in a new subfolder", func(t *testing.T) {
			sub := filepath.Join(dir, "chapters", "extra")
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			ch := "id: more\ntitle: More\nbody:\n  - A new chapter about subfolders.\n"
			if err := os.WriteFile(filepath.Join(sub, "more.yaml"), []byte(ch), 0o644); err != nil {
				t.Fatal(err)
			}
			editFile(t, filepath.Join(dir, "book.yaml"), "  - chapters/users.yaml", "  - chapters/users.yaml\n  - chapters/extra/more.yaml")
		}, true, "A new chapter about subfolders."},
		{"edit in the subfolder", func(t *testing.T) {
			// only a watched subfolder sees this
			editFile(t, filepath.Join(dir, "chapters", "extra", "more.yaml"), "about subfolders", "about watched subfolders")
		}, true, "A new chapter about watched subfolders."},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			goodPDF, goodEPUB := read(t, pdfPath), read(t, epubPath)
			changed := time.Now()
			st.change(t)
			// A build that started before the change may have read the
			// files before it. A change may come as several events far enough apart on a
			// busy machine to start more than one build (a truncation,
			// then the write): wait for the build that sees all of it.
			var r *buildResult
			for r == nil || r.started.Before(changed) || !matches(r, st.ok, st.want, func() string { return epubText(t, read(t, epubPath)) }) {
				r = next(t)
			}
			if st.ok {
				return
			}
			if r.lastGood == nil || r.lastGood.seq >= r.seq {
				t.Errorf("the failed build does not name the last good one")
			}
			if !bytes.Equal(read(t, pdfPath), goodPDF) || !bytes.Equal(read(t, epubPath), goodEPUB) {
				t.Error("a failed build replaced the last good outputs")
			}
		})
	}
}

// matches reports whether a build is the one a step expects: a good build
// whose EPUB (read by text) contains want, or a failed one with a
// diagnostic starting with want.
func matches(r *buildResult, ok bool, want string, text func() string) bool {
	if r.ok != ok {
		return false
	}
	if ok {
		return strings.Contains(text(), want)
	}
	for _, d := range r.diags {
		if strings.HasPrefix(d.String(), want) {
			return true
		}
	}
	return false
}

func TestIgnored(t *testing.T) {
	dir := filepath.Join("work", "book")
	s := &session{dir: dir, out: filepath.Join(dir, "out")}
	for _, c := range []struct {
		path string
		want bool
	}{
		{"work/book/chapters/01.yaml", false},
		{"work/book/data/users.csv", false},
		{"work/book/chapters", false},
		{"work/book/out/book-draft.pdf", true},
		{"work/book/out", true},
		{"work/book/outline.yaml", false},
		{"work/book/chapters/.01.yaml.swp", true},
		{"work/book/chapters/01.yaml~", true},
		{"work/book/chapters/#01.yaml#", true},
		{"work/book/chapters/4913", true},
		{"work/book/.git/index", true},
		{"work/book/chapters/.folio-tmp-01.yaml-123", true},
		{"work/book/chapters/01.yaml___jb_tmp___", true},
	} {
		if got := s.ignored(filepath.FromSlash(c.path)); got != c.want {
			t.Errorf("ignored(%s) = %v, want %v", c.path, got, c.want)
		}
	}
}

func TestSummary(t *testing.T) {
	starts := func(idx ...int) []docStart {
		var out []docStart
		for i, x := range idx {
			out = append(out, docStart{id: string(rune('a' + i)), name: "chapter " + string(rune('1'+i)), index: x, label: string(rune('0' + x))})
		}
		return out
	}
	for _, c := range []struct {
		name              string
		prev, cur         []docStart
		pagesPrev, pagesN int
		want              string
	}{
		{"nothing moved", starts(1, 3, 5), starts(1, 3, 5), 8, 8, "no chapter moved"},
		{"one moved", starts(1, 3, 5), starts(1, 3, 6), 8, 9, "chapter 3 now starts on page 6 (+1); 9 pages (+1)"},
		{"later ones too", starts(1, 3, 5), starts(1, 4, 6), 8, 8, "chapter 2 now starts on page 4 (+1), and 1 later document moved"},
		{"backwards", starts(1, 3, 5, 7), starts(1, 2, 4, 6), 8, 7, "chapter 2 now starts on page 2 (-1), and 2 later documents moved; 7 pages (-1)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &buildResult{moves: moves(c.prev, c.cur), pagesBefore: c.pagesPrev, pagesN: c.pagesN}
			if got := r.summary(); got != c.want {
				t.Errorf("summary() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestDocumentStarts(t *testing.T) {
	a := &manuscript.Chapter{ID: "a", Numbered: true, Number: 1}
	b := &manuscript.Chapter{ID: "b", Short: "Glossary"}
	doc := &layout.Document{Pages: []*layout.Page{
		{Index: 0, Label: "i"},
		{Index: 1, Label: "1", Chapter: a, Opener: true},
		{Index: 2, Label: "2", Chapter: a},
		{Index: 3, Label: "3", Chapter: b, Blank: true}, // the blank before a recto
		{Index: 4, Label: "4", Chapter: b, Opener: true},
	}}
	got := documentStarts(doc)
	want := []docStart{
		{id: "a", name: "chapter 1", index: 1, label: "1"},
		{id: "b", name: "“Glossary”", index: 4, label: "4"},
	}
	if len(got) != len(want) {
		t.Fatalf("documentStarts = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("start %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a process's output and a test
// reading it at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWatchCommand runs 'folio watch' as a process: it builds, prints a
// line per rebuild with the chapter whose start moved, and stops cleanly
// on SIGINT.
func TestWatchCommand(t *testing.T) {
	dir := copyManuscript(t, "minimal")
	out := t.TempDir()
	cmd := exec.Command(folioBin(t), "watch", "-o", out, dir)
	var so, se syncBuffer
	cmd.Stdout, cmd.Stderr = &so, &se
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, "the first build", func() bool { return strings.Contains(so.String(), "watching") })
	if !strings.Contains(so.String(), "mobile-china-draft.pdf") {
		t.Errorf("stdout does not name the draft PDF:\n%s", so.String())
	}
	// a long paragraph pushes the back of the book by a page or more
	long := strings.Repeat("More words make more lines and the lines make more pages. ", 120)
	editFile(t, filepath.Join(dir, "chapters", "users.yaml"), "  - figure:", "  - "+long+"\n  - figure:")
	waitFor(t, "the rebuild", func() bool { return strings.Contains(so.String(), "rebuilt in ") })
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if err != nil {
		t.Errorf("folio watch after SIGINT: %v\nstderr:\n%s", err, se.String())
	}
	if !strings.Contains(se.String(), "stopped") {
		t.Errorf("stderr does not say it stopped:\n%s", se.String())
	}
	if !strings.Contains(so.String(), "pages (+") {
		t.Errorf("the rebuild line does not say the book grew:\n%s", so.String())
	}
}

func TestWatchUsage(t *testing.T) {
	empty := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no book.yaml here", []string{"watch"}, "no book.yaml in the current folder"},
		{"not a folder", []string{"watch", filepath.Join(empty, "nothing")}, "is not a folder"},
		{"serve: no book.yaml here", []string{"serve"}, "no book.yaml in the current folder"},
		{"serve: bad address", []string{"serve", "--addr", "localhost", "."}, "--addr"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := folio(t, empty, nil, c.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d", r.code, exitUsage)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q does not contain %q", r.stderr, c.want)
			}
		})
	}
}
