package pagesvg_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/internal/checkers"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
	"github.com/folio-press/folio/pagesvg"
	"github.com/folio-press/folio/publish"
)

// draft typesets the bundled report and draws its draft, as the preview
// does, and writes the draft's PDF.
func draft(t *testing.T) (*display.Document, string) {
	t.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := layout.Typeset(book, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, dl, err := publish.PDF(doc, layout.Options{Edition: layout.Draft, Date: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "draft.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dl, f
}

// screenshot renders an SVG file in headless Chromium at 1 CSS pixel a
// point.
func screenshot(t *testing.T, svg string, w, h int) image.Image {
	t.Helper()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (make test-deps installs it)")
	}
	dir := filepath.Dir(svg)
	page := filepath.Join(dir, "page.html")
	os.WriteFile(page, []byte(fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0"><img src="page.svg" style="display:block;width:%dpx;height:%dpx"></body></html>`, w, h)), 0o644)
	out := filepath.Join(dir, "shot.png")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
		fmt.Sprintf("--window-size=%d,%d", w, h), "--screenshot="+out, "file://"+page)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestPagesLookLikeThePDF draws pages of the report's draft as SVG,
// renders them in Chromium and the PDF's pages with poppler at the same
// scale, and compares them pixel by pixel: a page of text, a chapter
// opener and a page with a chart.
func TestPagesLookLikeThePDF(t *testing.T) {
	dl, pdf := draft(t)
	var w pagesvg.Writer
	for _, i := range []int{0, 10, 11, 20} {
		t.Run(fmt.Sprintf("page %d", i+1), func(t *testing.T) {
			svg, err := w.Page(dl, i)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.NewDecoder(bytes.NewReader(svg)).Decode(new(struct{})); err != nil && err != io.EOF {
				t.Fatalf("the SVG does not parse: %v", err)
			}
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "page.svg"), svg, 0o644)
			p := dl.Pages[i]
			pw, ph := int(math.Round(p.Media.W)), int(math.Round(p.Media.H))
			got := screenshot(t, filepath.Join(dir, "page.svg"), pw, ph)
			want, err := checkers.RenderPage(pdf, i+1, 72)
			if err != nil {
				t.Fatal(err)
			}
			// in blocks of 4x4 pixels, which antialiasing, done otherwise by
			// each renderer, does not move much
			const blk = 4
			diff, ink := 0, 0
			b := want.Bounds().Intersect(got.Bounds())
			for y := b.Min.Y; y+blk <= b.Max.Y; y += blk {
				for x := b.Min.X; x+blk <= b.Max.X; x += blk {
					var g1, g2 float64
					for dy := range blk {
						for dx := range blk {
							g1 += grey(want, x+dx, y+dy)
							g2 += grey(got, x+dx, y+dy)
						}
					}
					g1, g2 = g1/blk/blk, g2/blk/blk
					if g1 < 230 {
						ink++
					}
					if math.Abs(g1-g2) > 40 {
						diff++
					}
				}
			}
			if ink < 200 {
				t.Fatalf("the PDF's page has %d blocks of ink", ink)
			}
			t.Logf("%d of %d blocks of ink differ", diff, ink)
			if frac := float64(diff) / float64(ink); frac > 0.02 {
				t.Errorf("%d blocks of 4x4 pixels differ from the PDF's page, %.1f%% of its %d blocks with ink", diff, frac*100, ink)
			}
		})
	}
}

func grey(img image.Image, x, y int) float64 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
}

// TestRunsCarryTheirText checks that each run's text is its glyphs'
// label: the page's words can be found and read aloud.
func TestRunsCarryTheirText(t *testing.T) {
	dl, _ := draft(t)
	var w pagesvg.Writer
	svg, err := w.Page(dl, 11)
	if err != nil {
		t.Fatal(err)
	}
	if dl.Pages[11].Label == "" || !strings.Contains(string(svg), fmt.Sprintf(`aria-label="%s"`, dl.Pages[11].Label)) {
		t.Errorf("page 12's folio %q is not among its runs' labels", dl.Pages[11].Label)
	}
	if _, err := w.Page(dl, len(dl.Pages)); err == nil {
		t.Error("a page past the end: no error")
	}
}
