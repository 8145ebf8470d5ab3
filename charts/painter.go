package charts

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"

	"github.com/folio-press/folio/fonts"
	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// fontSet holds the faces charts are drawn with. The truetype fonts are the
// bundled Noto Sans; renderers that draw with other faces (the display
// renderer sets and measures text in the book's fonts.Face) take them only
// as names of a style.
type fontSet struct {
	regular, bold *truetype.Font
	fallback      *truetype.Font // for characters Noto Sans lacks (CJK); may be nil
}

// parsedFonts holds the bundled faces charts draw with, parsed once. Parsed
// fonts are read-only, so every chart shares them.
var parsedFonts = sync.OnceValues(func() ([3]*truetype.Font, error) {
	var out [3]*truetype.Font
	for i, f := range []struct {
		family string
		style  fonts.Style
	}{{"Noto Sans", fonts.Regular}, {"Noto Sans", fonts.Bold}, {"Droid Sans Fallback", fonts.Regular}} {
		b, err := fonts.FaceData(f.family, f.style)
		if err != nil {
			return out, fmt.Errorf("charts: loading %s: %w", f.family, err)
		}
		if out[i], err = truetype.Parse(b); err != nil {
			return out, fmt.Errorf("charts: parsing %s: %w", f.family, err)
		}
	}
	return out, nil
})

// loadFonts returns the bundled Noto Sans, and Droid Sans Fallback when one
// of texts has a character Noto Sans lacks.
func loadFonts(texts []string) (*fontSet, error) {
	parsed, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	fs := fontSet{regular: parsed[0], bold: parsed[1]}
	if needsFallback(fs.regular, texts) {
		fs.fallback = parsed[2]
	}
	return &fs, nil
}

func needsFallback(f *truetype.Font, texts []string) bool {
	for _, t := range texts {
		for _, r := range t {
			if !unicode.IsSpace(r) && unicode.IsPrint(r) && f.Index(r) == 0 {
				return true
			}
		}
	}
	return false
}

// textStyle is the look of one piece of text.
type textStyle struct {
	size  float64 // points
	bold  bool
	color drawing.Color
	rot   float64 // radians, clockwise on the y-down canvas
}

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// anchoredTexter is implemented by renderers that can align text themselves
// (SVG's text-anchor), so alignment survives a substituted font.
type anchoredTexter interface {
	TextAnchored(body string, x, y int, anchor string)
}

// painter draws the charts' shapes and text on a chart.Renderer, in points
// on a y-down canvas.
type painter struct {
	r   chart.Renderer
	upp float64 // renderer units per point
	fs  *fontSet
	lk  look
}

func newPainter(r chart.Renderer, dpi float64, fs *fontSet, lk look) *painter {
	r.SetDPI(dpi)
	return &painter{r: r, upp: dpi / 72, fs: fs, lk: lk}
}

// u converts points to renderer units.
func (p *painter) u(v float64) int {
	x := math.Round(v * p.upp)
	if math.IsNaN(x) {
		return 0
	}
	return int(math.Max(-1e9, math.Min(1e9, x)))
}

func (p *painter) style(class string, fill, stroke drawing.Color, width float64) {
	r := p.r
	r.ResetStyle()
	r.SetClassName(class)
	r.SetFillColor(fill)
	r.SetStrokeColor(stroke)
	r.SetStrokeWidth(width * p.upp)
	r.SetStrokeDashArray(nil)
}

// rect fills the rectangle between (x0, y0) and (x1, y1).
func (p *painter) rect(class string, x0, y0, x1, y1 float64, fill drawing.Color) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	p.style(class, fill, drawing.ColorTransparent, 0)
	box := chart.Box{Left: p.u(x0), Top: p.u(y0), Right: p.u(x1), Bottom: p.u(y1)}
	p.r.MoveTo(box.Left, box.Top)
	p.r.LineTo(box.Right, box.Top)
	p.r.LineTo(box.Right, box.Bottom)
	p.r.LineTo(box.Left, box.Bottom)
	p.r.Close()
	p.r.Fill()
}

// line strokes a polyline.
func (p *painter) line(class string, width float64, color drawing.Color, pts ...[2]float64) {
	if len(pts) < 2 {
		return
	}
	p.style(class, drawing.ColorTransparent, color, width)
	p.r.MoveTo(p.u(pts[0][0]), p.u(pts[0][1]))
	for _, pt := range pts[1:] {
		p.r.LineTo(p.u(pt[0]), p.u(pt[1]))
	}
	p.r.Stroke()
}

// marker draws series marker shape k (circle, square, triangle, diamond) of
// radius rad at (x, y).
func (p *painter) marker(class string, k int, x, y, rad float64, fill, ring drawing.Color, ringWidth float64) {
	p.style(class, fill, ring, ringWidth)
	r := p.r
	switch k % 4 {
	case 0:
		r.Circle(rad*p.upp, p.u(x), p.u(y))
	case 1:
		s := rad * 0.9
		r.MoveTo(p.u(x-s), p.u(y-s))
		r.LineTo(p.u(x+s), p.u(y-s))
		r.LineTo(p.u(x+s), p.u(y+s))
		r.LineTo(p.u(x-s), p.u(y+s))
		r.Close()
	case 2:
		s := rad * 1.2
		r.MoveTo(p.u(x), p.u(y-s))
		r.LineTo(p.u(x+s*0.866), p.u(y+s*0.5))
		r.LineTo(p.u(x-s*0.866), p.u(y+s*0.5))
		r.Close()
	case 3:
		s := rad * 1.2
		r.MoveTo(p.u(x), p.u(y-s))
		r.LineTo(p.u(x+s), p.u(y))
		r.LineTo(p.u(x), p.u(y+s))
		r.LineTo(p.u(x-s), p.u(y))
		r.Close()
	}
	if ringWidth > 0 {
		r.FillStroke()
	} else {
		r.Fill()
	}
}

