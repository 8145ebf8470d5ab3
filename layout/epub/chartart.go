//go:build !epubstub

package epub

import (
	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/manuscript"
)

// The size charts are drawn at, in CSS px. The image scales to the width of
// the text; the numbers only set the proportions and the size of the type
// relative to the chart.
const (
	chartWidth  = 640
	chartHeight = 400
)

// chartSVG draws a chart as a standalone SVG document.
func chartSVG(c *manuscript.Chart) ([]byte, error) { return charts.SVG(c, chartWidth, chartHeight) }

// chartDescribe returns a chart's generated text alternative.
func chartDescribe(c *manuscript.Chart) string { return charts.Describe(c) }

// chartTable returns a chart's data as a table.
func chartTable(c *manuscript.Chart) (header []string, rows [][]string) { return charts.Table(c) }
