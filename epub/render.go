package epub

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/folio-press/folio/manuscript"
)

// renderer writes the XHTML of one content document.
type renderer struct {
	w  *writer
	d  *document
	sb strings.Builder

	// inert renders text without links, note references or ids, for
	// titles repeated in lists of contents.
	inert bool

	inLink   bool                   // inside <a>: links may not nest
	deferred []*manuscript.Footnote // note references met inside a link
	refs     map[string]int         // note references so far, by note id
	noted    []*manuscript.Footnote // notes referred to, in order
	pending  []inTextMark           // page marks inside the text being written, in order
	level    int                    // the level of the last heading: 1 for h1
	boxes    int                    // callouts so far, for their ids
}

func (w *writer) newRenderer(d *document) *renderer {
	r := &renderer{w: w, d: d, refs: map[string]int{}, level: 1}
	r.sb.Grow(16 << 10)
	return r
}

func (r *renderer) raw(s string) { r.sb.WriteString(s) }

// attr writes ` name="value"`, escaped.
func (r *renderer) attr(name, value string) {
	r.sb.WriteByte(' ')
	r.sb.WriteString(name)
	r.sb.WriteString(`="`)
	writeEscaped(&r.sb, value)
	r.sb.WriteByte('"')
}

// text writes s escaped, with its Chinese runs marked as Chinese.
func (r *renderer) text(s string) {
	if !r.w.markHan || !hasHan(s) {
		writeEscaped(&r.sb, s)
		return
	}
	hanRuns(s, func(run string, han bool) {
		if han {
			r.raw(`<span lang="zh-Hans" xml:lang="zh-Hans">`)
			writeEscaped(&r.sb, run)
			r.raw(`</span>`)
			return
		}
		writeEscaped(&r.sb, run)
	})
}

// inlines writes inline content.
func (r *renderer) inlines(ins []manuscript.Inline) {
	for _, in := range ins {
		switch n := in.(type) {
		case *manuscript.Str:
			if len(r.pending) > 0 {
				r.markedText(n)
			} else {
				r.text(n.Text)
			}
		case *manuscript.Emph:
			r.raw("<em>")
			r.inlines(n.Children)
			r.raw("</em>")
		case *manuscript.Strong:
			r.raw("<strong>")
			r.inlines(n.Children)
			r.raw("</strong>")
		case *manuscript.Code:
			r.raw("<code>")
			r.text(n.Text)
			r.raw("</code>")
		case *manuscript.LineBreak:
			r.raw("<br/>")
		case *manuscript.Link:
			r.link(n)
		case *manuscript.FootnoteRef:
			if n.Note == nil || r.inert {
				continue
			}
			if r.inLink {
				r.deferred = append(r.deferred, n.Note)
				continue
			}
			r.noteref(n.Note)
		case *manuscript.XRef:
			r.xref(n)
		}
	}
}

// link writes an external link. Only absolute http, https and mailto
// addresses become links; anything else could point into the archive at a
// file that does not exist.
func (r *renderer) link(n *manuscript.Link) {
	href, ok := externalURL(n.URL)
	if r.inert || r.inLink || !ok {
		r.inlines(n.Children)
		return
	}
	r.raw(`<a class="external"`)
	r.attr("href", href)
	r.raw(">")
	r.inLink = true
	r.inlines(n.Children)
	r.inLink = false
	r.raw("</a>")
	notes := r.deferred
	r.deferred = nil
	for _, f := range notes {
		r.noteref(f)
	}
}

func externalURL(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	return uriEscape(u.String()), true
}

// uriEscape percent-encodes every byte that may not appear in a URI as it
// is: spaces, <, >, quotes, non-ASCII and the like. net/url leaves some of
// them in queries and fragments.
func uriEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte(hex[c>>4])
		sb.WriteByte(hex[c&15])
	}
	return sb.String()
}