// wedge fills a pie slice or donut segment between angles a0 and a1
// (radians, clockwise from 12 o'clock) and radii r0 (0 for a pie) and r1.
func (p *painter) wedge(class string, cx, cy, r0, r1, a0, a1 float64, fill, sep drawing.Color, sepWidth float64) {
	p.style(class, fill, sep, sepWidth)
	r := p.r
	start := a0 - math.Pi/2
	delta := a1 - a0
	if r0 <= 0 {
		if delta < 2*math.Pi-1e-9 {
			r.MoveTo(p.u(cx), p.u(cy))
		}
		r.ArcTo(p.u(cx), p.u(cy), r1*p.upp, r1*p.upp, start, delta)
	} else {
		r.ArcTo(p.u(cx), p.u(cy), r1*p.upp, r1*p.upp, start, delta)
		r.ArcTo(p.u(cx), p.u(cy), r0*p.upp, r0*p.upp, start+delta, -delta)
	}
	r.Close()
	if sepWidth > 0 && delta < 2*math.Pi-1e-9 {
		r.FillStroke()
	} else {
		r.Fill()
	}
}

type run struct {
	text string
	font *truetype.Font
}

// runs splits s into pieces drawn with one font each: the fallback takes the
// characters the main font lacks.
func (p *painter) runs(s string, bold bool) []run {
	main := p.fs.regular
	if bold {
		main = p.fs.bold
	}
	if main.Index('\u2212') == 0 {
		// The bundled Noto Sans has no U+2212 MINUS SIGN, which
		// NumberFormat writes; an en dash is the typesetter's stand-in.
		s = strings.ReplaceAll(s, "\u2212", "\u2013")
	}
	fb := p.fs.fallback
	if fb == nil {
		return []run{{s, main}}
	}
	var out []run
	var b strings.Builder
	cur := main
	for _, r := range s {
		f := main
		if main.Index(r) == 0 && fb.Index(r) != 0 {
			f = fb
		}
		if f != cur && b.Len() > 0 {
			out = append(out, run{b.String(), cur})
			b.Reset()
		}
		cur = f
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{b.String(), cur})
	}
	return out
}

// width measures s in points with the renderer's own metrics.
func (p *painter) width(s string, ts textStyle) float64 {
	if s == "" {
		return 0
	}
	var w float64
	for _, rn := range p.runs(s, ts.bold) {
		p.r.ResetStyle()
		p.r.SetFont(rn.font)
		p.r.SetFontSize(ts.size)
		w += float64(p.r.MeasureText(rn.text).Width()) / p.upp
	}
	return w
}

// text draws s with its baseline at y, aligned on x.
func (p *painter) text(class, s string, x, y float64, ts textStyle, al align) {
	if s == "" {
		return
	}
	rs := p.runs(s, ts.bold)
	set := func(rn run) {
		p.r.ResetStyle()
		p.r.SetClassName(class)
		p.r.SetFont(rn.font)
		p.r.SetFontSize(ts.size)
		p.r.SetFontColor(ts.color)
		if ts.rot != 0 {
			p.r.SetTextRotation(ts.rot)
		}
	}
	if at, ok := p.r.(anchoredTexter); ok && len(rs) == 1 {
		set(rs[0])
		at.TextAnchored(rs[0].text, p.u(x), p.u(y), [...]string{"start", "middle", "end"}[al])
		return
	}
	dx, dy := math.Cos(ts.rot), math.Sin(ts.rot) // the direction of writing
	w := p.width(s, ts)
	switch al {
	case alignCenter:
		x, y = x-dx*w/2, y-dy*w/2
	case alignRight:
		x, y = x-dx*w, y-dy*w
	}
	for _, rn := range rs {
		rw := p.width(rn.text, ts)
		set(rn)
		p.r.Text(rn.text, p.u(x), p.u(y))
		x, y = x+dx*rw, y+dy*rw
	}
}

// lineHeight is the distance between baselines of wrapped text.
func lineHeight(size float64) float64 { return size * lineFactor }

// wrap breaks s into lines no wider than maxW, at spaces; a word wider than
// maxW gets a line of its own.
func (p *painter) wrap(s string, ts textStyle, maxW float64) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		try := cur + " " + w
		if p.width(try, ts) <= maxW {
			cur = try
			continue
		}
		lines = append(lines, cur)
		cur = w
	}
	return append(lines, cur)
}

// textBlock draws lines top-down starting with the first baseline at y.
func (p *painter) textBlock(class string, lines []string, x, y float64, ts textStyle, al align) {
	for i, l := range lines {
		p.text(class, l, x, y+float64(i)*lineHeight(ts.size), ts, al)
	}
}

// contrastText returns dark or white text, whichever reads better on bg.
func (p *painter) contrastText(bg drawing.Color) drawing.Color {
	lum := func(c drawing.Color) float64 {
		return 0.2126*srgbToLinear(c.R) + 0.7152*srgbToLinear(c.G) + 0.0722*srgbToLinear(c.B)
	}
	lb := lum(bg)
	white := (1.05) / (lb + 0.05)
	dark := (lb + 0.05) / (lum(p.lk.text) + 0.05)
	if white >= dark {
		return p.lk.white
	}
	return p.lk.text
}
