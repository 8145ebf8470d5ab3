package layout

import (
	"strconv"
	"unicode/utf8"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// style is how a run of text is set.
type style struct {
	font  Font
	size  float64 // points
	color manuscript.Color
}

// piece is a run of a word in one face.
type piece struct {
	font   Font
	size   float64
	text   string
	w      float64
	color  manuscript.Color
	url    string // external link
	anchor string // internal link
	rise   float64
}

// word is an unbreakable unit: the pieces between two break opportunities.
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space that follows; 0 when none
	hard   bool    // a forced line break follows
}

// textSetter turns manuscript inlines into words.
type textSetter struct {
	fs *fontSet
}

// words converts inline content set in st into words.
func (ts *textSetter) words(ins []manuscript.Inline, st style) []word {
	b := &wordBuilder{fs: ts.fs}
	ts.walk(b, ins, st, "", "")
	b.flush(0)
	return b.out
}

func (ts *textSetter) walk(b *wordBuilder, ins []manuscript.Inline, st style, url, anchor string) {
	for _, in := range ins {
		switch n := in.(type) {
		case *manuscript.Str:
			b.text(n.Text, st, url, anchor, 0)
		case *manuscript.Emph:
			s := st
			s.font.Style ^= fonts.Italic
			ts.walk(b, n.Children, s, url, anchor)
		case *manuscript.Strong:
			s := st
			s.font.Style |= fonts.Bold
			ts.walk(b, n.Children, s, url, anchor)
		case *manuscript.Code:
			s := st
			s.font = Font{Role: Mono}
			s.size = st.size * 0.9
			b.text(n.Text, s, url, anchor, 0)
		case *manuscript.Link:
			ts.walk(b, n.Children, st, n.URL, anchor)
		case *manuscript.XRef:
			a := ""
			if n.Target != nil {
				a = n.Target.Anchor()
			}
			b.text(n.Label(), st, url, a, 0)
		case *manuscript.FootnoteRef:
			if n.Note != nil {
				s := st
				s.size = st.size * 0.62
				s.font.Style &^= fonts.Italic
				b.glue(strconv.Itoa(n.Note.Number), s, "", n.Note.Anchor(), st.size*0.33*ptToMM)
			}
		case *manuscript.LineBreak:
			b.flush(0)
			if len(b.out) > 0 {
				b.out[len(b.out)-1].hard = true
			}
		}
	}
}

// wordBuilder accumulates pieces into words.
type wordBuilder struct {
	fs  *fontSet
	cur word
	out []word
}

// flush ends the current word; space is the width of the space after it.
func (b *wordBuilder) flush(space float64) {
	if len(b.cur.pieces) == 0 {
		if space > 0 && len(b.out) > 0 && b.out[len(b.out)-1].space == 0 {
			b.out[len(b.out)-1].space = space
		}
		return
	}
	b.cur.space = space
	b.out = append(b.out, b.cur)
	b.cur = word{}
}

// glue adds text to the current word without any break opportunity.
func (b *wordBuilder) glue(s string, st style, url, anchor string, rise float64) {
	b.fs.segment(st.font, s, func(f Font, part string) {
		w := b.fs.width(f, st.size, part)
		b.cur.pieces = append(b.cur.pieces, piece{font: f, size: st.size, text: part, w: w, color: st.color, url: url, anchor: anchor, rise: rise})
		b.cur.w += w
	})
}

// text adds text, breaking words at spaces and between CJK characters.
func (b *wordBuilder) text(s string, st style, url, anchor string, rise float64) {
	space := b.fs.width(st.font, st.size, " ")
	start := 0
	for i, r := range s {
		switch {
		case r == ' ' || r == '\n' || r == '\t':
			b.glue(s[start:i], st, url, anchor, rise)
			b.flush(space)
			start = i + 1
		case isCJK(r):
			b.glue(s[start:i], st, url, anchor, rise)
			b.flush(0)
			size := utf8.RuneLen(r)
			b.glue(s[i:i+size], st, url, anchor, rise)
			b.flush(0)
			start = i + size
		case (r == '—' || r == '/') && i+utf8.RuneLen(r) < len(s):
			// allow a break after an em dash or a slash
			size := utf8.RuneLen(r)
			b.glue(s[start:i+size], st, url, anchor, rise)
			b.flush(0)
			start = i + size
		}
	}
	if start < len(s) {
		b.glue(s[start:], st, url, anchor, rise)
	}
}

// line is a set of words that fills one line.
type line struct {
	words []word
	w     float64 // natural width, spaces included
	last  bool    // the paragraph's last line (or one before a forced break)
}

// breakLines fills lines greedily to measure. A word wider than the measure
// gets a line of its own.
func breakLines(ws []word, measure func(i int) float64) []line {
	var lines []line
	var cur line
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		need := w.w
		if len(cur.words) > 0 {
			need += cur.words[len(cur.words)-1].space
		}
		if len(cur.words) > 0 && cur.w+need > measure(len(lines))+1e-6 {
			lines = append(lines, cur)
			cur = line{}
			need = w.w
		}
		cur.words = append(cur.words, w)
		cur.w += need
		if w.hard {
			cur.last = true
			lines = append(lines, cur)
			cur = line{}
		}
	}
	if len(cur.words) > 0 {
		cur.last = true
		lines = append(lines, cur)
	}
	return lines
}

// align is a paragraph's alignment.
type align uint8

const (
	justify align = iota
	left
	center
	right
)

// place draws one line with its baseline at y, starting at x in a measure
// of width m, into items.
func placeLine(items []Item, l line, x, y, m float64, al align) []Item {
	gaps := 0
	for i := 0; i < len(l.words)-1; i++ {
		if l.words[i].space > 0 {
			gaps++
		}
	}
	extra := 0.0
	switch al {
	case justify:
		if !l.last && gaps > 0 && l.w < m {
			extra = (m - l.w) / float64(gaps)
		}
	case center:
		x += (m - l.w) / 2
	case right:
		x += m - l.w
	}
	for i, w := range l.words {
		for _, p := range w.pieces {
			items = append(items, TextItem{X: x, Y: y - p.rise, Font: p.font, Size: p.size, Text: p.text, Color: p.color})
			if p.url != "" || p.anchor != "" {
				h := p.size * ptToMM
				items = append(items, LinkItem{X: x, Y: y - p.rise - h*0.8, W: p.w, H: h, URL: p.url, Anchor: p.anchor})
			}
			x += p.w
		}
		if i < len(l.words)-1 {
			x += w.space
			if w.space > 0 {
				x += extra
			}
		}
	}
	return items
}

// ptToMM converts points to millimetres.
const ptToMM = 25.4 / 72