// noteref writes a footnote reference.
func (r *renderer) noteref(f *manuscript.Footnote) {
	r.refs[f.ID]++
	id := f.RefAnchor()
	if n := r.refs[f.ID]; n > 1 {
		id = fmt.Sprintf("%s-%d", id, n)
	} else {
		r.noted = append(r.noted, f)
	}
	r.raw(`<sup class="noteref"><a epub:type="noteref" role="doc-noteref"`)
	r.attr("href", "#"+f.Anchor())
	r.attr("id", id)
	r.raw(">")
	r.text(strconv.Itoa(f.Number))
	r.raw("</a></sup>")
}

// xref writes a cross-reference: "Figure 6.1", linked to the figure.
func (r *renderer) xref(x *manuscript.XRef) {
	if x.Target == nil || r.inert || r.inLink {
		r.text(x.Label())
		return
	}
	href, ok := r.w.href(r.d.file, x.Target.Anchor())
	if !ok {
		r.text(x.Label())
		return
	}
	r.raw(`<a class="xref"`)
	r.attr("href", href)
	r.raw(">")
	r.text(x.Label())
	r.raw("</a>")
}

// para writes <tag class="class">text</tag>, or nothing for empty text.
func (r *renderer) para(tag, class string, t manuscript.Text) {
	if t.IsZero() {
		return
	}
	r.raw("<" + tag)
	if class != "" {
		r.attr("class", class)
	}
	r.raw(">")
	r.marked(t)
	r.raw("</" + tag + ">\n")
}

// marked writes a text's inlines, with the print edition's page marks
// that fall inside it before the words the pages start with.
func (r *renderer) marked(t manuscript.Text) {
	r.pending = r.w.inText[t.Pos]
	r.inlines(t.Inlines)
	for _, m := range r.pending { // past the text's end: after it
		r.pageBreak(m.ref, false)
	}
	r.pending = nil
}

// markedText writes a Str's text, with the page marks pending before the
// characters they fall before.
func (r *renderer) markedText(n *manuscript.Str) {
	s, start := n.Text, 0
	for i := range s {
		for len(r.pending) > 0 && n.SourceOffset(i) >= r.pending[0].at {
			r.text(s[start:i])
			start = i
			r.pageBreak(r.pending[0].ref, false)
			r.pending = r.pending[1:]
		}
	}
	r.text(s[start:])
}

// semantics returns the epub:type and DPUB-ARIA role of a document.
func semantics(role string) (epubType, ariaRole string) {
	switch role {
	case "chapter", "introduction", "preface", "foreword", "glossary", "bibliography",
		"appendix", "acknowledgments", "afterword", "colophon":
		return role, "doc-" + role
	}
	return "", "" // "other": no claim
}

// renderDoc writes a chapter or a matter file.
func (w *writer) renderDoc(d *document) []byte {
	c := d.doc
	r := w.newRenderer(d)
	typ, role := semantics(c.Role)
	r.raw("<section")
	if typ != "" {
		r.attr("epub:type", typ)
	}
	if role != "" {
		r.attr("role", role)
	}
	r.attr("id", c.Anchor())
	class := "matter"
	if c.Role == "chapter" {
		class = "chapter"
	}
	r.attr("class", class+" "+colorClass(c))
	r.raw(">\n")
	r.pageBreaks(-1)
	r.opener(c)
	for i, b := range c.Body {
		r.pageBreaks(i)
		r.block(b)
	}
	r.notes(c)
	r.raw("</section>\n")
	return w.xhtml(d, r.sb.String())
}

// colorClass is the class that gives a document its colour in the style sheet.
func colorClass(c *manuscript.Chapter) string { return "c-" + idChars(c.ID) }

// pageBreaks writes the print edition's page breaks before block i of the
// document, or at its start for -1.
func (r *renderer) pageBreaks(i int) {
	for _, p := range r.w.pagesAt[r.d.index][i] {
		r.pageBreak(p, true)
	}
}

