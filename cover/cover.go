// Package cover draws a book's cover from its metadata and theme: the
// title, subtitle, edition, authors and publisher, set in the bundled
// fonts on the theme's colours, as the EPUB's cover image.
//
// The design echoes the print edition's title page: a block of the first
// chapter colour holding the edition and the title, a band of the
// chapters' colours under it (the colours the print edition's sectors
// carry), then the subtitle and the authors, and the publisher at the
// foot in the accent colour. Long titles are set smaller and wrapped into
// balanced lines. Characters the Latin fonts lack (Chinese) are drawn
// from the theme's CJK font.
//
// The same book gives the same bytes: drawing uses no clock, no map
// order and no randomness. (Floating-point rasterisation may round
// differently on another CPU architecture, so the bytes are the same on
// the same kind of machine.)
package cover

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"unicode"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The cover's size in pixels: the 1:1.6 portrait e-book stores ask for.
const (
	Width  = 1600
	Height = 2560
)

// Geometry of the design, in pixels.
const (
	margin    = 140 // left and right
	measure   = Width - 2*margin
	blockH    = 1480 // the coloured block at the top
	bandH     = 36   // the band of chapter colours under the block
	editionY  = 300  // baseline of the edition line
	titleFoot = 150  // space between the title's last baseline and the block's foot
	titleTop  = 420  // the title's first line may not rise above this
	footY     = Height - 190
)

// PNG returns the book's cover as a PNG image of Width × Height pixels:
// the pixels of Draw, encoded without ever holding the whole image (see
// encodePNG).
func PNG(b *manuscript.Book) ([]byte, error) {
	c, err := paint(b)
	if err != nil {
		return nil, err
	}
	data, err := c.encodePNG()
	if err != nil {
		return nil, fmt.Errorf("cover: %w", err)
	}
	return data, nil
}

// Alt returns the cover's text alternative: what it shows, in words.
func Alt(b *manuscript.Book) string {
	var parts []string
	title := strings.TrimSpace(b.Title)
	if s := strings.TrimSpace(b.Subtitle); s != "" {
		title += ": " + s
	}
	parts = append(parts, "Cover of "+title)
	if e := strings.TrimSpace(b.Edition); e != "" {
		parts = append(parts, e)
	}
	var names []string
	for _, a := range b.Authors {
		if n := strings.TrimSpace(a.Name); n != "" {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		parts = append(parts, "by "+strings.Join(names, ", "))
	}
	if p := strings.TrimSpace(b.Publisher); p != "" {
		parts = append(parts, "published by "+p)
	}
	return strings.Join(parts, ", ") + "."
}

// Draw returns the book's cover as an image of Width × Height pixels.
func Draw(b *manuscript.Book) (*image.RGBA, error) {
	c, err := paint(b)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	c.drawInto(img)
	return img, nil
}

// Key returns a digest of everything the cover is drawn from: two books
// with the same Key have the same cover (PNG returns the same bytes), in
// the same build of Folio, whose bundled fonts are part of the program.
// It is meant for caching covers across builds of a book that changes.
func Key(b *manuscript.Book) ([sha256.Size]byte, error) {
	if b == nil {
		return [sha256.Size]byte{}, errors.New("cover: no book")
	}
	data, err := json.Marshal(inputsOf(b))
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("cover: key: %w", err)
	}
	return sha256.Sum256(data), nil
}

// inputs is what a cover is drawn from; paint reads nothing else, so that
// Key, which hashes it, is complete.
type inputs struct {
	Title, Subtitle, Edition, Publisher string
	Authors                             []string // the names, as given
	Date                                string   // as the cover shows it; empty for none
	Text, Accent, Muted                 manuscript.Color
	Chapters                            []manuscript.Color
	Fonts                               manuscript.FontRoles
}

