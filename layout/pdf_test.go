package layout

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestJustifiedLinesStayPut writes the report's draft, whose justified
// lines are drawn as one text object each with widened spaces
// (pdfWriter.textRun), and checks with pdftotext that every word
// that begins after a space on the display list begins where the display
// list puts it, and that Chinese text, drawn without spaces, reads as
// one word.
func TestJustifiedLinesStayPut(t *testing.T) {
	doc := typesetReport(t)
	pdf, _, err := doc.PDF(Options{Edition: Draft, Date: time.Unix(1700000000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(pdf, []byte("] TJ ET")); n < 1000 {
		t.Errorf("%d lines drawn as one text object, want over 1000", n)
	}
	// pdftotext's words, by page: where each begins, on which baseline
	type word struct{ x, y float64 }
	pages := map[int][]word{}
	page := 0
	wordRE := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">`)
	for _, line := range bytes.Split([]byte(extractText(t, pdf)), []byte("\n")) {
		if bytes.Contains(line, []byte("<page ")) {
			page++
			continue
		}
		if m := wordRE.FindSubmatch(line); m != nil {
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			y0, _ := strconv.ParseFloat(string(m[2]), 64)
			y1, _ := strconv.ParseFloat(string(m[3]), 64)
			pages[page] = append(pages[page], word{x, (y0 + y1) / 2})
		}
	}
	const pt = 72 / 25.4
	checked := 0
	for i, p := range doc.Pages {
		var prev *TextItem
		for _, it := range p.Items {
			ti, ok := it.(TextItem)
			if !ok {
				prev = nil
				continue
			}
			after := prev != nil && prev.Y == ti.Y && prev.Font == ti.Font && ti.X-(prev.X+doc.fs.width(prev.Font, prev.Size, prev.Text)) > 0.5
			prev = &ti
			if !after || ti.Font.Role == CJK || ti.Size < 8 || strings.HasPrefix(ti.Text, " ") {
				continue
			}
			found := false
			for _, w := range pages[i+1] {
				if math.Abs(w.x-ti.X*pt) < 0.05 && math.Abs(w.y-(ti.Y*pt-ti.Size*0.3)) < ti.Size {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("page %s: %q drawn at x %.2f pt, but no word begins there", p.Label, ti.Text, ti.X*pt)
			}
			checked++
		}
	}
	if checked < 10000 {
		t.Errorf("%d words checked, want over 10000", checked)
	}
	if !bytes.Contains([]byte(extractText(t, pdf)), []byte(">(中国互联网络信息中心,<")) {
		t.Errorf("the Chinese name of CNNIC does not read as one word")
	}
}

// TestTextClearsTheFootnotes checks, on every page of the report, that no
// line of body text runs into the footnotes at the foot of the page: a
// page run a line long to save a widow must not be one with notes.
func TestTextClearsTheFootnotes(t *testing.T) {
	doc := typesetReport(t)
	pagesWithNotes := 0
	for _, p := range doc.Pages {
		top := math.Inf(1) // where the notes begin: their rule
		for _, it := range p.Items {
			if a, ok := it.(AnchorItem); ok && strings.HasPrefix(a.Name, "fn-") {
				top = math.Min(top, a.Y-noteSep)
			}
		}
		if math.IsInf(top, 1) {
			continue
		}
		pagesWithNotes++
		for _, it := range p.Items {
			ti, ok := it.(TextItem)
			if !ok || ti.Size != 10 || ti.Y > top+noteSep {
				continue // not body text, or a note itself
			}
			if descent := ti.Y + 0.25*ti.Size*ptToMM; descent > top {
				t.Errorf("page %s: %q reaches %.1f mm, into the footnotes, whose rule is at %.1f mm", p.Label, ti.Text, descent, top+noteSep/2)
			}
		}
	}
	if pagesWithNotes < 5 {
		t.Errorf("%d pages with footnotes, want 5 or more", pagesWithNotes)
	}
}
