package charts

import (
	"errors"
	"math"

	"github.com/folio-press/folio/manuscript"
)

// stackShares returns the series as percentages of each category's total of
// absolute values, for 100% stacked bars.
func stackShares(d *dataset) [][]float64 {
	out := make([][]float64, len(d.series))
	for s := range out {
		out[s] = make([]float64, len(d.cats))
	}
	for i := range d.cats {
		total := 0.0
		for _, s := range d.series {
			if v := s.vals[i]; finite(v) {
				total += math.Abs(v)
			}
		}
		for s := range d.series {
			v := d.series[s].vals[i]
			switch {
			case !finite(v):
				out[s][i] = math.NaN()
			case total > 0 && finite(total):
				out[s][i] = v / total * 100
			default:
				out[s][i] = 0
			}
		}
	}
	return out
}

// stackTotals returns the sums of the positive and of the negative values of
// each category.
func stackTotals(vals [][]float64, n int) (pos, neg []float64) {
	pos, neg = make([]float64, n), make([]float64, n)
	for _, vs := range vals {
		for i, v := range vs {
			switch {
			case !finite(v):
			case v >= 0:
				pos[i] += v
			default:
				neg[i] += v
			}
		}
	}
	return pos, neg
}

// categoryLabels lays out the labels under bars of the band width: wrapped
// in up to three lines, or, when too long for their bars even so, set on a
// slant in one line each. It returns the height they take below the axis.
func (p *painter) categoryLabels(d *dataset, band float64) (size float64, lines [][]string, rotate bool, h float64) {
	lk := p.lk
	catGap := lk.font * 0.55
	size, lines, fits := p.fitLabels(d.cats, d.hl, band-lk.font*0.35, 3)
	if fits {
		return size, lines, false, catGap + size*ascent + float64(maxLines(lines)-1)*lineHeight(size) + size*0.3
	}
	size = lk.minFont
	longest := 0.0
	for i, c := range d.cats {
		lines[i] = []string{c}
		longest = math.Max(longest, p.width(c, textStyle{size: size, bold: d.hl[i]}))
	}
	return size, lines, true, catGap + (longest+size)*math.Sqrt2/2
}

