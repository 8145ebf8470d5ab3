package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// markString shows a page mark as "label@place": "7@ch-one/3", "i@titlepage".
func markString(m epub.PageMark) string {
	switch {
	case m.Doc != nil:
		return fmt.Sprintf("%s@%s/%d", m.Label, m.Doc.ID, m.Block)
	case m.Generated != "":
		return m.Label + "@" + string(m.Generated)
	}
	return m.Label + "@nowhere"
}

func TestPageListFromPages(t *testing.T) {
	intro := &manuscript.Chapter{ID: "intro", Body: make([]manuscript.Block, 4)}
	one := &manuscript.Chapter{ID: "one", Body: make([]manuscript.Block, 9)}
	two := &manuscript.Chapter{ID: "two", Body: make([]manuscript.Block, 9)}
	front := func(kinds ...manuscript.MatterKind) []*manuscript.Matter {
		var out []*manuscript.Matter
		for _, k := range kinds {
			m := &manuscript.Matter{Kind: k}
			if k == manuscript.MatterFile {
				m.Doc = intro
			}
			out = append(out, m)
		}
		return out
	}
	// page makes a page: roman labels are front matter; kind is the
	// generated matter on it ("=contents"), "blank", or the place its text
	// starts ("doc/block") or runs on from ("+doc/block").
	page := func(label, kind string) *layout.Page {
		p := &layout.Page{Label: label, Roman: strings.Trim(label, "ivxlc") == "", Folio: true}
		docs := map[string]*manuscript.Chapter{"intro": intro, "one": one, "two": two}
		switch {
		case kind == "blank":
			p.Blank, p.Folio = true, false
		case strings.HasPrefix(kind, "="):
			p.Generated = manuscript.MatterKind(kind[1:])
		case kind != "":
			cont := strings.HasPrefix(kind, "+")
			var id string
			var block int
			fmt.Sscanf(strings.Replace(strings.TrimPrefix(kind, "+"), "/", " ", 1), "%s %d", &id, &block)
			s := layout.Start{Doc: docs[id], Block: block}
			if cont {
				p.Cont = &s
			} else {
				p.Starts = []layout.Start{s}
			}
		}
		return p
	}
	tests := []struct {
		name   string
		front  []*manuscript.Matter
		pages  []*layout.Page
		labels map[string]string // anchor → page label
		want   string
	}{{
		name:  "the report's front matter",
		front: front(manuscript.TitlePage, manuscript.ImprintPage, manuscript.ContentsPage, manuscript.FiguresPage, manuscript.MatterFile),
		pages: []*layout.Page{
			page("i", "=titlepage"), page("ii", "=imprint"), page("iii", "=contents"), page("iv", "=contents"), page("v", "=contents"), page("vi", "blank"),
			page("vii", "=figures"), page("viii", "=figures"), page("ix", "intro/-1"), page("x", "blank"),
			page("1", "one/-1"), page("2", "+one/3"), page("3", "blank"), page("4", "two/-1"), page("5", "two/4"),
		},
		labels: map[string]string{"contents": "iii", "figures": "vii"},
		want:   "i@titlepage ii@imprint iii@contents iv@contents v@contents vi@figures vii@figures viii@figures ix@intro/-1 x@one/-1 1@one/-1 2@one/3 3@two/-1 4@two/-1 5@two/4",
	}, {
		name:   "an imprint after a long contents",
		front:  front(manuscript.ContentsPage, manuscript.ImprintPage, manuscript.TitlePage),
		pages:  []*layout.Page{page("i", "=contents"), page("ii", "=contents"), page("iii", "=imprint"), page("iv", "blank"), page("v", "=titlepage"), page("1", "one/-1")},
		labels: map[string]string{"contents": "i"},
		want:   "i@contents ii@contents iii@imprint iv@titlepage v@titlepage 1@one/-1",
	}, {
		name:  "blank pages at the end",
		front: nil,
		pages: []*layout.Page{page("1", "one/-1"), page("2", "two/-1"), page("3", "blank"), page("4", "blank")},
		want:  "1@one/-1 2@two/-1 3@two/-1 4@two/-1",
	}, {
		name:  "pages without a folio are not numbered pages",
		pages: []*layout.Page{page("1", "one/-1"), {Label: ""}, page("2", "+one/5")},
		want:  "1@one/-1 2@one/5",
	}, {
		name:  "no pages",
		pages: nil,
		want:  "",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := &layout.Document{Book: &manuscript.Book{Front: tc.front}, Pages: tc.pages, Labels: tc.labels}
			var got []string
			for _, m := range pageList(doc) {
				got = append(got, markString(m))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("pageList\n got %s\nwant %s", strings.Join(got, " "), tc.want)
			}
		})
	}
}

