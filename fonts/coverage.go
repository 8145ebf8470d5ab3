package fonts

import (
	"fmt"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// MaxRune is the last character Folio sets: faces are read for the Basic
// Multilingual Plane only (their format 4 character maps), so nothing
// beyond it is drawn, whatever the fonts hold. Shaping lifts the limit.
const MaxRune = 0xFFFF

// parsedFaces parses the regular face of every bundled family once. The
// faces of a family's other styles have the same character map (a test
// checks this), so the regular face answers for the family. The result is
// never modified after it is built.
var parsedFaces = sync.OnceValues(func() (map[string]*sfnt.Font, error) {
	out := map[string]*sfnt.Font{}
	for _, fam := range Families() {
		data, err := Read(fam.File(Regular))
		if err != nil {
			return nil, err
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("fonts: parse %s: %w", fam.File(Regular), err)
		}
		out[fam.Name] = f
	}
	return out, nil
})

// Coverage tells which characters a set of bundled families can draw: a
// character is covered when at least one of the families has a glyph for
// it and the PDF writer can set it (it is not beyond MaxRune). A Coverage
// is safe for concurrent use.
type Coverage struct {
	names []string
	faces []*sfnt.Font
}

// NewCoverage returns the coverage of the named bundled families taken
// together.
func NewCoverage(families ...string) (Coverage, error) {
	faces, err := parsedFaces()
	if err != nil {
		return Coverage{}, err
	}
	c := Coverage{}
	for _, name := range families {
		f, ok := faces[name]
		if !ok {
			return Coverage{}, fmt.Errorf("fonts: no bundled family %q", name)
		}
		c.names = append(c.names, name)
		c.faces = append(c.faces, f)
	}
	return c, nil
}

// Families returns the names of the families the coverage is made of.
func (c Coverage) Families() []string { return append([]string(nil), c.names...) }

// Covers reports whether one of the coverage's families has a glyph for r
// and r is within MaxRune.
func (c Coverage) Covers(r rune) bool {
	if r < 0 || r > MaxRune {
		return false
	}
	for _, f := range c.faces {
		// A nil Buffer makes GlyphIndex allocate its own, so that calls
		// may run concurrently.
		if gi, err := f.GlyphIndex(nil, r); err == nil && gi != 0 {
			return true
		}
	}
	return false
}

// Covers reports whether any bundled family has a glyph for r that the PDF
// writer can set.
func Covers(r rune) bool {
	c, err := NewCoverage(Names()...)
	if err != nil {
		return false
	}
	return c.Covers(r)
}

// FamiliesWith returns the names of the bundled families that have a glyph
// for r, sorted; none when r is beyond MaxRune.
func FamiliesWith(r rune) []string {
	var out []string
	for _, name := range Names() {
		if c, err := NewCoverage(name); err == nil && c.Covers(r) {
			out = append(out, name)
		}
	}
	return out
}
