package layout

import (
	"testing"
	"time"
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

// BenchmarkPDFWarm measures the draft PDF of the bundled report with a
// filled Cache: the layout's share of a watch-mode rebuild.
func BenchmarkPDFWarm(b *testing.B) {
	book := loadReport(b)
	cache := NewCache()
	opt := Options{Edition: Draft, Date: time.Unix(0, 0), Cache: cache}
	if _, _, err := PDF(book, opt); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := PDF(book, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePDF measures Document.PDF: writing the typeset pages of
// the bundled report as PDF (display lists to fpdf, charts as vectors,
// font subsets, the file and its finishing), without typesetting, for the
// draft and the screen edition.
func BenchmarkWritePDF(b *testing.B) {
	book := loadReport(b)
	doc, err := Typeset(book, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, ed := range []Edition{Draft, Screen} {
		b.Run(string(ed), func(b *testing.B) {
			opt := Options{Edition: ed, Date: time.Unix(0, 0)}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := doc.PDF(opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
