package charts

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/folio-press/folio/manuscript"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// errTooSmall is returned when the labels leave no room for the chart.
var errTooSmall = errors.New("too small for its labels")

// box is a rectangle in points, y down.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) w() float64 { return b.x1 - b.x0 }
func (b box) h() float64 { return b.y1 - b.y0 }

// drawChart lays out and draws d in a w by h point box.
func drawChart(p *painter, d *dataset, w, h float64, withTitle bool) error {
	name := chartName(d.c)
	if !finite(w) || !finite(h) || w <= 0 || h <= 0 {
		return fmt.Errorf("charts: %s: invalid size %gx%g", name, w, h)
	}
	lk := p.lk
	if lk.background {
		p.rect("background", 0, 0, w, h, lk.white)
	}
	a := box{lk.pad, lk.pad, w - lk.pad, h - lk.pad}
	if withTitle {
		a.y0 += p.header(d, a, true)
		a.y1 -= p.footer(d, a, true)
	}
	if a.w() < 6*lk.font || a.h() < 3*lk.font {
		return fmt.Errorf("charts: %s: %.0fx%.0f pt is %w", name, w, h, errTooSmall)
	}
	mode := legendMode(d)
	if items := p.legendItems(d); mode == "top" || mode == "bottom" || mode == "right" {
		gap := lk.font * 0.9
		switch mode {
		case "top":
			rows, lh := p.legendFlow(items, a.w())
			p.drawLegendFlow(items, rows, a.x0, a.y0)
			a.y0 += lh + gap
		case "bottom":
			rows, lh := p.legendFlow(items, a.w())
			p.drawLegendFlow(items, rows, a.x0, a.y1-lh)
			a.y1 -= lh + gap
		case "right":
			cw := p.legendColumn(items, a.x1, a.y0, a.w()*0.35)
			a.x1 -= cw + gap
		}
	}
	if a.w() < 6*lk.font || a.h() < 3*lk.font {
		return fmt.Errorf("charts: %s: %.0fx%.0f pt is %w", name, w, h, errTooSmall)
	}
	draw := func(d *dataset) error {
		switch d.typ {
		case manuscript.ChartHBar:
			return p.drawHBar(d, a)
		case manuscript.ChartLine:
			return p.drawLines(d, a, mode == "direct")
		case manuscript.ChartPie:
			return p.drawPie(d, a, false)
		case manuscript.ChartDonut:
			return p.drawPie(d, a, true)
		}
		return p.drawColumns(d, a)
	}
	err := draw(d)
	// Labels too long for the box: shorten them, with an ellipsis, rather
	// than fail on valid data. The full labels stay in the description and
	// the data table.
	for _, n := range []int{40, 24, 14, 8} {
		if !errors.Is(err, errTooSmall) {
			break
		}
		err = draw(d.shortened(n))
	}
	if err != nil {
		return fmt.Errorf("charts: %s: %w", name, err)
	}
	return nil
}

// shortened returns a copy of d whose category labels are at most n
// characters long.
func (d *dataset) shortened(n int) *dataset {
	c := *d
	c.cats = make([]string, len(d.cats))
	for i, s := range d.cats {
		if r := []rune(s); len(r) > n {
			s = string(r[:n-1]) + "…"
		}
		c.cats[i] = s
	}
	return &c
}

// header draws (when draw is set) the title and subtitle at the top of a and
// returns the height they take, with the gap below them.
func (p *painter) header(d *dataset, a box, draw bool) float64 {
	lk := p.lk
	y := a.y0
	has := false
	if t := strings.TrimSpace(d.c.Title); t != "" {
		ts := textStyle{size: lk.title, bold: true, color: lk.text}
		lines := p.wrap(t, ts, a.w())
		if draw {
			p.textBlock("title", lines, a.x0, y+lk.title*ascent, ts, alignLeft)
		}
		y += float64(len(lines)) * lineHeight(lk.title)
		has = true
	}
	if t := strings.TrimSpace(d.c.Subtitle); t != "" {
		ts := textStyle{size: lk.subtitle, color: lk.subtle}
		lines := p.wrap(t, ts, a.w())
		if draw {
			p.textBlock("subtitle", lines, a.x0, y+lk.subtitle*ascent, ts, alignLeft)
		}
		y += float64(len(lines)) * lineHeight(lk.subtitle)
		has = true
	}
	if !has {
		return 0
	}
	return y - a.y0 + lk.font
}

