package layout

import (
	"runtime"
	"sync"

	"github.com/folio-press/folio/manuscript"
)

// prewarm sets the body paragraphs of every chapter and matter file into
// just's cache on all cores (each worker a fork of just), before the book is paginated: line breaking is most
// of the typesetting's work, and paragraphs do not depend on one another.
// The page builder then finds them in the cache, under the keys it would
// have set them under (a paragraph the guess below gets wrong, such as its
// first-line indent, is simply set again). The lines are the same whatever
// the scheduling: each paragraph's lines depend on its key alone.
func prewarm(book *manuscript.Book, just *justifier, labels map[string]string) {
	docs := book.Documents()
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	if workers < 2 {
		return // the page builder sets them as it goes
	}
	g := newGeometry(book.Trim)
	st := style{font: Font{Role: Body}, size: 10, color: book.Theme.Text}
	ts := &textSetter{fs: just.fs, pages: labels}
	// each worker fills a cache of its own; the shared one is only read
	// until they are done
	forks := make([]*justifier, workers)
	next := make(chan *manuscript.Chapter)
	var wg sync.WaitGroup
	for w := range forks {
		fork := just.fork()
		forks[w] = fork
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
					setParagraph(ts, fork, c.ID, p.Text, st, g.measure, in, justify)
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
	for _, f := range forks {
		just.cache.merge(f.cache)
	}
}
