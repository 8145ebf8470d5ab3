package layout

import (
	"fmt"
	"math"

	"github.com/folio-press/folio/display"
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
	base     int // the index of pages[0] among the builder's kind of pages
	pages    []*Page
	page     *Page
	y        float64 // top of the next box on the current page
	chapter  *manuscript.Chapter
	roman    bool
	number   int // next folio number
	problems []Problem
	floats   []pendingFloat
	indent   bool // the next paragraph takes a first-line indent
	cur      *Start
	curItems int // len(page.Items) when cur began
	// role is what the text being set is in the book (setLines sets its
	// lines in it)
	role textRole

	// the current page's furniture at the foot, set when the page closes
	textTop float64         // y below the floats at the top of the page
	bottoms []pendingFloat  // floats at the foot of the text
	bottomH float64         // their height, with spacing
	notes   []noteBox       // footnotes on this page, in order
	notesH  float64         // their height, with the separator
	placed  map[string]bool // footnotes set, by anchor
	noteOf  map[string]*manuscript.Footnote

	// firstRef gives, from the previous pass, the index of the page where
	// each anchor is first referred to: a float is not set before it.
	firstRef map[string]int
	flushing bool // set waiting floats whatever their references
	// refUsed records that a float was held back or let go by firstRef:
	// the pages then depend on the page index they start at
	refUsed bool
}

// index returns the index the next new page gets.
func (b *builder) index() int { return b.base + len(b.pages) }

// early reports whether setting float f on the current page would put it
// before the page of its first reference.
func (b *builder) early(f pendingFloat) bool {
	ref, ok := b.firstRef[f.anchor]
	if !ok || b.flushing {
		return false
	}
	b.refUsed = true
	return ref > b.index()-1
}

// noteBox is a footnote set for the foot of a page.
type noteBox struct {
	note  *manuscript.Footnote
	lines []line
	h     float64
}

// Footnotes are set in the body face at this size and leading.
const (
	noteSize    = 8.0
	noteLeading = 3.6
	noteGap     = 0.8 // between notes
	noteSep     = 4.0 // from the text to the first note, with the rule
)

// begin records that block index of the current document begins here.
func (b *builder) begin(index int) {
	s := Start{Doc: b.chapter, Block: index}
	b.cur = &s
	b.curItems = len(b.page.Items)
	b.page.Starts = append(b.page.Starts, s)
}

