package layout

import (
	"math"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/manuscript"
)

// captionLines builds a caption's lines: the label in bold in the
// chapter's colour, then the caption text.
func (b *builder) captionLines(label string, t manuscript.Text, w float64) []line {
	st := b.sans(8.5, false)
	var ws []word
	if label != "" {
		ls := b.sans(8.5, true)
		ls.color = b.chapter.Color
		ws = b.ts.words([]manuscript.Inline{&manuscript.Str{Text: label}}, ls)
		if len(ws) > 0 {
			ws[len(ws)-1].space = 2 * b.fs.width(st.font, st.size, " ")
		}
	}
	ws = append(ws, b.ts.words(t.Inlines, st)...)
	return breakLines(ws, func(int) float64 { return w })
}

// sourceLines builds a "Source: …" line.
func (b *builder) sourceLines(src manuscript.Text, notes []manuscript.Text, w float64) []line {
	st := b.sans(7, false)
	st.color = b.book.Theme.Muted
	var out []line
	for _, n := range notes {
		out = append(out, breakLines(b.ts.words(n.Inlines, st), func(int) float64 { return w })...)
	}
	if !src.IsZero() {
		ins := append([]manuscript.Inline{&manuscript.Emph{Children: []manuscript.Inline{&manuscript.Str{Text: "Source:"}}}, &manuscript.Str{Text: " "}}, src.Inlines...)
		out = append(out, breakLines(b.ts.words(ins, st), func(int) float64 { return w })...)
	}
	return out
}

const (
	captionLead = 4.0
	sourceLead  = 3.2
)

// figure sets a chart or image with its caption and source, floating to the
// next page top when it does not fit.
func (b *builder) figure(f *manuscript.Figure) {
	w := b.g.measure
	capl := b.captionLines(f.Label(), f.Caption, w)
	srcl := b.sourceLines(f.Source, nil, w)
	ch := 0.0
	switch {
	case f.Chart != nil:
		ch = charts.NaturalHeight(f.Chart, w)
	case f.Image != nil:
		ch = w * float64(f.Image.Height) / float64(f.Image.Width)
		maxH := (b.g.floor() - b.g.top) * 0.6
		if ch > maxH {
			ch = maxH
		}
	}
	capH := captionLead * float64(len(capl))
	srcH := sourceLead * float64(len(srcl))
	h := capH + 2 + ch + 2 + srcH
	anchor := f.Anchor()
	title := f.Label() + " " + f.Caption.Plain()
	b.placeFloat(pendingFloat{h: h, pos: f.Pos, anchor: anchor, draw: func(x, y float64) []Item {
		items := []Item{AnchorItem{Name: anchor, Y: y}, BookmarkItem{Title: title, Level: 2, Y: y}}
		it, _ := boxLines(capl, x, y, w, captionLead, left, roleFor(display.Caption, 0))
		items = append(items, it...)
		y += capH + 2
		switch {
		case f.Chart != nil:
			alt := f.Alt
			if alt == "" {
				alt = f.Chart.Alt
			}
			if alt == "" {
				alt = charts.Describe(f.Chart)
			}
			items = append(items, ChartItem{X: x, Y: y, W: w, H: ch, Chart: f.Chart, Alt: alt})
		case f.Image != nil:
			iw := ch * float64(f.Image.Width) / float64(f.Image.Height)
			items = append(items, ImageItem{X: x, Y: y, W: math.Min(iw, w), H: ch, Image: f.Image, Alt: f.Alt})
		}
		y += ch + 2
		it, _ = boxLines(srcl, x, y, w, sourceLead, left, roleFor(display.Caption, 0))
		return append(items, it...)
	}})
}

