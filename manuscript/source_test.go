package manuscript

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestScalarPositions checks scalarLoc against the file itself: each
// document holds the token XQZ once in one scalar, and the position
// computed for its offset in the decoded value must be where a plain
// search of the file's text finds it, in every style YAML has.
func TestScalarPositions(t *testing.T) {
	docs := []struct {
		name, yaml string
	}{
		{"plain, first line", "p: see XQZ here\n"},
		{"plain, folded", "p: a paragraph that\n  runs over lines,\n     the third with XQZ in it\n  and a fourth\n"},
		{"plain, blank line", "p: one\n\n  two XQZ\n"},
		{"folded", "p: >\n  a paragraph that\n  runs on, and\n  XQZ stands here\n"},
		{"folded, strip", "p: >-\n  a paragraph that\n  runs on, with XQZ\n"},
		{"folded, keep and comment", "p: >+ # a comment\n    a paragraph\n    with XQZ\n\n"},
		{"folded, more indented", "p: >\n  a paragraph\n    indented\n  and XQZ\n"},
		{"literal", "p: |\n  line one\n  line two\n    and XQZ\n"},
		{"literal, indentation indicator", "p: |2\n   one\n   two XQZ\n"},
		{"double-quoted", "p: \"one line, then XQZ\"\n"},
		{"double-quoted, folded", "p: \"a paragraph that\n  runs on, and\n  has XQZ on its third line\"\n"},
		{"double-quoted, escapes", "p: \"caf\\u00e9 \\\"quoted\\\" \\x41\\t\\\\ XQZ\"\n"},
		{"double-quoted, escaped break", "p: \"a long line \\\n  continued with XQZ\"\n"},
		{"double-quoted, escaped newline", "p: \"one\\ntwo\\nthree XQZ\"\n"},
		{"single-quoted", "p: 'it''s a paragraph that\n  runs on, it''s XQZ'\n"},
		{"wide characters", "p: 中文的段落，\n  然后 XQZ\n"},
		{"in a list", "- - p: >\n      nested\n      deep XQZ\n"},
		{"flow mapping", "{p: \"a, b\n  XQZ\"}\n"},
		{"after a BOM-free CRLF file", "p: >\r\n  one\r\n  two XQZ\r\n"},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			var root yaml.Node
			if err := yaml.Unmarshal([]byte(d.yaml), &root); err != nil {
				t.Fatal(err)
			}
			n := findScalar(&root, "XQZ")
			if n == nil {
				t.Fatal("no scalar holds XQZ")
			}
			src := newSource("f.yaml", []byte(d.yaml))
			loc := &scalarLoc{src: src, line: n.Line, col: n.Column, style: n.Style}
			got := loc.at(n.Value, strings.Index(n.Value, "XQZ"))
			want := src.pos(strings.Index(d.yaml, "XQZ"))
			if got != want {
				t.Errorf("XQZ at %s; the file has it at %s\n%s", got, want, d.yaml)
			}
			// the scalar's first character is where YAML says the
			// scalar starts, but for the indicator or quote before it
			first := loc.at(n.Value, 0)
			if n.Style == 0 && (first.Line != n.Line || first.Col != n.Column) {
				t.Errorf("first character at %s; YAML says %d:%d", first, n.Line, n.Column)
			}
		})
	}
}

// TestScalarPositionsInOrder checks that one walk gives every offset the
// position a walk for it alone gives.
func TestScalarPositionsInOrder(t *testing.T) {
	text := "p: >\n  a [@fig:one] and\n  [@tab:two], then\n  [^three] at last\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		t.Fatal(err)
	}
	n := root.Content[0].Content[1]
	loc := &scalarLoc{src: newSource("f.yaml", []byte(text)), line: n.Line, col: n.Column, style: n.Style}
	var offs []int
	for i := range n.Value {
		if n.Value[i] == '[' {
			offs = append(offs, i)
		}
	}
	out := make([]Pos, len(offs))
	loc.positions(n.Value, offs, out)
	want := []string{"f.yaml:2:5", "f.yaml:3:3", "f.yaml:4:3"}
	for i, p := range out {
		if p.String() != want[i] || loc.at(n.Value, offs[i]) != p {
			t.Errorf("offset %d: %s (alone %s); want %s", offs[i], p, loc.at(n.Value, offs[i]), want[i])
		}
	}
}

func findScalar(n *yaml.Node, token string) *yaml.Node {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, token) {
		return n
	}
	for _, c := range n.Content {
		if f := findScalar(c, token); f != nil {
			return f
		}
	}
	return nil
}

// TestSourceLine checks the lines a diagnostic shows.
func TestSourceLine(t *testing.T) {
	s := newSource("f", []byte("one\r\ntwo\n\nfour"))
	for n, want := range map[int]string{1: "one", 2: "two", 3: "", 4: "four"} {
		if got, ok := s.line(n); !ok || got != want {
			t.Errorf("line %d = %q, %v; want %q", n, got, ok, want)
		}
	}
	if _, ok := s.line(5); ok {
		t.Error("line 5 of a 4-line file")
	}
}

// TestTextPositionsAt checks Text.PositionsAt against PosAt, offset by
// offset, with offsets before and past the text and repeated ones.
func TestTextPositionsAt(t *testing.T) {
	text := "p: >\n  a [@fig:one] and\n  [@tab:two], then\n  [^three] at last\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		t.Fatal(err)
	}
	n := root.Content[0].Content[1]
	tx := Text{Pos: Pos{File: "f.yaml", Line: n.Line, Col: n.Column}, Source: n.Value,
		loc: &scalarLoc{src: newSource("f.yaml", []byte(text)), line: n.Line, col: n.Column, style: n.Style}}
	offs := []int{-1, 0, 2, 2, 17, 30, len(n.Value), len(n.Value) + 5}
	got := tx.PositionsAt(offs)
	for i, off := range offs {
		if want := tx.PosAt(off); got[i] != want {
			t.Errorf("offset %d: %s, PosAt gives %s", off, got[i], want)
		}
	}
	made := Text{Pos: Pos{File: "x", Line: 3, Col: 1}, Source: "made by a program"}
	if got := made.PositionsAt([]int{0, 4}); got[0] != made.Pos || got[1] != made.Pos {
		t.Errorf("a text with no scalar: %v", got)
	}
}
