package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/manuscript"
)

func testFonts(t *testing.T) *fontSet {
	t.Helper()
	fs, err := newFontSet(manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func str(s string) []manuscript.Inline { return []manuscript.Inline{&manuscript.Str{Text: s}} }

const frog = "In olden times when wishing still helped one, there lived a king whose daughters were all beautiful; and the youngest was so beautiful that the sun itself, which has seen so much, was astonished whenever it shone in her face. Close by the king’s castle lay a great dark forest, and under an old lime-tree in the forest was a well, and when the day was very warm, the king’s child went out into the forest and sat down by the side of the cool fountain; and when she was bored she took a golden ball, and threw it up on high and caught it; and this ball was her favorite plaything."

func TestJustifiedLinesFillTheMeasure(t *testing.T) {
	fs := testFonts(t)
	hyp, err := hyphen.New()
	if err != nil {
		t.Fatal(err)
	}
	j := newJustifier(fs, hyp, nil)
	ts := &textSetter{fs: fs}
	st := style{font: Font{Role: Body}, size: 10}
	for _, measure := range []float64{60, 90, 130} {
		t.Run(fmt.Sprint(measure), func(t *testing.T) {
			ws := ts.wordsFor(str(frog), st, true)
			lines := j.justify(ws, func(int) float64 { return measure })
			if len(lines) < 3 {
				t.Fatalf("%d lines", len(lines))
			}
			run := 0
			var all []string
			for i, l := range lines {
				text := lineText(l)
				all = append(all, text)
				if !l.last && math.Abs(l.w-measure) > 0.01 {
					t.Errorf("line %d is %.2f mm wide; want the measure %.0f mm: %q", i, l.w, measure, text)
				}
				if l.last && l.w > measure+0.01 {
					t.Errorf("last line overfull: %q", text)
				}
				if strings.HasSuffix(text, "-") && !strings.HasSuffix(text, "lime-") {
					run++
					if run > 2 {
						t.Errorf("more than two hyphenated lines in a row at line %d", i)
					}
					word := text[strings.LastIndex(text, " ")+1:]
					if n := len([]rune(strings.TrimSuffix(word, "-"))); n < 2 {
						t.Errorf("fewer than 2 letters before a hyphen: %q", word)
					}
				} else {
					run = 0
				}
				if i == len(lines)-1 && strings.HasSuffix(text, "-") {
					t.Errorf("the last line ends in a hyphen")
				}
			}
			// nothing lost: the letters of the paragraph come out in order
			squash := func(s string) string {
				return strings.NewReplacer("-", "", " ", "", "\n", "").Replace(s)
			}
			if squash(strings.Join(all, "\n")) != squash(frog) {
				t.Errorf("text changed:\n%s", strings.Join(all, "\n"))
			}
		})
	}
}

func lineText(l line) string {
	var sb strings.Builder
	end := 0.0
	for i, p := range l.pieces {
		if i > 0 && p.x > end+0.05 {
			sb.WriteByte(' ')
		}
		sb.WriteString(p.text)
		end = p.x + p.w
	}
	return sb.String()
}

func TestSyllablesSplitAcrossStyles(t *testing.T) {
	fs := testFonts(t)
	hyp, _ := hyphen.New()
	j := newJustifier(fs, hyp, nil)
	ts := &textSetter{fs: fs}
	st := style{font: Font{Role: Body}, size: 10}
	// "hyphen*ation*": the hyphenation points fall in both pieces
	ins := []manuscript.Inline{&manuscript.Str{Text: "hyphen"}, &manuscript.Emph{Children: str("ation")}}
	ws := ts.words(ins, st)
	if len(ws) != 1 {
		t.Fatalf("%d words", len(ws))
	}
	syls, hyphens := j.syllables(ws[0], false)
	var got []string
	for _, s := range syls {
		var sb strings.Builder
		for _, p := range s {
			sb.WriteString(p.text)
		}
		got = append(got, sb.String())
	}
	if strings.Join(got, "|") != "hy|phen|ation" {
		t.Errorf("syllables %q; want hy|phen|ation", got)
	}
	if len(hyphens) != 2 || hyphens[0].text != "-" {
		t.Errorf("hyphens %+v", hyphens)
	}
	if last := syls[len(syls)-1]; last[len(last)-1].font.Style == 0 {
		t.Errorf("the italic syllable lost its style")
	}
	// the last word of a paragraph is not hyphenated
	if syls, _ := j.syllables(ws[0], true); syls != nil {
		t.Errorf("last word split into %d", len(syls))
	}
	// links and code are not hyphenated
	link := ts.words([]manuscript.Inline{&manuscript.Link{URL: "https://example.com", Children: str("information")}}, st)
	if syls, _ := j.syllables(link[0], false); syls != nil {
		t.Errorf("a link was hyphenated")
	}
}

// testBuilder returns a builder for a small book on a short page, for the
// page-building tests.
func testBuilder(t *testing.T) *builder {
	t.Helper()
	fs := testFonts(t)
	hyp, _ := hyphen.New()
	book := &manuscript.Book{Title: "T", Trim: manuscript.Trim{Width: 210, Height: 297}}
	book.Theme.Text = manuscript.Color{}
	b := &builder{book: book, fs: fs, ts: &textSetter{fs: fs}, just: newJustifier(fs, hyp, nil), g: newGeometry(book.Trim)}
	b.chapter = &manuscript.Chapter{ID: "c", Numbered: true, Number: 1}
	b.newPage()
	return b
}

// linesPerPage counts the body lines set on each page.
func linesPerPage(b *builder) []int {
	var out []int
	for _, p := range b.pages {
		ys := map[float64]bool{}
		for _, it := range p.Items {
			if ti, ok := it.(TextItem); ok && ti.Size == 10 {
				ys[math.Round(ti.Y*100)] = true
			}
		}
		out = append(out, len(ys))
	}
	return out
}

func TestNoWidowsOrOrphans(t *testing.T) {
	// a paragraph of n lines starting with room left for k lines: each
	// page gets at least two of its lines, or all of them
	for _, n := range []int{1, 2, 3, 4, 5, 8} {
		for k := 0; k <= 6; k++ {
			t.Run(fmt.Sprintf("%d lines, room for %d", n, k), func(t *testing.T) {
				b := testBuilder(t)
				b.y = b.g.floor() - float64(k)*b.g.leading - 0.01
				b.snap()
				for b.room() < float64(k)*b.g.leading-1e-6 {
					b.y -= b.g.leading
				}
				lines := make([]line, n)
				for i := range lines {
					lines[i] = line{pieces: []placed{{piece: piece{text: fmt.Sprint("line ", i), size: 10, look: &look{}}}}, w: 10, last: i == n-1}
				}
				b.setLines(lines, b.bodyStyle(), b.g.leading, justify, 0, manuscript.Text{})
				per := linesPerPage(b)
				total := 0
				for i, c := range per {
					total += c
					if c > 0 && c < 2 && c < n {
						t.Errorf("page %d holds %d line(s) of a %d-line paragraph: %v", i+1, c, n, per)
					}
				}
				if total != n {
					t.Errorf("set %d lines of %d: %v", total, n, per)
				}
			})
		}
	}
}

func TestFootnoteOnThePageOfItsReference(t *testing.T) {
	b := testBuilder(t)
	note := &manuscript.Footnote{ID: "n", Chapter: "c", Number: 1, Text: manuscript.Text{Inlines: str("The note's text.")}}
	b.noteOf = map[string]*manuscript.Footnote{note.Anchor(): note}
	// fill the page until the reference falls near its foot
	filler := manuscript.Text{Inlines: str(strings.Repeat(frog+" ", 3))}
	b.paragraph(filler, b.bodyStyle(), b.g.leading, justify, 0)
	withRef := manuscript.Text{Inlines: append(str(frog), &manuscript.FootnoteRef{ID: "n", Note: note})}
	b.paragraph(withRef, b.bodyStyle(), b.g.leading, justify, 0)
	b.closePage()
	refPage, notePage := -1, -1
	for i, p := range b.pages {
		for _, it := range p.Items {
			switch it := it.(type) {
			case LinkItem:
				if it.Anchor == note.Anchor() {
					refPage = i
				}
			case AnchorItem:
				if it.Name == note.Anchor() {
					notePage = i
					if it.Y < b.g.floor()-30 {
						t.Errorf("the note is set at %.1f mm, not at the foot of the page", it.Y)
					}
				}
			}
		}
	}
	if refPage < 0 || refPage != notePage {
		t.Errorf("reference on page %d, note on page %d", refPage+1, notePage+1)
	}
}

func TestFloatGoesToTheNextPageTop(t *testing.T) {
	b := testBuilder(t)
	b.y = b.g.floor() - 20
	drawn := 0
	b.placeFloat(pendingFloat{h: 60, draw: func(x, y float64) []Item {
		drawn++
		if y != b.g.top {
			t.Errorf("float drawn at %.1f mm; want the page top %.1f", y, b.g.top)
		}
		return nil
	}})
	if drawn != 0 || len(b.floats) != 1 {
		t.Fatalf("a float that does not fit was set on the page")
	}
	b.newPage()
	if drawn != 1 {
		t.Errorf("the waiting float was drawn %d times", drawn)
	}
	if b.y < b.g.top+60 {
		t.Errorf("text would overprint the float: cursor at %.1f mm", b.y)
	}
}

func TestRoman(t *testing.T) {
	for n, want := range map[int]string{1: "i", 4: "iv", 9: "ix", 14: "xiv", 40: "xl", 1999: "mcmxcix"} {
		if got := roman(n); got != want {
			t.Errorf("roman(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestFitColumns(t *testing.T) {
	tests := []struct {
		natural, words []float64
		w              float64
	}{
		{[]float64{10, 20, 30}, nil, 130},
		{[]float64{100, 100, 10}, nil, 130},
		{[]float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, nil, 130},
		// a short column whose one long word would not fit its share (a
		// table of the report: "Astamuse", "2009–2018")
		{[]float64{22, 60, 25, 90}, []float64{15.5, 14, 16, 12}, 110},
		{[]float64{14, 200, 14}, []float64{14, 20, 14}, 100},
		// longest words that cannot all fit: shared as before
		{[]float64{50, 50, 50}, []float64{45, 45, 45}, 110},
	}
	for _, tt := range tests {
		got := fitColumns(tt.natural, tt.words, tt.w, 2)
		sum, words := 0.0, 0.0
		for _, v := range tt.words {
			words += v + 4
		}
		for i, v := range got {
			sum += v
			if v <= 0 {
				t.Errorf("fitColumns(%v) gave a column of %.1f mm", tt.natural, v)
			}
			if words <= tt.w && i < len(tt.words) && v < tt.words[i]+4 {
				t.Errorf("fitColumns(%v, %v) gave column %d %.1f mm, less than its longest word and padding, %.1f", tt.natural, tt.words, i, v, tt.words[i]+4)
			}
		}
		if math.Abs(sum-tt.w) > 0.01 {
			t.Errorf("fitColumns(%v) = %v, %.1f mm in all; want %.0f", tt.natural, got, sum, tt.w)
		}
	}
}

// ExampleDocument_Display typesets a small book and draws its screen
// edition's display list.
func ExampleDocument_Display() {
	book := &manuscript.Book{
		Title:    "A Small Book",
		Trim:     manuscript.Trim{Name: "A5", Width: 148, Height: 210},
		Language: "en",
		Theme:    manuscript.Theme{Fonts: manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", Mono: "Noto Sans Mono", CJK: "Droid Sans Fallback"}},
		Chapters: []*manuscript.Chapter{{
			ID: "one", Numbered: true, Number: 1,
			Title: manuscript.Text{Inlines: str("One")},
			Body:  []manuscript.Block{&manuscript.Paragraph{Text: manuscript.Text{Inlines: str("Hello, world.")}}},
		}},
	}
	doc, err := Typeset(book, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	dl, err := doc.Display(Options{Edition: Screen, Date: time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := dl.Pages[0]
	fmt.Printf("%d page, %.0f x %.0f pt\n", len(dl.Pages), p.Media.W, p.Media.H)
	for _, it := range p.Items {
		if t, ok := it.(*display.Text); ok && t.Role.Kind == display.Paragraph {
			fmt.Printf("%q in %s, %d glyphs\n", t.Text, t.Font.Name, len(t.Glyphs))
		}
	}
	// Output:
	// 1 page, 420 x 595 pt
	// "Hello, world." in NotoSerif-Regular, 13 glyphs
}

func TestCharactersNoFontHasBecomeVisible(t *testing.T) {
	fs := testFonts(t)
	tests := []struct {
		in   string
		want string // runs as font role:text
	}{
		{"abc", "0:abc"},
		{"微信 WeChat", "3:微信|0: WeChat"},
		{"smile 😀!", "0:smile \uFFFD!"},
		{"𠀀", "0:\uFFFD"},
	}
	for _, tt := range tests {
		var runs []string
		fs.segment(Font{Role: Body}, tt.in, func(f Font, part string) {
			runs = append(runs, fmt.Sprintf("%d:%s", f.Role, part))
		})
		if got := strings.Join(runs, "|"); got != tt.want {
			t.Errorf("segment(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestPageRunsALineLong: rather than carry a paragraph's last line over as
// a widow, the page takes one line more than its text block holds.
func TestPageRunsALineLong(t *testing.T) {
	b := testBuilder(t)
	for b.room() >= 3*b.g.leading {
		b.y += b.g.leading
	}
	if fit := int(b.room() / b.g.leading); fit != 2 {
		t.Fatalf("room for %d lines; want 2", fit)
	}
	lines := make([]line, 3)
	for i := range lines {
		lines[i] = line{pieces: []placed{{piece: piece{text: fmt.Sprint("line ", i), size: 10, look: &look{}}}}, w: 10, last: i == 2}
	}
	b.setLines(lines, b.bodyStyle(), b.g.leading, justify, 0, manuscript.Text{})
	if per := linesPerPage(b); len(per) != 1 || per[0] != 3 {
		t.Errorf("lines per page %v; want all 3 on the first page", per)
	}
	if b.y > b.g.floor()+b.g.leading+1e-6 {
		t.Errorf("the page runs %.1f mm past its text block; want at most one line", b.y-b.g.floor())
	}
}
