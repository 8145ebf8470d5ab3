package layout

import (
	"fmt"
	"strings"
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

// fontSet registers the theme's fonts with a PDF as they are first used,
// so that only faces the book uses are embedded, and measures text with
// the same metrics the PDF draws with.
type fontSet struct {
	pdf    *fpdf.Fpdf
	files  map[Role]fonts.Family
	faces  map[Font]*sfnt.Font // registered faces, parsed for glyph coverage
	buf    sfnt.Buffer
	widths map[widthKey]float64
	err    error
}

type widthKey struct {
	font Font
	size float64
	text string
}

// newFontSet prepares the families of the theme's roles for pdf, and
// registers the faces charts need (the heading family, regular and bold).
func newFontSet(pdf *fpdf.Fpdf, roles manuscript.FontRoles) (*fontSet, error) {
	fs := &fontSet{pdf: pdf, files: map[Role]fonts.Family{}, faces: map[Font]*sfnt.Font{}, widths: map[widthKey]float64{}}
	for role, name := range map[Role]string{Body: roles.Body, Heading: roles.Heading, Mono: roles.Mono, CJK: roles.CJK} {
		fam, ok := fonts.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("layout: font %q is not bundled", name)
		}
		fs.files[role] = fam
	}
	for _, f := range []Font{{Role: Heading}, {Role: Heading, Style: fonts.Bold}, {Role: CJK}} {
		fs.use(f)
	}
	return fs, fs.err
}

// face maps a font to the face that draws it: a family without the style
// falls back to its nearest style, as fonts.Family.File does.
func (fs *fontSet) face(f Font) Font {
	fam := fs.files[f.Role]
	for _, s := range []fonts.Style{f.Style, f.Style &^ fonts.Italic, f.Style &^ fonts.Bold, fonts.Regular} {
		if fam.Has(s) {
			return Font{Role: f.Role, Style: s}
		}
	}
	return Font{Role: f.Role}
}

// use registers the face for f with the PDF, once, and selects nothing.
func (fs *fontSet) use(f Font) Font {
	f = fs.face(f)
	if _, ok := fs.faces[f]; ok || fs.err != nil {
		return f
	}
	file := fs.files[f.Role].File(f.Style)
	data, err := fonts.Read(file)
	if err != nil {
		fs.err = fmt.Errorf("layout: %w", err)
		return f
	}
	fs.pdf.AddUTF8FontFromBytes(f.Role.family(), f.fpdfStyle(), data)
	if fs.pdf.Err() {
		fs.err = fmt.Errorf("layout: register %s: %w", file, fs.pdf.Error())
		return f
	}
	face, err := sfnt.Parse(data)
	if err != nil {
		fs.err = fmt.Errorf("layout: parse %s: %w", file, err)
		return f
	}
	fs.faces[f] = face
	return f
}

// setFont selects f at size on the PDF, registering it if needed.
func (fs *fontSet) setFont(f Font, size float64) {
	f = fs.use(f)
	fs.pdf.SetFont(f.Role.family(), f.fpdfStyle(), size)
}

// has reports whether the face for f has a glyph for r.
func (fs *fontSet) has(f Font, r rune) bool {
	face := fs.faces[fs.use(f)]
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
	fs.setFont(f, size)
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

// replacement stands in for a character no bundled face can draw (the
// loader has warned about it, with its place): a visible U+FFFD rather than
// an empty box or, beyond U+FFFF, a character fpdf cannot encode at all.
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
