package charts

import (
	"testing"

	"github.com/folio-press/folio/display"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// reportCharts returns every chart of the bundled report.
func reportCharts(b *testing.B) []*manuscript.Chart {
	b.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		b.Fatal(err)
	}
	if len(book.Charts) == 0 {
		b.Fatal("the report has no charts")
	}
	return book.Charts
}

// BenchmarkReportSVG draws every chart of the bundled report as SVG at the
// EPUB's width: the charts' share of an EPUB build.
func BenchmarkReportSVG(b *testing.B) {
	cs := reportCharts(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			if _, err := SVG(c, 640, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReportDraw draws every chart of the bundled report into display
// items at a column's size, as the page layout does: the charts' share of
// a PDF build.
func BenchmarkReportDraw(b *testing.B) {
	cs := reportCharts(b)
	opt := testFaces(b)
	box := display.Rect{X: 57, Y: 85, W: 425, H: 269}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			if _, err := Draw(c, box, opt); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReportPDF writes every chart of the bundled report as a
// standalone PDF with its fonts, as 'folio charts --pdf' does.
func BenchmarkReportPDF(b *testing.B) {
	cs := reportCharts(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			if _, err := chartPDF(c, 160, 0, WithTitle()); err != nil {
				b.Fatal(err)
			}
		}
	}
}
