package layout

import (
	"bytes"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
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

// BenchmarkWritePDF measures writing the typeset pages of the bundled
// report as PDF (display lists to fpdf, charts as vectors, font subsets,
// the file and its finishing), without typesetting, for the draft and the
// screen edition. It follows PDF step by step (keep the two in step); the
// typesetting of each iteration is not timed.
func BenchmarkWritePDF(b *testing.B) {
	book := loadReport(b)
	for _, ed := range []Edition{Draft, Screen} {
		b.Run(string(ed), func(b *testing.B) {
			cache := NewCache()
			opt := Options{Edition: ed, Date: time.Unix(0, 0), Cache: cache}
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				g := newGeometry(book.Trim)
				pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: g.w, Ht: g.h}})
				pdf.SetAutoPageBreak(false, 0)
				pdf.SetMargins(0, 0, 0)
				pdf.SetCompression(ed != Draft)
				pdf.SetCatalogSort(true)
				pdf.SetCreationDate(opt.Date)
				pdf.SetModificationDate(opt.Date)
				fs, err := newFontSet(pdf, book.Theme.Fonts)
				if err != nil {
					b.Fatal(err)
				}
				doc, err := typeset(book, fs, cache)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				w := &pdfWriter{pdf: pdf, doc: doc, fs: fs, opt: opt, g: g, links: map[string]int{}}
				w.metadata()
				if err := w.pages(); err != nil {
					b.Fatal(err)
				}
				var buf bytes.Buffer
				if err := pdf.Output(&buf); err != nil {
					b.Fatal(err)
				}
				out, err := tagFigures(sortBoxes(buf.Bytes()), w.figs)
				if err != nil {
					b.Fatal(err)
				}
				addID(out)
			}
		})
	}
}