// pageBreak writes a page mark: between blocks, on a line of its own, or
// inside a text, where no white space may come.
func (r *renderer) pageBreak(p pageRef, block bool) {
	r.raw(`<span epub:type="pagebreak" role="doc-pagebreak"`)
	r.attr("id", p.id)
	r.attr("aria-label", p.label)
	r.raw("/>")
	if block {
		r.raw("\n")
	}
}

// opener writes the chapter opening: number, kicker, title, standfirst and
// key figures.
func (r *renderer) opener(c *manuscript.Chapter) {
	r.raw("<header class=\"opener\">\n<h1>")
	if c.Numbered || c.Kicker != "" {
		if c.Numbered {
			r.raw(`<span class="number">`)
			r.text(fmt.Sprintf("Chapter %d", c.Number))
			r.raw(`</span> `)
		}
		if c.Kicker != "" {
			r.raw(`<span class="kicker">`)
			r.text(c.Kicker)
			r.raw(`</span> `)
		}
		r.raw(`<span class="title">`)
		r.inlines(c.Title.Inlines)
		r.raw(`</span>`)
	} else {
		r.inlines(c.Title.Inlines)
	}
	r.raw("</h1>\n")
	r.para("p", "standfirst", c.Standfirst)
	if len(c.KeyFigures) > 0 {
		r.raw("<aside class=\"key-figures\" aria-label=\"Key figures\">\n<ul>\n")
		for _, k := range c.KeyFigures {
			r.raw("<li>")
			r.raw(`<p class="kf-value">`)
			r.text(k.Value)
			r.raw("</p>")
			r.para("p", "kf-label", k.Label)
			r.para("p", "kf-source", k.Source)
			r.raw("</li>\n")
		}
		r.raw("</ul>\n</aside>\n")
	}
	r.raw("</header>\n")
}

// heading returns the h level for a heading of the given manuscript level,
// never more than one below the last heading.
func (r *renderer) heading(level int) int {
	h := level + 1
	if h > r.level+1 {
		h = r.level + 1
	}
	if h > 6 {
		h = 6
	}
	r.level = h
	return h
}

// block writes one body block.
func (r *renderer) block(b manuscript.Block) {
	switch b := b.(type) {
	case *manuscript.Heading:
		h := r.heading(b.Level)
		tag := "h" + strconv.Itoa(h)
		r.raw("<" + tag)
		r.attr("id", b.Anchor())
		r.raw(">")
		r.inlines(b.Text.Inlines)
		r.raw("</" + tag + ">\n")
	case *manuscript.Paragraph:
		r.para("p", "", b.Text)
	case *manuscript.List:
		r.list(b)
	case *manuscript.Quote:
		r.raw("<div class=\"quote\">\n<blockquote>\n")
		r.para("p", "", b.Text)
		r.raw("</blockquote>\n")
		r.attribution(b.By, b.Cite)
		r.raw("</div>\n")
	case *manuscript.PullQuote:
		r.raw("<aside class=\"pullquote\">\n")
		r.para("p", "", b.Text)
		r.attribution(b.By, manuscript.Text{})
		r.raw("</aside>\n")
	case *manuscript.Callout:
		r.callout(b)
	case *manuscript.Figure:
		r.figure(b)
	case *manuscript.Table:
		r.table(b)
	case *manuscript.Definitions:
		r.definitions(b)
	case *manuscript.PageBreak:
		// a new page is a print matter
	}
}

func (r *renderer) list(l *manuscript.List) {
	if len(l.Items) == 0 {
		return
	}
	tag := "ul"
	if l.Ordered {
		tag = "ol"
	}
	r.raw("<" + tag + ">\n")
	for _, it := range l.Items {
		r.raw("<li>")
		r.marked(it.Text)
		if it.Sub != nil && len(it.Sub.Items) > 0 {
			r.raw("\n")
			r.list(it.Sub)
		}
		r.raw("</li>\n")
	}
	r.raw("</" + tag + ">\n")
}

