package layout

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// PDF typesets the book and writes it as a PDF of the given edition. It
// returns the PDF's bytes and the typeset document (its pages and layout
// problems).
func PDF(book *manuscript.Book, opt Options) ([]byte, *Document, error) {
	g := newGeometry(book.Trim)
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: g.w, Ht: g.h},
	})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(opt.Date.UTC())
	pdf.SetModificationDate(opt.Date.UTC())
	doc, err := typeset(book, pdf)
	if err != nil {
		return nil, nil, err
	}
	w := &pdfWriter{pdf: pdf, doc: doc, opt: opt, g: g, links: map[string]int{}}
	w.metadata()
	if err := w.pages(); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("layout: write PDF: %w", err)
	}
	return buf.Bytes(), doc, nil
}

type pdfWriter struct {
	pdf   *fpdf.Fpdf
	doc   *Document
	opt   Options
	g     geometry
	links map[string]int // anchor → fpdf link id
}

func (w *pdfWriter) metadata() {
	b := w.doc.Book
	var authors []string
	for _, a := range b.Authors {
		authors = append(authors, a.Name)
	}
	title := b.Title
	if b.Subtitle != "" {
		title += ": " + b.Subtitle
	}
	w.pdf.SetTitle(title, true)
	w.pdf.SetAuthor(strings.Join(authors, ", "), true)
	w.pdf.SetSubject(b.Description, true)
	w.pdf.SetKeywords(strings.Join(b.Subjects, ", "), true)
	w.pdf.SetLang(b.Language)
	w.pdf.SetCreator("Folio", true)
	w.pdf.SetProducer("Folio (fpdf)", true)
}

// anchorPages finds the page and height of every anchor.
func (w *pdfWriter) anchorLinks() {
	for _, p := range w.doc.Pages {
		for _, it := range p.Items {
			if a, ok := it.(AnchorItem); ok {
				if _, dup := w.links[a.Name]; !dup {
					id := w.pdf.AddLink()
					w.pdf.SetLink(id, a.Y, p.Index+1)
					w.links[a.Name] = id
				}
			}
		}
	}
}

func (w *pdfWriter) pages() error {
	w.anchorLinks()
	for _, p := range w.doc.Pages {
		w.pdf.AddPage()
		for _, it := range p.Items {
			if err := w.item(p, it); err != nil {
				return err
			}
		}
		w.furniture(p)
		if w.pdf.Err() {
			return fmt.Errorf("layout: page %s: %w", p.Label, w.pdf.Error())
		}
	}
	return nil
}

func (w *pdfWriter) fill(c manuscript.Color)   { w.pdf.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (w *pdfWriter) stroke(c manuscript.Color) { w.pdf.SetDrawColor(int(c.R), int(c.G), int(c.B)) }

func (w *pdfWriter) text(x, y float64, f Font, size float64, s string, c manuscript.Color) {
	w.pdf.SetFont(f.Role.family(), f.fpdfStyle(), size)
	w.pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
	w.pdf.Text(x, y, s)
}

func (w *pdfWriter) item(p *Page, it Item) error {
	switch it := it.(type) {
	case TextItem:
		w.text(it.X, it.Y, it.Font, it.Size, it.Text, it.Color)
	case RectItem:
		w.fill(it.Fill)
		w.pdf.Rect(it.X, it.Y, it.W, it.H, "F")
	case LineItem:
		w.stroke(it.Color)
		w.pdf.SetLineWidth(max(it.Width, 0.25*ptToMM))
		w.pdf.Line(it.X1, it.Y1, it.X2, it.Y2)
	case LinkItem:
		if it.URL != "" {
			w.pdf.LinkString(it.X, it.Y, it.W, it.H, it.URL)
		} else if id, ok := w.links[it.Anchor]; ok {
			w.pdf.Link(it.X, it.Y, it.W, it.H, id)
		}
	case BookmarkItem:
		w.pdf.Bookmark(it.Title, it.Level, it.Y)
	case ChartItem:
		opt := charts.PDFOptions{Family: Heading.family()}
		if err := charts.DrawPDF(w.pdf, it.Chart, it.X, it.Y, it.W, it.H, opt); err != nil {
			return fmt.Errorf("layout: chart %s: %w", it.Chart.ID, err)
		}
	case ImageItem:
		name := "img-" + it.Image.Path
		tp := "PNG"
		if it.Image.Format == "jpeg" {
			tp = "JPG"
		}
		io := fpdf.ImageOptions{ImageType: tp}
		if w.pdf.GetImageInfo(name) == nil {
			w.pdf.RegisterImageOptionsReader(name, io, bytes.NewReader(it.Image.Data))
		}
		w.pdf.ImageOptions(name, it.X, it.Y, it.W, it.H, false, io, 0, "")
	case MarkItem:
		if w.opt.Edition == Draft {
			red := manuscript.Color{R: 220, G: 0, B: 0}
			x := w.g.w - 4
			if p.Index%2 == 1 {
				x = 2
			}
			w.fill(red)
			w.pdf.Rect(x, it.Y-3, 2, 3.5, "F")
			mx := w.g.w - w.g.outer + 4
			if p.Index%2 == 1 {
				mx = 6
			}
			w.text(mx, it.Y, Font{Role: Heading}, 6, shorten(it.Problem.Message, 40), red)
		}
	}
	return nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// furniture draws the running head, the folio and, in a draft, the draft
// line.
func (w *pdfWriter) furniture(p *Page) {
	b := w.doc.Book
	muted := b.Theme.Muted
	f := Font{Role: Heading}
	size := 8.0
	recto := p.Index%2 == 0
	x0, x1 := w.g.left(p), w.g.left(p)+w.g.measure
	if p.Head != "" {
		y := w.g.top - 8
		tw := w.pdf.GetStringWidth(p.Head)
		w.pdf.SetFont(f.Role.family(), "", size)
		tw = w.pdf.GetStringWidth(p.Head)
		x := x0
		if recto {
			x = x1 - tw
		}
		w.text(x, y, f, size, p.Head, muted)
		w.stroke(tint(muted, 0.6))
		w.pdf.SetLineWidth(0.25 * ptToMM)
		w.pdf.Line(x0, y+2, x1, y+2)
	}
	if p.Folio && p.Label != "" {
		y := w.g.h - w.g.bottom + 12
		w.pdf.SetFont(f.Role.family(), "B", 8.5)
		tw := w.pdf.GetStringWidth(p.Label)
		x := x0
		if recto {
			x = x1 - tw
		}
		w.text(x, y, Font{Role: Heading, Style: fonts.Bold}, 8.5, p.Label, b.Theme.Text)
	}
	if w.opt.Edition == Draft {
		red := manuscript.Color{R: 200, G: 0, B: 0}
		s := fmt.Sprintf("DRAFT · %s · built %s", b.Title, w.opt.Date.UTC().Format("2006-01-02 15:04 MST"))
		w.text(x0, w.g.h-6, Font{Role: Heading, Style: fonts.Bold}, 6.5, s, red)
	}
}
