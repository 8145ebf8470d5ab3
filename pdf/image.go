package pdf

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // JPEG images the edition cannot take as they are
	_ "image/png"

	"github.com/folio-press/folio/display"
)

// xobject is an image XObject's parts: its dictionary's entries (no
// /Length, no /Filter), its samples, and its soft mask, if any.
type xobject struct {
	dict     []byte
	data     []byte
	deflated bool
	smask    *xobject
	err      error
}

// encodeImage turns an image file into XObjects in the edition's colour
// model: a JPEG passes through as it is when the model takes its colours;
// anything else is decoded, set on white where the edition takes no
// transparency, converted, and deflated. PNG images keep their bit depth
// (16-bit samples stay 16-bit) in an RGB edition, and their alpha channel
// as a soft mask where the edition allows one.
func encodeImage(src *display.ImageSource, model display.ColorModel, transparency bool) xobject {
	if src.Format == "jpeg" {
		if x, ok := passJPEG(src.Data, model); ok {
			return x
		}
	}
	img, _, err := image.Decode(bytes.NewReader(src.Data))
	if err != nil {
		return xobject{err: fmt.Errorf("pdf: image: %w", err)}
	}
	return encodeRaster(img, model, transparency)
}

// encodeRaster writes decoded samples.
func encodeRaster(img image.Image, model display.ColorModel, transparency bool) xobject {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return xobject{err: errors.New("pdf: image: no pixels")}
	}
	dict := func(space string, bpc int) []byte {
		return fmt.Appendf(nil, "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent %d", w, h, space, bpc)
	}
	deflate := func(x xobject, samples []byte) xobject {
		x.data, x.deflated = newDeflater().deflate(samples), true
		return x
	}

	// a palette with no transparency stays a palette in RGB
	if p, ok := img.(*image.Paletted); ok && model == display.RGB && opaquePalette(p.Palette) {
		pal := make([]byte, 0, 3*len(p.Palette))
		for _, c := range p.Palette {
			r, g, bb, _ := c.RGBA()
			pal = append(pal, byte(r>>8), byte(g>>8), byte(bb>>8))
		}
		idx := make([]byte, 0, w*h)
		for y := 0; y < h; y++ {
			idx = append(idx, p.Pix[y*p.Stride:y*p.Stride+w]...)
		}
		space := fmt.Sprintf("[/Indexed /DeviceRGB %d <%s>]", len(p.Palette)-1, hex.EncodeToString(pal))
		return deflate(xobject{dict: dict(space, 8)}, idx)
	}

	deep := is16(img) && model == display.RGB
	gray, alpha := true, false
	for y := b.Min.Y; y < b.Max.Y && (gray || !alpha); y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
			if c.R != c.G || c.G != c.B {
				gray = false
			}
			if c.A != 0xFFFF {
				alpha = true
			}
		}
	}
	mask := alpha && transparency
	n := 3
	space := "/DeviceRGB"
	switch {
	case model == display.CMYK:
		n, space = 4, "/DeviceCMYK"
	case gray:
		n, space = 1, "/DeviceGray"
	}
	bpc := 8
	if deep {
		bpc = 16
	}
	samples := make([]byte, 0, w*h*n*bpc/8)
	var alphas []byte
	if mask {
		alphas = make([]byte, 0, w*h*bpc/8)
	}
	put := func(v uint16) {
		if deep {
			samples = binary.BigEndian.AppendUint16(samples, v)
		} else {
			samples = append(samples, byte(v>>8))
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
			r, g, bl := c.R, c.G, c.B
			if mask {
				if deep {
					alphas = binary.BigEndian.AppendUint16(alphas, c.A)
				} else {
					alphas = append(alphas, byte(c.A>>8))
				}
			} else if c.A != 0xFFFF {
				// on white: the page the edition prints it on
				on := func(v uint16) uint16 {
					return uint16((uint32(v)*uint32(c.A) + 0xFFFF*uint32(0xFFFF-c.A) + 0x7FFF) / 0xFFFF)
				}
				r, g, bl = on(r), on(g), on(bl)
			}
			switch {
			case model == display.CMYK:
				cc, m, yy, k := cmykOf(r, g, bl)
				samples = append(samples, cc, m, yy, k)
			case gray:
				put(r)
			default:
				put(r)
				put(g)
				put(bl)
			}
		}
	}
	x := deflate(xobject{dict: dict(space, bpc)}, samples)
	if mask {
		sm := deflate(xobject{dict: fmt.Appendf(nil, "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent %d", w, h, bpc)}, alphas)
		x.smask = &sm
	}
	return x
}

