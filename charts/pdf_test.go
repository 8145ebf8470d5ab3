package charts

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

var (
	widthOp = regexp.MustCompile(`(?m)(^|\s)([0-9.]+) w\b`)
	fontOp  = regexp.MustCompile(`/F\S+ ([0-9.]+) Tf`)
	rgbOp   = regexp.MustCompile(`(?m)(^|\s)[0-9.]+ [0-9.]+ [0-9.]+ (rg|RG)\s*$`)
	cmykOp  = regexp.MustCompile(`(?m)(^|\s)[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+ (k|K)\s*$`)
)

// chartOps returns the operators a chart drew: the content between the
// renderer's "q" and "Q".
func chartOps(t *testing.T, content string) string {
	t.Helper()
	start := strings.Index(content, "q 0 J 1 j [] 0 d")
	end := strings.LastIndex(content, "\nQ\n")
	if start < 0 || end < start {
		t.Fatalf("no chart drawing found in:\n%s", content)
	}
	return content[start:end]
}

func drawTestPDF(t *testing.T, c *manuscript.Chart, w, h float64, opt PDFOptions) string {
	t.Helper()
	pdf := newTestPDF(t)
	if opt.Family == "" {
		opt.Family = "sans"
	}
	if err := DrawPDF(pdf, c, 20, 30, w, h, opt); err != nil {
		t.Fatalf("DrawPDF: %v", err)
	}
	return pageContents(t, outputPDF(t, pdf))
}

func TestPrintMinimums(t *testing.T) {
	sizes := []struct{ w, h float64 }{{120, 80}, {70, 55}, {170, 120}}
	for _, c := range allCharts() {
		for _, sz := range sizes {
			ops := chartOps(t, drawTestPDF(t, c, sz.w, sz.h, PDFOptions{WithTitle: true}))
			for _, m := range widthOp.FindAllStringSubmatch(ops, -1) {
				if w, _ := strconv.ParseFloat(m[2], 64); w < MinStrokePt {
					t.Errorf("%s at %gx%g: line width %g pt < %g", c.ID, sz.w, sz.h, w, MinStrokePt)
				}
			}
			fontsSet := fontOp.FindAllStringSubmatch(ops, -1)
			if len(fontsSet) == 0 {
				t.Errorf("%s: no text drawn", c.ID)
			}
			for _, m := range fontsSet {
				if s, _ := strconv.ParseFloat(m[1], 64); s < MinFontPt {
					t.Errorf("%s at %gx%g: font size %g pt < %g", c.ID, sz.w, sz.h, s, MinFontPt)
				}
			}
		}
	}
}

// TestRendererClampsToPrintMinimums asks the renderer directly for a hairline
// and 3 pt type.
func TestRendererClampsToPrintMinimums(t *testing.T) {
	pdf := newTestPDF(t)
	r, err := NewPDFRenderer(pdf, 10, 10, PDFOptions{Family: "sans"})
	if err != nil {
		t.Fatal(err)
	}
	r.SetStrokeColor(drawing.ColorBlack)
	r.SetStrokeWidth(0.01)
	r.MoveTo(0, 0)
	r.LineTo(1000, 0)
	r.Stroke()
	r.SetFontSize(3)
	r.SetFontColor(drawing.ColorBlack)
	r.Text("tiny", 0, 200)
	if err := r.Save(nil); err != nil {
		t.Fatal(err)
	}
	ops := chartOps(t, pageContents(t, outputPDF(t, pdf)))
	if !strings.Contains(ops, "0.25 w") {
		t.Errorf("hairline not raised to 0.25 pt:\n%s", ops)
	}
	if !strings.Contains(ops, " 6.00 Tf") {
		t.Errorf("3 pt text not raised to 6 pt:\n%s", ops)
	}
}

func TestCMYK(t *testing.T) {
	for _, c := range allCharts() {
		ops := chartOps(t, drawTestPDF(t, c, 120, 80, PDFOptions{CMYK: true, WithTitle: true}))
		if m := rgbOp.FindString(ops); m != "" {
			t.Errorf("%s: RGB colour operator %q in CMYK mode", c.ID, m)
		}
		if !cmykOp.MatchString(ops) {
			t.Errorf("%s: no CMYK colour operators", c.ID)
		}
	}
	// The manuscript's own CMYK values are used, not conversions.
	ops := chartOps(t, drawTestPDF(t, patentFamilies(), 120, 80, PDFOptions{CMYK: true}))
	for _, want := range []string{"0 0.8 1 0 k", "0.25 0.12 0.1 0.05 k", "0 0 0 0.851 k"} {
		if !strings.Contains(ops, want) {
			t.Errorf("CMYK operator %q missing:\n%s", want, ops)
		}
	}
	// And RGB mode is RGB.
	if ops := chartOps(t, drawTestPDF(t, patentFamilies(), 120, 80, PDFOptions{})); !rgbOp.MatchString(ops) || cmykOp.MatchString(ops) {
		t.Errorf("RGB mode: want rg operators and no k operators")
	}
}

