package cover

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"strconv"

	"github.com/folio-press/folio/manuscript"
)

// canvas records the cover's drawing, fills and glyphs in the order they
// are painted, to be played back into a whole image (Draw) or a few rows
// at a time straight into a PNG (PNG). Every operation composites each
// pixel on its own, so the pixels are the same either way.
type canvas struct {
	ops []paintOp
}

// paintOp is one drawing operation: src through mask (at mp) over the
// rectangle r; a nil mask paints the whole rectangle.
type paintOp struct {
	r    image.Rectangle
	src  *image.Uniform
	mask *image.Alpha
	mp   image.Point
}

// fill paints r in c at opacity alpha (0–255) over what is there.
func (cv *canvas) fill(r image.Rectangle, c manuscript.Color, alpha uint8) {
	r = r.Intersect(image.Rect(0, 0, Width, Height))
	if r.Empty() {
		return
	}
	src := image.NewUniform(color.NRGBA{R: c.R, G: c.G, B: c.B, A: alpha})
	cv.ops = append(cv.ops, paintOp{r: r, src: src})
}

// glyph paints src through a glyph's mask over dr. The mask is copied: a
// font face reuses its mask for the next glyph.
func (cv *canvas) glyph(dr image.Rectangle, src *image.Uniform, mask image.Image, mp image.Point) {
	clip := dr.Intersect(image.Rect(0, 0, Width, Height))
	if clip.Empty() {
		return
	}
	mp = mp.Add(clip.Min.Sub(dr.Min))
	m := image.NewAlpha(image.Rect(0, 0, clip.Dx(), clip.Dy()))
	draw.Draw(m, m.Bounds(), mask, mp, draw.Src)
	cv.ops = append(cv.ops, paintOp{r: clip, src: src, mask: m})
}

// drawInto plays the operations that touch img's bounds into img, which
// may hold any part of the cover.
func (cv *canvas) drawInto(img *image.RGBA) {
	b := img.Bounds()
	for _, op := range cv.ops {
		if !op.r.Overlaps(b) {
			continue
		}
		if op.mask == nil {
			draw.Draw(img, op.r, op.src, image.Point{}, draw.Over)
			continue
		}
		draw.DrawMask(img, op.r, op.src, image.Point{}, op.mask, op.mp, draw.Over)
	}
}

// stripRows is how many rows of the cover encodePNG draws at a time.
const stripRows = 32

// encodePNG returns the cover as a PNG: 8-bit RGB, as every pixel is
// opaque (paint starts with an opaque fill of the whole cover). It draws a
// strip of rows at a time rather than the whole 16 MB image, and filters
// each row Sub or Up, whichever leaves the smaller sum of absolute values
// (filters.best); a row the same as the one above (most of the cover's
// rows) is filtered Up, all zeros, without trying Sub.
func (cv *canvas) encodePNG() ([]byte, error) {
	if len(cv.ops) == 0 || cv.ops[0].mask != nil || cv.ops[0].r != image.Rect(0, 0, Width, Height) {
		return nil, fmt.Errorf("the cover does not start with a fill of the whole page")
	}
	if _, _, _, a := cv.ops[0].src.RGBA(); a != 0xffff {
		return nil, fmt.Errorf("the cover's background is not opaque")
	}
	const n = 3 * Width // bytes in a row
	var idat bytes.Buffer
	idat.Grow(256 << 10)
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	strip := image.NewRGBA(image.Rect(0, 0, Width, stripRows))
	prev := make([]byte, n) // the row above, zero above the first
	cur := make([]byte, n)
	var f filters
	f.init(n)
	same := make([]byte, 1+n) // Up, all zeros
	same[0] = ftUp
	for y0 := 0; y0 < Height; y0 += stripRows {
		strip.Rect = image.Rect(0, y0, Width, min(y0+stripRows, Height))
		clear(strip.Pix)
		cv.drawInto(strip)
		for y := y0; y < strip.Rect.Max.Y; y++ {
			px := strip.Pix[strip.PixOffset(0, y):]
			for i, j := 0, 0; i < n; i, j = i+3, j+4 {
				cur[i], cur[i+1], cur[i+2] = px[j], px[j+1], px[j+2]
			}
			out := same
			if y == 0 || !bytes.Equal(cur, prev) {
				out = f.best(cur, prev)
			}
			if _, err := zw.Write(out); err != nil {
				return nil, err
			}
			prev, cur = cur, prev
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	out.Grow(idat.Len() + 64)
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], Width)
	binary.BigEndian.PutUint32(ihdr[4:], Height)
	ihdr[8] = 8 // bits per sample
	ihdr[9] = 2 // colour type: RGB; compression, filter and interlace methods 0
	writeChunk(&out, "IHDR", ihdr[:])
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// writeChunk writes a PNG chunk: length, type, data and CRC.
func writeChunk(w *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	w.WriteString(typ)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

// The PNG filter types encodePNG uses (None is 0, Average 3, Paeth 4).
const (
	ftSub = 1
	ftUp  = 2
)

// filters holds a row filtered Sub and Up, each with its filter type byte
// first.
type filters struct{ rows [ftUp + 1][]byte }

func (f *filters) init(n int) {
	for _, t := range []int{ftSub, ftUp} {
		f.rows[t] = make([]byte, 1+n)
		f.rows[t][0] = byte(t)
	}
}

// best filters cur (with prev the row above, both RGB) Sub and Up and
// returns the filtered row with the smaller sum of absolute values, taken
// as signed bytes: the heuristic the PNG specification suggests, between
// the two filters that suit a cover of flat colour and type. Trying None,
// Average and Paeth as well made the report's cover 2 % smaller and took
// twice as long.
func (f *filters) best(cur, prev []byte) []byte {
	const bpp = 3
	n := len(cur)
	prev = prev[:n]
	sub, up := f.rows[ftSub][1:1+n], f.rows[ftUp][1:1+n]
	var sSub, sUp int
	for i := range n {
		x, b := cur[i], prev[i]
		var a byte
		if i >= bpp {
			a = cur[i-bpp]
		}
		vs, vu := x-a, x-b
		sub[i], up[i] = vs, vu
		sSub += abs8(vs)
		sUp += abs8(vu)
	}
	if sSub < sUp {
		return f.rows[ftSub]
	}
	return f.rows[ftUp]
}

// abs8 is the absolute value of a byte taken as signed.
func abs8(v byte) int {
	x := int(int8(v))
	m := x >> (strconv.IntSize - 1)
	return (x ^ m) - m
}
