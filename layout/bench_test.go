package layout

import (
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func loadReport(b *testing.B) *manuscript.Book {
	b.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		b.Fatal(err)
	}
	return book
}

// BenchmarkTypeset measures paragraph breaking and page building of the
// bundled report, without writing a PDF.
func BenchmarkTypeset(b *testing.B) {
	book := loadReport(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Typeset(book, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDF measures typesetting and writing the draft PDF of the
// bundled report.
func BenchmarkPDF(b *testing.B) {
	book := loadReport(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := PDF(book, Options{Edition: Draft, Date: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}
