package charts

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Print minimums the display renderer enforces at the printed size.
const (
	MinStrokePt = 0.25 // thinnest line, in points
	MinFontPt   = 6.0  // smallest text, in points
)

// DrawOptions configures drawing a chart into a display list.
type DrawOptions struct {
	// Regular and Bold are the faces text is set and measured in: the
	// same faces, measured by the same code (fonts.Face), as the text of
	// the book. Required.
	Regular, Bold *fonts.Face
	// Fallback, when set, is the face of the characters Regular lacks,
	// such as Chinese.
	Fallback *fonts.Face
	// CMYK gives every colour as DeviceCMYK, taking the CMYK values of the
	// manuscript colours (Colors, and the chart's own) and converting
	// other colours naively. No colour is ever given with transparency.
	CMYK bool
	// WithTitle draws the title, subtitle, source and note too.
	WithTitle bool
	// Colors are manuscript colours whose CMYK values to use for their RGB
	// values in CMYK mode; Draw adds the chart's colours before them.
	Colors []manuscript.Color
}

// DisplayRenderer is a chart.Renderer that draws into a display list:
// paths and glyph runs, in points from the origin given to
// NewDisplayRenderer. Text is set and measured in the faces of its
// options. It never uses transparency, and enforces the print minimums
// MinStrokePt and MinFontPt. Its coordinates are units of 1/DPI inch.
type DisplayRenderer struct {
	rstate
	pathBuilder
	x, y  float64 // origin, points
	opt   DrawOptions
	cmyk  map[[3]uint8]manuscript.Color
	faces map[*truetype.Font]*fonts.Face
	fs    *fontSet
	items []display.Item
}

var _ chart.Renderer = (*DisplayRenderer)(nil)

// NewDisplayRenderer starts drawing with its origin at (x, y), in points.
// The DPI starts at 1440 (a unit is 1/20 pt).
func NewDisplayRenderer(x, y float64, opt DrawOptions) (*DisplayRenderer, error) {
	if opt.Regular == nil || opt.Bold == nil {
		return nil, errors.New("charts: DrawOptions has no regular or bold face")
	}
	fs, err := loadFonts(nil)
	if err != nil {
		return nil, err
	}
	return newDisplayRenderer(x, y, opt, fs), nil
}

func newDisplayRenderer(x, y float64, opt DrawOptions, fs *fontSet) *DisplayRenderer {
	r := &DisplayRenderer{
		rstate: rstate{dpi: vectorDPI},
		x:      x, y: y, opt: opt, fs: fs,
		cmyk:  map[[3]uint8]manuscript.Color{},
		faces: map[*truetype.Font]*fonts.Face{},
	}
	for _, c := range opt.Colors {
		key := [3]uint8{c.R, c.G, c.B}
		if _, ok := r.cmyk[key]; !ok {
			r.cmyk[key] = c
		}
	}
	return r
}

// Items returns what was drawn, in order.
func (r *DisplayRenderer) Items() []display.Item { return r.items }

// ux and uy convert renderer units to points on the page.
func (r *DisplayRenderer) ux(u float64) float64 { return r.x + u*72/r.dpi }
func (r *DisplayRenderer) uy(u float64) float64 { return r.y + u*72/r.dpi }

// pt converts renderer units to points.
func (r *DisplayRenderer) pt(u float64) float64 { return u * 72 / r.dpi }

// color returns c in the options' colour space.
func (r *DisplayRenderer) color(c drawing.Color) display.Color {
	c = flatten(c)
	if r.opt.CMYK {
		cc, cm, cy, ck := r.cmykOf(c)
		return display.Color{Space: display.DeviceCMYK, C: [4]float64{cc, cm, cy, ck}}
	}
	return display.Color{Space: display.DeviceRGB, C: [4]float64{float64(c.R) / 255, float64(c.G) / 255, float64(c.B) / 255}}
}

// cmykOf returns the manuscript's CMYK values for a manuscript colour, or
// converts naively: K from the darkest channel, pure K for greys.
func (r *DisplayRenderer) cmykOf(c drawing.Color) (float64, float64, float64, float64) {
	if m, ok := r.cmyk[[3]uint8{c.R, c.G, c.B}]; ok && (m.CMYKGiven || m.C+m.M+m.Y+m.K > 0) {
		return m.C, m.M, m.Y, m.K
	}
	return manuscript.RGBToCMYK(c.R, c.G, c.B)
}

// Stroke strokes the current path.
func (r *DisplayRenderer) Stroke() { r.paint(false, true) }