// cmykOf converts an RGB colour to CMYK as the print edition converts its
// colours that have no CMYK values of their own (manuscript.RGBToCMYK, on
// 16-bit samples): black from the darkest channel, greys as black alone.
func cmykOf(r, g, b uint16) (c, m, y, k byte) {
	rf, gf, bf := float64(r)/0xFFFF, float64(g)/0xFFFF, float64(b)/0xFFFF
	kf := 1 - max(rf, gf, bf)
	if kf >= 1 {
		return 0, 0, 0, 255
	}
	to := func(v float64) byte { return byte(v*255 + 0.5) }
	return to((1 - rf - kf) / (1 - kf)), to((1 - gf - kf) / (1 - kf)), to((1 - bf - kf) / (1 - kf)), to(kf)
}

func opaquePalette(p color.Palette) bool {
	for _, c := range p {
		if _, _, _, a := c.RGBA(); a != 0xFFFF {
			return false
		}
	}
	return len(p) > 0 && len(p) <= 256
}

// is16 reports whether an image has 16 bits a sample.
func is16(img image.Image) bool {
	switch img.(type) {
	case *image.RGBA64, *image.NRGBA64, *image.Gray16:
		return true
	}
	return false
}

// passJPEG returns a JPEG file as an XObject that keeps its compressed
// data (DCTDecode), when the edition's colour model takes its colours:
// any JPEG in RGB, a CMYK JPEG in CMYK. An Adobe CMYK JPEG stores its inks
// inverted, and says so with its APP14 marker; its /Decode turns them
// back.
func passJPEG(data []byte, model display.ColorModel) (xobject, bool) {
	w, h, comps, adobe, ok := jpegHeader(data)
	if !ok {
		return xobject{}, false
	}
	var space string
	switch {
	case comps == 4:
		space = "/DeviceCMYK"
	case model == display.CMYK:
		return xobject{}, false
	case comps == 3:
		space = "/DeviceRGB"
	case comps == 1:
		space = "/DeviceGray"
	default:
		return xobject{}, false
	}
	d := fmt.Appendf(nil, "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", w, h, space)
	if comps == 4 && adobe {
		d = append(d, " /Decode [1 0 1 0 1 0 1 0]"...)
	}
	return xobject{dict: d, data: data}, true
}

// jpegHeader reads a baseline or progressive JPEG's size and components,
// and whether it has an Adobe APP14 marker.
func jpegHeader(data []byte) (w, h, comps int, adobe, ok bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0, 0, 0, false, false
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 0, 0, 0, false, false
		}
		marker := data[i+1]
		if marker == 0xFF {
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 0, 0, 0, false, false
		}
		seg := data[i+4 : i+2+n]
		switch {
		case marker == 0xEE && len(seg) >= 5 && string(seg[:5]) == "Adobe":
			adobe = true
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			if len(seg) < 6 || seg[0] != 8 || marker != 0xC0 && marker != 0xC1 && marker != 0xC2 {
				return 0, 0, 0, false, false // 12-bit, lossless or arithmetic: decoded instead
			}
			h, w, comps = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:])), int(seg[5])
			return w, h, comps, adobe, w > 0 && h > 0
		case marker == 0xDA:
			return 0, 0, 0, false, false
		}
		i += 2 + n
	}
	return 0, 0, 0, false, false
}

// putImage writes an image's objects and returns the XObject's number.
func (f *file) putImage(x xobject) ref {
	r := f.alloc()
	d := x.dict
	if x.smask != nil {
		sm := f.alloc()
		f.setStream(sm, x.smask.dict, x.smask.data, x.smask.deflated)
		d = append(append(append([]byte(nil), d...), " /SMask "...), appendRef(nil, sm)...)
	}
	f.setStream(r, d, x.data, x.deflated)
	return r
}
