package cover

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func hex(t *testing.T, s string) manuscript.Color {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		t.Fatalf("bad colour %q", s)
	}
	return manuscript.Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}
}

// book returns a small book with the default theme.
func book(t *testing.T, title, subtitle, edition string) *manuscript.Book {
	t.Helper()
	return &manuscript.Book{
		Title: title, Subtitle: subtitle, Edition: edition,
		Authors:   []manuscript.Author{{Name: "Ann Lee"}, {Name: "Bo Chen", Role: "editor"}},
		Publisher: "Folio Test Press",
		Date:      time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC),
		Theme: manuscript.Theme{
			Text: hex(t, "#1a1a1a"), Accent: hex(t, "#c8102e"), Muted: hex(t, "#8c8c8c"),
			Chapters: []manuscript.Color{hex(t, "#0072b2"), hex(t, "#d55e00"), hex(t, "#009e73")},
			Fonts:    manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"},
		},
	}
}

func rgb(c color.Color) manuscript.Color {
	r, g, b, _ := c.RGBA()
	return manuscript.Color{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8)}
}

// count returns how many pixels of the rectangle are near the colour c.
func count(img image.Image, r image.Rectangle, c manuscript.Color) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := rgb(img.At(x, y))
			d := func(a, b uint8) int {
				if a > b {
					return int(a - b)
				}
				return int(b - a)
			}
			if d(p.R, c.R)+d(p.G, c.G)+d(p.B, c.B) < 24 {
				n++
			}
		}
	}
	return n
}

func TestPNG(t *testing.T) {
	report, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatalf("the bundled report does not load: %v", err)
	}
	long := strings.Repeat("A very long title about digital payments and super apps ", 6)
	tests := []struct {
		name string
		book *manuscript.Book
	}{
		{"report", report},
		{"short", book(t, "5G", "", "")},
		{"long title and subtitle", book(t, long, long, "Second edition, revised and much enlarged")},
		{"one long word", book(t, strings.Repeat("Supercalifragilistic", 8), "", "")},
		{"chinese", book(t, "微信 WeChat 与中国互联网", "「超级应用」的故事", "第一版")},
		{"empty", &manuscript.Book{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := PNG(tc.book)
			if err != nil {
				t.Fatal(err)
			}
			again, err := PNG(tc.book)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Error("two covers of the same book differ")
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("the cover is not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height || Width != 1600 || Height != 2560 {
				t.Fatalf("the cover is %v, want 1600×2560", b)
			}
			// the PNG, drawn a strip at a time, has Draw's pixels
			drawn, err := Draw(tc.book)
			if err != nil {
				t.Fatal(err)
			}
			for y := 0; y < Height; y++ {
				for x := 0; x < Width; x++ {
					if got, want := color.RGBAModel.Convert(img.At(x, y)), drawn.RGBAAt(x, y); got != want {
						t.Fatalf("pixel (%d, %d) of the PNG is %v, Draw gives %v", x, y, got, want)
					}
				}
			}
			pal := colours(tc.book.Theme)
			// the block is the theme's first chapter colour, with the
			// title in it
			if got := rgb(img.At(Width/2, 40)); got.Hex() != pal.block.Hex() {
				t.Errorf("the block is %s, want %s", got.Hex(), pal.block.Hex())
			}
			titleBox := image.Rect(margin, titleTop-200, Width-margin, blockH-titleFoot+60)
			if n := count(img, titleBox, pal.onBlock); n < 2000 {
				t.Errorf("only %d pixels of title text", n)
			}
			// nothing is set in the side margins but the block, the band
			// and the motif
			for _, x := range []int{margin / 2, Width - margin/2} {
				for y := blockH + bandH; y < Height; y += 8 {
					if got := rgb(img.At(x, y)); got != white {
						t.Fatalf("pixel (%d, %d) in the margin is %s", x, y, got.Hex())
					}
				}
			}
		})
	}
}

