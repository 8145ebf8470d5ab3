package charts

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// pieTotal returns the sum of the finite values, and an error for negative
// values or an empty pie.
func pieTotal(vals []float64) (float64, error) {
	total := 0.0
	for _, v := range vals {
		if !finite(v) {
			continue
		}
		if v < 0 {
			return 0, fmt.Errorf("pie value %g is negative", v)
		}
		total += v
	}
	if !finite(total) {
		return 0, errRange
	}
	if total <= 0 {
		return 0, errors.New("no values to draw")
	}
	return total, nil
}

// sharePct formats a share of 100: whole percents, one decimal under 1%.
func sharePct(p float64) string {
	if p > 0 && p < 0.95 {
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

// sliceValue is the value line of a slice label: "34%" when the values are
// percentages adding up to 100, else "1,554 (33%)".
func (d *dataset) sliceValue(v, total float64) string {
	if d.isPercentFormat() && math.Abs(total-100) < 0.5 {
		return d.fmtValue(v)
	}
	return d.fmtValue(v) + " (" + sharePct(v/total*100) + ")"
}

// drawPie draws a pie or donut chart: slices clockwise from 12 o'clock in
// the given order, separated by white lines, each labelled outside with its
// name, value and share, joined to it by a leader line.
func (p *painter) drawPie(d *dataset, a box, donut bool) error {
	lk := p.lk
	vals := d.series[0].vals
	total, err := pieTotal(vals)
	if err != nil {
		return err
	}
	nameTS := textStyle{size: lk.font, color: lk.text}
	type slice struct {
		i          int
		a0, a1, am float64
		lines      []string
		right      bool
		y          float64
	}
	var slices []*slice
	labelW := 0.0
	acc := 0.0
	for i, v := range vals {
		if !finite(v) || v == 0 {
			continue
		}
		s := &slice{i: i, a0: acc / total * 2 * math.Pi}
		acc += v
		s.a1 = acc / total * 2 * math.Pi
		s.am = (s.a0 + s.a1) / 2
		s.right = math.Sin(s.am) >= -1e-9
		s.lines = []string{d.cats[i], d.sliceValue(v, total)}
		for _, l := range s.lines {
			labelW = math.Max(labelW, p.width(l, textStyle{size: lk.font, bold: d.hl[i]}))
		}
		slices = append(slices, s)
	}
	blockH := 2 * lineHeight(lk.font)
	leader := lk.font * 1.6
	rad := math.Min(a.h()/2-blockH/2, (a.w()-2*(labelW+leader+lk.font*0.4))/2)
	if rad < lk.font*2.5 {
		return errTooSmall
	}
	cx, cy := (a.x0+a.x1)/2, (a.y0+a.y1)/2
	inner := 0.0
	if donut {
		inner = rad * 0.58
	}
	for _, s := range slices {
		p.wedge("slice", cx, cy, inner, rad, s.a0, s.a1, dc(d.catColor(s.i)), lk.white, lk.sep)
	}
	if donut && !(d.isPercentFormat() && math.Abs(total-100) < 0.5) {
		ts := textStyle{size: lk.font * 1.4, bold: true, color: lk.text}
		p.text("total", d.fmtValue(total), cx, cy+ts.size*capHeight/2-lk.small*0.5, ts, alignCenter)
		p.text("total-label", "total", cx, cy+ts.size*capHeight/2+lk.small*1.2, textStyle{size: lk.small, color: lk.subtle}, alignCenter)
	}

	// Labels: each side sorted top to bottom and spread apart.
	for _, right := range []bool{true, false} {
		var side []*slice
		for _, s := range slices {
			if s.right == right {
				s.y = cy - (rad+leader*0.5)*math.Cos(s.am)
				side = append(side, s)
			}
		}
		sort.SliceStable(side, func(i, j int) bool { return side[i].y < side[j].y })
		ys := make([]float64, len(side))
		for i, s := range side {
			ys[i] = s.y
		}
		relax(ys, blockH+lk.font*0.2, a.y0+blockH/2, a.y1-blockH/2)
		for i, s := range side {
			s.y = ys[i]
		}
	}
	// Each label hugs a circle around the pie: its block's nearest corner
	// stays outside it, so labels sit close to their slices without
	// touching the pie.
	outer := rad + leader*0.75
	for _, s := range slices {
		sin, cos := math.Sin(s.am), math.Cos(s.am)
		edge := [2]float64{cx + (rad+lk.sep)*sin, cy - (rad+lk.sep)*cos}
		elbow := [2]float64{cx + (rad+leader*0.5)*sin, cy - (rad+leader*0.5)*cos}
		near := 0.0
		switch dy := s.y - cy; {
		case dy < -blockH/2:
			near = dy + blockH/2
		case dy > blockH/2:
			near = dy - blockH/2
		}
		dx := math.Sqrt(math.Max(0, outer*outer-near*near))
		tx, al := cx+dx, alignLeft
		end := [2]float64{tx - lk.font*0.25, s.y}
		if !s.right {
			tx, al = cx-dx, alignRight
			end[0] = tx + lk.font*0.25
		}
		p.line("leader", lk.grid, lk.subtle, edge, elbow, end)
		ts := nameTS
		ts.bold = d.hl[s.i]
		first := s.y - blockH/2 + (lineHeight(lk.font)+lk.font*capHeight)/2
		p.textBlock("slice-label", s.lines, tx, first, ts, al)
	}
	return nil
}
