package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/internal/checkers"
)

// pxPt is how many points an image's pixel is drawn at: 10, so that at
// 72 dpi each pixel is 10 device pixels, sampled at their middle.
const pxPt = 10

// encodePNG encodes img with Go's encoder.
func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// greyAlphaPNG writes a PNG of colour type 4 (grey and alpha, 8 bits),
// which Go's encoder never writes, chunk by chunk.
func greyAlphaPNG(w, h int, px func(x, y int) (grey, alpha uint8)) []byte {
	chunk := func(out []byte, typ string, data []byte) []byte {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		start := len(out)
		out = append(append(out, typ...), data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	var raw bytes.Buffer
	for y := range h {
		raw.WriteByte(0) // no filter
		for x := range w {
			g, a := px(x, y)
			raw.Write([]byte{g, a})
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 4, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = chunk(out, "IHDR", ihdr)
	out = chunk(out, "IDAT", z.Bytes())
	return chunk(out, "IEND", nil)
}

// cmykJPEG has Ghostscript draw two squares of process colours, 16 px
// each, as an Adobe CMYK JPEG.
func cmykJPEG(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	ps := filepath.Join(dir, "sq.ps")
	os.WriteFile(ps, []byte("%!PS\n0 0.8 1 0 setcmykcolor 0 0 16 16 rectfill\n1 0 0 0.2 setcmykcolor 16 0 16 16 rectfill\nshowpage\n"), 0o644)
	out := filepath.Join(dir, "sq.jpg")
	cmd := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dDEVICEWIDTHPOINTS=32", "-dDEVICEHEIGHTPOINTS=16", "-dFIXEDMEDIA", "-r72",
		"-sDEVICE=jpegcmyk", "-dJPEGQ=100", "-sOutputFile="+out, ps)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gs (make test-deps installs Ghostscript): %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// onWhite is an image's pixel as the page shows it: over white.
func onWhite(c color.Color) [3]float64 {
	n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
	a := float64(n.A) / 0xFFFF
	f := func(v uint16) float64 { return float64(v)/0xFFFF*a + (1 - a) }
	return [3]float64{f(n.R), f(n.G), f(n.B)}
}

// TestImages draws images of every kind a manuscript may hold onto a
// page, each pixel 10 pt wide, and beside each image, pixel by pixel,
// rectangles of the colour the pixel should show; poppler renders the
// page and the two must agree. Screen editions keep transparency as a
// soft mask and 16-bit samples; the print edition sets images on white,
// in CMYK.
func TestImages(t *testing.T) {
	deep := image.NewNRGBA64(image.Rect(0, 0, 4, 3))
	for y := range 3 {
		for x := range 4 {
			deep.SetNRGBA64(x, y, color.NRGBA64{R: uint16(x * 0x5555), G: uint16(y * 0x7FFF), B: 0x9000, A: []uint16{0xFFFF, 0x8000, 0x2000}[y]})
		}
	}
	grey16 := image.NewGray16(image.Rect(0, 0, 3, 2))
	for i := range grey16.Pix {
		grey16.Pix[i] = byte(i * 40)
	}
	pal := image.NewPaletted(image.Rect(0, 0, 3, 2), color.Palette{color.RGBA{200, 16, 46, 255}, color.RGBA{0, 114, 178, 255}, color.RGBA{240, 240, 240, 255}})
	pal.Pix = []uint8{0, 1, 2, 2, 1, 0}
	palA := image.NewPaletted(image.Rect(0, 0, 3, 1), color.Palette{color.NRGBA{0, 0, 0, 0}, color.NRGBA{0, 158, 115, 255}, color.NRGBA{230, 159, 0, 128}})
	palA.Pix = []uint8{0, 1, 2}
	ga := greyAlphaPNG(3, 2, func(x, y int) (uint8, uint8) { return uint8(x * 100), uint8(255 - y*200) })
	// two blocks of 16 px, a whole unit of subsampled colour each, so that
	// no decoder's upsampling blends them
	blocks := image.NewRGBA(image.Rect(0, 0, 32, 16))
	for y := range 16 {
		for x := range 32 {
			blocks.Set(x, y, []color.RGBA{{200, 16, 46, 255}, {0, 114, 178, 255}}[x/16])
		}
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, blocks, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	cmyk := cmykJPEG(t)

	type kind struct {
		name   string
		format string
		data   []byte
		tol    float64 // how far a rendered channel may be off, of 255
	}
	kinds := []kind{
		{"16-bit RGBA", "png", encodePNG(t, deep), 2},
		{"16-bit grey", "png", encodePNG(t, grey16), 2},
		{"palette", "png", encodePNG(t, pal), 2},
		{"palette with transparency", "png", encodePNG(t, palA), 2},
		{"grey and alpha", "png", ga, 2},
		{"RGB JPEG", "jpeg", jpg.Bytes(), 6},
		{"CMYK JPEG", "jpeg", cmyk, 6},
	}
	for _, model := range []display.ColorModel{display.RGB, display.CMYK} {
		for _, k := range kinds {
			name := k.name + ", screen"
			if model == display.CMYK {
				name = k.name + ", print"
			}
			t.Run(name, func(t *testing.T) {
				page, refs := imagePage(t, k.format, k.data, model)
				doc := &display.Document{Pages: []display.Page{page}, Colors: model, Transparency: model == display.RGB, Info: display.Info{Draft: true}}
				data := write(t, doc, Options{Compress: true})
				list := run(t, data, "pdfimages", "-list", "file")
				if hasSMask := strings.Contains(list, "smask"); hasSMask != (model == display.RGB && strings.Contains(k.name, "transparen") || model == display.RGB && (k.name == "16-bit RGBA" || k.name == "grey and alpha")) {
					t.Errorf("soft mask %v:\n%s", hasSMask, list)
				}
				if model == display.RGB && strings.HasPrefix(k.name, "16-bit") && !strings.Contains(list, " 16 ") {
					t.Errorf("16-bit samples not kept:\n%s", list)
				}
				if model == display.CMYK && (strings.Contains(list, " rgb ") || strings.Contains(list, " gray ")) {
					t.Errorf("not CMYK in the print edition:\n%s", list)
				}
				img := render(t, data)
				for _, r := range refs {
					if r.edge {
						continue
					}
					got, want := rgbAt(img, r.img), rgbAt(img, r.ref)
					for c := range 3 {
						if d := got[c] - want[c]; d > k.tol || d < -k.tol {
							t.Errorf("pixel %v: rendered %v, want %v", r.px, got, want)
							break
						}
					}
				}
			})
		}
	}
}

// sample is a pixel of an image, where the page shows it and where the
// rectangle of its colour is.
type sample struct {
	px       image.Point
	img, ref image.Point // device pixels at 72 dpi
	// edge marks a JPEG's pixel beside one of another colour, which
	// decoders blend differently when they upsample the colour
	edge bool
}

// imagePage lays out a page: the image at the top, each pixel pxPt wide,
// and below it a rectangle for each pixel in the colour it should show.
func imagePage(t *testing.T, format string, data []byte, model display.ColorModel) (display.Page, []sample) {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	w, h := float64(b.Dx()*pxPt), float64(b.Dy()*pxPt)
	p := display.Page{Media: display.Rect{W: w, H: 2*h + 10}}
	p.Items = append(p.Items, &display.Image{Box: display.Rect{W: w, H: h}, Src: &display.ImageSource{Format: format, Data: data}, Role: display.Role{Kind: display.Figure, Elem: display.NoElem}})
	var out []sample
	for y := range b.Dy() {
		for x := range b.Dx() {
			var c display.Color
			if cm, ok := img.At(b.Min.X+x, b.Min.Y+y).(color.CMYK); ok {
				c = display.Color{Space: display.DeviceCMYK, C: [4]float64{float64(cm.C) / 255, float64(cm.M) / 255, float64(cm.Y) / 255, float64(cm.K) / 255}}
			} else {
				rgb := onWhite(img.At(b.Min.X+x, b.Min.Y+y))
				c = display.Color{Space: display.DeviceRGB, C: [4]float64{rgb[0], rgb[1], rgb[2]}}
				if model == display.CMYK {
					cc, m, yy, k := cmykOf(uint16(rgb[0]*0xFFFF+0.5), uint16(rgb[1]*0xFFFF+0.5), uint16(rgb[2]*0xFFFF+0.5))
					c = display.Color{Space: display.DeviceCMYK, C: [4]float64{float64(cc) / 255, float64(m) / 255, float64(yy) / 255, float64(k) / 255}}
				}
			}
			fx, fy := float64(x*pxPt), h+10+float64(y*pxPt)
			p.Items = append(p.Items, rect(fx, fy, pxPt, pxPt, c, display.Decoration))
			edge := false
			if format == "jpeg" {
				for _, d := range []image.Point{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
					if q := image.Pt(b.Min.X+x, b.Min.Y+y).Add(d); q.In(b) && onWhite(img.At(q.X, q.Y)) != onWhite(img.At(b.Min.X+x, b.Min.Y+y)) {
						edge = true
					}
				}
			}
			out = append(out, sample{px: image.Pt(x, y), img: image.Pt(x*pxPt+pxPt/2, y*pxPt+pxPt/2), ref: image.Pt(x*pxPt+pxPt/2, int(h)+10+y*pxPt+pxPt/2), edge: edge})
		}
	}
	return p, out
}

// render renders the first page at 72 dpi.
func render(t *testing.T, data []byte) image.Image {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := checkers.RenderPage(f, 1, 72)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func rgbAt(img image.Image, p image.Point) [3]float64 {
	r, g, b, _ := img.At(p.X, p.Y).RGBA()
	return [3]float64{float64(r >> 8), float64(g >> 8), float64(b >> 8)}
}
