package layout

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// Display draws the typeset document as the display list of edition
// opt.Edition, dated opt.Date: its pages with their furniture (running
// heads, folios, thumb tabs; a draft's flags; the print edition's crop
// marks), text as glyph runs a line or a style long, rules and boxes as
// paths, charts drawn into it, images, links and the outline, every
// colour in the edition's colour space. The print edition's media box
// holds the trim, the bleed and the crop marks, and it has blank pages up
// to a multiple of four. d itself is not changed, so one typeset document
// can be drawn as several editions, and read by the EPUB writer
// meanwhile.
func (d *Document) Display(opt Options) (*display.Document, error) {
	if d.fs == nil {
		return nil, fmt.Errorf("layout: the document was not typeset by Typeset")
	}
	pages := d.Pages
	if opt.Edition == Print {
		// a multiple of four pages, for printing in signatures
		pages = pages[:len(pages):len(pages)]
		for len(pages)%4 != 0 {
			pages = append(pages, &Page{Index: len(pages), Blank: true})
		}
	}
	b := d.Book
	dw := &drawer{doc: d, opt: opt, g: newGeometry(b.Trim), off: pageOffset(b, opt.Edition), cmyk: opt.Edition == Print, pages: pages}
	out := &display.Document{Info: info(b, opt), Pages: make([]display.Page, len(pages)), Transparency: opt.Edition != Print}
	if dw.cmyk {
		out.Colors = display.CMYK
	}
	// the figures' structure elements, numbered in page order, and one
	// source for each image however often it is shown
	first := make([]int32, len(pages))
	dw.images = map[*manuscript.Image]*display.ImageSource{}
	for i, p := range pages {
		first[i] = int32(len(out.Elements))
		for _, it := range p.Items {
			switch it := it.(type) {
			case ChartItem:
				out.Elements = append(out.Elements, display.Element{Kind: display.Figure, Alt: it.Alt})
			case ImageItem:
				out.Elements = append(out.Elements, display.Element{Kind: display.Figure, Alt: it.Alt})
				if dw.images[it.Image] == nil {
					dw.images[it.Image] = &display.ImageSource{Format: it.Image.Format, Data: it.Image.Data}
				}
			}
		}
	}
	// the pages, on all cores
	errs := make([]error, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				out.Pages[i], errs[i] = dw.page(pages[i], first[i])
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("layout: page %s: %w", pages[i].Label, err)
		}
	}
	for i, p := range pages {
		for _, it := range p.Items {
			if bm, ok := it.(BookmarkItem); ok {
				out.Outline = append(out.Outline, display.Bookmark{Title: bm.Title, Level: bm.Level, Page: i, Y: pt(bm.Y + dw.off)})
			}
		}
	}
	return out, nil
}

// info is the display list's metadata for the book.
func info(b *manuscript.Book, opt Options) display.Info {
	title := b.Title
	if b.Subtitle != "" {
		title += ": " + b.Subtitle
	}
	in := display.Info{Title: title, Subject: b.Description, Keywords: b.Subjects, Language: b.Language,
		Identifier: b.Identifier.URN(), Publisher: b.Publisher, Rights: b.Rights,
		Creator: "Folio", Producer: "Folio", Date: opt.Date.UTC(), Draft: opt.Edition == Draft}
	for _, a := range b.Authors {
		in.Authors = append(in.Authors, a.Name)
	}
	return in
}

// pt converts millimetres to points.
func pt(mm float64) float64 { return mm * ptPerMM }

// drawer draws typeset pages into display pages.
type drawer struct {
	doc   *Document
	opt   Options
	g     geometry
	off   float64 // where the trim box stands in the media box, mm
	cmyk  bool
	pages []*Page
	// images holds the display source of each image; read-only while
	// pages are drawn
	images map[*manuscript.Image]*display.ImageSource
}

// pageDraw is one page being drawn. Its runs' values come from slabs
// made once for the page: the runs, their glyphs, and their text, which
// is written into one buffer and made one string when the page is done,
// each run's Text a slice of it.
type pageDraw struct {
	dw    *drawer
	items []display.Item
	elem  int32 // the next figure's structure element

	texts  []display.Text
	glyphs []display.Glyph
	buf    []byte
	spans  []textSpan // where each run's text is in text
}

// textSpan is where a run's text is in its page's text buffer.
type textSpan struct {
	t          *display.Text
	start, end int
}

