package charts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Print minimums the PDF renderer enforces at the printed size.
const (
	MinStrokePt = 0.25 // thinnest line, in points
	MinFontPt   = 6.0  // smallest text, in points
)

// PDFOptions configures drawing a chart onto an fpdf page.
type PDFOptions struct {
	// Family is the fpdf font family to set text in, already registered by
	// the caller in the styles "" and "B" (for example with
	// AddUTF8FontFromBytes). Required.
	Family string
	// CJKFamily, when set, is a registered fpdf family (style "") used for
	// characters the bundled Noto Sans lacks, such as Chinese.
	CJKFamily string
	// CMYK writes every colour as DeviceCMYK, taking the CMYK values of the
	// manuscript colours (Colors, and the chart's own) and converting other
	// colours naively. No colour is ever written with transparency.
	CMYK bool
	// WithTitle draws the title, subtitle, source and note too.
	WithTitle bool
	// Colors are manuscript colours whose CMYK values to use for their RGB
	// values in CMYK mode; DrawPDF adds the chart's colours before them.
	Colors []manuscript.Color
	// Text, when set, is told of every string drawn, with the fpdf family
	// and style it is drawn in: a caller that gives fpdf cut-down fonts can
	// check that they hold every character.
	Text func(family, style, s string)
}

// PDFRenderer is a chart.Renderer that draws vector graphics straight onto
// the current page of an fpdf document, with the caller's fonts and fpdf's
// own text metrics. Its coordinates are units of 1/DPI inch from the origin
// given to NewPDFRenderer. It brackets its drawing in a saved graphics state,
// never uses transparency, and enforces the print minimums MinStrokePt and
// MinFontPt. Call Save when done: it closes the graphics state and restores
// the font, text colour and position fpdf had before.
type PDFRenderer struct {
	rstate
	pathBuilder
	pdf    *fpdf.Fpdf
	x, y   float64 // origin, in the document's unit
	k      float64 // points per document unit
	opt    PDFOptions
	cmyk   map[[3]uint8]manuscript.Color
	styles map[*truetype.Font]fontRef

	lastFill, lastStroke, lastWidth, lastDash string
	cur                                       fontRef
	curSize                                   float64
	saved                                     pdfState
	done                                      bool
}

type fontRef struct{ family, style string }

type pdfState struct {
	family, style string
	size          float64
	tr, tg, tb    int
	x, y          float64
}

var _ chart.Renderer = (*PDFRenderer)(nil)

// NewPDFRenderer starts drawing on pdf's current page with its origin at
// (x, y) in the document's unit. The DPI starts at 1440 (a unit is 1/20 pt).
func NewPDFRenderer(pdf *fpdf.Fpdf, x, y float64, opt PDFOptions) (*PDFRenderer, error) {
	if pdf == nil {
		return nil, errors.New("charts: no PDF document")
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("charts: PDF document already failed: %w", err)
	}
	if pdf.PageNo() == 0 {
		return nil, errors.New("charts: the PDF document has no page to draw on")
	}
	if opt.Family == "" {
		return nil, errors.New("charts: PDFOptions.Family names no font family")
	}
	check := func(family, style string) error {
		if d := pdf.GetFontDesc(family, style); d.Ascent == 0 && d.CapHeight == 0 && d.FontBBox.Xmax == 0 {
			return fmt.Errorf("charts: font family %q style %q is not registered in the PDF", family, style)
		}
		return nil
	}
	for _, fs := range []fontRef{{opt.Family, ""}, {opt.Family, "B"}} {
		if err := check(fs.family, fs.style); err != nil {
			return nil, err
		}
	}
	if opt.CJKFamily != "" {
		if err := check(opt.CJKFamily, ""); err != nil {
			return nil, err
		}
	}
	r := &PDFRenderer{
		rstate: rstate{dpi: vectorDPI},
		pdf:    pdf, x: x, y: y, k: pdf.GetConversionRatio(), opt: opt,
		cmyk:   map[[3]uint8]manuscript.Color{},
		styles: map[*truetype.Font]fontRef{},
	}
	for _, c := range opt.Colors {
		key := [3]uint8{c.R, c.G, c.B}
		if _, ok := r.cmyk[key]; !ok {
			r.cmyk[key] = c
		}
	}
	s := &r.saved
	s.family, s.style = pdf.GetFontFamily(), pdf.GetFontStyle()
	s.size, _ = pdf.GetFontSize()
	s.tr, s.tg, s.tb = pdf.GetTextColor()
	s.x, s.y = pdf.GetXY()
	// fpdf wraps text in its own colour when the text and fill colours
	// differ; make them equal (this writes nothing) so text takes the fill
	// colour this renderer sets.
	pdf.SetTextColor(pdf.GetFillColor())
	pdf.RawWriteStr("q 0 J 1 j [] 0 d")
	r.lastDash = "[] 0 d"
	return r, nil
}

