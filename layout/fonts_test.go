package layout

import (
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/fonts"
)

// TestWidthsAreFPDFs checks that fontSet measures every character of every
// bundled face exactly as fpdf's GetStringWidth does, at two sizes: lines
// are justified with these widths and drawn by fpdf with its own.
func TestWidthsAreFPDFs(t *testing.T) {
	for _, fam := range fonts.Families() {
		for _, st := range fam.Styles() {
			t.Run(fam.File(st), func(t *testing.T) {
				t.Parallel()
				data, err := fonts.Read(fam.File(st))
				if err != nil {
					t.Fatal(err)
				}
				m, err := fonts.OpenFace(fam.File(st))
				if err != nil {
					t.Fatal(err)
				}
				pdf := fpdf.New("P", "mm", "A4", "")
				pdf.AddUTF8FontFromBytes("f", "", data)
				pdf.SetFont("f", "", 10)
				if pdf.Err() {
					t.Fatal(pdf.Error())
				}
				fs := &fontSet{files: map[Role]fonts.Family{Body: fam}, faces: map[Font]*fonts.Face{{Role: Body, Style: st}: m}}
				fs.faceOf[Body][st] = Font{Role: Body, Style: st}
				fs.metric[Body][st] = m
				bad := 0
				for r := rune(1); r < 0xFFFF && bad < 10; r++ {
					if r >= 0xD800 && r <= 0xDFFF {
						continue // surrogates are not characters
					}
					s := string(r) + "a" + string(r)
					for _, size := range []float64{10, 7.5} {
						pdf.SetFontSize(size)
						want := pdf.GetStringWidth(s)
						if got := fs.width(Font{Role: Body, Style: st}, size, s); got != want {
							t.Errorf("U+%04X at %gpt: width %g, fpdf %g", r, size, got, want)
							bad++
						}
					}
				}
			})
		}
	}
}
