package epub

import (
	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/manuscript"
)

// chartWidth is the width charts are drawn at, in CSS px. The image scales
// to the width of the text; the number sets the size of the type relative
// to the chart. The height is the chart's natural height at that width.
const chartWidth = 640

// chartSVG draws a chart as a standalone SVG document, without its title:
// the figure caption gives it.
func chartSVG(c *manuscript.Chart) ([]byte, error) { return charts.SVG(c, chartWidth, 0) }

// chartDescribe returns a chart's generated text alternative.
func chartDescribe(c *manuscript.Chart) string { return charts.Describe(c) }

// chartTable returns a chart's data as a table.
func chartTable(c *manuscript.Chart) (header []string, rows [][]string) { return charts.Table(c) }
