// Package pagesvg draws a page of a display list as SVG, for a preview of
// the pages in a browser: glyphs as their outlines, read from the run's
// font, so that the page looks as the PDF does without the browser
// knowing the fonts; paths, images and, for a screen reader and for
// search, each run's text as the label of its glyphs.
//
// A Writer keeps the outlines it has read, a font and a glyph at a time,
// and may draw pages of several documents from several goroutines.
package pagesvg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"strconv"
	"sync"

	"github.com/folio-press/folio/display"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Writer draws pages as SVG. The zero Writer is ready to use.
type Writer struct {
	mu    sync.Mutex
	fonts map[*display.Font]*outlines
}

// outlines are a font's glyph outlines as SVG path data, in font units,
// y downwards, each read when first drawn.
type outlines struct {
	sf   *sfnt.Font
	upem float64
	id   string // the font's part of the glyphs' ids
	mu   sync.Mutex
	buf  sfnt.Buffer
	d    map[uint16]string
}

func (w *Writer) outlinesOf(f *display.Font) (*outlines, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if o := w.fonts[f]; o != nil {
		return o, nil
	}
	sf, err := sfnt.Parse(f.Data)
	if err != nil {
		return nil, fmt.Errorf("pagesvg: font %s: %w", f.Name, err)
	}
	if w.fonts == nil {
		w.fonts = map[*display.Font]*outlines{}
	}
	o := &outlines{sf: sf, upem: float64(sf.UnitsPerEm()), id: fmt.Sprintf("f%d", len(w.fonts)), d: map[uint16]string{}}
	w.fonts[f] = o
	return o, nil
}

// path returns glyph g's outline as path data.
func (o *outlines) path(g uint16) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if d, ok := o.d[g]; ok {
		return d
	}
	segs, err := o.sf.LoadGlyph(&o.buf, sfnt.GlyphIndex(g), fixed.Int26_6(o.upem*64), nil)
	var b []byte
	if err == nil {
		pt := func(p fixed.Point26_6) {
			b = strconv.AppendFloat(b, float64(p.X)/64, 'f', -1, 64)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, float64(p.Y)/64, 'f', -1, 64)
		}
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if len(b) > 0 {
					b = append(b, 'Z')
				}
				b = append(b, 'M')
				pt(s.Args[0])
			case sfnt.SegmentOpLineTo:
				b = append(b, 'L')
				pt(s.Args[0])
			case sfnt.SegmentOpQuadTo:
				b = append(b, 'Q')
				pt(s.Args[0])
				b = append(b, ' ')
				pt(s.Args[1])
			case sfnt.SegmentOpCubeTo:
				b = append(b, 'C')
				pt(s.Args[0])
				b = append(b, ' ')
				pt(s.Args[1])
				b = append(b, ' ')
				pt(s.Args[2])
			}
		}
		if len(b) > 0 {
			b = append(b, 'Z')
		}
	}
	d := string(b)
	o.d[g] = d
	return d
}

// Page draws page i of doc: an SVG document sized in points, its
// coordinates the page's.
func (w *Writer) Page(doc *display.Document, i int) ([]byte, error) {
	if i < 0 || i >= len(doc.Pages) {
		return nil, fmt.Errorf("pagesvg: no page %d of %d", i+1, len(doc.Pages))
	}
	p := &doc.Pages[i]
	pw := &pageWriter{w: w, used: map[string]string{}, prefix: fmt.Sprintf("p%d", i+1)}
	pw.items(p.Items)
	if pw.err != nil {
		return nil, pw.err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%spt" height="%spt" viewBox="0 0 %s %s">`,
		num(p.Media.W), num(p.Media.H), num(p.Media.W), num(p.Media.H))
	label := p.Label
	if label == "" {
		label = strconv.Itoa(i + 1)
	}
	fmt.Fprintf(&out, "<title>Page %s</title>", html.EscapeString(label))
	fmt.Fprintf(&out, `<rect width="%s" height="%s" fill="#fff"/>`, num(p.Media.W), num(p.Media.H))
	if len(pw.order) > 0 {
		out.WriteString("<defs>")
		for _, id := range pw.order {
			fmt.Fprintf(&out, `<path id="%s" d="%s"/>`, id, pw.used[id])
		}
		out.WriteString("</defs>")
	}
	out.Write(pw.b.Bytes())
	out.WriteString("</svg>\n")
	return out.Bytes(), nil
}

// pageWriter draws one page's items.
type pageWriter struct {
	w      *Writer
	b      bytes.Buffer
	prefix string            // the page's part of its glyphs' ids
	used   map[string]string // glyph id → path data
	order  []string
	err    error
}