// attribution writes "— By, Cite" after a quotation.
func (r *renderer) attribution(by, cite manuscript.Text) {
	if by.IsZero() && cite.IsZero() {
		return
	}
	r.raw(`<p class="attribution">— `)
	r.inlines(by.Inlines)
	if !cite.IsZero() {
		if !by.IsZero() {
			r.raw(", ")
		}
		r.raw("<cite>")
		r.inlines(cite.Inlines)
		r.raw("</cite>")
	}
	r.raw("</p>\n")
}

func (r *renderer) callout(c *manuscript.Callout) {
	r.boxes++
	id := fmt.Sprintf("callout-%d", r.boxes)
	r.raw(`<aside class="callout"`)
	if !c.Title.IsZero() {
		r.attr("aria-labelledby", id)
	}
	r.raw(">\n")
	if !c.Title.IsZero() {
		h := "h" + strconv.Itoa(min(r.level+1, 6))
		r.raw("<" + h + ` class="callout-title"`)
		r.attr("id", id)
		r.raw(">")
		r.inlines(c.Title.Inlines)
		r.raw("</" + h + ">\n")
	}
	save := r.level
	r.level = min(r.level+1, 6)
	for _, b := range c.Body {
		r.block(b)
	}
	r.level = save
	r.raw("</aside>\n")
}

func (r *renderer) figure(f *manuscript.Figure) {
	r.raw(`<figure class="figure"`)
	r.attr("id", f.Anchor())
	r.raw(">\n")
	if i, ok := r.w.imgFor[f]; ok {
		res := &r.w.images[i]
		var alt string
		r.raw("<img")
		r.attr("src", path.Join("..", res.href))
		switch {
		case f.Chart != nil:
			alt = f.Alt
			if alt == "" {
				alt = f.Chart.Alt
			}
			if alt == "" {
				alt = chartDescribe(f.Chart)
			}
			r.attr("class", "chart")
		case f.Image != nil:
			alt = f.Alt
			r.attr("class", "picture")
			if f.Image.Width > 0 && f.Image.Height > 0 {
				r.attr("width", strconv.Itoa(f.Image.Width))
				r.attr("height", strconv.Itoa(f.Image.Height))
			}
		}
		alt = strings.TrimSpace(alt)
		if alt == "" {
			alt = strings.TrimSpace(f.Label() + " " + f.Caption.Plain())
		}
		r.attr("alt", alt)
		r.raw("/>\n")
	}
	r.raw("<figcaption>\n")
	if f.Number != "" || !f.Caption.IsZero() {
		r.raw(`<p class="caption">`)
		if f.Number != "" {
			r.raw(`<span class="label">`)
			r.text(f.Label())
			r.raw("</span> ")
		}
		r.inlines(f.Caption.Inlines)
		r.raw("</p>\n")
	}
	if f.Chart != nil && strings.TrimSpace(f.Chart.Note) != "" {
		r.raw(`<p class="note"><span class="note-label">Note:</span> `)
		r.text(f.Chart.Note)
		r.raw("</p>\n")
	}
	r.source(f.Source)
	r.raw("</figcaption>\n</figure>\n")
	if f.Chart != nil {
		r.chartData(f)
	}
}

// source writes a "Source: …" line.
func (r *renderer) source(t manuscript.Text) {
	if t.IsZero() {
		return
	}
	r.raw(`<p class="source"><span class="source-label">Source:</span> `)
	r.inlines(t.Inlines)
	r.raw("</p>\n")
}

// scrollStart opens the wrapper a table scrolls sideways in where it is
// wider than the reading system's page: a region a keyboard can reach and
// scroll, named by the table's caption (the element labelID), or by name.
func (r *renderer) scrollStart(labelID string, labelled bool, name string) {
	r.raw(`<div class="scroll" role="region" tabindex="0"`)
	if labelled {
		r.attr("aria-labelledby", labelID)
	} else {
		r.attr("aria-label", name)
	}
	r.raw(">\n")
}

