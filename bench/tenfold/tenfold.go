// Package tenfold generates a manuscript about ten times the size of the
// bundled report, for benchmarks: the report's chapters are copied, in
// order and round after round, until the book has the number of chapters
// asked for (110 by default), each copy with ids of its own. The front and
// back matter, which refer to every chapter, are kept once, so a book
// has at least the report's 13 chapters.
//
// In round r (counted from 1) every id a chapter defines (the chapter's,
// its charts', figures', tables' and headings') gets the suffix "-rR" from
// round 2 on, and so do the chart references of its figures and the
// cross-references to ids defined in the same round; cross-references to
// chapters missing from a partial last round keep pointing at round 1.
// The result loads without errors, like the report.
package tenfold

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/folio-press/folio/manuscript/report"
)

// Chapters is the number of chapters of the generated manuscript that the
// benchmarks use: ten times the report's eleven sector chapters.
const Chapters = 110

// source is one chapter of the report, parsed.
type source struct {
	name string     // file name in chapters/, e.g. 03-ecommerce.yaml
	id   string     // the chapter's id
	ids  []string   // every explicit id it defines
	doc  *yaml.Node // the parsed file
}

// Generate writes a manuscript of n chapters made from the bundled
// report's into the folder dst, which is created if needed.
func Generate(dst string, n int) error {
	bookSrc, err := fs.ReadFile(report.FS, "book.yaml")
	if err != nil {
		return fmt.Errorf("tenfold: %w", err)
	}
	var book yaml.Node
	if err := yaml.Unmarshal(bookSrc, &book); err != nil {
		return fmt.Errorf("tenfold: book.yaml: %w", err)
	}
	list := mapValue(book.Content[0], "chapters")
	if list == nil || list.Kind != yaml.SequenceNode {
		return fmt.Errorf("tenfold: book.yaml has no chapters list")
	}
	var srcs []*source
	for _, item := range list.Content {
		s, err := readChapter(item.Value)
		if err != nil {
			return err
		}
		srcs = append(srcs, s)
	}
	if n < len(srcs) {
		// the front and back matter refer to every chapter
		return fmt.Errorf("tenfold: %d chapters: need at least the report's %d", n, len(srcs))
	}
	// Copy everything but the chapters as it is.
	err = fs.WalkDir(report.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "book.yaml" || strings.HasPrefix(p, "chapters/") {
			return err
		}
		data, err := fs.ReadFile(report.FS, p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dst, filepath.FromSlash(p)), data)
	})
	if err != nil {
		return fmt.Errorf("tenfold: %w", err)
	}
	list.Content = nil
	rounds := (n + len(srcs) - 1) / len(srcs)
	for r := 1; r <= rounds; r++ {
		in := srcs
		if left := n - (r-1)*len(srcs); left < len(in) {
			in = in[:left]
		}
		rename := map[string]string{} // old id → id in this round
		for _, s := range in {
			for _, id := range s.ids {
				rename[id] = suffixed(id, r)
			}
		}
		for _, s := range in {
			doc := copyNode(s.doc)
			rewrite(doc, rename, in, r)
			name := s.name
			if r > 1 {
				name = fmt.Sprintf("r%02d-%s", r, s.name)
			}
			var buf bytes.Buffer
			enc := yaml.NewEncoder(&buf)
			enc.SetIndent(2)
			if err := enc.Encode(doc); err != nil {
				return fmt.Errorf("tenfold: %s: %w", name, err)
			}
			if err := writeFile(filepath.Join(dst, "chapters", name), buf.Bytes()); err != nil {
				return fmt.Errorf("tenfold: %w", err)
			}
			list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "chapters/" + name})
		}
	}
	if t := mapValue(book.Content[0], "title"); t != nil {
		t.Value += fmt.Sprintf(" (%d chapters)", n)
	}
	out, err := yaml.Marshal(&book)
	if err != nil {
		return fmt.Errorf("tenfold: book.yaml: %w", err)
	}
	if err := writeFile(filepath.Join(dst, "book.yaml"), out); err != nil {
		return fmt.Errorf("tenfold: %w", err)
	}
	return nil
}

func suffixed(id string, round int) string {
	if round == 1 {
		return id
	}
	return fmt.Sprintf("%s-r%d", id, round)
}

// readChapter parses a chapter of the report and lists the ids it defines.
func readChapter(p string) (*source, error) {
	data, err := fs.ReadFile(report.FS, p)
	if err != nil {
		return nil, fmt.Errorf("tenfold: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("tenfold: %s: %w", p, err)
	}
	s := &source{name: path.Base(p), doc: &doc}
	if id := mapValue(doc.Content[0], "id"); id != nil {
		s.id = id.Value
	}
	walk(&doc, func(key, value *yaml.Node) {
		if key != nil && key.Value == "id" && value.Kind == yaml.ScalarNode {
			s.ids = append(s.ids, value.Value)
		}
	})
	return s, nil
}

// refPattern matches a cross-reference: [@fig:ID], [@tab:ID], [@ch:ID],
// [@sec:ID].
var refPattern = regexp.MustCompile(`\[@(fig|tab|ch|sec):([^\]\s]+)\]`)

// rewrite gives a copy of a chapter the ids of round r.
func rewrite(doc *yaml.Node, rename map[string]string, in []*source, r int) {
	if r == 1 {
		return
	}
	walk(doc, func(key, value *yaml.Node) {
		if value.Kind != yaml.ScalarNode {
			return
		}
		if key != nil && (key.Value == "id" || key.Value == "chart") {
			if to, ok := rename[value.Value]; ok {
				value.Value = to
			}
			return
		}
		if !strings.Contains(value.Value, "[@") {
			return
		}
		value.Value = refPattern.ReplaceAllStringFunc(value.Value, func(ref string) string {
			m := refPattern.FindStringSubmatch(ref)
			kind, id := m[1], m[2]
			if to, ok := rename[id]; ok {
				return "[@" + kind + ":" + to + "]"
			}
			// a heading's id made from its text starts with its
			// chapter's id
			for _, s := range in {
				if strings.HasPrefix(id, s.id+"-") {
					return "[@" + kind + ":" + suffixed(s.id, r) + id[len(s.id):] + "]"
				}
			}
			return ref
		})
	})
}

// walk calls fn for every node under n, with the mapping key it is the
// value of (nil for sequence items and the document).
func walk(n *yaml.Node, fn func(key, value *yaml.Node)) {
	var visit func(key, n *yaml.Node)
	visit = func(key, n *yaml.Node) {
		fn(key, n)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				visit(n.Content[i], n.Content[i+1])
			}
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				visit(nil, c)
			}
		}
	}
	visit(nil, n)
}

// mapValue returns the value of key in the mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// copyNode returns a deep copy of n.
func copyNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = copyNode(k)
	}
	if n.Alias != nil {
		c.Alias = copyNode(n.Alias)
	}
	return &c
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
