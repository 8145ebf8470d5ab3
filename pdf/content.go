package pdf

import (
	"fmt"
	"math"

	"github.com/folio-press/folio/display"
)

// content writes the operators of one page: the display list's points from
// the top left become PDF's from the bottom left. It keeps the graphics
// state it set, to set nothing twice.
type content struct {
	b   []byte
	h   float64 // the page's height, points
	res *resources
	err error

	// figures records, in order, the structure element of each marked
	// content sequence the page opens (its MCID is its index)
	figures []int32

	// scratch holds a string of CIDs while it is written
	scratch []byte

	font   *fontUse
	size   float64
	fill   string
	stroke string
	width  float64
	dash   string
	cap    display.LineCap  // PDF's initial butt caps
	join   display.LineJoin // and mitred joins
}

// point appends a point as PDF coordinates.
func (c *content) point(x, y float64) {
	c.b = appendNum(c.b, x, 2)
	c.b = append(c.b, ' ')
	c.b = appendNum(c.b, c.h-y, 2)
}

// colorOp returns the operator that sets col as fill or stroke colour.
func colorOp(col display.Color, stroke bool) string {
	var b []byte
	n, op := 1, "g"
	switch col.Space {
	case display.DeviceRGB:
		n, op = 3, "rg"
	case display.DeviceCMYK:
		n, op = 4, "k"
	}
	for i := range n {
		b = appendNum(b, col.C[i], 3)
		b = append(b, ' ')
	}
	if stroke {
		op = map[string]string{"g": "G", "rg": "RG", "k": "K"}[op]
	}
	return string(append(b, op...))
}

// setFill sets the fill colour.
func (c *content) setFill(col display.Color) {
	if op := colorOp(col, false); c.fill != op {
		c.b = append(append(c.b, op...), '\n')
		c.fill = op
	}
}

func (c *content) setStroke(s *display.Stroke) {
	if op := colorOp(s.Color, true); c.stroke != op {
		c.b = append(append(c.b, op...), '\n')
		c.stroke = op
	}
	if c.width != s.Width {
		c.b = append(appendNum(c.b, s.Width, 2), " w\n"...)
		c.width = s.Width
	}
	dash := "[] 0 d"
	if len(s.Dash) > 0 {
		b := []byte{'['}
		for i, v := range s.Dash {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, math.Max(0, v), 2)
		}
		dash = string(append(b, "] 0 d"...))
	}
	if c.dash != dash && (c.dash != "" || dash != "[] 0 d") {
		c.b = append(append(c.b, dash...), '\n')
	}
	c.dash = dash
	if c.cap != s.Cap || c.join != s.Join {
		c.b = fmt.Appendf(c.b, "%d J %d j\n", s.Cap, s.Join)
		c.cap, c.join = s.Cap, s.Join
	}
}

// items writes items in order.
func (c *content) items(items []display.Item) {
	for _, it := range items {
		switch it := it.(type) {
		case *display.Text:
			c.text(it)
		case *display.Path:
			c.path(it)
		case *display.Image:
			c.marked(it.Role, func() { c.image(it) })
		case *display.Group:
			c.marked(it.Role, func() { c.items(it.Items) })
		case *display.Link:
			// an annotation, not content
		}
	}
}

// marked writes what draw draws as a marked-content sequence when the role
// is a structure element's figure, tagged with its MCID; otherwise as it
// is.
func (c *content) marked(role display.Role, draw func()) {
	if role.Kind != display.Figure || role.Elem < 0 || !c.res.tagged {
		draw()
		return
	}
	c.b = fmt.Appendf(c.b, "/Figure <</MCID %d>> BDC\n", len(c.figures))
	c.figures = append(c.figures, role.Elem)
	draw()
	c.b = append(c.b, "EMC\n"...)
}

// text writes a run as one text object: its glyphs by their ids in the
// font's subset, two bytes each, with a move wherever a glyph stands
// elsewhere than its natural advance puts it.
func (c *content) text(t *display.Text) {
	if len(t.Glyphs) == 0 {
		return
	}
	fu := c.res.fonts[t.Font]
	if fu == nil {
		if c.err == nil {
			c.err = fmt.Errorf("pdf: a run's font %q is not among the document's", t.Font.Name)
		}
		return
	}
	c.setFill(t.Fill)
	c.b = append(c.b, "BT "...)
	if c.font != fu || c.size != t.Size {
		c.b = append(appendName(c.b, fu.resName), ' ')
		c.b = append(appendNum(c.b, t.Size, 2), " Tf "...)
		c.font, c.size = fu, t.Size
	}
	if t.Rotate != 0 {
		// clockwise on the page is clockwise in PDF too, whose y goes up
		cos, sin := math.Cos(t.Rotate), math.Sin(t.Rotate)
		c.b = appendNum(c.b, cos, 4)
		c.b = append(c.b, ' ')
		c.b = appendNum(c.b, -sin, 4)
		c.b = append(c.b, ' ')
		c.b = appendNum(c.b, sin, 4)
		c.b = append(c.b, ' ')
		c.b = appendNum(c.b, cos, 4)
		c.b = append(c.b, ' ')
		c.point(t.X, t.Y)
		c.b = append(c.b, " Tm "...)
	} else {
		c.point(t.X, t.Y)
		c.b = append(c.b, " Td "...)
	}
	// the moves, in thousandths of the text size, leftwards
	var moves bool
	for i := 0; i+1 < len(t.Glyphs); i++ {
		if math.Abs(c.move(fu, t, i)) >= 0.0005 {
			moves = true
			break
		}
	}
	if !moves {
		c.glyphs(fu, t, 0, len(t.Glyphs))
		c.b = append(c.b, " Tj ET\n"...)
		return
	}
	c.b = append(c.b, '[')
	from := 0
	for i := 0; i < len(t.Glyphs); i++ {
		if i+1 == len(t.Glyphs) {
			c.glyphs(fu, t, from, len(t.Glyphs))
			break
		}
		if m := c.move(fu, t, i); math.Abs(m) >= 0.0005 {
			c.glyphs(fu, t, from, i+1)
			c.b = appendNum(c.b, m, 3)
			from = i + 1
		}
	}
	c.b = append(c.b, "] TJ ET\n"...)
}