// Fill fills the current path.
func (r *DisplayRenderer) Fill() { r.paint(true, false) }

// FillStroke fills and strokes the current path.
func (r *DisplayRenderer) FillStroke() { r.paint(true, true) }

func (r *DisplayRenderer) paint(fill, stroke bool) {
	ops := r.take()
	fill = fill && visible(r.fill)
	stroke = stroke && visible(r.stroke) && r.strokeWidth > 0
	if len(ops) == 0 || !fill && !stroke {
		return
	}
	p := &display.Path{Segs: make([]display.Seg, 0, len(ops)), Role: display.Role{Kind: display.Figure, Elem: display.NoElem}}
	for _, op := range ops {
		switch op.op {
		case 'M':
			p.Segs = append(p.Segs, display.Seg{Op: display.MoveTo, Pts: [3]display.Point{{X: r.ux(op.p[0]), Y: r.uy(op.p[1])}}})
		case 'L':
			p.Segs = append(p.Segs, display.Seg{Op: display.LineTo, Pts: [3]display.Point{{X: r.ux(op.p[0]), Y: r.uy(op.p[1])}}})
		case 'C':
			p.Segs = append(p.Segs, display.Seg{Op: display.CubeTo, Pts: [3]display.Point{
				{X: r.ux(op.p[0]), Y: r.uy(op.p[1])}, {X: r.ux(op.p[2]), Y: r.uy(op.p[3])}, {X: r.ux(op.p[4]), Y: r.uy(op.p[5])}}})
		case 'Z':
			p.Segs = append(p.Segs, display.Seg{Op: display.Close})
		}
	}
	if fill {
		c := r.color(r.fill)
		p.Fill = &c
	}
	if stroke {
		s := &display.Stroke{Color: r.color(r.stroke), Width: math.Max(MinStrokePt, r.pt(r.strokeWidth)), Join: display.RoundJoin}
		for _, v := range r.dash {
			s.Dash = append(s.Dash, math.Max(0, r.pt(v)))
		}
		p.Stroke = s
	}
	r.items = append(r.items, p)
}

// face maps a truetype font to the face it stands for: Droid Sans Fallback
// to the fallback face, a bold face to the bold one.
func (r *DisplayRenderer) face(f *truetype.Font) *fonts.Face {
	if f == nil {
		return r.opt.Regular
	}
	if face, ok := r.faces[f]; ok {
		return face
	}
	face := r.opt.Regular
	switch {
	case r.opt.Fallback != nil && f.Name(truetype.NameIDFontFamily) == "Droid Sans Fallback":
		face = r.opt.Fallback
	case strings.Contains(f.Name(truetype.NameIDFontSubfamily), "Bold"):
		face = r.opt.Bold
	}
	r.faces[f] = face
	return face
}

// size is the current font size, at no less than MinFontPt.
func (r *DisplayRenderer) size() float64 { return math.Max(MinFontPt, r.fontSize) }

// Text draws body with its baseline starting at (x, y).
func (r *DisplayRenderer) Text(body string, x, y int) {
	if body == "" {
		return
	}
	body = bmp(body)
	face, size := r.face(r.font), r.size()
	c := r.fontColor
	if !visible(c) {
		c = drawing.ColorBlack
	}
	t := &display.Text{Font: face.Display(), Size: size, Fill: r.color(c), X: r.ux(float64(x)), Y: r.uy(float64(y)),
		Glyphs: make([]display.Glyph, 0, utf8.RuneCountInString(body)), Text: body, Role: display.Role{Kind: display.Figure, Elem: display.NoElem}}
	for i, ch := range body {
		g, _ := face.Glyph(ch)
		t.Glyphs = append(t.Glyphs, display.Glyph{ID: g, Advance: float64(face.RuneUnits(ch)) * size / 1000, Cluster: int32(i)})
	}
	if r.rotated {
		t.Rotate = r.rotation
	}
	r.items = append(r.items, t)
}

// MeasureText returns the size of body in renderer units, measured in the
// face it will be set in.
func (r *DisplayRenderer) MeasureText(body string) chart.Box {
	body = bmp(body)
	size := r.size()
	w := float64(r.face(r.font).Units(body)) * size / 1000 * r.dpi / 72
	box := chart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Round(size * r.dpi / 72))}
	if r.rotated {
		box = box.Corners().Rotate(r.rotation * 180 / math.Pi).Box()
	}
	return box
}

