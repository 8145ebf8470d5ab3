// Command pagediff compares two PDFs of the same book page by page, as a
// change to Folio must be shown to leave its output identical or better:
//
//	go run ./tools/pagediff [-dpi 40] [-tol 0.05] [-out DIR] OLD.pdf NEW.pdf
//
// It renders every page of both at the given resolution with pdftoppm and
// counts, per page, the pixels that differ by more than a quarter of the
// range in any channel; and it reads every word of both with pdftotext
// -bbox and reports the words whose box moved by more than tol points, or
// that are not in the other file at all. With -out, each page that differs
// is written there as OLD | NEW | difference, side by side. It exits 1 when
// anything differs, 2 when it cannot compare.
package main

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

func main() {
	dpi := flag.Int("dpi", 40, "resolution of the rendered pages")
	tol := flag.Float64("tol", 0.05, "how far a word may move, in points")
	out := flag.String("out", "", "write the pages that differ here, side by side")
	quiet := flag.Bool("q", false, "print the summary only")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: pagediff [-dpi 40] [-tol 0.05] [-out DIR] OLD.pdf NEW.pdf")
		os.Exit(2)
	}
	oldPDF, newPDF := flag.Arg(0), flag.Arg(1)
	r, err := compare(oldPDF, newPDF, *dpi, *tol, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagediff:", err)
		os.Exit(2)
	}
	if !*quiet {
		for _, l := range r.lines {
			fmt.Println(l)
		}
	}
	fmt.Printf("%d and %d pages; %d pages differ in pixels; %d of %d words moved more than %.3g pt (at most %.4f pt), %d words only in one\n",
		r.oldPages, r.newPages, r.pixelPages, r.moved, r.words, *tol, r.maxMove, r.unmatched)
	if r.oldPages != r.newPages || r.pixelPages > 0 || r.moved > 0 || r.unmatched > 0 {
		os.Exit(1)
	}
}

type result struct {
	oldPages, newPages int
	pixelPages         int
	words, moved       int
	unmatched          int
	maxMove            float64
	lines              []string
}

func compare(oldPDF, newPDF string, dpi int, tol float64, out string) (*result, error) {
	tmp, err := os.MkdirTemp("", "pagediff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	oldPNG, err := render(oldPDF, filepath.Join(tmp, "old"), dpi)
	if err != nil {
		return nil, err
	}
	newPNG, err := render(newPDF, filepath.Join(tmp, "new"), dpi)
	if err != nil {
		return nil, err
	}
	r := &result{oldPages: len(oldPNG), newPages: len(newPNG)}
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, err
		}
	}
	for i := 0; i < min(len(oldPNG), len(newPNG)); i++ {
		a, err := readPNG(oldPNG[i])
		if err != nil {
			return nil, err
		}
		b, err := readPNG(newPNG[i])
		if err != nil {
			return nil, err
		}
		n, diff := pixels(a, b)
		if n > 0 {
			r.pixelPages++
			r.lines = append(r.lines, fmt.Sprintf("page %d: %d pixels differ", i+1, n))
			if out != "" {
				if err := writePNG(filepath.Join(out, fmt.Sprintf("page-%03d.png", i+1)), sideBySide(a, b, diff)); err != nil {
					return nil, err
				}
			}
		}
	}
	oldWords, err := words(oldPDF)
	if err != nil {
		return nil, err
	}
	newWords, err := words(newPDF)
	if err != nil {
		return nil, err
	}
	for p := 0; p < min(len(oldWords), len(newWords)); p++ {
		moved, unmatched, most, n := matchWords(oldWords[p], newWords[p], tol)
		r.words += n
		r.moved += len(moved)
		r.unmatched += len(unmatched)
		r.maxMove = math.Max(r.maxMove, most)
		for _, m := range moved {
			r.lines = append(r.lines, fmt.Sprintf("page %d: %s", p+1, m))
		}
		for _, u := range unmatched {
			r.lines = append(r.lines, fmt.Sprintf("page %d: %s", p+1, u))
		}
	}
	return r, nil
}

// render renders every page of pdf to PNG files under prefix, in order.
func render(pdf, prefix string, dpi int) ([]string, error) {
	cmd := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-png", pdf, prefix)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm %s: %v\n%s", pdf, err, msg)
	}
	files, err := filepath.Glob(prefix + "-*.png")
	if err != nil {
		return nil, err
	}
	sort.Strings(files) // pdftoppm pads the numbers to the same width
	return files, nil
}

