package layout

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// Role is a typographic role the theme assigns a font family to.
type Role uint8

// The font roles.
const (
	Body Role = iota
	Heading
	Mono
	CJK
)

// Font selects a face: a role and a style.
type Font struct {
	Role  Role
	Style fonts.Style
}

// fontSet measures text in the theme's faces, without a PDF: typesetting
// needs no PDF document, and a fontSet is safe for concurrent use, so
// that paragraphs can be set on several cores.
type fontSet struct {
	files  map[Role]fonts.Family
	faces  map[Font]*fonts.Face    // every face of the theme's families; read-only
	metric [CJK + 1][4]*fonts.Face // the face that draws each role and style
}

// newFontSet finds the families of the theme's roles and parses their
// faces.
func newFontSet(roles manuscript.FontRoles) (*fontSet, error) {
	fs := &fontSet{files: map[Role]fonts.Family{}, faces: map[Font]*fonts.Face{}}
	for _, rn := range []struct {
		role Role
		name string
	}{{Body, roles.Body}, {Heading, roles.Heading}, {Mono, roles.Mono}, {CJK, roles.CJK}} {
		fam, ok := fonts.Lookup(rn.name)
		if !ok {
			return nil, fmt.Errorf("layout: font %q is not bundled", rn.name)
		}
		fs.files[rn.role] = fam
		for _, s := range fam.Styles() {
			m, err := fonts.OpenFace(fam.File(s))
			if err != nil {
				return nil, fmt.Errorf("layout: %w", err)
			}
			fs.faces[Font{Role: rn.role, Style: s}] = m
		}
		for s := range fs.metric[rn.role] {
			fs.metric[rn.role][s] = fs.faces[nearestFace(fam, Font{Role: rn.role, Style: fonts.Style(s)})]
		}
	}
	return fs, nil
}

// nearestFace maps a font to the face of fam that draws it: a family
// without the style falls back to its nearest style, as fonts.Family.File
// does.
func nearestFace(fam fonts.Family, f Font) Font {
	for _, s := range []fonts.Style{f.Style, f.Style &^ fonts.Italic, f.Style &^ fonts.Bold, fonts.Regular} {
		if fam.Has(s) {
			return Font{Role: f.Role, Style: s}
		}
	}
	return Font{Role: f.Role}
}

// metrics returns the face that draws f, or nil.
func (fs *fontSet) metrics(f Font) *fonts.Face {
	if int(f.Role) >= len(fs.metric) || int(f.Style) >= len(fs.metric[0]) {
		return nil
	}
	return fs.metric[f.Role][f.Style]
}

// has reports whether the face for f has a glyph for r.
func (fs *fontSet) has(f Font, r rune) bool {
	m := fs.metrics(f)
	return m != nil && m.Has(r)
}

// ptPerMM is how many points make a millimetre.
const ptPerMM = 72.0 / 25.4

// width returns the width of s in mm set in font f at size pt: the sum of
// its characters' advances in thousandths of an em, rounded (fonts.Face),
// which are the widths the PDF writer states for the glyphs too.
func (fs *fontSet) width(f Font, size float64, s string) float64 {
	m := fs.metrics(f)
	if m == nil {
		return 0
	}
	return float64(m.Units(s)) * (size / ptPerMM) / 1000
}

// isCJK reports whether r belongs to a Chinese, Japanese or Korean script
// or is CJK punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// replacement stands in for a character no bundled face can draw (the
// loader has warned about it, with its place): a visible U+FFFD rather than
// an empty box or, beyond U+FFFF, a character the faces' character maps
// cannot name.
const replacement = "\uFFFD"

// segment splits s into runs that one face can draw: the requested face
// where it has the glyph, else the CJK face, else the body face; a
// character none of them has becomes U+FFFD in the requested face.
func (fs *fontSet) segment(f Font, s string, fn func(f Font, part string)) {
	cjk, body := Font{Role: CJK}, Font{Role: Body, Style: f.Style}
	var part strings.Builder
	cur := f
	flush := func() {
		if part.Len() > 0 {
			fn(cur, part.String())
			part.Reset()
		}
	}
	for _, r := range s {
		want, text := f, ""
		switch {
		case r <= 0x7f || (r <= 0xFFFF && fs.has(f, r)):
		case r <= 0xFFFF && fs.has(cjk, r):
			want = cjk
		case r <= 0xFFFF && f.Role != Body && fs.has(body, r):
			want = body
		default:
			text = replacement
		}
		if want != cur {
			flush()
			cur = want
		}
		if text != "" {
			part.WriteString(text)
		} else {
			part.WriteRune(r)
		}
	}
	flush()
}
