package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// These tests read the built PDF back with pdftotext -bbox-layout, as a
// print designer would look at it: every word inside the text block, no
// widows, no orphans, no heading at the foot of a page.

type bboxDoc struct {
	Pages []bboxPage `xml:"body>doc>page"`
}

type bboxPage struct {
	Width  float64     `xml:"width,attr"`
	Height float64     `xml:"height,attr"`
	Blocks []bboxBlock `xml:"flow>block"`
}

type bboxBlock struct {
	Lines []bboxLine `xml:"line"`
}

type bboxLine struct {
	Words []bboxWord `xml:"word"`
}

type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	Text string  `xml:",chardata"`
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func readBBox(t *testing.T, pdf string) bboxDoc {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bbox.html")
	if msg, err := tool(t, "pdftotext", "-bbox-layout", pdf, out); err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// pdftotext writes XHTML with an HTML doctype; strip it for encoding/xml
	data = regexp.MustCompile(`(?s)<!DOCTYPE[^>]*>`).ReplaceAll(data, nil)
	var doc bboxDoc
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("parse pdftotext output: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatal("pdftotext found no pages")
	}
	return doc
}

// textBlock returns the left and right edges of the text block of page i
// (0-based), in points.
func textBlock(g layout.Grid, i int) (left, right float64) {
	const mmToPt = 72 / 25.4
	left = g.Inner
	if i%2 == 1 {
		left = g.Outer
	}
	return left * mmToPt, (left + g.Measure) * mmToPt
}

func bundledGrid(t *testing.T) layout.Grid {
	t.Helper()
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	return layout.GridFor(b.Trim)
}