// newText returns a run from the page's slab.
func (pd *pageDraw) newText() *display.Text {
	if len(pd.texts) == cap(pd.texts) {
		pd.texts = make([]display.Text, 0, 16)
	}
	pd.texts = pd.texts[:len(pd.texts)+1]
	return &pd.texts[len(pd.texts)-1]
}

// finishTexts gives every run of the page its text.
func (pd *pageDraw) finishTexts() {
	all := string(pd.buf)
	for _, sp := range pd.spans {
		sp.t.Text = all[sp.start:sp.end]
	}
}

// page draws typeset page p; its figures' structure elements start at
// elem.
func (dw *drawer) page(p *Page, elem int32) (display.Page, error) {
	g, off := dw.g, dw.off
	out := display.Page{Media: display.Rect{W: pt(g.w + 2*off), H: pt(g.h + 2*off)}, Label: p.Label, Number: labelNumber(p)}
	if p.Roman {
		out.Numbering = display.Roman
	}
	if dw.opt.Edition == Print {
		bl := dw.doc.Book.Bleed
		out.Trim = display.Rect{X: pt(off), Y: pt(off), W: pt(g.w), H: pt(g.h)}
		out.Bleed = display.Rect{X: pt(off - bl), Y: pt(off - bl), W: pt(g.w + 2*bl), H: pt(g.h + 2*bl)}
	}
	pd := &pageDraw{dw: dw, elem: elem, items: make([]display.Item, 0, len(p.Items)/2+16)}
	// the slabs: a run for each change of line or style (a run may end
	// more often, rarely; newText makes more room then), and a glyph for
	// each byte of text and a space between items, at most
	nTexts, nBytes := 8, 256 // the furniture's
	var prev TextItem
	for i, it := range p.Items {
		if ti, ok := it.(TextItem); ok {
			if i == 0 || ti.Y != prev.Y || ti.Font != prev.Font || ti.Size != prev.Size || ti.Color != prev.Color || ti.role != prev.role {
				nTexts++
			}
			nBytes += len(ti.Text) + 1
			prev = ti
		}
	}
	pd.texts = make([]display.Text, 0, nTexts)
	pd.glyphs = make([]display.Glyph, 0, nBytes)
	pd.buf = make([]byte, 0, nBytes)
	if dw.opt.Edition == Print {
		pd.cropMarks()
	}
	for i := 0; i < len(p.Items); i++ {
		switch it := p.Items[i].(type) {
		case TextItem:
			i += pd.textRun(p.Items[i:]) - 1
		case RectItem:
			pd.rect(it.X, it.Y, it.W, it.H, it.Fill, display.Decoration)
		case LineItem:
			pd.line(it.X1, it.Y1, it.X2, it.Y2, max(it.Width, 0.25*ptToMM), it.Color, display.Decoration)
		case LinkItem:
			pd.items = append(pd.items, &display.Link{Box: pd.box(it.X, it.Y, it.W, it.H), URI: it.URL, Dest: it.Anchor})
		case AnchorItem:
			out.Dests = append(out.Dests, display.Dest{Name: it.Name, Y: pt(it.Y + off)})
		case ChartItem:
			if err := pd.chart(it); err != nil {
				return out, err
			}
		case ImageItem:
			pd.image(it)
		case MarkItem:
			if dw.opt.Edition == Draft {
				pd.mark(p, it)
				pr := it.Problem
				out.Sources = append(out.Sources, display.Source{Box: pd.box(0, it.Y-dw.g.leading*0.78, dw.g.w, dw.g.leading),
					File: pr.Pos.File, Line: pr.Pos.Line, Col: pr.Pos.Col, Problem: pr.Message})
			}
		}
	}
	if dw.opt.Edition == Draft {
		for i, pos := range sourcePositions(p.Sources) {
			s := p.Sources[i]
			out.Sources = append(out.Sources, display.Source{Box: pd.box(s.X, s.Y, s.W, s.H), File: pos.File, Line: pos.Line, Col: pos.Col})
		}
	}
	pd.furniture(p)
	pd.finishTexts()
	out.Items = pd.items
	return out, nil
}

// labelNumber is the value of a page's folio.
func labelNumber(p *Page) int {
	if p.Roman {
		return p.Index + 1 // front matter is numbered from its first page
	}
	n := 0
	fmt.Sscan(p.Label, &n)
	return n
}

