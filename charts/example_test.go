package charts_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/pdf"
	"github.com/wcharczuk/go-chart/v2"
)

func families() *manuscript.Chart {
	f, _ := manuscript.ParseNumberFormat("#,##0")
	return &manuscript.Chart{
		ID:         "fig-5g",
		Type:       manuscript.ChartHBar,
		Title:      "Declared 5G patent families by company, April 2019",
		Unit:       "patent families",
		Format:     f,
		Categories: []string{"Huawei", "Nokia", "Samsung", "ZTE"},
		Series:     []manuscript.Series{{Values: []float64{1554, 1427, 1316, 1208}}},
		Highlight:  []string{"Huawei", "ZTE"},
		Labels:     true,
		Source:     "IPlytics",
	}
}

func ExampleDescribe() {
	fmt.Println(charts.Describe(families()))
	// Output:
	// Horizontal bar chart: Declared 5G patent families by company, April 2019 (patent families). Huawei 1,554; Nokia 1,427; Samsung 1,316; ZTE 1,208. Highlighted: Huawei, ZTE.
}

func ExampleTable() {
	header, rows := charts.Table(families())
	fmt.Printf("%q\n", header)
	for _, r := range rows {
		fmt.Printf("%q\n", r)
	}
	// Output:
	// ["" "patent families"]
	// ["Huawei" "1,554"]
	// ["Nokia" "1,427"]
	// ["Samsung" "1,316"]
	// ["ZTE" "1,208"]
}

func ExampleCheckPalette() {
	red := manuscript.Color{R: 0xd6, G: 0x27, B: 0x28}
	green := manuscript.Color{R: 0x2c, G: 0xa0, B: 0x2c}
	for _, problem := range charts.CheckPalette([]manuscript.Color{red, green}) {
		fmt.Println(problem)
	}
	fmt.Println(len(charts.CheckPalette(charts.DefaultPalette())), "problems with the default palette")
	// Output:
	// palette colours 1 (#d62728) and 2 (#2ca02c) are hard to tell apart under deuteranopia: ΔE2000 4.6 < 10
	// 0 problems with the default palette
}

func ExampleDefaultPalette() {
	for _, c := range charts.DefaultPalette()[:3] {
		fmt.Printf("%s C%.0f M%.0f Y%.0f K%.0f\n", c.Hex(), c.C*100, c.M*100, c.Y*100, c.K*100)
	}
	// Output:
	// #0072b2 C100 M50 Y0 K0
	// #e69f00 C0 M50 Y100 K0
	// #009e73 C97 M0 Y75 K0
}

func ExampleNaturalHeight() {
	c := families()
	fmt.Printf("4 companies: %.0f mm\n", charts.NaturalHeight(c, 120))
	c.Categories = append(c.Categories, "LG", "Qualcomm", "Ericsson", "Intel")
	c.Series[0].Values = append(c.Series[0].Values, 1274, 846, 819, 551)
	fmt.Printf("8 companies: %.0f mm\n", charts.NaturalHeight(c, 120))
	// Output:
	// 4 companies: 30 mm
	// 8 companies: 54 mm
}

func ExampleSVG() {
	svg, err := charts.SVG(families(), 640, 0) // natural height
	if err != nil {
		log.Fatal(err)
	}
	first, _, _ := strings.Cut(string(svg), "\n")
	fmt.Println(first[:strings.Index(first, " height")])
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" width="640"
}

func ExamplePNG() {
	img, err := charts.PNG(families(), 1280, 0, charts.WithTitle())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(img, []byte("\x89PNG")))
	// Output:
	// true
}

// A chart as its own one-page document, for a PDF writer: 120 mm wide at
// its natural height, in CMYK for the printer.
func ExamplePage() {
	doc, err := charts.Page(families(), 120, 0, charts.WithTitle(), charts.WithCMYK())
	if err != nil {
		log.Fatal(err)
	}
	file, err := pdf.Write(doc, pdf.Options{Compress: true})
	if err != nil {
		log.Fatal(err)
	}
	p := doc.Pages[0]
	fmt.Printf("%.0f x %.0f pt, %s\n", p.Media.W, p.Media.H, file[:8])
	// Output:
	// 340 x 131 pt, %PDF-1.7
}

// The page layout draws a chart into its place on the page, in the faces
// of the book's text: here 120 by 40 mm, 20 mm from the page's left edge
// and 40 mm from its top.
func ExampleDraw() {
	regular, _ := fonts.OpenFace("NotoSans-Regular.ttf")
	bold, _ := fonts.OpenFace("NotoSans-Bold.ttf")
	const mm = 72 / 25.4
	items, err := charts.Draw(families(), display.Rect{X: 20 * mm, Y: 40 * mm, W: 120 * mm, H: 40 * mm},
		charts.DrawOptions{Regular: regular, Bold: bold, CMYK: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range items {
		if t, ok := it.(*display.Text); ok && t.Text == "Huawei" {
			fmt.Printf("%q in %s at %.0f pt\n", t.Text, t.Font.Name, t.Size)
			break
		}
	}
	// Output:
	// "Huawei" in NotoSans-Bold at 8 pt
}

// Any go-chart chart can draw through the package's renderers.
func ExampleNewSVGRenderer() {
	r := charts.NewSVGRenderer(300, 300, charts.SVGOptions{ID: "pie", Title: "A pie", Desc: "Three parts of one, two of the other."})
	pie := chart.PieChart{Width: 300, Height: 300, DPI: 96, Values: []chart.Value{{Value: 3, Label: "one"}, {Value: 2, Label: "other"}}}
	if err := pie.Render(func(int, int) (chart.Renderer, error) { return r, nil }, nil); err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Contains(buf.String(), `<title id="pie-title">A pie</title>`))
	// Output:
	// true
}

// Any go-chart chart can draw into a display list too.
func ExampleNewDisplayRenderer() {
	regular, _ := fonts.OpenFace("NotoSans-Regular.ttf")
	bold, _ := fonts.OpenFace("NotoSans-Bold.ttf")
	r, err := charts.NewDisplayRenderer(20, 20, charts.DrawOptions{Regular: regular, Bold: bold})
	if err != nil {
		log.Fatal(err)
	}
	bars := chart.BarChart{Width: 400, Height: 300, DPI: 96,
		YAxis: chart.YAxis{Range: &chart.ContinuousRange{Min: 0, Max: 8}}, // zero-based: every bar shows
		Bars:  []chart.Value{{Value: 3, Label: "a"}, {Value: 5, Label: "b"}, {Value: 7, Label: "c"}}}
	if err := bars.Render(func(int, int) (chart.Renderer, error) { return r, nil }, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(r.Items()) > 0)
	// Output:
	// true
}
