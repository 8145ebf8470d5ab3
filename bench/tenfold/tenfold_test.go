package tenfold

import (
	"fmt"
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func words(b *manuscript.Book) int {
	n := 0
	for _, c := range b.Chapters {
		n += c.Stats().Words
	}
	return n
}

// TestGenerate checks that the generated manuscripts load without errors
// or warnings, with the chapters, charts and words asked for: the loader
// reports any id two copies share.
func TestGenerate(t *testing.T) {
	rep, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	per := len(rep.Chapters)
	for _, n := range []int{per, per + 2, 3*per + 1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			if err := Generate(dir, n); err != nil {
				t.Fatal(err)
			}
			b, err := manuscript.LoadDir(dir)
			if err != nil {
				t.Fatalf("the generated manuscript does not load:\n%v", err)
			}
			if len(b.Warnings) > 0 {
				t.Errorf("warnings: %v", b.Warnings)
			}
			if len(b.Chapters) != n {
				t.Fatalf("%d chapters, want %d", len(b.Chapters), n)
			}
			wantWords, wantCharts := 0, 0
			for i := range n {
				c := rep.Chapters[i%per]
				wantWords += c.Stats().Words
				wantCharts += len(c.Charts)
			}
			if got := words(b); got != wantWords {
				t.Errorf("%d words in the chapters, want %d", got, wantWords)
			}
			gotCharts := 0
			for _, c := range b.Chapters {
				gotCharts += len(c.Charts)
			}
			if gotCharts != wantCharts {
				t.Errorf("%d charts, want %d", gotCharts, wantCharts)
			}
			ids := map[string]bool{}
			for _, c := range b.Chapters {
				if ids[c.ID] {
					t.Errorf("chapter id %q twice", c.ID)
				}
				ids[c.ID] = true
			}
		})
	}
}

// TestGenerateTooFew checks that a book shorter than the report, whose
// front and back matter would refer to missing chapters, is refused.
func TestGenerateTooFew(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 12} {
		if err := Generate(t.TempDir(), n); err == nil {
			t.Errorf("Generate with %d chapters: no error", n)
		}
	}
}
