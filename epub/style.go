package epub

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// fontMediaType is the media type of the embedded TrueType fonts. EPUB 3.2
// lists font/ttf among its core media types, and EPUBCheck 4.2.6 accepts
// it without a message (as it does application/font-sfnt and
// application/vnd.ms-opentype).
const fontMediaType = "font/ttf"

// face is a font file to embed.
type face struct {
	family string
	style  fonts.Style
	file   string
}

// faces returns the fonts to embed: the body family in regular, italic and
// bold, and the heading family in regular and bold. The CJK family is
// embedded apart (cjkSubset), cut to the characters the book prints:
// Droid Sans Fallback whole is 4 MB.
func (w *writer) faces() []face {
	roles := w.book.Theme.Fonts
	body, heading := familyOr(roles.Body, "Noto Serif"), familyOr(roles.Heading, "Noto Sans")
	var out []face
	seen := map[string]bool{}
	add := func(name string, styles ...fonts.Style) {
		fam, ok := fonts.Lookup(name)
		if !ok || name == roles.CJK || name == "Droid Sans Fallback" {
			return
		}
		for _, s := range styles {
			if !fam.Has(s) {
				continue // the reading system synthesises the style
			}
			file := fam.File(s)
			if !seen[file] {
				seen[file] = true
				out = append(out, face{family: name, style: s, file: file})
			}
		}
	}
	add(body, fonts.Regular, fonts.Italic, fonts.Bold)
	add(heading, fonts.Regular, fonts.Bold)
	return out
}

func familyOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// embeddedFamilies returns the names of the embedded families, in order.
func (w *writer) embeddedFamilies() []string {
	var out []string
	for _, f := range w.faces() {
		if len(out) == 0 || out[len(out)-1] != f.family {
			out = append(out, f.family)
		}
	}
	return out
}

// fontStack returns a CSS font-family value for a bundled family.
func fontStack(name, generic string) string {
	if fam, ok := fonts.Lookup(name); ok {
		generic = fam.Generic
	}
	if name == "" {
		return generic
	}
	return `"` + strings.ReplaceAll(name, `"`, "") + `", ` + generic
}

// cjkFile is the name of the embedded subset of the CJK family.
const cjkFile = "cjk-subset.ttf"

// cjkSubset cuts the theme's CJK face to the characters the book prints
// that the body face lacks and the CJK face has, so that Chinese shows on
// a reading system with no Chinese font of its own; nil when there are
// none.
func (w *writer) cjkSubset() ([]byte, string, error) {
	roles := w.book.Theme.Fonts
	cjkName := familyOr(roles.CJK, "Droid Sans Fallback")
	cjkFam, ok := fonts.Lookup(cjkName)
	if !ok {
		return nil, "", nil
	}
	bodyFam, ok := fonts.Lookup(familyOr(roles.Body, "Noto Serif"))
	if !ok || bodyFam.Name == cjkFam.Name {
		return nil, "", nil // the body face is the CJK face, embedded whole
	}
	body, err := fonts.OpenFace(bodyFam.File(fonts.Regular))
	if err != nil {
		return nil, "", fmt.Errorf("epub: %w", err)
	}
	cjk, err := fonts.OpenFace(cjkFam.File(fonts.Regular))
	if err != nil {
		return nil, "", fmt.Errorf("epub: %w", err)
	}
	chars := map[rune]uint16{}
	var gids []uint16
	for _, r := range w.book.Chars {
		if body.Has(r) {
			continue
		}
		if g, ok := cjk.Glyph(r); ok {
			if _, dup := chars[r]; !dup {
				chars[r] = g
				gids = append(gids, g)
			}
		}
	}
	if len(gids) == 0 {
		return nil, "", nil
	}
	slices.Sort(gids)
	gids = slices.Compact(gids)
	sub, _, err := fonts.Subset(cjk.Data(), gids, chars)
	if err != nil {
		return nil, "", fmt.Errorf("epub: %s: %w", cjkName, err)
	}
	return sub, cjkName, nil
}