func TestFitTitle(t *testing.T) {
	set, err := loadSet([]string{"Noto Sans", "Droid Sans Fallback"}, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title              string
		minSize, maxSize   float64
		minLines, maxLines int
	}{
		{"China Internet Report 2019", 176, 176, 2, 2},
		{"5G", 176, 176, 1, 1},
		{strings.Repeat("word ", 40), 76, 128, 4, 8},
		{strings.Repeat("Supercalifragilistic", 5), 76, 76, 2, 8}, // broken inside the word
		{"微信与中国互联网的二十年：从门户到超级应用", 100, 176, 2, 6},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			f, lines, err := fitTitle(set, tc.title)
			if err != nil {
				t.Fatal(err)
			}
			if f.size < tc.minSize || f.size > tc.maxSize {
				t.Errorf("size %g, want %g to %g", f.size, tc.minSize, tc.maxSize)
			}
			if len(lines) < tc.minLines || len(lines) > tc.maxLines {
				t.Errorf("%d lines %q, want %d to %d", len(lines), lines, tc.minLines, tc.maxLines)
			}
			for _, l := range lines {
				if w := f.width(l, 0); w > measure {
					t.Errorf("line %q is %d px wide, more than %d", l, w, measure)
				}
			}
			lead := int(f.size * 1.1)
			if top := blockH - titleFoot - (len(lines)-1)*lead; top < titleTop {
				t.Errorf("the title rises to %d, above %d", top, titleTop)
			}
		})
	}
}

func TestBalanced(t *testing.T) {
	set, err := loadSet([]string{"Noto Sans"}, fonts.Bold)
	if err != nil {
		t.Fatal(err)
	}
	f, err := set.face(176)
	if err != nil {
		t.Fatal(err)
	}
	// greedy wrapping would leave "2019" alone on the second line
	lines, ok := balanced(f, "China Internet Report 2019", measure)
	if !ok || strings.Join(lines, "|") != "China Internet|Report 2019" {
		t.Errorf("balanced = %q, %v", lines, ok)
	}
	if _, ok := balanced(f, "Pneumonoultramicroscopicsilicovolcanoconiosis", measure); ok {
		t.Error("a word wider than the measure was wrapped")
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"China Internet  Report", "China| Internet| Report"},
		{"微信 WeChat 与中国", "微|信| WeChat| 与|中|国"},
		{"「超级」app", "「|超|级|」|app"},
		{"", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, w := range splitWords(tc.in) {
			if w.space {
				got = append(got, " "+w.text)
			} else {
				got = append(got, w.text)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("splitWords(%q) = %q, want %q", tc.in, strings.Join(got, "|"), tc.want)
		}
	}
}

func TestColours(t *testing.T) {
	tests := []struct {
		name                       string
		chapters                   []string
		text, accent               string
		block, onBlock, ink, accnt string
	}{
		{"dark block", []string{"#0072b2"}, "#1a1a1a", "#c8102e", "#0072b2", "#ffffff", "#1a1a1a", "#c8102e"},
		{"light block takes dark text", []string{"#ffe680"}, "#1a1a1a", "#c8102e", "#ffe680", "#1a1a1a", "#1a1a1a", "#c8102e"},
		{"no chapter colours: the accent", nil, "#1a1a1a", "#c8102e", "#c8102e", "#ffffff", "#1a1a1a", "#c8102e"},
		{"pale text and accent are replaced", []string{"#0072b2"}, "#cccccc", "#ffcc00", "#0072b2", "#ffffff", "#1a1a1a", "#1a1a1a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := manuscript.Theme{Text: hex(t, tc.text), Accent: hex(t, tc.accent)}
			for _, c := range tc.chapters {
				th.Chapters = append(th.Chapters, hex(t, c))
			}
			p := colours(th)
			got := []string{p.block.Hex(), p.onBlock.Hex(), p.ink.Hex(), p.accent.Hex()}
			want := []string{tc.block, tc.onBlock, tc.ink, tc.accnt}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("colours = %v, want %v", got, want)
			}
		})
	}
}

