package layout

import (
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func loadReport(tb testing.TB) *manuscript.Book {
	tb.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		tb.Fatal(err)
	}
	return book
}

// typesetReport loads and typesets the bundled report.
func typesetReport(tb testing.TB) *Document {
	tb.Helper()
	doc, err := Typeset(loadReport(tb), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
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
