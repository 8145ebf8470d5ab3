package charts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/manuscript"
)

// EPUBWidth is the width, in CSS pixels, the EPUB draws charts at: the
// image scales to the reading system's text, and the number sets the size
// of the type against the chart.
const EPUBWidth = 640

// Check draws c as the book would, into nothing: in the PDF, at the width
// of a page's column, widthMM millimetres, at its natural height, in the
// faces of faces (BundledFaces, or the book's), and in the EPUB at
// EPUBWidth; it returns the diagnostic of the first it cannot draw (a
// chart too small for its labels), at the chart's position, as the PDF and
// EPUB writers report it, or nil. 'folio check' finds so what a build
// would refuse.
func Check(c *manuscript.Chart, widthMM float64, faces DrawOptions) *manuscript.Diagnostic {
	const ptPerMM = 72 / 25.4
	h := NaturalHeight(c, widthMM)
	if _, err := Draw(c, display.Rect{W: widthMM * ptPerMM, H: h * ptPerMM}, faces); err != nil {
		d := Diagnose(c, err)
		return &d
	}
	if _, err := SVG(c, EPUBWidth, 0); err != nil {
		d := Diagnose(c, err)
		return &d
	}
	return nil
}

// Diagnose turns an error drawing c into a diagnostic at the chart's
// position, the same whichever writer met it.
func Diagnose(c *manuscript.Chart, err error) manuscript.Diagnostic {
	d := manuscript.Diagnostic{Pos: c.Pos, Severity: manuscript.Error}
	if errors.Is(err, errTooSmall) {
		d.Message = fmt.Sprintf("chart %q is too small for its labels: %d categories do not fit the width of a page's column", c.ID, len(c.Categories))
		d.Hint = "give it fewer categories or shorter labels, or make it an hbar chart, whose labels stand beside its bars"
		return d
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "charts: ")
	msg = strings.TrimPrefix(msg, chartName(c)+": ")
	d.Message = fmt.Sprintf("chart %q cannot be drawn: %s", c.ID, msg)
	return d
}
