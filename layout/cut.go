package layout

import (
	"crypto/sha256"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/fonts"
)

// fpdf parses the whole of every font it is given, and cuts the subset it
// embeds from the whole font again when it writes the file: for a 4 MB
// Chinese face, tens of milliseconds twice for a dozen characters. So each
// face is first cut down (fonts.Sparse, about a millisecond) to the
// characters the document can draw, in the background while the first
// pages are drawn, and a watch session's Cache keeps the cuts from build to
// build.
// Every string drawn is checked against its face's cut; a character
// missing from it (one the guess below did not foresee) has the PDF written
// again with that character added, so a cut never shows a missing glyph.

// charSet is a set of characters of the Basic Multilingual Plane, the
// characters fpdf can set.
type charSet [(fonts.MaxRune + 1) / 64]uint64

func (s *charSet) add(r rune) {
	if r >= 0 && r <= fonts.MaxRune {
		s[r/64] |= 1 << (r % 64)
	}
}

func (s *charSet) has(r rune) bool {
	return r >= 0 && r <= fonts.MaxRune && s[r/64]&(1<<(r%64)) != 0
}

func (s *charSet) addString(str string) {
	for _, r := range str {
		s.add(r)
	}
}

// union adds the characters of t to s.
func (s *charSet) union(t *charSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

// empty reports whether the set has no character.
func (s *charSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// String returns the characters of the set in order.
func (s *charSet) String() string {
	var out []rune
	for i, w := range s {
		for b := 0; w != 0; b++ {
			if w&1 != 0 {
				out = append(out, rune(i*64+b))
			}
			w >>= 1
		}
	}
	return string(out)
}

// docChars returns the characters the pages of doc can draw, in any face,
// and the faces it draws text in: the faces of its text, the heading
// family's regular and bold (the furniture's and the charts'), and the CJK
// face when a chart needs it. The characters are
// the text on the pages, the strings the PDF writer makes (running heads,
// folios, thumb tabs, draft notes), and the charts' text; and, for what
// those are made from, printable ASCII, Latin-1 and the common
// punctuation.
func docChars(doc *Document) (*charSet, map[Font]bool, error) {
	cs := new(charSet)
	for r := rune(0x20); r < 0x17F; r++ {
		if r < 0x7F || r >= 0xA0 {
			cs.add(r)
		}
	}
	for r := rune(0x2010); r <= 0x2044; r++ {
		cs.add(r) // dashes, quotes, bullets, ellipsis, primes
	}
	cs.addString("\u2212\u2122\u00a0\u202f\u2009\u200a\uFFFD")
	fs := doc.fs
	faces := map[Font]bool{fs.face(Font{Role: Heading}): true, fs.face(Font{Role: Heading, Style: fonts.Bold}): true}
	for _, p := range doc.Pages {
		cs.addString(p.Head)
		cs.addString(p.Label)
		for _, it := range p.Items {
			switch it := it.(type) {
			case TextItem:
				cs.addString(it.Text)
			case ChartItem:
				texts, err := charts.Texts(it.Chart)
				if err != nil {
					return nil, nil, err
				}
				if cjk, err := charts.UsesFallback(it.Chart); err != nil {
					return nil, nil, err
				} else if cjk {
					faces[fs.face(Font{Role: CJK})] = true
				}
				for _, t := range texts {
					cs.addString(t)
				}
			case MarkItem:
				cs.addString(it.Problem.Message)
			}
		}
	}
	b := doc.Book
	cs.addString(b.Title)
	for _, c := range b.Chapters {
		cs.addString(c.Title.Plain())
	}
	return cs, faces, nil
}

// cutKey names a face cut to a set of characters.
type cutKey struct {
	file  string
	chars [sha256.Size]byte
}

// fontCut is a face cut down to chars, made in the background.
type fontCut struct {
	key   cutKey
	chars *charSet // the characters of the set the face has
	done  chan struct{}
	data  []byte
}

// cutFonts starts cutting the faces to the characters of cs each has,
// taking cuts made before from cache.
func cutFonts(fs *fontSet, faces map[Font]bool, cs *charSet, cache *Cache) map[Font]*fontCut {
	cuts := map[Font]*fontCut{}
	for f := range faces {
		m := fs.faces[f]
		if m == nil {
			continue
		}
		own := new(charSet)
		for i, w := range cs {
			for b := 0; w != 0; b++ {
				if r := rune(i*64 + b); w&1 != 0 && m.Has(r) {
					own.add(r)
				}
				w >>= 1
			}
		}
		chars := own.String()
		key := cutKey{file: m.File(), chars: sha256.Sum256([]byte(chars))}
		cut := &fontCut{key: key, chars: own, done: make(chan struct{})}
		cuts[f] = cut
		if data, ok := cache.cut(key); ok {
			cut.data = data
			close(cut.done)
			continue
		}
		go func() {
			defer func() {
				if recover() != nil {
					cut.data = nil // the whole face is registered instead
				}
				close(cut.done)
			}()
			data, err := fonts.Read(m.File())
			if err != nil || chars == "" {
				return // the whole face is registered instead
			}
			sparse, err := fonts.Sparse(data, []rune(chars))
			if err != nil {
				return // the whole face is registered instead
			}
			cut.data = sparse
			cache.putCut(key, cut.data)
		}()
	}
	return cuts
}

func (c *Cache) cut(k cutKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cuts.get(k)
}

func (c *Cache) putCut(k cutKey, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cuts.put(k, data)
}

// pruneCuts forgets the cuts and embedded faces the last build did not
// use.
func (c *Cache) pruneCuts() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cuts.prune()
	c.embeds.prune()
}