// styleSheet returns the style sheet and the fonts it embeds.
func (w *writer) styleSheet() ([]resource, error) {
	var css strings.Builder
	var out []resource
	cjk, cjkName, err := w.cjkSubset()
	if err != nil {
		return nil, err
	}
	if cjk != nil {
		out = append(out, resource{id: "font-cjk", href: path.Join(fontDir, cjkFile), mediaType: fontMediaType, data: cjk})
		fmt.Fprintf(&css, "@font-face {\n  font-family: \"%s\";\n  src: url(\"../%s/%s\");\n}\n\n", strings.ReplaceAll(cjkName, `"`, ""), fontDir, cjkFile)
	}
	// the CJK family stands after the first in every stack: a character
	// the first lacks is drawn in it
	withCJK := func(stack string) string {
		if cjk == nil {
			return stack
		}
		first, rest, _ := strings.Cut(stack, ", ")
		return first + `, "` + strings.ReplaceAll(cjkName, `"`, "") + `", ` + rest
	}
	for i, f := range w.faces() {
		data, err := fonts.Read(f.file)
		if err != nil {
			return nil, fmt.Errorf("epub: %w", err)
		}
		out = append(out, resource{id: fmt.Sprintf("font-%d", i+1), href: path.Join(fontDir, f.file), mediaType: fontMediaType, data: data})
		weight, style := "normal", "normal"
		if f.style == fonts.Bold || f.style == fonts.BoldItalic {
			weight = "bold"
		}
		if f.style == fonts.Italic || f.style == fonts.BoldItalic {
			style = "italic"
		}
		fmt.Fprintf(&css, "@font-face {\n  font-family: \"%s\";\n  font-style: %s;\n  font-weight: %s;\n  src: url(\"../%s/%s\");\n}\n\n",
			strings.ReplaceAll(f.family, `"`, ""), style, weight, fontDir, f.file)
	}
	roles := w.book.Theme.Fonts
	r := strings.NewReplacer(
		"$BODY", withCJK(fontStack(familyOr(roles.Body, "Noto Serif"), "serif")),
		"$SANS", withCJK(fontStack(familyOr(roles.Heading, "Noto Sans"), "sans-serif")),
		"$MONO", withCJK(fontStack(familyOr(roles.Mono, "Noto Sans Mono"), "monospace")),
	)
	css.WriteString(r.Replace(baseCSS))
	// the chapter colours: the kicker, the rules, the callout border. Text
	// takes the colour darkened until it reads on a white page (4.5:1, WCAG
	// AA), or lightened until it reads on a dark one in night mode.
	var dark strings.Builder
	for _, d := range w.docs {
		if d.doc == nil {
			continue
		}
		cl, c := "."+colorClass(d.doc), d.doc.Color
		fmt.Fprintf(&css, "\n%s .opener, %s .pullquote { border-color: %s; }\n", cl, cl, c.Hex())
		fmt.Fprintf(&css, "%s .callout, %s .key-figures li { border-color: %s; }\n", cl, cl, c.Hex())
		fmt.Fprintf(&css, "%s .kicker, %s .kf-value, %s figcaption .label, %s caption .label { color: %s; }\n", cl, cl, cl, cl, readable(c, white).Hex())
		fmt.Fprintf(&dark, "  %s .kicker, %s .kf-value, %s figcaption .label, %s caption .label { color: %s; }\n", cl, cl, cl, cl, readable(c, nightPage).Hex())
	}
	if dark.Len() > 0 {
		css.WriteString("\n@media (prefers-color-scheme: dark) {\n")
		css.WriteString(dark.String())
		css.WriteString("}\n")
	}
	sheet := resource{id: "css", href: path.Join(styleDir, cssName), mediaType: "text/css", data: []byte(css.String())}
	return append([]resource{sheet}, out...), nil
}

// The page colours text colours are checked against: white paper, and a
// night mode's near-black.
var (
	white     = manuscript.Color{R: 255, G: 255, B: 255}
	nightPage = manuscript.Color{R: 0x12, G: 0x12, B: 0x12}
)

// minContrast is the contrast WCAG 2.1 AA asks of normal-size text, with a
// little to spare for rounding.
const minContrast = 4.6

