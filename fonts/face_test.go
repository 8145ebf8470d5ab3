package fonts

import (
	"math"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/math/fixed"
)

// TestFaceAgreesWithFreetype checks, for every character of the Basic
// Multilingual Plane in every bundled face, the glyph Face finds and its
// advance against an independent reader of TrueType files (freetype's):
// the typesetter measures with these advances, and the PDF writer states
// them as the glyphs' widths.
func TestFaceAgreesWithFreetype(t *testing.T) {
	for _, fam := range Families() {
		for _, st := range fam.Styles() {
			file := fam.File(st)
			t.Run(file, func(t *testing.T) {
				t.Parallel()
				data, err := Read(file)
				if err != nil {
					t.Fatal(err)
				}
				face, err := NewFace(file, data)
				if err != nil {
					t.Fatal(err)
				}
				ref, err := truetype.Parse(data)
				if err != nil {
					t.Fatal(err)
				}
				upem := fixed.Int26_6(ref.FUnitsPerEm())
				units := func(g truetype.Index) int {
					adv := float64(ref.HMetric(upem, g).AdvanceWidth) * 1000 / float64(upem)
					return int(math.Floor(adv + 0.5))
				}
				if want := units(0); face.MissingWidth() != want {
					t.Errorf(".notdef: width %d, freetype %d", face.MissingWidth(), want)
				}
				bad, has := 0, 0
				for r := rune(1); r <= MaxRune && bad < 10; r++ {
					if r >= 0xD800 && r <= 0xDFFF {
						continue // surrogates are not characters
					}
					want := ref.Index(r)
					g, ok := face.Glyph(r)
					if ok != (want != 0) || uint16(want) != g {
						t.Errorf("%U: glyph %d (%v), freetype %d", r, g, ok, want)
						bad++
						continue
					}
					if !ok {
						if face.RuneUnits(r) != face.MissingWidth() {
							t.Errorf("%U, lacking: width %d, not .notdef's %d", r, face.RuneUnits(r), face.MissingWidth())
							bad++
						}
						continue
					}
					has++
					if got, w := face.RuneUnits(r), units(want); got != w || face.GlyphUnits(g) != float64(w) {
						t.Errorf("%U: width %d (glyph %v), freetype %d", r, got, face.GlyphUnits(g), w)
						bad++
					}
				}
				if has < 200 {
					t.Errorf("only %d characters with glyphs", has)
				}
				if s := "a" + string(rune(0x4E2D)) + "b"; face.Units(s) != face.RuneUnits('a')+face.RuneUnits(0x4E2D)+face.RuneUnits('b') {
					t.Errorf("Units(%q) is not the sum of its characters' widths", s)
				}
			})
		}
	}
}
