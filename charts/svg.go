package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/folio-press/folio/fonts"
	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/math/fixed"
)

// SVGOptions configures an SVGRenderer.
type SVGOptions struct {
	// ID prefixes the ids of the title and description elements
	// ("ID-title", "ID-desc"); give each SVG inlined in one document its
	// own. It is reduced to the characters an XML id allows; empty means
	// "chart".
	ID string
	// Title and Desc fill the <title> and <desc> elements that
	// aria-labelledby points at.
	Title, Desc string
	// FontFamily is the CSS font-family of the text whose font is not
	// named otherwise; empty means "'Noto Sans', sans-serif".
	FontFamily string
}

// SVGRenderer is a chart.Renderer that writes an SVG document. Unlike
// go-chart's own SVG renderer it escapes all text, keeps fractional
// coordinates, labels the image for assistive technology (role="img",
// <title>, <desc>) and writes the same bytes for the same drawing.
//
// Coordinates are units of 1/DPI inch (go-chart's pixels at its DPI); the
// document is laid out at 96 CSS px to the inch.
type SVGRenderer struct {
	rstate
	pathBuilder
	width, height float64 // CSS px
	opt           SVGOptions
	body          bytes.Buffer
	fontNames     map[*truetype.Font]svgFont
}

type svgFont struct {
	family string // CSS font-family value
	bold   bool
}

// NewSVGRenderer returns a renderer for an SVG of width by height CSS px.
// Its DPI starts at 96, so one unit is one CSS px until SetDPI says otherwise.
func NewSVGRenderer(width, height float64, opt SVGOptions) *SVGRenderer {
	if opt.FontFamily == "" {
		opt.FontFamily = "'Noto Sans', sans-serif"
	}
	opt.ID = xmlID(opt.ID)
	return &SVGRenderer{
		rstate:    rstate{dpi: 96},
		width:     width,
		height:    height,
		opt:       opt,
		fontNames: map[*truetype.Font]svgFont{},
	}
}

var _ chart.Renderer = (*SVGRenderer)(nil)

// xmlID reduces s to a valid XML id.
func xmlID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
			b.WriteRune(r)
		case r >= '0' && r <= '9', r == '-', r == '.':
			if b.Len() == 0 {
				b.WriteString("chart-")
			}
			b.WriteRune(r)
		default:
			if b.Len() > 0 {
				b.WriteByte('-')
			}
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

// px converts renderer units to CSS px.
func (r *SVGRenderer) px(u float64) float64 { return u * 96 / r.dpi }

