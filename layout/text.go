package layout

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/folio-press/folio/display"
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
	font Font
	size float64
	text string
	w    float64
	*look
	fs *fontSet
}

// look is what the pieces of a run of text share besides face and size:
// colour, link and rise. A look is made once for the run and never changed,
// so that a piece is a third of the size it would be with its own copy:
// a book has hundreds of thousands of pieces.
type look struct {
	color  manuscript.Color
	url    string // external link
	anchor string // internal link
	rise   float64
	note   bool // a footnote reference: anchor names the note
}

// word is an unbreakable unit: the pieces between two break opportunities.
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space that follows; 0 when none
	tie    bool    // the space is non-breaking (U+00A0)
	hard   bool    // a forced line break follows
	shy    []int   // rune offsets of soft hyphens: the word's only hyphenation points
	src    int32   // 1 + the byte offset of the word in its text's Source; 0 when unknown
}

// textSetter turns manuscript inlines into words.
type textSetter struct {
	fs *fontSet
	// pages maps anchors to page labels, for cross-references that give
	// the page: "Figure 6.1 (page 67)". Nil: references give no page.
	pages map[string]string
}

// words converts inline content set in st into words. A non-breaking space
// stays inside its word.
func (ts *textSetter) words(ins []manuscript.Inline, st style) []word {
	return ts.wordsFor(ins, st, false)
}

// wordsFor converts inline content into words; for justified text, a
// non-breaking space ends a word with a tie, which the line breaker may
// stretch but not break.
func (ts *textSetter) wordsFor(ins []manuscript.Inline, st style, justified bool) []word {
	b := &wordBuilder{fs: ts.fs, justified: justified}
	// about a word a space: room for them all at once
	n := 1
	manuscript.Walk(ins, func(in manuscript.Inline) {
		if s, ok := in.(*manuscript.Str); ok {
			n += strings.Count(s.Text, " ") + 1
		}
	})
	b.out = make([]word, 0, n)
	ts.walk(b, ins, st, "", "")
	b.flush(0)
	return b.out
}

func (ts *textSetter) walk(b *wordBuilder, ins []manuscript.Inline, st style, url, anchor string) {
	for i, in := range ins {
		switch n := in.(type) {
		case *manuscript.Str:
			b.srcOf = n.SourceOffset
			b.text(n.Text, st, url, anchor, 0)
			b.srcOf = nil
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
			b.srcOf = n.SourceOffset
			b.text(n.Text, s, url, anchor, 0)
			b.srcOf = nil
		case *manuscript.Link:
			ts.walk(b, n.Children, st, n.URL, anchor)
		case *manuscript.XRef:
			a := ""
			if n.Target != nil {
				a = n.Target.Anchor()
			}
			b.text(n.Label(), st, url, a, 0)
			if a != "" && ts.pages != nil {
				// "Figure 6.1 (page 67)"; before the pages are known, a
				// placeholder of typical width
				page, ok := ts.pages[a]
				if !ok {
					page = "00"
				}
				if parenthesised(ins, i) {
					// "(Figure 6.1, page 67)" rather than nested brackets
					b.text(", page\u00a0"+page, st, url, a, 0)
				} else {
					b.text(" (page\u00a0"+page+")", st, url, a, 0)
				}
			}
		case *manuscript.FootnoteRef:
			if n.Note != nil {
				s := st
				s.size = st.size * 0.62
				s.font.Style &^= fonts.Italic
				b.glue(strconv.Itoa(n.Note.Number), s, "", n.Note.Anchor(), st.size*0.33*ptToMM)
				p := &b.cur.pieces[len(b.cur.pieces)-1]
				note := *p.look
				note.note = true
				p.look, b.last = &note, &note
			}
		case *manuscript.LineBreak:
			b.flush(0)
			if len(b.out) > 0 {
				b.out[len(b.out)-1].hard = true
			}
		}
	}
}

// refPages returns the pages the cross-references in ins give, as one
// string, or "" when there are none.
func (ts *textSetter) refPages(ins []manuscript.Inline) string {
	if ts.pages == nil {
		return ""
	}
	var sb strings.Builder
	manuscript.Walk(ins, func(in manuscript.Inline) {
		if x, ok := in.(*manuscript.XRef); ok && x.Target != nil {
			sb.WriteString(ts.pages[x.Target.Anchor()])
			sb.WriteByte(',')
		}
	})
	return sb.String()
}

