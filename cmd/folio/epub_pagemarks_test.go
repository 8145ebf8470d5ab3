package main

import (
	"archive/zip"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

var (
	inlineTagRE = regexp.MustCompile(`</?(a|span|em|strong|code|abbr|b|i)\b[^>]*>`)
	tagRE       = regexp.MustCompile(`<[^>]*>`)
)

// TestPageMarksAtTheFirstWord checks the EPUB's page marks against the
// print pages, read back with pdftotext: for every page that runs on with
// a paragraph from the page before, the text after the page's mark in the
// EPUB begins with the first words of the page's first line in the PDF
// (the first one may be the end of a word the page before hyphenated); and
// for every page of the contents or the list of figures that goes on from
// the page before, the EPUB's mark stands at the entry the page begins
// with.
func TestPageMarksAtTheFirstWord(t *testing.T) {
	pdf, ep := bundled(t)
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := layout.Typeset(book, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// the EPUB's documents, as text after each page mark
	zr, err := zip.OpenReader(ep)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	after := map[string]string{} // page label → the text after its mark
	markRE := regexp.MustCompile(`<span epub:type="pagebreak" role="doc-pagebreak" id="[^"]*" aria-label="([^"]*)"/>`)
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		s := string(data)
		for _, m := range markRE.FindAllStringSubmatchIndex(s, -1) {
			rest := s[m[1]:min(len(s), m[1]+2000)]
			// a note reference's number is not a word of the page
			rest = regexp.MustCompile(`<sup class="noteref">.*?</sup>`).ReplaceAllString(rest, "")
			rest = inlineTagRE.ReplaceAllString(rest, "")
			after[s[m[2]:m[3]]] = strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(rest, " "))), " ")
		}
	}
	words := pdfWords(t, pdf)
	const ptPerMM = 72 / 25.4
	checked := 0
	for _, p := range doc.Pages {
		cl := p.ContLine
		if cl == nil || p.Label == "" {
			continue
		}
		// the PDF's words on the page's first line, in order
		var line []word
		for _, w := range words {
			if w.page == p.Index+1 && w.yMin >= cl.Y*ptPerMM-1 && w.yMax <= (cl.Y+cl.H)*ptPerMM+1 && w.xMin >= cl.X*ptPerMM-1 {
				line = append(line, w)
			}
		}
		if len(line) < 3 {
			t.Errorf("page %s: %d words on its first line in the PDF", p.Label, len(line))
			continue
		}
		var pdfFirst []string // the first three words, but a note's number
		for _, w := range line {
			if len(pdfFirst) > 0 && strings.Trim(w.text, "0123456789") == "" && len(w.text) <= 2 {
				continue
			}
			pdfFirst = append(pdfFirst, html.UnescapeString(w.text))
			if len(pdfFirst) == 3 {
				break
			}
		}
		if len(pdfFirst) < 3 {
			continue
		}
		got := strings.Fields(after[p.Label])
		if len(got) < 3 || !strings.HasSuffix(strings.TrimLeft(got[0], "“‘(\""), strings.TrimLeft(pdfFirst[0], "“‘(\"")) || got[1] != pdfFirst[1] || got[2] != pdfFirst[2] {
			t.Errorf("page %s: the EPUB's mark is before %q; the page begins %q", p.Label, strings.Join(got[:min(5, len(got))], " "), strings.Join(pdfFirst, " "))
			continue
		}
		checked++
	}
	// the pages of the contents and the list of figures that go on from
	// the page before: their marks at their first entries
	listed := 0
	for _, p := range doc.Pages {
		if p.FirstEntry == "" || p.Label == "" {
			continue
		}
		var first *word
		for i, w := range words {
			if w.page == p.Index+1 && (first == nil || w.yMin < first.yMin-1 || (w.yMin < first.yMin+1 && w.xMin < first.xMin)) {
				first = &words[i]
			}
		}
		got := strings.Fields(after[p.Label])
		if first == nil || len(got) == 0 || got[0] != html.UnescapeString(first.text) {
			t.Errorf("page %s of a list: the EPUB's mark is before %q; the page begins %v", p.Label, strings.Join(got[:min(4, len(got))], " "), first)
			continue
		}
		listed++
	}
	if listed < 2 {
		t.Errorf("%d list pages that go on from the page before; the report has 3", listed)
	}
	if checked < 20 {
		t.Errorf("%d pages checked, want most of the report's", checked)
	}
	t.Logf("%d pages that run on with a paragraph: their marks at their first words", checked)
}
