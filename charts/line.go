package charts

import (
	"errors"
	"math"
	"sort"
)

// fewPoints is the most points a line chart labels one by one; longer series
// get a label at their last point only.
const fewPoints = 6

// lastPoint returns the index of the last finite value, or -1.
func lastPoint(vs []float64) int {
	for i := len(vs) - 1; i >= 0; i-- {
		if finite(vs[i]) {
			return i
		}
	}
	return -1
}

// drawLines draws a line chart: one line per series, broken where values are
// missing, with markers of a different shape per series, value labels, and
// the series named at the ends of their lines when direct is set.
func (p *painter) drawLines(d *dataset, a box, direct bool) error {
	lk := p.lk
	n := len(d.cats)
	vals := make([][]float64, len(d.series))
	for s := range d.series {
		vals[s] = d.series[s].vals
	}
	dmin, dmax, ok := extent(vals...)
	if !ok {
		return errors.New("no values to draw")
	}
	dmin, dmax = math.Min(dmin, 0), math.Max(dmax, 0)
	labelAll := d.c.Labels && n <= fewPoints
	labelLast := d.c.Labels && !labelAll
	valueTS := textStyle{size: lk.font, color: lk.text}
	nameTS := textStyle{size: lk.font, bold: true}

	// The right margin holds the direct labels, or the last values.
	endLabels := make([][]string, len(vals))
	rightW := 0.0
	for s, vs := range vals {
		last := lastPoint(vs)
		if last < 0 {
			continue
		}
		var text string
		if direct {
			text = d.series[s].name
		}
		if labelLast {
			if text != "" {
				text += " "
			}
			text += d.fmtValue(vs[last])
		}
		if text == "" {
			continue
		}
		endLabels[s] = p.wrap(text, nameTS, a.w()*0.28)
		for _, l := range endLabels[s] {
			rightW = math.Max(rightW, p.width(l, nameTS))
		}
	}
	// With every point labelled, end labels clear the last values' labels.
	endGap := lk.marker + lk.font*0.5
	if labelAll {
		for _, vs := range vals {
			if v := vs[n-1]; finite(v) {
				endGap = math.Max(endGap, p.width(d.fmtValue(v), valueTS)/2+lk.font*0.5)
			}
		}
	}
	if rightW > 0 {
		rightW += endGap
	}

	unitH := p.unitLabel(d, a.x0, a.y0, false)
	topPad := math.Max(unitH, lk.font*capHeight/2+lk.grid)
	if labelAll {
		topPad = math.Max(topPad, lk.font*1.2)
	}
	tickLen := lk.font * 0.4
	bottomH := tickLen + lk.font*0.35 + lk.font*(ascent+0.3)
	catW := make([]float64, n)
	maxCatW := 0.0
	for i, c := range d.cats {
		catW[i] = p.width(c, textStyle{size: lk.font, bold: d.hl[i]})
		maxCatW = math.Max(maxCatW, catW[i])
	}

	var sc scale
	var err error
	var gutter float64
	for pass := 0; pass < 2; pass++ {
		plotH := a.h() - topPad - bottomH
		if plotH < lk.font*2 {
			return errTooSmall
		}
		target := clampInt(int(plotH/(lk.font*3.4)), 2, 6)
		if sc, err = niceScale(dmin, dmax, d.c.AxisMin, d.c.AxisMax, target, d.format); err != nil {
			return err
		}
		gutter = 0
		for _, l := range sc.labels {
			gutter = math.Max(gutter, p.width(l, valueTS))
		}
		gutter += lk.font * 0.6
	}
	plot := box{a.x0 + gutter, a.y0 + topPad, a.x1 - rightW, a.y1 - bottomH}
	// Keep the first and last category labels and markers inside the box.
	inL := math.Max(lk.marker*2, catW[0]/2-gutter)
	inR := math.Max(lk.marker*2, catW[n-1]/2-rightW)
	if labelAll {
		inL = math.Max(inL, lk.font)
		inR = math.Max(inR, lk.font)
	}
	if plot.w()-inL-inR < lk.font*2 || plot.h() < lk.font*2 {
		return errTooSmall
	}
	xOf := func(i int) float64 {
		if n == 1 {
			return (plot.x0 + plot.x1) / 2
		}
		return plot.x0 + inL + float64(i)*(plot.w()-inL-inR)/float64(n-1)
	}
	yOf := func(v float64) float64 { return plot.y1 - sc.pos(v)*plot.h() }
	base := math.Max(sc.lo, math.Min(sc.hi, 0))

	for _, t := range sc.ticks {
		if t != base {
			p.line("grid", lk.grid, lk.gridColor, [2]float64{plot.x0, yOf(t)}, [2]float64{plot.x1, yOf(t)})
		}
	}
	p.line("baseline", lk.axis, lk.axisColor, [2]float64{plot.x0, yOf(base)}, [2]float64{plot.x1, yOf(base)})
	for i, t := range sc.ticks {
		p.text("tick", sc.labels[i], plot.x0-lk.font*0.6, yOf(t)+lk.font*capHeight/2, valueTS, alignRight)
	}
	p.unitLabel(d, a.x0, a.y0, true)

	// Category labels: every k-th, so that neighbours do not touch.
	step := 1
	if n > 1 {
		dx := (plot.w() - inL - inR) / float64(n-1)
		step = int(math.Ceil((maxCatW + lk.font*0.8) / dx))
		step = clampInt(step, 1, n)
	}
	for i := 0; i < n; i += step {
		x := xOf(i)
		p.line("tick", lk.grid, lk.axisColor, [2]float64{x, plot.y1}, [2]float64{x, plot.y1 + tickLen})
		ts := textStyle{size: lk.font, bold: d.hl[i], color: lk.text}
		p.text("category", d.cats[i], x, plot.y1+tickLen+lk.font*0.35+lk.font*ascent, ts, alignCenter)
	}

	markers := n <= 24
	for s, vs := range vals {
		color := dc(d.seriesColor(s))
		var seg [][2]float64
		flush := func() {
			if len(seg) > 1 {
				p.line("line", lk.line, color, seg...)
			}
			seg = seg[:0]
		}
		for i, v := range vs {
			if !finite(v) {
				flush()
				continue
			}
			seg = append(seg, [2]float64{xOf(i), yOf(v)})
		}
		flush()
		for i, v := range vs {
			isolated := finite(v) && (i == 0 || !finite(vs[i-1])) && (i == n-1 || !finite(vs[i+1]))
			if finite(v) && (markers || isolated) {
				p.marker("marker", s, xOf(i), yOf(v), lk.marker, color, lk.white, lk.grid)
			}
		}
	}

	if labelAll {
		for i := 0; i < n; i++ {
			// The lowest series at a point takes its label below, the others above.
			lowest, lowV, count := -1, math.Inf(1), 0
			for s, vs := range vals {
				if finite(vs[i]) {
					count++
					if vs[i] < lowV {
						lowest, lowV = s, vs[i]
					}
				}
			}
			if count < 2 {
				lowest = -1
			}
			for s, vs := range vals {
				v := vs[i]
				if !finite(v) {
					continue
				}
				y := yOf(v) - lk.marker - lk.font*0.35
				if s == lowest {
					y = yOf(v) + lk.marker + lk.font*(0.3+capHeight)
				}
				p.text("value", d.fmtValue(v), xOf(i), y, valueTS, alignCenter)
			}
		}
	}

	// End labels, spread apart so they do not overlap.
	type endLabel struct {
		s    int
		y, h float64
	}
	var ends []endLabel
	for s, lines := range endLabels {
		if len(lines) == 0 {
			continue
		}
		h := float64(len(lines)) * lineHeight(lk.font)
		ends = append(ends, endLabel{s: s, y: yOf(vals[s][lastPoint(vals[s])]) - h/2, h: h})
	}
	sort.SliceStable(ends, func(i, j int) bool { return ends[i].y < ends[j].y })
	if len(ends) > 0 {
		ys := make([]float64, len(ends))
		maxH := 0.0
		for i, e := range ends {
			ys[i] = e.y
			maxH = math.Max(maxH, e.h)
		}
		relax(ys, maxH+lk.font*0.1, a.y0, a.y1-maxH)
		for i, e := range ends {
			x := xOf(lastPoint(vals[e.s])) + endGap
			if direct {
				x = xOf(n-1) + endGap
			}
			ts := nameTS
			ts.color = readable(dc(d.seriesColor(e.s)))
			p.textBlock("series-label", endLabels[e.s], x, ys[i]+lk.font*(lineFactor-capHeight)/2+lk.font*capHeight, ts, alignLeft)
		}
	}
	return nil
}
