package pdf

import (
	"crypto/sha256"
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/fonts"
)

// fontUse is a font as the document uses it: the glyphs its runs draw and
// the text each stands for. Once the runs are read (done), each glyph's id
// in the subset is known: .notdef is 0, and the glyphs drawn follow in the
// order of their ids in the font, from 1 (fonts.Subset numbers them so).
//
// A glyph's CID is its id in the subset, and the ToUnicode map gives each
// CID the text its glyph stood for the first time it was drawn. A glyph
// drawn for other text too (.notdef, for every character the font lacks;
// one glyph for two characters) gets a CID of its own for each other
// text, after the glyphs' CIDs, mapped to the glyph by a CIDToGIDMap: the
// text is then copied and read aloud as it was written.
type fontUse struct {
	font    *display.Font
	resName string

	used   [1 << 16 / 64]uint64 // the glyphs drawn, but .notdef
	before [1 << 16 / 64]uint16 // how many of them come before each word of used
	// text holds what each glyph stands for, the first time it is drawn,
	// in blocks of 256 glyphs made when first needed
	text [256]*[256]string
	n    int // how many glyphs are drawn, .notdef aside

	hasAlt [1 << 16 / 64]uint64 // the glyphs drawn for other text too
	alts   map[altKey]int       // their other texts, numbered from 0 in the order met
	altOf  []altKey
}

// altKey is a glyph drawn for another text than its first.
type altKey struct {
	g uint16
	s string
}

// maxCIDs is how many CIDs a font may have.
const maxCIDs = 1 << 16

// firstText is the text glyph g stood for when it was first drawn.
func (u *fontUse) firstText(g uint16) string {
	if b := u.text[g>>8]; b != nil {
		return b[g&0xFF]
	}
	return ""
}

// note records that glyph g is drawn for text s.
func (u *fontUse) note(g uint16, s string) {
	w, bit := g/64, uint64(1)<<(g%64)
	if g != 0 && u.used[w]&bit == 0 {
		u.used[w] |= bit
		if s != "" {
			b := u.text[g>>8]
			if b == nil {
				b = new([256]string)
				u.text[g>>8] = b
			}
			b[g&0xFF] = s
		}
		return
	}
	// drawn before, or .notdef: another CID when the text is another
	if s == "" || g != 0 && u.firstText(g) == s {
		return
	}
	k := altKey{g, s}
	if _, ok := u.alts[k]; ok || len(u.altOf) >= maxCIDs/2 {
		return
	}
	if u.alts == nil {
		u.alts = map[altKey]int{}
	}
	u.alts[k] = len(u.altOf)
	u.altOf = append(u.altOf, k)
	u.hasAlt[w] |= bit
}

// cid is the CID that draws glyph g for text s (the glyph's text, "" for
// a glyph after the first of its cluster).
func (u *fontUse) cid(g uint16, s string) uint16 {
	if u.hasAlt[g/64]&(1<<(g%64)) != 0 && s != "" && (g == 0 || u.firstText(g) != s) {
		if i, ok := u.alts[altKey{g, s}]; ok && u.n+1+i < maxCIDs {
			return uint16(u.n + 1 + i)
		}
	}
	return u.newID(g)
}

// done counts the glyphs, for newID.
func (u *fontUse) done() {
	n := 0
	for i, w := range u.used {
		u.before[i] = uint16(n)
		n += bits.OnesCount64(w)
	}
	u.n = n
}

// newID is glyph g's id in the subset.
func (u *fontUse) newID(g uint16) uint16 {
	if g == 0 {
		return 0
	}
	w := g / 64
	return 1 + u.before[w] + uint16(bits.OnesCount64(u.used[w]&(uint64(1)<<(g%64)-1)))
}

// glyphs returns the glyphs drawn, .notdef aside, in ascending order.
func (u *fontUse) glyphs() []uint16 {
	out := make([]uint16, 0, u.n)
	for i, w := range u.used {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, uint16(i*64+b))
			w &^= 1 << b
		}
	}
	return out
}

