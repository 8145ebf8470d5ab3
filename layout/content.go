package layout

import (
	"fmt"
	"math"
	"strconv"

	"github.com/folio-press/folio/manuscript"
)

// contentStream writes the operators of one page's text, rules and
// rectangles, in the PDF's own terms: points from the bottom left, where
// the layout measures millimetres from the top left. Pages are written on
// all cores, each into a contentStream of its own, and handed to fpdf as
// raw content (pdfWriter.pages): fpdf formats every number with
// fmt.Sprintf and draws one page at a time.
//
// What it writes is bracketed by q and Q (take), so the graphics state
// fpdf keeps track of (colours, font, line width) is the same after it as
// before, and fpdf's own drawing, charts and images, can follow.
type contentStream struct {
	b     []byte
	h     float64 // the media box's height, mm
	names map[Font]string

	err error // the first thing that could not be written

	// the state set since the last take; zero values: not set
	font   Font
	size   float64
	fill   string
	stroke string
	width  float64
}

// appendNum appends v rounded to prec decimals, without trailing zeros.
func appendNum(b []byte, v float64, prec int) []byte {
	p := math.Pow10(prec)
	v = math.Round(v*p) / p
	if v == 0 {
		return append(b, '0')
	}
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// point appends the position (x, y) in millimetres from the top left as
// PDF points from the bottom left.
func (c *contentStream) point(x, y float64) {
	c.b = appendNum(c.b, x*ptPerMM, 2)
	c.b = append(c.b, ' ')
	c.b = appendNum(c.b, (c.h-y)*ptPerMM, 2)
}

// begin opens the bracket around what is drawn until take.
func (c *contentStream) begin() {
	if len(c.b) == 0 {
		c.b = append(c.b, "q\n"...)
	}
}

// take returns what was drawn since the last take, bracketed by q and Q
// (nil if nothing was), and forgets the state it set.
func (c *contentStream) take() []byte {
	if len(c.b) == 0 {
		return nil
	}
	out := append(c.b, "Q\n"...)
	c.b = nil
	c.font, c.size, c.fill, c.stroke, c.width = Font{}, 0, "", "", 0
	return out
}

// colorOperator is the operator that sets c as fill (op "rg", "k") or
// stroke colour ("RG", "K"): DeviceCMYK when cmyk, else RGB, grey as g or G,
// as fpdf writes them.
func colorOperator(c manuscript.Color, cmyk, stroke bool) string {
	if cmyk {
		if stroke {
			return cmykOperands(c) + " K"
		}
		return cmykOperands(c) + " k"
	}
	v := func(b []byte, x uint8) []byte {
		return strconv.AppendFloat(b, float64(x)/255, 'f', 3, 64)
	}
	var b []byte
	gray, rgb := "g", "rg"
	if stroke {
		gray, rgb = "G", "RG"
	}
	if c.R == c.G && c.G == c.B {
		return string(append(append(v(b, c.R), ' '), gray...))
	}
	b = append(v(b, c.R), ' ')
	b = append(v(b, c.G), ' ')
	b = append(v(b, c.B), ' ')
	return string(append(b, rgb...))
}

// cmykOperands formats a colour's CMYK values; pure black text (the theme's
// text colour and anything darker than 90% grey) becomes 100% K.
func cmykOperands(c manuscript.Color) string {
	cc, m, y, k := c.C, c.M, c.Y, c.K
	if !c.CMYKGiven && c.R == c.G && c.G == c.B && c.R < 40 {
		cc, m, y, k = 0, 0, 0, 1
	}
	return fmt.Sprintf("%.3f %.3f %.3f %.3f", cc, m, y, k)
}

func (c *contentStream) setFill(op string) {
	if c.fill != op {
		c.b = append(append(c.b, op...), '\n')
		c.fill = op
	}
}

func (c *contentStream) setStroke(op string, width float64) {
	if c.stroke != op {
		c.b = append(append(c.b, op...), '\n')
		c.stroke = op
	}
	if c.width != width {
		c.b = append(appendNum(c.b, width*ptPerMM, 2), " w\n"...)
		c.width = width
	}
}

// rect fills the rectangle with its top left corner at (x, y).
func (c *contentStream) rect(x, y, w, h float64, fill string) {
	c.begin()
	c.setFill(fill)
	c.point(x, y)
	c.b = append(c.b, ' ')
	c.b = appendNum(c.b, w*ptPerMM, 2)
	c.b = append(c.b, ' ')
	c.b = appendNum(c.b, -h*ptPerMM, 2)
	c.b = append(c.b, " re f\n"...)
}

// line strokes a straight line width millimetres wide.
func (c *contentStream) line(x1, y1, x2, y2, width float64, stroke string) {
	c.begin()
	c.setStroke(stroke, width)
	c.point(x1, y1)
	c.b = append(c.b, " m "...)
	c.point(x2, y2)
	c.b = append(c.b, " l S\n"...)
}

// textRun is one text object: strings in one face, size and colour, one
// after the other from (x, y), its baseline, each moved right by the
// space before it, in millimetres.
type textRun struct {
	x, y  float64
	font  Font // a face with a name in the stream's names
	size  float64
	fill  string
	parts []string
	moves []float64 // moves[i]: the room before parts[i+1]
}

// text writes a text object. The strings are set in the face's
// Identity-H encoding, as fpdf sets them: each character its UTF-16 code.
func (c *contentStream) text(t *textRun) {
	name, ok := c.names[t.font]
	if !ok {
		if c.err == nil {
			c.err = fmt.Errorf("layout: no font resource for %s %s", t.font.Role.family(), t.font.fpdfStyle())
		}
		return
	}
	c.begin()
	c.setFill(t.fill)
	c.b = append(c.b, "BT "...)
	if c.font != t.font || c.size != t.size {
		c.b = append(append(append(c.b, '/'), name...), ' ')
		c.b = append(appendNum(c.b, t.size, 2), " Tf "...)
		c.font, c.size = t.font, t.size
	}
	c.point(t.x, t.y)
	if len(t.parts) == 1 {
		c.b = append(c.b, " Td "...)
		c.b = appendPDFString(c.b, t.parts[0])
		c.b = append(c.b, " Tj ET\n"...)
		return
	}
	c.b = append(c.b, " Td ["...)
	for i, s := range t.parts {
		if i > 0 {
			// TJ moves are thousandths of the text size, leftwards
			if m := -t.moves[i-1] * ptPerMM * 1000 / t.size; math.Abs(m) >= 0.0005 {
				c.b = appendNum(c.b, m, 3)
			}
		}
		c.b = appendPDFString(c.b, s)
	}
	c.b = append(c.b, "] TJ ET\n"...)
}

// appendPDFString appends s as a PDF string of UTF-16 codes, big-endian,
// with the bytes PDF strings reserve escaped. Characters beyond U+FFFF
// are not drawn (the layout has replaced them).
func appendPDFString(b []byte, s string) []byte {
	b = append(b, '(')
	put := func(x byte) {
		switch x {
		case '(', ')', '\\':
			b = append(b, '\\', x)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, x)
		}
	}
	for _, r := range s {
		if r > 0xFFFF {
			continue
		}
		put(byte(r >> 8))
		put(byte(r))
	}
	return append(b, ')')
}
