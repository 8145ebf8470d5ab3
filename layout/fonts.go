package layout

import (
	"fmt"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"golang.org/x/image/font/sfnt"
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

// family returns the fpdf family name of a role.
func (r Role) family() string {
	return [...]string{"body", "heading", "mono", "cjk"}[r]
}

// Font selects a face: a role and a style.
type Font struct {
	Role  Role
	Style fonts.Style
}

func (f Font) fpdfStyle() string {
	return [...]string{"", "B", "I", "BI"}[f.Style]
}

// fontSet registers the theme's fonts with a PDF and measures text with
// the same metrics the PDF draws with.
type fontSet struct {
	pdf    *fpdf.Fpdf
	faces  map[Font]*sfnt.Font // for glyph coverage
	buf    sfnt.Buffer
	widths map[widthKey]float64
}

type widthKey struct {
	font Font
	size float64
	text string
}

// newFontSet registers the families of the theme's roles with pdf.
func newFontSet(pdf *fpdf.Fpdf, roles manuscript.FontRoles) (*fontSet, error) {
	fs := &fontSet{pdf: pdf, faces: map[Font]*sfnt.Font{}, widths: map[widthKey]float64{}}
	byRole := map[Role]string{Body: roles.Body, Heading: roles.Heading, Mono: roles.Mono, CJK: roles.CJK}
	for role := Body; role <= CJK; role++ {
		fam, ok := fonts.Lookup(byRole[role])
		if !ok {
			return nil, fmt.Errorf("layout: font %q is not bundled", byRole[role])
		}
		for s := fonts.Regular; s <= fonts.BoldItalic; s++ {
			data, err := fonts.Read(fam.File(s))
			if err != nil {
				return nil, fmt.Errorf("layout: %w", err)
			}
			f := Font{Role: role, Style: s}
			pdf.AddUTF8FontFromBytes(role.family(), f.fpdfStyle(), data)
			if pdf.Err() {
				return nil, fmt.Errorf("layout: register %s: %w", fam.File(s), pdf.Error())
			}
			face, err := sfnt.Parse(data)
			if err != nil {
				return nil, fmt.Errorf("layout: parse %s: %w", fam.File(s), err)
			}
			fs.faces[f] = face
		}
	}
	return fs, nil
}

// has reports whether the face has a glyph for r.
func (fs *fontSet) has(f Font, r rune) bool {
	face := fs.faces[f]
	if face == nil {
		return false
	}
	gi, err := face.GlyphIndex(&fs.buf, r)
	return err == nil && gi != 0
}

// width returns the width of s in mm set in font f at size pt.
func (fs *fontSet) width(f Font, size float64, s string) float64 {
	k := widthKey{f, size, s}
	if w, ok := fs.widths[k]; ok {
		return w
	}
	fs.pdf.SetFont(f.Role.family(), f.fpdfStyle(), size)
	w := fs.pdf.GetStringWidth(s)
	fs.widths[k] = w
	return w
}

// isCJK reports whether r belongs to a Chinese, Japanese or Korean script
// or is CJK punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// segment splits s into runs that one face can draw: the requested face
// where it has the glyph, else the CJK face, else the requested face (the
// loader has already warned about characters no font has).
func (fs *fontSet) segment(f Font, s string, fn func(f Font, part string)) {
	cjk := Font{Role: CJK}
	start := 0
	cur := f
	for i, r := range s {
		want := f
		if r > 0x7f && !fs.has(f, r) && fs.has(cjk, r) {
			want = cjk
		}
		if want != cur && i > start {
			fn(cur, s[start:i])
			start = i
		}
		cur = want
	}
	if start < len(s) {
		fn(cur, s[start:])
	}
}
