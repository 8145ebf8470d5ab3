// Package fonts bundles the TrueType fonts Folio typesets with, so that an
// installed folio binary needs no fonts on the machine it runs on.
//
// All faces are TrueType (glyf) fonts, the only kind the PDF writer embeds:
// Noto Serif and Noto Sans in four styles and Noto Sans Mono in two, under
// the SIL Open Font License 1.1 (LICENSE-OFL.txt), and Droid Sans Fallback,
// a CJK-capable face used per character for Chinese text, under the Apache
// License 2.0 (LICENSE-Apache-2.0.txt).
package fonts

import (
	"embed"
	"fmt"
	"sort"
)

// The faces are embedded one variable each, so that reading one costs no
// copy. They are never written to.
var (
	//go:embed NotoSerif-Regular.ttf
	notoSerifRegular []byte
	//go:embed NotoSerif-Bold.ttf
	notoSerifBold []byte
	//go:embed NotoSerif-Italic.ttf
	notoSerifItalic []byte
	//go:embed NotoSerif-BoldItalic.ttf
	notoSerifBoldItalic []byte
	//go:embed NotoSans-Regular.ttf
	notoSansRegular []byte
	//go:embed NotoSans-Bold.ttf
	notoSansBold []byte
	//go:embed NotoSans-Italic.ttf
	notoSansItalic []byte
	//go:embed NotoSans-BoldItalic.ttf
	notoSansBoldItalic []byte
	//go:embed NotoSansMono-Regular.ttf
	notoSansMonoRegular []byte
	//go:embed NotoSansMono-Bold.ttf
	notoSansMonoBold []byte
	//go:embed DroidSansFallbackFull.ttf
	droidSansFallback []byte

	//go:embed LICENSE-*.txt
	licences embed.FS

	// the faces compressed (Deflated), one variable each too
	//go:embed deflate/NotoSerif-Regular.ttf.deflate
	deflatedNotoSerifRegular []byte
	//go:embed deflate/NotoSerif-Bold.ttf.deflate
	deflatedNotoSerifBold []byte
	//go:embed deflate/NotoSerif-Italic.ttf.deflate
	deflatedNotoSerifItalic []byte
	//go:embed deflate/NotoSerif-BoldItalic.ttf.deflate
	deflatedNotoSerifBoldItalic []byte
	//go:embed deflate/NotoSans-Regular.ttf.deflate
	deflatedNotoSansRegular []byte
	//go:embed deflate/NotoSans-Bold.ttf.deflate
	deflatedNotoSansBold []byte
	//go:embed deflate/NotoSans-Italic.ttf.deflate
	deflatedNotoSansItalic []byte
	//go:embed deflate/NotoSans-BoldItalic.ttf.deflate
	deflatedNotoSansBoldItalic []byte
	//go:embed deflate/NotoSansMono-Regular.ttf.deflate
	deflatedNotoSansMonoRegular []byte
	//go:embed deflate/NotoSansMono-Bold.ttf.deflate
	deflatedNotoSansMonoBold []byte
)

//go:generate go run gen_deflate.go

// Deflated returns a bundled face compressed once for all with DEFLATE
// (RFC 1951) at the best level, as a ZIP archive stores a file with the
// method deflate: an EPUB writer stores it as it is instead of compressing
// the face on every build. There is none for the CJK face, which EPUBs do
// not embed. The bytes are the binary's own, not a copy: they must not be
// written to.
func Deflated(file string) ([]byte, bool) {
	_, data := embedded(file)
	return data, data != nil
}

// face returns the embedded bytes of a font file, or nil.
func face(file string) []byte {
	data, _ := embedded(file)
	return data
}

// embedded returns the embedded bytes of a font file and of its
// compressed form, nil for what is not bundled.
func embedded(file string) (face, deflated []byte) {
	switch file {
	case "NotoSerif-Regular.ttf":
		return notoSerifRegular, deflatedNotoSerifRegular
	case "NotoSerif-Bold.ttf":
		return notoSerifBold, deflatedNotoSerifBold
	case "NotoSerif-Italic.ttf":
		return notoSerifItalic, deflatedNotoSerifItalic
	case "NotoSerif-BoldItalic.ttf":
		return notoSerifBoldItalic, deflatedNotoSerifBoldItalic
	case "NotoSans-Regular.ttf":
		return notoSansRegular, deflatedNotoSansRegular
	case "NotoSans-Bold.ttf":
		return notoSansBold, deflatedNotoSansBold
	case "NotoSans-Italic.ttf":
		return notoSansItalic, deflatedNotoSansItalic
	case "NotoSans-BoldItalic.ttf":
		return notoSansBoldItalic, deflatedNotoSansBoldItalic
	case "NotoSansMono-Regular.ttf":
		return notoSansMonoRegular, deflatedNotoSansMonoRegular
	case "NotoSansMono-Bold.ttf":
		return notoSansMonoBold, deflatedNotoSansMonoBold
	case "DroidSansFallbackFull.ttf":
		return droidSansFallback, nil
	}
	return nil, nil
}