func inputsOf(b *manuscript.Book) inputs {
	in := inputs{
		Title: b.Title, Subtitle: b.Subtitle, Edition: b.Edition, Publisher: b.Publisher,
		Text: b.Theme.Text, Accent: b.Theme.Accent, Muted: b.Theme.Muted,
		Chapters: b.Theme.Chapters, Fonts: b.Theme.Fonts,
	}
	for _, a := range b.Authors {
		in.Authors = append(in.Authors, a.Name)
	}
	if !b.Date.IsZero() {
		in.Date = b.Date.Format("January 2006")
	}
	return in
}

// paint records the drawing of the book's cover.
func paint(book *manuscript.Book) (*canvas, error) {
	if book == nil {
		return nil, errors.New("cover: no book")
	}
	b := inputsOf(book)
	th := manuscript.Theme{Text: b.Text, Accent: b.Accent, Muted: b.Muted, Chapters: b.Chapters, Fonts: b.Fonts}
	heading := familyOr(th.Fonts.Heading, "Noto Sans")
	body := familyOr(th.Fonts.Body, "Noto Serif")
	cjk := familyOr(th.Fonts.CJK, "Droid Sans Fallback")

	pal := colours(th)
	block, onBlock, ink, accent := pal.block, pal.onBlock, pal.ink, pal.accent

	img := &canvas{}
	img.fill(image.Rect(0, 0, Width, Height), white, 255)
	img.fill(image.Rect(0, 0, Width, blockH), block, 255)
	band(img, th.Chapters, th.Accent, block)

	newSet := func(family string, style fonts.Style) (*fontSet, error) {
		return loadSet([]string{family, cjk}, style)
	}
	bold, err := newSet(heading, fonts.Bold)
	if err != nil {
		return nil, err
	}
	regular, err := newSet(heading, fonts.Regular)
	if err != nil {
		return nil, err
	}
	italic, err := newSet(body, fonts.Italic)
	if err != nil {
		return nil, err
	}

	// the edition, small and spaced, at the top of the block
	if e := strings.TrimSpace(b.Edition); e != "" {
		f, err := bold.face(40)
		if err != nil {
			return nil, err
		}
		f.drawLine(img, margin, editionY, truncate(f, strings.ToUpper(e), measure, 0.14), onBlock, 0.14)
		img.fill(image.Rect(margin, editionY+44, margin+96, editionY+52), onBlock, 255)
	}

	// the title, as large as fits, its last line at the foot of the block
	title := strings.TrimSpace(b.Title)
	if title == "" {
		title = "Untitled"
	}
	f, lines, err := fitTitle(bold, title)
	if err != nil {
		return nil, err
	}
	lead := int(math.Round(f.size * 1.1))
	y := blockH - titleFoot - (len(lines)-1)*lead
	motif(img, onBlock, editionY+140, y-int(f.size*0.75)-90)
	for _, l := range lines {
		f.drawLine(img, margin, y, l, onBlock, 0)
		y += lead
	}

	// the subtitle and the people, under the band
	y = blockH + bandH + 150
	if s := strings.TrimSpace(b.Subtitle); s != "" {
		f, lines, err := fitText(italic, s, []float64{76, 68, 60, 52}, 4)
		if err != nil {
			return nil, err
		}
		lead := int(math.Round(f.size * 1.3))
		for _, l := range lines {
			f.drawLine(img, margin, y, l, ink, 0)
			y += lead
		}
		y += 40
	} else {
		y += 20
	}
	if names := authorLine(b.Authors); names != "" {
		f, err := regular.face(46)
		if err != nil {
			return nil, err
		}
		for _, l := range wrap(f, names, measure, 3) {
			f.drawLine(img, margin, y, l, ink, 0)
			y += 62
		}
	}

	// the publisher and the date at the foot, under a rule
	img.fill(image.Rect(margin, footY-110, Width-margin, footY-106), th.Muted, 110)
	room := measure
	if d := b.Date; d != "" {
		f, err := regular.face(46)
		if err != nil {
			return nil, err
		}
		w := f.width(d, 0)
		f.drawLine(img, Width-margin-w, footY, d, ink, 0)
		room -= w + 60
	}
	if p := strings.TrimSpace(b.Publisher); p != "" {
		f, err := bold.face(50)
		if err != nil {
			return nil, err
		}
		f.drawLine(img, margin, footY, truncate(f, p, room, 0), accent, 0)
	}
	return img, nil
}

