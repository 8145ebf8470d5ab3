package fonts

import "testing"

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		file      string
		italic    bool
		bold      bool
		fixed     bool
		capHeight int
	}{
		{"NotoSerif-Regular.ttf", false, false, false, 714},
		{"NotoSerif-BoldItalic.ttf", true, true, false, 714},
		{"NotoSans-Italic.ttf", true, false, false, 714},
		{"NotoSansMono-Bold.ttf", false, true, true, 714},
	} {
		data, err := Read(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Describe(data)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if d.Ascent < 700 || d.Ascent > 1200 || d.Descent > -150 || d.Descent < -500 {
			t.Errorf("%s: ascent %d, descent %d", tc.file, d.Ascent, d.Descent)
		}
		if d.CapHeight != tc.capHeight {
			t.Errorf("%s: cap height %d, want %d", tc.file, d.CapHeight, tc.capHeight)
		}
		if d.BBox[0] >= 0 || d.BBox[1] >= 0 || d.BBox[2] <= 1000 || d.BBox[3] <= d.CapHeight {
			t.Errorf("%s: box %v does not reach below the baseline and above the cap height %d", tc.file, d.BBox, d.CapHeight)
		}
		if got := d.ItalicAngle != 0; got != tc.italic || d.Flags&64 != 0 != tc.italic {
			t.Errorf("%s: italic angle %d, flags %b", tc.file, d.ItalicAngle, d.Flags)
		}
		if d.Flags&(1<<18) != 0 != tc.bold || d.Flags&1 != 0 != tc.fixed || d.Flags&4 == 0 {
			t.Errorf("%s: flags %b", tc.file, d.Flags)
		}
	}
	if _, err := Describe([]byte("not a font")); err == nil {
		t.Error("Describe read a description from text")
	}
}