// ux and uy convert renderer units to document coordinates.
func (r *PDFRenderer) ux(u float64) float64 { return r.x + u*72/r.dpi/r.k }
func (r *PDFRenderer) uy(u float64) float64 { return r.y + u*72/r.dpi/r.k }

// pt converts renderer units to points.
func (r *PDFRenderer) pt(u float64) float64 { return u * 72 / r.dpi }

func pdfNum(v float64) string {
	if !finite(v) {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// colorOp returns the operator setting c as the fill (or stroke) colour.
func (r *PDFRenderer) colorOp(c drawing.Color, stroke bool) string {
	c = flatten(c)
	if r.opt.CMYK {
		cc, cm, cy, ck := r.cmykOf(c)
		op := " k"
		if stroke {
			op = " K"
		}
		return pdfNum(cc) + " " + pdfNum(cm) + " " + pdfNum(cy) + " " + pdfNum(ck) + op
	}
	op := " rg"
	if stroke {
		op = " RG"
	}
	return pdfNum(float64(c.R)/255) + " " + pdfNum(float64(c.G)/255) + " " + pdfNum(float64(c.B)/255) + op
}

// cmykOf returns the manuscript's CMYK values for a manuscript colour, or
// converts naively: K from the darkest channel, pure K for greys.
func (r *PDFRenderer) cmykOf(c drawing.Color) (float64, float64, float64, float64) {
	if m, ok := r.cmyk[[3]uint8{c.R, c.G, c.B}]; ok && (m.CMYKGiven || m.C+m.M+m.Y+m.K > 0) {
		return m.C, m.M, m.Y, m.K
	}
	return naiveCMYK(c.R, c.G, c.B)
}

func naiveCMYK(r8, g8, b8 uint8) (c, m, y, k float64) {
	rf, gf, bf := float64(r8)/255, float64(g8)/255, float64(b8)/255
	k = 1 - math.Max(rf, math.Max(gf, bf))
	if k >= 1 {
		return 0, 0, 0, 1
	}
	return (1 - rf - k) / (1 - k), (1 - gf - k) / (1 - k), (1 - bf - k) / (1 - k), k
}

func (r *PDFRenderer) setFill(c drawing.Color) {
	if s := r.colorOp(c, false); s != r.lastFill {
		r.pdf.RawWriteStr(s)
		r.lastFill = s
	}
}

func (r *PDFRenderer) setStroke(c drawing.Color) {
	if s := r.colorOp(c, true); s != r.lastStroke {
		r.pdf.RawWriteStr(s)
		r.lastStroke = s
	}
	w := math.Max(MinStrokePt, r.pt(r.strokeWidth))
	if s := pdfNum(w) + " w"; s != r.lastWidth {
		r.pdf.RawWriteStr(s)
		r.lastWidth = s
	}
	dash := "[] 0 d"
	if len(r.dash) > 0 {
		parts := make([]string, len(r.dash))
		for i, v := range r.dash {
			parts[i] = pdfNum(math.Max(0, r.pt(v)))
		}
		dash = "[" + strings.Join(parts, " ") + "] 0 d"
	}
	if dash != r.lastDash {
		r.pdf.RawWriteStr(dash)
		r.lastDash = dash
	}
}

// Stroke strokes the current path.
func (r *PDFRenderer) Stroke() { r.paint(false, true) }

// Fill fills the current path.
func (r *PDFRenderer) Fill() { r.paint(true, false) }

// FillStroke fills and strokes the current path.
func (r *PDFRenderer) FillStroke() { r.paint(true, true) }

func (r *PDFRenderer) paint(fill, stroke bool) {
	ops := r.take()
	if r.done {
		return
	}
	fill = fill && visible(r.fill)
	stroke = stroke && visible(r.stroke) && r.strokeWidth > 0
	if len(ops) == 0 || !fill && !stroke {
		return
	}
	if fill {
		r.setFill(r.fill)
	}
	if stroke {
		r.setStroke(r.stroke)
	}
	for _, op := range ops {
		switch op.op {
		case 'M':
			r.pdf.MoveTo(r.ux(op.p[0]), r.uy(op.p[1]))
		case 'L':
			r.pdf.LineTo(r.ux(op.p[0]), r.uy(op.p[1]))
		case 'C':
			r.pdf.CurveBezierCubicTo(r.ux(op.p[0]), r.uy(op.p[1]), r.ux(op.p[2]), r.uy(op.p[3]), r.ux(op.p[4]), r.uy(op.p[5]))
		case 'Z':
			r.pdf.ClosePath()
		}
	}
	switch {
	case fill && stroke:
		r.pdf.DrawPath("FD")
	case fill:
		r.pdf.DrawPath("F")
	default:
		r.pdf.DrawPath("D")
	}
}

// fontFor maps a truetype font to the caller's fpdf family and style: a
// bold face to style "B", Droid Sans Fallback to CJKFamily.
func (r *PDFRenderer) fontFor(f *truetype.Font) fontRef {
	if f == nil {
		return fontRef{r.opt.Family, ""}
	}
	if ref, ok := r.styles[f]; ok {
		return ref
	}
	ref := fontRef{r.opt.Family, ""}
	switch {
	case r.opt.CJKFamily != "" && f.Name(truetype.NameIDFontFamily) == "Droid Sans Fallback":
		ref.family = r.opt.CJKFamily
	case strings.Contains(f.Name(truetype.NameIDFontSubfamily), "Bold"):
		ref.style = "B"
	}
	r.styles[f] = ref
	return ref
}

// selectFont makes the current font fpdf's, at no less than MinFontPt.
func (r *PDFRenderer) selectFont() float64 {
	ref := r.fontFor(r.font)
	size := math.Max(MinFontPt, r.fontSize)
	if ref != r.cur || size != r.curSize {
		r.pdf.SetFont(ref.family, ref.style, size)
		r.cur, r.curSize = ref, size
	}
	return size
}

// Text draws body with its baseline starting at (x, y).
func (r *PDFRenderer) Text(body string, x, y int) {
	if body == "" || r.done {
		return
	}
	body = bmp(body)
	r.selectFont()
	c := r.fontColor
	if !visible(c) {
		c = drawing.ColorBlack
	}
	r.setFill(c)
	if r.opt.Text != nil {
		r.opt.Text(r.cur.family, r.cur.style, body)
	}
	px, py := r.ux(float64(x)), r.uy(float64(y))
	if r.rotated {
		r.pdf.TransformBegin()
		r.pdf.TransformRotate(-r.rotation*180/math.Pi, px, py)
		r.pdf.Text(px, py, body)
		r.pdf.TransformEnd()
		return
	}
	r.pdf.Text(px, py, body)
}

// MeasureText returns the size of body in renderer units, measured with
// fpdf's metrics for the font it will be drawn in.
func (r *PDFRenderer) MeasureText(body string) chart.Box {
	body = bmp(body)
	size := r.selectFont()
	w := r.pdf.GetStringWidth(body) * r.k * r.dpi / 72
	box := chart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Round(size * r.dpi / 72))}
	if r.rotated {
		box = box.Corners().Rotate(r.rotation * 180 / math.Pi).Box()
	}
	return box
}