var white = manuscript.Color{R: 255, G: 255, B: 255}

// palette is the cover's colours.
type palette struct {
	block   manuscript.Color // the block at the top: the first chapter colour, or the accent
	onBlock manuscript.Color // text on the block: white, or ink if white does not read
	ink     manuscript.Color // text on white: the theme's text colour, if it reads
	accent  manuscript.Color // the publisher's name: the accent, if it reads on white
}

// colours chooses the cover's colours from the theme, keeping every text
// at a contrast of 4.5:1 or more with what it is set on where the theme
// allows it.
func colours(th manuscript.Theme) palette {
	p := palette{block: th.Accent, ink: th.Text, onBlock: white, accent: th.Accent}
	if len(th.Chapters) > 0 {
		p.block = th.Chapters[0]
	}
	if manuscript.Contrast(p.ink, white) < 4.5 {
		p.ink = manuscript.Color{R: 0x1a, G: 0x1a, B: 0x1a}
	}
	if manuscript.Contrast(white, p.block) < 4.5 && manuscript.Contrast(p.ink, p.block) > manuscript.Contrast(white, p.block) {
		p.onBlock = p.ink
	}
	if manuscript.Contrast(p.accent, white) < 4.5 {
		p.accent = p.ink
	}
	return p
}

func familyOr(name, def string) string {
	if strings.TrimSpace(name) == "" {
		return def
	}
	return name
}

