package charts

import (
	"errors"
	"math"
)

// hbarGeometry is the vertical layout of a horizontal bar chart.
type hbarGeometry struct {
	unitH     float64 // the unit line above the bars
	rowH      float64
	labelSize float64
	labelW    float64 // the category label column
	lines     [][]string
}

// hbarLayout wraps the category labels into a column of at most 38% of the
// width and sizes the rows to fit them.
func (p *painter) hbarLayout(d *dataset, a box, share float64) hbarGeometry {
	lk := p.lk
	g := hbarGeometry{unitH: p.unitLabel(d, a.x0, a.y0, false)}
	maxW := a.w() * share
	for i, c := range d.cats {
		g.labelW = math.Max(g.labelW, p.width(c, textStyle{size: lk.font, bold: d.hl[i]}))
	}
	g.labelW = math.Min(g.labelW, maxW)
	g.labelSize, g.lines, _ = p.fitLabels(d.cats, d.hl, g.labelW, 2)
	for i, l := range g.lines {
		for _, s := range l {
			g.labelW = math.Max(g.labelW, p.width(s, textStyle{size: g.labelSize, bold: d.hl[i]}))
		}
	}
	g.rowH = math.Max(lk.font*2.3, float64(maxLines(g.lines))*lineHeight(g.labelSize)+lk.font*0.9)
	return g
}

// hbarHeight is the natural height of a horizontal bar chart's plot.
func (p *painter) hbarHeight(d *dataset, a box) float64 {
	g := p.hbarLayout(d, a, 0.38)
	return g.unitH + float64(len(d.cats))*g.rowH + p.lk.font*0.3
}

// drawHBar draws a horizontal bar chart for rankings: category labels on the
// left, bars from a zero line, each value at its bar's end. Highlighted
// categories get the accent colour and bold labels, the others the muted
// colour, so the highlight does not rest on colour alone.
func (p *painter) drawHBar(d *dataset, a box) error {
	// In a box too short for the rows, set the type smaller, down to the
	// minimum size.
	for size := p.lk.font; size >= p.lk.minFont-1e-9; size -= 0.5 {
		q := *p
		q.lk.font = size
		err := q.hbar(d, a, false)
		if err == nil {
			return q.hbar(d, a, true)
		}
		if !errors.Is(err, errTooSmall) {
			return err
		}
	}
	return errTooSmall
}

// hbar lays out a horizontal bar chart and, with draw set, draws it; all
// its errors come before it draws anything.
func (p *painter) hbar(d *dataset, a box, draw bool) error {
	lk := p.lk
	vals := d.series[0].vals
	lo, hi, ok := extent(vals)
	if !ok {
		return errors.New("no values to draw")
	}
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if d.c.AxisMin != nil {
		lo = *d.c.AxisMin
	}
	if d.c.AxisMax != nil {
		hi = *d.c.AxisMax
	}
	if hi <= lo {
		hi = lo + 1
	}
	if !finite(hi - lo) {
		return errRange
	}
	sc := scale{lo: lo, hi: hi}

	// Space for value labels on both sides of the bars.
	posW, negW := 0.0, 0.0
	for i, v := range vals {
		if !finite(v) {
			continue
		}
		w := p.width(d.fmtValue(v), textStyle{size: lk.font, bold: d.hl[i]}) + lk.font*0.4
		if v >= 0 {
			posW = math.Max(posW, w)
		} else {
			negW = math.Max(negW, w)
		}
	}
	gap := lk.font * 0.7
	// The label column takes up to 38% of the width, less when the bars
	// would otherwise have no room.
	var g hbarGeometry
	var x0, x1 float64
	for _, share := range []float64{0.38, 0.3, 0.22} {
		g = p.hbarLayout(d, a, share)
		x0 = a.x0 + g.labelW + gap + negW
		x1 = a.x1 - posW
		if x1-x0 >= lk.font*3 {
			break
		}
	}
	if x1-x0 < lk.font*2 {
		return errTooSmall
	}
	xOf := func(v float64) float64 { return x0 + sc.pos(v)*(x1-x0) }
	zero := xOf(math.Max(lo, math.Min(hi, 0)))

	top := a.y0 + g.unitH
	rows := float64(len(d.cats))
	if top+rows*g.rowH > a.y1+1e-6 {
		// Squeeze the rows into the box given, down to the label height.
		g.rowH = math.Max((a.y1-top)/rows, lineHeight(g.labelSize)*float64(maxLines(g.lines)))
		if top+rows*g.rowH > a.y1+lk.font {
			return errTooSmall
		}
	}
	if !draw {
		return nil
	}
	barH := math.Min(g.rowH*0.64, lk.font*2.2)
	if u := d.c.Unit; u != "" {
		p.unitLabel(d, zero, a.y0, true)
	}
	for i, v := range vals {
		mid := top + (float64(i)+0.5)*g.rowH
		ts := textStyle{size: g.labelSize, bold: d.hl[i], color: lk.text}
		lines := g.lines[i]
		first := mid - float64(len(lines)-1)*lineHeight(g.labelSize)/2 + g.labelSize*capHeight/2
		p.textBlock("category", lines, a.x0+g.labelW, first, ts, alignRight)
		if !finite(v) {
			continue
		}
		xv := xOf(v)
		p.rect("bar", math.Min(xv, zero), mid-barH/2, math.Max(xv, zero), mid+barH/2, dc(d.catColor(i)))
		vts := textStyle{size: lk.font, bold: d.hl[i], color: lk.text}
		if v >= 0 {
			p.text("value", d.fmtValue(v), math.Max(xv, zero)+lk.font*0.4, mid+lk.font*capHeight/2, vts, alignLeft)
		} else {
			p.text("value", d.fmtValue(v), math.Min(xv, zero)-lk.font*0.4, mid+lk.font*capHeight/2, vts, alignRight)
		}
	}
	p.line("baseline", lk.axis, lk.axisColor, [2]float64{zero, top}, [2]float64{zero, top + rows*g.rowH})
	return nil
}
