package epub

import (
	"fmt"
	"path"

	"github.com/folio-press/folio/cover"
)

// coverPage writes the cover document: the image alone, with a text
// alternative naming the book. The image is drawn by archive.
func (w *writer) coverPage(d *document) []byte {
	r := w.newRenderer(d)
	r.raw("<section epub:type=\"cover\" class=\"cover\" aria-label=\"Cover\">\n<img role=\"doc-cover\" class=\"cover-image\"")
	r.attr("src", path.Join("..", w.cover.href))
	r.attr("alt", cover.Alt(w.book))
	r.attr("width", fmt.Sprint(cover.Width))
	r.attr("height", fmt.Sprint(cover.Height))
	r.raw("/>\n</section>\n")
	return w.xhtml(d, r.sb.String())
}
