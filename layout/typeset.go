// Package layout typesets a manuscript into pages, and draws them as the
// display list of an edition.
//
// The work is done in separate steps: inline text becomes words (text.go),
// words become lines (breakLines, and the justifier's Knuth–Plass line
// breaking in para.go), blocks and lines are flowed onto pages
// (builder.go, blocks.go, figures.go, front.go), and the pages are drawn,
// with their furniture, as a display list (display.go), which a writer
// turns into a file: package pdf. The EPUB writer reads the same pages
// for its page-list.
package layout

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/manuscript"
)

// Edition is the kind of PDF to make.
type Edition string

// The editions.
const (
	Print  Edition = "print"  // for the print shop
	Screen Edition = "screen" // for reading on screen
	Draft  Edition = "draft"  // for editors: marked as a draft, with layout problems flagged
)

// Editions lists the valid editions.
var Editions = []Edition{Print, Screen, Draft}

// Options control typesetting (Cache) and drawing an edition (Edition,
// Date).
type Options struct {
	Edition Edition
	// Date is the build's timestamp: the document's creation date and, in
	// a draft, the time printed in the foot margin. Set it from
	// SOURCE_DATE_EPOCH for reproducible builds.
	Date time.Time
	// Cache, when set, carries set paragraphs from build to build.
	Cache *Cache
}

// Document is a typeset book: its pages, and the problems met setting it.
type Document struct {
	Book     *manuscript.Book
	Pages    []*Page
	Problems []Problem
	// Labels maps every anchor (chapter, section, figure, table, footnote)
	// to the label of the page it is on.
	Labels map[string]string

	fs *fontSet // the faces the pages were measured with
}

// Typeset lays the book out into pages: the pagination the EPUB's
// page-list follows and the pages Document.Display draws. It is the same
// pagination whatever the edition, but for the print edition's blank pages
// at the end. opt.Cache carries work between builds.
func Typeset(book *manuscript.Book, opt Options) (*Document, error) {
	fs, err := newFontSet(book.Theme.Fonts)
	if err != nil {
		return nil, err
	}
	return typeset(book, fs, opt.Cache)
}

// typeset lays the book out into pages, measuring text with fs.
func typeset(book *manuscript.Book, fs *fontSet, cache *Cache) (doc *Document, err error) {
	defer catchPageLimit(&err)
	hyp, err := hyphen.New()
	if err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	just := newJustifier(fs, hyp, cache)
	// Cross-references give the page of their target, so the book is set
	// until the pages they name are the pages they get: usually twice, once
	// when a watch session's previous build named them right.
	labels := map[string]string{}
	for k, v := range just.cache.labels {
		labels[k] = v
	}
	prewarm(book, just, labels)
	var front, body *builder
	var refs [2]map[string]int
	var starts []int
	for pass := 0; pass < maxPasses; pass++ {
		ts := &textSetter{fs: fs, pages: labels}
		front, body, starts = setBook(book, fs, ts, just, labels, refs, starts)
		refs = [2]map[string]int{firstRefs(front.pages), firstRefs(body.pages)}
		all := append(append([]*Page{}, front.pages...), body.pages...)
		got := anchorLabels(all)
		if sameLabels(got, labels) {
			break
		}
		labels = got
	}
	just.cache.labels = labels
	doc = &Document{Book: book, Labels: labels, fs: fs}
	doc.Pages = append(front.pages, body.pages...)
	for i, p := range doc.Pages {
		p.Index = i
	}
	doc.Problems = append(front.problems, body.problems...)
	return doc, nil
}

// maxPasses bounds how often the book is set to settle cross-references'
// page numbers.
const maxPasses = 4