// parenthesised reports whether ins[i] stands inside brackets, as in
// "(see Figure 6.1)".
func parenthesised(ins []manuscript.Inline, i int) bool {
	depth := 0
	for _, in := range ins[:i] {
		if s, ok := in.(*manuscript.Str); ok {
			depth += strings.Count(s.Text, "(") - strings.Count(s.Text, ")")
		}
	}
	return depth > 0
}

// wordBuilder accumulates pieces into words.
type wordBuilder struct {
	fs        *fontSet
	cur       word
	out       []word
	justified bool  // split at non-breaking spaces, as ties the breaker may stretch
	last      *look // the look of the last piece, for the next to share
	// srcOf gives the place in the source of a byte of the text being
	// added (Str.SourceOffset); nil for text the layout made
	srcOf func(i int) int
}

// mark notes where in the source the current word starts, when it starts
// at byte i of the Str being added.
func (b *wordBuilder) mark(i int) {
	if b.cur.src == 0 && len(b.cur.pieces) == 0 && b.srcOf != nil {
		if off := b.srcOf(i); off >= 0 {
			b.cur.src = int32(off) + 1
		}
	}
}

// lookFor returns a look with these values, the last piece's if it has them.
func (b *wordBuilder) lookFor(color manuscript.Color, url, anchor string, rise float64) *look {
	if l := b.last; l != nil && l.color == color && l.url == url && l.anchor == anchor && l.rise == rise && !l.note {
		return l
	}
	b.last = &look{color: color, url: url, anchor: anchor, rise: rise}
	return b.last
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
	if s == "" {
		return
	}
	b.fs.segment(st.font, s, func(f Font, part string) {
		w := b.fs.width(f, st.size, part)
		b.cur.pieces = append(b.cur.pieces, piece{font: f, size: st.size, text: part, w: w, look: b.lookFor(st.color, url, anchor, rise), fs: b.fs})
		b.cur.w += w
	})
}

// text adds text, breaking words at spaces and between CJK characters.
func (b *wordBuilder) text(s string, st style, url, anchor string, rise float64) {
	space := b.fs.width(st.font, st.size, " ")
	start := 0
	for i, r := range s {
		if r < 0x80 && r != ' ' && r != '\n' && r != '\t' && r != '/' {
			continue // nothing but a letter, a digit or punctuation
		}
		switch {
		case r == ' ' || r == '\n' || r == '\t':
			b.part(s, start, i, st, url, anchor, rise)
			b.flush(space)
			start = i + 1
		case r == '\u00a0' && b.justified:
			// a non-breaking space: stretchable, but no break
			b.part(s, start, i, st, url, anchor, rise)
			b.flush(space)
			if len(b.out) > 0 {
				b.out[len(b.out)-1].tie = true
			}
			start = i + utf8.RuneLen(r)
		case r == '\u00ad':
			// a soft hyphen: a hyphenation point, drawn only at a break
			b.part(s, start, i, st, url, anchor, rise)
			n := 0
			for _, p := range b.cur.pieces {
				n += utf8.RuneCountInString(p.text)
			}
			b.cur.shy = append(b.cur.shy, n)
			start = i + utf8.RuneLen(r)
		case unicode.Is(unicode.Cf, r):
			// other format characters (direction marks, joiners) are not
			// drawn
			b.part(s, start, i, st, url, anchor, rise)
			start = i + utf8.RuneLen(r)
		case isCJK(r):
			b.part(s, start, i, st, url, anchor, rise)
			b.flush(0)
			size := utf8.RuneLen(r)
			b.part(s, i, i+size, st, url, anchor, rise)
			b.flush(0)
			start = i + size
		case (r == '—' || r == '/') && i+utf8.RuneLen(r) < len(s):
			// allow a break after an em dash or a slash
			size := utf8.RuneLen(r)
			b.part(s, start, i+size, st, url, anchor, rise)
			b.flush(0)
			start = i + size
		}
	}
	if start < len(s) {
		b.part(s, start, len(s), st, url, anchor, rise)
	}
}

// part adds s[from:to] to the current word, noting where the word starts
// in the source if it starts here.
func (b *wordBuilder) part(s string, from, to int, st style, url, anchor string, rise float64) {
	if from < to {
		b.mark(from)
	}
	b.glue(s[from:to], st, url, anchor, rise)
}

// placed is a piece at its offset from the start of its line.
type placed struct {
	piece
	x float64
}

