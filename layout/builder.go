package layout

import (
	"fmt"
	"math"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// geometry is the page grid, in millimetres.
type geometry struct {
	w, h                      float64 // trim size
	top, bottom, inner, outer float64
	measure                   float64 // text block width
	leading                   float64 // body line height
}

func newGeometry(t manuscript.Trim) geometry {
	g := geometry{w: t.Width, h: t.Height}
	g.inner = math.Round(t.Width*0.133*2) / 2
	g.outer = math.Round(t.Width*0.248*2) / 2
	g.top = math.Round(t.Height*0.085*2) / 2
	g.bottom = math.Round(t.Height*0.1*2) / 2
	g.measure = g.w - g.inner - g.outer
	g.leading = 13.5 * ptToMM
	return g
}

// left returns the x of the text block on a page.
func (g geometry) left(p *Page) float64 {
	if p.Index%2 == 0 { // recto: the inner margin is on the left
		return g.inner
	}
	return g.outer
}

// looseRatio is the adjustment ratio above which a draft flags a justified
// line as loose: the spaces stretched by more than their stretch allows at
// the second pass's tolerance.
const looseRatio = 2

// floor is the lowest y a line's descent may reach.
func (g geometry) floor() float64 { return g.h - g.bottom }

// builder flows a book's blocks onto pages.
type builder struct {
	book     *manuscript.Book
	fs       *fontSet
	ts       *textSetter
	just     *justifier
	g        geometry
	pages    []*Page
	page     *Page
	y        float64 // top of the next box on the current page
	chapter  *manuscript.Chapter
	roman    bool
	number   int // next folio number
	problems []Problem
	floats   []pendingFloat
	indent   bool // the next paragraph takes a first-line indent
}

// pendingFloat is a figure or table that did not fit and waits for the top
// of the next page.
type pendingFloat struct {
	h    float64
	draw func(x, y float64) []Item
	pos  manuscript.Pos
}

// text styles
func (b *builder) bodyStyle() style {
	return style{font: Font{Role: Body}, size: 10, color: b.book.Theme.Text}
}

func (b *builder) sans(size float64, bold bool) style {
	f := Font{Role: Heading}
	if bold {
		f.Style = fonts.Bold
	}
	return style{font: f, size: size, color: b.book.Theme.Text}
}

// newPage starts a page. It prints any float waiting for a page top.
func (b *builder) newPage() *Page {
	p := &Page{Index: len(b.pages), Roman: b.roman, Chapter: b.chapter, Folio: true}
	b.number++
	if b.roman {
		p.Label = roman(b.number)
	} else {
		p.Label = fmt.Sprint(b.number)
	}
	if b.chapter != nil {
		if p.Index%2 == 0 {
			p.Head = b.chapter.RunningHead()
		} else {
			p.Head = b.book.Title
		}
	}
	b.pages = append(b.pages, p)
	b.page = p
	b.y = b.g.top
	floats := b.floats
	b.floats = nil
	for _, f := range floats {
		b.placeFloat(f)
	}
	return p
}

// recto starts a new right-hand page, leaving a blank left-hand page if
// needed.
func (b *builder) recto() *Page {
	if len(b.pages)%2 == 1 {
		blank := b.newPage()
		blank.Blank, blank.Folio, blank.Head = true, false, ""
	}
	return b.newPage()
}

// room returns the height left on the current page.
func (b *builder) room() float64 { return b.g.floor() - b.y }

func (b *builder) add(items ...Item) { b.page.Items = append(b.page.Items, items...) }

func (b *builder) x() float64 { return b.g.left(b.page) }

// space adds vertical space, unless at the top of a page.
func (b *builder) space(h float64) {
	if b.y > b.g.top+0.01 {
		b.y += h
	}
}

// problem records a layout problem.
func (b *builder) problem(pos manuscript.Pos, y float64, format string, args ...any) {
	pr := Problem{Pos: pos, Page: b.page.Label, Message: fmt.Sprintf(format, args...)}
	b.problems = append(b.problems, pr)
	b.add(MarkItem{Y: y, Problem: pr})
}

// setLines places lines of text at the cursor, breaking pages between lines
// with no widows or orphans: at least two lines of a paragraph stay on each
// side of a page break. keep is how many lines must follow on the same page
// (for headings).
func (b *builder) setLines(lines []line, st style, leading float64, al align, indent float64, pos manuscript.Pos) {
	n := len(lines)
	i := 0
	for i < n {
		fit := int(math.Floor((b.room() + 1e-6) / leading))
		left := n - i
		if fit >= left {
			fit = left
		} else {
			if left-fit < 2 {
				fit = left - 2 // leave no widow: two lines go over
			}
			if fit < 2 {
				fit = 0 // leave no orphan: the paragraph starts on the next page
			}
		}
		if fit == 0 {
			if b.y <= b.g.top+0.01 {
				// nothing fits even on an empty page: set what we can
				fit = max(1, int(math.Floor((b.room()+1e-6)/leading)))
				fit = min(fit, left)
				b.problem(pos, b.y, "paragraph does not fit the page")
			} else {
				b.newPage()
				continue
			}
		}
		for k := 0; k < fit; k++ {
			l := lines[i+k]
			x := b.x()
			m := b.g.measure
			if i+k == 0 {
				x += indent
				m -= indent
			}
			base := b.y + leading*0.78
			b.page.Items = placeLine(b.page.Items, l, x, base, m, al)
			switch {
			case l.over > 0.05:
				b.problem(pos, base, "overfull line by %.1f mm", l.over)
			case al == justify && !l.last && l.ratio > looseRatio:
				b.problem(pos, base, "loose line (spaces stretched %.0f%%)", l.ratio*50)
			}
			b.y += leading
		}
		i += fit
		if i < n {
			b.newPage()
		}
	}
}

// paragraph sets a text field as a paragraph in the text block.
func (b *builder) paragraph(t manuscript.Text, st style, leading float64, al align, indent float64) {
	ws := b.ts.wordsFor(t.Inlines, st, al == justify)
	if len(ws) == 0 {
		return
	}
	m := b.g.measure
	measure := func(i int) float64 {
		if i == 0 {
			return m - indent
		}
		return m
	}
	var lines []line
	if al == justify {
		lines = b.just.justify(ws, measure)
	} else {
		lines = breakLines(ws, measure)
	}
	b.setLines(lines, st, leading, al, indent, t.Pos)
}

// textHeight returns the lines and height of text set in width w.
func (b *builder) textLines(t manuscript.Text, st style, w float64) []line {
	ws := b.ts.words(t.Inlines, st)
	return breakLines(ws, func(int) float64 { return w })
}

// boxLines places lines at (x, y) top-left, returning the items and height.
func boxLines(lines []line, x, y, w, leading float64, al align) ([]Item, float64) {
	var items []Item
	for i, l := range lines {
		items = placeLine(items, l, x, y+leading*(float64(i)+0.78), w, al)
	}
	return items, leading * float64(len(lines))
}

// placeFloat puts a figure or table at the cursor, or defers it to the top
// of the next page when it does not fit.
func (b *builder) placeFloat(f pendingFloat) {
	if f.h > b.room() && b.y > b.g.top+0.01 {
		b.floats = append(b.floats, f)
		return
	}
	if f.h > b.room() {
		b.problem(f.pos, b.y, "figure or table taller than the page (%.0f mm)", f.h)
	}
	b.add(f.draw(b.x(), b.y)...)
	b.y += f.h
	b.space(b.g.leading * 0.8)
}

// roman formats n as a lower-case roman numeral.
func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	s := ""
	for i, v := range vals {
		for n >= v {
			s += syms[i]
			n -= v
		}
	}
	return s
}

// tint mixes c with white: t=1 is c, t=0 is white. CMYK scales the same way.
func tint(c manuscript.Color, t float64) manuscript.Color {
	mix := func(v uint8) uint8 { return uint8(math.Round(255 - (255-float64(v))*t)) }
	return manuscript.Color{R: mix(c.R), G: mix(c.G), B: mix(c.B), C: c.C * t, M: c.M * t, Y: c.Y * t, K: c.K * t, CMYKGiven: c.CMYKGiven}
}
