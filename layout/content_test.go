package layout

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{
		{0, 2, "0"},
		{-0.001, 2, "0"},
		{1.5, 2, "1.5"},
		{2, 2, "2"},
		{12.345, 2, "12.35"},
		{-3.1, 2, "-3.1"},
		{841.889764, 2, "841.89"},
		{-250.0004, 3, "-250"},
		{0.0005, 3, "0.001"},
		{1e6, 2, "1000000"},
	} {
		if got := string(appendNum(nil, tc.v, tc.prec)); got != tc.want {
			t.Errorf("appendNum(%v, %d) = %q, want %q", tc.v, tc.prec, got, tc.want)
		}
	}
}

func TestAppendPDFString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "()"},
		{"A", "(\x00A)"},
		{"(a)", "(\x00\\(\x00a\x00\\))"},
		{`\`, "(\x00\\\\)"},
		{"\r", "(\x00\\r)"},
		{"中", "(N-)"},                    // U+4E2D
		{"尨", "(\\\\\\()"},               // U+5C28: both bytes reserved
		{"a\U0001F600b", "(\x00a\x00b)"}, // beyond U+FFFF: not drawn
	} {
		if got := string(appendPDFString(nil, tc.in)); got != tc.want {
			t.Errorf("appendPDFString(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestColorOperator(t *testing.T) {
	red := manuscript.Color{R: 200, G: 16, B: 46, C: 0, M: 1, Y: 0.85, K: 0.05, CMYKGiven: true}
	for _, tc := range []struct {
		c            manuscript.Color
		cmyk, stroke bool
		want         string
	}{
		{red, false, false, "0.784 0.063 0.180 rg"},
		{red, false, true, "0.784 0.063 0.180 RG"},
		{red, true, false, "0.000 1.000 0.850 0.050 k"},
		{red, true, true, "0.000 1.000 0.850 0.050 K"},
		{manuscript.Color{R: 140, G: 140, B: 140}, false, false, "0.549 g"},
		{manuscript.Color{R: 140, G: 140, B: 140}, false, true, "0.549 G"},
		// near-black text prints in black ink alone
		{manuscript.Color{R: 26, G: 26, B: 26}, true, false, "0.000 0.000 0.000 1.000 k"},
	} {
		if got := colorOperator(tc.c, tc.cmyk, tc.stroke); got != tc.want {
			t.Errorf("colorOperator(%v, cmyk %v, stroke %v) = %q, want %q", tc.c, tc.cmyk, tc.stroke, got, tc.want)
		}
	}
}

// TestContentStream checks the operators a page's content is written
// with: points from the bottom left, state set once until take, and a
// justified line's moves in thousandths of the size.
func TestContentStream(t *testing.T) {
	body := Font{Role: Body}
	c := &contentStream{h: 297, names: map[Font]string{body: "Fabc"}}
	if c.take() != nil {
		t.Error("an empty stream takes something")
	}
	run := textRun{x: 25.4, y: 297 - 25.4, font: body, size: 10, fill: "0 g", parts: []string{"a ", "b"}, moves: []float64{2.54}}
	c.text(&run)
	c.text(&textRun{x: 0, y: 297, font: body, size: 10, fill: "0 g", parts: []string{"c"}})
	c.rect(0, 0, 10, 10, "1 0 0 rg")
	c.line(0, 0, 10, 0, 0.5, "0 G")
	c.line(0, 1, 10, 1, 0.5, "0 G")
	want := "q\n0 g\nBT /Fabc 10 Tf 72 72 Td [(\x00a\x00 )-720(\x00b)] TJ ET\n" +
		"BT 0 0 Td (\x00c) Tj ET\n" +
		"1 0 0 rg\n0 841.89 28.35 -28.35 re f\n" +
		"0 G\n1.42 w\n0 841.89 m 28.35 841.89 l S\n" +
		"0 839.06 m 28.35 839.06 l S\nQ\n"
	if got := string(c.take()); got != want {
		t.Errorf("content:\n%q\nwant\n%q", got, want)
	}
	c.text(&run)
	if got := string(c.take()); !bytes.Contains([]byte(got), []byte("0 g\nBT /Fabc 10 Tf")) {
		t.Errorf("after take, the state is not set again: %q", got)
	}
	if c.err != nil {
		t.Fatal(c.err)
	}
	// a face without a resource name is an error, not a bad page
	c.text(&textRun{font: Font{Role: Heading}, size: 10, fill: "0 g", parts: []string{"x"}})
	if c.err == nil || c.take() != nil {
		t.Error("text in a face without a name was written")
	}
}

// TestEveryCharacterHasItsGlyph writes the report's draft and checks, for
// every character the pages draw in each face, that the subset of the
// face the PDF embeds maps it to a glyph: the pages' text is raw content
// that fpdf does not see, and only pdfWriter.markUsed tells it which
// glyphs to keep.
func TestEveryCharacterHasItsGlyph(t *testing.T) {
	doc := typesetReport(t)
	pdf, _, err := doc.PDF(Options{Edition: Draft, Date: time.Unix(1700000000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	obj := func(n int) []byte {
		i := bytes.Index(pdf, []byte(fmt.Sprintf("\n%d 0 obj\n", n)))
		if i < 0 {
			t.Fatalf("no object %d", n)
		}
		j := bytes.Index(pdf[i:], []byte("endobj"))
		return pdf[i : i+j]
	}
	ref := func(b []byte, key string) int {
		m := regexp.MustCompile(key + `\s*\[?\s*(\d+) 0 R`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("no %s in %q", key, b[:min(len(b), 200)])
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	// the CIDToGIDMap of each face, by fpdf's font name
	maps := map[string][]byte{}
	for _, m := range regexp.MustCompile(`/Subtype /Type0\n/BaseFont /(\w+)`).FindAllSubmatchIndex(pdf, -1) {
		name := string(pdf[m[2]:m[3]])
		start := bytes.LastIndex(pdf[:m[0]], []byte(" 0 obj"))
		cid := obj(ref(pdf[start:m[1]+200], "/DescendantFonts"))
		gm := obj(ref(cid, "/CIDToGIDMap"))
		s := bytes.Index(gm, []byte("stream\n"))
		zr, err := zlib.NewReader(bytes.NewReader(gm[s+len("stream\n"):]))
		if err != nil {
			t.Fatalf("%s: CIDToGIDMap: %v", name, err)
		}
		data, _ := io.ReadAll(zr)
		maps[name] = data
	}
	checked := 0
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			ti, ok := it.(TextItem)
			if !ok {
				continue
			}
			f := doc.fs.face(ti.Font)
			name := "utf8" + f.Role.family() + f.fpdfStyle()
			gm := maps[name]
			if gm == nil {
				t.Fatalf("page %s: %q is drawn in %s, which the PDF does not embed", p.Label, ti.Text, name)
			}
			for _, r := range ti.Text {
				if r > fonts.MaxRune || r == ' ' || !doc.fs.has(f, r) {
					continue
				}
				if 2*int(r)+1 >= len(gm) || gm[2*r] == 0 && gm[2*r+1] == 0 {
					t.Errorf("page %s: %q (%U) in %s has no glyph in the embedded subset", p.Label, r, r, name)
				}
				checked++
			}
		}
	}
	if checked < 100000 {
		t.Errorf("%d characters checked, want over 100,000", checked)
	}
}

// TestEmbedFace checks a face embedded apart: the widths it gives each
// character are the layout's, and its map from characters to glyphs finds
// each one's glyph in the cut, and nothing for a character not drawn.
func TestEmbedFace(t *testing.T) {
	fs, err := newFontSet(manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"})
	if err != nil {
		t.Fatal(err)
	}
	f := Font{Role: Body}
	var cs charSet
	cs.addString("ABé–")
	e := embedFace(f, fs.faces[f], []rune(cs.String()))
	if e.err != nil {
		t.Fatal(e.err)
	}
	m := fs.faces[f]
	want := fmt.Sprintf("[65 [%d %d] 233 [%d] 8211 [%d]]", m.Units("A"), m.Units("B"), m.Units("é"), m.Units("–"))
	if e.widths != want {
		t.Errorf("widths %s, want %s", e.widths, want)
	}
	zr, err := zlib.NewReader(bytes.NewReader(e.cidToGID))
	if err != nil {
		t.Fatal(err)
	}
	gids, _ := io.ReadAll(zr)
	if len(gids) != 2*(0x2013+1) {
		t.Fatalf("the map holds %d codes, want up to U+2013", len(gids)/2)
	}
	gid := func(r rune) int { return int(gids[2*r])<<8 | int(gids[2*r+1]) }
	seen := map[int]bool{}
	for _, r := range "ABé–" {
		if g := gid(r); g == 0 || seen[g] {
			t.Errorf("%q has glyph %d", r, g)
		} else {
			seen[g] = true
		}
	}
	if g := gid('C'); g != 0 {
		t.Errorf("C, not drawn, has glyph %d", g)
	}
	if e.length1 == 0 || len(e.file) == 0 || e.desc.Ascent == 0 {
		t.Errorf("no face embedded: %d bytes, description %+v", e.length1, e.desc)
	}
}
