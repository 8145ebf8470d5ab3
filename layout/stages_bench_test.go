package layout

import (
	"testing"
)

// BenchmarkTypesetWarm measures typesetting the bundled report with a
// Cache that a first build has filled, as in an editor's watch loop after
// an edit that changed nothing: page building without line breaking.
func BenchmarkTypesetWarm(b *testing.B) {
	book := loadReport(b)
	cache := NewCache()
	if _, err := Typeset(book, Options{Cache: cache}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Typeset(book, Options{Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}