// Save ends the drawing: it restores the graphics state and fpdf's font,
// text colour and position. It writes nothing to w, which may be nil, and
// returns the document's error, if any.
func (r *PDFRenderer) Save(w io.Writer) error {
	if !r.done {
		r.done = true
		r.pdf.RawWriteStr("Q")
		s := r.saved
		switch {
		case s.family != "":
			r.pdf.SetFont(s.family, s.style, s.size)
		case r.cur.family != "":
			// The caller had no font; Q dropped ours, so select it again
			// to keep fpdf's idea of the current font true.
			r.pdf.SetFont(r.cur.family, r.cur.style, r.curSize)
		}
		r.pdf.SetTextColor(s.tr, s.tg, s.tb)
		r.pdf.SetXY(s.x, s.y)
	}
	if err := r.pdf.Error(); err != nil {
		return fmt.Errorf("charts: drawing PDF: %w", err)
	}
	return nil
}

// DrawPDF draws c onto pdf's current page in the box at (x, y) of w by h,
// in the document's unit, with the font families named in opt. The chart
// is vector graphics only; with opt.CMYK every colour is DeviceCMYK.
func DrawPDF(pdf *fpdf.Fpdf, c *manuscript.Chart, x, y, w, h float64, opt PDFOptions) error {
	d, err := prepare(c)
	if err != nil {
		return err
	}
	fs, err := loadFonts(d.texts())
	if err != nil {
		return err
	}
	if opt.CJKFamily == "" {
		fs.fallback = nil
	}
	opt.Colors = append(d.colors(), opt.Colors...)
	r, err := NewPDFRenderer(pdf, x, y, opt)
	if err != nil {
		return fmt.Errorf("charts: %s: %w", chartName(c), err)
	}
	p := newPainter(r, vectorDPI, fs, printLook())
	k := pdf.GetConversionRatio()
	derr := drawChart(p, d, w*k, h*k, opt.WithTitle)
	serr := r.Save(nil)
	if derr != nil {
		return derr
	}
	return serr
}

