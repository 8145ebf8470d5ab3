package fonts

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/folio-press/folio/display"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Face is a parsed font face: the glyph that draws each character and
// how far each glyph advances, in thousandths of an em, rounded half away
// from zero. It is what text is measured with, by the typesetter and the
// charts alike, and what is drawn: its glyph ids go into the display list.
// What it learns of the font file it keeps, a character at a time, in
// blocks made when first asked for, since a book uses few blocks of a
// face. A Face is safe for concurrent use.
type Face struct {
	file    string
	data    []byte
	sf      *sfnt.Font
	upem    fixed.Int26_6
	scale   float64 // thousandths of an em per font unit
	missing int     // the width counted for a character the face lacks

	once sync.Once
	disp *display.Font

	// runes holds, for each character up to MaxRune, 0 while it is
	// unknown, else runeKnown, runeHas when the face has a glyph for it,
	// its width in bits 16 to 45 and its glyph id in the low 16 bits
	runes [(MaxRune + 1) / block]atomic.Pointer[[block]atomic.Uint64]
	// glyphs holds each glyph's width + 1, 0 while unknown
	glyphs [(1 << 16) / block]atomic.Pointer[[block]atomic.Uint32]
}

// block is how many characters' or glyphs' metrics a Face learns at once.
const block = 256

const (
	runeKnown  = 1 << 63
	runeHas    = 1 << 62
	widthShift = 16
	widthMask  = 1<<30 - 1
)

// NewFace parses a TrueType face; file names it in messages.
func NewFace(file string, data []byte) (*Face, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("fonts: parse %s: %w", file, err)
	}
	f := &Face{file: file, data: data, sf: sf, upem: fixed.Int26_6(sf.UnitsPerEm())}
	f.scale = 1000 / float64(sf.UnitsPerEm())
	// the width of a character the face lacks: glyph 0's
	if adv, err := sf.GlyphAdvance(nil, 0, f.upem, 0); err == nil && adv < 1<<15 {
		f.missing = round(f.scale * float64(adv))
	}
	return f, nil
}

// OpenFace parses a bundled face.
func OpenFace(file string) (*Face, error) {
	data, err := Read(file)
	if err != nil {
		return nil, err
	}
	return NewFace(file, data)
}

// round rounds half away from zero.
func round(f float64) int {
	if f < 0 {
		return -int(math.Floor(-f + 0.5))
	}
	return int(math.Floor(f + 0.5))
}

// File returns the name the face was opened with.
func (f *Face) File() string { return f.file }

// Data returns the font file. It must not be modified.
func (f *Face) Data() []byte { return f.data }

// MissingWidth is the width, in thousandths of an em, counted for a
// character the face has no glyph for: glyph 0's.
func (f *Face) MissingWidth() int { return f.missing }

// metric returns what the face knows of r (see Face.runes), reading the
// font file the first time r is asked for.
func (f *Face) metric(r rune) uint64 {
	if r < 0 || r > MaxRune {
		return runeKnown
	}
	b := f.runes[r/block].Load()
	if b == nil {
		b = new([block]atomic.Uint64)
		if !f.runes[r/block].CompareAndSwap(nil, b) {
			b = f.runes[r/block].Load()
		}
	}
	slot := &b[r%block]
	if v := slot.Load(); v != 0 {
		return v
	}
	v := uint64(runeKnown)
	// a character map's format 4 subtable holds no character beyond the
	// Basic Multilingual Plane, and neither 0 nor U+FFFF
	if gi, err := f.sf.GlyphIndex(nil, r); err == nil && gi != 0 && r != 0 && r != 0xFFFF {
		v |= runeHas | uint64(gi)
		v |= uint64(f.glyphUnits(uint16(gi))&widthMask) << widthShift
	}
	slot.Store(v)
	return v
}

// glyphUnits returns the advance of glyph gid in thousandths of an em,
// rounded.
func (f *Face) glyphUnits(gid uint16) int {
	b := f.glyphs[gid/block].Load()
	if b == nil {
		b = new([block]atomic.Uint32)
		if !f.glyphs[gid/block].CompareAndSwap(nil, b) {
			b = f.glyphs[gid/block].Load()
		}
	}
	slot := &b[gid%block]
	if v := slot.Load(); v != 0 {
		return int(v - 1)
	}
	w := 0
	if adv, err := f.sf.GlyphAdvance(nil, sfnt.GlyphIndex(gid), f.upem, 0); err == nil && adv < 1<<15 && adv >= 0 {
		w = round(f.scale * float64(adv))
	}
	slot.Store(uint32(w) + 1)
	return w
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool { return f.metric(r)&runeHas != 0 }

// Glyph returns the id of the glyph that draws r, and whether the face
// has one (glyph 0 draws a character it lacks).
func (f *Face) Glyph(r rune) (uint16, bool) {
	v := f.metric(r)
	return uint16(v), v&runeHas != 0
}

// RuneUnits returns the width of r in thousandths of an em: a character
// the face lacks counts as glyph 0's width (500 when that is 0), one of
// zero width as 0.
func (f *Face) RuneUnits(r rune) int {
	v := f.metric(r)
	switch w := int(v >> widthShift & widthMask); {
	case v&runeHas != 0:
		return w
	case f.missing != 0:
		return f.missing
	}
	return 500
}

// Units returns the width of s in thousandths of an em, the sum of its
// characters' (RuneUnits): text is set without kerning.
func (f *Face) Units(s string) int {
	w := 0
	for _, r := range s {
		w += f.RuneUnits(r)
	}
	return w
}

// GlyphUnits returns the advance of glyph gid in thousandths of an em.
func (f *Face) GlyphUnits(gid uint16) float64 { return float64(f.glyphUnits(gid)) }

// Display returns the face as a display list's font: the same pointer
// every time, so that every run in the face shares it.
func (f *Face) Display() *display.Font {
	f.once.Do(func() {
		var buf sfnt.Buffer
		name, err := f.sf.Name(&buf, sfnt.NameIDPostScript)
		if err != nil || name == "" {
			name = f.file
		}
		f.disp = &display.Font{Name: name, Data: f.data, Advance: f.GlyphUnits}
	})
	return f.disp
}
