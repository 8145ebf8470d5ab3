package epub

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/folio-press/folio/fonts"
)

// TestEmbeddedFonts checks that the fonts in the archive, stored in their
// form compressed once for all, read back as the bundled faces.
func TestEmbeddedFonts(t *testing.T) {
	data := build(t, loadReport(t), Options{})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range zr.File {
		if path.Dir(f.Name) != path.Join(contentDir, fontDir) || path.Base(f.Name) == cjkFile {
			continue // the CJK subset is the book's own: TestCJKSubset
		}
		n++
		want, err := fonts.Read(path.Base(f.Name))
		if err != nil {
			t.Fatalf("%s: not a bundled face: %v", f.Name, err)
		}
		packed, _ := fonts.Deflated(path.Base(f.Name))
		if f.Method != zip.Deflate || f.CompressedSize64 != uint64(len(packed)) {
			t.Errorf("%s: method %d, %d bytes stored; want deflate, %d", f.Name, f.Method, f.CompressedSize64, len(packed))
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC-32 too
		rc.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: does not read back as the face: %v", f.Name, err)
		}
	}
	if n == 0 {
		t.Error("no font in the archive")
	}
}

// TestCJKSubset checks the Chinese face the EPUB embeds: cut to the
// characters of the report the body face lacks, it has a glyph for each of
// them, far fewer glyphs than the whole face, and the style sheet names it
// after the body face.
func TestCJKSubset(t *testing.T) {
	book := loadReport(t)
	data := build(t, book, Options{})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		t.Helper()
		f, err := zr.Open(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return b
	}
	sub := read(path.Join(contentDir, fontDir, cjkFile))
	face, err := fonts.NewFace(cjkFile, sub)
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	body, _ := fonts.OpenFace("NotoSerif-Regular.ttf")
	whole, _ := fonts.OpenFace("DroidSansFallbackFull.ttf")
	han := 0
	for _, r := range book.Chars {
		if body.Has(r) || !whole.Has(r) {
			continue
		}
		han++
		if !face.Has(r) {
			t.Errorf("%q (%U) has no glyph in the subset", r, r)
		}
		if face.RuneUnits(r) != whole.RuneUnits(r) {
			t.Errorf("%q: advance %d in the subset, %d in the face", r, face.RuneUnits(r), whole.RuneUnits(r))
		}
	}
	if han < 20 {
		t.Errorf("only %d Chinese characters in the report", han)
	}
	if len(sub) > 200<<10 {
		t.Errorf("the subset is %d kB for %d characters", len(sub)>>10, han)
	}
	t.Logf("%d characters, %d kB", han, len(sub)>>10)
	css := string(read(path.Join(contentDir, "css", "folio.css")))
	if !strings.Contains(css, `src: url("../fonts/`+cjkFile+`")`) || !strings.Contains(css, `"Noto Serif", "Droid Sans Fallback", serif`) {
		t.Errorf("the style sheet does not draw Chinese in the subset:\n%.600s", css)
	}
}