func TestNoWordOutsideTheTextBlock(t *testing.T) {
	pdf, _ := bundled(t)
	doc := readBBox(t, pdf)
	g := bundledGrid(t)
	const mmToPt = 72 / 25.4
	bad := 0
	for i, p := range doc.Pages {
		if i == 0 {
			continue // the title page is set across the page by design
		}
		left, right := textBlock(g, i)
		for _, b := range p.Blocks {
			for _, l := range b.Lines {
				for _, w := range l.Words {
					if w.XMax > p.Width-10*mmToPt || w.XMin < 10*mmToPt {
						continue // a thumb tab, in the outer margin by design
					}
					if w.XMin < left-0.5 || w.XMax > right+0.5 {
						bad++
						if bad <= 10 {
							t.Errorf("page %d: %q at x %.1f–%.1f pt lies outside the text block %.1f–%.1f pt", i+1, w.Text, w.XMin, w.XMax, left, right)
						}
					}
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("… and %d more words outside the text block", bad-10)
	}
}

// stext is mutool's structured text: lines with the font and size of each
// run, which tells body text from headings and captions.
type stext struct {
	Pages []struct {
		Blocks []struct {
			Lines []stextLine `xml:"line"`
		} `xml:"block"`
	} `xml:"page"`
}

type stextLine struct {
	BBox  string `xml:"bbox,attr"`
	Fonts []struct {
		Name  string  `xml:"name,attr"`
		Size  float64 `xml:"size,attr"`
		Chars []struct {
			C string  `xml:"c,attr"`
			Y float64 `xml:"y,attr"`
		} `xml:"char"`
	} `xml:"font"`
}

// textLine is a line of a page as mutool sees it.
type textLine struct {
	x0, y0, x1 float64
	base       float64 // baseline of the line's main font
	font       string  // the font of most of its characters
	size       float64 // and its size
	text       string
}

func readStext(t *testing.T, pdf string) [][]textLine {
	t.Helper()
	out := filepath.Join(t.TempDir(), "stext.xml")
	if msg, err := tool(t, "mutool", "draw", "-q", "-F", "stext", "-o", out, pdf); err != nil {
		t.Fatalf("mutool: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc stext
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse mutool output: %v", err)
	}
	pages := make([][]textLine, len(doc.Pages))
	for i, p := range doc.Pages {
		for _, b := range p.Blocks {
			for _, l := range b.Lines {
				var tl textLine
				fmt.Sscanf(l.BBox, "%g %g %g", &tl.x0, &tl.y0, &tl.x1)
				count := map[string]int{}
				var sb strings.Builder
				for _, f := range l.Fonts {
					key := fmt.Sprintf("%s %g", f.Name, f.Size)
					for _, c := range f.Chars {
						sb.WriteString(c.C)
						count[key]++
						if f.Size >= 8 && tl.base == 0 {
							tl.base = c.Y
						}
					}
				}
				best := 0
				for k, n := range count {
					if n > best || n == best && k < tl.font {
						best = n
						fmt.Sscanf(k, "%s %g", &tl.font, &tl.size)
					}
				}
				tl.text = sb.String()
				pages[i] = append(pages[i], tl)
			}
		}
	}
	return pages
}

// TestNoWidowsOrOrphansOrStrandedHeadings checks every page of the bundled
// report: no page starts with the last line of a paragraph (a widow), no
// page ends with the first line of one (an orphan), no heading ends a page.
func TestNoWidowsOrOrphansOrStrandedHeadings(t *testing.T) {
	pdf, _ := bundled(t)
	pages := readStext(t, pdf)
	g := bundledGrid(t)
	problems, checked := flowProblems(pages, g)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 50 {
		t.Errorf("found body text on %d pages only; the test is not reading the pages", checked)
	}
}

// TestFlowProblemsFindsThem makes sure the check above can fail: on made-up
// pages with a widow, an orphan and a stranded heading it reports each.
func TestFlowProblemsFindsThem(t *testing.T) {
	g := layout.Grid{Inner: 20, Outer: 20, Top: 20, Bottom: 20, Measure: 100, Leading: 5}
	const mmToPt = 72 / 25.4
	l, r := 20*mmToPt, 120*mmToPt
	lead := 5 * mmToPt
	body := func(y float64, indent, full bool, text string) textLine {
		x0, x1 := l, r
		if indent {
			x0 = l + 4.5*mmToPt
		}
		if !full {
			x1 = l + 60
		}
		return textLine{x0: x0, x1: x1, base: y, y0: y - 8, font: "NotoSerif-Regular", size: 10, text: text}
	}
	head := textLine{x0: l, x1: l + 80, base: 300, font: "NotoSans-Bold", size: 13, text: "Stranded"}
	pages := [][]textLine{
		{body(100, true, true, "p1"), body(100+lead, false, true, "p1 cont"), body(100+2*lead, true, true, "orphan")},
		{body(100, false, false, "widow"), body(100+2*lead, true, true, "next"), body(100+3*lead, false, false, "end"), head},
	}
	problems, _ := flowProblems(pages, g)
	want := []string{"page 1 ends with an orphan", "page 2 starts with a widow", "page 2 ends with a heading"}
	for _, w := range want {
		found := false
		for _, p := range problems {
			found = found || strings.HasPrefix(p, w)
		}
		if !found {
			t.Errorf("missed %q; got %q", w, problems)
		}
	}
}

// flowProblems finds widows, orphans and headings at the foot of a page,
// and counts the pages with running text.
func flowProblems(pages [][]textLine, g layout.Grid) (problems []string, checked int) {
	const mmToPt = 72 / 25.4
	indent := 4.5 * mmToPt
	leading := g.Leading * mmToPt
	var prev []textLine
	for i, p := range pages {
		left, right := textBlock(g, i)
		// body lines: 10 pt text in the body face, and headings, at the
		// left of the text block, top to bottom
		var lines []textLine
		listPage := false
		for _, l := range p {
			listPage = listPage || strings.Contains(l.text, ". . .")
			body := strings.HasPrefix(l.font, "NotoSerif-") && l.size == 10 // the report's body face
			heading := l.font == "NotoSans-Bold" && (l.size == 13 || l.size == 10.5) && near(l.x0, left, 0.6)
			if (body || heading) && l.x0 > left-1 && l.x1 < right+1 {
				lines = append(lines, l)
			}
		}
		if listPage {
			lines = nil // the contents and the list of figures are not running text
		}
		sort.Slice(lines, func(a, b int) bool { return lines[a].base < lines[b].base })
		isHeading := func(l textLine) bool { return strings.HasPrefix(l.font, "NotoSans-") }
		full := func(l textLine) bool { return l.x1 > right-1 }
		indented := func(l textLine) bool { return near(l.x0, left+indent, 0.6) }
		if len(lines) > 0 {
			first, last := lines[0], lines[len(lines)-1]
			// a widow: the page starts with a short line that carries on a
			// paragraph from the full last line of the page before
			if len(prev) > 0 {
				before := prev[len(prev)-1]
				if !isHeading(first) && !isHeading(before) && full(before) && !full(first) && !indented(first) &&
					(len(lines) == 1 || !near(lines[1].base-first.base, leading, 0.5) || indented(lines[1]) || isHeading(lines[1])) {
					problems = append(problems, fmt.Sprintf("page %d starts with a widow: %q", i+1, first.text))
				}
			}
			// an orphan: the page ends with the first line of a paragraph
			if len(lines) >= 2 && !isHeading(last) && full(last) {
				above := lines[len(lines)-2]
				if indented(last) || isHeading(above) || !near(last.base-above.base, leading, 0.5) {
					problems = append(problems, fmt.Sprintf("page %d ends with an orphan: %q", i+1, last.text))
				}
			}
			if isHeading(last) {
				problems = append(problems, fmt.Sprintf("page %d ends with a heading: %q", i+1, last.text))
			}
			checked++
		}
		prev = lines
	}
	return problems, checked
}

// TestPrintEditionBoxes checks the print edition with pdfinfo -box: on every
// page the TrimBox is the trim size and the BleedBox the trim plus the
// bleed on each side.
func TestPrintEditionBoxes(t *testing.T) {
	dir := t.TempDir()
	r := folio(t, dir, []string{epoch}, "build", "--pdf", "--edition", "print", "-o", ".")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	pdf := filepath.Join(dir, "china-internet-report-2019-print.pdf")
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	const mmToPt = 72 / 25.4
	wantW, wantH := b.Trim.Width*mmToPt, b.Trim.Height*mmToPt
	bleed := b.Bleed * mmToPt
	out, err := exec.Command("pdfinfo", "-box", "-f", "1", "-l", "9999", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	boxRE := regexp.MustCompile(`(?m)^Page\s+(\d+) (TrimBox|BleedBox):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)`)
	type box struct{ x0, y0, x1, y1 float64 }
	trims, bleeds := map[int]box{}, map[int]box{}
	for _, m := range boxRE.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[1])
		var v [4]float64
		for k := range v {
			v[k], _ = strconv.ParseFloat(m[3+k], 64)
		}
		if m[2] == "TrimBox" {
			trims[n] = box{v[0], v[1], v[2], v[3]}
		} else {
			bleeds[n] = box{v[0], v[1], v[2], v[3]}
		}
	}
	pages := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(string(out))
	if pages == nil {
		info, _ := exec.Command("pdfinfo", pdf).CombinedOutput()
		pages = regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(string(info))
	}
	n, _ := strconv.Atoi(pages[1])
	if n%4 != 0 {
		t.Errorf("the print edition has %d pages; want a multiple of 4", n)
	}
	for p := 1; p <= n; p++ {
		tb, ok1 := trims[p]
		bb, ok2 := bleeds[p]
		if !ok1 || !ok2 {
			t.Fatalf("page %d lacks a TrimBox or BleedBox", p)
		}
		if !near(tb.x1-tb.x0, wantW, 0.05) || !near(tb.y1-tb.y0, wantH, 0.05) {
			t.Errorf("page %d: TrimBox %.2f×%.2f pt; want %.2f×%.2f", p, tb.x1-tb.x0, tb.y1-tb.y0, wantW, wantH)
		}
		if !near(tb.x0-bb.x0, bleed, 0.05) || !near(bb.x1-tb.x1, bleed, 0.05) || !near(tb.y0-bb.y0, bleed, 0.05) || !near(bb.y1-tb.y1, bleed, 0.05) {
			t.Errorf("page %d: BleedBox %v is not the TrimBox %v plus %.2f pt on each side", p, bb, tb, bleed)
		}
	}
	// DeviceCMYK only: no RGB colour operators in any content stream
	qdf := filepath.Join(dir, "qdf.pdf")
	if msg, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, msg)
	}
	data, _ := os.ReadFile(qdf)
	if m := regexp.MustCompile(`(?m)^[\d. ]+ (rg|RG)$`).Find(data); m != nil {
		t.Errorf("the print edition sets an RGB colour: %q", m)
	}
	if regexp.MustCompile(`/CA |/ca |/SMask|/Group`).Match(data) {
		t.Errorf("the print edition uses transparency")
	}
}

// TestChartsAreVectors checks that the PDF draws charts as vectors: no
// raster image on any page.
func TestChartsAreVectors(t *testing.T) {
	pdf, _ := bundled(t)
	out, err := tool(t, "pdfimages", "-list", pdf)
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) > 2 {
		t.Errorf("the PDF holds raster images:\n%s", out)
	}
}