// noteRun records the glyphs of a run and what each stands for.
func (u *fontUse) noteRun(t *display.Text) {
	for i, g := range t.Glyphs {
		u.note(g.ID, glyphText(t, i))
	}
}

// glyphText is the text glyph i of t stands for: its cluster's, for the
// first glyph of a cluster, and nothing for the others.
func glyphText(t *display.Text, i int) string {
	g := t.Glyphs[i]
	if i > 0 && t.Glyphs[i-1].Cluster == g.Cluster {
		return ""
	}
	end := len(t.Text)
	for j := i + 1; j < len(t.Glyphs); j++ {
		if t.Glyphs[j].Cluster != g.Cluster {
			end = int(t.Glyphs[j].Cluster)
			break
		}
	}
	if c := int(g.Cluster); c >= 0 && c <= end && end <= len(t.Text) {
		return t.Text[c:end]
	}
	return ""
}

// embeddedFont is a font's objects, made on a goroutine of their own.
type embeddedFont struct {
	base     string // the subset's name: a tag and the PostScript name
	desc     fonts.Description
	file     []byte // the subset, deflated
	length1  int    // its length before
	widths   []byte // the /W array
	cidToGID []byte // the CIDToGIDMap, when CIDs are not glyph ids
	toUni    []byte // the ToUnicode CMap
	err      error
	deflated bool
}

// embed cuts the font to the glyphs drawn and makes the parts of its
// objects.
func (u *fontUse) embed() (e embeddedFont) {
	defer func() {
		// a font that parses but breaks the cutter fails the build
		// with a message, not with a panic
		if r := recover(); r != nil {
			e.err = fmt.Errorf("pdf: font %s: %v", u.font.Name, r)
		}
	}()
	gids := u.glyphs()
	chars := map[rune]uint16{}
	for _, g := range gids {
		if s := u.firstText(g); utf8.RuneCountInString(s) == 1 {
			r, _ := utf8.DecodeRuneInString(s)
			if _, dup := chars[r]; !dup {
				chars[r] = g
			}
		}
	}
	sub, ids, err := fonts.Subset(u.font.Data, gids, chars)
	if err != nil {
		e.err = fmt.Errorf("pdf: font %s: %w", u.font.Name, err)
		return e
	}
	for i, g := range gids {
		if ids[i] != u.newID(g) {
			e.err = fmt.Errorf("pdf: font %s: glyph %d is %d in the subset, not %d", u.font.Name, g, ids[i], u.newID(g))
			return e
		}
	}
	if e.desc, err = fonts.Describe(u.font.Data); err != nil {
		e.err = fmt.Errorf("pdf: font %s: %w", u.font.Name, err)
		return e
	}
	e.base = subsetTag(u.font.Name, gids) + "+" + postScriptName(u.font.Name)
	// the widths, as the typesetter measured them, of .notdef and the
	// glyphs drawn: CIDs 0 to n, one run
	w := []byte("[0 [")
	w = appendNum(w, u.font.Advance(0), 3)
	for _, g := range gids {
		w = append(w, ' ')
		w = appendNum(w, u.font.Advance(g), 3)
	}
	// and the other CIDs of glyphs drawn for other text, from n+1, with
	// the map from each CID to its glyph
	if len(u.altOf) > 0 {
		w = fmt.Appendf(w, "] %d [", u.n+1)
		m := make([]byte, 0, 2*(u.n+1+len(u.altOf)))
		for cid := 0; cid <= u.n; cid++ {
			m = append(m, byte(cid>>8), byte(cid))
		}
		for i, k := range u.altOf {
			if i > 0 {
				w = append(w, ' ')
			}
			w = appendNum(w, u.font.Advance(k.g), 3)
			id := u.newID(k.g)
			m = append(m, byte(id>>8), byte(id))
		}
		e.cidToGID = m
	}
	e.widths = append(w, "]]"...)
	e.toUni = u.toUnicode(gids)
	// a font file is deflated even in an uncompressed file: it is most
	// of the file, and deflating a subset takes a millisecond
	e.length1 = len(sub)
	e.file, e.deflated = newDeflater().deflate(sub), true
	return e
}

