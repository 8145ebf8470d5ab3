package charts

import (
	"math"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

// FuzzSVG draws every chart type with arbitrary values, NaN, infinities and
// huge or tiny numbers included: SVG must never panic, and whatever it
// returns without an error must be well-formed XML.
func FuzzSVG(f *testing.F) {
	f.Add(1554.0, 1427.0, 1316.0, 207.0, uint8(0), false)
	f.Add(-3.5, 0.0, 2.25, 1e-9, uint8(3), true)
	f.Add(math.NaN(), math.Inf(1), math.Inf(-1), 5.0, uint8(6), false)
	f.Add(1e308, -1e308, 1e308, 1.0, uint8(4), true)
	f.Add(5e-324, 0.0, -5e-324, 0.0, uint8(1), false)
	f.Fuzz(func(t *testing.T, a, b, c, d float64, typ uint8, labels bool) {
		types := manuscript.ChartTypes
		ch := &manuscript.Chart{
			ID:         "fuzz",
			Type:       types[int(typ)%len(types)],
			Title:      "Fuzz <&>",
			Unit:       "units",
			Categories: []string{"one", "two", "three", "four"},
			Series: []manuscript.Series{
				{Name: "first", Values: []float64{a, b, c, d}},
				{Name: "second", Values: []float64{d, c, b, a}},
			},
			Labels:  labels,
			Percent: typ&0x80 != 0,
			Sort:    []string{"", "ascending", "descending"}[int(typ>>4)%3],
		}
		if typ&0x40 != 0 {
			ch.AxisMin, ch.AxisMax = &a, &b
		}
		svg, err := SVG(ch, 480, 0)
		if err != nil {
			return
		}
		if err := parseXML(svg); err != nil {
			t.Fatalf("SVG does not parse: %v\n%s", err, svg)
		}
	})
}
