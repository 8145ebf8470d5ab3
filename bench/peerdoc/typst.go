package main

import (
	"fmt"
	"strings"

	"github.com/folio-press/folio/manuscript"
)

// typst writes the book in Typst markup: the same text, headings, lists,
// quotes, figures (the EPUB's chart images), tables and footnotes as
// Folio's editions, with a plain A4 page style close to the PDF's. It is a
// fair workload for a speed comparison, not a design.
func typst(b *manuscript.Book) []byte {
	var w strings.Builder
	w.WriteString(`#set page(paper: "a4", margin: (inside: 25mm, outside: 20mm, y: 22mm), numbering: "1")
#set text(font: "Noto Serif", size: 10pt, lang: "en")
#set par(justify: true, leading: 0.65em)
#show heading: set text(font: "Noto Sans")
#show figure.caption: set text(font: "Noto Sans", size: 8.5pt)
`)
	fmt.Fprintf(&w, "#align(center)[#text(size: 28pt, font: \"Noto Sans\", weight: \"bold\")[%s]]\n", esc(b.Title))
	if b.Subtitle != "" {
		fmt.Fprintf(&w, "#align(center)[#text(size: 16pt)[%s]]\n", esc(b.Subtitle))
	}
	w.WriteString("#pagebreak()\n#outline()\n#pagebreak()\n")
	for _, c := range b.Documents() {
		chapter(&w, c)
	}
	return []byte(w.String())
}

func chapter(w *strings.Builder, c *manuscript.Chapter) {
	w.WriteString("#pagebreak(weak: true)\n")
	if c.Kicker != "" {
		fmt.Fprintf(w, "#text(font: \"Noto Sans\", weight: \"bold\", size: 9pt)[%s]\n\n", esc(strings.ToUpper(c.Kicker)))
	}
	title := inlines(c.Title.Inlines)
	if c.Numbered {
		title = fmt.Sprintf("%d. %s", c.Number, title)
	}
	fmt.Fprintf(w, "= %s\n\n", title)
	if !c.Standfirst.IsZero() {
		fmt.Fprintf(w, "#text(style: \"italic\", size: 12pt)[%s]\n\n", inlines(c.Standfirst.Inlines))
	}
	if len(c.KeyFigures) > 0 {
		w.WriteString("#grid(columns: (1fr, 1fr), gutter: 8pt,\n")
		for _, k := range c.KeyFigures {
			fmt.Fprintf(w, "  [#text(size: 16pt, weight: \"bold\", font: \"Noto Sans\")[%s] \\ #text(size: 8.5pt)[%s] \\ #text(size: 7pt)[%s]],\n",
				esc(k.Value), inlines(k.Label.Inlines), inlines(k.Source.Inlines))
		}
		w.WriteString(")\n\n")
	}
	blocks(w, c.Body)
}

func blocks(w *strings.Builder, bs []manuscript.Block) {
	for _, blk := range bs {
		switch b := blk.(type) {
		case *manuscript.Heading:
			fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("=", b.Level+1), inlines(b.Text.Inlines))
		case *manuscript.Paragraph:
			fmt.Fprintf(w, "%s\n\n", inlines(b.Text.Inlines))
		case *manuscript.List:
			list(w, b, "")
			w.WriteString("\n")
		case *manuscript.Quote:
			fmt.Fprintf(w, "#quote(block: true, attribution: [%s])[%s]\n\n", inlines(b.By.Inlines), inlines(b.Text.Inlines))
		case *manuscript.PullQuote:
			fmt.Fprintf(w, "#align(center)[#text(size: 14pt, style: \"italic\")[%s]]\n\n", inlines(b.Text.Inlines))
		case *manuscript.Callout:
			fmt.Fprintf(w, "#block(fill: luma(240), inset: 8pt, width: 100%%)[*%s*\n\n", inlines(b.Title.Inlines))
			blocks(w, b.Body)
			w.WriteString("]\n\n")
		case *manuscript.Figure:
			body := "[]"
			if b.Chart != nil || b.Image != nil {
				// the EPUB names each figure's image after the figure
				ext := "svg"
				if b.Image != nil {
					ext = b.Image.Format
					if ext == "jpeg" {
						ext = "jpg"
					}
				}
				body = fmt.Sprintf("image(%q, width: 100%%)", "images/"+b.ID+"."+ext)
			}
			fmt.Fprintf(w, "#figure(%s, caption: [%s. Source: %s])\n\n", body, inlines(b.Caption.Inlines), inlines(b.Source.Inlines))
		case *manuscript.Table:
			table(w, b)
		case *manuscript.PageBreak:
			w.WriteString("#pagebreak()\n")
		case *manuscript.Definitions:
			for _, d := range b.Items {
				fmt.Fprintf(w, "/ %s: %s\n", inlines(d.Term.Inlines), inlines(d.Definition.Inlines))
			}
			w.WriteString("\n")
		}
	}
}

func list(w *strings.Builder, l *manuscript.List, indent string) {
	mark := "-"
	if l.Ordered {
		mark = "+"
	}
	for _, it := range l.Items {
		fmt.Fprintf(w, "%s%s %s\n", indent, mark, inlines(it.Text.Inlines))
		if it.Sub != nil {
			list(w, it.Sub, indent+"  ")
		}
	}
}

func table(w *strings.Builder, t *manuscript.Table) {
	fmt.Fprintf(w, "#figure(kind: table, caption: [%s. Source: %s],\n  table(columns: %d, align: left,\n", inlines(t.Caption.Inlines), inlines(t.Source.Inlines), len(t.Columns))
	for _, c := range t.Columns {
		fmt.Fprintf(w, "    [*%s*],", inlines(c.Title.Inlines))
	}
	w.WriteString("\n")
	for _, row := range t.Rows {
		w.WriteString("   ")
		for _, cell := range row {
			fmt.Fprintf(w, " [%s],", inlines(cell.Inlines))
		}
		w.WriteString("\n")
	}
	w.WriteString("  ))\n\n")
	for _, n := range t.Notes {
		fmt.Fprintf(w, "#text(size: 8pt)[%s]\n\n", inlines(n.Inlines))
	}
}

// inlines writes inline text as Typst markup.
func inlines(ins []manuscript.Inline) string {
	var b strings.Builder
	for _, in := range ins {
		switch n := in.(type) {
		case *manuscript.Str:
			b.WriteString(esc(n.Text))
		case *manuscript.Emph:
			fmt.Fprintf(&b, "#emph[%s]", inlines(n.Children))
		case *manuscript.Strong:
			fmt.Fprintf(&b, "#strong[%s]", inlines(n.Children))
		case *manuscript.Code:
			fmt.Fprintf(&b, "#raw(%q)", n.Text)
		case *manuscript.Link:
			fmt.Fprintf(&b, "#link(%q)[%s]", n.URL, inlines(n.Children))
		case *manuscript.LineBreak:
			b.WriteString(" \\ ")
		case *manuscript.FootnoteRef:
			if n.Note != nil {
				fmt.Fprintf(&b, "#footnote[%s]", inlines(n.Note.Text.Inlines))
			}
		case *manuscript.XRef:
			b.WriteString(esc(n.Label()))
		}
	}
	return b.String()
}

// esc escapes the characters that are markup in Typst's content mode.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '#', '*', '_', '`', '$', '@', '<', '>', '[', ']', '=', '-', '+', '/', '~', '"', '\'':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