// num formats a number with at most two decimals, never "-0".
func num(v float64) string {
	if !finite(v) {
		return "0"
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func svgColor(c drawing.Color) string {
	c = flatten(c)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// escape escapes s for XML text and double-quoted attributes: &, <, >, "
// and characters XML forbids (replaced by U+FFFD). Apostrophes stay as they
// are, so font-family lists read naturally.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return strings.ReplaceAll(b.String(), "&#39;", "'")
}

func (r *SVGRenderer) classAttr() string {
	if r.class == "" {
		return ""
	}
	return ` class="` + escape(r.class) + `"`
}

// Stroke strokes the current path.
func (r *SVGRenderer) Stroke() { r.paint(false, true) }

// Fill fills the current path.
func (r *SVGRenderer) Fill() { r.paint(true, false) }

// FillStroke fills and strokes the current path.
func (r *SVGRenderer) FillStroke() { r.paint(true, true) }

func (r *SVGRenderer) paint(fill, stroke bool) {
	ops := r.take()
	fill = fill && visible(r.fill)
	stroke = stroke && visible(r.stroke) && r.strokeWidth > 0
	if len(ops) == 0 || !fill && !stroke {
		return
	}
	var paint strings.Builder
	if fill {
		paint.WriteString(` fill="` + svgColor(r.fill) + `"`)
	} else {
		paint.WriteString(` fill="none"`)
	}
	if stroke {
		paint.WriteString(` stroke="` + svgColor(r.stroke) + `" stroke-width="` + num(r.px(r.strokeWidth)) + `"`)
		if len(r.dash) > 0 {
			ds := make([]string, len(r.dash))
			for i, d := range r.dash {
				ds[i] = num(r.px(d))
			}
			paint.WriteString(` stroke-dasharray="` + strings.Join(ds, " ") + `"`)
		}
		paint.WriteString(` stroke-linejoin="round"`)
	}
	if x0, y0, x1, y1, ok := asRect(ops); ok {
		x0, y0, x1, y1 = r.px(x0), r.px(y0), r.px(x1), r.px(y1)
		fmt.Fprintf(&r.body, `<rect%s x="%s" y="%s" width="%s" height="%s"%s/>`+"\n",
			r.classAttr(), num(x0), num(y0), num(x1-x0), num(y1-y0), paint.String())
		return
	}
	var d strings.Builder
	for i, op := range ops {
		if i > 0 {
			d.WriteByte(' ')
		}
		switch op.op {
		case 'M', 'L':
			d.WriteString(string(op.op) + num(r.px(op.p[0])) + " " + num(r.px(op.p[1])))
		case 'C':
			d.WriteString("C")
			for j := 0; j < 6; j++ {
				if j > 0 {
					d.WriteByte(' ')
				}
				d.WriteString(num(r.px(op.p[j])))
			}
		case 'Z':
			d.WriteString("Z")
		}
	}
	fmt.Fprintf(&r.body, `<path%s d="%s"%s/>`+"\n", r.classAttr(), d.String(), paint.String())
}

// asRect recognises an axis-aligned rectangle: a move and three or four
// lines, optionally closed.
func asRect(ops []pathOp) (x0, y0, x1, y1 float64, ok bool) {
	if len(ops) > 0 && ops[len(ops)-1].op == 'Z' {
		ops = ops[:len(ops)-1]
	}
	if len(ops) == 5 && ops[4].op == 'L' && ops[4].p[0] == ops[0].p[0] && ops[4].p[1] == ops[0].p[1] {
		ops = ops[:4]
	}
	if len(ops) != 4 || ops[0].op != 'M' {
		return 0, 0, 0, 0, false
	}
	var xs, ys [4]float64
	for i, op := range ops {
		if i > 0 && op.op != 'L' {
			return 0, 0, 0, 0, false
		}
		xs[i], ys[i] = op.p[0], op.p[1]
	}
	horizFirst := ys[0] == ys[1] && xs[1] == xs[2] && ys[2] == ys[3] && xs[3] == xs[0]
	vertFirst := xs[0] == xs[1] && ys[1] == ys[2] && xs[2] == xs[3] && ys[3] == ys[0]
	if !horizFirst && !vertFirst {
		return 0, 0, 0, 0, false
	}
	x0, x1 = math.Min(xs[0], xs[2]), math.Max(xs[0], xs[2])
	y0, y1 = math.Min(ys[0], ys[2]), math.Max(ys[0], ys[2])
	return x0, y0, x1, y1, true
}

func (r *SVGRenderer) fontOf(f *truetype.Font) svgFont {
	if f == nil {
		return svgFont{}
	}
	if sf, ok := r.fontNames[f]; ok {
		return sf
	}
	var sf svgFont
	if name := f.Name(truetype.NameIDFontFamily); name != "" {
		generic := "sans-serif"
		if fam, ok := fonts.Lookup(name); ok {
			generic = fam.Generic
		}
		sf.family = "'" + strings.ReplaceAll(name, "'", "") + "', " + generic
	}
	sf.bold = strings.Contains(f.Name(truetype.NameIDFontSubfamily), "Bold")
	r.fontNames[f] = sf
	return sf
}

// Text draws body with its baseline starting at (x, y).
func (r *SVGRenderer) Text(body string, x, y int) { r.TextAnchored(body, x, y, "start") }

// TextAnchored draws body with its baseline at y, aligned on x by anchor:
// "start", "middle" or "end" (SVG's text-anchor).
func (r *SVGRenderer) TextAnchored(body string, x, y int, anchor string) {
	if body == "" || r.fontSize <= 0 {
		return
	}
	fx, fy := r.px(float64(x)), r.px(float64(y))
	fmt.Fprintf(&r.body, `<text%s x="%s" y="%s" font-size="%s"`, r.classAttr(), num(fx), num(fy), num(r.fontSize*96/72))
	color := r.fontColor
	if !visible(color) {
		color = r.fill
	}
	if !visible(color) {
		color = drawing.ColorBlack
	}
	fmt.Fprintf(&r.body, ` fill="%s"`, svgColor(color))
	if anchor == "middle" || anchor == "end" {
		fmt.Fprintf(&r.body, ` text-anchor="%s"`, anchor)
	}
	sf := r.fontOf(r.font)
	if sf.bold {
		r.body.WriteString(` font-weight="bold"`)
	}
	if sf.family != "" && sf.family != r.opt.FontFamily {
		fmt.Fprintf(&r.body, ` font-family="%s"`, escape(sf.family))
	}
	if r.rotated {
		fmt.Fprintf(&r.body, ` transform="rotate(%s %s %s)"`, num(r.rotation*180/math.Pi), num(fx), num(fy))
	}
	fmt.Fprintf(&r.body, ">%s</text>\n", escape(body))
}

// MeasureText returns the size of body in renderer units: its advance width
// with kerning, as a browser sets it, and the font size as its height.
func (r *SVGRenderer) MeasureText(body string) chart.Box {
	h := int(math.Round(r.fontSize * r.dpi / 72))
	if r.font == nil || r.fontSize <= 0 {
		return chart.Box{Bottom: h}
	}
	w := advance(r.font, r.fontSize*r.dpi/72, body)
	box := chart.Box{Right: int(math.Ceil(w)), Bottom: h}
	if r.rotated {
		box = box.Corners().Rotate(r.rotation * 180 / math.Pi).Box()
	}
	return box
}

// advance is the width of s set in f at size units per em, with kerning.
func advance(f *truetype.Font, size float64, s string) float64 {
	if size <= 0 || !finite(size) || size > 1e6 {
		return 0
	}
	scale := fixed.Int26_6(math.Round(size * 64))
	var w fixed.Int26_6
	prev, hasPrev := truetype.Index(0), false
	for _, c := range s {
		i := f.Index(c)
		if hasPrev {
			w += f.Kern(scale, prev, i)
		}
		w += f.HMetric(scale, i).AdvanceWidth
		prev, hasPrev = i, true
	}
	return float64(w) / 64
}

// Save writes the SVG document to w. A nil w writes nothing, so a go-chart
// chart can be rendered with a nil writer and saved afterwards.
func (r *SVGRenderer) Save(w io.Writer) error {
	if w == nil {
		return nil
	}
	id := r.opt.ID
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc">`+"\n",
		num(r.width), num(r.height), num(r.width), num(r.height), id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`+"\n", id, escape(r.opt.Title))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`+"\n", id, escape(r.opt.Desc))
	fmt.Fprintf(&b, `<g font-family="%s">`+"\n", escape(r.opt.FontFamily))
	b.Write(r.body.Bytes())
	b.WriteString("</g>\n</svg>\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("charts: writing SVG: %w", err)
	}
	return nil
}