// Save ends the drawing. It writes nothing to w, which may be nil.
func (r *DisplayRenderer) Save(w io.Writer) error { return nil }

// Draw draws c into box, in points on a page whose y grows downwards, as
// display items: its bars, lines and slices as paths, its labels as glyph
// runs in the options' faces. The chart is vector graphics only; with
// opt.CMYK every colour is DeviceCMYK.
func Draw(c *manuscript.Chart, box display.Rect, opt DrawOptions) ([]display.Item, error) {
	if opt.Regular == nil || opt.Bold == nil {
		return nil, fmt.Errorf("charts: %s: DrawOptions has no regular or bold face", chartName(c))
	}
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	fs, err := loadFonts(d.texts())
	if err != nil {
		return nil, err
	}
	if opt.Fallback == nil {
		fs.fallback = nil
	}
	opt.Colors = append(d.colors(), opt.Colors...)
	r := newDisplayRenderer(box.X, box.Y, opt, fs)
	p := newPainter(r, vectorDPI, fs, printLook())
	if err := drawChart(p, d, box.W, box.H, opt.WithTitle); err != nil {
		return nil, err
	}
	return r.items, nil
}

const mmPerPt = 25.4 / 72

// BundledFaces returns draw options with the bundled faces a chart is set
// in on its own: Noto Sans, regular and bold, and Droid Sans Fallback for
// the characters Noto Sans lacks. Each call parses them anew; a caller
// drawing many charts keeps the options.
func BundledFaces() (DrawOptions, error) {
	var opt DrawOptions
	for _, f := range []struct {
		face **fonts.Face
		file string
	}{{&opt.Regular, "NotoSans-Regular.ttf"}, {&opt.Bold, "NotoSans-Bold.ttf"}, {&opt.Fallback, "DroidSansFallbackFull.ttf"}} {
		face, err := fonts.OpenFace(f.file)
		if err != nil {
			return DrawOptions{}, fmt.Errorf("charts: %w", err)
		}
		*f.face = face
	}
	return opt, nil
}

// padMM is the margin around a chart in a standalone page.
const padMM = 2.0

// Page returns a one-page display list of c, wmm by hmm millimetres, set in
// the bundled Noto Sans (and Droid Sans Fallback where the chart has
// characters Noto Sans lacks), for a PDF writer to write as the chart's own
// file. A height of zero or less means the natural height. The document is
// dated at the Unix epoch, so that the same chart gives the same file.
func Page(c *manuscript.Chart, wmm, hmm float64, opts ...Option) (*display.Document, error) {
	s := collect(opts)
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	if !finite(wmm) || wmm <= 2*padMM {
		return nil, fmt.Errorf("charts: %s: invalid width %g mm", chartName(c), wmm)
	}
	if hmm <= 0 {
		nh, err := naturalHeight(d, (wmm-2*padMM)/mmPerPt, printLook(), s.withTitle)
		if err != nil {
			return nil, err
		}
		hmm = nh*mmPerPt + 2*padMM
	}
	if !finite(hmm) || hmm <= 2*padMM {
		return nil, fmt.Errorf("charts: %s: invalid height %g mm", chartName(c), hmm)
	}
	opt, err := BundledFaces()
	if err != nil {
		return nil, err
	}
	opt.WithTitle, opt.CMYK = s.withTitle, s.cmyk
	pt := func(mm float64) float64 { return mm / mmPerPt }
	items, err := Draw(c, display.Rect{X: pt(padMM), Y: pt(padMM), W: pt(wmm - 2*padMM), H: pt(hmm - 2*padMM)}, opt)
	if err != nil {
		return nil, err
	}
	doc := &display.Document{
		Info: display.Info{Title: c.Title, Creator: "Folio", Producer: "Folio", Date: time.Unix(0, 0).UTC()},
		Pages: []display.Page{{
			Media: display.Rect{W: pt(wmm), H: pt(hmm)}, Label: "1", Number: 1,
			Items: []display.Item{&display.Group{Items: items, Role: display.Role{Kind: display.Figure, Elem: 0}}},
		}},
		Elements: []display.Element{{Kind: display.Figure, Alt: Describe(c)}},
	}
	if s.cmyk {
		doc.Colors = display.CMYK
	}
	return doc, nil
}

// bmp replaces characters beyond U+FFFF, which the faces' character maps
// are not read for yet, with U+FFFD (the loader has warned about them).
func bmp(s string) string {
	for _, r := range s {
		if r > 0xFFFF {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return '\uFFFD'
				}
				return r
			}, s)
		}
	}
	return s
}
