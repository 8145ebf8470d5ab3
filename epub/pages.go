package epub

import (
	"strconv"
	"strings"

	"github.com/folio-press/folio/manuscript"
)

// titlePage writes the title page from the book's metadata.
func (w *writer) titlePage(d *document) []byte {
	bk := w.book
	r := w.newRenderer(d)
	r.raw("<section epub:type=\"titlepage\" class=\"titlepage\">\n")
	r.pageBreaks(-1)
	r.raw("<h1 class=\"book-title\">")
	r.text(bk.Title)
	r.raw("</h1>\n")
	r.line("subtitle", bk.Subtitle)
	r.line("authors", authorLine(bk.Authors))
	r.line("edition", bk.Edition)
	r.line("publisher", bk.Publisher)
	r.raw("</section>\n")
	return w.xhtml(d, r.sb.String())
}

// line writes <p class="class">s</p>, or nothing for an empty s.
func (r *renderer) line(class, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	r.raw("<p")
	if class != "" {
		r.attr("class", class)
	}
	r.raw(">")
	r.text(s)
	r.raw("</p>\n")
}

// authorLine lists the book's people, with their roles when they did not
// write it: "Ann Lee, Bo Chen (editor)".
func authorLine(as []manuscript.Author) string {
	var names []string
	for _, a := range as {
		n := a.Name
		if a.Role != "" && a.Role != "author" {
			n += " (" + a.Role + ")"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// imprintPage writes the copyright page: publisher, edition, date, rights
// and identifier.
func (w *writer) imprintPage(d *document) []byte {
	bk := w.book
	r := w.newRenderer(d)
	r.raw("<section epub:type=\"copyright-page\" class=\"imprint\" aria-label=\"Copyright\">\n")
	r.pageBreaks(-1)
	r.line("book-title", bk.Title)
	r.line("subtitle", bk.Subtitle)
	date := bk.Date
	if date.IsZero() {
		date = w.opt.Date
	}
	switch {
	case bk.Edition != "" && !date.IsZero():
		r.line("edition", bk.Edition+", "+date.Format("2 January 2006"))
	case bk.Edition != "":
		r.line("edition", bk.Edition)
	case !date.IsZero():
		r.line("edition", "Published "+date.Format("2 January 2006"))
	}
	if bk.Publisher != "" {
		r.line("publisher", "Published by "+bk.Publisher)
	}
	r.line("rights", bk.Rights)
	r.line("identifier", identifierLine(bk.Identifier))
	if fams := w.embeddedFamilies(); len(fams) > 0 {
		r.line("fonts", "Set in "+joinAnd(fams)+", under the SIL Open Font License 1.1.")
	}
	r.line("made", "Made with Folio.")
	r.raw("</section>\n")
	return w.xhtml(d, r.sb.String())
}

// identifierLine shows the identifier: "ISBN 9780306406157" (hyphenating an
// ISBN correctly needs the ISBN agency's range table, so it is not), or
// the UUID's URN.
func identifierLine(id manuscript.Identifier) string {
	if id.Scheme == "isbn" {
		return "ISBN " + id.Value
	}
	return id.URN()
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// contentsPage writes the table of contents as the print edition has it:
// every document, and the sections of each chapter.
func (w *writer) contentsPage(d *document) []byte {
	r := w.newRenderer(d)
	r.inert = true
	r.raw("<nav epub:type=\"toc\" role=\"doc-toc\" class=\"contents\" aria-labelledby=\"contents-title\">\n")
	r.pageBreaks(-1)
	r.raw("<h1 id=\"contents-title\">Contents</h1>\n<ol>\n")
	for _, e := range w.docs {
		switch e.kind {
		case kindFigures:
			r.raw(`<li class="toc-list">`)
			r.entryBreaks("figures")
			r.raw(`<a`)
			r.attr("href", e.file)
			r.raw(">")
			r.text(e.title)
			r.raw("</a></li>\n")
		case kindDoc:
			c := e.doc
			r.raw(`<li class="toc-doc">`)
			r.entryBreaks(c.Anchor())
			r.raw(`<a`)
			r.attr("href", e.file)
			r.raw(">")
			if c.Numbered {
				r.raw(`<span class="toc-number">`)
				r.text(strconv.Itoa(c.Number))
				r.raw("</span> ")
			}
			r.inlines(c.Title.Inlines)
			r.raw("</a>")
			if c.Numbered {
				r.sections(e)
			}
			r.raw("</li>\n")
		}
	}
	r.raw("</ol>\n</nav>\n")
	return w.xhtml(d, r.sb.String())
}

// sections writes the list of a document's sections, if it has any.
func (r *renderer) sections(e *document) {
	var hs []*manuscript.Heading
	for _, b := range e.doc.Body {
		if h, ok := b.(*manuscript.Heading); ok && h.Level == 1 {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return
	}
	r.raw("\n<ol>\n")
	for _, h := range hs {
		r.raw("<li>")
		r.entryBreaks(h.Anchor())
		r.raw("<a")
		r.attr("href", e.file+"#"+h.Anchor())
		r.raw(">")
		r.inlines(h.Text.Inlines)
		r.raw("</a></li>\n")
	}
	r.raw("</ol>\n")
}

// figuresPage writes the list of figures and tables.
func (w *writer) figuresPage(d *document) []byte {
	r := w.newRenderer(d)
	r.inert = true
	r.raw("<section class=\"figure-list\" aria-labelledby=\"figures-title\">\n")
	r.pageBreaks(-1)
	r.raw("<h1 id=\"figures-title\">")
	r.text(d.title)
	r.raw("</h1>\n")
	r.entryList("loi", "Figures", w.figures)
	r.entryList("lot", "Tables", w.tables)
	r.raw("</section>\n")
	return w.xhtml(d, r.sb.String())
}

// entryList writes a list of figures or tables as a nav of the given type.
func (r *renderer) entryList(typ, title string, entries []listEntry) {
	if len(entries) == 0 {
		return
	}
	r.raw("<nav")
	r.attr("epub:type", typ)
	r.attr("aria-labelledby", typ+"-title")
	r.raw(">\n<h2")
	r.attr("id", typ+"-title")
	r.raw(">")
	r.text(title)
	r.raw("</h2>\n<ol>\n")
	for _, e := range entries {
		r.raw("<li>")
		r.entryBreaks(e.anchor)
		r.raw("<a")
		r.attr("href", e.file+"#"+e.anchor)
		r.raw(">")
		if e.label != "" {
			r.raw(`<span class="label">`)
			r.text(e.label)
			r.raw("</span> ")
		}
		r.inlines(e.caption.Inlines)
		r.raw("</a></li>\n")
	}
	r.raw("</ol>\n</nav>\n")
}

// entryBreaks writes the print edition's page marks of the pages of a
// list that begin at the entry for anchor.
func (r *renderer) entryBreaks(anchor string) {
	for _, p := range r.w.atEntry[anchor] {
		r.pageBreak(p, false)
	}
}
