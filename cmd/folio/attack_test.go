package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// attackBook writes a manuscript of one chapter, whose body and charts
// are given as YAML, and its data files.
func attackBook(t *testing.T, chapter string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	book := `title: Attack
authors: [{name: Tester}]
publisher: Folio
date: 2019-07-10
language: en
identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f
chapters: [chapters/one.yaml]
`
	for name, content := range map[string]string{"book.yaml": book, "chapters/one.yaml": chapter} {
		files[name] = content
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestAttacksAreBounded runs the manuscripts that asked for unbounded work
// (#22): each ends, in folio check and in folio build, with one error at
// the place that passed a limit, in under 5 s and 300 MB.
func TestAttacksAreBounded(t *testing.T) {
	para := strings.Repeat("A paragraph repeated by an alias. ", 180) // 6 kB
	aliases := func(n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "id: one\ntitle: One\nbody:\n  - &p %q\n", para)
		for range n {
			b.WriteString("  - *p\n")
		}
		return b.String()
	}
	var rows strings.Builder
	rows.WriteString("year,users\n")
	for i := range 1_000_000 {
		fmt.Fprintf(&rows, "%d,%d\n", i, i%997)
	}
	csvChart := "id: one\ntitle: One\ncharts:\n  - {id: c, type: bar, title: Rows, source: S, data: {file: data/rows.csv, categories: year, series: [users]}}\nbody:\n  - figure: {id: f, chart: c, caption: C, source: S}\n"
	tests := []struct {
		name  string
		dir   func() string
		want  string // in the one error: file:line: and message
		where string
	}{
		{"147 kB alias bomb", func() string { return attackBook(t, aliases(30_000), map[string]string{}) }, "aliases repeat more than 1 MiB of text by here", "chapters/one.yaml:"},
		{"42 kB of aliases", func() string { return attackBook(t, aliases(8_400), map[string]string{}) }, "aliases repeat more than 1 MiB of text by here", "chapters/one.yaml:"},
		{"a million-row CSV", func() string { return attackBook(t, csvChart, map[string]string{"data/rows.csv": rows.String()}) }, "the data file has more than 100000 rows", "data/rows.csv:100002:1"},
		{"a chart of 10,000 bars", func() string {
			var bars strings.Builder
			bars.WriteString("year,users\n")
			for i := range 10_000 {
				fmt.Fprintf(&bars, "%d,%d\n", i, i%97)
			}
			return attackBook(t, csvChart, map[string]string{"data/rows.csv": bars.String()})
		}, `chart "c" is too small for its labels`, "chapters/one.yaml:4:5"},
		{"a 10 MB paragraph", func() string {
			return attackBook(t, "id: one\ntitle: One\nbody:\n  - "+strings.Repeat("word ", 2<<20)+"\n", map[string]string{})
		}, "more than a text may be (2 MiB)", "chapters/one.yaml:4:5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir()
			for _, cmd := range [][]string{{"check", "."}, {"build", "-o", filepath.Join(t.TempDir(), "out"), "."}} {
				start := time.Now()
				r := runFolio(t, dir, nil, cmd...)
				wall := time.Since(start)
				if r.code != 1 {
					t.Errorf("folio %s: exit %d\n%.2000s", cmd[0], r.code, r.stderr)
					continue
				}
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				if !strings.Contains(lines[0], tt.want) || !strings.HasPrefix(lines[0], tt.where) || !strings.HasSuffix(lines[len(lines)-1], "1 error; nothing was written.") {
					t.Errorf("folio %s: want one error %s… %s, got:\n%.2000s", cmd[0], tt.where, tt.want, r.stderr)
				}
				if wall > 5*time.Second || r.maxRSS > 300<<20 {
					t.Errorf("folio %s took %v and %d MB; the bounds are 5 s and 300 MB", cmd[0], wall.Round(time.Millisecond), r.maxRSS>>20)
				}
				t.Logf("folio %s: %v, %d MB", cmd[0], wall.Round(time.Millisecond), r.maxRSS>>20)
			}
		})
	}
}

// TestPageLimit sets a book of more pages than its limits allow: the
// build stops at the block that passes the limit, with its position, and
// writes nothing; raised, the same book builds.
func TestPageLimit(t *testing.T) {
	var body strings.Builder
	body.WriteString("id: one\ntitle: One\nbody:\n")
	for i := range 400 {
		fmt.Fprintf(&body, "  - Paragraph %d. %s\n", i, strings.Repeat("Words fill the page line after line. ", 12))
	}
	dir := attackBook(t, body.String(), map[string]string{})
	book := filepath.Join(dir, "book.yaml")
	data, _ := os.ReadFile(book)
	os.WriteFile(book, append(data, "limits: {pages: 20}\n"...), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	r := runFolio(t, dir, nil, "build", "-o", out, ".")
	if r.code != 1 || !strings.Contains(r.stderr, "the book runs past 20 pages here") || !strings.HasPrefix(r.stderr, "chapters/one.yaml:") || !strings.Contains(r.stderr, "1 error; nothing was written.") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("wrote %d files", len(entries))
	}
	os.WriteFile(book, append(data, "limits: {pages: 200}\n"...), 0o644)
	if r := runFolio(t, dir, nil, "build", "-o", out, "."); r.code != 0 {
		t.Errorf("with the limit raised: exit %d\n%s", r.code, r.stderr)
	}
	os.WriteFile(book, append(data, "limits: {pages: many, text: 12XB}\n"...), 0o644)
	if r := runFolio(t, dir, nil, "check", "."); r.code != 1 || !strings.Contains(r.stderr, `limits: pages "many" is not a number`) || !strings.Contains(r.stderr, `limits: text "12XB" is not a size`) {
		t.Errorf("bad limits: exit %d\n%s", r.code, r.stderr)
	}
}