// footer draws (when draw is set) the source and note at the bottom of a and
// returns the height they take, with the gap above them.
func (p *painter) footer(d *dataset, a box, draw bool) float64 {
	lk := p.lk
	ts := textStyle{size: lk.small, color: lk.subtle}
	var lines []string
	if s := strings.TrimSpace(d.c.Note); s != "" {
		lines = append(lines, p.wrap("Note: "+s, ts, a.w())...)
	}
	if s := strings.TrimSpace(d.c.Source); s != "" {
		lines = append(lines, p.wrap("Source: "+s, ts, a.w())...)
	}
	if len(lines) == 0 {
		return 0
	}
	lh := lineHeight(lk.small)
	h := float64(len(lines)-1)*lh + lk.small*(ascent+0.3)
	if draw {
		p.textBlock("source", lines, a.x0, a.y1-h+lk.small*ascent, ts, alignLeft)
	}
	return h + lk.font
}

// legendMode resolves Chart.Legend: "none", "top", "bottom", "right", or
// "direct" (series named at the ends of their lines).
func legendMode(d *dataset) string {
	l := strings.ToLower(strings.TrimSpace(d.c.Legend))
	explicit := l == "top" || l == "bottom" || l == "right"
	switch d.typ {
	case manuscript.ChartPie, manuscript.ChartDonut, manuscript.ChartBar, manuscript.ChartHBar:
		if explicit {
			return l
		}
		return "none" // slices and bars are labelled directly
	case manuscript.ChartLine:
		if explicit || l == "none" {
			return l
		}
		if len(d.series) > 1 {
			return "direct"
		}
		return "none"
	}
	if explicit || l == "none" {
		return l
	}
	return "top"
}

type legendItem struct {
	label  string
	color  drawing.Color
	line   bool // a line with a marker rather than a square
	marker int
}

func (p *painter) legendItems(d *dataset) []legendItem {
	var items []legendItem
	switch d.typ {
	case manuscript.ChartPie, manuscript.ChartDonut:
		for i, c := range d.cats {
			items = append(items, legendItem{label: c, color: dc(d.catColor(i))})
		}
	default:
		for i, s := range d.series {
			label := s.name
			if label == "" {
				label = d.c.Unit
			}
			items = append(items, legendItem{label: label, color: dc(d.seriesColor(i)),
				line: d.typ == manuscript.ChartLine, marker: i})
		}
	}
	return items
}

func (p *painter) legendTS() textStyle {
	return textStyle{size: p.lk.font, color: p.lk.text}
}

func (p *painter) swatchW(it legendItem) float64 {
	if it.line {
		return p.lk.font * 2
	}
	return p.lk.font * 0.8
}

func (p *painter) itemW(it legendItem) float64 {
	return p.swatchW(it) + p.lk.font*0.4 + p.width(it.label, p.legendTS())
}