// subsetTag is the six capital letters before a subset's name: from a hash
// of the font and the glyphs kept, so that two subsets of one font in one
// file (or two files) are told apart, and the same subset keeps its name.
func subsetTag(name string, gids []uint16) string {
	h := sha256.New()
	h.Write([]byte(name))
	for _, g := range gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag[:])
}

// postScriptName makes name fit a PDF name's use as a font name: no
// spaces or delimiters.
func postScriptName(name string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("()<>[]{}/%#", r) {
			return '-'
		}
		return r
	}, name)
}

// toUnicode returns the ToUnicode CMap mapping each CID to the text it
// stands for.
func (u *fontUse) toUnicode(gids []uint16) []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	type entry struct {
		cid  uint16
		text string
	}
	var entries []entry
	for _, g := range gids {
		if s := u.firstText(g); s != "" {
			entries = append(entries, entry{u.newID(g), s})
		}
	}
	for i, k := range u.altOf {
		entries = append(entries, entry{uint16(u.n + 1 + i), k.s})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].cid < entries[j].cid })
	for i := 0; i < len(entries); i += 100 {
		block := entries[i:min(i+100, len(entries))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(block))
		for _, e := range block {
			fmt.Fprintf(&b, "<%04X> <", e.cid)
			for _, c := range utf16.Encode([]rune(e.text)) {
				fmt.Fprintf(&b, "%04X", c)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

// putFont writes a font's objects and returns the Type0 font's number.
func (f *file) putFont(e embeddedFont, compress bool) ref {
	font, cid, desc, file, uni := f.alloc(), f.alloc(), f.alloc(), f.alloc(), f.alloc()
	var gidMap ref
	if e.cidToGID != nil {
		gidMap = f.alloc()
		f.setStream(gidMap, nil, newDeflater().deflate(e.cidToGID), true)
	}
	var b []byte
	b = append(b, "/Type /Font /Subtype /Type0 /BaseFont "...)
	b = appendName(b, e.base)
	b = append(b, " /Encoding /Identity-H /DescendantFonts ["...)
	b = appendRef(b, cid)
	b = append(b, "] /ToUnicode "...)
	b = appendRef(b, uni)
	f.set(font, wrapDict(b))

	b = nil
	b = append(b, "/Type /Font /Subtype /CIDFontType2 /BaseFont "...)
	b = appendName(b, e.base)
	b = append(b, " /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor "...)
	b = appendRef(b, desc)
	b = append(b, " /W "...)
	b = append(b, e.widths...)
	if gidMap != 0 {
		b = append(b, " /CIDToGIDMap "...)
		b = appendRef(b, gidMap)
	} else {
		b = append(b, " /CIDToGIDMap /Identity"...)
	}
	f.set(cid, wrapDict(b))

	d := e.desc
	b = nil
	b = append(b, "/Type /FontDescriptor /FontName "...)
	b = appendName(b, e.base)
	b = fmt.Appendf(b, " /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /FontFile2 ",
		d.Flags, d.BBox[0], d.BBox[1], d.BBox[2], d.BBox[3], d.ItalicAngle, d.Ascent, d.Descent, d.CapHeight, d.StemV)
	b = appendRef(b, file)
	f.set(desc, wrapDict(b))

	f.setStream(file, fmt.Appendf(nil, "/Length1 %d", e.length1), e.file, e.deflated)
	uniData := e.toUni
	if compress {
		uniData = newDeflater().deflate(uniData)
	}
	f.setStream(uni, nil, uniData, compress)
	return font
}

// wrapDict makes entries a dictionary.
func wrapDict(entries []byte) []byte {
	out := make([]byte, 0, len(entries)+4)
	out = append(out, "<<"...)
	out = append(out, entries...)
	return append(out, ">>"...)
}