// box converts a box of the trim, in mm, to a display rectangle.
func (pd *pageDraw) box(x, y, w, h float64) display.Rect {
	o := pd.dw.off
	return display.Rect{X: pt(x + o), Y: pt(y + o), W: pt(w), H: pt(h)}
}

// color converts a manuscript colour to the edition's colour space: the
// print edition's DeviceCMYK, with pure black (the theme's text colour,
// and anything darker than 90% grey) as 100% K; grey or RGB on screen.
func (dw *drawer) color(c manuscript.Color) display.Color {
	if dw.cmyk {
		cc, m, y, k := c.C, c.M, c.Y, c.K
		if !c.CMYKGiven && c.R == c.G && c.G == c.B && c.R < 40 {
			cc, m, y, k = 0, 0, 0, 1
		}
		return display.Color{Space: display.DeviceCMYK, C: [4]float64{cc, m, y, k}}
	}
	if c.R == c.G && c.G == c.B {
		return display.Color{Space: display.Gray, C: [4]float64{float64(c.R) / 255}}
	}
	return display.Color{Space: display.DeviceRGB, C: [4]float64{float64(c.R) / 255, float64(c.G) / 255, float64(c.B) / 255}}
}

// rect fills a rectangle given in trim coordinates, mm.
func (pd *pageDraw) rect(x, y, w, h float64, col manuscript.Color, role display.RoleKind) {
	r := pd.box(x, y, w, h)
	c := pd.dw.color(col)
	pd.items = append(pd.items, &display.Path{Fill: &c, Role: display.Role{Kind: role, Elem: display.NoElem}, Segs: []display.Seg{
		{Op: display.MoveTo, Pts: [3]display.Point{{X: r.X, Y: r.Y}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: r.X + r.W, Y: r.Y}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: r.X + r.W, Y: r.Y + r.H}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: r.X, Y: r.Y + r.H}}},
		{Op: display.Close},
	}})
}

// line strokes a line given in trim coordinates, width mm wide.
func (pd *pageDraw) line(x1, y1, x2, y2, width float64, col manuscript.Color, role display.RoleKind) {
	o := pd.dw.off
	pd.strokeLine(pt(x1+o), pt(y1+o), pt(x2+o), pt(y2+o), pt(width), pd.dw.color(col), role)
}

// strokeLine strokes a line given in points of the media box.
func (pd *pageDraw) strokeLine(x1, y1, x2, y2, width float64, c display.Color, role display.RoleKind) {
	pd.items = append(pd.items, &display.Path{Stroke: &display.Stroke{Color: c, Width: width}, Role: display.Role{Kind: role, Elem: display.NoElem}, Segs: []display.Seg{
		{Op: display.MoveTo, Pts: [3]display.Point{{X: x1, Y: y1}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: x2, Y: y2}}},
	}})
}

// cropMarks draws the print edition's crop marks outside the bleed, in
// registration colour (100% of each ink).
func (pd *pageDraw) cropMarks() {
	o, bl := pd.dw.off, pd.dw.doc.Book.Bleed
	g := pd.dw.g
	reg := display.Color{Space: display.DeviceCMYK, C: [4]float64{1, 1, 1, 1}}
	x0, y0, x1, y1 := o, o, o+g.w, o+g.h
	far := bl + markGap
	for _, m := range [][4]float64{
		{x0, y0 - far, x0, y0 - far - markLength}, {x0 - far, y0, x0 - far - markLength, y0},
		{x1, y0 - far, x1, y0 - far - markLength}, {x1 + far, y0, x1 + far + markLength, y0},
		{x0, y1 + far, x0, y1 + far + markLength}, {x0 - far, y1, x0 - far - markLength, y1},
		{x1, y1 + far, x1, y1 + far + markLength}, {x1 + far, y1, x1 + far + markLength, y1},
	} {
		pd.strokeLine(pt(m[0]), pt(m[1]), pt(m[2]), pt(m[3]), 0.25, reg, display.Mark)
	}
}

