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

// BenchmarkDisplay measures drawing the typeset report as the display
// list of the draft and of the print edition (glyph runs, paths, charts
// drawn, furniture), without typesetting and without writing a file.
func BenchmarkDisplay(b *testing.B) {
	doc := typesetReport(b)
	for _, ed := range []Edition{Draft, Print} {
		b.Run(string(ed), func(b *testing.B) {
			opt := Options{Edition: ed, Date: time.Unix(0, 0)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := doc.Display(opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
