package epub

import (
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// BenchmarkWrite writes the bundled report as an EPUB: XHTML, the charts
// as SVG, the package document, navigation and the zip archive.
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