// textRun draws the text item that items begins with, together with the
// items that continue it on its line in the same face, size, colour and
// role, as one run of glyphs, and returns how many items it drew. An item
// continues the run straight after the one before it (a syllable, or a
// word after a dash), one space after it (the natural spacing of ragged
// lines and of a paragraph's last line), or, in a justified line, a space
// widened to the line's spacing. Its spaces are space glyphs standing for
// real spaces, so that a reader that copies the line gets them, and every
// item stands where the layout put it. Chinese, whose characters stand
// apart without spaces, is not widened.
func (pd *pageDraw) textRun(items []Item) int {
	fs := pd.dw.doc.fs
	first := items[0].(TextItem)
	space := fs.width(first.Font, first.Size, " ")
	face := fs.metrics(first.Font)
	if face == nil {
		return 1
	}
	t := pd.newText()
	*t = display.Text{Font: face.Display(), Size: first.Size, Fill: pd.dw.color(first.Color), X: pt(first.X + pd.dw.off), Y: pt(first.Y + pd.dw.off), Role: roleOf(first.role)}
	// the run's glyphs and text go on at the end of the page's slabs
	g0, t0 := len(pd.glyphs), len(pd.buf)
	glyphs := func(s string) {
		for _, r := range s {
			g, _ := face.Glyph(r)
			pd.glyphs = append(pd.glyphs, display.Glyph{ID: g, Advance: float64(face.RuneUnits(r)) * first.Size / 1000, Cluster: int32(len(pd.buf) - t0)})
			pd.buf = utf8.AppendRune(pd.buf, r)
		}
	}
	spaceGlyph := func(advance float64) {
		g, _ := face.Glyph(' ')
		pd.glyphs = append(pd.glyphs, display.Glyph{ID: g, Advance: advance, Cluster: int32(len(pd.buf) - t0)})
		pd.buf = append(pd.buf, ' ')
	}
	glyphs(first.Text)
	gap := -1.0 // the spacing of a justified line, once met
	last := first
	n := 1
run:
	for ; n < len(items); n++ {
		next, ok := items[n].(TextItem)
		if !ok || next.Y != first.Y || next.Font != first.Font || next.Size != first.Size || next.Color != first.Color || next.role != first.role || next.X <= last.X {
			break
		}
		g := next.X - (last.X + fs.width(last.Font, last.Size, last.Text))
		switch {
		case math.Abs(g) < 1e-6:
		case math.Abs(g-space) < 1e-6:
			spaceGlyph(float64(face.RuneUnits(' ')) * first.Size / 1000)
		case first.Font.Role != CJK && (gap < 0 && g > 0 || gap > 0 && math.Abs(g-gap) < 1e-6):
			gap = g
			spaceGlyph(pt(g))
		default:
			break run // spaced otherwise: the run ends before it
		}
		glyphs(next.Text)
		last = next
	}
	t.Glyphs = pd.glyphs[g0:len(pd.glyphs):len(pd.glyphs)]
	pd.spans = append(pd.spans, textSpan{t, t0, len(pd.buf)})
	pd.items = append(pd.items, t)
	return n
}

// roleOf is a text item's role in the display list; text the builder did
// not name is a paragraph's.
func roleOf(r textRole) display.Role {
	if !r.set {
		return display.Role{Kind: display.Paragraph, Elem: display.NoElem}
	}
	return display.Role{Kind: r.kind, Level: r.level, Elem: display.NoElem}
}

// text draws s with its baseline starting at (x, y), in trim coordinates,
// as one run in the role given.
func (pd *pageDraw) text(x, y float64, f Font, size float64, s string, col manuscript.Color, role display.RoleKind) {
	pd.textRun([]Item{TextItem{X: x, Y: y, Font: f, Size: size, Text: s, Color: col, role: roleFor(role, 0)}})
}

// chart draws a chart into its box as a figure.
func (pd *pageDraw) chart(it ChartItem) error {
	fs := pd.dw.doc.fs
	opt := charts.DrawOptions{Regular: fs.metrics(Font{Role: Heading}), Bold: fs.metrics(Font{Role: Heading, Style: fonts.Bold}),
		Fallback: fs.metrics(Font{Role: CJK}), CMYK: pd.dw.cmyk, Colors: pd.dw.doc.Book.Theme.Palette}
	items, err := charts.Draw(it.Chart, pd.box(it.X, it.Y, it.W, it.H), opt)
	if err != nil {
		// the manuscript's mistake, at the chart, as folio check gives it
		return manuscript.Diagnostics{charts.Diagnose(it.Chart, err)}
	}
	pd.items = append(pd.items, &display.Group{Items: items, Role: display.Role{Kind: display.Figure, Elem: pd.elem}})
	pd.elem++
	return nil
}

