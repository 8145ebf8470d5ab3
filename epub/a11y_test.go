package epub

import (
	"bytes"
	"image/png"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

func TestCover(t *testing.T) {
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			data, b := built(t, name)
			a := unpack(t, data)
			opf := mustParse(t, "package.opf", a.files["EPUB/package.opf"])
			var coverHref, coverMeta, firstSpine string
			items := map[string]string{}
			opf.walk(func(e *node) {
				id, _ := e.attr("id")
				href, _ := e.attr("href")
				switch e.name.Local {
				case "item":
					items[id] = href
					if p, _ := e.attr("properties"); p == "cover-image" {
						if coverHref != "" {
							t.Error("two items are the cover-image")
						}
						coverHref = href
						if mt, _ := e.attr("media-type"); mt != "image/png" {
							t.Errorf("the cover is %s", mt)
						}
					}
				case "meta":
					if n, _ := e.attr("name"); n == "cover" {
						coverMeta, _ = e.attr("content")
					}
				case "itemref":
					if firstSpine == "" {
						firstSpine, _ = e.attr("idref")
					}
				}
			})
			if coverHref == "" {
				t.Fatal("no manifest item is the cover-image")
			}
			if items[coverMeta] != coverHref {
				t.Errorf("<meta name=cover> names %q, not the cover-image", coverMeta)
			}
			img, err := png.Decode(bytes.NewReader(a.files[path.Join("EPUB", coverHref)]))
			if err != nil {
				t.Fatalf("the cover is not a PNG: %v", err)
			}
			if got := img.Bounds(); got.Dx() != 1600 || got.Dy() != 2560 {
				t.Errorf("the cover is %d×%d, want 1600×2560", got.Dx(), got.Dy())
			}

			// the cover document comes first and shows the cover, named
			page := path.Join("EPUB", items[firstSpine])
			var shown, alt, typ string
			mustParse(t, page, a.files[page]).walk(func(e *node) {
				if e.name.Local == "section" {
					typ = e.attrNS(nsEPUB, "type")
				}
				if e.name.Local == "img" {
					shown, _ = e.attr("src")
					alt, _ = e.attr("alt")
				}
			})
			if typ != "cover" {
				t.Errorf("the first document in the spine is a %q section, not the cover", typ)
			}
			if path.Join(path.Dir(page), shown) != path.Join("EPUB", coverHref) {
				t.Errorf("the cover document shows %s, not the cover-image", shown)
			}
			if !strings.Contains(alt, b.Title) || !strings.HasPrefix(alt, "Cover of ") {
				t.Errorf("the cover's alt %q does not name the book %q", alt, b.Title)
			}
			nav := string(a.files["EPUB/text/nav.xhtml"])
			if !strings.Contains(nav, `<a epub:type="cover" href="`+path.Base(page)+`">`) {
				t.Error("the landmarks have no cover")
			}
			if _, after, _ := strings.Cut(nav, `epub:type="toc"`); strings.Contains(strings.SplitN(after, "</nav>", 2)[0], path.Base(page)) {
				t.Error("the cover is listed in the table of contents")
			}
		})
	}
}

func TestChartsAreReadable(t *testing.T) {
	data, b := built(t, "report")
	a := unpack(t, data)
	captions := map[string]string{} // figure anchor → caption
	for _, c := range b.Documents() {
		walkBlocks(c.Body, func(bl manuscript.Block) {
			if f, ok := bl.(*manuscript.Figure); ok && f.Chart != nil {
				captions[f.Anchor()] = f.Caption.Plain()
			}
		})
	}
	if len(captions) == 0 {
		t.Fatal("the report has no charts")
	}
	seen := 0
	for _, n := range a.xhtml() {
		mustParse(t, n, a.files[n]).walk(func(fig *node) {
			id, _ := fig.attr("id")
			if fig.name.Local != "figure" || captions[id] == "" {
				return
			}
			seen++
			var img *node
			fig.walk(func(e *node) {
				if e.name.Local == "img" {
					img = e
				}
			})
			if img == nil {
				t.Errorf("%s: figure %s has no img", n, id)
				return
			}
			alt, _ := img.attr("alt")
			// a description, not a restated caption: the kind of chart and
			// its numbers
			if len(alt) < 40 || alt == captions[id] || !regexp.MustCompile(`[0-9]`).MatchString(alt) {
				t.Errorf("%s: chart %s has the alt %q", n, id, alt)
			}
			src, _ := img.attr("src")
			svg := a.files[path.Join(path.Dir(n), src)]
			if !bytes.Contains(svg, []byte(`role="img"`)) || !bytes.Contains(svg, []byte("<title")) || !bytes.Contains(svg, []byte("<desc")) {
				t.Errorf("%s: the SVG has no role, title or desc", src)
			}
			if bytes.Contains(svg, []byte(`class="background"`)) {
				t.Errorf("%s: the SVG paints a background, a white box in night mode", src)
			}
			// the data table follows, reachable, with a caption and headers
			data := fig.parent.children
			var details *node
			for i, c := range data {
				if c == fig && i+1 < len(data) {
					details = data[i+1]
				}
			}
			if details == nil || details.name.Local != "details" {
				t.Errorf("%s: no details after chart %s", n, id)
				return
			}
			var summary, caption bool
			rowHeads, colHeads, cells := 0, 0, 0
			details.walk(func(e *node) {
				switch e.name.Local {
				case "summary":
					summary = strings.TrimSpace(e.text) != ""
				case "caption":
					caption = true
				case "th":
					switch scope, _ := e.attr("scope"); scope {
					case "row":
						rowHeads++
					case "col":
						colHeads++
					default:
						t.Errorf("%s: a th in the data of %s has scope %q", n, id, scope)
					}
				case "td":
					cells++
				}
			})
			if !summary || !caption || rowHeads == 0 || colHeads == 0 || cells == 0 {
				t.Errorf("%s: the data of %s: summary %v, caption %v, %d row and %d column headers, %d cells", n, id, summary, caption, rowHeads, colHeads, cells)
			}
		})
	}
	if seen != len(captions) {
		t.Errorf("found %d chart figures, want %d", seen, len(captions))
	}
}