const mmPerPt = 25.4 / 72

// pdfPadMM is the margin around a chart in a standalone PDF.
const pdfPadMM = 2.0

// PDF returns a one-page vector PDF of c, wmm by hmm millimetres, with the
// bundled Noto Sans embedded (and Droid Sans Fallback when the chart has
// characters Noto Sans lacks). A height of zero or less means the natural
// height. The output is the same bytes for the same chart: the dates are
// fixed at the Unix epoch.
func PDF(c *manuscript.Chart, wmm, hmm float64, opts ...Option) ([]byte, error) {
	s := collect(opts)
	d, err := prepare(c)
	if err != nil {
		return nil, err
	}
	if !finite(wmm) || wmm <= 2*pdfPadMM {
		return nil, fmt.Errorf("charts: %s: invalid width %g mm", chartName(c), wmm)
	}
	if hmm <= 0 {
		nh, err := naturalHeight(d, (wmm-2*pdfPadMM)/mmPerPt, printLook(), s.withTitle)
		if err != nil {
			return nil, err
		}
		hmm = nh*mmPerPt + 2*pdfPadMM
	}
	if !finite(hmm) || hmm <= 2*pdfPadMM {
		return nil, fmt.Errorf("charts: %s: invalid height %g mm", chartName(c), hmm)
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: wmm, Ht: hmm}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	epoch := time.Unix(0, 0).UTC()
	pdf.SetCreationDate(epoch)
	pdf.SetModificationDate(epoch)
	pdf.SetCatalogSort(true)
	pdf.SetCreator("Folio", true)
	if c.Title != "" {
		pdf.SetTitle(c.Title, true)
	}
	for _, f := range []struct {
		style string
		s     fonts.Style
	}{{"", fonts.Regular}, {"B", fonts.Bold}} {
		b, err := fonts.FaceData("Noto Sans", f.s)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		pdf.AddUTF8FontFromBytes("sans", f.style, b)
	}
	opt := PDFOptions{Family: "sans", WithTitle: s.withTitle, CMYK: s.cmyk}
	if fs, err := loadFonts(d.texts()); err == nil && fs.fallback != nil {
		b, err := fonts.FaceData("Droid Sans Fallback", fonts.Regular)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		pdf.AddUTF8FontFromBytes("cjk", "", b)
		opt.CJKFamily = "cjk"
	}
	pdf.AddPage()
	if err := DrawPDF(pdf, c, pdfPadMM, pdfPadMM, wmm-2*pdfPadMM, hmm-2*pdfPadMM, opt); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("charts: %s: writing PDF: %w", chartName(c), err)
	}
	return buf.Bytes(), nil
}

// bmp replaces characters beyond U+FFFF, which fpdf cannot encode, with
// U+FFFD (the loader has warned about them).
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