func TestAlt(t *testing.T) {
	tests := []struct {
		book *manuscript.Book
		want string
	}{
		{book(t, "China Internet Report 2019", "Eleven sectors", "Folio edition"),
			"Cover of China Internet Report 2019: Eleven sectors, Folio edition, by Ann Lee, Bo Chen, published by Folio Test Press."},
		{&manuscript.Book{Title: "Bare"}, "Cover of Bare."},
	}
	for _, tc := range tests {
		if got := Alt(tc.book); got != tc.want {
			t.Errorf("Alt = %q, want %q", got, tc.want)
		}
	}
}

func TestDrawErrors(t *testing.T) {
	if _, err := PNG(nil); err == nil {
		t.Error("PNG(nil) succeeded")
	}
	b := book(t, "Title", "", "")
	b.Theme.Fonts.Heading = "No Such Font"
	if _, err := PNG(b); err == nil {
		t.Error("a cover was drawn in a font that is not bundled")
	}
}

func TestKey(t *testing.T) {
	key := func(b *manuscript.Book) [32]byte {
		t.Helper()
		k, err := Key(b)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := key(book(t, "Title", "Subtitle", "First edition"))
	tests := []struct {
		name string
		edit func(b *manuscript.Book)
		same bool // the cover does not show what changed
	}{
		{"nothing", func(b *manuscript.Book) {}, true},
		{"a position", func(b *manuscript.Book) { b.Pos.Line = 7; b.Authors[0].Pos.Line = 9 }, true},
		{"the language", func(b *manuscript.Book) { b.Language = "de" }, true},
		{"a day of the same month", func(b *manuscript.Book) { b.Date = b.Date.AddDate(0, 0, 3) }, true},
		{"an author's role", func(b *manuscript.Book) { b.Authors[1].Role = "author" }, true},
		{"the palette", func(b *manuscript.Book) { b.Theme.Palette = []manuscript.Color{{R: 1}} }, true},
		{"the title", func(b *manuscript.Book) { b.Title = "Title!" }, false},
		{"the subtitle", func(b *manuscript.Book) { b.Subtitle = "" }, false},
		{"the edition", func(b *manuscript.Book) { b.Edition = "Second edition" }, false},
		{"the publisher", func(b *manuscript.Book) { b.Publisher = "Other Press" }, false},
		{"an author", func(b *manuscript.Book) { b.Authors[0].Name = "Ann Leigh" }, false},
		{"the month", func(b *manuscript.Book) { b.Date = b.Date.AddDate(0, 1, 0) }, false},
		{"no date", func(b *manuscript.Book) { b.Date = time.Time{} }, false},
		{"the text colour", func(b *manuscript.Book) { b.Theme.Text.R++ }, false},
		{"the accent", func(b *manuscript.Book) { b.Theme.Accent.G++ }, false},
		{"the muted colour", func(b *manuscript.Book) { b.Theme.Muted.B++ }, false},
		{"a chapter colour", func(b *manuscript.Book) { b.Theme.Chapters[2].B++ }, false},
		{"the heading font", func(b *manuscript.Book) { b.Theme.Fonts.Heading = "Noto Serif" }, false},
		{"the body font", func(b *manuscript.Book) { b.Theme.Fonts.Body = "Noto Sans" }, false},
		{"the CJK font", func(b *manuscript.Book) { b.Theme.Fonts.CJK = "" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := book(t, "Title", "Subtitle", "First edition")
			tc.edit(b)
			if got := key(b) == base; got != tc.same {
				t.Errorf("same key = %v, want %v", got, tc.same)
			}
		})
	}
	if _, err := Key(nil); err == nil {
		t.Error("Key(nil) succeeded")
	}
}
