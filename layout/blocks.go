package layout

import (
	"fmt"
	"math"
	"strconv"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// document sets a chapter or a matter file, starting on a right-hand page.
func (b *builder) document(c *manuscript.Chapter) {
	b.chapter = c
	b.noteOf = map[string]*manuscript.Footnote{}
	for _, f := range c.Footnotes {
		b.noteOf[f.Anchor()] = f
	}
	p := b.recto()
	p.Opener, p.Head, p.Folio = true, "", false
	b.begin(-1)
	x := b.x()
	// the chapter's colour band runs into the bleed at the top of the page
	band := b.g.top + 28
	bl := b.book.Bleed
	b.add(RectItem{X: -bl, Y: -bl, W: b.g.w + 2*bl, H: band + bl, Fill: c.Color})
	b.add(AnchorItem{Name: c.Anchor(), Y: 0})
	b.add(BookmarkItem{Title: bookmarkTitle(c), Level: 0, Y: 0})
	white := manuscript.Color{R: 255, G: 255, B: 255}
	kicker := c.Kicker
	if c.Numbered {
		if kicker != "" {
			kicker = fmt.Sprintf("%d  ·  %s", c.Number, kicker)
		} else {
			kicker = strconv.Itoa(c.Number)
		}
	}
	if kicker != "" {
		st := b.sans(10, true)
		st.color = white
		items, _ := boxLines(b.textLines(plainText(kicker), st, b.g.measure), x, band-14, b.g.measure, 5, left, roleFor(display.Title, 0))
		b.add(items...)
	}
	b.y = band + 10
	title := b.sans(24, true)
	lines := b.textLines(c.Title, title, b.g.measure)
	items, h := boxLines(lines, x, b.y, b.g.measure, 10.5, left, roleFor(display.Title, 0))
	b.add(items...)
	b.y += h + 4
	if !c.Standfirst.IsZero() {
		st := b.bodyStyle()
		st.size = 13
		st.font.Style = fonts.Italic
		lines := b.textLines(c.Standfirst, st, b.g.measure)
		items, h := boxLines(lines, x, b.y, b.g.measure, 17*ptToMM, left, roleFor(display.Paragraph, 0))
		b.add(items...)
		b.y += h + 6
	}
	if len(c.KeyFigures) > 0 {
		b.keyFigures(c)
	}
	b.indent = false
	for i, blk := range c.Body {
		b.block(blk, i)
	}
	b.endnotes(c)
	b.flushing = true
	for len(b.floats) > 0 {
		b.newPage()
	}
	b.flushing = false
	b.closePage()
	b.page = nil
}

func bookmarkTitle(c *manuscript.Chapter) string {
	if c.Numbered {
		return fmt.Sprintf("%d. %s", c.Number, c.Title.Plain())
	}
	return c.Title.Plain()
}

func plainText(s string) manuscript.Text {
	return manuscript.Text{Inlines: []manuscript.Inline{&manuscript.Str{Text: s}}}
}

// keyFigures sets the chapter's headline numbers as a row of panels.
func (b *builder) keyFigures(c *manuscript.Chapter) {
	n := len(c.KeyFigures)
	gap := 4.0
	w := (b.g.measure - gap*float64(n-1)) / float64(n)
	x0 := b.x()
	valueSt := b.sans(18, true)
	valueSt.color = c.Color
	labelSt := b.sans(8, false)
	srcSt := b.sans(6.5, false)
	srcSt.color = b.book.Theme.Muted
	var cells [][]Item
	hmax := 0.0
	for i, k := range c.KeyFigures {
		x := x0 + float64(i)*(w+gap)
		var items []Item
		y := b.y + 3
		vs := valueSt
		if vw := b.fs.width(vs.font, vs.size, k.Value); vw > w-4 {
			vs.size = math.Floor(vs.size*(w-4)/vw*2) / 2 // shrink a long value to fit its panel
		}
		vl := b.textLines(plainText(k.Value), vs, w-4)
		aside := roleFor(display.Aside, 0)
		it, h := boxLines(vl, x+2, y, w-4, 8, left, aside)
		items = append(items, it...)
		y += h + 1
		it, h = boxLines(b.textLines(k.Label, labelSt, w-4), x+2, y, w-4, 3.6, left, aside)
		items = append(items, it...)
		y += h + 1
		it, h = boxLines(b.textLines(k.Source, srcSt, w-4), x+2, y, w-4, 2.9, left, aside)
		items = append(items, it...)
		y += h + 2
		hmax = max(hmax, y-b.y)
		cells = append(cells, items)
	}
	for i := range c.KeyFigures {
		x := x0 + float64(i)*(w+gap)
		b.add(RectItem{X: x, Y: b.y, W: w, H: hmax, Fill: tint(c.Color, 0.1)})
		b.add(RectItem{X: x, Y: b.y, W: w, H: 0.8, Fill: c.Color})
		b.add(cells[i]...)
	}
	b.y += hmax + 8
}

// block sets one body block.
func (b *builder) block(blk manuscript.Block, index int) {
	b.begin(index)
	b.role = blockRole(blk)
	switch blk := blk.(type) {
	case *manuscript.Paragraph:
		indent := 0.0
		if b.indent {
			indent = 4.5
		}
		b.paragraph(blk.Text, b.bodyStyle(), b.g.leading, justify, indent)
		b.indent = true
	case *manuscript.Heading:
		b.heading(blk)
	case *manuscript.List:
		b.space(b.g.leading * 0.3)
		b.list(blk, 0)
		b.space(b.g.leading * 0.3)
		b.indent = false
	case *manuscript.Quote:
		b.quote(blk.Text, blk.By, blk.Cite, blk.Pos, false)
	case *manuscript.PullQuote:
		b.quote(blk.Text, blk.By, manuscript.Text{}, blk.Pos, true)
	case *manuscript.Callout:
		b.callout(blk)
	case *manuscript.Figure:
		b.figure(blk)
	case *manuscript.Table:
		b.table(blk)
	case *manuscript.Definitions:
		b.definitions(blk)
	case *manuscript.PageBreak:
		if b.y > b.g.top+0.01 {
			b.newPage()
		}
		b.indent = false
	}
}

// blockRole is the role of the text a block sets with setLines.
func blockRole(blk manuscript.Block) textRole {
	switch blk.(type) {
	case *manuscript.List:
		return roleFor(display.ListItem, 0)
	case *manuscript.Quote, *manuscript.PullQuote:
		return roleFor(display.Quote, 0)
	case *manuscript.Definitions:
		return roleFor(display.ListItem, 0)
	}
	return roleFor(display.Paragraph, 0)
}

// heading sets a section or subsection heading, kept with the next two lines.
func (b *builder) heading(h *manuscript.Heading) {
	st := b.sans(13, true)
	lead := 6.0
	above := b.g.leading * 1.5
	if h.Level == 2 {
		st = b.sans(10.5, true)
		lead = 4.8
		above = b.g.leading
	}
	if h.Level == 1 {
		st.color = b.chapter.Color
	}
	lines := b.textLines(h.Text, st, b.g.measure)
	hh := lead*float64(len(lines)) + b.g.leading*0.4
	// keep the heading with the next two lines of text
	if b.room() < above+hh+2*b.g.leading {
		b.newPage()
	}
	// the text below the heading lands on the baseline grid: any extra
	// space goes above the heading, where it separates sections
	b.space(above)
	if !b.atTop() {
		y := b.y
		b.y += hh
		b.snap()
		b.y -= hh
		if b.y-y > b.g.leading*0.6 {
			b.y -= b.g.leading
			if b.y < y-above*0.35 {
				b.y += b.g.leading
			}
		}
	}
	b.add(AnchorItem{Name: h.Anchor(), Y: b.y})
	b.add(BookmarkItem{Title: h.Text.Plain(), Level: h.Level, Y: b.y})
	items, height := boxLines(lines, b.x(), b.y, b.g.measure, lead, left, roleFor(display.Heading, uint8(h.Level)))
	b.add(items...)
	b.y += height + b.g.leading*0.4
	b.indent = false
}

// list sets a list with hanging bullets or numbers.
func (b *builder) list(l *manuscript.List, depth int) {
	st := b.bodyStyle()
	hang := 5.5
	base := float64(depth) * hang
	for i, it := range l.Items {
		marker := "•"
		if l.Ordered {
			marker = fmt.Sprintf("%d.", i+1)
		}
		ws := b.ts.words(it.Text.Inlines, st)
		m := b.g.measure - base - hang
		lines := breakLines(ws, func(int) float64 { return m })
		b.snap() // the bullet sits on the grid line its item's first line will
		if b.room() < b.g.leading*float64(min(2, len(lines))) {
			b.newPage()
		}
		mx := b.x() + base
		b.add(TextItem{X: mx, Y: b.y + b.g.leading*0.78, Font: st.font, Size: st.size, Text: marker, Color: b.chapter.Color, role: roleFor(display.ListLabel, 0)})
		save := b.g.measure
		b.g.measure = m
		shift := base + hang
		b.shiftX(shift, func() { b.setLines(lines, st, b.g.leading, left, 0, it.Text) })
		b.g.measure = save
		if it.Sub != nil {
			b.list(it.Sub, depth+1)
		}
	}
}

// shiftX runs fn with the text block's left edge moved right by dx.
func (b *builder) shiftX(dx float64, fn func()) {
	b.g.inner += dx
	b.g.outer += dx
	fn()
	b.g.inner -= dx
	b.g.outer -= dx
}

// quote sets a block quote or a pull quote.
func (b *builder) quote(t, by, cite manuscript.Text, pos manuscript.Pos, pull bool) {
	b.space(b.g.leading * 0.6)
	inset := 8.0
	st := b.bodyStyle()
	st.font.Style = fonts.Italic
	leading := b.g.leading
	if pull {
		st = b.sans(14, false)
		st.color = b.chapter.Color
		leading = 18 * ptToMM
		inset = 0
		b.add(LineItem{X1: b.x(), Y1: b.y, X2: b.x() + b.g.measure, Y2: b.y, Width: 0.5, Color: b.chapter.Color})
		b.y += 3
	}
	save := b.g.measure
	b.g.measure -= 2 * inset
	b.shiftX(inset, func() {
		lines := b.textLines(t, st, b.g.measure)
		b.setLines(lines, st, leading, left, 0, t)
		if !by.IsZero() {
			attr := manuscript.Text{Inlines: append([]manuscript.Inline{&manuscript.Str{Text: "— "}}, by.Inlines...)}
			if !cite.IsZero() {
				attr.Inlines = append(attr.Inlines, &manuscript.Str{Text: ", "})
				attr.Inlines = append(attr.Inlines, cite.Inlines...)
			}
			as := b.sans(8.5, false)
			as.color = b.book.Theme.Muted
			b.y += 1
			b.setLines(b.textLines(attr, as, b.g.measure), as, 4, left, 0, manuscript.Text{Pos: pos})
		}
	})
	b.g.measure = save
	if pull {
		b.y += 2
		b.add(LineItem{X1: b.x(), Y1: b.y, X2: b.x() + b.g.measure, Y2: b.y, Width: 0.5, Color: b.chapter.Color})
	}
	b.space(b.g.leading * 0.6)
	b.indent = false
}

// callout sets a tinted box such as "What to watch". It is kept on one page.
func (b *builder) callout(c *manuscript.Callout) {
	pad := 5.0
	w := b.g.measure - 2*pad
	titleSt := b.sans(10, true)
	titleSt.color = b.chapter.Color
	st := b.sans(9, false)
	lead := 4.3
	type part struct {
		lines  []line
		marker string
		hang   float64
	}
	var parts []part
	h := pad
	if !c.Title.IsZero() {
		tl := b.textLines(c.Title, titleSt, w)
		parts = append(parts, part{lines: tl})
		h += 5 * float64(len(tl))
	}
	for _, blk := range c.Body {
		switch blk := blk.(type) {
		case *manuscript.Paragraph:
			ls := b.textLines(blk.Text, st, w)
			parts = append(parts, part{lines: ls})
			h += lead*float64(len(ls)) + 1.5
		case *manuscript.List:
			for i, it := range blk.Items {
				mk := "•"
				if blk.Ordered {
					mk = fmt.Sprintf("%d.", i+1)
				}
				ls := b.textLines(it.Text, st, w-4.5)
				parts = append(parts, part{lines: ls, marker: mk, hang: 4.5})
				h += lead*float64(len(ls)) + 1.5
			}
		}
	}
	h += pad - 1.5
	b.space(b.g.leading * 0.5)
	if h > b.room() {
		b.newPage()
	}
	x, y := b.x(), b.y
	b.add(RectItem{X: x, Y: y, W: b.g.measure, H: h, Fill: tint(b.chapter.Color, 0.1)})
	b.add(RectItem{X: x, Y: y, W: 1.2, H: h, Fill: b.chapter.Color})
	y += pad
	for i, p := range parts {
		if i == 0 && !c.Title.IsZero() {
			items, ph := boxLines(p.lines, x+pad, y, w, 5, left, roleFor(display.Heading, 3))
			b.add(items...)
			y += ph
			continue
		}
		if p.marker != "" {
			b.add(TextItem{X: x + pad, Y: y + lead*0.78, Font: st.font, Size: st.size, Text: p.marker, Color: b.chapter.Color, role: roleFor(display.ListLabel, 0)})
		}
		role := roleFor(display.Aside, 0)
		if p.marker != "" {
			role = roleFor(display.ListItem, 0)
		}
		items, ph := boxLines(p.lines, x+pad+p.hang, y, w-p.hang, lead, left, role)
		b.add(items...)
		y += ph + 1.5
	}
	b.y += h
	b.space(b.g.leading * 0.8)
	b.indent = false
}

// definitions sets a glossary: each term in bold with its original script,
// then the definition.
func (b *builder) definitions(d *manuscript.Definitions) {
	for _, it := range d.Items {
		term := manuscript.Text{Inlines: []manuscript.Inline{&manuscript.Strong{Children: it.Term.Inlines}}}
		if !it.Original.IsZero() {
			term.Inlines = append(term.Inlines, &manuscript.Str{Text: "  "})
			term.Inlines = append(term.Inlines, it.Original.Inlines...)
		}
		term.Inlines = append(term.Inlines, &manuscript.Str{Text: "  "})
		term.Inlines = append(term.Inlines, it.Definition.Inlines...)
		st := b.bodyStyle()
		st.size = 9.5
		lines := b.textLines(term, st, b.g.measure)
		if b.room() < 2*b.g.leading && len(lines) > 1 {
			b.newPage()
		}
		b.setLines(lines, st, 12.5*ptToMM, left, 0, manuscript.Text{Pos: it.Pos})
		b.y += 1.2
	}
}

// endnotes sets, at the chapter's end, the footnotes that could not go at
// the foot of a page: those referred to from captions, tables and boxes.
func (b *builder) endnotes(c *manuscript.Chapter) {
	if b.placed == nil {
		b.placed = map[string]bool{}
	}
	var rest []*manuscript.Footnote
	for _, f := range c.Footnotes {
		if !b.placed[f.Anchor()] {
			rest = append(rest, f)
		}
	}
	if len(rest) == 0 {
		return
	}

	b.space(b.g.leading)
	if b.room() < 4*b.g.leading {
		b.newPage()
	}
	st := b.sans(8.5, true)
	items, h := boxLines(b.textLines(plainText("Notes"), st, b.g.measure), b.x(), b.y, b.g.measure, 4.5, left, roleFor(display.Heading, 2))
	b.add(LineItem{X1: b.x(), Y1: b.y - 1.5, X2: b.x() + 30, Y2: b.y - 1.5, Width: 0.3, Color: b.book.Theme.Muted})
	b.add(items...)
	b.y += h + 1
	ns := b.bodyStyle()
	ns.size = 8.5
	for _, f := range rest {
		b.placed[f.Anchor()] = true
		b.add(AnchorItem{Name: f.Anchor(), Y: b.y})
		num := fmt.Sprintf("%d", f.Number)
		b.add(TextItem{X: b.x(), Y: b.y + 3.6*0.78, Font: ns.font, Size: ns.size, Text: num, Color: ns.color, role: roleFor(display.ListLabel, 0)})
		save := b.g.measure
		b.g.measure -= 5
		b.role = roleFor(display.Note, 0)
		b.shiftX(5, func() { b.paragraph(f.Text, ns, 3.6, left, 0) })
		b.g.measure = save
		b.y += 0.8
	}
}
