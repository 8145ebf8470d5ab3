package layout

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/folio-press/folio/layout/hyphen"
	"github.com/folio-press/folio/layout/linebreak"
)

// hyphenPenalty is the cost of breaking a word at a hyphenation point
// (TeX's \hyphenpenalty).
const hyphenPenalty = 50

// justifier sets justified paragraphs with Knuth–Plass line breaking and
// TeX's en-US hyphenation patterns.
type justifier struct {
	fs    *fontSet
	hyp   *hyphen.Hyphenator
	cache *Cache // where set paragraphs and hyphenation points are kept
	// shared, when set, is looked in before cache and never written: the
	// build's cache, while several goroutines set documents, each into a
	// cache of its own that is merged into shared afterwards
	shared *Cache

	// the last paragraph's items, reused for the next: a justifier
	// serves one goroutine
	itemBuf []linebreak.Item
	contBuf []content
	breaker linebreak.Breaker
}

// fork returns a justifier for another goroutine: it reads j's cache and
// sets into one of its own, for the caller to merge into j's (Cache.merge)
// once no goroutine reads it any more.
func (j *justifier) fork() *justifier {
	return &justifier{fs: j.fs, hyp: j.hyp, cache: newLineCache(), shared: j.cache}
}

// lines returns the lines of the paragraph key names, if set before.
func (j *justifier) lines(key paraKey) ([]line, bool) {
	if j.shared != nil {
		if l, ok := j.shared.lines[key]; ok {
			return l, true
		}
	}
	l, ok := j.cache.lines[key]
	return l, ok
}

// merge adds what c holds to the cache, for the goroutines that set into
// caches of their own. The paragraphs and points of a key are the same
// whoever set them.
func (c *Cache) merge(from *Cache) {
	for k, v := range from.lines {
		c.lines[k] = v
	}
	for k, v := range from.points {
		c.points[k] = v
	}
}

func newJustifier(fs *fontSet, hyp *hyphen.Hyphenator, cache *Cache) *justifier {
	if cache == nil {
		cache = NewCache()
	}
	return &justifier{fs: fs, hyp: hyp, cache: cache}
}

// Cache keeps work that later passes and later builds can reuse: the lines
// of paragraphs, by their text, style and measure (and the pages their
// cross-references give), and the hyphenation points of words. The passes
// that settle cross-references' page numbers use it within a build; an
// editor's watch loop passes the same Cache to every build so that only
// edited paragraphs are set again. A Cache serves one build at a time.
type Cache struct {
	lines  map[paraKey][]line
	points map[string][]int
	// labels are the pages of the anchors in the last build: the first
	// guess of the next build's cross-references
	labels map[string]string
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{lines: map[paraKey][]line{}, points: map[string][]int{}}
}

// hyphenate returns the hyphenation points of a word, from the cache.
func (j *justifier) hyphenate(word string) []int {
	if j.shared != nil {
		if p, ok := j.shared.points[word]; ok {
			return p
		}
	}
	if p, ok := j.cache.points[word]; ok {
		return p
	}
	p := j.hyp.Points(word)
	j.cache.points[word] = p
	return p
}

// content is what an item of the paragraph draws: a box's pieces, or the
// hyphen a penalty adds when a line ends there.
type content struct {
	pieces []piece
	src    int32 // a box's word's place in the source (word.src)
}