// drawColumns draws the vertical bar charts: bar, grouped-bar and
// stacked-bar (absolute, or 100% with Percent).
func (p *painter) drawColumns(d *dataset, a box) error {
	lk := p.lk
	n := len(d.cats)
	stacked := d.typ == manuscript.ChartStackedBar
	percent := stacked && d.c.Percent
	vals := make([][]float64, len(d.series))
	for s := range d.series {
		vals[s] = d.series[s].vals
	}
	format := d.format
	if percent {
		vals = stackShares(d)
		format = percentFormat()
	}
	var dmin, dmax float64
	if stacked {
		pos, neg := stackTotals(vals, n)
		lo, _, ok1 := extent(neg)
		_, hi, ok2 := extent(pos)
		if !ok1 || !ok2 {
			return errors.New("no values to draw")
		}
		dmin, dmax = lo, hi
		if !finite(dmin) || !finite(dmax) {
			return errRange
		}
	} else {
		lo, hi, ok := extent(vals...)
		if !ok {
			return errors.New("no values to draw")
		}
		dmin, dmax = math.Min(lo, 0), math.Max(hi, 0)
	}
	if percent {
		dmin, dmax = math.Min(dmin, 0), math.Max(dmax, 100)
	}
	// Zero-based unless the manuscript sets the minimum: niceScale only
	// widens the range, so the smallest bar always has a height.
	labels := d.c.Labels

	unitH := p.unitLabel(d, a.x0, a.y0, false)
	topPad := math.Max(unitH, lk.font*capHeight/2+lk.grid)
	catGap := lk.font * 0.55
	bottomH := catGap + lk.font*1.1
	valueTS := textStyle{size: lk.font, color: lk.text}

	var sc scale
	var gutter, catSize float64
	var catLines [][]string
	var rotate bool
	var err error
	for pass := 0; pass < 2; pass++ {
		plotH := a.h() - topPad - bottomH
		if plotH < lk.font*2 {
			return errTooSmall
		}
		target := clampInt(int(plotH/(lk.font*3.4)), 2, 6)
		if sc, err = niceScale(dmin, dmax, d.c.AxisMin, d.c.AxisMax, target, format); err != nil {
			return err
		}
		if labels && !percent {
			// Room beyond the longest bars for their value labels.
			need := lineHeight(lk.font)
			lo, hi := dmin, dmax
			if room := (sc.hi - dmax) / (sc.hi - sc.lo) * plotH; d.c.AxisMax == nil && dmax > 0 && room < need {
				hi = dmax + (sc.hi-sc.lo)*(need-room)/plotH
			}
			if room := (dmin - sc.lo) / (sc.hi - sc.lo) * plotH; d.c.AxisMin == nil && dmin < 0 && room < need {
				lo = dmin - (sc.hi-sc.lo)*(need-room)/plotH
			}
			if lo != dmin || hi != dmax {
				if sc, err = niceScale(lo, hi, d.c.AxisMin, d.c.AxisMax, target, format); err != nil {
					return err
				}
			}
		}
		gutter = 0
		for _, l := range sc.labels {
			gutter = math.Max(gutter, p.width(l, valueTS))
		}
		gutter += lk.font * 0.6
		band := (a.w() - gutter) / float64(n)
		if band < lk.font*0.8 {
			return errTooSmall
		}
		catSize, catLines, rotate, bottomH = p.categoryLabels(d, band)
		if rotate {
			// Slanted labels reach left of their bars: keep the first ones
			// inside the box.
			need := 0.0
			for i, c := range d.cats {
				w := p.width(c, textStyle{size: catSize, bold: d.hl[i]})
				need = math.Max(need, (w+catSize)*math.Sqrt2/2-(float64(i)+0.5)*band)
			}
			gutter = math.Max(gutter, need)
		}
	}
	plot := box{a.x0 + gutter, a.y0 + topPad, a.x1, a.y1 - bottomH}
	if plot.w() < lk.font*2 || plot.h() < lk.font*2 {
		return errTooSmall
	}
	yOf := func(v float64) float64 { return plot.y1 - sc.pos(v)*plot.h() }
	base := math.Max(sc.lo, math.Min(sc.hi, 0))
	band := plot.w() / float64(n)

	// Gridlines, then bars, then the baseline over them.
	for _, t := range sc.ticks {
		if t != base {
			p.line("grid", lk.grid, lk.gridColor, [2]float64{plot.x0, yOf(t)}, [2]float64{plot.x1, yOf(t)})
		}
	}
	switch {
	case stacked:
		p.drawStacks(d, vals, plot, band, yOf, format, percent)
	default:
		p.drawBarGroups(d, vals, plot, band, yOf, base)
	}
	p.line("baseline", lk.axis, lk.axisColor, [2]float64{plot.x0, yOf(base)}, [2]float64{plot.x1, yOf(base)})

	for i, t := range sc.ticks {
		p.text("tick", sc.labels[i], plot.x0-lk.font*0.6, yOf(t)+lk.font*capHeight/2, valueTS, alignRight)
	}
	p.unitLabel(d, a.x0, a.y0, true)
	for i, lines := range catLines {
		ts := textStyle{size: catSize, bold: d.hl[i], color: lk.text}
		cx := plot.x0 + (float64(i)+0.5)*band
		if rotate {
			ts.rot = -math.Pi / 4
			p.text("category", lines[0], cx+catSize*0.3, plot.y1+catGap+catSize*0.3, ts, alignRight)
			continue
		}
		p.textBlock("category", lines, cx, plot.y1+catGap+catSize*ascent, ts, alignCenter)
	}
	return nil
}

