package epub

import (
	"fmt"
	"path"

	"github.com/folio-press/folio/layout/cover"
)

// coverPage draws the cover image and writes the cover document: the
// image alone, with a text alternative naming the book.
func (w *writer) coverPage(d *document) ([]byte, error) {
	data, err := cover.PNG(w.book)
	if err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	w.cover.data = data
	r := w.newRenderer(d)
	r.raw("<section epub:type=\"cover\" class=\"cover\" aria-label=\"Cover\">\n<img role=\"doc-cover\" class=\"cover-image\"")
	r.attr("src", path.Join("..", w.cover.href))
	r.attr("alt", cover.Alt(w.book))
	r.attr("width", fmt.Sprint(cover.Width))
	r.attr("height", fmt.Sprint(cover.Height))
	r.raw("/>\n</section>\n")
	return w.xhtml(d, r.sb.String()), nil
}
