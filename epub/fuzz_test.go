package epub

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/folio-press/folio/manuscript"
	"go.yaml.in/yaml/v3"
)

// FuzzInlineXHTML renders arbitrary text to XHTML and checks that every
// document the EPUB would hold is well-formed XML with no element the text
// did not ask for. Each input is rendered twice: raw, in every inline and
// text field of a book built in code (so that text the loader would refuse,
// such as control characters or invalid UTF-8, is covered too), and as
// Markdown, loaded through the manuscript loader as a chapter's fields.
func FuzzInlineXHTML(f *testing.F) {
	for _, s := range []string{
		"plain text",
		`AT&T <script>alert("x")</script> ]]> 'single' "double" &amp; &#38;`,
		"*emphasis* **strong** `code <b>&</b>` and a [link](https://example.com/?a=1&b=<2>)",
		"<![CDATA[ x ]]> <!-- comment --> <?pi x?>",
		"&#0; &#xD800; &#x1F600; &nbsp; &unknown; &#x110000;",
		"controls \x00\x01\x07\x1b\x7f\u0085\u2028 nonchars \ufffe\uffff\ufdd0",
		"invalid UTF-8 \xff\xfe\xc0\x80 end",
		"a note[^n] and a reference [@fig:f] and [@sec:s]",
		"hard  \nbreak and soft\nbreak",
		"<https://example.com/a\"b> <mailto:a@b.c> [x](javascript:alert(1))",
		"[x](<https://example.com/a b>) [y](https://example.com/\"onmouseover=\"alert(1))",
		`"quotes" -- and --- and ... \<b\> \& \*`,
		"中文 and 微信「超级应用」 mixed with English",
		"\u202Eright-to-left override\u202C and \u200Fmarks\u200E",
		"]]]]>>> <<<&&&;;; \"'\"'",
	} {
		f.Add(s)
	}
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		checkRendered(t, fuzzBook(s), date)
		if b := loadFuzzBook(s); b != nil {
			checkRendered(t, b, date)
		}
	})
}

// checkRendered renders every document of b and parses it strictly.
func checkRendered(t *testing.T, b *manuscript.Book, date time.Time) {
	t.Helper()
	w := newWriter(b, Options{Date: date})
	if err := w.plan(); err != nil {
		t.Fatalf("plan: %v", err)
	}
	// The cover is a picture, drawn at length; its text is the book's
	// title, which other documents show too.
	docs := w.docs[:0]
	for _, d := range w.docs {
		if d.kind != kindCover {
			docs = append(docs, d)
		}
	}
	w.docs = docs
	out := map[string][]byte{navName: w.navDocument(), ncxName: w.ncx(), opfName: w.packageDocument()}
	for _, d := range w.docs {
		out[d.file] = w.renderDocument(d)
	}
	for name, data := range out {
		if err := wellFormed(data); err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, data)
		}
	}
}

// wellFormed parses data as strict XML, with only XML's own entities, and
// reports an error for an element that is active content.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	roots, depth := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			switch tok.Name.Local {
			case "script", "iframe", "object", "embed", "form", "style":
				return errors.New("a <" + tok.Name.Local + "> element")
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					return errors.New("an event handler attribute " + a.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return errors.New("not exactly one root element")
	}
	return nil
}

