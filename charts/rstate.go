package charts

import (
	"math"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// vectorDPI is the resolution the chart layouts use with the vector
// renderers: one renderer unit is 1/20 point, fine enough that go-chart's
// integer coordinates never show.
const vectorDPI = 1440

// rstate is the drawing state the vector renderers share: the style setters
// of chart.Renderer. Coordinates are renderer units of 1/DPI inch; font sizes
// are points, as in go-chart.
type rstate struct {
	dpi         float64
	class       string
	stroke      drawing.Color
	fill        drawing.Color
	fontColor   drawing.Color
	strokeWidth float64 // renderer units
	dash        []float64
	font        *truetype.Font
	fontSize    float64
	rotated     bool
	rotation    float64 // radians
}

// ResetStyle resets the style to its defaults, keeping the font.
func (s *rstate) ResetStyle() {
	*s = rstate{dpi: s.dpi, font: s.font}
}

// GetDPI returns the renderer's resolution: how many units make an inch.
func (s *rstate) GetDPI() float64 { return s.dpi }

// SetDPI sets how many renderer units make an inch.
func (s *rstate) SetDPI(dpi float64) {
	if dpi > 0 && finite(dpi) {
		s.dpi = dpi
	}
}

// SetClassName sets the class of the shapes and text drawn next (SVG only).
func (s *rstate) SetClassName(name string) { s.class = name }

// SetStrokeColor sets the stroke colour.
func (s *rstate) SetStrokeColor(c drawing.Color) { s.stroke = c }

// SetFillColor sets the fill colour.
func (s *rstate) SetFillColor(c drawing.Color) { s.fill = c }

// SetStrokeWidth sets the stroke width, in renderer units.
func (s *rstate) SetStrokeWidth(w float64) { s.strokeWidth = w }

// SetStrokeDashArray sets the dash pattern, in renderer units; nil is solid.
func (s *rstate) SetStrokeDashArray(d []float64) { s.dash = append([]float64(nil), d...) }

// SetFont sets the font of the text drawn next.
func (s *rstate) SetFont(f *truetype.Font) { s.font = f }

// SetFontColor sets the text colour.
func (s *rstate) SetFontColor(c drawing.Color) { s.fontColor = c }

// SetFontSize sets the font size, in points.
func (s *rstate) SetFontSize(size float64) { s.fontSize = size }

// SetTextRotation rotates the text drawn next by radians, clockwise on the
// y-down canvas.
func (s *rstate) SetTextRotation(radians float64) {
	s.rotated, s.rotation = true, radians
}

// ClearTextRotation stops rotating text.
func (s *rstate) ClearTextRotation() { s.rotated, s.rotation = false, 0 }

// visible reports whether c paints anything: go-chart's zero colour means
// "none".
func visible(c drawing.Color) bool { return c.A > 0 }

// flatten blends a translucent colour over white, so no renderer ever needs
// transparency.
func flatten(c drawing.Color) drawing.Color {
	if c.A == 255 || c.A == 0 {
		c.A = 255
		return c
	}
	a := float64(c.A) / 255
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*a + 255*(1-a))) }
	return drawing.Color{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 255}
}

// pathOp is one path segment, in renderer units: 'M' and 'L' use p[0:2],
// 'C' (cubic Bézier) p[0:6], 'Z' nothing.
type pathOp struct {
	op byte
	p  [6]float64
}

// pathBuilder collects a path the way go-chart's raster renderer does:
// LineTo on an empty path starts at the origin, ArcTo joins the current point
// with a line, Circle adds a closed subpath.
type pathBuilder struct {
	ops            []pathOp
	curX, curY     float64
	startX, startY float64
}

func (b *pathBuilder) moveTo(x, y float64) {
	b.ops = append(b.ops, pathOp{op: 'M', p: [6]float64{x, y}})
	b.curX, b.curY, b.startX, b.startY = x, y, x, y
}

func (b *pathBuilder) lineTo(x, y float64) {
	if len(b.ops) == 0 {
		b.moveTo(0, 0)
	}
	b.ops = append(b.ops, pathOp{op: 'L', p: [6]float64{x, y}})
	b.curX, b.curY = x, y
}

