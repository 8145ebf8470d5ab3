package fonts

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// subsetOf cuts the subset of data that draws chars, as a PDF writer asks
// for it: the glyphs of the characters, and the characters' map.
func subsetOf(data []byte, chars []rune) ([]byte, []uint16, []uint16, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, nil, nil, err
	}
	cmap := map[rune]uint16{}
	var gids []uint16
	var buf sfnt.Buffer
	for _, r := range chars {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			continue
		}
		if !slices.Contains(gids, uint16(g)) {
			gids = append(gids, uint16(g))
		}
		cmap[r] = uint16(g)
	}
	out, ids, err := Subset(data, gids, cmap)
	return out, gids, ids, err
}

func TestSubset(t *testing.T) {
	few := []rune("Hello, wörld! “Quotes” – 5G 中国互联网 ﬁ Ä é \u00a0\uFFFD")
	var many []rune // more outlines than short glyph offsets can address
	for r := rune(0x20); r < 0x3000; r++ {
		many = append(many, r)
	}
	for _, fam := range Families() {
		for _, st := range fam.Styles() {
			file := fam.File(st)
			chars := few
			if file == "NotoSerif-Regular.ttf" {
				chars = many
			}
			t.Run(file, func(t *testing.T) {
				t.Parallel()
				data, err := Read(file)
				if err != nil {
					t.Fatal(err)
				}
				sparse, gids, ids, err := subsetOf(data, chars)
				if err != nil {
					t.Fatal(err)
				}
				// The new ids are known before: 1, 2, … in the order of
				// the old ones.
				order := slices.Clone(gids)
				slices.Sort(order)
				for i, g := range gids {
					if want := uint16(slices.Index(order, g) + 1); ids[i] != want {
						t.Errorf("glyph %d: new id %d, want %d", g, ids[i], want)
					}
				}
				if len(chars) < 100 && len(sparse) >= len(data)/2 {
					t.Errorf("%d bytes of %d", len(sparse), len(data))
				}
				whole, err := sfnt.Parse(data)
				if err != nil {
					t.Fatal(err)
				}
				cut, err := sfnt.Parse(sparse)
				if err != nil {
					t.Fatalf("the sparse font does not parse: %v", err)
				}
				var b1, b2 sfnt.Buffer
				ppem := fixed.I(int(whole.UnitsPerEm()))
				kept := 0
				for _, r := range chars {
					g1, _ := whole.GlyphIndex(&b1, r)
					g2, err := cut.GlyphIndex(&b2, r)
					if i := slices.Index(gids, uint16(g1)); g1 != 0 && (i < 0 || ids[i] != uint16(g2)) {
						t.Errorf("%q: glyph %d in the subset, but Subset said %v", r, g2, ids)
					}
					if err != nil || (g1 == 0) != (g2 == 0) {
						t.Errorf("%q: glyph %d, in the whole font %d (%v)", r, g2, g1, err)
						continue
					}
					if g1 == 0 {
						continue
					}
					kept++
					a1, _ := whole.GlyphAdvance(&b1, g1, ppem, font.HintingNone)
					a2, _ := cut.GlyphAdvance(&b2, g2, ppem, font.HintingNone)
					s1, err1 := whole.LoadGlyph(&b1, g1, ppem, nil)
					o1 := append(sfnt.Segments(nil), s1...)
					s2, err2 := cut.LoadGlyph(&b2, g2, ppem, nil)
					if a1 != a2 || err1 != nil || err2 != nil || !slices.Equal(o1, s2) {
						t.Errorf("%q: advance %v, outline of %d segments (%v); whole font %v, %d (%v)", r, a2, len(s2), err2, a1, len(o1), err1)
					}
				}
				if kept == 0 {
					t.Error("no character kept")
				}
				for _, r := range "xyzQ中文" {
					if g, _ := cut.GlyphIndex(&b2, r); g != 0 && !contains(chars, r) {
						t.Errorf("%q, not asked for, is in the character map", r)
					}
				}
				if _, _, _, err := subsetOf(data[:100], chars); err == nil {
					t.Error("a truncated font gave no error")
				}
			})
		}
	}
}

// TestSubsetTooMany checks that more characters than a format 4 character
// map holds give an error, not a broken font.
func TestSubsetTooMany(t *testing.T) {
	data, err := Read("DroidSansFallbackFull.ttf")
	if err != nil {
		t.Fatal(err)
	}
	var chars []rune
	for r := rune(0x4E00); r < 0x4E00+9000; r++ {
		chars = append(chars, r)
	}
	if _, _, _, err := subsetOf(data, chars); err == nil {
		t.Error("9,000 characters: no error")
	}
	if _, _, _, err := subsetOf(data, chars[:8000]); err != nil {
		t.Errorf("8,000 characters: %v", err)
	}
}

func contains(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func BenchmarkSubset(b *testing.B) {
	data, err := Read("DroidSansFallbackFull.ttf")
	if err != nil {
		b.Fatal(err)
	}
	chars := []rune("The quick brown fox 中国互联网报告 2019")
	for b.Loop() {
		if _, _, _, err := subsetOf(data, chars); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleSubset() {
	data, err := FaceData("Droid Sans Fallback", Regular)
	if err != nil {
		panic(err)
	}
	whole, err := sfnt.Parse(data)
	if err != nil {
		panic(err)
	}
	zhong, _ := whole.GlyphIndex(nil, '中')
	guo, _ := whole.GlyphIndex(nil, '国')
	sub, ids, err := Subset(data, []uint16{uint16(zhong), uint16(guo)}, map[rune]uint16{'中': uint16(zhong), '国': uint16(guo)})
	if err != nil {
		panic(err)
	}
	f, err := sfnt.Parse(sub)
	if err != nil {
		panic(err)
	}
	for _, r := range "中国文" {
		g, _ := f.GlyphIndex(nil, r)
		fmt.Printf("%c: glyph %d\n", r, g)
	}
	fmt.Println(ids, f.NumGlyphs(), len(sub) < len(data)/100) // .notdef, 中, 国 and two glyphs they are made of
	// Output:
	// 中: glyph 1
	// 国: glyph 2
	// 文: glyph 0
	// [1 2] 5 true
}

// TestDeflated checks that every face but the CJK one has its compressed
// form, and that it inflates to the face: run go generate ./fonts after
// changing a font.
func TestDeflated(t *testing.T) {
	for _, fam := range Families() {
		for _, st := range fam.Styles() {
			file := fam.File(st)
			packed, ok := Deflated(file)
			if fam.Name == "Droid Sans Fallback" {
				if ok {
					t.Errorf("%s: a compressed form that no EPUB embeds", file)
				}
				continue
			}
			data, err := Read(file)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Errorf("%s: no compressed form (go generate ./fonts)", file)
				continue
			}
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s: the compressed form is not the face (go generate ./fonts): %v", file, err)
			}
		}
	}
	if _, ok := Deflated("nothing.ttf"); ok {
		t.Error("a compressed form of no face")
	}
}