// line is one set line: its pieces at their offsets.
type line struct {
	pieces []placed
	w      float64 // the width the pieces take
	last   bool    // the paragraph's last line (or one before a forced break)
	ratio  float64 // glue adjustment of a justified line
	over   float64 // how far the line runs past its measure, if it does
	src    int32   // 1 + the byte offset of its first word in its text's Source; 0 when unknown
}

// at returns the manuscript position of the line's first word, t being
// the text it was set from.

// breakLines fills lines greedily to measure, with natural spacing, for
// ragged-right text in narrow places. A word wider than the measure gets a
// line of its own.
func breakLines(ws []word, measure func(i int) float64) []line {
	ws = splitWide(ws, measure(1))
	var lines []line
	var cur []word
	w := 0.0
	flush := func(last bool) {
		l := naturalLine(cur)
		l.last = last
		for _, w := range cur {
			if w.src > 0 {
				l.src = w.src
				break
			}
		}
		if m := measure(len(lines)); l.w > m+1e-6 {
			l.over = l.w - m
		}
		lines = append(lines, l)
		cur, w = nil, 0
	}
	for _, wd := range ws {
		need := wd.w
		if len(cur) > 0 {
			need += cur[len(cur)-1].space
		}
		if len(cur) > 0 && w+need > measure(len(lines))+1e-6 {
			flush(false)
			need = wd.w
		}
		cur = append(cur, wd)
		w += need
		if wd.hard {
			flush(true)
		}
	}
	if len(cur) > 0 {
		flush(true)
	}
	return lines
}

// splitWide splits every word wider than the measure into parts that fit,
// between characters, so that no word runs past the text block: a URL, a
// very long name, a string of digits.
func splitWide(ws []word, measure float64) []word {
	wide := false
	for _, w := range ws {
		wide = wide || w.w > measure
	}
	if !wide || measure <= 0 {
		return ws
	}
	var out []word
	for _, w := range ws {
		if w.w <= measure {
			out = append(out, w)
			continue
		}
		var cur word
		for _, p := range w.pieces {
			width := func(s string) float64 {
				if p.fs == nil {
					return p.w * float64(utf8.RuneCountInString(s)) / float64(max(1, utf8.RuneCountInString(p.text)))
				}
				return p.fs.width(p.font, p.size, s)
			}
			var run []rune
			flushRun := func() {
				if len(run) > 0 {
					q := p
					q.text = string(run)
					q.w = width(q.text)
					cur.pieces = append(cur.pieces, q)
					cur.w += q.w
					run = nil
				}
			}
			for _, r := range p.text {
				if cur.w+width(string(append(run, r))) > measure && (len(run) > 0 || len(cur.pieces) > 0) {
					flushRun()
					out = append(out, cur)
					cur = word{}
				}
				run = append(run, r)
			}
			flushRun()
		}
		cur.space, cur.tie, cur.hard = w.space, w.tie, w.hard
		out = append(out, cur)
	}
	return out
}

// naturalLine sets words with their natural spaces.
func naturalLine(ws []word) line {
	var l line
	x := 0.0
	for i, wd := range ws {
		for _, p := range wd.pieces {
			l.pieces = append(l.pieces, placed{piece: p, x: x})
			x += p.w
		}
		if i < len(ws)-1 {
			x += wd.space
		}
	}
	l.w = x
	return l
}

// align is a paragraph's alignment.
type align uint8

const (
	justify align = iota
	left
	center
	right
)

// placeLine draws one line with its baseline at y, starting at x in a
// measure of width m, into items, its text in the role given.
func placeLine(items []Item, l line, x, y, m float64, al align, role textRole) []Item {
	switch al {
	case center:
		x += (m - l.w) / 2
	case right:
		x += m - l.w
	}
	for _, p := range l.pieces {
		px := x + p.x
		r := role
		if p.note {
			r = roleFor(display.NoteRef, 0)
		}
		items = append(items, TextItem{X: px, Y: y - p.rise, Font: p.font, Size: p.size, Text: p.text, Color: p.color, role: r})
		if p.url != "" || p.anchor != "" {
			h := p.size * ptToMM
			items = append(items, LinkItem{X: px, Y: y - p.rise - h*0.8, W: p.w, H: h, URL: p.url, Anchor: p.anchor})
		}
	}
	return items
}

// ptToMM converts points to millimetres.
const ptToMM = 25.4 / 72
