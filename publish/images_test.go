package publish

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/internal/checkers"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// renderDPI is the resolution pages are rendered at to compare images:
// the test manuscript's images are a few pixels each, shown some
// millimetres a pixel, so that each covers many device pixels.
const renderDPI = 72

// placedImage is an image on a page of the display list.
type placedImage struct {
	page int
	box  display.Rect
	src  image.Image
}

func placedImages(t *testing.T, dl *display.Document) []placedImage {
	t.Helper()
	var out []placedImage
	for i, p := range dl.Pages {
		for _, it := range p.Items {
			im, ok := it.(*display.Image)
			if !ok {
				continue
			}
			src, _, err := image.Decode(bytes.NewReader(im.Src.Data))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, placedImage{i, im.Box, src})
		}
	}
	return out
}

// rgbPage renders page i (from 0) in RGB.
func rgbPage(t *testing.T, file string, i int) image.Image {
	t.Helper()
	img, err := checkers.RenderPage(file, i+1, renderDPI)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// cmykPage renders page i (from 0) as ink values.
func cmykPage(t *testing.T, file string, i int, media display.Rect) (pix []byte, w int) {
	t.Helper()
	pix, w, err := checkers.RenderInks(file, i+1, renderDPI, media.W, media.H)
	if err != nil {
		t.Fatal(err)
	}
	return pix, w
}

// onWhite is a pixel as the page shows it, in RGB from 0 to 255: over
// white.
func onWhite(c color.Color) [3]float64 {
	n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
	a := float64(n.A) / 0xFFFF
	f := func(v uint16) float64 { return (float64(v)/0xFFFF*a + 1 - a) * 255 }
	return [3]float64{f(n.R), f(n.G), f(n.B)}
}

// inks is how the print edition converts an RGB colour that has no CMYK
// of its own, from 0 to 255: black from the darkest channel, the rest
// from what black leaves.
func inks(rgb [3]float64) [4]float64 {
	r, g, b := rgb[0]/255, rgb[1]/255, rgb[2]/255
	k := 1 - max(r, g, b)
	if k >= 1 {
		return [4]float64{0, 0, 0, 255}
	}
	return [4]float64{(1 - r - k) / (1 - k) * 255, (1 - g - k) / (1 - k) * 255, (1 - b - k) / (1 - k) * 255, k * 255}
}

// TestImagesLookLikeTheirSources builds the images test manuscript
// (testdata/valid/images: a 16-bit RGBA PNG, a 4-bit palette PNG, a
// grey-and-alpha PNG and a CMYK JPEG) and renders its screen and print
// editions: each pixel of each image, sampled at its middle, must show
// its source's colour, over white where it is transparent. The screen
// edition is rendered in RGB by poppler, CMYK images in inks by
// Ghostscript; the print edition in inks, where RGB images must come out
// as the print edition converts them.
func TestImagesLookLikeTheirSources(t *testing.T) {
	book, err := manuscript.LoadDir("../testdata/valid/images")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := layout.Typeset(book, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ed := range []layout.Edition{layout.Screen, layout.Print} {
		t.Run(string(ed), func(t *testing.T) {
			data, dl, err := PDF(doc, layout.Options{Edition: ed, Date: time.Unix(0, 0)})
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "images.pdf")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			imgs := placedImages(t, dl)
			if len(imgs) != 4 {
				t.Fatalf("%d images in the display list, want 4", len(imgs))
			}
			rgb := map[int]image.Image{}
			type inkPage struct {
				pix []byte
				w   int
			}
			ink := map[int]inkPage{}
			for n, im := range imgs {
				b := im.src.Bounds()
				_, isCMYK := im.src.(*image.CMYK)
				compared := 0
				for y := b.Min.Y; y < b.Max.Y; y++ {
					for x := b.Min.X; x < b.Max.X; x++ {
						c := im.src.At(x, y)
						if isCMYK && edge(im.src, x, y) {
							continue // decoders blend a JPEG's colours differently there
						}
						// the pixel's middle on the page, in device pixels
						px := int((im.box.X + (float64(x-b.Min.X)+0.5)*im.box.W/float64(b.Dx())) * renderDPI / 72)
						py := int((im.box.Y + (float64(y-b.Min.Y)+0.5)*im.box.H/float64(b.Dy())) * renderDPI / 72)
						var got, want []float64
						tol := 3.0
						switch {
						case isCMYK || ed == layout.Print:
							p, ok := ink[im.page]
							if !ok {
								p.pix, p.w = cmykPage(t, file, im.page, dl.Pages[im.page].Media)
								ink[im.page] = p
							}
							o := 4 * (py*p.w + px)
							got = []float64{float64(p.pix[o]), float64(p.pix[o+1]), float64(p.pix[o+2]), float64(p.pix[o+3])}
							if cm, ok := c.(color.CMYK); ok {
								want = []float64{float64(cm.C), float64(cm.M), float64(cm.Y), float64(cm.K)}
								tol = 8 // JPEG
							} else {
								w := inks(onWhite(c))
								want = w[:]
							}
						default:
							page, ok := rgb[im.page]
							if !ok {
								page = rgbPage(t, file, im.page)
								rgb[im.page] = page
							}
							r, g, bl, _ := page.At(px, py).RGBA()
							got = []float64{float64(r >> 8), float64(g >> 8), float64(bl >> 8)}
							w := onWhite(c)
							want = w[:]
						}
						for i := range want {
							if math.Abs(got[i]-want[i]) > tol {
								t.Errorf("image %d (%s), pixel (%d, %d): shows %.0f, want %.0f", n+1, kind(im.src), x, y, got, want)
								break
							}
						}
						compared++
					}
				}
				if compared < 24 {
					t.Errorf("image %d (%s): %d pixels compared", n+1, kind(im.src), compared)
				}
			}
		})
	}
}

// edge reports whether a pixel has a neighbour of another colour.
func edge(img image.Image, x, y int) bool {
	for _, d := range []image.Point{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
		if q := image.Pt(x, y).Add(d); q.In(img.Bounds()) && img.At(q.X, q.Y) != img.At(x, y) {
			return true
		}
	}
	return false
}

func kind(img image.Image) string {
	return fmt.Sprintf("%T", img)
}
