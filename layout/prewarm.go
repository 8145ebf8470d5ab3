package layout

import (
	"runtime"
	"sync"

	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/manuscript"
)

// prewarm sets the body paragraphs of every chapter and matter file into
// cache on all cores, before the book is paginated: line breaking is most
// of the typesetting's work, and paragraphs do not depend on one another.
// The page builder then finds them in the cache, under the keys it would
// have set them under (a paragraph the guess below gets wrong, such as its
// first-line indent, is simply set again). The lines are the same whatever
// the scheduling: each paragraph's lines depend on its key alone.
func prewarm(book *manuscript.Book, fs *fontSet, hyp *hyphen.Hyphenator, cache *Cache, labels map[string]string) {
	var docs []*manuscript.Chapter
	for _, m := range book.Front {
		if m.Doc != nil {
			docs = append(docs, m.Doc)
		}
	}
	docs = append(docs, book.Chapters...)
	for _, m := range book.Back {
		if m.Doc != nil {
			docs = append(docs, m.Doc)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	if workers < 2 {
		return // the page builder sets them as it goes
	}
	g := newGeometry(book.Trim)
	st := style{font: Font{Role: Body}, size: 10, color: book.Theme.Text}
	ts := &textSetter{fs: fs, pages: labels}
	// each worker fills a cache of its own; the shared one is only read
	// until they are done
	caches := make([]*Cache, workers)
	next := make(chan *manuscript.Chapter)
	var wg sync.WaitGroup
	for w := range caches {
		caches[w] = NewCache()
		just := newJustifier(fs, hyp, caches[w])
		wg.Go(func() {
			for c := range next {
				indent := false
				for _, blk := range c.Body {
					p, ok := blk.(*manuscript.Paragraph)
					if !ok {
						indent = false
						continue
					}
					in := 0.0
					if indent {
						in = 4.5
					}
					key := paraKey{src: p.Text.Source, doc: c.ID, st: st, measure: g.measure, indent: in, al: justify, refs: ts.refPages(p.Text.Inlines)}
					if _, done := cache.lines[key]; !done {
						setParagraph(ts, just, c.ID, p.Text, st, g.measure, in, justify)
					}
					indent = true
				}
			}
		})
	}
	for _, c := range docs {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, c := range caches {
		cache.merge(c)
	}
}