// Style is a face's weight and slant within its family.
type Style uint8

// The four styles a family may have.
const (
	Regular Style = iota
	Bold
	Italic
	BoldItalic
)

// String returns the style's name as used in file names ("Regular", "Bold", ...).
func (s Style) String() string {
	switch s {
	case Bold:
		return "Bold"
	case Italic:
		return "Italic"
	case BoldItalic:
		return "BoldItalic"
	}
	return "Regular"
}

// Family describes one bundled font family.
type Family struct {
	// Name is the family name as a manuscript's theme names it, e.g. "Noto Serif".
	Name string
	// Generic is the CSS generic family to fall back on: serif, sans-serif or monospace.
	Generic string
	// Licence is the file in this package that holds the family's licence.
	Licence string
	files   map[Style]string
}

// Has reports whether the family has a face in the given style.
func (f Family) Has(s Style) bool { _, ok := f.files[s]; return ok }

// File returns the file name of the face in style s, falling back to the
// nearest style the family has (BoldItalic to Bold, then Regular).
func (f Family) File(s Style) string {
	for _, try := range []Style{s, s &^ Italic, s &^ Bold, Regular} {
		if name, ok := f.files[try]; ok {
			return name
		}
	}
	return ""
}

// Styles returns the styles the family has, in order.
func (f Family) Styles() []Style {
	var out []Style
	for s := Regular; s <= BoldItalic; s++ {
		if f.Has(s) {
			out = append(out, s)
		}
	}
	return out
}

func fourStyles(prefix string) map[Style]string {
	return map[Style]string{
		Regular:    prefix + "-Regular.ttf",
		Bold:       prefix + "-Bold.ttf",
		Italic:     prefix + "-Italic.ttf",
		BoldItalic: prefix + "-BoldItalic.ttf",
	}
}

// Families returns the bundled families, sorted by name.
func Families() []Family {
	fams := []Family{
		{Name: "Noto Serif", Generic: "serif", Licence: "LICENSE-OFL.txt", files: fourStyles("NotoSerif")},
		{Name: "Noto Sans", Generic: "sans-serif", Licence: "LICENSE-OFL.txt", files: fourStyles("NotoSans")},
		{Name: "Noto Sans Mono", Generic: "monospace", Licence: "LICENSE-OFL.txt", files: map[Style]string{
			Regular: "NotoSansMono-Regular.ttf", Bold: "NotoSansMono-Bold.ttf",
		}},
		{Name: "Droid Sans Fallback", Generic: "sans-serif", Licence: "LICENSE-Apache-2.0.txt", files: map[Style]string{
			Regular: "DroidSansFallbackFull.ttf",
		}},
	}
	sort.Slice(fams, func(i, j int) bool { return fams[i].Name < fams[j].Name })
	return fams
}

// Lookup returns the bundled family with the given name.
func Lookup(name string) (Family, bool) {
	for _, f := range Families() {
		if f.Name == name {
			return f, true
		}
	}
	return Family{}, false
}

// Names returns the names of the bundled families, sorted.
func Names() []string {
	var out []string
	for _, f := range Families() {
		out = append(out, f.Name)
	}
	return out
}

// Read returns the bytes of a bundled file, a font or a licence. A font's
// bytes are shared, not copied: callers must not modify them.
func Read(file string) ([]byte, error) {
	if b := face(file); b != nil {
		return b, nil
	}
	b, err := licences.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	return b, nil
}

// FaceData returns the bytes of the named family's face in style s (or its
// nearest style).
func FaceData(family string, s Style) ([]byte, error) {
	f, ok := Lookup(family)
	if !ok {
		return nil, fmt.Errorf("fonts: no bundled family %q", family)
	}
	return Read(f.File(s))
}
