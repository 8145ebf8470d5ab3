package manuscript

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/folio-press/folio/fonts"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

var bookKeys = []string{"title", "subtitle", "edition", "authors", "publisher", "date", "language",
	"identifier", "rights", "description", "subjects", "trim", "bleed", "theme", "limits", "front", "chapters", "back"}

// book decodes book.yaml and every file it lists.
func (d *fileDecoder) book(b *Book, n *yaml.Node) {
	o := d.object(n, "book", bookKeys...)
	if o == nil {
		return
	}
	o.require("title", "authors", "publisher", "date", "language", "identifier", "chapters")
	// first: the limits bound the decoding of everything else
	b.Limits = DefaultLimits()
	if ln := o.node("limits"); ln != nil {
		b.Limits = d.limits(ln)
	}
	b.Title = o.text("title").Plain()
	b.Subtitle = o.text("subtitle").Plain()
	b.Edition = o.shown("edition")
	b.Publisher = o.shown("publisher")
	b.Rights = o.shown("rights")
	b.Description = o.text("description").Plain()
	b.Subjects = o.shownStrings("subjects")
	for _, a := range d.list(o.node("authors"), `"authors" in book`) {
		b.Authors = append(b.Authors, d.author(a))
	}
	if dn := o.node("date"); dn != nil && !isNull(dn) {
		t, err := time.Parse("2006-01-02", dn.Value)
		if err != nil {
			d.errorf(dn, "write the date as YYYY-MM-DD, e.g. 2019-07-10", "date %q is not a valid date", dn.Value)
		}
		b.Date = t
	}
	if ln := o.node("language"); ln != nil && !isNull(ln) {
		b.Language = d.language(ln)
	}
	if in := o.node("identifier"); in != nil && !isNull(in) {
		b.Identifier = d.identifier(in)
	}
	b.Trim = Trim{Name: "A4", Width: 210, Height: 297}
	if tn := o.node("trim"); tn != nil {
		b.Trim = d.trim(tn)
	}
	b.Bleed = 3
	if bn := o.node("bleed"); bn != nil {
		if v, ok := d.length(bn, "bleed"); ok {
			if v < 0 || v > 25 {
				d.errorf(bn, "print shops ask for 3 mm (0.125 in)", "bleed of %.1f mm is out of range", v)
			}
			b.Bleed = v
		}
	}
	b.Theme = defaultTheme()
	if tn := o.node("theme"); tn != nil {
		d.theme(&b.Theme, tn)
	}
	b.Front = d.matterList(o.node("front"), "front")
	for _, c := range d.list(o.node("chapters"), `"chapters" in book`) {
		if ch := d.l.chapterFile(c, d, len(b.Chapters)+1); ch != nil {
			b.Chapters = append(b.Chapters, ch)
		}
	}
	if o.has("chapters") && len(o.node("chapters").Content) == 0 && o.node("chapters").Kind == yaml.SequenceNode {
		d.errorf(o.node("chapters"), "list the chapter files, e.g. - chapters/01-intro.yaml", "the book has no chapters")
	}
	b.Back = d.matterList(o.node("back"), "back")
}

func (d *fileDecoder) author(n *yaml.Node) Author {
	n = d.resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		s, _ := d.scalar(n, "an author")
		d.printedScalar(n, s, s)
		return Author{Pos: d.pos(n), Name: s, Role: "author"}
	}
	o := d.object(n, "author", "name", "role")
	if o == nil {
		return Author{}
	}
	o.require("name")
	a := Author{Pos: d.pos(n), Name: o.shown("name"), Role: o.str("role")}
	if a.Role == "" {
		a.Role = "author"
	}
	if _, ok := relators[a.Role]; !ok {
		roles := []string{"author", "editor", "contributor", "translator", "illustrator", "photographer"}
		hint := "roles: " + strings.Join(roles, ", ")
		if s := suggest(a.Role, roles); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		d.errorf(o.node("role"), hint, "unknown author role %q", a.Role)
	}
	return a
}