func readPNG(file string) (image.Image, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func writePNG(file string, img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}

// pixels counts the pixels of a and b that differ by more than a quarter
// of the range in a channel, and returns a picture of where.
func pixels(a, b image.Image) (int, *image.Gray) {
	ab, bb := a.Bounds(), b.Bounds()
	w, h := max(ab.Dx(), bb.Dx()), max(ab.Dy(), bb.Dy())
	diff := image.NewGray(image.Rect(0, 0, w, h))
	n := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			pa, pb := image.Pt(ab.Min.X+x, ab.Min.Y+y), image.Pt(bb.Min.X+x, bb.Min.Y+y)
			if !pa.In(ab) || !pb.In(bb) {
				n++
				diff.SetGray(x, y, color.Gray{255})
				continue
			}
			r1, g1, b1, _ := a.At(pa.X, pa.Y).RGBA()
			r2, g2, b2, _ := b.At(pb.X, pb.Y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			if d > 64 {
				n++
			}
			diff.SetGray(x, y, color.Gray{uint8(min(255, d*4))})
		}
	}
	return n, diff
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// sideBySide puts a, b and the difference next to each other.
func sideBySide(a, b image.Image, diff *image.Gray) image.Image {
	w, h := a.Bounds().Dx(), max(a.Bounds().Dy(), b.Bounds().Dy())
	out := image.NewRGBA(image.Rect(0, 0, 3*w+8, h))
	for y := 0; y < h; y++ {
		for x := 0; x < out.Bounds().Dx(); x++ {
			out.Set(x, y, color.RGBA{128, 128, 128, 255})
		}
	}
	draw := func(img image.Image, dx int) {
		bb := img.Bounds()
		for y := bb.Min.Y; y < bb.Max.Y; y++ {
			for x := bb.Min.X; x < bb.Max.X; x++ {
				out.Set(dx+x-bb.Min.X, y-bb.Min.Y, img.At(x, y))
			}
		}
	}
	draw(a, 0)
	draw(b, w+4)
	draw(diff, 2*w+8)
	return out
}

// word is a word pdftotext -bbox found, with its box in points.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

// words returns the words of every page of pdf.
func words(pdf string) ([][]word, error) {
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext -bbox %s: %v", pdf, err)
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	var pages [][]word
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, nil)
		case "word":
			var w word
			for _, a := range se.Attr {
				var v float64
				fmt.Sscan(a.Value, &v)
				switch a.Name.Local {
				case "xMin":
					w.xMin = v
				case "yMin":
					w.yMin = v
				case "xMax":
					w.xMax = v
				case "yMax":
					w.yMax = v
				}
			}
			var text string
			if err := dec.DecodeElement(&text, &se); err != nil {
				return nil, err
			}
			w.text = text
			if len(pages) > 0 {
				pages[len(pages)-1] = append(pages[len(pages)-1], w)
			}
		}
	}
	return pages, nil
}

// matchWords pairs the words of a page in reading order by their text and
// reports those that moved by more than tol, and those only one side has.
func matchWords(a, b []word, tol float64) (moved, unmatched []string, most float64, n int) {
	byText := map[string][]int{}
	for i, w := range b {
		byText[w.text] = append(byText[w.text], i)
	}
	used := make([]bool, len(b))
	for _, w := range a {
		cands := byText[w.text]
		best, bestD := -1, math.Inf(1)
		for _, j := range cands {
			if used[j] {
				continue
			}
			d := math.Max(math.Abs(w.xMin-b[j].xMin), math.Abs(w.yMin-b[j].yMin))
			if d < bestD {
				best, bestD = j, d
			}
		}
		if best < 0 {
			unmatched = append(unmatched, fmt.Sprintf("%q at (%.2f, %.2f) only in the old", w.text, w.xMin, w.yMin))
			continue
		}
		used[best] = true
		n++
		most = math.Max(most, bestD)
		if bestD > tol {
			moved = append(moved, fmt.Sprintf("%q moved %.3f pt, (%.2f, %.2f) to (%.2f, %.2f)", w.text, bestD, w.xMin, w.yMin, b[best].xMin, b[best].yMin))
		}
	}
	for j, w := range b {
		if !used[j] {
			unmatched = append(unmatched, fmt.Sprintf("%q at (%.2f, %.2f) only in the new", w.text, w.xMin, w.yMin))
		}
	}
	return moved, unmatched, most, n
}