func TestNoTransparencyNoImages(t *testing.T) {
	for _, c := range allCharts() {
		for _, opts := range [][]Option{nil, {WithCMYK()}} {
			doc, err := PDF(c, 120, 0, opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"/SMask", "/ExtGState", "/Group", "/CA ", "/ca ", "/Subtype /Image", "/Subtype/Image"} {
				if bytes.Contains(doc, []byte(bad)) {
					t.Errorf("%s: PDF contains %s", c.ID, bad)
				}
			}
		}
	}
}

// TestDrawPDFLeavesStateAlone checks that the caller's fpdf state survives a
// chart: font, text colour, position, and a balanced graphics state.
func TestDrawPDFLeavesStateAlone(t *testing.T) {
	pdf := newTestPDF(t)
	pdf.SetFont("sans", "", 11)
	pdf.SetTextColor(10, 20, 30)
	pdf.SetFillColor(200, 100, 50)
	pdf.SetXY(33, 44)
	if err := DrawPDF(pdf, patentFamilies(), 20, 30, 120, 80, PDFOptions{Family: "sans"}); err != nil {
		t.Fatal(err)
	}
	if size, _ := pdf.GetFontSize(); size != 11 || pdf.GetFontStyle() != "" || pdf.GetFontFamily() != "sans" {
		t.Errorf("font now %s %q %g, want sans regular 11", pdf.GetFontFamily(), pdf.GetFontStyle(), size)
	}
	if r, g, b := pdf.GetTextColor(); r != 10 || g != 20 || b != 30 {
		t.Errorf("text colour now %d %d %d", r, g, b)
	}
	if r, g, b := pdf.GetFillColor(); r != 200 || g != 100 || b != 50 {
		t.Errorf("fill colour now %d %d %d", r, g, b)
	}
	if x, y := pdf.GetXY(); x != 33 || y != 44 {
		t.Errorf("position now %g,%g", x, y)
	}
	content := pageContents(t, outputPDF(t, pdf))
	q, Q := regexp.MustCompile(`(?m)(^|\s)q(\s|$)`), regexp.MustCompile(`(?m)(^|\s)Q(\s|$)`)
	if nq, nQ := len(q.FindAllString(content, -1)), len(Q.FindAllString(content, -1)); nq != nQ || nq == 0 {
		t.Errorf("%d q and %d Q: unbalanced graphics state", nq, nQ)
	}
}

func TestDrawPDFErrors(t *testing.T) {
	pdf := newTestPDF(t)
	if err := DrawPDF(pdf, patentFamilies(), 0, 0, 100, 60, PDFOptions{Family: "serif"}); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Errorf("unregistered family: %v", err)
	}
	if err := DrawPDF(pdf, patentFamilies(), 0, 0, 100, 60, PDFOptions{}); err == nil {
		t.Errorf("no family: no error")
	}
	if pdf.Err() {
		t.Errorf("a refused chart broke the document: %v", pdf.Error())
	}
	if err := DrawPDF(pdf, patentFamilies(), 0, 0, 10, 5, PDFOptions{Family: "sans"}); err == nil {
		t.Errorf("10x5 mm: no error")
	}
	if pdf.Err() {
		t.Errorf("a chart too small broke the document: %v", pdf.Error())
	}
	if _, err := NewPDFRenderer(nil, 0, 0, PDFOptions{Family: "sans"}); err == nil {
		t.Errorf("nil document: no error")
	}
}