// table sets a table, breaking it across pages between rows and repeating
// the header row on each page.
func (b *builder) table(t *manuscript.Table) {
	w := b.g.measure
	ncol := len(t.Columns)
	if ncol == 0 {
		return
	}
	cellSt := b.sans(8, false)
	headSt := b.sans(8, true)
	pad := math.Min(2, w/float64(ncol)/8)
	// a table whose longest words do not fit side by side is set smaller,
	// down to 6 pt; past that, words are split where they meet the column
	// edge, and the draft says so
	widest := 0.0
	words := make([]float64, ncol) // each column's longest word
	for i := 0; i < ncol; i++ {
		col := b.widestWord(t.Columns[i].Title, headSt)
		for _, row := range t.Rows {
			if i < len(row) {
				col = max(col, b.widestWord(row[i], cellSt))
			}
		}
		words[i] = col
		widest += col
	}
	if room := w - 2*pad*float64(ncol); widest > room {
		size := math.Max(6, math.Floor(8*room/widest*2)/2)
		cellSt.size, headSt.size = size, size
		for i := range words {
			words[i] *= size / 8
		}
		if widest*size/8 > room {
			b.problem(t.Pos, b.y, "table too wide for the text block: long words are split")
		}
	}
	lead := cellSt.size * 3.7 / 8
	// column widths: proportional to the longest unbroken content, with a floor
	natural := make([]float64, ncol)
	for i, c := range t.Columns {
		natural[i] = b.textWidth(c.Title, headSt)
	}
	for _, row := range t.Rows {
		for i := 0; i < ncol && i < len(row); i++ {
			natural[i] = max(natural[i], b.textWidth(row[i], cellSt))
		}
	}
	widths := fitColumns(natural, words, w, pad)
	setRow := func(cells []manuscript.Text, st style) ([][]line, float64) {
		out := make([][]line, ncol)
		h := 0.0
		for i := 0; i < ncol; i++ {
			if i < len(cells) {
				out[i] = b.textLines(cells[i], st, widths[i]-2*pad)
			}
			h = max(h, lead*float64(len(out[i])))
		}
		return out, h + 2*1.2
	}
	header := make([]manuscript.Text, ncol)
	for i, c := range t.Columns {
		header[i] = c.Title
	}
	headLines, headH := setRow(header, headSt)
	drawRow := func(lines [][]line, y float64, role textRole) {
		x := b.x()
		for i := 0; i < ncol; i++ {
			al := left
			switch t.Columns[i].Align {
			case "right":
				al = right
			case "center":
				al = center
			}
			items, _ := boxLines(lines[i], x+pad, y+1.2, widths[i]-2*pad, lead, al, role)
			b.add(items...)
			x += widths[i]
		}
	}
	capl := b.captionLines(t.Label(), t.Caption, w)
	capH := captionLead * float64(len(capl))
	rule := func(y, width float64) {
		b.add(LineItem{X1: b.x(), Y1: y, X2: b.x() + w, Y2: y, Width: width, Color: b.book.Theme.Text})
	}
	startTable := func(cont bool) {
		lines := capl
		h := capH
		if cont {
			c := manuscript.Text{Inlines: append(append([]manuscript.Inline{}, t.Caption.Inlines...), &manuscript.Str{Text: " (continued)"})}
			lines = b.captionLines(t.Label(), c, w)
			h = captionLead * float64(len(lines))
		}
		items, _ := boxLines(lines, b.x(), b.y, w, captionLead, left, roleFor(display.Caption, 0))
		b.add(items...)
		b.y += h + 1.5
		rule(b.y, 0.5)
		drawRow(headLines, b.y, roleFor(display.TableHeader, 0))
		b.y += headH
		rule(b.y, 0.25)
	}
	rows := make([][][]line, len(t.Rows))
	rowH := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		rows[i], rowH[i] = setRow(r, cellSt)
	}
	srcl := b.sourceLines(t.Source, t.Notes, w)
	srcH := sourceLead * float64(len(srcl))
	b.space(b.g.leading * 0.5)
	// keep the caption, header and at least two rows (or the whole table) together
	first := capH + 1.5 + headH
	for i := 0; i < min(2, len(rowH)); i++ {
		first += rowH[i]
	}
	if len(rowH) <= 2 {
		first += srcH + 2
	}
	if first > b.room() {
		b.newPage()
	}
	b.add(AnchorItem{Name: t.Anchor(), Y: b.y})
	b.add(BookmarkItem{Title: t.Label() + " " + t.Caption.Plain(), Level: 2, Y: b.y})
	startTable(false)
	for i := range rows {
		need := rowH[i]
		if i == len(rows)-1 {
			need += srcH + 2
		}
		if need > b.room() {
			rule(b.y, 0.5)
			b.newPage()
			startTable(true)
		}
		drawRow(rows[i], b.y, roleFor(display.TableCell, 0))
		b.y += rowH[i]
		if i < len(rows)-1 {
			b.add(LineItem{X1: b.x(), Y1: b.y, X2: b.x() + w, Y2: b.y, Width: 0.1, Color: tint(b.book.Theme.Text, 0.3)})
		}
	}
	rule(b.y, 0.5)
	b.y += 2
	items, _ := boxLines(srcl, b.x(), b.y, w, sourceLead, left, roleFor(display.Caption, 0))
	b.add(items...)
	b.y += srcH
	b.space(b.g.leading * 0.8)
	b.indent = false
}