func (d *fileDecoder) language(n *yaml.Node) string {
	s, ok := d.scalar(n, "language")
	if !ok {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil || strings.Contains(s, "_") || !strings.EqualFold(tag.String(), s) {
		hint := "use a BCP 47 tag such as en, en-GB or zh-Hans"
		if err == nil {
			hint = fmt.Sprintf("write %q", tag.String())
		}
		d.errorf(n, hint, "language %q is not a valid BCP 47 language tag", s)
		return s
	}
	return tag.String()
}

var uuidRE = regexp.MustCompile(`^(?i)(urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)

func (d *fileDecoder) identifier(n *yaml.Node) Identifier {
	s, ok := d.scalar(n, "identifier")
	if !ok {
		return Identifier{}
	}
	s = strings.TrimSpace(s)
	if m := uuidRE.FindStringSubmatch(s); m != nil {
		return Identifier{Scheme: "uuid", Value: strings.ToLower(m[2])}
	}
	isbn := strings.NewReplacer("-", "", " ", "").Replace(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "urn:isbn:"), "isbn"))
	isbn = strings.TrimLeft(isbn, ": ")
	if len(isbn) == 13 && strings.Trim(isbn, "0123456789") == "" {
		if want := isbnCheckDigit(isbn[:12]); want != isbn[12] {
			d.errorf(n, fmt.Sprintf("the check digit of %s… is %c; check the number with the publisher", isbn[:12], want), "ISBN %q has a wrong check digit", s)
		}
		return Identifier{Scheme: "isbn", Value: isbn}
	}
	d.errorf(n, "give an ISBN-13 (978-…) or a UUID (urn:uuid:…)", "identifier %q is neither an ISBN-13 nor a UUID", s)
	return Identifier{}
}

// isbnCheckDigit computes the ISBN-13 check digit of 12 digits.
func isbnCheckDigit(digits string) byte {
	sum := 0
	for i, c := range digits {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(c-'0') * w
	}
	return byte('0' + (10-sum%10)%10)
}

var trims = map[string]Trim{
	"a4":     {Name: "A4", Width: 210, Height: 297},
	"a5":     {Name: "A5", Width: 148, Height: 210},
	"letter": {Name: "US Letter", Width: 215.9, Height: 279.4},
	"6x9in":  {Name: "6x9in", Width: 152.4, Height: 228.6},
}

var trimRE = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm|in)$`)

func (d *fileDecoder) trim(n *yaml.Node) Trim {
	s, ok := d.scalar(n, "trim")
	if !ok {
		return trims["a4"]
	}
	key := strings.ToLower(strings.ReplaceAll(s, " ", ""))
	if key == "usletter" {
		key = "letter"
	}
	if t, ok := trims[key]; ok {
		return t
	}
	if m := trimRE.FindStringSubmatch(strings.ToLower(s)); m != nil {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		if m[3] == "in" {
			w, h = w*25.4, h*25.4
		}
		if w < 50 || h < 50 || w > 1000 || h > 1000 {
			d.errorf(n, "pages are between 50 mm and 1000 mm a side", "trim size %q is out of range", s)
		}
		return Trim{Name: s, Width: w, Height: h}
	}
	d.errorf(n, "use A4, A5, letter, 6x9in, or WIDTHxHEIGHT in mm or in, e.g. 170x240mm", "unknown trim size %q", s)
	return trims["a4"]
}

var lengthRE = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(mm|in|pt)?$`)

// length reads a length in mm, in or pt, returning millimetres.
func (d *fileDecoder) length(n *yaml.Node, what string) (float64, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return 0, false
	}
	m := lengthRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		d.errorf(n, "write a length such as 3mm or 0.125in", "%s %q is not a length", what, s)
		return 0, false
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	switch m[2] {
	case "in":
		v *= 25.4
	case "pt":
		v *= 25.4 / 72
	}
	return v, true
}

func defaultTheme() Theme {
	c := func(hex string) Color { col, _ := parseHex(hex); return col }
	return Theme{
		Text:     c("#1a1a1a"),
		Accent:   c("#c8102e"),
		Muted:    c("#8c8c8c"),
		Chapters: []Color{c("#0072b2"), c("#d55e00"), c("#009e73"), c("#cc79a7"), c("#e69f00"), c("#56b4e9")},
		Palette:  []Color{c("#0072b2"), c("#e69f00"), c("#009e73"), c("#cc79a7"), c("#56b4e9"), c("#d55e00")},
		Fonts:    FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"},
	}
}

func (d *fileDecoder) theme(t *Theme, n *yaml.Node) {
	o := d.object(n, "theme", "colors", "fonts")
	if o == nil {
		return
	}
	if cn := o.node("colors"); cn != nil {
		co := d.object(cn, "theme colors", "text", "accent", "muted", "chapters", "palette")
		if co != nil {
			for key, dst := range map[string]*Color{"text": &t.Text, "accent": &t.Accent, "muted": &t.Muted} {
				if v := co.node(key); v != nil {
					if c, ok := d.color(v); ok {
						*dst = c
					}
				}
			}
			for key, dst := range map[string]*[]Color{"chapters": &t.Chapters, "palette": &t.Palette} {
				if v := co.node(key); v != nil {
					var cs []Color
					for _, item := range d.list(v, fmt.Sprintf("%q in theme colors", key)) {
						if c, ok := d.color(item); ok {
							cs = append(cs, c)
						}
					}
					if len(cs) > 0 {
						*dst = cs
						if key == "palette" {
							t.PalettePos = d.pos(v)
						}
					} else {
						d.errorf(v, "", "%q in theme colors has no colours", key)
					}
				}
			}
		}
	}
	if fn := o.node("fonts"); fn != nil {
		fo := d.object(fn, "theme fonts", "body", "heading", "mono", "cjk")
		if fo != nil {
			for key, dst := range map[string]*string{"body": &t.Fonts.Body, "heading": &t.Fonts.Heading, "mono": &t.Fonts.Mono, "cjk": &t.Fonts.CJK} {
				v := fo.node(key)
				if v == nil {
					continue
				}
				name, ok := d.scalar(v, "font "+key)
				if !ok {
					continue
				}
				if _, found := fonts.Lookup(name); !found {
					hint := "bundled fonts: " + strings.Join(fonts.Names(), ", ")
					if s := suggest(name, fonts.Names()); s != "" {
						hint = fmt.Sprintf("did you mean %q?", s)
					}
					d.errorf(v, hint, "font %q is not a bundled font", name)
					continue
				}
				*dst = name
			}
		}
	}
}

var hexRE = regexp.MustCompile(`^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$`)

func parseHex(s string) (Color, bool) {
	if !hexRE.MatchString(s) {
		return Color{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, _ := strconv.ParseUint(h, 16, 32)
	c := Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}
	c.C, c.M, c.Y, c.K = RGBToCMYK(c.R, c.G, c.B)
	return c, true
}

// RGBToCMYK converts an RGB colour to process inks naively, with full
// grey-component replacement: black from the darkest channel, the other
// inks from what black leaves, greys in black alone. It is the conversion
// of every colour a manuscript gives no CMYK values for.
func RGBToCMYK(r, g, b uint8) (c, m, y, k float64) {
	rf, gf, bf := float64(r)/255, float64(g)/255, float64(b)/255
	k = 1 - math.Max(rf, math.Max(gf, bf))
	if k >= 1 {
		return 0, 0, 0, 1
	}
	return (1 - rf - k) / (1 - k), (1 - gf - k) / (1 - k), (1 - bf - k) / (1 - k), k
}

// color reads "#rrggbb" or {rgb: "#rrggbb", cmyk: [C, M, Y, K]}.
func (d *fileDecoder) color(n *yaml.Node) (Color, bool) {
	n = d.resolve(n)
	if n == nil {
		return Color{}, false
	}
	if n.Kind == yaml.ScalarNode {
		c, ok := parseHex(n.Value)
		if !ok {
			d.errorf(n, `write "#rrggbb", in quotes`, "colour %q is not a hex colour", n.Value)
		}
		return c, ok
	}
	o := d.object(n, "colour", "rgb", "cmyk")
	if o == nil || !o.require("rgb") {
		return Color{}, false
	}
	c, ok := d.color(o.node("rgb"))
	if !ok {
		return Color{}, false
	}
	if cn := o.node("cmyk"); cn != nil {
		vals := d.list(cn, "cmyk")
		if len(vals) != 4 {
			d.errorf(cn, "write [C, M, Y, K] in percent, e.g. [100, 45, 0, 10]", "cmyk needs four values, not %d", len(vals))
			return c, true
		}
		var v [4]float64
		for i, vn := range vals {
			f, ok := d.number(vn, "a cmyk value")
			if ok && (f < 0 || f > 100) {
				d.errorf(vn, "", "cmyk values are percentages from 0 to 100, not %g", f)
			}
			v[i] = f / 100
		}
		c.C, c.M, c.Y, c.K, c.CMYKGiven = v[0], v[1], v[2], v[3], true
	}
	return c, true
}

var matterKinds = []string{string(TitlePage), string(ImprintPage), string(ContentsPage), string(FiguresPage)}

// matterList decodes the front or back matter list.
func (d *fileDecoder) matterList(n *yaml.Node, which string) []*Matter {
	var out []*Matter
	for _, item := range d.list(n, fmt.Sprintf("%q in book", which)) {
		item = d.resolve(item)
		if item == nil {
			continue
		}
		if item.Kind == yaml.ScalarNode {
			if !contains(matterKinds, item.Value) {
				hint := `generated pages: titlepage, imprint, contents, figures; for a file write {file: PATH}`
				if s := suggest(item.Value, matterKinds); s != "" {
					hint = fmt.Sprintf("did you mean %q?", s)
				}
				d.errorf(item, hint, "unknown %s matter %q", which, item.Value)
				continue
			}
			out = append(out, &Matter{Pos: d.pos(item), Kind: MatterKind(item.Value)})
			continue
		}
		o := d.object(item, which+" matter entry", "file")
		if o == nil || !o.require("file") {
			continue
		}
		if doc := d.l.chapterFile(o.node("file"), d, 0); doc != nil {
			out = append(out, &Matter{Pos: d.pos(item), Kind: MatterFile, Doc: doc})
		}
	}
	return out
}
