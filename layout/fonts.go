package layout

import (
	"fmt"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
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

// fontSet measures text in the theme's faces, without a PDF: typesetting
// needs no PDF document, and a fontSet is safe for concurrent use, so
// that paragraphs can be set on several cores. fpdfFonts registers the
// faces with a PDF as they are drawn.
type fontSet struct {
	files  map[Role]fonts.Family
	faces  map[Font]*fonts.Face // every face of the theme's families; read-only
	faceOf [CJK + 1][4]Font     // the face that draws each role and style
	metric [CJK + 1][4]*fonts.Face
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
		for s := range fs.faceOf[rn.role] {
			f := nearestFace(fam, Font{Role: rn.role, Style: fonts.Style(s)})
			fs.faceOf[rn.role][s] = f
			fs.metric[rn.role][s] = fs.faces[f]
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

// face maps a font to the face that draws it (nearestFace).
func (fs *fontSet) face(f Font) Font {
	if int(f.Role) >= len(fs.faceOf) || int(f.Style) >= len(fs.faceOf[0]) {
		return Font{Role: f.Role}
	}
	return fs.faceOf[f.Role][f.Style]
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

// ptPerMM is fpdf's scale factor for documents in millimetres.
const ptPerMM = 72.0 / 25.4

// width returns the width of s in mm set in font f at size pt: the sum of
// its characters' advances in thousandths of an em, rounded (fonts.Face),
// as fpdf's GetStringWidth measures it too.
func (fs *fontSet) width(f Font, size float64, s string) float64 {
	m := fs.metrics(f)
	if m == nil {
		return 0
	}
	return float64(m.Units(s)) * (size / ptPerMM) / 1000
}

// fpdfFonts registers a fontSet's faces with a PDF as they are first used,
// so that only faces the book draws are embedded: the faces cut down to the
// document's characters when cuts are given (cut.go), and records any
// character drawn that a cut lacks.
type fpdfFonts struct {
	pdf     *fpdf.Fpdf
	fs      *fontSet
	cuts    map[Font]*fontCut // nil: whole faces
	used    map[Font]bool
	missing charSet // characters drawn that their face's cut lacks
	err     error
}

func newFPDFFonts(pdf *fpdf.Fpdf, fs *fontSet, cuts map[Font]*fontCut) *fpdfFonts {
	return &fpdfFonts{pdf: pdf, fs: fs, cuts: cuts, used: map[Font]bool{}}
}

// use registers the face for f with the PDF, once, and selects nothing.
func (pf *fpdfFonts) use(f Font) Font {
	f = pf.fs.face(f)
	if pf.used[f] || pf.err != nil {
		return f
	}
	pf.used[f] = true
	file := pf.fs.files[f.Role].File(f.Style)
	var data []byte
	if cut := pf.cuts[f]; cut != nil {
		<-cut.done
		data = cut.data
	}
	if data == nil {
		var err error
		if data, err = fonts.Read(file); err != nil {
			pf.err = fmt.Errorf("layout: %w", err)
			return f
		}
	}
	pf.pdf.AddUTF8FontFromBytes(f.Role.family(), f.fpdfStyle(), data)
	if pf.pdf.Err() {
		pf.err = fmt.Errorf("layout: register %s: %w", file, pf.pdf.Error())
	}
	return f
}

// check notes the characters of s that f's cut lacks.
func (pf *fpdfFonts) check(f Font, s string) { pf.checkInto(f, s, &pf.missing) }

// checkInto adds to missing the characters of s that f's cut lacks. It is
// safe for concurrent use with distinct sets.
func (pf *fpdfFonts) checkInto(f Font, s string, missing *charSet) {
	cut := pf.cuts[pf.fs.face(f)]
	if cut == nil {
		return
	}
	if <-cut.done; cut.data == nil {
		return // the whole face
	}
	for _, r := range s {
		// a character the face lacks draws as its .notdef glyph, cut or
		// whole
		if !cut.chars.has(r) && pf.fs.has(f, r) {
			missing.add(r)
		}
	}
}

// checkFPDF is check for a string drawn in an fpdf family and style, as
// the charts draw.
func (pf *fpdfFonts) checkFPDF(family, style, s string) {
	for _, role := range []Role{Body, Heading, Mono, CJK} {
		if role.family() == family {
			f := Font{Role: role}
			if style == "B" {
				f.Style = fonts.Bold
			}
			pf.check(f, s)
			return
		}
	}
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