// setBook sets the body (chapters and back matter, arabic folios) and the
// front matter (roman folios), with the contents naming the pages in
// labels. The body's documents are set on all cores (setBody), starting
// at the pages guess gives, and their starts are returned as the next
// pass's guess.
func setBook(book *manuscript.Book, fs *fontSet, ts *textSetter, just *justifier, labels map[string]string, refs [2]map[string]int, guess []int) (front, body *builder, starts []int) {
	newBuilder := func(roman bool, just *justifier) *builder {
		b := &builder{book: book, fs: fs, ts: ts, just: just, g: newGeometry(book.Trim), roman: roman, firstRef: refs[1]}
		if roman {
			b.firstRef = refs[0]
		}
		return b
	}
	var docs []*manuscript.Chapter
	docs = append(docs, book.Chapters...)
	for _, m := range book.Back {
		if m.Doc != nil {
			docs = append(docs, m.Doc)
		}
	}
	// the front matter is set beside the body, into a cache of its own
	frontJust := just.fork()
	frontDone := make(chan struct{})
	var frontLimit *pageLimit
	go func() {
		defer close(frontDone)
		defer func() {
			if r := recover(); r != nil {
				pl, ok := r.(pageLimit)
				if !ok {
					panic(r)
				}
				frontLimit = &pl
			}
		}()
		front = newBuilder(true, frontJust)
		setFront(book, front, labels)
	}()
	body, starts, caches := setBody(docs, guess, func(base int, just *justifier) *builder {
		b := newBuilder(false, just)
		b.base, b.number = base, base
		return b
	}, just)
	<-frontDone
	if frontLimit != nil {
		panic(*frontLimit)
	}
	for _, c := range append(caches, frontJust.cache) {
		just.cache.merge(c)
	}
	body.closePage()
	return front, body, starts
}

// newLineCache returns a cache for set paragraphs and hyphenation points
// only, as a goroutine's own.
func newLineCache() *Cache {
	return &Cache{lines: map[paraKey][]line{}, points: map[string][]int{}}
}

// setBody sets docs, each on a builder of its own, on all cores, and joins
// their pages as one builder's. A document opens on a recto, so where it
// starts changes its pages only in their numbers, which are put right
// while joining, unless the previous pass's references held a float back
// or let it go (builder.refUsed): such a document is set again where it
// does start. guess gives each document's first page, from the previous
// pass; nil guesses nothing. newBuilder makes a builder whose first page
// has index base. The result is the one builder that sets the documents
// in turn gives, whatever the scheduling. The paragraphs set are in the
// caches returned, for the caller to merge into just's when no goroutine
// reads it any more.
func setBody(docs []*manuscript.Chapter, guess []int, newBuilder func(base int, just *justifier) *builder, just *justifier) (*builder, []int, []*Cache) {
	parts := make([]*builder, len(docs))
	bases := make([]int, len(docs))
	for i := range docs {
		if i < len(guess) {
			bases[i] = guess[i] + guess[i]%2 // documents open on a recto
		}
	}
	// the longest documents first, so that the cores finish together
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(docs[order[a]].Body) > len(docs[order[b]].Body) })
	workers := max(1, min(runtime.GOMAXPROCS(0), len(docs)))
	justs := make([]*justifier, workers)
	next := make(chan int)
	var wg sync.WaitGroup
	limits := make([]*pageLimit, len(justs)) // a worker's document that ran past the pages allowed
	for w := range justs {
		justs[w] = just.fork()
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					pl, ok := r.(pageLimit)
					if !ok {
						panic(r)
					}
					limits[w] = &pl
					for range next { // let the others finish
					}
				}
			}()
			for i := range next {
				parts[i] = newBuilder(bases[i], justs[w])
				parts[i].document(docs[i])
			}
		})
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, pl := range limits {
		if pl != nil {
			panic(*pl)
		}
	}

	body := newBuilder(0, just)
	starts := make([]int, len(docs))
	for i, part := range parts {
		at := body.index()
		if at%2 == 1 {
			// the blank verso that document's builder would have added
			body.chapter = docs[i]
			blank := body.newPage()
			blank.Blank, blank.Folio, blank.Head = true, false, ""
			at++
		}
		starts[i] = at
		if at != bases[i] {
			if part.refUsed {
				part = newBuilder(at, justs[0])
				part.document(docs[i])
			} else {
				part.renumber(at)
			}
		}
		body.pages = append(body.pages, part.pages...)
		body.problems = append(body.problems, part.problems...)
		body.number = part.number
	}
	caches := make([]*Cache, len(justs))
	for w, j := range justs {
		caches[w] = j.cache
	}
	return body, starts, caches
}

