package layout

import (
	"fmt"
	"strings"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// titlePage sets the title page from the book's metadata.
func (b *builder) titlePage() {
	p := b.recto()
	p.Folio, p.Head = false, ""
	bk := b.book
	x := b.x()
	accent := bk.Theme.Accent
	if len(bk.Theme.Chapters) > 0 {
		accent = bk.Theme.Chapters[0]
	}
	bl := b.book.Bleed
	b.add(RectItem{X: -bl, Y: -bl, W: b.g.w + 2*bl, H: b.g.h*0.42 + bl, Fill: accent})
	white := manuscript.Color{R: 255, G: 255, B: 255}
	y := b.g.h*0.42 - 30
	if bk.Edition != "" {
		st := b.sans(10, true)
		st.color = white
		b.add(TextItem{X: x, Y: y - 34, Font: st.font, Size: st.size, Text: strings.ToUpper(bk.Edition), Color: white, role: roleFor(display.Title, 0)})
	}
	st := b.sans(30, true)
	st.color = white
	title := roleFor(display.Title, 0)
	items, h := boxLines(b.textLines(plainText(bk.Title), st, b.g.measure+b.g.outer/2), x, y-22, b.g.measure+b.g.outer/2, 12.5, left, title)
	b.add(items...)
	_ = h
	b.y = b.g.h*0.42 + 10
	if bk.Subtitle != "" {
		st := b.bodyStyle()
		st.size = 16
		st.font.Style = fonts.Italic
		items, h := boxLines(b.textLines(plainText(bk.Subtitle), st, b.g.measure), x, b.y, b.g.measure, 7.5, left, title)
		b.add(items...)
		b.y += h + 8
	}
	var names []string
	for _, a := range bk.Authors {
		names = append(names, a.Name)
	}
	as := b.sans(11, false)
	items, _ = boxLines(b.textLines(plainText(strings.Join(names, ", ")), as, b.g.measure), x, b.y, b.g.measure, 5.5, left, roleFor(display.Paragraph, 0))
	b.add(items...)
	ps := b.sans(10, true)
	ps.color = accent
	b.add(TextItem{X: x, Y: b.g.floor() - 4, Font: ps.font, Size: ps.size, Text: bk.Publisher, Color: accent, role: roleFor(display.Paragraph, 0)})
}

// imprintPage sets the copyright page: publisher, edition, date, rights,
// identifier, at the foot of the page.
func (b *builder) imprintPage() {
	p := b.newPage()
	p.Folio, p.Head = false, ""
	bk := b.book
	var lines []string
	lines = append(lines, bk.Title)
	if bk.Subtitle != "" {
		lines = append(lines, bk.Subtitle)
	}
	lines = append(lines, "")
	if bk.Edition != "" {
		lines = append(lines, bk.Edition+", "+bk.Date.Format("2 January 2006"))
	} else {
		lines = append(lines, "Published "+bk.Date.Format("2 January 2006"))
	}
	lines = append(lines, "Published by "+bk.Publisher)
	if bk.Rights != "" {
		lines = append(lines, "", bk.Rights)
	}
	id := bk.Identifier.URN()
	if bk.Identifier.Scheme == "isbn" {
		id = "ISBN " + formatISBN(bk.Identifier.Value)
	}
	lines = append(lines, "", id, "", fmt.Sprintf("Set in %s and %s, with %s for Chinese.", bk.Theme.Fonts.Body, bk.Theme.Fonts.Heading, bk.Theme.Fonts.CJK), "Typeset with Folio.")
	st := b.sans(8, false)
	var all []line
	for _, l := range lines {
		if l == "" {
			all = append(all, line{})
			continue
		}
		all = append(all, b.textLines(plainText(l), st, b.g.measure)...)
	}
	h := 4.0 * float64(len(all))
	items, _ := boxLines(all, b.x(), b.g.floor()-h, b.g.measure, 4, left, roleFor(display.Paragraph, 0))
	b.add(items...)
}

func formatISBN(d string) string {
	if len(d) != 13 {
		return d
	}
	return d[:3] + "-" + d[3:12] + "-" + d[12:]
}

// tocEntry is one line of the contents or the list of figures.
type tocEntry struct {
	number string
	title  string
	anchor string
	level  int
}

// listPage sets the contents or the list of figures: entries with dot
// leaders and page numbers, each linked to its target.
func (b *builder) listPage(title string, entries []tocEntry, labels map[string]string) {
	b.chapter = nil
	p := b.recto()
	p.Folio, p.Head = true, ""
	anchor := "contents"
	if title != "Contents" {
		anchor = "figures"
	}
	b.add(AnchorItem{Name: anchor, Y: 0}, BookmarkItem{Title: title, Level: 0, Y: 0})
	st := b.sans(24, true)
	items, h := boxLines(b.textLines(plainText(title), st, b.g.measure), b.x(), b.y+10, b.g.measure, 10, left, roleFor(display.Heading, 1))
	b.add(items...)
	b.y += 10 + h + 8
	entry := roleFor(display.Contents, 0)
	for _, e := range entries {
		es := b.bodyStyle()
		lead := 6.5
		if e.level == 0 {
			es = b.sans(10.5, true)
			lead = 8
		}
		if e.level == 2 {
			es.size = 9
			lead = 4.8
		}
		if b.room() < lead {
			b.newPage()
			b.page.Head = ""
			b.page.FirstEntry = e.anchor
		}
		x := b.x()
		numW := 0.0
		if e.number != "" {
			numW = 12
			b.add(TextItem{X: x, Y: b.y + lead*0.7, Font: es.font, Size: es.size, Text: e.number, Color: es.color, role: entry})
		}
		label := labels[e.anchor]
		pw := b.fs.width(es.font, es.size, label)
		tw := b.g.measure - numW - 14
		lines := b.textLines(plainText(e.title), es, tw)
		items, h := boxLines(lines, x+numW, b.y+lead*0.7-lead*0.78, tw, lead, left, entry)
		b.add(items...)
		lastY := b.y + lead*0.7 + h - lead
		// dot leaders from the end of the last line to the page number
		if len(lines) > 0 {
			endX := x + numW + lines[len(lines)-1].w + 2
			dot := b.fs.width(es.font, es.size, " .")
			var dots strings.Builder
			for xx := endX; xx+dot < x+b.g.measure-pw-2; xx += dot {
				dots.WriteString(" .")
			}
			ds := es
			ds.font.Style = fonts.Regular
			ds.color = b.book.Theme.Muted
			dw := b.fs.width(ds.font, ds.size, dots.String())
			b.add(TextItem{X: x + b.g.measure - pw - 2 - dw, Y: lastY, Font: ds.font, Size: ds.size, Text: dots.String(), Color: ds.color, role: roleFor(display.Decoration, 0)})
		}
		b.add(TextItem{X: x + b.g.measure - pw, Y: lastY, Font: es.font, Size: es.size, Text: label, Color: es.color, role: entry})
		b.add(LinkItem{X: x, Y: b.y, W: b.g.measure, H: h, Anchor: e.anchor})
		b.y += h
		if e.level == 0 {
			b.y += 1.5
		}
	}
}