func (b *pathBuilder) cubicTo(c1x, c1y, c2x, c2y, x, y float64) {
	if len(b.ops) == 0 {
		b.moveTo(0, 0)
	}
	b.ops = append(b.ops, pathOp{op: 'C', p: [6]float64{c1x, c1y, c2x, c2y, x, y}})
	b.curX, b.curY = x, y
}

// MoveTo starts a new subpath at (x, y).
func (b *pathBuilder) MoveTo(x, y int) { b.moveTo(float64(x), float64(y)) }

// LineTo adds a straight segment to (x, y).
func (b *pathBuilder) LineTo(x, y int) { b.lineTo(float64(x), float64(y)) }

// QuadCurveTo adds a quadratic Bézier segment with control point (cx, cy),
// written as the equivalent cubic.
func (b *pathBuilder) QuadCurveTo(cx, cy, x, y int) {
	if len(b.ops) == 0 {
		b.moveTo(0, 0)
	}
	x0, y0 := b.curX, b.curY
	qx, qy, ex, ey := float64(cx), float64(cy), float64(x), float64(y)
	b.cubicTo(x0+2.0/3*(qx-x0), y0+2.0/3*(qy-y0), ex+2.0/3*(qx-ex), ey+2.0/3*(qy-ey), ex, ey)
}

// ArcTo adds an elliptical arc around (cx, cy) with radii rx and ry, from
// startAngle through delta radians (clockwise on the y-down canvas when
// positive), joined to the current point by a line.
func (b *pathBuilder) ArcTo(cx, cy int, rx, ry, startAngle, delta float64) {
	if !finite(rx) || !finite(ry) || !finite(startAngle) || !finite(delta) {
		return
	}
	delta = math.Max(-2*math.Pi, math.Min(2*math.Pi, delta))
	sx, sy, segs := arcCubics(float64(cx), float64(cy), rx, ry, startAngle, delta)
	if len(b.ops) == 0 {
		b.moveTo(sx, sy)
	} else {
		b.lineTo(sx, sy)
	}
	for _, s := range segs {
		b.cubicTo(s[0], s[1], s[2], s[3], s[4], s[5])
	}
}

// Close closes the current subpath.
func (b *pathBuilder) Close() {
	if len(b.ops) == 0 {
		return
	}
	b.ops = append(b.ops, pathOp{op: 'Z'})
	b.curX, b.curY = b.startX, b.startY
}

// Circle adds a closed circular subpath; it does not paint it, as in
// go-chart's raster renderer: call Fill, Stroke or FillStroke next.
func (b *pathBuilder) Circle(radius float64, x, y int) {
	if !finite(radius) || radius <= 0 {
		return
	}
	cx, cy := float64(x), float64(y)
	sx, sy, segs := arcCubics(cx, cy, radius, radius, 0, 2*math.Pi)
	b.moveTo(sx, sy)
	for _, s := range segs {
		b.cubicTo(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	b.Close()
}

// take returns the path and starts a new one.
func (b *pathBuilder) take() []pathOp {
	ops := b.ops
	b.ops = nil
	return ops
}

// arcCubics approximates an arc with cubic Béziers of at most 90 degrees
// each, returning its start point and the segments (c1, c2, end).
func arcCubics(cx, cy, rx, ry, start, delta float64) (sx, sy float64, segs [][6]float64) {
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if n < 1 {
		n = 1
	}
	step := delta / float64(n)
	k := 4.0 / 3.0 * math.Tan(step/4)
	sx, sy = cx+rx*math.Cos(start), cy+ry*math.Sin(start)
	for i := 0; i < n; i++ {
		a0 := start + float64(i)*step
		a1 := a0 + step
		x0, y0 := cx+rx*math.Cos(a0), cy+ry*math.Sin(a0)
		x1, y1 := cx+rx*math.Cos(a1), cy+ry*math.Sin(a1)
		segs = append(segs, [6]float64{
			x0 - k*rx*math.Sin(a0), y0 + k*ry*math.Cos(a0),
			x1 + k*rx*math.Sin(a1), y1 - k*ry*math.Cos(a1),
			x1, y1,
		})
	}
	return sx, sy, segs
}
