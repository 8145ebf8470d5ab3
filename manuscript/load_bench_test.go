package manuscript_test

import (
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// BenchmarkLoad loads and checks the bundled report from the embedded
// copy: YAML parsing, inline Markdown, CSV data and every check.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := manuscript.Load(report.FS, report.Name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDir loads and checks the bundled report from its folder on
// disk, as 'folio build DIR' does.
func BenchmarkLoadDir(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := manuscript.LoadDir("report"); err != nil {
			b.Fatal(err)
		}
	}
}