// image draws an image into its box as a figure.
func (pd *pageDraw) image(it ImageItem) {
	pd.items = append(pd.items, &display.Image{Box: pd.box(it.X, it.Y, it.W, it.H), Src: pd.dw.images[it.Image], Role: display.Role{Kind: display.Figure, Elem: pd.elem}})
	pd.elem++
}

// mark flags a layout problem in a draft's margin.
func (pd *pageDraw) mark(p *Page, it MarkItem) {
	g := pd.dw.g
	red := manuscript.Color{R: 220, G: 0, B: 0}
	x := g.w - 4
	if p.Index%2 == 1 {
		x = 2
	}
	pd.rect(x, it.Y-3, 2, 3.5, red, display.Mark)
	mx := g.w - g.outer + 4
	if p.Index%2 == 1 {
		mx = 6
	}
	pd.text(mx, it.Y, Font{Role: Heading}, 6, shorten(it.Problem.Message, 40), red, display.Mark)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// furniture draws the running head, the folio, the thumb tab and, in a
// draft, the draft line.
func (pd *pageDraw) furniture(p *Page) {
	dw := pd.dw
	b := dw.doc.Book
	fs := dw.doc.fs
	g := dw.g
	muted := b.Theme.Muted
	f := Font{Role: Heading}
	size := 8.0
	recto := p.Index%2 == 0
	x0, x1 := g.left(p), g.left(p)+g.measure
	if p.Head != "" {
		y := g.top - 8
		tw := fs.width(f, size, p.Head)
		x := x0
		if recto {
			x = x1 - tw
		}
		pd.text(x, y, f, size, p.Head, muted, display.Furniture)
		pd.line(x0, y+2, x1, y+2, 0.25*ptToMM, tint(muted, 0.6), display.Furniture)
	}
	if p.Folio && p.Label != "" {
		y := g.h - g.bottom + 12
		bold := Font{Role: Heading, Style: fonts.Bold}
		tw := fs.width(bold, 8.5, p.Label)
		x := x0
		if recto {
			x = x1 - tw
		}
		pd.text(x, y, bold, 8.5, p.Label, b.Theme.Text, display.Furniture)
	}
	if ch := p.Chapter; ch != nil && ch.Numbered && !p.Blank {
		pd.thumbTab(p, ch)
	}
	if dw.opt.Edition == Draft {
		red := manuscript.Color{R: 200, G: 0, B: 0}
		s := fmt.Sprintf("DRAFT · %s · built %s", b.Title, dw.opt.Date.UTC().Format("2006-01-02 15:04 MST"))
		pd.text(x0, g.h-6, Font{Role: Heading, Style: fonts.Bold}, 6.5, s, red, display.Mark)
	}
}

// Thumb tabs: how far a tab reaches into the page from the trim edge.
const tabDepth = 7.0

// Crop marks: how long they are and how far they stand from the bleed.
const (
	markLength = 6.0
	markGap    = 2.0
)

// pageOffset is where the trim box stands in the media box: the print
// edition's media box holds the trim, the bleed around it and the crop
// marks outside the bleed, and the page is drawn offset by it.
func pageOffset(b *manuscript.Book, ed Edition) float64 {
	if ed == Print {
		return b.Bleed + markLength + markGap
	}
	return 0
}

// thumbTab draws the chapter's tab on the outer edge, running into the
// bleed, at a height that steps down chapter by chapter so that a reader can
// thumb to a sector.
func (pd *pageDraw) thumbTab(p *Page, ch *manuscript.Chapter) {
	g := pd.dw.g
	n := len(pd.dw.doc.Book.Chapters)
	span := g.h - g.top - g.bottom
	h := math.Min(span/float64(n), 22)
	y := g.top + float64(ch.Number-1)*h
	bl := pd.dw.doc.Book.Bleed
	x, tx := g.w-tabDepth, g.w-tabDepth/2
	if p.Index%2 == 1 {
		x, tx = -bl, tabDepth/2
	}
	pd.rect(x, y+0.4, tabDepth+bl, h-0.8, ch.Color, display.Furniture)
	label := fmt.Sprint(ch.Number)
	f := Font{Role: Heading, Style: fonts.Bold}
	tw := pd.dw.doc.fs.width(f, 8, label)
	pd.text(tx-tw/2, y+h/2+1.2, f, 8, label, manuscript.Color{R: 255, G: 255, B: 255}, display.Furniture)
}
