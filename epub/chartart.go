package epub

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/manuscript"
)

// chartWidth is the width charts are drawn at, in CSS px. The image scales
// to the width of the text; the number sets the size of the type relative
// to the chart. The height is the chart's natural height at that width.
const chartWidth = charts.EPUBWidth

// chartSVG draws a chart as a standalone SVG document, without its title
// (the figure caption gives it), and made to sit on the reading system's
// page rather than on a white box of its own: see pageColours.
func chartSVG(c *manuscript.Chart) ([]byte, error) {
	svg, err := charts.SVG(c, chartWidth, 0)
	if err != nil {
		// the manuscript's mistake, at the chart, as folio check gives it
		return nil, manuscript.Diagnostics{charts.Diagnose(c, err)}
	}
	return pageColours(svg), nil
}

// chartDescribe returns a chart's generated text alternative.
func chartDescribe(c *manuscript.Chart) string { return charts.Describe(c) }

// chartTable returns a chart's data as a table.
func chartTable(c *manuscript.Chart) (header []string, rows [][]string) { return charts.Table(c) }

var (
	backgroundRE = regexp.MustCompile(`<rect class="background"[^>]*/>\n?`)
	darkTextRE   = regexp.MustCompile(`<text\b[^>]*\bfill="(#[0-9a-fA-F]{6})"`)
)

// pageColours removes the white rectangle charts.SVG paints behind a chart,
// which would be a white box on a night-mode page, and puts a style sheet
// in its place that keeps the chart legible on any page: dark text gets a
// thin halo of white (invisible on white paper, legible on black) where
// the reading system knows paint-order, and when the reading system says
// its page is dark (prefers-color-scheme) dark text turns light and the
// axes lighten. An SVG without the rectangle is returned as it is.
func pageColours(svg []byte) []byte {
	loc := backgroundRE.FindIndex(svg)
	if loc == nil {
		return svg
	}
	var darks []string
	seen := map[string]bool{}
	for _, m := range darkTextRE.FindAllSubmatch(svg, -1) {
		hex := strings.ToLower(string(m[1]))
		c, ok := parseHex(hex)
		if seen[hex] || !ok || manuscript.Contrast(c, nightPage) >= minContrast {
			continue
		}
		seen[hex] = true
		darks = append(darks, hex)
	}
	sort.Strings(darks)
	var css strings.Builder
	if len(darks) > 0 {
		var sel, light []string
		for _, hex := range darks {
			s := `text[fill="` + hex + `"]`
			sel = append(sel, s)
			c, _ := parseHex(hex)
			light = append(light, fmt.Sprintf("  %s { fill: %s; }\n", s, nightText(c).Hex()))
		}
		// where paint-order is unknown, a stroke would cover the glyphs
		fmt.Fprintf(&css, "@supports (paint-order: stroke) {\n  %s { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }\n}\n", strings.Join(sel, ", "))
		css.WriteString("@media (prefers-color-scheme: dark) {\n")
		fmt.Fprintf(&css, "  %s { stroke: #121212; }\n", strings.Join(sel, ", "))
		css.WriteString(strings.Join(light, ""))
		css.WriteString("  path.baseline, path.tick, path.leader { stroke: #b3b3b3; }\n  path.grid { stroke: #4d4d4d; }\n}\n")
	}
	var out bytes.Buffer
	out.Grow(len(svg) + css.Len() + 16)
	out.Write(svg[:loc[0]])
	if css.Len() > 0 {
		out.WriteString("<style>\n")
		out.WriteString(css.String())
		out.WriteString("</style>\n")
	}
	out.Write(svg[loc[1]:])
	return out.Bytes()
}

// parseHex reads a colour written "#rrggbb".
func parseHex(s string) (manuscript.Color, bool) {
	if len(s) != 7 || s[0] != '#' {
		return manuscript.Color{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return manuscript.Color{}, false
	}
	return manuscript.Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}, true
}

// nightText returns the colour dark text takes on a night-mode page: a
// grey turned over (near-black to near-white, mid grey to light grey, so
// the chart keeps its hierarchy of greys), a colour lightened until it
// reads.
func nightText(c manuscript.Color) manuscript.Color {
	if c.R == c.G && c.G == c.B {
		v := 255 - c.R
		c = manuscript.Color{R: v, G: v, B: v}
	}
	return readable(c, nightPage)
}