// TestGoChartDefects pins the go-chart v2.1.2 defects this package works
// around, through go-chart's own chart types, and shows that go-chart's
// charts draw through this package's renderers. If go-chart fixes one, the
// matching sub-test fails: the workaround can then go.
func TestGoChartDefects(t *testing.T) {
	bars := func() chart.BarChart {
		fill := drawing.Color{R: 0x12, G: 0x34, B: 0x56, A: 255}
		var vs []chart.Value
		for i, v := range []float64{3, 5, 7} {
			vs = append(vs, chart.Value{Label: []string{"a", "b", "c"}[i], Value: v, Style: chart.Style{FillColor: fill, StrokeColor: fill, StrokeWidth: 0.01}})
		}
		return chart.BarChart{Width: 400, Height: 300, DPI: 96, Bars: vs}
	}
	sized := func(t *testing.T, bc chart.BarChart) int {
		r := NewSVGRenderer(400, 300, SVGOptions{ID: "gc"})
		if err := bc.Render(func(int, int) (chart.Renderer, error) { return r, nil }, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Save(&buf); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range elements(parseSVG(t, buf.Bytes()), "rect", "") {
			if e.attr("fill") == "#123456" && attrFloat(t, e, "height") > 0 {
				n++
			}
		}
		return n
	}
	t.Run("BarChart drops the smallest bar", func(t *testing.T) {
		if n := sized(t, bars()); n != 2 {
			t.Errorf("go-chart's automatic range drew %d of 3 bars; the defect is fixed", n)
		}
		fixed := bars()
		fixed.YAxis.Range = &chart.ContinuousRange{Min: 0, Max: 8}
		if n := sized(t, fixed); n != 3 {
			t.Errorf("with an explicit zero-based range: %d of 3 bars", n)
		}
	})
	t.Run("SVG renderer writes text unescaped", func(t *testing.T) {
		bc := bars()
		bc.Bars[0].Label = "AT&T <mobile>"
		var buf bytes.Buffer
		if err := bc.Render(chart.SVG, &buf); err != nil {
			t.Fatal(err)
		}
		if parseXML(buf.Bytes()) == nil {
			t.Errorf("go-chart's SVG now parses; the defect is fixed")
		}
		r := NewSVGRenderer(400, 300, SVGOptions{})
		if err := bc.Render(func(int, int) (chart.Renderer, error) { return r, nil }, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := r.Save(&buf); err != nil {
			t.Fatal(err)
		}
		if err := parseXML(buf.Bytes()); err != nil || !bytes.Contains(buf.Bytes(), []byte("AT&amp;T &lt;mobile&gt;")) {
			t.Errorf("through SVGRenderer: %v", err)
		}
	})
	t.Run("StackedBarChart always normalises", func(t *testing.T) {
		// Two stacks of 4 and 60 come out the same height.
		sbc := chart.StackedBarChart{Width: 400, Height: 300, DPI: 96, Bars: []chart.StackedBar{
			{Name: "small", Values: []chart.Value{{Value: 1}, {Value: 3}}},
			{Name: "large", Values: []chart.Value{{Value: 30}, {Value: 30}}},
		}}
		r := NewSVGRenderer(400, 300, SVGOptions{})
		if err := sbc.Render(func(int, int) (chart.Renderer, error) { return r, nil }, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Save(&buf); err != nil {
			t.Fatal(err)
		}
		heights := map[string]float64{}
		for _, e := range elements(parseSVG(t, buf.Bytes()), "rect", "") {
			if e.attr("stroke-width") == "3" { // go-chart's stacked segments
				heights[e.attr("x")] += attrFloat(t, e, "height")
			}
		}
		if len(heights) != 2 {
			t.Fatalf("found %d stacks", len(heights))
		}
		var hs []float64
		for _, h := range heights {
			hs = append(hs, h)
		}
		if d := hs[0] - hs[1]; d > 2 || d < -2 {
			t.Errorf("stacks of 4 and 60 drawn %.0f and %.0f px tall; go-chart no longer normalises", hs[0], hs[1])
		}
	})
	t.Run("go-chart charts draw through PDFRenderer", func(t *testing.T) {
		pdf := newTestPDF(t)
		r, err := NewPDFRenderer(pdf, 10, 10, PDFOptions{Family: "sans"})
		if err != nil {
			t.Fatal(err)
		}
		pie := chart.PieChart{Width: 300, Height: 300, DPI: 96, Values: []chart.Value{{Value: 3, Label: "a"}, {Value: 2, Label: "b"}}}
		if err := pie.Render(func(int, int) (chart.Renderer, error) { return r, nil }, nil); err != nil {
			t.Fatal(err)
		}
		if pdf.Err() {
			t.Fatal(pdf.Error())
		}
	})
}