// renumber moves the pages of a body builder to start at index base, with
// their folios and the pages its problems name.
func (b *builder) renumber(base int) {
	label := map[string]string{}
	for i, p := range b.pages {
		p.Index = base + i
		old := p.Label
		p.Label = strconv.Itoa(base + i + 1)
		label[old] = p.Label
	}
	for i := range b.problems {
		b.problems[i].Page = label[b.problems[i].Page]
	}
	for _, p := range b.pages {
		for k, it := range p.Items {
			if m, ok := it.(MarkItem); ok {
				m.Problem.Page = label[m.Problem.Page]
				p.Items[k] = m
			}
		}
	}
	b.base, b.number = base, base+len(b.pages)
}

// setFront sets the front matter with front.
func setFront(book *manuscript.Book, front *builder, labels map[string]string) {
	for _, m := range book.Front {
		first := len(front.pages)
		switch m.Kind {
		case manuscript.TitlePage:
			front.titlePage()
		case manuscript.ImprintPage:
			front.imprintPage()
		case manuscript.ContentsPage:
			front.listPage("Contents", contentsEntries(book), labels)
		case manuscript.FiguresPage:
			front.listPage("Figures and tables", figureEntries(book), labels)
		case manuscript.MatterFile:
			front.document(m.Doc)
		}
		if m.Kind != manuscript.MatterFile {
			for _, p := range front.pages[first:] {
				if !p.Blank {
					p.Generated = m.Kind
				}
			}
		}
	}
	if len(front.pages)%2 == 1 {
		blank := front.newPage()
		blank.Blank, blank.Folio, blank.Head = true, false, ""
	}
	front.closePage()
}

// firstRefs maps each anchor linked to from the pages to the index of the
// first page that links to it.
func firstRefs(pages []*Page) map[string]int {
	out := map[string]int{}
	for i, p := range pages {
		for _, it := range p.Items {
			if l, ok := it.(LinkItem); ok && l.Anchor != "" {
				if _, seen := out[l.Anchor]; !seen {
					out[l.Anchor] = i
				}
			}
		}
	}
	return out
}

func sameLabels(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// anchorLabels maps each anchor on the pages to its page's label.
func anchorLabels(pages []*Page) map[string]string {
	out := map[string]string{}
	for _, p := range pages {
		for _, it := range p.Items {
			if a, ok := it.(AnchorItem); ok {
				out[a.Name] = p.Label
			}
		}
	}
	return out
}

func contentsEntries(book *manuscript.Book) []tocEntry {
	var out []tocEntry
	add := func(c *manuscript.Chapter) {
		num := ""
		if c.Numbered {
			num = fmt.Sprint(c.Number)
		}
		out = append(out, tocEntry{number: num, title: c.Title.Plain(), anchor: c.Anchor(), level: 0})
		for _, blk := range c.Body {
			if h, ok := blk.(*manuscript.Heading); ok && h.Level == 1 && c.Numbered {
				out = append(out, tocEntry{title: h.Text.Plain(), anchor: h.Anchor(), level: 1})
			}
		}
	}
	for _, m := range book.Front {
		if m.Kind == manuscript.FiguresPage {
			out = append(out, tocEntry{title: "Figures and tables", anchor: "figures", level: 0})
		}
		if m.Doc != nil {
			add(m.Doc)
		}
	}
	for _, c := range book.Chapters {
		add(c)
	}
	for _, m := range book.Back {
		if m.Doc != nil {
			add(m.Doc)
		}
	}
	return out
}

func figureEntries(book *manuscript.Book) []tocEntry {
	var out []tocEntry
	for _, c := range book.Documents() {
		for _, blk := range c.Body {
			switch f := blk.(type) {
			case *manuscript.Figure:
				out = append(out, tocEntry{title: f.Label() + "  " + f.Caption.Plain(), anchor: f.Anchor(), level: 2})
			case *manuscript.Table:
				out = append(out, tocEntry{title: f.Label() + "  " + f.Caption.Plain(), anchor: f.Anchor(), level: 2})
			}
		}
	}
	return out
}

// ColumnWidth is the width of a page's text, in millimetres, for the
// book's trim: the width figures and charts are set at.
func ColumnWidth(b *manuscript.Book) float64 { return newGeometry(b.Trim).measure }