// paragraph turns words into linebreak items, with the pieces each item
// draws.
func (j *justifier) items(ws []word) ([]linebreak.Item, []content) {
	// a word is about two items: its box and the glue after it
	items, cont := j.itemBuf[:0], j.contBuf[:0]
	if n := 3*len(ws) + 2; cap(items) < n {
		items, cont = make([]linebreak.Item, 0, n), make([]content, 0, n)
	}

	add := func(it linebreak.Item, c content) {
		items = append(items, it)
		cont = append(cont, c)
	}
	for wi, wd := range ws {
		last := wi == len(ws)-1
		syls, hyphens := j.syllables(wd, last)
		if syls == nil {
			// not hyphenated: the word is one box
			w := 0.0
			for _, p := range wd.pieces {
				w += p.w
			}
			add(linebreak.Box(w), content{pieces: wd.pieces, src: wd.src})
		}
		for si, syl := range syls {
			w := 0.0
			for _, p := range syl {
				w += p.w
			}
			add(linebreak.Box(w), content{pieces: syl, src: wd.src})
			if si < len(syls)-1 {
				h := hyphens[si]
				add(linebreak.Penalty(h.w, hyphenPenalty, true), content{pieces: nonEmpty(h)})
			}
		}
		switch {
		case wd.hard:
			add(linebreak.Glue(0, math.Inf(1), 0), content{})
			add(linebreak.Penalty(0, -linebreak.Infinity, false), content{})
		case last:
		case wd.tie:
			add(linebreak.Penalty(0, linebreak.Infinity, false), content{})
			add(linebreak.Glue(wd.space, wd.space/2, wd.space/3), content{})
		case wd.space > 0:
			add(linebreak.Glue(wd.space, wd.space/2, wd.space/3), content{})
		case isCJKWord(wd) || isCJKWord(ws[wi+1]):
			// between CJK characters: a break with a little stretch
			add(linebreak.Glue(0, wd.pieces[0].size*ptToMM*0.1, 0), content{})
		default:
			// after a dash or a slash
			add(linebreak.Penalty(0, hyphenPenalty, false), content{})
		}
	}
	add(linebreak.Glue(0, math.Inf(1), 0), content{})
	add(linebreak.Penalty(0, -linebreak.Infinity, true), content{})
	return items, cont
}

func nonEmpty(p piece) []piece {
	if p.text == "" {
		return nil
	}
	return []piece{p}
}

func isCJKWord(w word) bool {
	if len(w.pieces) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w.pieces[0].text)
	return isCJK(r)
}

// syllables splits a word at its hyphenation points. hyphens[i] is the
// hyphen drawn when a line breaks after syllable i: a real hyphen, or
// nothing after a word's own hyphen. Words in links, code, the last word of
// a paragraph and anything but Latin letters are not hyphenated: for them,
// and for words with no hyphenation point, syllables is nil.
func (j *justifier) syllables(wd word, last bool) ([][]piece, []piece) {
	if last || j.hyp == nil || len(wd.pieces) == 0 {
		return nil, nil
	}
	for _, p := range wd.pieces {
		if p.url != "" || p.font.Role == Mono || p.rise != 0 {
			return nil, nil
		}
	}
	text := wd.pieces[0].text
	if len(wd.pieces) > 1 {
		var sb strings.Builder
		for _, p := range wd.pieces {
			sb.WriteString(p.text)
		}
		text = sb.String()
	}
	points := j.hyphenate(text)
	if len(wd.shy) > 0 {
		// soft hyphens mark the only places the word may break
		points = nil
		for _, p := range wd.shy {
			if p > 0 && p < utf8.RuneCountInString(text) {
				points = append(points, p)
			}
		}
	}
	if len(points) == 0 && len(wd.shy) == 0 {
		// hyphenate the stem of a word with an apostrophe: Pinduoduo’s
		if i := strings.LastIndexAny(text, "’'"); i > 0 {
			for _, pt := range j.hyphenate(text[:i]) {
				if pt <= utf8.RuneCountInString(text[:i])-3 {
					points = append(points, pt)
				}
			}
		}
	}
	if len(points) == 0 {
		return nil, nil
	}
	runes := []rune(text)
	var syls [][]piece
	var hyphens []piece
	var cur []piece
	pi, off := 0, 0 // current piece and its rune offset in text
	rest := wd.pieces[0]
	restStart := 0
	cut := func(at int) {
		// move the runes of rest before at into cur
		n := at - restStart
		rr := []rune(rest.text)
		head := string(rr[:n])
		if head != "" {
			hp := rest
			hp.text = head
			hp.w = j.fs.width(rest.font, rest.size, head)
			cur = append(cur, hp)
		}
		rest.text = string(rr[n:])
		rest.w = j.fs.width(rest.font, rest.size, rest.text)
		restStart = at
	}
	for _, pt := range points {
		// advance whole pieces that end before the point
		for pi < len(wd.pieces) && off+utf8.RuneCountInString(wd.pieces[pi].text) <= pt {
			if rest.text != "" {
				cur = append(cur, rest)
			}
			off += utf8.RuneCountInString(wd.pieces[pi].text)
			pi++
			if pi < len(wd.pieces) {
				rest, restStart = wd.pieces[pi], off
			} else {
				rest = piece{}
			}
		}
		if pt > restStart && rest.text != "" {
			cut(pt)
		}
		if len(cur) == 0 {
			continue
		}
		syls = append(syls, cur)
		lastPiece := cur[len(cur)-1]
		h := piece{font: lastPiece.font, size: lastPiece.size, look: lastPiece.look}
		if lastPiece.note {
			// the hyphen is no footnote reference
			h.look = &look{color: lastPiece.color, anchor: lastPiece.anchor}
		}
		if prev := runes[pt-1]; prev != '-' && prev != '\u2010' {
			h.text = "-"
			h.w = j.fs.width(h.font, h.size, "-")
		}
		hyphens = append(hyphens, h)
		cur = nil
	}
	if rest.text != "" {
		cur = append(cur, rest)
	}
	for pi++; pi < len(wd.pieces); pi++ {
		cur = append(cur, wd.pieces[pi])
	}
	syls = append(syls, cur)
	return syls, hyphens
}

