// Package charts draws the charts a manuscript declares as data: bar,
// horizontal bar, grouped and stacked bar, line, pie and donut charts, for
// print (vector paths and glyph runs in a display list, optionally in
// CMYK, which the PDF writer writes like the rest of the page), for the
// EPUB (accessible SVG) and for previews (PNG).
//
// One drawing model, several renderers: the charts are laid out once, in
// points, and drawn through go-chart's chart.Renderer interface. This
// package implements it twice, DisplayRenderer and SVGRenderer; PNG goes
// through go-chart's own raster renderer. The layouts are this package's
// own rather than go-chart's BarChart, StackedBarChart and PieChart, which
// cannot draw horizontal bars, drop the smallest bar unless the axis starts
// at zero, always normalise stacks to 100%, and whose SVG renderer writes
// text unescaped; the tests pin each of those defects.
//
// The look follows data-journalism practice: light horizontal gridlines, a
// darker zero line, no frame, labels set horizontally, values labelled on
// the marks, and meaning never carried by colour alone (legends, direct
// labels, marker shapes, bold type for highlighted categories). Figure
// captions belong to the page layout, so charts are drawn without their
// title unless asked (WithTitle, DrawOptions.WithTitle).
package charts