// authorLine lists the book's people: "Ann Lee and Bo Chen".
func authorLine(as []string) string {
	var names []string
	for _, a := range as {
		if n := strings.TrimSpace(a); n != "" {
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// motif draws a faint bar chart in the upper right of the block, between
// top and base (the room the edition and the title leave): the report is
// about numbers. There is none when the room is too small.
func motif(img *canvas, c manuscript.Color, top, base int) {
	heights := []float64{0.35, 0.48, 0.41, 0.63, 0.58, 0.81, 1}
	room := min(base-top, 520)
	if room < 200 {
		return
	}
	const barW, gap = 70, 26
	left := Width - margin - len(heights)*(barW+gap) + gap
	x := left
	for i, h := range heights {
		alpha := uint8(28 + 6*i)
		img.fill(image.Rect(x, base-int(math.Round(h*float64(room))), x+barW, base), c, alpha)
		x += barW + gap
	}
	img.fill(image.Rect(left-20, base, Width-margin, base+4), c, 70)
}

// band draws a strip of the theme's chapter colours under the block, in
// equal segments: the colours that mark the print edition's sectors. The
// block's own colour is left out, and with it gone an empty band is not
// drawn.
func band(img *canvas, chapters []manuscript.Color, accent, block manuscript.Color) {
	var cols []manuscript.Color
	seen := map[string]bool{block.Hex(): true}
	for _, c := range append(append([]manuscript.Color(nil), chapters...), accent) {
		if !seen[c.Hex()] {
			seen[c.Hex()] = true
			cols = append(cols, c)
		}
	}
	for i, c := range cols {
		x0 := i * Width / len(cols)
		x1 := (i + 1) * Width / len(cols)
		img.fill(image.Rect(x0, blockH, x1, blockH+bandH), c, 255)
	}
}

// fitTitle chooses the largest title size whose lines fit the block: big
// and on few lines for short titles, smaller and on more lines for long
// ones, truncated with an ellipsis only when even the smallest size
// overflows.
func fitTitle(set *fontSet, title string) (*sizedFace, []string, error) {
	steps := []struct {
		size     float64
		maxLines int
	}{{176, 3}, {160, 3}, {144, 3}, {128, 4}, {112, 5}, {100, 6}, {88, 7}, {76, 8}}
	room := blockH - titleFoot - titleTop
	for _, s := range steps {
		f, err := set.face(s.size)
		if err != nil {
			return nil, nil, err
		}
		lines, ok := balanced(f, title, measure)
		lead := int(math.Round(s.size * 1.1))
		if ok && len(lines) <= s.maxLines && (len(lines)-1)*lead <= room {
			return f, lines, nil
		}
	}
	last := steps[len(steps)-1]
	f, err := set.face(last.size)
	if err != nil {
		return nil, nil, err
	}
	maxLines := room/int(math.Round(last.size*1.1)) + 1
	return f, wrap(f, title, measure, min(maxLines, last.maxLines)), nil
}

// fitText sets s at the first size whose lines number at most maxLines,
// or at the last size, truncated.
func fitText(set *fontSet, s string, sizes []float64, maxLines int) (*sizedFace, []string, error) {
	var f *sizedFace
	for _, size := range sizes {
		var err error
		if f, err = set.face(size); err != nil {
			return nil, nil, err
		}
		if lines, ok := balanced(f, s, measure); ok && len(lines) <= maxLines {
			return f, lines, nil
		}
	}
	return f, wrap(f, s, measure, maxLines), nil
}

// balanced wraps s into as few lines as greedy wrapping at width w gives,
// but with the lines as even as possible: the narrowest width that keeps
// their number. ok is false when a word is wider than w.
func balanced(f *sizedFace, s string, w int) ([]string, bool) {
	words := splitWords(s)
	for _, wd := range words {
		if f.width(wd.text, 0) > w {
			return nil, false
		}
	}
	lines := greedy(f, words, w)
	lo, hi := w/3, w
	for lo < hi {
		mid := (lo + hi) / 2
		if l := greedy(f, words, mid); l != nil && len(l) <= len(lines) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return greedy(f, words, hi), true
}

// word is a unit of line breaking: a word, or one Chinese character.
type word struct {
	text  string
	space bool // a space separates it from the word before
}

// greedy fills lines of width w word by word; nil if a word does not fit.
func greedy(f *sizedFace, words []word, w int) []string {
	var lines []string
	cur := ""
	for _, wd := range words {
		if f.width(wd.text, 0) > w {
			return nil
		}
		try := wd.text
		if cur != "" && wd.space {
			try = cur + " " + wd.text
		} else if cur != "" {
			try = cur + wd.text
		}
		if cur != "" && f.width(try, 0) > w {
			lines = append(lines, cur)
			cur = wd.text
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// noSpace reports whether r belongs to a script written without spaces
// between words, where a line may break between any two characters.
func noSpace(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// splitWords splits s at spaces, and Chinese text between characters.
func splitWords(s string) []word {
	var out []word
	for _, field := range strings.Fields(s) {
		space := len(out) > 0
		cur := ""
		flush := func() {
			if cur != "" {
				out = append(out, word{text: cur, space: space})
				cur, space = "", false
			}
		}
		for _, r := range field {
			if noSpace(r) {
				flush()
				out = append(out, word{text: string(r), space: space})
				space = false
				continue
			}
			cur += string(r)
		}
		flush()
	}
	return out
}

// wrap wraps s at width w into at most maxLines lines, breaking words that
// are too wide and ending the last line with an ellipsis if text is left.
func wrap(f *sizedFace, s string, w, maxLines int) []string {
	var words []word
	for _, wd := range splitWords(s) {
		for f.width(wd.text, 0) > w {
			n := fitPrefix(f, wd.text, w)
			words = append(words, word{text: wd.text[:n], space: wd.space})
			wd = word{text: wd.text[n:]}
		}
		if wd.text != "" {
			words = append(words, wd)
		}
	}
	lines := greedy(f, words, w)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = truncate(f, lines[maxLines-1]+"…", w, 0)
	}
	return lines
}

// fitPrefix returns the length in bytes of the longest prefix of s, at
// least one character, that is no wider than w.
func fitPrefix(f *sizedFace, s string, w int) int {
	n := 0
	for i, r := range s {
		end := i + len(string(r))
		if n > 0 && f.width(s[:end], 0) > w {
			break
		}
		n = end
	}
	return n
}

// truncate shortens s with an ellipsis until it fits width w.
func truncate(f *sizedFace, s string, w int, tracking float64) string {
	if f.width(s, tracking) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		t := strings.TrimRightFunc(string(rs), unicode.IsSpace) + "…"
		if f.width(t, tracking) <= w {
			return t
		}
	}
	return "…"
}

// fontSet is a face with the faces to take missing characters from, in
// order.
type fontSet struct {
	fonts []*sfnt.Font
	style fonts.Style
}

// loadSet parses the bundled families, the first the main one, in style.
func loadSet(families []string, style fonts.Style) (*fontSet, error) {
	s := &fontSet{style: style}
	seen := map[string]bool{}
	for _, fam := range families {
		if seen[fam] {
			continue
		}
		seen[fam] = true
		data, err := fonts.FaceData(fam, style)
		if err != nil {
			return nil, fmt.Errorf("cover: %w", err)
		}
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("cover: font %s: %w", fam, err)
		}
		s.fonts = append(s.fonts, f)
	}
	return s, nil
}

// face returns the set at a size in pixels.
func (s *fontSet) face(size float64) (*sizedFace, error) {
	sf := &sizedFace{set: s, size: size}
	for _, f := range s.fonts {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("cover: a %gpx face: %w", size, err)
		}
		sf.faces = append(sf.faces, face)
	}
	return sf, nil
}

// sizedFace is a fontSet at one size.
type sizedFace struct {
	set   *fontSet
	size  float64
	faces []font.Face
	buf   sfnt.Buffer
}

// pick returns the index of the first face with a glyph for r (the first
// face when none has one).
func (f *sizedFace) pick(r rune) int {
	for i, ft := range f.set.fonts {
		if g, err := ft.GlyphIndex(&f.buf, r); err == nil && g != 0 {
			return i
		}
	}
	return 0
}

// run is a stretch of text in one face.
type run struct {
	face int
	text []rune
}

func (f *sizedFace) runs(s string) []run {
	var out []run
	for _, r := range s {
		i := f.pick(r)
		if n := len(out); n > 0 && out[n-1].face == i {
			out[n-1].text = append(out[n-1].text, r)
			continue
		}
		out = append(out, run{face: i, text: []rune{r}})
	}
	return out
}

// walk calls fn with the position of each character of s, in 26.6 fixed
// point from the start of the line, and returns the line's advance.
// Characters after the first get the kerning of their face and tracking
// (in ems).
func (f *sizedFace) walk(s string, tracking float64, fn func(face font.Face, r rune, x fixed.Int26_6)) fixed.Int26_6 {
	var x fixed.Int26_6
	track := fixed.Int26_6(math.Round(tracking * f.size * 64))
	first := true
	for _, rn := range f.runs(s) {
		face := f.faces[rn.face]
		prev := rune(-1)
		for _, r := range rn.text {
			if !first {
				x += track
			}
			if prev >= 0 {
				x += face.Kern(prev, r)
			}
			if fn != nil {
				fn(face, r, x)
			}
			adv, _ := face.GlyphAdvance(r)
			x += adv
			prev, first = r, false
		}
	}
	return x
}

// width returns the width of s in whole pixels, rounded up.
func (f *sizedFace) width(s string, tracking float64) int {
	return f.walk(s, tracking, nil).Ceil()
}

// drawLine draws s with its baseline at y, starting at x.
func (f *sizedFace) drawLine(img *canvas, x, y int, s string, c manuscript.Color, tracking float64) {
	src := image.NewUniform(color.NRGBA{R: c.R, G: c.G, B: c.B, A: 255})
	origin := fixed.P(x, y)
	f.walk(s, tracking, func(face font.Face, r rune, dx fixed.Int26_6) {
		dot := fixed.Point26_6{X: origin.X + dx, Y: origin.Y}
		dr, mask, mp, _, ok := face.Glyph(dot, r)
		if !ok {
			return
		}
		img.glyph(dr, src, mask, mp)
	})
}
