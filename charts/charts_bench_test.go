package charts

import (
	"testing"

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

// BenchmarkReportDrawPDF draws every chart of the bundled report as PDF
// vectors onto pages of one document, as the PDF writer does, without
// writing the document out: the charts' share of a PDF build.
func BenchmarkReportDrawPDF(b *testing.B) {
	cs := reportCharts(b)
	b.ReportAllocs()
	for b.Loop() {
		pdf := newTestPDF(b)
		for _, c := range cs {
			pdf.AddPage()
			if err := DrawPDF(pdf, c, 20, 30, 150, 95, PDFOptions{Family: "sans"}); err != nil {
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
			if _, err := PDF(c, 160, 0, WithTitle()); err != nil {
				b.Fatal(err)
			}
		}
	}
}
