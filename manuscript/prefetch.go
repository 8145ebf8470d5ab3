package manuscript

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"path"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A prefetcher parses, on another goroutine, every other chapter and
// matter file book.yaml lists (their YAML, and the inline markup of every
// text in them) while the loader decodes the files in turn, so that a load
// uses two cores. The loader takes what the prefetcher made where it can:
// parsing is a function of the text alone, so a book loaded with a
// prefetcher is the book loaded without one, problems and their positions
// included. The prefetcher reports nothing itself; a file it cannot parse
// cleanly is left for the loader to parse and report.
type prefetcher struct {
	files map[string]*prefetched // by display path
}

// prefetched is what the prefetcher made of one file. Its fields are
// written before done is closed and read after.
type prefetched struct {
	done chan struct{}
	data []byte     // the file's bytes as read
	root *yaml.Node // nil when the file did not parse cleanly

	mu      sync.Mutex
	inlines map[string][]parsedText // by text; each taken once
}

// parsedText is a text's inline markup, with the problems found in it.
type parsedText struct {
	inlines  []Inline
	problems []problem
}

type problem struct {
	offset    int
	hint, msg string
}

// startPrefetch starts prefetching the files book.yaml's root names, or
// returns nil when there are fewer than two. The ParseCache, if any, is
// read here, before the goroutine starts, for the files already parsed.
func (l *loader) startPrefetch(root *yaml.Node) *prefetcher {
	names := listedFiles(root)
	if len(names) < 2 {
		return nil
	}
	p := &prefetcher{files: map[string]*prefetched{}}
	type job struct {
		name, file string
		cached     parsedFile
	}
	var jobs []job
	for i, name := range names {
		file := l.display(name)
		if i%2 == 0 || p.files[file] != nil {
			continue // the loader's: it starts with the first
		}
		p.files[file] = &prefetched{done: make(chan struct{}), inlines: map[string][]parsedText{}}
		j := job{name: name, file: file}
		if l.cache != nil {
			j.cached = l.cache.files[file]
		}
		jobs = append(jobs, j)
	}
	fsys := l.fsys
	go func() {
		inline := newInlineParser()
		for _, j := range jobs {
			p.files[j.file].fill(fsys, j.name, j.file, j.cached, inline)
		}
	}()
	return p
}

// fill reads and parses the file.
func (f *prefetched) fill(fsys fs.FS, name, file string, cached parsedFile, inline *inlineParser) {
	defer close(f.done)
	if st, err := fs.Stat(fsys, name); err != nil || !st.Mode().IsRegular() || st.Size() > maxFileSize {
		return
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return
	}
	f.data = data
	root := cached.root
	if root == nil || cached.sum != sha256.Sum256(data) {
		root = nil
		trimmed := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !checkBytes(file, trimmed, func(Diagnostic) {}) {
			return
		}
		doc, second, err := decodeDocument(trimmed)
		if err != nil || second != nil || doc.Kind == 0 || len(doc.Content) == 0 || isNull(doc.Content[0]) {
			return // the loader reports it
		}
		root = doc.Content[0]
		f.root = root
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Tag == "!!str" && n.Value != "" {
				var pt parsedText
				pt.inlines = inline.parse(n.Value, func(offset int, hint, msg string) {
					pt.problems = append(pt.problems, problem{offset, hint, msg})
				})
				f.mu.Lock()
				f.inlines[n.Value] = append(f.inlines[n.Value], pt)
				f.mu.Unlock()
			}
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i]) // values, not keys
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(root)
}

// root returns the parsed root of file, if the prefetcher has it for these
// bytes, waiting for it if need be.
func (p *prefetcher) root(file string, data []byte) *yaml.Node {
	if p == nil {
		return nil
	}
	f := p.files[file]
	if f == nil {
		return nil
	}
	<-f.done
	if f.root == nil || !bytes.Equal(f.data, data) {
		return nil
	}
	return f.root
}

// text returns the inline markup of a text of file, parsed ahead, once.
func (p *prefetcher) text(file, s string) (parsedText, bool) {
	if p == nil {
		return parsedText{}, false
	}
	f := p.files[file]
	if f == nil {
		return parsedText{}, false
	}
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	list := f.inlines[s]
	if len(list) == 0 {
		return parsedText{}, false
	}
	f.inlines[s] = list[1:]
	return list[0], true
}

// wait returns when the prefetcher has finished with every file.
func (p *prefetcher) wait() {
	if p == nil {
		return
	}
	for _, f := range p.files {
		<-f.done
	}
}

// listedFiles returns the chapter and matter files book.yaml's root names,
// in order, as the loader cleans them; names the loader would refuse are
// left out, for it to report.
func listedFiles(root *yaml.Node) []string {
	var names []string
	add := func(n *yaml.Node) {
		n = unalias(n)
		if n == nil || n.Kind != yaml.ScalarNode {
			return
		}
		p := n.Value
		if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, ":") {
			return
		}
		clean := path.Clean(strings.ReplaceAll(p, `\`, "/"))
		if fs.ValidPath(clean) && clean != "." {
			names = append(names, clean)
		}
	}
	items := func(key string) []*yaml.Node {
		n := unalias(mappingValue(unalias(root), key))
		if n == nil || n.Kind != yaml.SequenceNode {
			return nil
		}
		return n.Content
	}
	for _, it := range items("front") {
		add(mappingValue(unalias(it), "file"))
	}
	for _, it := range items("chapters") {
		add(it)
	}
	for _, it := range items("back") {
		add(mappingValue(unalias(it), "file"))
	}
	return names
}

// mappingValue returns the value of key in the mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
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