// pendingFloat is a figure or table that did not fit and waits for the top
// of the next page.
type pendingFloat struct {
	h      float64
	draw   func(x, y float64) []Item
	pos    manuscript.Pos
	page   int    // index of the page where its place in the text is
	anchor string // the figure's anchor, to find its first reference
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

// newPage closes the current page and starts the next. Floats waiting for
// a page top are set first.
func (b *builder) newPage() *Page {
	if lim := b.book.Limits.Pages; lim > 0 && b.index() >= lim {
		panic(pageLimit{b.limitPos(), lim})
	}
	b.closePage()
	p := &Page{Index: b.index(), Roman: b.roman, Chapter: b.chapter, Folio: true}
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
	if old := b.page; old != nil && b.cur != nil {
		if n := len(old.Starts); n > 0 && old.Starts[n-1] == *b.cur && len(old.Items) == b.curItems {
			// the block began but set nothing on the old page: it begins here
			old.Starts = old.Starts[:n-1]
			p.Starts = append(p.Starts, *b.cur)
			b.curItems = 0
		} else {
			cont := *b.cur
			p.Cont = &cont
		}
	}
	b.pages = append(b.pages, p)
	b.page = p
	b.y = b.g.top
	b.textTop = b.g.top
	floats := b.floats
	b.floats = nil
	for _, f := range floats {
		if b.early(f) || f.h > b.room() && !b.atTop() {
			b.floats = append(b.floats, f)
			continue
		}
		b.add(f.draw(b.x(), b.y)...)
		b.y += f.h + b.g.leading
		if len(b.pages)-f.page > 2 {
			b.problem(f.pos, b.y-f.h, "figure or table set %d pages after its place in the text", len(b.pages)-1-f.page)
		}
	}
	b.textTop = b.y
	return p
}

// closePage sets the floats at the foot of the page and its footnotes.
func (b *builder) closePage() {
	if b.page == nil {
		return
	}
	y := b.g.floor() - b.notesH - b.bottomH
	for _, f := range b.bottoms {
		y += b.g.leading
		b.add(f.draw(b.x(), y)...)
		y += f.h
	}
	if len(b.notes) > 0 {
		y = b.g.floor() - b.notesH
		b.add(LineItem{X1: b.x(), Y1: y + noteSep/2 - 0.5, X2: b.x() + 30, Y2: y + noteSep/2 - 0.5, Width: 0.25 * ptToMM, Color: b.book.Theme.Muted})
		y += noteSep
		st := b.noteStyle()
		for _, n := range b.notes {
			b.add(AnchorItem{Name: n.note.Anchor(), Y: y})
			b.add(TextItem{X: b.x(), Y: y + noteLeading*0.78, Font: st.font, Size: st.size, Text: fmt.Sprint(n.note.Number), Color: st.color, role: roleFor(display.ListLabel, 0)})
			items, _ := boxLines(n.lines, b.x()+4, y, b.g.measure-4, noteLeading, left, roleFor(display.Note, 0))
			b.add(items...)
			y += n.h
		}
	}
	b.bottoms, b.bottomH, b.notes, b.notesH = nil, 0, nil, 0
}

func (b *builder) noteStyle() style {
	st := b.bodyStyle()
	st.size = noteSize
	return st
}

// noteBoxes sets the footnotes referred to in a line that are not yet set.
func (b *builder) noteBoxes(l line, seen map[string]bool) []noteBox {
	var out []noteBox
	for _, p := range l.pieces {
		if !p.note || b.placed[p.anchor] || seen[p.anchor] {
			continue
		}
		n := b.noteOf[p.anchor]
		if n == nil {
			continue
		}
		seen[p.anchor] = true
		lines := b.textLines(n.Text, b.noteStyle(), b.g.measure-4)
		out = append(out, noteBox{note: n, lines: lines, h: noteLeading*float64(len(lines)) + noteGap})
	}
	return out
}

// recto starts a new right-hand page, leaving a blank left-hand page if
// needed.
func (b *builder) recto() *Page {
	b.cur = nil // a new document or generated page continues nothing
	if b.index()%2 == 1 {
		blank := b.newPage()
		blank.Blank, blank.Folio, blank.Head = true, false, ""
	}
	return b.newPage()
}

// room returns the height left for text on the current page.
func (b *builder) room() float64 { return b.g.floor() - b.notesH - b.bottomH - b.y }

// atTop reports whether nothing but floats has been set on the page.
func (b *builder) atTop() bool { return b.y <= b.textTop+0.01 }

func (b *builder) add(items ...Item) { b.page.Items = append(b.page.Items, items...) }

func (b *builder) x() float64 { return b.g.left(b.page) }

// space adds vertical space, unless at the top of a page.
func (b *builder) space(h float64) {
	if !b.atTop() {
		b.y += h
	}
}

// problem records a layout problem.
func (b *builder) problem(pos manuscript.Pos, y float64, format string, args ...any) {
	pr := Problem{Pos: pos, Page: b.page.Label, Message: fmt.Sprintf(format, args...)}
	b.problems = append(b.problems, pr)
	b.add(MarkItem{Y: y, Problem: pr})
}

// setLines places lines of text at the cursor, with the footnotes they
// refer to at the foot of the same page, breaking pages between lines with
// no widows or orphans: at least two lines of a paragraph stay on each side
// of a page break.
//
// t is the text the lines were set from: a problem with a line is
// reported at the manuscript position of its first word.
func (b *builder) setLines(lines []line, st style, leading float64, al align, indent float64, t manuscript.Text) {
	pos := t.Pos
	n := len(lines)
	tp := &t // the lines' sources point at it
	i := 0
	for i < n {
		if leading == b.g.leading {
			b.snap()
		}
		// how many lines fit, with their footnotes
		fit := 0
		notesH := 0.0
		seen := map[string]bool{}
		var notes [][]noteBox
		for k := i; k < n; k++ {
			nb := b.noteBoxes(lines[k], seen)
			h := 0.0
			for _, x := range nb {
				h += x.h
			}
			if h > 0 && b.notesH == 0 && notesH == 0 {
				h += noteSep
			}
			if float64(k-i+1)*leading+notesH+h > b.room()+1e-6 {
				break
			}
			notesH += h
			notes = append(notes, nb)
			fit++
		}
		left := n - i
		if fit < left && left-fit == 1 && len(notes) == fit && b.longPageFits(lines[i+fit], leading, fit, notesH) {
			// the paragraph's last line would be a widow: run the page a
			// line long instead, into the foot margin, as book designers do
			fit = left
			notes = append(notes, nil)
		}
		if fit < left {
			if left-fit < 2 {
				fit = left - 2 // leave no widow: two lines go over
			}
			if fit < 2 {
				fit = 0 // leave no orphan: the paragraph starts on the next page
			}
		}
		if fit <= 0 {
			if !b.atTop() {
				b.newPage()
				continue
			}
			// nothing fits even on an empty page: set one line regardless
			fit = 1
			if len(notes) == 0 {
				notes = append(notes, b.noteBoxes(lines[i], map[string]bool{}))
			}
			b.problem(pos, b.y, "a line and its footnotes do not fit the page")
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
			b.page.Sources = append(b.page.Sources, Source{X: x, Y: b.y, W: m, H: leading, text: tp, off: int(l.src) - 1})
			if k == 0 && i > 0 && b.page.ContLine == nil && l.src > 0 {
				// the paragraph goes on from the page before: here is the page's first word
				cl := b.page.Sources[len(b.page.Sources)-1]
				b.page.ContLine = &cl
			}
			b.page.Items = placeLine(b.page.Items, l, x, base, m, al, b.role)
			switch {
			case l.over > 0.05:
				b.problem(t.PosAt(int(l.src)-1), base, "overfull line by %.1f mm", l.over)
			case al == justify && !l.last && l.ratio > looseRatio:
				b.problem(t.PosAt(int(l.src)-1), base, "loose line (spaces stretched %.0f%%)", l.ratio*50)
			}
			b.y += leading
			for _, nb := range notes[k] {
				b.addNote(nb)
			}
		}
		i += fit
		if i < n {
			b.newPage()
		}
	}
}

// snap moves the cursor down to the next line of the baseline grid, so that
// body text lines up across the page and with the facing page whatever
// headings, figures and boxes stand above it.
func (b *builder) snap() {
	steps := math.Ceil((b.y-b.g.top)/b.g.leading - 1e-6)
	b.y = b.g.top + steps*b.g.leading
}

// longPageFits reports whether the page can take one line more than its
// text block holds: a last line l with no footnote, in the foot margin above
// the folio, on a page with no footnotes or floats at its foot, neither
// set already nor coming with the lines that fit (pendingNotes high).
func (b *builder) longPageFits(l line, leading float64, fit int, pendingNotes float64) bool {
	for _, p := range l.pieces {
		if p.note {
			return false
		}
	}
	if b.notesH > 0 || b.bottomH > 0 || pendingNotes > 0 {
		return false
	}
	return float64(fit+1)*leading <= b.room()+leading+1e-6 && leading == b.g.leading
}

// addNote puts a footnote at the foot of the current page.
func (b *builder) addNote(nb noteBox) {
	if b.placed == nil {
		b.placed = map[string]bool{}
	}
	if b.placed[nb.note.Anchor()] {
		return
	}
	b.placed[nb.note.Anchor()] = true
	if len(b.notes) == 0 {
		b.notesH += noteSep
	}
	b.notes = append(b.notes, nb)
	b.notesH += nb.h
}

// paragraph sets a text field as a paragraph in the text block.
func (b *builder) paragraph(t manuscript.Text, st style, leading float64, al align, indent float64) {
	lines := setParagraph(b.ts, b.just, b.chapter.ID, t, st, b.g.measure, indent, al)
	if len(lines) == 0 {
		return
	}
	b.setLines(lines, st, leading, al, indent, t)
}

// setParagraph returns the lines of text t of chapter doc set in style st,
// measure m and alignment al, the first line indented by indent: from the
// cache when it was set before with the same pages for its
// cross-references. Lines are shared and never changed once set.
func setParagraph(ts *textSetter, just *justifier, doc string, t manuscript.Text, st style, m, indent float64, al align) []line {
	key := paraKey{src: t.Source, doc: doc, st: st, measure: m, indent: indent, al: al, refs: ts.refPages(t.Inlines)}
	if lines, ok := just.lines(key); ok && t.Source != "" {
		return lines
	}
	ws := ts.wordsFor(t.Inlines, st, al == justify)
	measure := func(i int) float64 {
		if i == 0 {
			return m - indent
		}
		return m
	}
	var lines []line
	if al == justify {
		lines = just.justify(ws, measure)
	} else {
		lines = breakLines(ws, measure)
	}
	if t.Source != "" {
		just.cache.lines[key] = lines
	}
	return lines
}

// paraKey identifies a paragraph set in a style and measure. The pages its
// cross-references give are part of it, so that a paragraph is set again
// only when they change.
type paraKey struct {
	src     string
	doc     string // the chapter: its footnotes' anchors are in the lines
	st      style
	measure float64
	indent  float64
	al      align
	refs    string
}

// textLines returns the ragged lines of text set in width w.
func (b *builder) textLines(t manuscript.Text, st style, w float64) []line {
	doc := ""
	if b.chapter != nil {
		doc = b.chapter.ID
	}
	return setParagraph(b.ts, b.just, doc, t, st, w, 0, left)
}

// boxLines places lines at (x, y) top-left, in the role given, returning
// the items and height.
func boxLines(lines []line, x, y, w, leading float64, al align, role textRole) ([]Item, float64) {
	var items []Item
	for i, l := range lines {
		items = placeLine(items, l, x, y+leading*(float64(i)+0.78), w, al, role)
	}
	return items, leading * float64(len(lines))
}

// placeFloat sets a figure at the top of the page if nothing but floats is
// there yet, else at the foot of the text on this page if it fits, else at
// the top of the next page.
func (b *builder) placeFloat(f pendingFloat) {
	f.page = len(b.pages) - 1
	switch {
	case b.early(f):
		b.floats = append(b.floats, f)
	case b.atTop() && f.h <= b.room():
		b.add(f.draw(b.x(), b.y)...)
		b.y += f.h + b.g.leading
		b.textTop = b.y
	case f.h+b.g.leading <= b.room() && len(b.floats) == 0:
		b.bottoms = append(b.bottoms, f)
		b.bottomH += f.h + b.g.leading
	case b.atTop():
		b.problem(f.pos, b.y, "figure or table taller than the page (%.0f mm)", f.h)
		b.add(f.draw(b.x(), b.y)...)
		b.y += f.h + b.g.leading
	default:
		b.floats = append(b.floats, f)
	}
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

// Grid is the page grid of a trim size, in millimetres: the margins around
// the text block and the body text's leading. The inner margin is on the
// left of a right-hand page.
type Grid struct {
	Inner, Outer, Top, Bottom float64
	Measure                   float64 // width of the text block
	Leading                   float64 // distance between body baselines
}

// GridFor returns the grid the layout uses for a trim size.
func GridFor(t manuscript.Trim) Grid {
	g := newGeometry(t)
	return Grid{Inner: g.inner, Outer: g.outer, Top: g.top, Bottom: g.bottom, Measure: g.measure, Leading: g.leading}
}

// pageLimit is a book that runs past its limit of pages: newPage panics
// with it, to end the setting at once, and Typeset returns it as an error
// at the block that passed the limit.
type pageLimit struct {
	at  manuscript.Pos
	max int
}

// limitPos is where the setting is: the block being set, or its document.
func (b *builder) limitPos() manuscript.Pos {
	if b.cur != nil && b.cur.Doc != nil {
		if i := b.cur.Block; i >= 0 && i < len(b.cur.Doc.Body) {
			return b.cur.Doc.Body[i].BlockPos()
		}
		return b.cur.Doc.Pos
	}
	if b.chapter != nil {
		return b.chapter.Pos
	}
	return b.book.Pos
}

// catchPageLimit recovers a pageLimit panic into *err, as a diagnostic;
// any other panic goes on.
func catchPageLimit(err *error) {
	r := recover()
	if r == nil {
		return
	}
	pl, ok := r.(pageLimit)
	if !ok {
		panic(r)
	}
	*err = manuscript.Diagnostics{{Pos: pl.at, Message: fmt.Sprintf("the book runs past %d pages here", pl.max),
		Hint: "if the book really is this long, raise it in book.yaml: limits: {pages: …}"}}
}
