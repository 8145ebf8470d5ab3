package pdf

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// run runs a checking tool on a PDF in a temporary file: file is replaced
// by the file's path in args.
func run(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "file" {
			args[i] = f
		}
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Dir(f)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, lookErr := exec.LookPath(name); lookErr != nil {
			t.Fatalf("%s is not installed (make test-deps installs it)", name)
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// face opens a bundled face.
func face(t testing.TB, file string) *fonts.Face {
	t.Helper()
	f, err := fonts.OpenFace(file)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// setText is a run of s in face f at size, each glyph at its natural
// advance, spaces widened by extra points.
func setText(f *fonts.Face, size, x, y float64, s string, extra float64, role display.RoleKind) *display.Text {
	t := &display.Text{Font: f.Display(), Size: size, X: x, Y: y, Text: s, Role: display.Role{Kind: role, Elem: display.NoElem}}
	for i, r := range s {
		g, _ := f.Glyph(r)
		adv := float64(f.RuneUnits(r)) * size / 1000
		if r == ' ' {
			adv += extra
		}
		t.Glyphs = append(t.Glyphs, display.Glyph{ID: g, Advance: adv, Cluster: int32(i)})
	}
	return t
}

func rect(x, y, w, h float64, c display.Color, role display.RoleKind) *display.Path {
	return &display.Path{Fill: &c, Role: display.Role{Kind: role, Elem: display.NoElem}, Segs: []display.Seg{
		{Op: display.MoveTo, Pts: [3]display.Point{{X: x, Y: y}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: x + w, Y: y}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: x + w, Y: y + h}}},
		{Op: display.LineTo, Pts: [3]display.Point{{X: x, Y: y + h}}},
		{Op: display.Close},
	}}
}

// testDoc is a small book of three pages: two of front matter numbered in
// roman numerals from iv, then page 1; text in two faces (one of them
// Chinese), a justified line, shapes, a figure with its text alternative,
// links and the outline.
func testDoc(t testing.TB) *display.Document {
	serif, cjk := face(t, "NotoSerif-Regular.ttf"), face(t, "DroidSansFallbackFull.ttf")
	red := display.Color{Space: display.DeviceRGB, C: [4]float64{0.8, 0.1, 0.2}}
	grey := display.Color{Space: display.Gray, C: [4]float64{0.5}}
	a5 := display.Rect{W: 420, H: 595}
	doc := &display.Document{
		Info: display.Info{Title: "A (Small) Book", Authors: []string{"Ann Author"}, Language: "en-GB", Creator: "Folio", Producer: "Folio",
			Date: time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)},
		Transparency: true,
		Elements:     []display.Element{{Kind: display.Figure, Alt: "Two bars: 3 and 5."}},
		Pages: []display.Page{
			{Media: a5, Label: "iv", Numbering: display.Roman, Number: 4, Items: []display.Item{
				setText(serif, 18, 56, 80, "Contents", 0, display.Heading),
				setText(serif, 10, 56, 120, "Grüße, wörld — ﬁne (text) \\ end", 0, display.Paragraph),
				setText(serif, 10, 56, 134, "a justified line of words", 4.25, display.Paragraph),
				setText(cjk, 10, 56, 148, "中国互联网络信息中心", 0, display.Paragraph),
				&display.Link{Box: display.Rect{X: 56, Y: 70, W: 80, H: 14}, Dest: "ch-1"},
				&display.Link{Box: display.Rect{X: 56, Y: 110, W: 80, H: 14}, URI: "https://example.com/a?b=(c)"},
				setText(serif, 9, 200, 570, "iv", 0, display.Furniture),
			}},
			{Media: a5, Items: []display.Item{
				&display.Group{Role: display.Role{Kind: display.Figure, Elem: 0}, Items: []display.Item{
					rect(56, 200, 40, 60, red, display.Figure),
					rect(106, 160, 40, 100, grey, display.Figure),
					&display.Path{Stroke: &display.Stroke{Color: grey, Width: 0.5, Dash: []float64{2, 1}}, Role: display.Role{Kind: display.Figure, Elem: display.NoElem},
						Segs: []display.Seg{{Op: display.MoveTo, Pts: [3]display.Point{{X: 50, Y: 260}}}, {Op: display.CubeTo, Pts: [3]display.Point{{X: 80, Y: 270}, {X: 120, Y: 270}, {X: 150, Y: 260}}}}},
				}},
			}},
			{Media: a5, Label: "1", Numbering: display.Arabic, Number: 1, Dests: []display.Dest{{Name: "ch-1", Y: 56}}, Items: []display.Item{
				setText(serif, 18, 56, 80, "One", 0, display.Heading),
			}},
		},
		Outline: []display.Bookmark{{Title: "Contents", Page: 0, Y: 56}, {Title: "One", Page: 2, Y: 56}, {Title: "A section (of one)", Level: 1, Page: 2, Y: 100}},
	}
	return doc
}

