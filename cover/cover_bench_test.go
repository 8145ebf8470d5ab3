package cover

import (
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// loadReport loads the bundled report.
func loadReport(tb testing.TB) *manuscript.Book {
	tb.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		tb.Fatalf("the bundled report does not load: %v", err)
	}
	return book
}

// BenchmarkDraw draws the bundled report's cover.
func BenchmarkDraw(b *testing.B) {
	book := loadReport(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Draw(book); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNG draws the bundled report's cover and encodes it as a PNG.
func BenchmarkPNG(b *testing.B) {
	book := loadReport(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(book); err != nil {
			b.Fatal(err)
		}
	}
}
