package fonts

import (
	"reflect"
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestCovers(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
		fams []string
	}{
		{"latin", 'a', true, []string{"Noto Sans", "Noto Sans Mono", "Noto Serif"}},
		{"e acute", 'é', true, []string{"Noto Sans", "Noto Sans Mono", "Noto Serif"}},
		{"han", '中', true, []string{"Droid Sans Fallback"}},
		{"minus sign only in mono", '\u2212', true, []string{"Noto Sans Mono"}},
		{"emoji beyond the BMP", '\U0001F600', false, nil},
		{"CJK extension B beyond the BMP", '\U00020000', false, nil},
		{"ethiopic", 'ሀ', false, nil},
		{"devanagari", 'अ', false, nil},
		{"private use", '\uE000', false, nil},
		{"negative", -1, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Covers(tt.r); got != tt.want {
				t.Errorf("Covers(%U) = %v; want %v", tt.r, got, tt.want)
			}
			if got := FamiliesWith(tt.r); !reflect.DeepEqual(got, tt.fams) {
				t.Errorf("FamiliesWith(%U) = %q; want %q", tt.r, got, tt.fams)
			}
		})
	}
}

// Every family for running text has printable ASCII; the CJK fallback has
// none of it.
func TestTextFamiliesCoverPrintableASCII(t *testing.T) {
	for _, name := range []string{"Noto Serif", "Noto Sans", "Noto Sans Mono"} {
		c, err := NewCoverage(name)
		if err != nil {
			t.Fatal(err)
		}
		for r := rune(0x20); r < 0x7f; r++ {
			if !c.Covers(r) {
				t.Errorf("%s has no glyph for %q", name, r)
			}
		}
	}
}

// Coverage reads the regular face only: the other styles must draw the
// same characters.
func TestStylesShareTheCharacterMap(t *testing.T) {
	for _, fam := range Families() {
		reg := cmapOf(t, fam.File(Regular))
		for _, s := range fam.Styles() {
			if s == Regular {
				continue
			}
			if got := cmapOf(t, fam.File(s)); !reflect.DeepEqual(got, reg) {
				t.Errorf("%s %s covers %d characters of the BMP, the regular face %d", fam.Name, s, len(got), len(reg))
			}
		}
	}
}

func cmapOf(t *testing.T, file string) map[rune]bool {
	t.Helper()
	data, err := Read(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	out := map[rune]bool{}
	for r := rune(0); r <= MaxRune; r++ {
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			out[r] = true
		}
	}
	return out
}

func TestNewCoverageUnknownFamily(t *testing.T) {
	if _, err := NewCoverage("Comic Sans"); err == nil {
		t.Fatal("no error for a family that is not bundled")
	}
	c, err := NewCoverage("Noto Serif", "Droid Sans Fallback")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers('中') || !c.Covers('é') || c.Covers('\u2212') {
		t.Error("a coverage of two families is not their union")
	}
	if got := c.Families(); !reflect.DeepEqual(got, []string{"Noto Serif", "Droid Sans Fallback"}) {
		t.Errorf("Families() = %q", got)
	}
}