func write(t testing.TB, doc *display.Document, opt Options) []byte {
	t.Helper()
	data, err := Write(doc, opt)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestWrite checks a written file with qpdf and poppler: valid, with one
// cross-reference stream and its values in object streams, the pages'
// labels, fonts embedded as subsets, the text, the outline and the links.
func TestWrite(t *testing.T) {
	for _, opt := range []Options{{Compress: true}, {}} {
		name := "compressed"
		if !opt.Compress {
			name = "plain"
		}
		t.Run(name, func(t *testing.T) {
			data := write(t, testDoc(t), opt)
			if out := run(t, data, "qpdf", "--check", "file"); !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			// one cross-reference section, a stream; no incremental update
			trailer := run(t, data, "mutool", "show", "file", "trailer")
			if n := bytes.Count(data, []byte("startxref")); n != 1 || strings.Contains(trailer, "/Prev") || !strings.Contains(trailer, "/Type /XRef") {
				t.Errorf("%d cross-reference sections, or not a stream:\n%s", n, trailer)
			}
			if !bytes.Contains(data, []byte("/Type /ObjStm")) {
				t.Error("no object streams")
			}
			var j struct {
				Pages []struct {
					Label *struct {
						S  string `json:"/S"`
						St int    `json:"/St"`
					}
				}
				PageLabels []struct{ Index int } `json:"pagelabels"`
				Outlines   []struct {
					Title string
					Page  int `json:"destpageposfrom1"`
					Kids  []struct {
						Title string
						Page  int `json:"destpageposfrom1"`
					}
				}
			}
			if err := json.Unmarshal([]byte(run(t, data, "qpdf", "--json", "--json-key=pages", "--json-key=pagelabels", "--json-key=outlines", "file")), &j); err != nil {
				t.Fatal(err)
			}
			if len(j.Pages) != 3 || j.Pages[0].Label == nil || j.Pages[0].Label.S != "/r" || j.Pages[0].Label.St != 4 ||
				j.Pages[1].Label == nil || j.Pages[1].Label.St != 5 || j.Pages[2].Label == nil || j.Pages[2].Label.S != "/D" || j.Pages[2].Label.St != 1 || len(j.PageLabels) != 2 {
				t.Errorf("page labels: %+v, ranges %+v; want iv, v, 1", j.Pages, j.PageLabels)
			}
			if len(j.Outlines) != 2 || j.Outlines[0].Title != "Contents" || j.Outlines[0].Page != 1 || j.Outlines[1].Page != 3 ||
				len(j.Outlines[1].Kids) != 1 || j.Outlines[1].Kids[0].Title != "A section (of one)" {
				t.Errorf("outline: %+v", j.Outlines)
			}
			fontsOut := run(t, data, "pdffonts", "file")
			fontLine := regexp.MustCompile(`(?m)^([A-Z]{6})\+(\S+)\s+CID TrueType\s+Identity-H\s+yes yes yes`)
			got := fontLine.FindAllStringSubmatch(fontsOut, -1)
			if len(got) != 2 || got[0][2] != "NotoSerif-Regular" || got[1][2] != "DroidSansFallback" || got[0][1] == got[1][1] {
				t.Errorf("pdffonts: want two embedded subsets with tags, NotoSerif-Regular and DroidSansFallback:\n%s", fontsOut)
			}
			text := run(t, data, "pdftotext", "-layout", "file", "-")
			for _, want := range []string{"Contents", "Grüße, wörld — ﬁne (text) \\ end", "a justified line of words", "中国互联网络信息中心", "One"} {
				if !strings.Contains(text, want) {
					t.Errorf("pdftotext: no %q in\n%s", want, text)
				}
			}
			info := run(t, data, "pdfinfo", "file")
			for _, want := range []string{"Title:           A (Small) Book", "Author:          Ann Author", "Pages:           3", "Page size:       420 x 595 pts", "Tagged:          yes", "PDF version:     1.7"} {
				if !strings.Contains(info, want) {
					t.Errorf("pdfinfo: no %q in\n%s", want, info)
				}
			}
			links := run(t, data, "mutool", "show", "file", "pages/1/Annots")
			if !strings.Contains(links, "/URI (https://example.com/a?b=\\(c\\))") || !strings.Contains(links, "/Dest (ch-1)") {
				t.Errorf("links:\n%s", links)
			}
			if st := run(t, data, "pdfinfo", "-struct-text", "file"); !strings.Contains(st, "Figure") {
				t.Errorf("no figure in the structure tree:\n%s", st)
			}
			if alt := run(t, data, "mutool", "show", "file", "trailer/Root/StructTreeRoot/K/K/1"); !strings.Contains(alt, "/Alt (Two bars: 3 and 5.)") {
				t.Errorf("the figure has no text alternative:\n%s", alt)
			}
		})
	}
}

// TestGlyphsAreTheFacesGlyphs follows every glyph mutool draws back to
// the font: the glyph of the subset the PDF embeds that a glyph is drawn
// with must have the outline of the character's glyph in the whole face,
// and stand where the run puts it.
func TestGlyphsAreTheFacesGlyphs(t *testing.T) {
	doc := testDoc(t)
	data := write(t, doc, Options{Compress: true})
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("mutool", "extract", file)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mutool extract: %v\n%s", err, out)
	}
	// the subsets, by the PostScript name in their name tables
	subsets := map[string]*fonts.Face{}
	files, _ := filepath.Glob(filepath.Join(dir, "font-*.ttf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sf, err := sfnt.Parse(b)
		if err != nil {
			t.Fatalf("an embedded subset does not parse: %v", err)
		}
		name, err := sf.Name(nil, sfnt.NameIDPostScript)
		if err != nil {
			t.Fatal(err)
		}
		if subsets[name], err = fonts.NewFace(f, b); err != nil {
			t.Fatal(err)
		}
	}
	if len(subsets) != 2 {
		t.Fatalf("%d fonts extracted, want 2", len(subsets))
	}
	whole := map[string]*fonts.Face{"NotoSerif-Regular": face(t, "NotoSerif-Regular.ttf"), "DroidSansFallback": face(t, "DroidSansFallbackFull.ttf")}
	trace := run(t, data, "mutool", "trace", "file")
	span := regexp.MustCompile(`<span font="\w+\+([^"]+)"|<g unicode="([^"]*)" glyph="(\d+)" x="([\d.]+)"`)
	font, checked := "", 0
	for _, m := range span.FindAllStringSubmatch(trace, -1) {
		if m[1] != "" {
			font = m[1]
			continue
		}
		sub, ref := subsets[font], whole[font]
		if sub == nil || ref == nil {
			t.Fatalf("glyphs of %q, which is not one of the fonts", font)
		}
		r := []rune(unescape(m[2]))
		if len(r) != 1 {
			t.Errorf("%s: glyph %s stands for %q", font, m[3], m[2])
			continue
		}
		var gid int
		for _, c := range m[3] {
			gid = gid*10 + int(c-'0')
		}
		want, _ := ref.Glyph(r[0])
		if !sameOutline(t, sub, uint16(gid), ref, want) {
			t.Errorf("%s: %q is drawn with glyph %d of the subset, whose outline is not the face's glyph %d", font, r[0], gid, want)
		}
		checked++
	}
	if checked < 60 {
		t.Errorf("%d glyphs checked", checked)
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
}

// sameOutline compares glyph a of face fa with glyph b of face fb: their
// outlines, read by sfnt, and their advances.
func sameOutline(t *testing.T, fa *fonts.Face, a uint16, fb *fonts.Face, b uint16) bool {
	t.Helper()
	outline := func(f *fonts.Face, g uint16) sfnt.Segments {
		sf, err := sfnt.Parse(f.Data())
		if err != nil {
			t.Fatal(err)
		}
		segs, err := sf.LoadGlyph(nil, sfnt.GlyphIndex(g), fixed.I(1000), nil)
		if err != nil {
			t.Fatalf("glyph %d: %v", g, err)
		}
		return append(sfnt.Segments(nil), segs...)
	}
	return slices.Equal(outline(fa, a), outline(fb, b)) && fa.GlyphUnits(a) == fb.GlyphUnits(b)
}

// TestDeterministic writes the same document on one core and on several,
// twice each: the bytes are the same.
func TestDeterministic(t *testing.T) {
	doc := testDoc(t)
	var first []byte
	for _, procs := range []int{1, 4, 1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		data := write(t, doc, Options{Compress: true})
		runtime.GOMAXPROCS(prev)
		if first == nil {
			first = data
		} else if !bytes.Equal(first, data) {
			t.Fatalf("GOMAXPROCS=%d: other bytes", procs)
		}
	}
	doc.Info.Title = "Another"
	if bytes.Equal(write(t, doc, Options{Compress: true}), first) {
		t.Error("another title, the same bytes")
	}
}

func TestWriteErrors(t *testing.T) {
	if _, err := Write(&display.Document{}, Options{}); err == nil {
		t.Error("no pages: no error")
	}
	doc := testDoc(t)
	doc.Pages[1].Items = append(doc.Pages[1].Items, &display.Image{Box: display.Rect{W: 10, H: 10}, Src: &display.ImageSource{Format: "png", Data: []byte("not a PNG")}})
	if _, err := Write(doc, Options{}); err == nil || !strings.Contains(err.Error(), "image") {
		t.Errorf("a broken image: %v", err)
	}
}

// TestOneGlyphForSeveralTexts draws .notdef for two characters the face
// lacks, and one glyph for two texts (a letter, then a ligature's worth of
// text): each must read back as the text it was drawn for, and draw the
// glyph it was.
func TestOneGlyphForSeveralTexts(t *testing.T) {
	serif := face(t, "NotoSerif-Regular.ttf")
	a, _ := serif.Glyph('A')
	line := func(y float64, text string, ids ...uint16) *display.Text {
		tx := &display.Text{Font: serif.Display(), Size: 12, X: 20, Y: y, Text: text, Role: display.Role{Kind: display.Paragraph, Elem: display.NoElem}}
		i := 0
		for j := range text {
			if i < len(ids) && (j == 0 || len(tx.Glyphs) < len(ids)) {
				tx.Glyphs = append(tx.Glyphs, display.Glyph{ID: ids[i], Advance: 8, Cluster: int32(j)})
				i++
			}
		}
		return tx
	}
	doc := &display.Document{Info: display.Info{Draft: true}, Pages: []display.Page{{Media: display.Rect{W: 200, H: 100}, Items: []display.Item{
		line(20, "Aद", a, 0),
		line(40, "ग", 0),
		&display.Text{Font: serif.Display(), Size: 12, X: 20, Y: 60, Text: "AE", Role: display.Role{Kind: display.Paragraph, Elem: display.NoElem},
			Glyphs: []display.Glyph{{ID: a, Advance: 8, Cluster: 0}}}, // one glyph for "AE"
		line(80, "A", a),
	}}}}
	data := write(t, doc, Options{Compress: true})
	run(t, data, "qpdf", "--check", "file")
	text := strings.Fields(run(t, data, "pdftotext", "file", "-"))
	if want := []string{"Aद", "ग", "AE", "A"}; !slices.Equal(text, want) {
		t.Errorf("pdftotext reads %q, want %q", text, want)
	}
	trace := run(t, data, "mutool", "trace", "file")
	glyphs := regexp.MustCompile(`<g unicode="([^"]*)" glyph="(\d+)"`).FindAllStringSubmatch(trace, -1)
	var got []string
	for _, g := range glyphs {
		got = append(got, g[1]+"="+g[2])
	}
	if want := []string{"A=1", "द=0", "ग=0", "A=1", "A=1"}; !slices.Equal(got[:min(len(got), 5)], want) {
		t.Errorf("mutool draws %q, want %q", got, want)
	}
}