// chartData writes a chart's data as a table, folded away after the figure.
func (r *renderer) chartData(f *manuscript.Figure) {
	header, rows := chartTable(f.Chart)
	if len(header) == 0 && len(rows) == 0 {
		return
	}
	label := "Data for " + f.Label()
	if f.Number == "" {
		label = "Data for the figure"
	}
	r.raw(`<details class="chart-data"`)
	r.attr("id", f.Anchor()+"-data")
	r.raw(">\n<summary>")
	r.text(label)
	r.raw("</summary>\n")
	r.scrollStart(f.Anchor()+"-data-caption", true, "")
	r.raw("<table class=\"data\">\n<caption")
	r.attr("id", f.Anchor()+"-data-caption")
	r.raw(">")
	if f.Number != "" {
		r.raw(`<span class="label">`)
		r.text(f.Label())
		r.raw("</span> ")
	}
	inert := r.inert
	r.inert = true // the caption's notes and links are the figure's
	r.inlines(f.Caption.Inlines)
	r.inert = inert
	if u := strings.TrimSpace(f.Chart.Unit); u != "" {
		r.raw(" ")
		r.text("(" + u + ")")
	}
	r.raw("</caption>\n")
	if len(header) > 0 {
		r.raw("<thead>\n<tr>")
		for i, h := range header {
			if strings.TrimSpace(h) == "" {
				r.raw("<td></td>") // an empty header cell would be announced as a header
				continue
			}
			r.raw(`<th scope="col"`)
			if i > 0 {
				r.attr("class", "al-right")
			}
			r.raw(">")
			r.text(h)
			r.raw("</th>")
		}
		r.raw("</tr>\n</thead>\n")
	}
	r.raw("<tbody>\n")
	for _, row := range rows {
		r.raw("<tr>")
		for i, cell := range row {
			if i == 0 {
				r.raw(`<th scope="row">`)
				r.text(cell)
				r.raw("</th>")
				continue
			}
			r.raw(`<td class="al-right">`)
			r.text(cell)
			r.raw("</td>")
		}
		r.raw("</tr>\n")
	}
	r.raw("</tbody>\n</table>\n</div>\n</details>\n")
}

func alignClass(align string) string {
	switch align {
	case "right", "center":
		return "al-" + align
	}
	return "al-left"
}

func (r *renderer) table(t *manuscript.Table) {
	r.raw("<div class=\"table\">\n")
	hasCaption := t.Number != "" || !t.Caption.IsZero()
	r.scrollStart(t.Anchor()+"-caption", hasCaption, "Table")
	r.raw("<table class=\"data\"")
	r.attr("id", t.Anchor())
	r.raw(">\n")
	if hasCaption {
		r.raw("<caption")
		r.attr("id", t.Anchor()+"-caption")
		r.raw(">")
		if t.Number != "" {
			r.raw(`<span class="label">`)
			r.text(t.Label())
			r.raw("</span> ")
		}
		r.inlines(t.Caption.Inlines)
		r.raw("</caption>\n")
	}
	if len(t.Columns) > 0 {
		r.raw("<thead>\n<tr>")
		for _, col := range t.Columns {
			r.raw(`<th scope="col"`)
			r.attr("class", alignClass(col.Align))
			r.raw(">")
			r.inlines(col.Title.Inlines)
			r.raw("</th>")
		}
		r.raw("</tr>\n</thead>\n")
	}
	r.raw("<tbody>\n")
	for _, row := range t.Rows {
		r.raw("<tr>")
		n := max(len(row), len(t.Columns))
		for i := range n {
			align := "left"
			if i < len(t.Columns) {
				align = t.Columns[i].Align
			}
			tag := "td"
			if i == 0 && n > 1 {
				tag = "th"
			}
			r.raw("<" + tag)
			if tag == "th" {
				r.attr("scope", "row")
			}
			r.attr("class", alignClass(align))
			r.raw(">")
			if i < len(row) {
				r.inlines(row[i].Inlines)
			}
			r.raw("</" + tag + ">")
		}
		r.raw("</tr>\n")
	}
	r.raw("</tbody>\n</table>\n</div>\n")
	for _, n := range t.Notes {
		r.para("p", "note", n)
	}
	r.source(t.Source)
	r.raw("</div>\n")
}

