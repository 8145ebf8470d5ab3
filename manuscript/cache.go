package manuscript

import (
	"crypto/sha256"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// A ParseCache keeps the parsed YAML of manuscript files from one load to
// the next, by file name and content, so that an editor's watch session
// parses again only the files an edit changed. Everything else (checking,
// resolving references, inline markup) is done on every load, so a book
// loaded with a cache is the book loaded without one. A file with
// problems is never kept. A ParseCache serves one load at a time.
type ParseCache struct {
	files map[string]parsedFile
	used  map[string]bool
}

type parsedFile struct {
	sum  [sha256.Size]byte
	root *yaml.Node // read, never changed
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{files: map[string]parsedFile{}, used: map[string]bool{}}
}

// LoadDir loads the manuscript in the folder dir as the function LoadDir
// does, parsing only the files that changed since the cache's last load.
func (c *ParseCache) LoadDir(dir string) (*Book, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, Diagnostics{{Pos: Pos{File: dir}, Message: fmt.Sprintf("cannot open the manuscript folder: %v", unwrapPathError(err))}}
	}
	defer root.Close()
	return load(root.FS(), dir, c, true)
}

// get returns the parsed file of that name and content, or nil.
func (c *ParseCache) get(name string, data []byte) *yaml.Node {
	if c == nil {
		return nil
	}
	f, ok := c.files[name]
	if !ok || f.sum != sha256.Sum256(data) {
		return nil
	}
	c.used[name] = true
	return f.root
}

// put keeps a file parsed without problems.
func (c *ParseCache) put(name string, data []byte, root *yaml.Node) {
	if c == nil {
		return
	}
	c.files[name] = parsedFile{sum: sha256.Sum256(data), root: root}
	c.used[name] = true
}

// prune forgets the files the last load did not read.
func (c *ParseCache) prune() {
	for name := range c.files {
		if !c.used[name] {
			delete(c.files, name)
		}
	}
	c.used = map[string]bool{}
}
