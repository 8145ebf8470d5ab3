package publish

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func loadReport(tb testing.TB) *manuscript.Book {
	tb.Helper()
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		tb.Fatal(err)
	}
	return book
}

func typesetReport(tb testing.TB) *layout.Document {
	tb.Helper()
	doc, err := layout.Typeset(loadReport(tb), layout.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// tool runs a poppler or qpdf tool on a PDF in a temporary file and
// returns what it printed.
func tool(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, f)
	if strings.HasPrefix(name, "pdfto") {
		args = append(args, "-")
	}
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		if _, lookErr := exec.LookPath(name); lookErr != nil {
			t.Fatalf("%s is not installed (make test-deps installs it)", name)
		}
		t.Fatalf("%s %s: %v", name, strings.Join(args[:len(args)-1], " "), err)
	}
	return strings.ReplaceAll(string(out), "\r", "")
}

// word is where pdftotext found a word: its left edge and the middle of
// its box, in points from the top left of the page.
type word struct {
	x, y float64
	text string
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)

// words returns pdftotext's words, by page.
func words(t *testing.T, pdf []byte) [][]word {
	var pages [][]word
	for _, line := range strings.Split(tool(t, pdf, "pdftotext", "-bbox"), "\n") {
		if strings.Contains(line, "<page ") {
			pages = append(pages, nil)
			continue
		}
		if m := wordRE.FindStringSubmatch(line); m != nil && len(pages) > 0 {
			x, _ := strconv.ParseFloat(m[1], 64)
			y0, _ := strconv.ParseFloat(m[2], 64)
			y1, _ := strconv.ParseFloat(m[3], 64)
			pages[len(pages)-1] = append(pages[len(pages)-1], word{x, (y0 + y1) / 2, m[4]})
		}
	}
	return pages
}

// TestWordsStandWhereTheDisplayListPutsThem writes the report's draft and
// screen edition and checks with pdftotext that every word of body text
// that follows a space in its run (a line of justified text is one run,
// its spaces widened) begins in the PDF where the display list puts it,
// and reads as the display list's text.
func TestWordsStandWhereTheDisplayListPutsThem(t *testing.T) {
	doc := typesetReport(t)
	for _, ed := range []layout.Edition{layout.Draft, layout.Screen} {
		t.Run(string(ed), func(t *testing.T) {
			data, dl, err := PDF(doc, layout.Options{Edition: ed, Date: time.Unix(1700000000, 0)})
			if err != nil {
				t.Fatal(err)
			}
			found := words(t, data)
			if len(found) != len(dl.Pages) {
				t.Fatalf("pdftotext read %d pages, the display list has %d", len(found), len(dl.Pages))
			}
			checked, runs := 0, 0
			for i, p := range dl.Pages {
				for _, it := range p.Items {
					tx, ok := it.(*display.Text)
					if !ok || tx.Role.Kind != display.Paragraph || tx.Size < 8 || tx.Rotate != 0 {
						continue
					}
					if strings.Count(tx.Text, " ") >= 3 {
						runs++
					}
					x := tx.X
					for j, g := range tx.Glyphs {
						if j > 0 && tx.Text[tx.Glyphs[j-1].Cluster] == ' ' && tx.Text[g.Cluster] != ' ' {
							w := tx.Text[g.Cluster:]
							if k := strings.IndexByte(w, ' '); k >= 0 {
								w = w[:k]
							}
							if !hasWord(found[i], x, tx.Y-tx.Size*0.3, tx.Size, w) {
								t.Errorf("page %s: %q drawn at x %.2f pt, but no such word begins there", p.Label, w, x)
							}
							checked++
						}
						x += g.Advance
					}
				}
			}
			t.Logf("%d words checked in %d runs of several words", checked, runs)
			if checked < 10000 || runs < 1000 {
				t.Errorf("%d words checked in %d runs of several words, want over 10,000 in 1,000", checked, runs)
			}
			if !strings.Contains(tool(t, data, "pdftotext", "-bbox"), ">(中国互联网络信息中心,<") {
				t.Errorf("the Chinese name of CNNIC does not read as one word")
			}
		})
	}
}

