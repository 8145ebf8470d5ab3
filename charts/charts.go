package charts

import (
	"bytes"
	"fmt"
	"math"

	"github.com/folio-press/folio/manuscript"
	"github.com/wcharczuk/go-chart/v2"
)

// pxPerPt converts points to CSS px.
const pxPerPt = 96.0 / 72

// NaturalHeight returns the height a chart wants at a width, both in
// millimetres at print sizes (7.5 pt labels): most charts keep a fixed
// proportion, a horizontal bar chart grows with its categories, and a legend
// above or below adds its rows. It does not count a title (see WithTitle).
// An invalid chart gets a plain 3:5 proportion; drawing it reports the
// problem.
func NaturalHeight(c *manuscript.Chart, width float64) float64 {
	d, err := prepare(c)
	if err != nil || !finite(width) || width <= 0 {
		return math.Max(0, width*0.6)
	}
	h, err := naturalHeight(d, width/mmPerPt, printLook(), false)
	if err != nil {
		return width * 0.6
	}
	return h * mmPerPt
}

// naturalHeight is the height in points for a width in points.
func naturalHeight(d *dataset, w float64, lk look, withTitle bool) (float64, error) {
	fs, err := loadFonts(d.texts())
	if err != nil {
		return 0, err
	}
	p := newPainter(NewSVGRenderer(1, 1, SVGOptions{}), vectorDPI, fs, lk)
	a := box{lk.pad, lk.pad, w - lk.pad, 0}
	h := 2 * lk.pad
	if withTitle {
		h += p.header(d, a, false) + p.footer(d, a, false)
	}
	switch mode := legendMode(d); mode {
	case "top", "bottom":
		_, lh := p.legendFlow(p.legendItems(d), a.w())
		h += lh + lk.font*0.9
	case "right":
		a.x1 -= a.w()*0.35 + lk.font*0.9
	}
	switch d.typ {
	case manuscript.ChartHBar:
		h += p.hbarHeight(d, a)
	case manuscript.ChartPie, manuscript.ChartDonut:
		h += math.Max(a.w()*0.55, lk.font*16)
	case manuscript.ChartLine:
		h += math.Max(a.w()*0.58, lk.font*14)
	default:
		// Plot proportion, plus what category labels need beyond one line.
		h += math.Max(a.w()*0.58, lk.font*14)
		gutter := lk.font * 4
		if lo, hi, ok := extent(d.series[0].vals); ok {
			gutter = math.Max(p.width(d.fmtValue(lo), p.legendTS()), p.width(d.fmtValue(hi), p.legendTS())) + lk.font*0.6
		}
		_, _, _, bottom := p.categoryLabels(d, (a.w()-gutter)/float64(len(d.cats)))
		h += math.Max(0, bottom-lk.font*(0.55+ascent+0.3))
	}
	return h, nil
}

// SVG returns c drawn as an SVG document of w by h CSS px; a height of zero
// or less means the natural height. The document is labelled for assistive
// technology: its <title> is the chart's title and its <desc> Describe(c);
// element ids start with the chart's id, so several charts can be inlined in
// one XHTML file.
func SVG(c *manuscript.Chart, w, h float64, opts ...Option) ([]byte, error) {
	s := collect(opts)
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	if !finite(w) || w <= 0 {
		return nil, fmt.Errorf("charts: %s: invalid width %g", chartName(c), w)
	}
	if h <= 0 {
		nh, err := naturalHeight(d, w/pxPerPt, screenLook(), s.withTitle)
		if err != nil {
			return nil, err
		}
		h = math.Ceil(nh * pxPerPt)
	}
	if !finite(h) {
		return nil, fmt.Errorf("charts: %s: invalid height %g", chartName(c), h)
	}
	fs, err := loadFonts(d.texts())
	if err != nil {
		return nil, err
	}
	family := "'Noto Sans', sans-serif"
	if fs.fallback != nil {
		family = "'Noto Sans', 'Droid Sans Fallback', sans-serif"
	}
	r := NewSVGRenderer(w, h, SVGOptions{ID: c.ID, Title: c.Title, Desc: Describe(c), FontFamily: family})
	p := newPainter(r, vectorDPI, fs, screenLook())
	if err := drawChart(p, d, w/pxPerPt, h/pxPerPt, s.withTitle); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: %w", chartName(c), err)
	}
	return buf.Bytes(), nil
}

// pngDensity is how many device pixels a PNG puts in a CSS px: charts are
// laid out as if 720 px wide or less, so type keeps its size relative to
// the chart however many pixels are asked for.
func pngDensity(w int) float64 { return math.Max(1, float64(w)/720) }

// PNG returns c drawn as a w by h pixel PNG with the bundled Noto Sans,
// through go-chart's raster renderer; a height of zero or less means the
// natural height. Wide images are drawn at a higher density rather than
// with smaller type.
func PNG(c *manuscript.Chart, w, h int, opts ...Option) ([]byte, error) {
	s := collect(opts)
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	if w <= 0 || w > 20000 || h > 20000 {
		return nil, fmt.Errorf("charts: %s: invalid PNG size %dx%d", chartName(c), w, h)
	}
	density := pngDensity(w)
	if h <= 0 {
		nh, err := naturalHeight(d, float64(w)/density/pxPerPt, screenLook(), s.withTitle)
		if err != nil {
			return nil, err
		}
		h = int(math.Ceil(nh * pxPerPt * density))
	}
	fs, err := loadFonts(d.texts())
	if err != nil {
		return nil, err
	}
	r, err := chart.PNG(w, h)
	if err != nil {
		return nil, fmt.Errorf("charts: %s: %w", chartName(c), err)
	}
	p := newPainter(r, 96*density, fs, screenLook())
	if err := drawChart(p, d, float64(w)/density/pxPerPt, float64(h)/density/pxPerPt, s.withTitle); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: encoding PNG: %w", chartName(c), err)
	}
	return buf.Bytes(), nil
}
