// Package publish runs the pipeline from a typeset book to its files: the
// book's pages, drawn as an edition's display list (layout), written as
// PDF (pdf). Each step hands the next a value; none reads back what an
// earlier one made from.
package publish

import (
	"fmt"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/pdf"
)

// PDF draws the typeset book as the display list of edition opt.Edition,
// dated opt.Date, and writes it as a PDF file. It returns the file and
// the display list: the print edition's has blank pages added up to a
// multiple of four. A draft is written uncompressed, for speed.
func PDF(doc *layout.Document, opt layout.Options) ([]byte, *display.Document, error) {
	dl, err := doc.Display(opt)
	if err != nil {
		return nil, nil, err
	}
	data, err := pdf.Write(dl, pdf.Options{Compress: opt.Edition != layout.Draft})
	if err != nil {
		return nil, nil, fmt.Errorf("publish: %s edition: %w", opt.Edition, err)
	}
	return data, dl, nil
}
