package epub

import (
	"archive/zip"
	"crypto/sha256"
	"fmt"
	"path"
	"sync"

	"github.com/folio-press/folio/cover"
	"github.com/folio-press/folio/manuscript"
)

// Cache keeps what one build of an EPUB makes for the next, so that a
// session that rebuilds a book after every edit (folio watch) draws the
// cover, draws the charts and compresses the fonts and documents only
// when they change. Pass the same Cache in Options to every build.
//
// Everything is keyed by content, never by pointer, so a manuscript loaded
// again after an edit finds what did not change: the cover by a digest of
// what it is drawn from (cover.Key), a chart by a digest of its whole
// specification and data, and each file of the archive, compressed, by a
// SHA-256 digest of its bytes. Content documents are rendered on every
// build (all of them together cost a few milliseconds) and compressed only
// when their bytes changed; so an EPUB built with a Cache is byte for byte
// the EPUB built without one.
//
// Entries that no build has used in the last few builds are dropped, so a
// long session does not grow without bound. A Cache is safe for concurrent
// use. The zero Cache is not usable: call NewCache.
type Cache struct {
	mu      sync.Mutex
	build   uint64 // builds begun
	covers  map[[sha256.Size]byte]*cached[[]byte]
	charts  map[[sha256.Size]byte]*cached[[]byte]
	entries map[entryKey]*cached[zipEntry]

	// made counts what was made rather than found, for the tests
	made struct{ covers, charts, entries int }
}

// cacheKeep is how many builds an entry survives unused.
const cacheKeep = 4

// cached is a value with the last build that used it.
type cached[T any] struct {
	v    T
	used uint64
}

// entryKey identifies a compressed archive entry: the digest of its
// bytes and how they are compressed.
type entryKey struct {
	sum    [sha256.Size]byte
	method uint16
	level  int
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{
		covers:  map[[sha256.Size]byte]*cached[[]byte]{},
		charts:  map[[sha256.Size]byte]*cached[[]byte]{},
		entries: map[entryKey]*cached[zipEntry]{},
	}
}

// begin starts a build and returns its number; a nil Cache returns 0.
func (c *Cache) begin() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.build++
	return c.build
}

// end drops the entries no build has used in the last cacheKeep builds,
// counting back from the build that ends.
func (c *Cache) end(build uint64) {
	if c == nil || build <= cacheKeep {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	oldest := build - cacheKeep
	sweep(c.covers, oldest)
	sweep(c.charts, oldest)
	sweep(c.entries, oldest)
}

func sweep[K comparable, V any](m map[K]*cached[V], oldest uint64) {
	for k, e := range m {
		if e.used < oldest {
			delete(m, k)
		}
	}
}

// lookup returns the value for k, marking it used by the build.
func lookup[K comparable, V any](c *Cache, m map[K]*cached[V], k K, build uint64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := m[k]
	if !ok {
		var zero V
		return zero, false
	}
	e.used = max(e.used, build)
	return e.v, true
}

// store records the value for k, used by the build, and counts it in made.
func store[K comparable, V any](c *Cache, m map[K]*cached[V], k K, v V, build uint64, made *int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*made++
	if e, ok := m[k]; ok {
		e.used = max(e.used, build)
		return
	}
	m[k] = &cached[V]{v: v, used: build}
}

// Prepare makes into the cache the slowest part of a Write of book that
// does not depend on Options: the cover and the charts, drawn and
// compressed. A caller with a core to spare calls it while it is still
// working out the rest of the Options (the print edition's page list, which
// takes typesetting the book), and Write then finds them. Problems are left
// for Write to report. Prepare is safe to call beside anything else that
// uses the Cache.
func (c *Cache) Prepare(book *manuscript.Book) {
	if c == nil || book == nil {
		return
	}
	w := newWriter(book, Options{Cache: c})
	if w.plan() != nil {
		return
	}
	c.mu.Lock()
	build := c.build + 1 // the Write that follows
	c.mu.Unlock()
	z := deflaters{}
	for _, res := range w.resources() {
		var data []byte
		var err error
		switch {
		case w.cover != nil && res.id == w.cover.id:
			data, err = c.coverPNG(book, build)
		case res.fig != nil && res.fig.Chart != nil:
			data, err = c.chartImage(res.fig.Chart, build)
		default:
			continue
		}
		if err != nil {
			continue
		}
		method, level := storage(path.Join(contentDir, res.href))
		_, _ = c.entry(data, method, level, z, build)
	}
}

// coverPNG returns the book's cover image, drawn or from the cache.
func (c *Cache) coverPNG(book *manuscript.Book, build uint64) ([]byte, error) {
	if c == nil {
		return cover.PNG(book)
	}
	k, err := cover.Key(book)
	if err != nil {
		return nil, err
	}
	if data, ok := lookup(c, c.covers, k, build); ok {
		return data, nil
	}
	data, err := cover.PNG(book)
	if err != nil {
		return nil, err
	}
	store(c, c.covers, k, data, build, &c.made.covers)
	return data, nil
}

// chartImage returns a chart as the SVG image the EPUB holds, drawn or
// from the cache.
func (c *Cache) chartImage(ch *manuscript.Chart, build uint64) ([]byte, error) {
	if c == nil {
		return chartSVG(ch)
	}
	k := chartKey(ch)
	if data, ok := lookup(c, c.charts, k, build); ok {
		return data, nil
	}
	data, err := chartSVG(ch)
	if err != nil {
		return nil, err
	}
	store(c, c.charts, k, data, build, &c.made.charts)
	return data, nil
}

// chartKey returns a digest of everything chartSVG draws a chart from:
// every field of the chart, positions included, with the values its
// pointers point to, and the width charts are drawn at. The chart is
// printed with %#v, which writes every float exactly (NaN for a missing
// value included); its pointers are taken out and printed by value first,
// since %#v prints a pointer inside a struct as an address. A pointer
// field added to manuscript.Chart later would be printed as an address,
// which would make the key differ on every load: a cache that never hits,
// never a wrong chart.
func chartKey(ch *manuscript.Chart) [sha256.Size]byte {
	h := sha256.New()
	c := *ch
	fmt.Fprintf(h, "epub chart svg, width %d\n", chartWidth)
	if c.AxisMin != nil {
		fmt.Fprintf(h, "axis min %#v\n", *c.AxisMin)
	}
	if c.AxisMax != nil {
		fmt.Fprintf(h, "axis max %#v\n", *c.AxisMax)
	}
	if c.Data != nil {
		fmt.Fprintf(h, "data %#v\n", *c.Data)
	}
	c.AxisMin, c.AxisMax, c.Data = nil, nil, nil
	fmt.Fprintf(h, "%#v\n", c)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// entry returns a file of the archive stored with method and level,
// compressed (with a writer from z) or from the cache.
func (c *Cache) entry(data []byte, method uint16, level int, z deflaters, build uint64) (zipEntry, error) {
	if c == nil || method == zip.Store {
		return compress(data, method, level, z)
	}
	k := entryKey{sum: sha256.Sum256(data), method: method, level: level}
	if e, ok := lookup(c, c.entries, k, build); ok {
		return e, nil
	}
	e, err := compress(data, method, level, z)
	if err != nil {
		return zipEntry{}, err
	}
	store(c, c.entries, k, e, build, &c.made.entries)
	return e, nil
}