// widestWord is the width of the widest word of a text.
func (b *builder) widestWord(t manuscript.Text, st style) float64 {
	w := 0.0
	for _, wd := range b.ts.words(t.Inlines, st) {
		w = max(w, wd.w)
	}
	return w
}

// textWidth is the width of a text set on one line.
func (b *builder) textWidth(t manuscript.Text, st style) float64 {
	total := 0.0
	for _, w := range b.ts.words(t.Inlines, st) {
		total += w.w + w.space
	}
	return total
}

// fitColumns shares width w among columns in proportion to their natural
// widths, giving no column less than its share of a minimum, nor less than
// its longest word (words[i]) when the longest words fit side by side: a
// word is never split while there is room for it.
func fitColumns(natural, words []float64, w, pad float64) []float64 {
	out := shareColumns(natural, w, pad)
	need := make([]float64, len(out))
	sum := 0.0
	for i := range out {
		if i < len(words) {
			need[i] = words[i] + 2*pad + 0.01
		}
		sum += need[i]
	}
	if sum > w {
		return out // the words do not fit: the table says so
	}
	// columns short of their longest word get it, taken from the others
	// in proportion to what they have beyond theirs
	for range out {
		short, spare := 0.0, 0.0
		for i, v := range out {
			if v < need[i] {
				short += need[i] - v
			} else {
				spare += v - need[i]
			}
		}
		if short <= 1e-9 {
			break
		}
		for i, v := range out {
			if v < need[i] {
				out[i] = need[i]
			} else {
				out[i] = v - short*(v-need[i])/spare
			}
		}
	}
	return out
}

// shareColumns shares width w among columns in proportion to their natural
// widths, giving no column less than its share of a minimum.
func shareColumns(natural []float64, w, pad float64) []float64 {
	n := float64(len(natural))
	out := make([]float64, len(natural))
	sum := 0.0
	for _, v := range natural {
		sum += v + 2*pad
	}
	if sum <= w {
		// everything fits on one line: share the slack evenly
		slack := (w - sum) / n
		for i, v := range natural {
			out[i] = v + 2*pad + slack
		}
		return out
	}
	minW := math.Min(w/n, 18)
	rest := w
	flex := 0.0
	for i, v := range natural {
		if v+2*pad <= minW {
			out[i] = v + 2*pad
			rest -= out[i]
		} else {
			flex += v
		}
	}
	for i, v := range natural {
		if out[i] == 0 {
			out[i] = math.Max(minW, rest*v/flex)
		}
	}
	// normalise to w
	total := 0.0
	for _, v := range out {
		total += v
	}
	for i := range out {
		out[i] *= w / total
	}
	return out
}
