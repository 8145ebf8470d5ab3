package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

// TestLineProblemsAtTheirFirstWord sets folded paragraphs whose middle
// lines cannot be set well (a long code word that cannot be broken) and
// checks that every loose or overfull line is reported at the manuscript
// position of its own first word: the word the source has at that line
// and column is the word the page's flagged line begins with.
func TestLineProblemsAtTheirFirstWord(t *testing.T) {
	dir := t.TempDir()
	book := `title: Loose Lines
authors: [{name: Test Author}]
publisher: Folio Press
date: 2019-07-10
language: en-GB
identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f
chapters: [chapter.yaml]
`
	var body strings.Builder
	body.WriteString("id: one\ntitle: One\nbody:\n")
	for i, n := range []int{38, 44, 50, 56, 62} {
		body.WriteString("  - >-\n")
		body.WriteString("    The first line of this paragraph is an ordinary line of prose, and\n")
		body.WriteString("    so is the second; the third holds a word that cannot be broken:\n")
		body.WriteString("    `" + strings.Repeat("x", n) + "` and then the paragraph\n")
		body.WriteString("    goes on with words of the usual length for a few more lines, so that\n")
		body.WriteString("    the line breaker has something to spread the space over, paragraph " + string(rune('A'+i)) + ".\n")
	}
	for name, text := range map[string]string{"book.yaml": book, "chapter.yaml": body.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := manuscript.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Typeset(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	source := strings.Split(body.String(), "\n")
	inside := 0
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			m, ok := it.(MarkItem)
			if !ok || !strings.Contains(m.Problem.Message, "line") {
				continue
			}
			pos := m.Problem.Pos
			if filepath.Base(pos.File) != "chapter.yaml" || pos.Line < 1 || pos.Line > len(source) {
				t.Fatalf("%s: not in the chapter", pos)
			}
			src := []rune(source[pos.Line-1])
			if pos.Col < 1 || pos.Col > len(src) {
				t.Fatalf("%s: past the line's end", pos)
			}
			want := strings.Fields(strings.Trim(string(src[pos.Col-1:]), "`"))[0]
			// the first word drawn on the flagged line
			first := ""
			firstX := 1e9
			for _, it := range p.Items {
				if tx, ok := it.(TextItem); ok && tx.Y == m.Y && tx.X < firstX {
					first, firstX = tx.Text, tx.X
				}
			}
			if !strings.HasPrefix(strings.Trim(want, "`"), strings.TrimRight(first, "-")) {
				t.Errorf("%s (%s): the source has %q there; the line begins with %q", pos, m.Problem.Message, want, first)
			}
			if !strings.Contains(string(src), ">-") {
				inside++ // not the paragraph's start: a line of its own
			}
		}
	}
	t.Logf("%d line problems inside paragraphs", inside)
	if inside == 0 {
		t.Fatal("no line problem inside a paragraph: the test sets nothing it checks")
	}
}
