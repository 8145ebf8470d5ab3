package charts

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

// marks counts the data marks of an SVG: bars, slices and lines.
func marks(root svgNode) int {
	n := 0
	root.walk(func(e svgNode) {
		switch e.attr("class") {
		case "bar", "slice", "line":
			n++
		}
	})
	return n
}

func TestEveryTypeThroughEveryRenderer(t *testing.T) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Fatal("qpdf is not installed (make test-deps installs it)")
	}
	pdfimages, err := exec.LookPath("pdfimages")
	if err != nil {
		t.Fatal("pdfimages is not installed (make test-deps installs poppler-utils)")
	}
	dir := t.TempDir()
	for _, c := range allCharts() {
		t.Run(c.ID, func(t *testing.T) {
			svg, err := SVG(c, 640, 0)
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			root := parseSVG(t, svg)
			if marks(root) == 0 {
				t.Errorf("SVG has no bars, slices or lines")
			}

			img, err := PNG(c, 800, 500)
			if err != nil {
				t.Fatalf("PNG: %v", err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil || cfg.Width != 800 || cfg.Height != 500 {
				t.Errorf("PNG: %v, %dx%d, want 800x500", err, cfg.Width, cfg.Height)
			}

			doc, err := chartPDF(c, 120, 0, WithTitle())
			if err != nil {
				t.Fatalf("PDF: %v", err)
			}
			if !bytes.HasPrefix(doc, []byte("%PDF-")) {
				t.Fatalf("PDF does not start with %%PDF-")
			}
			file := filepath.Join(dir, c.ID+".pdf")
			if err := os.WriteFile(file, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			out, err := exec.Command(pdfimages, "-list", file).Output()
			if err != nil {
				t.Fatalf("pdfimages: %v", err)
			}
			// Two header lines, then one line per image.
			if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) > 2 {
				t.Errorf("chart PDF holds images:\n%s", out)
			}
		})
	}
}

// TestSmallestBarPresent pins go-chart's BarChart defect (its automatic range
// starts at the smallest value, so that bar gets no height): our bar charts
// are zero-based unless the manuscript sets a minimum.
func TestSmallestBarPresent(t *testing.T) {
	tests := []struct {
		name string
		vals []float64
		min  *float64
		want int // bars with a height
	}{
		{"all positive, smallest not zero", []float64{3, 5, 7}, nil, 3},
		{"one value", []float64{42}, nil, 1},
		{"equal values", []float64{5, 5, 5}, nil, 3},
		{"negative values", []float64{-4, 2, 6}, nil, 3},
		{"axis min set below the data", []float64{3, 5, 7}, ptr(1), 3},
	}
	for _, tt := range tests {
		for _, typ := range []manuscript.ChartType{manuscript.ChartBar, manuscript.ChartHBar} {
			t.Run(tt.name+"/"+string(typ), func(t *testing.T) {
				c := &manuscript.Chart{ID: "b", Type: typ, Categories: []string{"a", "b", "c"}[:len(tt.vals)],
					Series: []manuscript.Series{{Values: tt.vals}}, AxisMin: tt.min, Labels: true}
				svg, err := SVG(c, 500, 300)
				if err != nil {
					t.Fatal(err)
				}
				got := 0
				for _, r := range elements(parseSVG(t, svg), "rect", "bar") {
					if attrFloat(t, r, "height") > 0 && attrFloat(t, r, "width") > 0 {
						got++
					}
				}
				if got != tt.want {
					t.Errorf("%d bars with a size, want %d", got, tt.want)
				}
			})
		}
	}
}

func ptr(v float64) *float64 { return &v }

// TestStackedAbsolute pins go-chart's StackedBarChart defect (it always
// normalises to 100%): stacks are absolute unless Percent is set.
func TestStackedAbsolute(t *testing.T) {
	mk := func(percent bool) *manuscript.Chart {
		return &manuscript.Chart{ID: "s", Type: manuscript.ChartStackedBar, Percent: percent,
			Categories: []string{"small", "large"},
			Series:     []manuscript.Series{{Name: "A", Values: []float64{1, 30}}, {Name: "B", Values: []float64{3, 30}}}}
	}
	stackHeights := func(t *testing.T, svg []byte) map[string]float64 {
		h := map[string]float64{}
		for _, r := range elements(parseSVG(t, svg), "rect", "bar") {
			h[r.attr("x")] += attrFloat(t, r, "height")
		}
		return h
	}
	ticks := func(t *testing.T, svg []byte) string {
		var s []string
		for _, e := range elements(parseSVG(t, svg), "text", "tick") {
			s = append(s, e.Text)
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		percent   bool
		wantTicks string
		ratio     float64 // height of the large stack over the small one
	}{
		{false, "0 20 40 60", 60.0 / 4},
		{true, "0% 20% 40% 60% 80% 100%", 1},
	}
	for _, tt := range tests {
		svg, err := SVG(mk(tt.percent), 500, 300)
		if err != nil {
			t.Fatal(err)
		}
		if got := ticks(t, svg); got != tt.wantTicks {
			t.Errorf("percent=%v: ticks %q, want %q", tt.percent, got, tt.wantTicks)
		}
		h := stackHeights(t, svg)
		var hs []float64
		for _, v := range h {
			hs = append(hs, v)
		}
		if len(hs) != 2 {
			t.Fatalf("percent=%v: %d stacks, want 2", tt.percent, len(hs))
		}
		ratio := math.Max(hs[0], hs[1]) / math.Min(hs[0], hs[1])
		if math.Abs(ratio-tt.ratio)/tt.ratio > 0.1 { // white hairlines between segments take a little
			t.Errorf("percent=%v: stack height ratio %.2f, want %.2f", tt.percent, ratio, tt.ratio)
		}
	}
}

func TestSVGEscapesText(t *testing.T) {
	nasty := `R&D <spending> "quoted" & 'single' ]]> end`
	c := &manuscript.Chart{ID: "esc", Type: manuscript.ChartGroupedBar, Title: nasty, Subtitle: "a < b", Unit: "<units>",
		Categories: []string{"AT&T", "<b>bold</b>", `say "hi"`},
		Series:     []manuscript.Series{{Name: "x & y", Values: []float64{1, 2, 3}}, {Name: "<z>", Values: []float64{3, 2, 1}}},
		Source:     "A&B", Note: "1 < 2", Labels: true,
		Format: mustFormat("<#,##0>&")}
	svg, err := SVG(c, 600, 0, WithTitle())
	if err != nil {
		t.Fatal(err)
	}
	if err := parseXML(svg); err != nil {
		t.Fatalf("SVG is not well-formed: %v", err)
	}
	root := parseSVG(t, svg)
	titles := elements(root, "title", "")
	if len(titles) != 1 || titles[0].Text != nasty {
		t.Errorf("<title> = %+v, want %q", titles, nasty)
	}
	var texts []string
	for _, e := range elements(root, "text", "") {
		texts = append(texts, e.Text)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"AT&T", "<b>bold</b>", `say "hi"`, "x & y", "<z>", "<units>", "<3>&", "Source: A&B", nasty} {
		if !strings.Contains(all, want) {
			t.Errorf("text %q not drawn; texts: %s", want, all)
		}
	}
}

func TestSVGAccessibleAndInlinable(t *testing.T) {
	a, b := patentFamilies(), internetUsers()
	var docs [][]byte
	for _, c := range []*manuscript.Chart{a, b} {
		svg, err := SVG(c, 640, 400)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, svg)
		root := parseSVG(t, svg)
		if root.XMLName.Local != "svg" || root.attr("role") != "img" {
			t.Errorf("%s: root %s role=%q", c.ID, root.XMLName.Local, root.attr("role"))
		}
		for attr, want := range map[string]string{"width": "640", "height": "400", "viewBox": "0 0 640 400"} {
			if got := root.attr(attr); got != want {
				t.Errorf("%s: %s=%q, want %q", c.ID, attr, got, want)
			}
		}
		ids := map[string]svgNode{}
		root.walk(func(n svgNode) {
			if id := n.attr("id"); id != "" {
				ids[id] = n
			}
		})
		refs := strings.Fields(root.attr("aria-labelledby"))
		if len(refs) != 2 {
			t.Fatalf("%s: aria-labelledby=%q", c.ID, root.attr("aria-labelledby"))
		}
		if n := ids[refs[0]]; n.XMLName.Local != "title" || n.Text != c.Title {
			t.Errorf("%s: %s is %s %q, want the title", c.ID, refs[0], n.XMLName.Local, n.Text)
		}
		if n := ids[refs[1]]; n.XMLName.Local != "desc" || n.Text != Describe(c) {
			t.Errorf("%s: %s is %s %q, want Describe", c.ID, refs[1], n.XMLName.Local, n.Text)
		}
		for id := range ids {
			if !strings.HasPrefix(id, c.ID+"-") {
				t.Errorf("%s: id %q not prefixed with the chart id", c.ID, id)
			}
		}
		if !bytes.Contains(svg, []byte(`font-family="'Noto Sans', sans-serif"`)) {
			t.Errorf("%s: no font-family naming Noto Sans with a generic fallback", c.ID)
		}
	}
	// Inlined together in one XHTML document, the ids stay unique.
	page := "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" + string(docs[0]) + string(docs[1]) + "</body></html>"
	root := parseSVG(t, []byte(page))
	seen := map[string]bool{}
	root.walk(func(n svgNode) {
		if id := n.attr("id"); id != "" {
			if seen[id] {
				t.Errorf("duplicate id %q", id)
			}
			seen[id] = true
		}
	})
}

func TestDeterministic(t *testing.T) {
	for _, c := range allCharts() {
		for name, render := range map[string]func() ([]byte, error){
			"svg": func() ([]byte, error) { return SVG(c, 640, 0) },
			"pdf": func() ([]byte, error) { return chartPDF(c, 120, 80) },
			"png": func() ([]byte, error) { return PNG(c, 400, 300) },
		} {
			a, err1 := render()
			b, err2 := render()
			if err1 != nil || err2 != nil {
				t.Fatalf("%s %s: %v %v", c.ID, name, err1, err2)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s %s: two renderings differ", c.ID, name)
			}
		}
	}
}

func TestSort(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		sort string
		want string
	}{
		{"", "a b c d"},
		{"ascending", "c a b d"},
		{"descending", "b a c d"},
	}
	for _, tt := range tests {
		c := &manuscript.Chart{Type: manuscript.ChartBar, Sort: tt.sort, Categories: []string{"a", "b", "c", "d"},
			Series: []manuscript.Series{{Values: []float64{2, 3, 1, nan}}}}
		_, rows := Table(c)
		var got []string
		for _, r := range rows {
			got = append(got, r[0])
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("sort %q: %v, want %s", tt.sort, got, tt.want)
		}
	}
}