// move returns the TJ adjustment after glyph i of t: how far its set
// advance falls short of its natural one, in thousandths of the size.
func (c *content) move(fu *fontUse, t *display.Text, i int) float64 {
	g := t.Glyphs[i]
	natural := fu.font.Advance(g.ID) * t.Size / 1000
	return -(g.Advance - natural) * 1000 / t.Size
}

// glyphs appends glyphs from to to of t as a string of their CIDs.
func (c *content) glyphs(fu *fontUse, t *display.Text, from, to int) {
	c.scratch = c.scratch[:0]
	for i := from; i < to; i++ {
		g := t.Glyphs[i].ID
		var id uint16
		if fu.hasAlt[g/64]&(1<<(g%64)) != 0 {
			id = fu.cid(g, glyphText(t, i))
		} else {
			id = fu.newID(g)
		}
		c.scratch = append(c.scratch, byte(id>>8), byte(id))
	}
	c.b = appendLiteral(c.b, c.scratch)
}

// path writes a path and paints it.
func (c *content) path(p *display.Path) {
	if len(p.Segs) == 0 || p.Fill == nil && p.Stroke == nil {
		return
	}
	if p.Fill != nil {
		c.setFill(*p.Fill)
	}
	if p.Stroke != nil {
		c.setStroke(p.Stroke)
	}
	if r, ok := rectangle(p.Segs); ok {
		c.point(r.X, r.Y)
		c.b = append(c.b, ' ')
		c.b = appendNum(c.b, r.W, 2)
		c.b = append(c.b, ' ')
		c.b = appendNum(c.b, -r.H, 2)
		c.b = append(c.b, " re"...)
	} else {
		for i, s := range p.Segs {
			if i > 0 {
				c.b = append(c.b, ' ')
			}
			switch s.Op {
			case display.MoveTo:
				c.point(s.Pts[0].X, s.Pts[0].Y)
				c.b = append(c.b, " m"...)
			case display.LineTo:
				c.point(s.Pts[0].X, s.Pts[0].Y)
				c.b = append(c.b, " l"...)
			case display.CubeTo:
				for k := range 3 {
					c.point(s.Pts[k].X, s.Pts[k].Y)
					c.b = append(c.b, ' ')
				}
				c.b = append(c.b, 'c')
			case display.Close:
				c.b = append(c.b, 'h')
			}
		}
	}
	switch {
	case p.Fill != nil && p.Stroke != nil:
		c.b = append(c.b, " B\n"...)
	case p.Fill != nil:
		c.b = append(c.b, " f\n"...)
	default:
		c.b = append(c.b, " S\n"...)
	}
}

// rectangle reports whether segs are an axis-aligned rectangle drawn from
// its top left corner clockwise, as the typesetter draws its rules and
// boxes, and returns it.
func rectangle(segs []display.Seg) (display.Rect, bool) {
	if len(segs) != 5 || segs[0].Op != display.MoveTo || segs[4].Op != display.Close {
		return display.Rect{}, false
	}
	for _, s := range segs[1:4] {
		if s.Op != display.LineTo {
			return display.Rect{}, false
		}
	}
	p0, p1, p2, p3 := segs[0].Pts[0], segs[1].Pts[0], segs[2].Pts[0], segs[3].Pts[0]
	if p1.Y != p0.Y || p2.X != p1.X || p3.Y != p2.Y || p3.X != p0.X || p1.X < p0.X || p2.Y < p1.Y {
		return display.Rect{}, false
	}
	return display.Rect{X: p0.X, Y: p0.Y, W: p1.X - p0.X, H: p2.Y - p1.Y}, true
}

// image draws an image XObject scaled into its box.
func (c *content) image(im *display.Image) {
	name, ok := c.res.images[im.Src]
	if !ok {
		if c.err == nil {
			c.err = fmt.Errorf("pdf: an image is not among the document's")
		}
		return
	}
	c.b = append(c.b, "q "...)
	c.b = appendNum(c.b, im.Box.W, 2)
	c.b = append(c.b, " 0 0 "...)
	c.b = appendNum(c.b, im.Box.H, 2)
	c.b = append(c.b, ' ')
	c.point(im.Box.X, im.Box.Y+im.Box.H)
	c.b = append(c.b, " cm "...)
	c.b = appendName(c.b, name)
	c.b = append(c.b, " Do Q\n"...)
}