// hasWord reports whether a word of ws begins at x on the baseline near y
// and starts with the text w (pdftotext splits words at some punctuation
// the display list does not).
func hasWord(ws []word, x, y, size float64, w string) bool {
	for _, f := range ws {
		if math.Abs(f.x-x) < 0.05 && math.Abs(f.y-y) < size && (strings.HasPrefix(w, f.text) || strings.HasPrefix(f.text, xmlEscape(w))) {
			return true
		}
	}
	return false
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestSessionBuildsAreColdBuilds builds books one after the other with one
// layout.Cache, as a watch session does, and checks every PDF against a
// build without a cache.
func TestSessionBuildsAreColdBuilds(t *testing.T) {
	cache := layout.NewCache()
	for _, ed := range []layout.Edition{layout.Draft, layout.Print} {
		for i, name := range []string{"minimal", "minimal", "hostile-text", "minimal", "missing-glyphs", "missing-glyphs"} {
			book, err := manuscript.LoadDir("../testdata/valid/" + name)
			if err != nil {
				t.Fatal(err)
			}
			build := func(c *layout.Cache) []byte {
				doc, err := layout.Typeset(book, layout.Options{Cache: c})
				if err != nil {
					t.Fatal(err)
				}
				data, _, err := PDF(doc, layout.Options{Edition: ed, Date: time.Unix(1700000000, 0)})
				if err != nil {
					t.Fatal(err)
				}
				return data
			}
			if cold, warm := build(nil), build(cache); !bytes.Equal(cold, warm) {
				t.Errorf("build %d (%s, %s): with the session's cache, the PDF differs from a cold build", i, name, ed)
			}
		}
	}
}

// TestEditionsFromOneTypesetting draws the three editions of one typeset
// document at once, as a build does, and checks each against the edition
// drawn alone: drawing reads the document and changes nothing of it.
func TestEditionsFromOneTypesetting(t *testing.T) {
	book, err := manuscript.LoadDir("../testdata/valid/minimal")
	if err != nil {
		t.Fatal(err)
	}
	eds := []layout.Edition{layout.Draft, layout.Screen, layout.Print}
	alone := map[layout.Edition][]byte{}
	for _, ed := range eds {
		doc, err := layout.Typeset(book, layout.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if alone[ed], _, err = PDF(doc, layout.Options{Edition: ed, Date: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := layout.Typeset(book, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]byte, len(eds))
	done := make(chan error, len(eds))
	for i, ed := range eds {
		go func() {
			var err error
			got[i], _, err = PDF(doc, layout.Options{Edition: ed, Date: time.Unix(0, 0)})
			done <- err
		}()
	}
	for range eds {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for i, ed := range eds {
		if !bytes.Equal(got[i], alone[ed]) {
			t.Errorf("%s: drawn beside the other editions, the PDF differs from the edition drawn alone", ed)
		}
	}
}

// TestPageLabelsAreTheFolios reads the page labels of the report's screen
// edition with qpdf: the label a PDF viewer shows for each page is the
// folio printed on it (iv, 12), not the page's place in the file.
func TestPageLabelsAreTheFolios(t *testing.T) {
	doc := typesetReport(t)
	data, dl, err := PDF(doc, layout.Options{Edition: layout.Screen, Date: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Pages []struct {
			Label *struct {
				S  string `json:"/S"`
				St int    `json:"/St"`
			}
		}
	}
	if err := json.Unmarshal([]byte(tool(t, data, "qpdf", "--json", "--json-key=pages")), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Pages) != len(dl.Pages) {
		t.Fatalf("qpdf reads %d pages, the display list has %d", len(j.Pages), len(dl.Pages))
	}
	roman := func(n int) string {
		var b strings.Builder
		for _, r := range []struct {
			v int
			s string
		}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
			for ; n >= r.v; n -= r.v {
				b.WriteString(r.s)
			}
		}
		return b.String()
	}
	checked := 0
	for i, p := range dl.Pages {
		l := j.Pages[i].Label
		if l == nil {
			t.Fatalf("page %d has no label", i+1)
		}
		got := strconv.Itoa(l.St)
		if l.S == "/r" {
			got = roman(l.St)
		}
		if p.Label != "" {
			if got != p.Label {
				t.Errorf("page %d: the viewer shows %q, the page prints %q", i+1, got, p.Label)
			}
			checked++
		}
	}
	if checked < len(dl.Pages)/2 || dl.Pages[3].Label != "iv" {
		t.Errorf("%d pages with folios checked; page 4 prints %q", checked, dl.Pages[3].Label)
	}
}
