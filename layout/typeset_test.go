package layout

import (
	"reflect"
	"sync"
	"testing"

	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/manuscript"
)

// TestSetBodyIsSequential checks that the body set document by document on
// several goroutines (setBody) is the body one builder sets in turn: the
// same pages, numbers, blank versos, items and problems, whatever the
// guess of where each document starts. The previous pass's references
// are those of the finished report, so that some documents hold floats
// back and must be set again when the guess is wrong.
func TestSetBodyIsSequential(t *testing.T) {
	done := typesetReport(t)
	book := done.Book
	var bodyPages []*Page
	for _, p := range done.Pages {
		if !p.Roman {
			bodyPages = append(bodyPages, p)
		}
	}
	refs := firstRefs(bodyPages)
	fs := testFonts(t)
	hyp, err := hyphen.New()
	if err != nil {
		t.Fatal(err)
	}
	ts := &textSetter{fs: fs, pages: done.Labels}
	var docs []*manuscript.Chapter
	docs = append(docs, book.Chapters...)
	for _, m := range book.Back {
		if m.Doc != nil {
			docs = append(docs, m.Doc)
		}
	}
	var mu sync.Mutex
	var made []*builder
	newBuilder := func(base int, just *justifier) *builder {
		b := &builder{book: book, fs: fs, ts: ts, just: just, g: newGeometry(book.Trim), firstRef: refs, base: base, number: base}
		mu.Lock()
		made = append(made, b)
		mu.Unlock()
		return b
	}
	want := newBuilder(0, newJustifier(fs, hyp, nil))
	for _, d := range docs {
		want.document(d)
	}
	_, right, _ := setBody(docs, nil, newBuilder, newJustifier(fs, hyp, nil))
	wrong := make([]int, len(docs))
	late := make([]int, len(docs))
	for i := range docs {
		wrong[i] = 2
		late[i] = right[i] + 2
	}
	for _, tc := range []struct {
		name  string
		guess []int
	}{
		{"no guess", nil},
		{"right guess", right},
		{"all at page 3", wrong},
		{"each two pages late", late},
	} {
		t.Run(tc.name, func(t *testing.T) {
			made = nil
			got, starts, _ := setBody(docs, tc.guess, newBuilder, newJustifier(fs, hyp, nil))
			if !reflect.DeepEqual(starts, right) {
				t.Errorf("starts %v, want %v", starts, right)
			}
			if len(got.pages) != len(want.pages) {
				t.Fatalf("%d pages, want %d", len(got.pages), len(want.pages))
			}
			for i, p := range got.pages {
				w := want.pages[i]
				if p.Index != w.Index || p.Label != w.Label || p.Blank != w.Blank || p.Folio != w.Folio || p.Head != w.Head || p.Chapter != w.Chapter || p.Opener != w.Opener {
					t.Errorf("page %d: index %d label %q blank %v folio %v head %q, want %d %q %v %v %q", i, p.Index, p.Label, p.Blank, p.Folio, p.Head, w.Index, w.Label, w.Blank, w.Folio, w.Head)
				}
				if !reflect.DeepEqual(p.Items, w.Items) || !reflect.DeepEqual(p.Starts, w.Starts) || !reflect.DeepEqual(p.Cont, w.Cont) {
					t.Errorf("page %d (%s): its items or starts differ", i, p.Label)
				}
			}
			if !reflect.DeepEqual(got.problems, want.problems) {
				t.Errorf("problems %v, want %v", got.problems, want.problems)
			}
			if got.number != want.number {
				t.Errorf("next folio %d, want %d", got.number, want.number)
			}
			if tc.guess != nil && !reflect.DeepEqual(tc.guess, right) {
				held := false
				for _, b := range made {
					held = held || b.refUsed
				}
				if !held {
					t.Errorf("no document's floats waited for their references: the test does not reach setting a document again")
				}
			}
		})
	}
}
