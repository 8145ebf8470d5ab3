package publish

import (
	"testing"
	"time"

	"github.com/folio-press/folio/layout"
)

// BenchmarkPDF measures typesetting the bundled report and writing its
// draft PDF: a cold 'make pdf'.
func BenchmarkPDF(b *testing.B) {
	book := loadReport(b)
	b.ReportAllocs()
	for b.Loop() {
		doc, err := layout.Typeset(book, layout.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := PDF(doc, layout.Options{Edition: layout.Draft, Date: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFWarm measures the draft PDF of the bundled report with a
// layout.Cache a first build has filled: a watch-mode rebuild after an
// edit that changed nothing.
func BenchmarkPDFWarm(b *testing.B) {
	book := loadReport(b)
	cache := layout.NewCache()
	opt := layout.Options{Edition: layout.Draft, Date: time.Unix(0, 0), Cache: cache}
	if _, err := layout.Typeset(book, opt); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		doc, err := layout.Typeset(book, opt)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := PDF(doc, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePDF measures drawing the typeset report as an edition's
// display list and writing it as PDF (charts drawn, fonts subset, images
// encoded, the file assembled), without typesetting, for the draft and the
// screen edition.
func BenchmarkWritePDF(b *testing.B) {
	doc := typesetReport(b)
	for _, ed := range []layout.Edition{layout.Draft, layout.Screen} {
		b.Run(string(ed), func(b *testing.B) {
			opt := layout.Options{Edition: ed, Date: time.Unix(0, 0)}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := PDF(doc, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