func TestNaturalHeight(t *testing.T) {
	few := patentFamilies()
	few.Categories, few.Series[0].Values = few.Categories[:3], few.Series[0].Values[:3]
	many := patentFamilies()
	hFew, hMany := NaturalHeight(few, 120), NaturalHeight(many, 120)
	if !(hMany > hFew*2) {
		t.Errorf("hbar: 11 categories %.1f mm, 3 categories %.1f mm: want growth with the categories", hMany, hFew)
	}
	perRow := (hMany - hFew) / 8
	if perRow < 4 || perRow > 9 {
		t.Errorf("hbar: %.1f mm per row, want 4 to 9", perRow)
	}
	line := internetUsers()
	if h := NaturalHeight(line, 120); h < 60 || h > 90 {
		t.Errorf("line at 120 mm: %.1f mm tall", h)
	}
	if h := NaturalHeight(nil, 100); h != 60 {
		t.Errorf("nil chart: %.1f, want the 3:5 fallback", h)
	}
}

func TestErrors(t *testing.T) {
	good := func() *manuscript.Chart {
		return &manuscript.Chart{ID: "e", Type: manuscript.ChartBar, Categories: []string{"a"}, Series: []manuscript.Series{{Values: []float64{1}}}}
	}
	same := func(c *manuscript.Chart) *manuscript.Chart { return c }
	tests := []struct {
		name string
		edit func(*manuscript.Chart) *manuscript.Chart
		w, h float64
		want string
	}{
		{"nil", func(*manuscript.Chart) *manuscript.Chart { return nil }, 400, 300, "no chart"},
		{"type", func(c *manuscript.Chart) *manuscript.Chart { c.Type = "radar"; return c }, 400, 300, `unknown chart type "radar"`},
		{"categories", func(c *manuscript.Chart) *manuscript.Chart { c.Categories = nil; return c }, 400, 300, "no categories"},
		{"series", func(c *manuscript.Chart) *manuscript.Chart { c.Series = nil; return c }, 400, 300, "no series"},
		{"sort", func(c *manuscript.Chart) *manuscript.Chart { c.Sort = "random"; return c }, 400, 300, "unknown sort"},
		{"axis", func(c *manuscript.Chart) *manuscript.Chart { c.AxisMin, c.AxisMax = ptr(5), ptr(1); return c }, 400, 300, "not above axis min"},
		{"pie negative", func(c *manuscript.Chart) *manuscript.Chart {
			c.Type = manuscript.ChartPie
			c.Series[0].Values = []float64{-1}
			return c
		}, 400, 300, "negative"},
		{"all missing", func(c *manuscript.Chart) *manuscript.Chart { c.Series[0].Values = []float64{math.NaN()}; return c }, 400, 300, "no values"},
		{"width", same, -1, 300, "invalid width"},
		{"tiny", same, 20, 10, "too small"},
	}
	for _, tt := range tests {
		_, err := SVG(tt.edit(good()), tt.w, tt.h)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
		if tt.name != "nil" && err != nil && !strings.Contains(err.Error(), `chart "e"`) {
			t.Errorf("%s: error %q does not name the chart", tt.name, err)
		}
	}
}

func TestMissingValuesAreGaps(t *testing.T) {
	c := internetUsers()
	svg, err := SVG(c, 640, 400)
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, svg)
	// Internet users: 4 points; mobile: 3 (its 2015 value is missing).
	if got := len(elements(root, "path", "marker")) + len(elements(root, "rect", "marker")); got != 7 {
		t.Errorf("%d markers, want 7", got)
	}
	if got := len(elements(root, "path", "line")); got != 2 {
		t.Errorf("%d lines, want 2", got)
	}
}

func TestNegativeValuesUseADash(t *testing.T) {
	// The bundled Noto Sans has no U+2212 MINUS SIGN: draw an en dash.
	c := &manuscript.Chart{ID: "n", Type: manuscript.ChartBar, Categories: []string{"a", "b"},
		Series: []manuscript.Series{{Values: []float64{-3.5, 2}}}, Labels: true}
	svg, err := SVG(c, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(svg[bytes.Index(svg, []byte("<g ")):], '\u2212') || !bytes.Contains(svg, []byte("–3.5")) {
		t.Errorf("negative value not drawn with an en dash")
	}
}