// fuzzBook builds a book in code with s, unparsed, in every text field and
// inline kind.
func fuzzBook(s string) *manuscript.Book {
	str := func() manuscript.Text {
		return manuscript.Text{Source: s, Inlines: []manuscript.Inline{&manuscript.Str{Text: s}}}
	}
	note := &manuscript.Footnote{ID: "n", Number: 1, Text: str()}
	ch := &manuscript.Chapter{File: "c.yaml", ID: "c", Numbered: true, Number: 1, Role: "chapter",
		Title: str(), Short: s, Kicker: s, Standfirst: str(),
		KeyFigures: []manuscript.KeyFigure{{Value: s, Label: str(), Source: str()}},
		Color:      manuscript.Color{R: 200, G: 16, B: 46}}
	h := &manuscript.Heading{Level: 1, ID: "s", Text: str(), Chapter: ch}
	fig := &manuscript.Figure{ID: "f", Number: "1.1", Caption: str(), Source: str(), Alt: s, Chapter: ch}
	rich := manuscript.Text{Source: s, Inlines: []manuscript.Inline{
		&manuscript.Emph{Children: []manuscript.Inline{&manuscript.Str{Text: s}}},
		&manuscript.Strong{Children: []manuscript.Inline{&manuscript.Code{Text: s}}},
		&manuscript.Link{URL: s, Children: []manuscript.Inline{&manuscript.Str{Text: s}, &manuscript.FootnoteRef{ID: "n", Note: note}}},
		&manuscript.Link{URL: "https://example.com/" + s, Children: []manuscript.Inline{&manuscript.Str{Text: s}}},
		&manuscript.LineBreak{},
		&manuscript.XRef{Kind: manuscript.RefSection, ID: "s", Target: h},
		&manuscript.XRef{Kind: manuscript.RefFigure, ID: s},
		&manuscript.FootnoteRef{ID: "n", Note: note},
	}}
	ch.Body = []manuscript.Block{
		h,
		&manuscript.Paragraph{Text: rich},
		&manuscript.List{Items: []manuscript.ListItem{{Text: str(), Sub: &manuscript.List{Ordered: true, Items: []manuscript.ListItem{{Text: rich}}}}}},
		&manuscript.Quote{Text: str(), By: str(), Cite: str()},
		&manuscript.PullQuote{Text: str(), By: str()},
		&manuscript.Callout{Title: str(), Body: []manuscript.Block{&manuscript.Paragraph{Text: rich}}},
		fig,
		&manuscript.Table{ID: "t", Number: "1.1", Caption: str(), Source: str(), Notes: []manuscript.Text{str()}, Chapter: ch,
			Columns: []manuscript.Column{{Title: str(), Align: "left"}, {Title: str(), Align: s}},
			Rows:    [][]manuscript.Text{{str(), rich}}},
		&manuscript.Definitions{Items: []manuscript.Definition{{Term: str(), Original: str(), Definition: rich}}},
	}
	ch.Footnotes = []*manuscript.Footnote{note}
	return &manuscript.Book{
		Title: s, Subtitle: s, Edition: s, Publisher: s, Rights: s, Description: s, Subjects: []string{s},
		Authors:    []manuscript.Author{{Name: s, Role: "author"}},
		Language:   "en",
		Identifier: manuscript.Identifier{Scheme: "uuid", Value: "5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f"},
		Theme:      manuscript.Theme{Fonts: manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"}},
		Front:      []*manuscript.Matter{{Kind: manuscript.TitlePage}, {Kind: manuscript.ImprintPage}, {Kind: manuscript.ContentsPage}, {Kind: manuscript.FiguresPage}},
		Chapters:   []*manuscript.Chapter{ch},
	}
}

// loadFuzzBook loads a manuscript whose text fields all hold s as Markdown,
// or returns nil when the loader refuses it.
func loadFuzzBook(s string) *manuscript.Book {
	q, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: s})
	if err != nil {
		return nil
	}
	v := strings.TrimSpace(string(q))
	book := "title: " + v + "\nsubtitle: " + v + "\nauthors: [{name: " + v + "}]\npublisher: " + v + "\nrights: " + v +
		"\ndate: 2019-07-10\nlanguage: en\nidentifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f\n" +
		"front: [titlepage, imprint, contents, figures]\nchapters: [c.yaml]\n"
	chapter := "id: c\ntitle: " + v + "\nkicker: " + v + "\nstandfirst: " + v + "\nbody:\n" +
		"  - heading: " + v + "\n  - p: " + v + "\n  - list: [" + v + "]\n  - quote: {text: " + v + ", by: " + v + "}\n" +
		"  - table: {caption: " + v + ", columns: [" + v + "], rows: [[" + v + "]], source: " + v + "}\n" +
		"  - definitions: [{term: " + v + ", text: " + v + "}]\n"
	fsys := fstest.MapFS{
		manuscript.BookFile: {Data: []byte(book)},
		"c.yaml":            {Data: []byte(chapter)},
	}
	b, err := manuscript.Load(fsys, "fuzz")
	if err != nil {
		return nil
	}
	return b
}

// TestFuzzSeedsLoad checks that the fuzz seeds that should load do, so that
// the fuzz target exercises the loaded path and not only the raw one.
func TestFuzzSeedsLoad(t *testing.T) {
	for _, s := range []string{"plain text", "AT&T ]]> 'single' \"double\" &amp;", "*emphasis* and `code <b>&</b>`"} {
		if loadFuzzBook(s) == nil {
			t.Errorf("%q does not load", s)
		}
	}
}
