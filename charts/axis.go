package charts

import (
	"errors"
	"math"

	"github.com/folio-press/folio/manuscript"
)

// errRange is returned when values are too large or too close together to
// put on an axis.
var errRange = errors.New("values out of drawable range")

// scale is a value axis: the range drawn and its ticks.
type scale struct {
	lo, hi float64
	ticks  []float64
	labels []string
}

// pos maps v to [0, 1] along the axis, clamped.
func (s scale) pos(v float64) float64 {
	t := (v - s.lo) / (s.hi - s.lo)
	return math.Max(0, math.Min(1, t))
}

// niceScale builds an axis covering [dmin, dmax] (the data, including any
// baseline) with about target intervals. Limits given in the manuscript are
// kept exactly; the others are rounded out to a tick. With f's pattern fixing
// the number of decimals, ticks never need more decimals than it shows.
func niceScale(dmin, dmax float64, fixedLo, fixedHi *float64, target int, f manuscript.NumberFormat) (scale, error) {
	lo, hi := dmin, dmax
	if fixedLo != nil {
		lo = *fixedLo
	}
	if fixedHi != nil {
		hi = *fixedHi
	}
	if !finite(lo) || !finite(hi) {
		return scale{}, errRange
	}
	if hi <= lo {
		switch {
		case fixedHi == nil:
			hi = lo + math.Max(1, math.Abs(lo)*0.1)
		case fixedLo == nil:
			lo = hi - math.Max(1, math.Abs(hi)*0.1)
		}
	}
	span := hi - lo
	if !finite(span) || span <= 0 || span < math.Max(math.Abs(lo), math.Abs(hi))*1e-12 {
		return scale{}, errRange
	}
	if target < 1 {
		target = 1
	}
	step := niceStep(span/float64(target), f)
	if !finite(step) || step <= 0 {
		return scale{}, errRange
	}
	if fixedLo == nil {
		lo = math.Floor(lo/step+1e-9) * step
	}
	if fixedHi == nil {
		hi = math.Ceil(hi/step-1e-9) * step
	}
	if !finite(lo) || !finite(hi) || hi <= lo || (hi-lo)/step > 200 {
		return scale{}, errRange
	}
	s := scale{lo: lo, hi: hi}
	first := math.Ceil(lo/step - 1e-9)
	for i := 0; i <= 200; i++ {
		v := (first + float64(i)) * step
		if v > hi+step*1e-9 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		s.ticks = append(s.ticks, v)
	}
	tf := tickFormat(f, step)
	for _, v := range s.ticks {
		s.labels = append(s.labels, tf.Format(v))
	}
	return s, nil
}

// niceStep returns the smallest of 1, 2, 2.5 and 5 times a power of ten
// that is at least raw, skipping steps that f cannot show.
func niceStep(raw float64, f manuscript.NumberFormat) float64 {
	if !finite(raw) || raw <= 0 {
		return math.NaN()
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	if mag == 0 || !finite(mag) {
		return math.NaN()
	}
	minStep := 0.0
	if f.Pattern != "" {
		minStep = math.Pow(10, -float64(f.Decimals))
	}
	for _, m := range []float64{1, 2, 2.5, 5, 10, 20} {
		s := m * mag
		if s < raw*(1-1e-9) || s < minStep*(1-1e-9) {
			continue
		}
		if f.Pattern != "" && decimalsOf(s) > f.Decimals {
			continue
		}
		return s
	}
	return math.Max(20*mag, minStep)
}

// decimalsOf returns how many decimals step needs, up to 10.
func decimalsOf(step float64) int {
	for d := 0; d < 10; d++ {
		p := math.Pow10(d)
		if math.Abs(step*p-math.Round(step*p)) < 1e-6*step*p {
			return d
		}
	}
	return 10
}

// tickFormat is f with only the decimals the ticks need: "RMB 50bn" rather
// than "RMB 50.0bn" on an axis stepping by 10, never more than f shows.
func tickFormat(f manuscript.NumberFormat, step float64) manuscript.NumberFormat {
	need := decimalsOf(step)
	if f.Pattern == "" {
		return manuscript.NumberFormat{Pattern: "#,##0", Group: true, Decimals: need}
	}
	if need < f.Decimals {
		f.Decimals = need
	}
	return f
}

// percentFormat formats shares of 100 in 100% stacked bars.
func percentFormat() manuscript.NumberFormat {
	f, _ := manuscript.ParseNumberFormat("0%")
	return f
}

// extent returns the smallest and largest finite values, and false when
// there are none.
func extent(vals ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range vals {
		for _, v := range vs {
			if !finite(v) {
				continue
			}
			lo, hi, ok = math.Min(lo, v), math.Max(hi, v), true
		}
	}
	return lo, hi, ok
}
