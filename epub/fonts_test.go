package epub

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
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
		if path.Dir(f.Name) != path.Join(contentDir, fontDir) {
			continue
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
