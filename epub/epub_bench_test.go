package epub

import (
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// BenchmarkWrite writes the bundled report as an EPUB: XHTML, the charts
// as SVG, the cover, the package document, navigation and the zip
// archive, with no cache.
func BenchmarkWrite(b *testing.B) {
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(book, Options{Date: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteCached writes the bundled report as a watch session does,
// with a warm Cache, after a one-word edit in one chapter: every iteration
// builds a version of the report that differs from the one before by one
// word of chapter 6. There are more versions than the cache keeps, so the
// edited chapter is compressed again every time.
func BenchmarkWriteCached(b *testing.B) {
	var books []*manuscript.Book
	for i := range 2 * cacheKeep {
		books = append(books, loadEdited(b, edit{oneWord.file, oneWord.old, "has settled " + string(rune('a'+i)) + " into"}))
	}
	cache := NewCache()
	for _, book := range books {
		if _, err := Write(book, Options{Date: time.Unix(0, 0), Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Write(books[i%len(books)], Options{Date: time.Unix(0, 0), Cache: cache}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
