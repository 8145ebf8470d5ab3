package checkers

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
)

// RenderPage renders page n (from 1) of a PDF file at dpi with poppler's
// pdftoppm, in RGB.
func RenderPage(file string, n, dpi int) (image.Image, error) {
	dir, err := os.MkdirTemp("", "folio-render-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "page")
	p := fmt.Sprint(n)
	if msg, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-f", p, "-l", p, "-png", "-singlefile", file, out).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm (make test-deps installs poppler-utils): %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out + ".png")
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(data))
}

// RenderInks renders page n (from 1) of a PDF file at dpi with
// Ghostscript's bitcmyk device: the ink values of each pixel, four bytes
// (C, M, Y, K) a pixel, row by row, with CMYK colours as they are written.
// It returns them with the page's width in pixels, given its width and
// height in points.
func RenderInks(file string, n, dpi int, wPt, hPt float64) ([]byte, int, error) {
	dir, err := os.MkdirTemp("", "folio-inks-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "page.raw")
	p := fmt.Sprint(n)
	cmd := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=bitcmyk", "-dGrayValues=256", "-r"+fmt.Sprint(dpi),
		"-dFirstPage="+p, "-dLastPage="+p, "-sOutputFile="+out, file)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, 0, fmt.Errorf("gs (make test-deps installs Ghostscript): %v\n%s", err, msg)
	}
	pix, err := os.ReadFile(out)
	if err != nil {
		return nil, 0, err
	}
	w, h := int(wPt*float64(dpi)/72+0.5), int(hPt*float64(dpi)/72+0.5)
	if len(pix) != 4*w*h {
		return nil, 0, fmt.Errorf("gs gave %d bytes for a page of %dx%d pixels", len(pix), w, h)
	}
	return pix, w, nil
}