// readable returns c, or c mixed with black (on a light page) or white (on
// a dark one) just enough to have minContrast with the page.
func readable(c, page manuscript.Color) manuscript.Color {
	toward := uint8(0)
	if page.Luminance() < 0.5 {
		toward = 255
	}
	mix := func(v uint8, t float64) uint8 {
		return uint8(math.Round(float64(v) + (float64(toward)-float64(v))*t))
	}
	for i := 0; i <= 64; i++ {
		t := float64(i) / 64
		m := manuscript.Color{R: mix(c.R, t), G: mix(c.G, t), B: mix(c.B, t)}
		if manuscript.Contrast(m, page) >= minContrast {
			return m
		}
	}
	return manuscript.Color{R: toward, G: toward, B: toward}
}

// baseCSS is the reflowable design. It echoes the print edition (serif
// text, sans headings and captions, the chapter's colour on the kicker,
// rules and callout border) in relative units, and never sets the colour or
// background of text, so that reading systems' night and sepia modes work.
const baseCSS = `body {
  font-family: $BODY;
  line-height: 1.5;
  widows: 2;
  orphans: 2;
}

h1, h2, h3, h4, h5, h6,
figcaption, caption, table.data, summary, nav,
.callout, .pullquote, .key-figures, .attribution, .source, .note,
.titlepage, .imprint {
  font-family: $SANS;
}

code {
  font-family: $MONO;
  font-size: 0.9em;
}

[lang|="zh"] {
  font-style: normal;
}

h1, h2, h3, h4 {
  line-height: 1.25;
  font-weight: bold;
  page-break-after: avoid;
  break-after: avoid;
}

h2 {
  font-size: 1.35em;
  margin: 1.6em 0 0.5em;
}

h3 {
  font-size: 1.1em;
  margin: 1.3em 0 0.4em;
}

h4 {
  font-size: 1em;
  margin: 1em 0 0.3em;
}

p {
  margin: 0;
}

section > p + p,
blockquote > p + p {
  text-indent: 1.5em;
}

section > p, section > ul, section > ol, section > dl {
  margin-bottom: 0.2em;
}

ul, ol {
  margin: 0.6em 0;
  padding-left: 1.5em;
}

li {
  margin: 0.2em 0;
}

a.xref, a.external {
  text-decoration: none;
  border-bottom: thin dotted;
}

sup.noteref {
  font-size: 0.7em;
  line-height: 0;
  vertical-align: super;
}

sup.noteref a {
  text-decoration: none;
}

/* chapter opening */

.opener {
  border-top: 0.35em solid;
  padding-top: 0.8em;
  margin-bottom: 2em;
}

.opener h1 {
  font-size: 1.9em;
  margin: 0 0 0.6em;
}

.opener h1 .number,
.opener h1 .kicker {
  display: block;
  font-size: 0.42em;
  letter-spacing: 0.08em;
  text-transform: uppercase;
  margin-bottom: 0.3em;
}

.opener h1 .title {
  display: block;
}

.standfirst {
  font-size: 1.15em;
  font-style: italic;
  line-height: 1.45;
  margin: 0 0 1.2em;
}

.key-figures ul {
  list-style: none;
  margin: 1em 0 0;
  padding: 0;
}

.key-figures li {
  display: inline-block;
  vertical-align: top;
  width: 30%;
  margin: 0 2% 1em 0;
  border-top: 0.2em solid;
  padding-top: 0.3em;
}

.kf-value {
  font-size: 1.6em;
  font-weight: bold;
  line-height: 1.2;
}

.kf-label {
  font-size: 0.85em;
  line-height: 1.3;
}

.kf-source {
  font-size: 0.7em;
  margin-top: 0.3em;
}

/* quotations and boxes */

.quote {
  margin: 1.2em 2em;
}

blockquote {
  margin: 0;
  font-style: italic;
}

.attribution {
  font-size: 0.85em;
  margin-top: 0.4em;
}

aside.pullquote {
  font-size: 1.25em;
  line-height: 1.35;
  margin: 1.5em 0;
  padding: 0.5em 0;
  border-top: 0.08em solid;
  border-bottom: 0.08em solid;
}

aside.pullquote .attribution {
  font-size: 0.7em;
}

aside.callout {
  margin: 1.5em 0;
  padding: 0.2em 0 0.2em 1em;
  border-left: 0.3em solid;
  font-size: 0.92em;
}

.callout-title {
  font-size: 1.05em;
  margin: 0.3em 0 0.5em;
}

aside.callout p + p {
  margin-top: 0.5em;
}

/* figures and tables */

figure {
  margin: 1.8em 0;
  page-break-inside: avoid;
  break-inside: avoid;
}

figure img.chart {
  display: block;
  width: 100%;
  height: auto;
}

figure img.picture {
  display: block;
  max-width: 100%;
  height: auto;
  margin: 0 auto;
}

figcaption {
  font-size: 0.85em;
  line-height: 1.35;
  margin-top: 0.6em;
}

.label, .source-label, .note-label {
  font-weight: bold;
}

.source, .note {
  font-size: 0.85em;
  margin-top: 0.3em;
}

figcaption .source, figcaption .note {
  font-size: 0.9em;
}

details.chart-data {
  margin: -1em 0 1.8em;
  font-size: 0.9em;
}

summary {
  font-size: 0.85em;
}

div.table {
  margin: 1.8em 0;
}

/* a table wider than the page scrolls sideways in its wrapper; in its
   cells, long words hyphenate and addresses may break anywhere */
div.scroll {
  max-width: 100%;
  overflow-x: auto;
}

table.data th, table.data td {
  -webkit-hyphens: auto;
  hyphens: auto;
}

table.data a, table.data code {
  overflow-wrap: anywhere;
}

table.data {
  border-collapse: collapse;
  width: 100%;
  font-size: 0.85em;
  line-height: 1.3;
}

table.data caption {
  caption-side: top;
  text-align: left;
  margin-bottom: 0.5em;
}

table.data th, table.data td {
  padding: 0.3em 0.5em 0.3em 0;
  border-bottom: thin solid;
  vertical-align: top;
}

table.data thead th {
  border-bottom-width: medium;
}

table.data tbody th {
  font-weight: normal;
}

.al-left { text-align: left; }
.al-right { text-align: right; }
.al-center { text-align: center; }

/* glossary */

dl.definitions dt {
  font-weight: bold;
  margin-top: 0.8em;
}

dl.definitions dt .original {
  font-weight: normal;
}

dl.definitions dd {
  margin: 0.2em 0 0 1.5em;
}

/* notes */

section.footnotes {
  font-size: 0.85em;
}

/* the rule is the first note's, so that it goes with the notes when a
   reading system hides them to show them as pop-ups */
section.footnotes aside:first-of-type {
  margin-top: 2.9em;
  border-top: thin solid;
  padding-top: 0.6em;
}

section.footnotes aside p {
  margin: 0.3em 0;
}

a.backlink, span.backlink {
  font-weight: bold;
  text-decoration: none;
}

/* generated pages */

section.cover {
  margin: 0;
  padding: 0;
  text-align: center;
}

img.cover-image {
  display: block;
  margin: 0 auto;
  max-width: 100%;
  max-height: 100vh;
  width: auto;
  height: auto;
}

.titlepage {
  margin-top: 20%;
}

.titlepage .book-title {
  font-size: 2.2em;
  line-height: 1.15;
  margin: 0 0 0.4em;
}

.titlepage .subtitle {
  font-size: 1.3em;
  font-style: italic;
  margin-bottom: 2em;
}

.titlepage .publisher {
  margin-top: 3em;
  font-weight: bold;
}

.imprint {
  margin-top: 40%;
  font-size: 0.85em;
}

.imprint p {
  margin-bottom: 0.6em;
}

.imprint .book-title {
  font-weight: bold;
}

nav ol {
  list-style: none;
  padding-left: 0;
}

nav ol ol {
  padding-left: 1.5em;
}

nav a {
  text-decoration: none;
}

nav li.toc-doc {
  margin-top: 0.6em;
  font-weight: bold;
}

nav li.toc-doc ol {
  font-weight: normal;
}

.toc-number {
  display: inline-block;
  min-width: 1.8em;
}
`