// drawBarGroups draws single bars (one series) or side-by-side groups, with
// their value labels when the chart asks for them.
func (p *painter) drawBarGroups(d *dataset, vals [][]float64, plot box, band float64, yOf func(float64) float64, base float64) {
	lk := p.lk
	ns := len(vals)
	groupW := band * 0.64
	if ns > 1 {
		groupW = band * 0.8
	}
	bw := groupW / float64(ns)
	gap := 0.0
	if ns > 1 {
		gap = math.Min(bw*0.12, lk.font*0.15)
	}
	// Value labels: the largest size at which every label fits its bar's slot.
	labelSize := 0.0
	if d.c.Labels {
		for size := lk.font; size >= lk.minFont-1e-9; size -= 0.5 {
			fits := true
			for _, vs := range vals {
				for i, v := range vs {
					if finite(v) && p.width(d.fmtValue(v), textStyle{size: size, bold: d.hl[i]}) > bw+band*0.18/float64(ns) {
						fits = false
					}
				}
			}
			if fits {
				labelSize = size
				break
			}
		}
	}
	for i := range d.cats {
		x := plot.x0 + float64(i)*band + (band-groupW)/2
		for s, vs := range vals {
			v := vs[i]
			x0, x1 := x+float64(s)*bw+gap/2, x+float64(s+1)*bw-gap/2
			if !finite(v) {
				continue
			}
			color := dc(d.seriesColor(s))
			if ns == 1 {
				color = dc(d.catColor(i))
			}
			yv, yb := yOf(v), yOf(base)
			p.rect("bar", x0, math.Min(yv, yb), x1, math.Max(yv, yb), color)
			if labelSize > 0 {
				ts := textStyle{size: labelSize, bold: d.hl[i], color: lk.text}
				cx := (x0 + x1) / 2
				if v >= base {
					p.text("value", d.fmtValue(v), cx, yv-labelSize*0.4, ts, alignCenter)
				} else {
					p.text("value", d.fmtValue(v), cx, yv+labelSize*(0.4+capHeight), ts, alignCenter)
				}
			}
		}
	}
}

// drawStacks draws stacked bars: positive values stack up from the
// baseline, negative ones down, each segment labelled inside when it fits,
// and, for absolute stacks, the total above.
func (p *painter) drawStacks(d *dataset, vals [][]float64, plot box, band float64, yOf func(float64) float64, format manuscript.NumberFormat, percent bool) {
	lk := p.lk
	bw := band * 0.6
	sep := lk.grid
	pos, neg := stackTotals(vals, len(d.cats))
	for i := range d.cats {
		x0 := plot.x0 + float64(i)*band + (band-bw)/2
		x1 := x0 + bw
		up, down := 0.0, 0.0
		for s, vs := range vals {
			v := vs[i]
			if !finite(v) || v == 0 {
				continue
			}
			var from, to float64
			if v > 0 {
				from, to = up, up+v
				up = to
			} else {
				from, to = down, down+v
				down = to
			}
			y0, y1 := yOf(from), yOf(to)
			top, bottom := math.Min(y0, y1), math.Max(y0, y1)
			if bottom-top > sep*2 {
				if v > 0 {
					top += sep / 2 // a white hairline between segments
				} else {
					bottom -= sep / 2
				}
			}
			color := dc(d.seriesColor(s))
			p.rect("bar", x0, top, x1, bottom, color)
			if d.c.Labels {
				text := format.Format(v)
				ts := textStyle{size: lk.font, color: p.contrastText(color)}
				if bottom-top >= lk.font*1.3 && p.width(text, ts) <= bw-lk.font*0.3 {
					p.text("value", text, (x0+x1)/2, (top+bottom)/2+lk.font*capHeight/2, ts, alignCenter)
				}
			}
		}
		if d.c.Labels && !percent && pos[i] > 0 {
			ts := textStyle{size: lk.font, bold: true, color: lk.text}
			p.text("total", d.fmtValue(pos[i]+neg[i]), (x0+x1)/2, yOf(pos[i])-lk.font*0.4, ts, alignCenter)
		}
	}
}
