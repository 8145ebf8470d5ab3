package charts

import "github.com/wcharczuk/go-chart/v2/drawing"

// Option changes how SVG, PNG and PDF draw a standalone chart.
type Option func(*settings)

type settings struct {
	withTitle bool
	cmyk      bool
}

// WithTitle draws the chart's title and subtitle above it and its source and
// note below it, for standalone files. Without it the chart is drawn bare,
// because in the book the figure caption and source are set by the page
// layout.
func WithTitle() Option {
	return func(s *settings) { s.withTitle = true }
}

// WithCMYK makes Page give every colour as DeviceCMYK, as Draw does with
// DrawOptions.CMYK. SVG and PNG ignore it.
func WithCMYK() Option {
	return func(s *settings) { s.cmyk = true }
}

func collect(opts []Option) settings {
	var s settings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// look holds the sizes and neutral colours of one medium: print or screen.
// All lengths are in points.
type look struct {
	pad        float64 // space around the chart inside its box
	font       float64 // axis, category, value and legend labels
	small      float64 // unit, source and note
	title      float64
	subtitle   float64
	minFont    float64 // labels are never shrunk below this
	grid       float64 // gridline width
	axis       float64 // baseline width
	line       float64 // line-series width
	marker     float64 // marker radius
	sep        float64 // white separators between slices
	background bool    // paint a white background first

	text, subtle, gridColor, axisColor, white drawing.Color
}

// printLook is sized for paper: 7.5 pt labels, hairlines no thinner than the
// 0.25 pt print minimum.
func printLook() look {
	l := look{
		pad: 0, font: 7.5, small: 6.5, title: 9.5, subtitle: 7.5, minFont: 6,
		grid: 0.4, axis: 0.75, line: 1.5, marker: 1.7, sep: 0.6,
	}
	l.colors()
	return l
}

// screenLook is sized in CSS pixels converted to points (1 px = 0.75 pt):
// 13 px labels, 1 px gridlines.
func screenLook() look {
	const px = 0.75
	l := look{
		pad: 10 * px, font: 13 * px, small: 11.5 * px, title: 17 * px, subtitle: 13 * px, minFont: 9 * px,
		grid: 1 * px, axis: 1.5 * px, line: 2.5 * px, marker: 3.2 * px, sep: 1.5 * px, background: true,
	}
	l.colors()
	return l
}

func (l *look) colors() {
	l.text = drawing.Color{R: 0x26, G: 0x26, B: 0x26, A: 255}
	l.subtle = drawing.Color{R: 0x5e, G: 0x5e, B: 0x5e, A: 255}
	l.gridColor = drawing.Color{R: 0xd4, G: 0xd4, B: 0xd4, A: 255}
	l.axisColor = drawing.Color{R: 0x33, G: 0x33, B: 0x33, A: 255}
	l.white = drawing.Color{R: 255, G: 255, B: 255, A: 255}
}

// Noto Sans vertical metrics, in ems.
const (
	capHeight  = 0.714
	ascent     = 0.95 // a little under the font's 1.069, for tight label blocks
	lineFactor = 1.25 // line height of wrapped labels
)