func TestPageColours(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []string // substrings of the result
		wantNot   []string
		unchanged bool
	}{{
		name: "background removed, dark text kept legible",
		in:   `<svg><g><rect class="background" x="0" y="0" width="640" height="408" fill="#ffffff"/>` + "\n" + `<text fill="#262626">a</text><text fill="#ffffff">b</text><text fill="#5E5E5E">c</text></g></svg>`,
		want: []string{"<style>", `text[fill="#262626"], text[fill="#5e5e5e"] { paint-order: stroke`, "@supports (paint-order: stroke)",
			"@media (prefers-color-scheme: dark)", `text[fill="#262626"] { fill: #d9d9d9; }`, `<text fill="#ffffff">b</text>`},
		wantNot: []string{`class="background"`, `text[fill="#ffffff"]`},
	}, {
		name:    "no dark text: no style",
		in:      `<svg><g><rect class="background" fill="#ffffff"/><text fill="#ffffff">b</text></g></svg>`,
		wantNot: []string{`class="background"`, "<style>"},
	}, {
		name:      "no background: as it is",
		in:        `<svg><text fill="#262626">a</text></svg>`,
		unchanged: true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(pageColours([]byte(tc.in)))
			if tc.unchanged && got != tc.in {
				t.Errorf("changed to %s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q in\n%s", w, got)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("%q in\n%s", w, got)
				}
			}
			if _, err := parse([]byte(got)); err != nil {
				t.Errorf("not XML: %v\n%s", err, got)
			}
		})
	}
}

func TestTextColoursContrast(t *testing.T) {
	data, _ := built(t, "report")
	css := string(unpack(t, data).files["EPUB/css/folio.css"])
	light, dark, _ := strings.Cut(css, "@media (prefers-color-scheme: dark)")
	colourRE := regexp.MustCompile(`[{;]\s*color:\s*(#[0-9a-f]{6})`)
	for _, tc := range []struct {
		name  string
		css   string
		page  manuscript.Color
		rules int
	}{{"light", light, white, 15}, {"night", dark, nightPage, 15}} {
		ms := colourRE.FindAllStringSubmatch(tc.css, -1)
		if len(ms) < tc.rules {
			t.Errorf("%s: %d text colours, want at least %d", tc.name, len(ms), tc.rules)
		}
		for _, m := range ms {
			c, ok := parseHex(m[1])
			if !ok {
				t.Fatalf("bad colour %s", m[1])
			}
			if r := manuscript.Contrast(c, tc.page); r < 4.5 {
				t.Errorf("%s: text colour %s has a contrast of %.2f with the page %s", tc.name, m[1], r, tc.page.Hex())
			}
		}
	}
	// the function itself
	for _, tc := range []struct{ in, page string }{
		{"#e69f00", "#ffffff"}, {"#56b4e9", "#ffffff"}, {"#0072b2", "#121212"}, {"#000000", "#121212"}, {"#ffffff", "#ffffff"},
	} {
		c, _ := parseHex(tc.in)
		p, _ := parseHex(tc.page)
		if got := readable(c, p); manuscript.Contrast(got, p) < 4.5 {
			t.Errorf("readable(%s, %s) = %s, contrast %.2f", tc.in, tc.page, got.Hex(), manuscript.Contrast(got, p))
		}
	}
	if c, _ := parseHex("#0072b2"); readable(c, white) != c {
		t.Error("a colour that reads was changed")
	}
}

func TestConformance(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(b *manuscript.Book)
		claim bool
	}{
		{"as written", func(*manuscript.Book) {}, true},
		{"an image without alt", func(b *manuscript.Book) {
			for _, c := range b.Documents() {
				walkBlocks(c.Body, func(bl manuscript.Block) {
					if f, ok := bl.(*manuscript.Figure); ok && f.Image != nil {
						f.Alt = ""
					}
				})
			}
		}, false},
		{"no language", func(b *manuscript.Book) { b.Language = "" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := loadMini(t)
			tc.edit(b)
			m := metadata(t, unpack(t, build(t, b, Options{PageList: pageMarks(b)})))
			got := m["dcterms:conformsTo"]
			if tc.claim && (len(got) != 1 || got[0] != "EPUB Accessibility 1.1 - WCAG 2.1 Level AA") {
				t.Errorf("conformsTo = %q, want the claim", got)
			}
			if !tc.claim && got != nil {
				t.Errorf("conformsTo = %q, want no claim", got)
			}
			// the rest of the accessibility metadata does not depend on it
			for _, p := range []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary"} {
				if len(m[p]) == 0 {
					t.Errorf("no %s", p)
				}
			}
			if f := strings.Join(m["schema:accessibilityFeature"], " "); !strings.Contains(f, "printPageNumbers") {
				t.Errorf("with a page-list, features = %s", f)
			}
		})
	}
}
