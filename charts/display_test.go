package charts

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/pdf"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// testFaces returns the bundled Noto Sans faces a page would draw charts in.
func testFaces(t testing.TB) DrawOptions {
	t.Helper()
	opt, err := BundledFaces()
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// drawItems draws c into a w by h mm box at (20, 30) mm.
func drawItems(t testing.TB, c *manuscript.Chart, w, h float64, opt DrawOptions) []display.Item {
	t.Helper()
	if opt.Regular == nil {
		faces := testFaces(t)
		opt.Regular, opt.Bold, opt.Fallback = faces.Regular, faces.Bold, faces.Fallback
	}
	items, err := Draw(c, display.Rect{X: 20 / mmPerPt, Y: 30 / mmPerPt, W: w / mmPerPt, H: h / mmPerPt}, opt)
	if err != nil {
		t.Fatalf("%s: Draw: %v", c.ID, err)
	}
	return items
}

// chartPDF writes c as its own one-page PDF, as 'folio charts --pdf' does.
func chartPDF(c *manuscript.Chart, wmm, hmm float64, opts ...Option) ([]byte, error) {
	doc, err := Page(c, wmm, hmm, opts...)
	if err != nil {
		return nil, err
	}
	return pdf.Write(doc, pdf.Options{Compress: true})
}

// colors returns every colour items paint with.
func colors(items []display.Item) []display.Color {
	var out []display.Color
	for _, it := range items {
		switch it := it.(type) {
		case *display.Path:
			if it.Fill != nil {
				out = append(out, *it.Fill)
			}
			if it.Stroke != nil {
				out = append(out, it.Stroke.Color)
			}
		case *display.Text:
			out = append(out, it.Fill)
		}
	}
	return out
}

func TestPrintMinimums(t *testing.T) {
	sizes := []struct{ w, h float64 }{{120, 80}, {70, 55}, {170, 120}}
	for _, c := range allCharts() {
		for _, sz := range sizes {
			texts := 0
			for _, it := range drawItems(t, c, sz.w, sz.h, DrawOptions{WithTitle: true}) {
				switch it := it.(type) {
				case *display.Path:
					if it.Stroke != nil && it.Stroke.Width < MinStrokePt {
						t.Errorf("%s at %gx%g: line width %g pt < %g", c.ID, sz.w, sz.h, it.Stroke.Width, MinStrokePt)
					}
				case *display.Text:
					texts++
					if it.Size < MinFontPt {
						t.Errorf("%s at %gx%g: font size %g pt < %g", c.ID, sz.w, sz.h, it.Size, MinFontPt)
					}
				}
			}
			if texts == 0 {
				t.Errorf("%s: no text drawn", c.ID)
			}
		}
	}
}

// TestDrawStaysInItsBox checks that nothing of a chart is drawn outside
// the box it was given: its labels and marks are inside the column.
func TestDrawStaysInItsBox(t *testing.T) {
	const x0, y0 = 20 / mmPerPt, 30 / mmPerPt
	for _, c := range allCharts() {
		for _, sz := range []struct{ w, h float64 }{{120, 80}, {70, 55}} {
			w, h := sz.w/mmPerPt, sz.h/mmPerPt
			in := func(x, y float64) bool { return x >= x0-0.5 && x <= x0+w+0.5 && y >= y0-0.5 && y <= y0+h+0.5 }
			for _, it := range drawItems(t, c, sz.w, sz.h, DrawOptions{WithTitle: true}) {
				switch it := it.(type) {
				case *display.Path:
					for _, s := range it.Segs {
						n := map[display.SegOp]int{display.MoveTo: 1, display.LineTo: 1, display.CubeTo: 3}[s.Op]
						for _, p := range s.Pts[:n] {
							if !in(p.X, p.Y) {
								t.Errorf("%s at %gx%g mm: a path reaches (%.1f, %.1f) pt, outside the box", c.ID, sz.w, sz.h, p.X, p.Y)
							}
						}
					}
				case *display.Text:
					adv := 0.0
					for _, g := range it.Glyphs {
						adv += g.Advance
					}
					ex, ey := it.X+adv*math.Cos(it.Rotate), it.Y+adv*math.Sin(it.Rotate)
					if !in(it.X, it.Y) || !in(ex, ey) {
						t.Errorf("%s at %gx%g mm: %q runs from (%.1f, %.1f) to (%.1f, %.1f) pt, outside the box", c.ID, sz.w, sz.h, it.Text, it.X, it.Y, ex, ey)
					}
				}
			}
		}
	}
}

// TestRendererClampsToPrintMinimums asks the renderer directly for a
// hairline and 3 pt type.
func TestRendererClampsToPrintMinimums(t *testing.T) {
	r, err := NewDisplayRenderer(10, 10, testFaces(t))
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
	items := r.Items()
	if len(items) != 2 {
		t.Fatalf("%d items, want a path and a run", len(items))
	}
	if p, ok := items[0].(*display.Path); !ok || p.Stroke == nil || p.Stroke.Width != MinStrokePt {
		t.Errorf("hairline not raised to %g pt: %+v", MinStrokePt, items[0])
	}
	if tx, ok := items[1].(*display.Text); !ok || tx.Size != MinFontPt || tx.Text != "tiny" || len(tx.Glyphs) != 4 {
		t.Errorf("3 pt text not raised to %g pt: %+v", MinFontPt, items[1])
	}
}

func TestCMYK(t *testing.T) {
	for _, c := range allCharts() {
		cs := colors(drawItems(t, c, 120, 80, DrawOptions{CMYK: true, WithTitle: true}))
		if len(cs) == 0 {
			t.Errorf("%s: no colours", c.ID)
		}
		for _, col := range cs {
			if col.Space != display.DeviceCMYK {
				t.Errorf("%s: colour %+v is not CMYK in CMYK mode", c.ID, col)
				break
			}
		}
	}
	// The manuscript's own CMYK values are used, not conversions.
	has := func(cs []display.Color, want [4]float64) bool {
		for _, c := range cs {
			if c.Space == display.DeviceCMYK && math.Abs(c.C[0]-want[0])+math.Abs(c.C[1]-want[1])+math.Abs(c.C[2]-want[2])+math.Abs(c.C[3]-want[3]) < 1e-3 {
				return true
			}
		}
		return false
	}
	cs := colors(drawItems(t, patentFamilies(), 120, 80, DrawOptions{CMYK: true}))
	for _, want := range [][4]float64{{0, 0.8, 1, 0}, {0.25, 0.12, 0.1, 0.05}, {0, 0, 0, 0.851}} {
		if !has(cs, want) {
			t.Errorf("CMYK colour %v missing", want)
		}
	}
	// And RGB mode is RGB.
	for _, col := range colors(drawItems(t, patentFamilies(), 120, 80, DrawOptions{})) {
		if col.Space != display.DeviceRGB {
			t.Errorf("RGB mode: colour %+v", col)
			break
		}
	}
}

func TestNoTransparencyNoImages(t *testing.T) {
	for _, c := range allCharts() {
		for _, opts := range [][]Option{nil, {WithCMYK()}} {
			doc, err := chartPDF(c, 120, 0, opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"/SMask", "/ExtGState", "/Group", "/CA ", "/ca ", "/Subtype /Image", "/Subtype/Image"} {
				if bytes.Contains(doc, []byte(bad)) {
					t.Errorf("%s: PDF contains %s", c.ID, bad)
				}
			}
			items := drawItems(t, c, 120, 80, DrawOptions{})
			for _, it := range items {
				if _, ok := it.(*display.Image); ok {
					t.Errorf("%s: the chart holds an image", c.ID)
				}
			}
		}
	}
}

// TestChartTextIsItsGlyphs checks that every label is set in glyphs of the
// face it is measured in, one glyph per character, none of them .notdef
// but where the face lacks the character.
func TestChartTextIsItsGlyphs(t *testing.T) {
	opt := testFaces(t)
	for _, c := range allCharts() {
		for _, it := range drawItems(t, c, 120, 80, DrawOptions{Regular: opt.Regular, Bold: opt.Bold, Fallback: opt.Fallback, WithTitle: true}) {
			tx, ok := it.(*display.Text)
			if !ok {
				continue
			}
			if n := len([]rune(tx.Text)); n != len(tx.Glyphs) {
				t.Errorf("%s: %q has %d glyphs for %d characters", c.ID, tx.Text, len(tx.Glyphs), n)
				continue
			}
			for i, g := range tx.Glyphs {
				if g.ID == 0 {
					t.Errorf("%s: %q: glyph %d is .notdef", c.ID, tx.Text, i)
				}
			}
		}
	}
}

func TestDrawErrors(t *testing.T) {
	box := display.Rect{W: 100 / mmPerPt, H: 60 / mmPerPt}
	if _, err := Draw(patentFamilies(), box, DrawOptions{}); err == nil || !strings.Contains(err.Error(), "no regular or bold face") {
		t.Errorf("no faces: %v", err)
	}
	opt := testFaces(t)
	if _, err := Draw(patentFamilies(), display.Rect{W: 10 / mmPerPt, H: 5 / mmPerPt}, opt); err == nil {
		t.Errorf("10x5 mm: no error")
	}
	if _, err := Draw(patentFamilies(), box, opt); err != nil {
		t.Errorf("100x60 mm after refused charts: %v", err)
	}
	if _, err := NewDisplayRenderer(0, 0, DrawOptions{}); err == nil {
		t.Errorf("renderer without faces: no error")
	}
	for _, sz := range [][2]float64{{0, 0}, {3, 0}, {math.NaN(), 0}, {120, 3}, {math.Inf(1), 0}} {
		if _, err := Page(patentFamilies(), sz[0], sz[1]); err == nil {
			t.Errorf("Page %gx%g mm: no error", sz[0], sz[1])
		}
	}
}

// TestGoChartDrawsThroughDisplayRenderer shows that go-chart's own charts
// draw through the display renderer.
func TestGoChartDrawsThroughDisplayRenderer(t *testing.T) {
	r, err := NewDisplayRenderer(10, 10, testFaces(t))
	if err != nil {
		t.Fatal(err)
	}
	pie := chart.PieChart{Width: 300, Height: 300, DPI: 96, Values: []chart.Value{{Value: 3, Label: "a"}, {Value: 2, Label: "b"}}}
	if err := pie.Render(func(int, int) (chart.Renderer, error) { return r, nil }, nil); err != nil {
		t.Fatal(err)
	}
	paths, texts := 0, 0
	for _, it := range r.Items() {
		switch it.(type) {
		case *display.Path:
			paths++
		case *display.Text:
			texts++
		}
	}
	if paths < 2 || texts < 2 {
		t.Errorf("the pie drew %d paths and %d labels, want two of each at least", paths, texts)
	}
}