func (pw *pageWriter) items(items []display.Item) {
	for _, it := range items {
		switch it := it.(type) {
		case *display.Text:
			pw.text(it)
		case *display.Path:
			pw.path(it)
		case *display.Image:
			pw.image(it)
		case *display.Link:
			if it.URI != "" {
				fmt.Fprintf(&pw.b, `<a href="%s"><rect x="%s" y="%s" width="%s" height="%s" fill="none" pointer-events="all"/></a>`,
					html.EscapeString(it.URI), num(it.Box.X), num(it.Box.Y), num(it.Box.W), num(it.Box.H))
			}
		case *display.Group:
			pw.b.WriteString("<g>")
			pw.items(it.Items)
			pw.b.WriteString("</g>")
		}
	}
}

func (pw *pageWriter) text(t *display.Text) {
	o, err := pw.w.outlinesOf(t.Font)
	if err != nil {
		pw.err = err
		return
	}
	s := t.Size / o.upem
	fmt.Fprintf(&pw.b, `<g aria-label="%s" fill="%s" transform="translate(%s %s)`, html.EscapeString(t.Text), color(t.Fill), num(t.X), num(t.Y))
	if t.Rotate != 0 {
		fmt.Fprintf(&pw.b, " rotate(%s)", num(t.Rotate*180/math.Pi))
	}
	fmt.Fprintf(&pw.b, ` scale(%s)">`, strconv.FormatFloat(s, 'g', 6, 64))
	x := 0.0
	for _, g := range t.Glyphs {
		id := pw.prefix + o.id + "g" + strconv.Itoa(int(g.ID))
		if _, ok := pw.used[id]; !ok {
			pw.used[id] = o.path(g.ID)
			pw.order = append(pw.order, id)
		}
		if pw.used[id] != "" {
			fmt.Fprintf(&pw.b, `<use href="#%s" x="%s"/>`, id, strconv.FormatFloat(x/s, 'f', 1, 64))
		}
		x += g.Advance
	}
	pw.b.WriteString("</g>")
}

func (pw *pageWriter) path(p *display.Path) {
	if len(p.Segs) == 0 {
		return
	}
	pw.b.WriteString(`<path d="`)
	for _, s := range p.Segs {
		switch s.Op {
		case display.MoveTo:
			fmt.Fprintf(&pw.b, "M%s %s", num(s.Pts[0].X), num(s.Pts[0].Y))
		case display.LineTo:
			fmt.Fprintf(&pw.b, "L%s %s", num(s.Pts[0].X), num(s.Pts[0].Y))
		case display.CubeTo:
			fmt.Fprintf(&pw.b, "C%s %s %s %s %s %s", num(s.Pts[0].X), num(s.Pts[0].Y), num(s.Pts[1].X), num(s.Pts[1].Y), num(s.Pts[2].X), num(s.Pts[2].Y))
		case display.Close:
			pw.b.WriteString("Z")
		}
	}
	pw.b.WriteString(`"`)
	if p.Fill != nil {
		fmt.Fprintf(&pw.b, ` fill="%s"`, color(*p.Fill))
	} else {
		pw.b.WriteString(` fill="none"`)
	}
	if st := p.Stroke; st != nil {
		fmt.Fprintf(&pw.b, ` stroke="%s" stroke-width="%s"`, color(st.Color), num(st.Width))
		if len(st.Dash) > 0 {
			pw.b.WriteString(` stroke-dasharray="`)
			for i, d := range st.Dash {
				if i > 0 {
					pw.b.WriteByte(' ')
				}
				pw.b.WriteString(num(d))
			}
			pw.b.WriteString(`"`)
		}
		pw.b.WriteString([...]string{``, ` stroke-linecap="round"`, ` stroke-linecap="square"`}[min(int(st.Cap), 2)])
		pw.b.WriteString([...]string{``, ` stroke-linejoin="round"`, ` stroke-linejoin="bevel"`}[min(int(st.Join), 2)])
	}
	pw.b.WriteString("/>")
}

func (pw *pageWriter) image(im *display.Image) {
	if im.Src == nil {
		return
	}
	mime := "image/png"
	if im.Src.Format == "jpeg" {
		mime = "image/jpeg"
	}
	fmt.Fprintf(&pw.b, `<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" href="data:%s;base64,%s"/>`,
		num(im.Box.X), num(im.Box.Y), num(im.Box.W), num(im.Box.H), mime, base64.StdEncoding.EncodeToString(im.Src.Data))
}

// color is a display colour as CSS: CMYK converted naively, as a screen
// shows a print edition's proof.
func color(c display.Color) string {
	var r, g, b float64
	switch c.Space {
	case display.Gray:
		r, g, b = c.C[0], c.C[0], c.C[0]
	case display.DeviceRGB:
		r, g, b = c.C[0], c.C[1], c.C[2]
	case display.DeviceCMYK:
		k := c.C[3]
		r, g, b = (1-c.C[0])*(1-k), (1-c.C[1])*(1-k), (1-c.C[2])*(1-k)
	}
	to := func(v float64) int { return int(math.Round(math.Max(0, math.Min(1, v)) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", to(r), to(g), to(b))
}

// num writes a coordinate to a hundredth of a point.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