// TestPageListFromTheLayout checks the page marks of real layouts: one for
// each numbered page, in order, each where its page's text begins, or at
// its generated page, or (for a page with nothing of its own) where the
// next page's mark is; and the EPUB writer takes them all.
func TestPageListFromTheLayout(t *testing.T) {
	for _, c := range ebCases(t) {
		t.Run(c.name, func(t *testing.T) {
			b := c.load(t)
			doc, err := layout.Typeset(b, layout.Options{})
			if err != nil {
				t.Fatal(err)
			}
			marks := pageList(doc)
			var numbered []*layout.Page
			for _, p := range doc.Pages {
				if p.Label != "" {
					numbered = append(numbered, p)
				}
			}
			if len(marks) != len(numbered) {
				t.Fatalf("%d marks for %d numbered pages", len(marks), len(numbered))
			}
			generated := map[manuscript.MatterKind]bool{}
			for _, m := range b.Front {
				generated[m.Kind] = m.Kind != manuscript.MatterFile
			}
			for i, p := range numbered {
				m := marks[i]
				if m.Label != p.Label {
					t.Errorf("mark %d is for page %q, want %q", i, m.Label, p.Label)
				}
				s, ok := p.Marker()
				switch {
				case p.ContLine != nil && p.Cont != nil:
					// the page goes on with a paragraph: the mark is at its first word
					if m.Doc != p.Cont.Doc || m.Block != p.Cont.Block || m.In != p.ContLine.Text() || m.At != p.ContLine.Offset() {
						t.Errorf("page %s: mark %s at %v+%d, want %s/%d at %v+%d", p.Label, markString(m), m.In, m.At, p.Cont.Doc.ID, p.Cont.Block, p.ContLine.Text(), p.ContLine.Offset())
					}
				case ok:
					if m.Doc != s.Doc || m.Block != s.Block || m.Generated != "" {
						t.Errorf("page %s: mark %s, want %s/%d", p.Label, markString(m), s.Doc.ID, s.Block)
					}
				case p.Blank:
					if i+1 < len(marks) && markString(marks[i+1])[len(marks[i+1].Label):] != markString(m)[len(m.Label):] {
						t.Errorf("blank page %s: mark %s, not with the next page's %s", p.Label, markString(m), markString(marks[i+1]))
					}
				default:
					if m.Entry != p.FirstEntry {
						t.Errorf("page %s of a list begins at entry %q, its mark at %q", p.Label, p.FirstEntry, m.Entry)
					}
					if !generated[m.Generated] || m.Doc != nil {
						t.Errorf("page %s has no text of its own but its mark is %s", p.Label, markString(m))
					}
				}
			}
			// the contents and the list of figures start on their pages
			for anchor, kind := range map[string]manuscript.MatterKind{"contents": manuscript.ContentsPage, "figures": manuscript.FiguresPage} {
				label, ok := doc.Labels[anchor]
				if !ok {
					continue
				}
				for _, m := range marks {
					if m.Label == label && m.Generated != kind {
						t.Errorf("page %s starts the %s but is marked %s", label, anchor, markString(m))
					}
				}
			}
			if len(b.Front) > 0 && b.Front[0].Kind == manuscript.TitlePage && marks[0].Generated != manuscript.TitlePage {
				t.Errorf("the first page is marked %s, want the title page", markString(marks[0]))
			}
			if _, err := epub.Write(b, epub.Options{Date: b.Date, PageList: marks}); err != nil {
				t.Errorf("epub.Write does not take the marks: %v", err)
			}
		})
	}
}