func (r *renderer) definitions(d *manuscript.Definitions) {
	if len(d.Items) == 0 {
		return
	}
	r.raw("<dl class=\"definitions\">\n")
	for _, it := range d.Items {
		r.raw("<dt>")
		r.raw(`<span class="term">`)
		r.inlines(it.Term.Inlines)
		r.raw("</span>")
		if !it.Original.IsZero() {
			r.raw(` <span class="original">`)
			r.inlines(it.Original.Inlines)
			r.raw("</span>")
		}
		r.raw("</dt>\n<dd>")
		r.inlines(it.Definition.Inlines)
		r.raw("</dd>\n")
	}
	r.raw("</dl>\n")
}

// notes writes the chapter's footnotes at its end, each with a link back
// to its first reference.
func (r *renderer) notes(c *manuscript.Chapter) {
	notes := append([]*manuscript.Footnote(nil), c.Footnotes...)
	seen := map[*manuscript.Footnote]bool{}
	for _, f := range notes {
		seen[f] = true
	}
	for _, f := range r.noted {
		if !seen[f] {
			notes = append(notes, f) // referred to but missing from the list
			seen[f] = true
		}
	}
	if len(notes) == 0 {
		return
	}
	// no heading of their own: a reading system that shows the notes as
	// pop-ups hides them, and would leave the heading standing alone; the
	// first note carries the rule that sets them off, and the section its
	// name for a screen reader
	r.raw("<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"Notes\">\n")
	for _, f := range notes {
		r.raw(`<aside epub:type="footnote" role="doc-footnote"`)
		r.attr("id", f.Anchor())
		r.raw("><p>")
		if r.refs[f.ID] > 0 {
			r.raw(`<a role="doc-backlink" class="backlink"`)
			r.attr("href", "#"+f.RefAnchor())
			r.raw(">")
			r.text(strconv.Itoa(f.Number))
			r.raw("</a> ")
		} else {
			r.raw(`<span class="backlink">`)
			r.text(strconv.Itoa(f.Number))
			r.raw("</span> ")
		}
		r.inlines(f.Text.Inlines)
		r.raw("</p></aside>\n")
	}
	r.raw("</section>\n")
}

// xhtml wraps a document's body in the XHTML document.
func (w *writer) xhtml(d *document, body string) []byte {
	return w.page(d.title, d.part, body, true)
}

// page returns an XHTML document. Documents in textDir link the style sheet.
func (w *writer) page(title, part, body string, style bool) []byte {
	var sb strings.Builder
	sb.Grow(len(body) + len(title) + 512)
	sb.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
	sb.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="`)
	writeEscaped(&sb, w.lang)
	sb.WriteString(`" xml:lang="`)
	writeEscaped(&sb, w.lang)
	sb.WriteString("\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
	writeEscaped(&sb, title)
	sb.WriteString("</title>\n")
	if style {
		sb.WriteString(`<link rel="stylesheet" type="text/css" href="../` + styleDir + "/" + cssName + "\"/>\n")
	}
	sb.WriteString("</head>\n<body")
	if part != "" {
		sb.WriteString(` epub:type="` + part + `"`)
	}
	sb.WriteString(">\n")
	sb.WriteString(body)
	sb.WriteString("</body>\n</html>\n")
	return []byte(sb.String())
}
