package tenfold

import (
	"fmt"
	"testing"
	"time"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/internal/cputime"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/publish"
)

// BenchmarkScaling runs each stage of a build on the report as generated
// with its own 13 chapters (1x) and with Chapters chapters (10x), both
// loaded from disk, so that the cost per chapter of every stage can be
// compared: a stage whose 10x/1x ratio exceeds the ratio of the sizes
// grows faster than linearly. Besides the wall time, each reports the CPU
// time per build (cpu-ms/op, all threads), steadier on a busy machine.
func BenchmarkScaling(b *testing.B) {
	dir1 := b.TempDir()
	if err := Generate(dir1, 13); err != nil {
		b.Fatal(err)
	}
	dir10 := b.TempDir()
	if err := Generate(dir10, Chapters); err != nil {
		b.Fatal(err)
	}
	date := time.Unix(0, 0)
	for _, size := range []struct{ name, dir string }{{"1x", dir1}, {"10x", dir10}} {
		book, err := manuscript.LoadDir(size.dir)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := layout.Typeset(book, layout.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var marks []epub.PageMark
		for _, p := range doc.Pages {
			if s, ok := p.Marker(); ok && p.Label != "" {
				marks = append(marks, epub.PageMark{Label: p.Label, Doc: s.Doc, Block: s.Block})
			}
		}
		stages := []struct {
			name string
			fn   func() error
		}{
			{"load", func() error { _, err := manuscript.LoadDir(size.dir); return err }},
			{"typeset", func() error { _, err := layout.Typeset(book, layout.Options{}); return err }},
			{"pdf-draft", func() error { return typesetPDF(book, layout.Draft, date) }},
			{"pdf-screen", func() error { return typesetPDF(book, layout.Screen, date) }},
			{"epub", func() error {
				_, err := epub.Write(book, epub.Options{Date: date, PageList: marks})
				return err
			}},
		}
		for _, st := range stages {
			b.Run(fmt.Sprintf("%s/%s", size.name, st.name), func(b *testing.B) {
				b.ReportAllocs()
				cpu := cputime.Used()
				for b.Loop() {
					if err := st.fn(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(len(doc.Pages)), "pages")
			})
		}
	}
}

// typesetPDF typesets book and writes the edition's PDF, as a build does.
func typesetPDF(book *manuscript.Book, ed layout.Edition, date time.Time) error {
	doc, err := layout.Typeset(book, layout.Options{})
	if err != nil {
		return err
	}
	_, _, err = publish.PDF(doc, layout.Options{Edition: ed, Date: date})
	return err
}