// TestChartsHaveAltTextInThePDF checks the PDF's structure tree (read back
// with pdfinfo -struct): one Figure element per figure of the report, each
// with its text alternative.
func TestChartsHaveAltTextInThePDF(t *testing.T) {
	pdf, _ := bundled(t)
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	figures := 0
	for _, c := range b.Documents() {
		for _, blk := range c.Body {
			if _, ok := blk.(*manuscript.Figure); ok {
				figures++
			}
		}
	}
	info, err := tool(t, "pdfinfo", pdf)
	if err != nil || !regexp.MustCompile(`(?m)^Tagged:\s+yes`).MatchString(info) {
		t.Fatalf("the PDF is not tagged: %v\n%s", err, info)
	}
	tree, err := tool(t, "pdfinfo", "-struct", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^\s+Figure$`).FindAllString(tree, -1)); n != figures {
		t.Errorf("the structure tree has %d Figure elements; the report has %d figures", n, figures)
	}
	// the figures' structure elements and their text alternatives, as
	// qpdf reads the objects (they are in object streams)
	js, err := tool(t, "qpdf", "--json", "--json-key=qpdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	// qpdf's JSON v2: {"qpdf": [header, {"obj:1 0 R": {"value": …}, …}]}
	var v2 struct {
		Qpdf []map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(js), &v2); err != nil || len(v2.Qpdf) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	var all []map[string]any
	for _, raw := range v2.Qpdf[1] {
		var o struct {
			Value map[string]any `json:"value"`
		}
		if json.Unmarshal(raw, &o) == nil && o.Value != nil {
			all = append(all, o.Value)
		}
	}
	alts := 0
	for _, o := range all {
		if o["/S"] != "/Figure" {
			continue
		}
		alt, _ := o["/Alt"].(string) // "u:…" for a text string
		alts++
		if n := len([]rune(strings.TrimPrefix(alt, "u:"))); n < 20 {
			t.Errorf("a figure's alternative text is too short to describe it: %q", alt)
		}
	}
	if alts != figures {
		t.Fatalf("%d figures with /Alt in the structure tree; want %d", alts, figures)
	}
}