// legendFlow places the items in rows no wider than maxW.
func (p *painter) legendFlow(items []legendItem, maxW float64) (rows [][]int, h float64) {
	gap := p.lk.font * 1.3
	x := 0.0
	for i, it := range items {
		w := p.itemW(it)
		if len(rows) == 0 || x > 0 && x+gap+w > maxW {
			rows = append(rows, nil)
			x = 0
		} else if x > 0 {
			x += gap
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		x += w
	}
	return rows, float64(len(rows)) * lineHeight(p.lk.font)
}

func (p *painter) drawLegendFlow(items []legendItem, rows [][]int, x0, y0 float64) {
	gap := p.lk.font * 1.3
	lh := lineHeight(p.lk.font)
	for r, row := range rows {
		x := x0
		mid := y0 + float64(r)*lh + lh/2
		for _, i := range row {
			p.legendItem(items[i], x, mid)
			x += p.itemW(items[i]) + gap
		}
	}
}

// legendColumn draws the items in a column whose right edge is x1 and
// returns its width.
func (p *painter) legendColumn(items []legendItem, x1, y0, maxW float64) float64 {
	w := 0.0
	for _, it := range items {
		w = math.Max(w, p.itemW(it))
	}
	w = math.Min(w, maxW)
	lh := lineHeight(p.lk.font)
	for i, it := range items {
		p.legendItem(it, x1-w, y0+float64(i)*lh+lh/2)
	}
	return w
}

// legendItem draws a swatch and its label, centred vertically on mid.
func (p *painter) legendItem(it legendItem, x, mid float64) {
	lk := p.lk
	sw := p.swatchW(it)
	if it.line {
		p.line("legend-line", lk.line, it.color, [2]float64{x, mid}, [2]float64{x + sw, mid})
		p.marker("legend-marker", it.marker, x+sw/2, mid, lk.marker, it.color, lk.white, lk.grid)
	} else {
		s := lk.font * 0.8
		p.rect("legend-swatch", x, mid-s/2, x+s, mid+s/2, it.color)
	}
	p.text("legend", it.label, x+sw+lk.font*0.4, mid+lk.font*capHeight/2, p.legendTS(), alignLeft)
}

// unitLabel draws the unit of the values at the top left of a and returns
// the height it takes.
func (p *painter) unitLabel(d *dataset, x, y float64, draw bool) float64 {
	u := strings.TrimSpace(d.c.Unit)
	if u == "" || d.typ == manuscript.ChartStackedBar && d.c.Percent {
		return 0 // a 100% stack's axis says "%" itself
	}
	lk := p.lk
	if draw {
		p.text("unit", u, x, y+lk.small*ascent, textStyle{size: lk.small, color: lk.subtle}, alignLeft)
	}
	return lk.small*(ascent+0.3) + lk.font*0.75
}

// fitLabels wraps category labels to maxW, shrinking the type down to the
// minimum size if a word does not fit; bold marks highlighted categories.
// It reports false when even the minimum size does not fit.
func (p *painter) fitLabels(cats []string, bold []bool, maxW float64, maxLines int) (float64, [][]string, bool) {
	lk := p.lk
	var lines [][]string
	for size := lk.font; size >= lk.minFont-1e-9; size -= 0.5 {
		lines = make([][]string, len(cats))
		ok := true
		for i, c := range cats {
			ts := textStyle{size: size, bold: bold != nil && bold[i]}
			lines[i] = p.wrap(c, ts, maxW)
			if len(lines[i]) > maxLines {
				ok = false
			}
			for _, l := range lines[i] {
				if p.width(l, ts) > maxW {
					ok = false
				}
			}
		}
		if ok {
			return size, lines, true
		}
	}
	return lk.minFont, lines, false
}

func maxLines(lines [][]string) int {
	m := 1
	for _, l := range lines {
		if len(l) > m {
			m = len(l)
		}
	}
	return m
}

// readable darkens c until it reads as text on white (contrast 4.5:1).
func readable(c drawing.Color) drawing.Color {
	lum := func(c drawing.Color) float64 {
		return 0.2126*srgbToLinear(c.R) + 0.7152*srgbToLinear(c.G) + 0.0722*srgbToLinear(c.B)
	}
	for i := 0; i < 20 && 1.05/(lum(c)+0.05) < 4.5; i++ {
		c = drawing.Color{R: uint8(float64(c.R) * 0.85), G: uint8(float64(c.G) * 0.85), B: uint8(float64(c.B) * 0.85), A: 255}
	}
	return c
}

// relax spreads positions (sorted ascending) so neighbours are at least gap
// apart, within [lo, hi] when there is room.
func relax(ys []float64, gap, lo, hi float64) {
	for i := range ys {
		if i == 0 {
			ys[i] = math.Max(ys[i], lo)
		} else {
			ys[i] = math.Max(ys[i], ys[i-1]+gap)
		}
	}
	for i := len(ys) - 1; i >= 0; i-- {
		if i == len(ys)-1 {
			ys[i] = math.Min(ys[i], hi)
		} else {
			ys[i] = math.Min(ys[i], ys[i+1]-gap)
		}
	}
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
