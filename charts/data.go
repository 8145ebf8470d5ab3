package charts

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/folio-press/folio/manuscript"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// errNoChart is returned for a nil chart.
var errNoChart = errors.New("charts: no chart")

// dataset is a chart made ready to draw: categories sorted, every series
// padded to one value per category (NaN where missing), colours resolved.
type dataset struct {
	c       *manuscript.Chart
	typ     manuscript.ChartType
	cats    []string
	series  []series
	hl      []bool // per category: highlighted
	anyHL   bool
	format  manuscript.NumberFormat
	base    manuscript.Color
	accent  manuscript.Color
	muted   manuscript.Color
	palette []manuscript.Color
}

type series struct {
	name string
	vals []float64
}

// name returns the chart's name for error messages.
func chartName(c *manuscript.Chart) string {
	if c == nil {
		return "<nil>"
	}
	if c.ID != "" {
		return fmt.Sprintf("chart %q", c.ID)
	}
	if c.Title != "" {
		return fmt.Sprintf("chart %q", c.Title)
	}
	return "chart"
}

func isSet(c manuscript.Color) bool { return c != manuscript.Color{} }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// prepare validates c and returns it ready to draw.
func prepare(c *manuscript.Chart) (*dataset, error) {
	if c == nil {
		return nil, errNoChart
	}
	name := chartName(c)
	switch c.Type {
	case manuscript.ChartBar, manuscript.ChartHBar, manuscript.ChartGroupedBar, manuscript.ChartStackedBar,
		manuscript.ChartLine, manuscript.ChartPie, manuscript.ChartDonut:
	default:
		return nil, fmt.Errorf("charts: %s: unknown chart type %q", name, c.Type)
	}
	if len(c.Categories) == 0 {
		return nil, fmt.Errorf("charts: %s: no categories", name)
	}
	if len(c.Series) == 0 {
		return nil, fmt.Errorf("charts: %s: no series", name)
	}
	switch c.Sort {
	case "", "ascending", "descending":
	default:
		return nil, fmt.Errorf("charts: %s: unknown sort %q (want ascending or descending)", name, c.Sort)
	}
	if c.AxisMin != nil && !finite(*c.AxisMin) || c.AxisMax != nil && !finite(*c.AxisMax) {
		return nil, fmt.Errorf("charts: %s: axis limits must be finite numbers", name)
	}
	if c.AxisMin != nil && c.AxisMax != nil && *c.AxisMax <= *c.AxisMin {
		return nil, fmt.Errorf("charts: %s: axis max %g is not above axis min %g", name, *c.AxisMax, *c.AxisMin)
	}
	d := &dataset{c: c, typ: c.Type, format: c.Format}
	n := len(c.Categories)
	d.cats = append([]string(nil), c.Categories...)
	for _, s := range c.Series {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = math.NaN()
			if i < len(s.Values) && finite(s.Values[i]) {
				vals[i] = s.Values[i]
			}
		}
		d.series = append(d.series, series{name: s.Name, vals: vals})
	}
	// Charts of one series draw only the first.
	switch d.typ {
	case manuscript.ChartBar, manuscript.ChartHBar, manuscript.ChartPie, manuscript.ChartDonut:
		d.series = d.series[:1]
	}
	d.hl = make([]bool, n)
	for i, cat := range d.cats {
		for _, h := range c.Highlight {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(cat)) {
				d.hl[i] = true
				d.anyHL = true
			}
		}
	}
	d.sortBy(c.Sort)
	d.resolveColors()
	return d, nil
}

// sortBy orders the categories by the first series: NaN values go last
// whatever the direction, and ties keep their given order.
func (d *dataset) sortBy(dir string) {
	if dir == "" {
		return
	}
	idx := make([]int, len(d.cats))
	for i := range idx {
		idx[i] = i
	}
	first := d.series[0].vals
	sort.SliceStable(idx, func(a, b int) bool {
		va, vb := first[idx[a]], first[idx[b]]
		if math.IsNaN(va) || math.IsNaN(vb) {
			return !math.IsNaN(va) && math.IsNaN(vb)
		}
		if dir == "descending" {
			return va > vb
		}
		return va < vb
	})
	cats := make([]string, len(idx))
	hl := make([]bool, len(idx))
	for to, from := range idx {
		cats[to] = d.cats[from]
		hl[to] = d.hl[from]
	}
	d.cats, d.hl = cats, hl
	for s := range d.series {
		vals := make([]float64, len(idx))
		for to, from := range idx {
			vals[to] = d.series[s].vals[from]
		}
		d.series[s].vals = vals
	}
}

func (d *dataset) resolveColors() {
	c := d.c
	def := DefaultPalette()
	d.palette = c.Palette
	if len(d.palette) == 0 {
		d.palette = def
	}
	d.base = c.Color
	if !isSet(d.base) {
		d.base = d.palette[0]
	}
	d.accent = c.Accent
	if !isSet(d.accent) {
		d.accent = d.base
	}
	d.muted = c.Muted
	if !isSet(d.muted) {
		d.muted = manuscript.Color{R: 0xbd, G: 0xbd, B: 0xbd, K: 0.3, CMYKGiven: true}
	}
}

// seriesColor is the colour of series i in multi-series charts.
func (d *dataset) seriesColor(i int) manuscript.Color {
	if len(d.series) == 1 && d.typ != manuscript.ChartPie && d.typ != manuscript.ChartDonut {
		return d.base
	}
	return d.palette[i%len(d.palette)]
}

// catColor is the colour of category i in single-series bar charts and of
// slice i in pies.
func (d *dataset) catColor(i int) manuscript.Color {
	if d.anyHL {
		if d.hl[i] {
			return d.accent
		}
		return d.muted
	}
	if d.typ == manuscript.ChartPie || d.typ == manuscript.ChartDonut {
		return d.palette[i%len(d.palette)]
	}
	return d.base
}

// colors lists every manuscript colour the chart may draw with, in a fixed
// order, for CMYK look-up.
func (d *dataset) colors() []manuscript.Color {
	out := []manuscript.Color{d.base, d.accent, d.muted}
	return append(out, d.palette...)
}

func dc(c manuscript.Color) drawing.Color { return drawing.Color{R: c.R, G: c.G, B: c.B, A: 255} }

// fmtValue formats a value with the chart's number format.
func (d *dataset) fmtValue(v float64) string { return d.format.Format(v) }

// isPercentFormat reports whether values are already percentages.
func (d *dataset) isPercentFormat() bool {
	return strings.Contains(d.format.Suffix, "%")
}

// texts returns every string the chart may draw, to decide which fonts it needs.
// Texts returns the text of a chart's specification and data that its
// drawings show: title, subtitle, unit, source, note, the number format's
// prefix and suffix, and the category and series names. The other labels
// are numbers, formatted from the data.
func Texts(c *manuscript.Chart) ([]string, error) {
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	return d.texts(), nil
}

func (d *dataset) texts() []string {
	c := d.c
	out := []string{c.Title, c.Subtitle, c.Unit, c.Source, c.Note, d.format.Prefix, d.format.Suffix}
	out = append(out, d.cats...)
	for _, s := range d.series {
		out = append(out, s.name)
	}
	return out
}

// UsesFallback reports whether a chart has text that Noto Sans lacks and
// that Draw therefore sets in DrawOptions.Fallback, such as Chinese.
func UsesFallback(c *manuscript.Chart) (bool, error) {
	d, err := prepare(c)
	if err != nil {
		return false, err
	}
	fs, err := loadFonts(d.texts())
	if err != nil {
		return false, err
	}
	return fs.fallback != nil, nil
}