// justify breaks words into justified lines of the widths measure gives.
func (j *justifier) justify(ws []word, measure func(i int) float64) []line {
	if len(ws) == 0 {
		return nil
	}
	ws = splitWide(ws, math.Min(measure(0), measure(1)))
	items, cont := j.items(ws)
	p := linebreak.DefaultParams(measure(1))
	p.LineWidth = measure
	p.ShapedLines = 1
	res, err := j.breaker.Break(items, p)
	if err != nil {
		// the items come from measured text and cannot be invalid; fall
		// back to greedy lines rather than lose text
		return breakLines(ws, measure)
	}
	lines := make([]line, 0, len(res.Lines))
	for li, rl := range res.Lines {
		var l line
		n := 0
		for i := rl.Start; i <= rl.End && i < len(items); i++ {
			n += len(cont[i].pieces)
		}
		l.pieces = make([]placed, 0, n)
		x := 0.0
		r := rl.Ratio
		if math.IsInf(r, 0) || math.IsNaN(r) {
			r = 0
		}
		for i := rl.Start; i < rl.End && i < len(items); i++ {
			it := items[i]
			switch it.Kind {
			case linebreak.BoxItem:
				if len(l.pieces) == 0 {
					l.src = cont[i].src // the line's first word, or what is left of it
				}
				for _, pc := range cont[i].pieces {
					l.pieces = append(l.pieces, placed{piece: pc, x: x})
					x += pc.w
				}
			case linebreak.GlueItem:
				w := it.Width
				switch {
				case r > 0 && !math.IsInf(it.Stretch, 1):
					w += r * it.Stretch
				case r < 0:
					w += math.Max(r, -1) * it.Shrink
				}
				x += w
			}
		}
		if rl.End < len(items) && items[rl.End].Kind == linebreak.PenaltyItem {
			for _, pc := range cont[rl.End].pieces {
				l.pieces = append(l.pieces, placed{piece: pc, x: x})
				x += pc.w
			}
		}
		l.w = x
		l.ratio = r // a line with nothing to stretch (a split word) is not loose
		l.last = li == len(res.Lines)-1 || (rl.End < len(items) && items[rl.End].Penalty <= -linebreak.Infinity)
		if rl.Overfull {
			l.over = x - rl.Width
		}
		lines = append(lines, l)
	}
	clear(cont) // let the pieces go
	j.itemBuf, j.contBuf = items[:0], cont[:0]
	return lines
}
