package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Subset returns a TrueType font made from the font data with only the
// glyphs gids, .notdef and the glyphs those are made of, and the new id of
// each of gids, in order: for a PDF writer that draws glyphs by id (a
// CIDFontType2 font whose CIDs are the new ids). The new ids are known
// before the subset is made: .notdef is 0, then come gids in ascending
// order of their old ids from 1, then the glyphs they are made of. chars
// maps the characters the glyphs stand for to their old ids, for the
// subset's own character map; characters beyond the Basic Multilingual
// Plane, and glyphs not kept, are left out of it.
//
// The glyphs kept draw and measure exactly as in the whole font: their
// outlines and horizontal metrics as they were, with the tables a PDF
// writer reads (head, hhea, maxp, OS/2, name, post without glyph names,
// and the hinting tables). The subset has no layout tables (GDEF, GPOS,
// GSUB: kerning, ligatures, mark positioning), which name glyphs by their
// old numbers: it is fit for a PDF writer, which places every glyph
// itself, not for a reader that shapes text with the font.
func Subset(data []byte, gids []uint16, chars map[rune]uint16) ([]byte, []uint16, error) {
	var cmap []mapping
	want := map[uint16]bool{}
	for _, g := range gids {
		want[g] = true
	}
	for r, g := range chars {
		if r > 0 && r < 0xFFFF && want[g] {
			cmap = append(cmap, mapping{r, g})
		}
	}
	seeds := make([]int, len(gids))
	for i, g := range gids {
		seeds[i] = int(g)
	}
	out, newID, err := cut(data, seeds, cmap)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uint16, len(gids))
	for i, g := range gids {
		ids[i] = newID[int(g)]
	}
	return out, ids, nil
}

// mapping maps a character to a glyph.
type mapping struct {
	r rune
	g uint16
}

// cut makes the subset of the font data that keeps .notdef, the glyphs of
// seeds and of cmap, and their components, with cmap as its character
// map, and returns it with each kept glyph's new id by its old one:
// .notdef and the seeds come first, in their old order, and the rest after
// them, in their old order too.
func cut(data []byte, seeds []int, cmap []mapping) ([]byte, map[int]uint16, error) {
	tables, err := tableDirectory(data)
	if err != nil {
		return nil, nil, err
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if head == nil || maxp == nil || loca == nil || glyf == nil || tables["cmap"] == nil {
		return nil, nil, errors.New("fonts: sparse: not a TrueType font with glyf outlines")
	}
	if len(head) < 54 || len(maxp) < 6 {
		return nil, nil, errors.New("fonts: sparse: short head or maxp table")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	offset := func(g int) (int, bool) {
		if long {
			if 4*g+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*g:])), true
		}
		if 2*g+2 > len(loca) {
			return 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:])), true
	}
	outline := func(g int) ([]byte, error) {
		a, ok1 := offset(g)
		b, ok2 := offset(g + 1)
		if !ok1 || !ok2 || a > b || b > len(glyf) {
			return nil, fmt.Errorf("fonts: sparse: glyph %d has a bad location", g)
		}
		return glyf[a:b], nil
	}

	// the glyphs to keep: .notdef, the seeds, the characters', and their
	// components
	keep := map[int]bool{0: true}
	for _, g := range seeds {
		if g < 0 || g >= n {
			return nil, nil, fmt.Errorf("fonts: sparse: no glyph %d in a font of %d", g, n)
		}
		keep[g] = true
	}
	for _, m := range cmap {
		keep[int(m.g)] = true
	}
	slices.SortFunc(cmap, func(a, b mapping) int { return int(a.r) - int(b.r) })
	cmap = slices.CompactFunc(cmap, func(a, b mapping) bool { return a.r == b.r })
	for todo := slices.Collect(func(yield func(int) bool) {
		for g := range keep {
			if !yield(g) {
				return
			}
		}
	}); len(todo) > 0; {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := outline(g)
		if err != nil {
			return nil, nil, err
		}
		comps, err := components(data)
		if err != nil {
			return nil, nil, fmt.Errorf("fonts: sparse: glyph %d: %w", g, err)
		}
		for _, c := range comps {
			if c >= n {
				return nil, nil, fmt.Errorf("fonts: sparse: glyph %d uses glyph %d of %d", g, c, n)
			}
			if !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		}
	}

	// the glyphs kept, numbered anew: .notdef and the seeds first
	ids := slices.Sorted(func(yield func(int) bool) {
		for g := range keep {
			if !yield(g) {
				return
			}
		}
	})
	first := map[int]bool{0: true}
	for _, g := range seeds {
		first[g] = true
	}
	slices.SortStableFunc(ids, func(a, b int) int {
		switch {
		case first[a] && !first[b]:
			return -1
		case first[b] && !first[a]:
			return 1
		}
		return 0
	})
	newID := make(map[int]uint16, len(ids))
	for i, g := range ids {
		newID[g] = uint16(i)
	}

	// their outlines, components renumbered; offsets into them are short
	// (half the size) when they fit
	var newGlyf []byte
	starts := make([]int, 0, len(ids)+1)
	for _, g := range ids {
		starts = append(starts, len(newGlyf))
		data, err := outline(g)
		if err != nil {
			return nil, nil, err
		}
		at := len(newGlyf)
		newGlyf = append(newGlyf, data...)
		renumber(newGlyf[at:], newID)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	starts = append(starts, len(newGlyf))
	shortLoca := len(newGlyf) <= 2*0xFFFF
	var newLoca []byte
	for _, o := range starts {
		if shortLoca {
			newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(o/2))
		} else {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(o))
		}
	}

	// their horizontal metrics, all in full
	hhea, hmtx := tables["hhea"], tables["hmtx"]
	if len(hhea) < 36 {
		return nil, nil, errors.New("fonts: sparse: short hhea table")
	}
	nLong := int(binary.BigEndian.Uint16(hhea[34:]))
	if nLong == 0 || len(hmtx) < 4*nLong+2*(n-nLong) {
		return nil, nil, errors.New("fonts: sparse: short hmtx table")
	}
	newHmtx := make([]byte, 0, 4*len(ids))
	for _, g := range ids {
		adv, lsb := hmtx[4*(nLong-1):4*nLong-2], []byte{0, 0}
		if g < nLong {
			adv, lsb = hmtx[4*g:4*g+2], hmtx[4*g+2:4*g+4]
		} else if at := 4*nLong + 2*(g-nLong); at+2 <= len(hmtx) {
			lsb = hmtx[at : at+2]
		}
		newHmtx = append(append(newHmtx, adv...), lsb...)
	}
	newHhea := append([]byte(nil), hhea...)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(len(ids)))
	newMaxp := append([]byte(nil), maxp...)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(len(ids)))

	// a format 4 character map: one segment per character, and the last;
	// its length is a 16-bit number
	segs := len(cmap) + 1
	if 16+8*segs > 0xFFFF {
		return nil, nil, fmt.Errorf("fonts: sparse: %d characters are more than one character map of format 4 holds", len(cmap))
	}
	sub := make([]byte, 0, 16+8*segs)
	sub = binary.BigEndian.AppendUint16(sub, 4) // format
	sub = binary.BigEndian.AppendUint16(sub, uint16(16+8*segs))
	sub = binary.BigEndian.AppendUint16(sub, 0) // language
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*segs))
	sr, es := 2, 0
	for sr*2 <= 2*segs {
		sr *= 2
		es++
	}
	sub = binary.BigEndian.AppendUint16(sub, uint16(sr))
	sub = binary.BigEndian.AppendUint16(sub, uint16(es-1))
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*segs-sr))
	for _, m := range cmap {
		sub = binary.BigEndian.AppendUint16(sub, uint16(m.r)) // endCode
	}
	sub = binary.BigEndian.AppendUint16(sub, 0xFFFF)
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, m := range cmap {
		sub = binary.BigEndian.AppendUint16(sub, uint16(m.r)) // startCode
	}
	sub = binary.BigEndian.AppendUint16(sub, 0xFFFF)
	for _, m := range cmap {
		sub = binary.BigEndian.AppendUint16(sub, newID[int(m.g)]-uint16(m.r)) // idDelta, modulo 65536
	}
	sub = binary.BigEndian.AppendUint16(sub, 1)
	for range segs {
		sub = binary.BigEndian.AppendUint16(sub, 0) // idRangeOffset
	}
	newCmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12} // one subtable: Windows, Unicode BMP
	newCmap = append(newCmap, sub...)

	newHead := append([]byte(nil), head...)
	if shortLoca {
		binary.BigEndian.PutUint16(newHead[50:], 0) // indexToLocFormat
	} else {
		binary.BigEndian.PutUint16(newHead[50:], 1)
	}
	out := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "cmap": newCmap,
		"hmtx": newHmtx, "loca": newLoca, "glyf": newGlyf,
	}
	// the tables that do not name glyphs, as the PDF writer keeps them;
	// glyph names go (post version 3)
	for _, tag := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if t := tables[tag]; t != nil {
			out[tag] = t
		}
	}
	if post := tables["post"]; len(post) >= 32 {
		p := append([]byte(nil), post[:32]...)
		binary.BigEndian.PutUint32(p, 0x00030000)
		out["post"] = p
	}
	return writeFont(data[:4], out), newID, nil
}

// renumber gives the components of a composite glyph their new ids.
func renumber(g []byte, newID map[int]uint16) {
	comps, at := componentsAt(g)
	for i, c := range comps {
		binary.BigEndian.PutUint16(g[at[i]:], newID[c])
	}
}

// components returns the glyphs a composite glyph's outline is made of.
func components(g []byte) ([]int, error) {
	comps, at := componentsAt(g)
	if at == nil && len(g) >= 10 && int16(binary.BigEndian.Uint16(g)) < 0 {
		return nil, errors.New("truncated composite glyph")
	}
	return comps, nil
}

// componentsAt returns the glyphs a composite glyph's outline is made of
// and where their ids are; nil for a simple, empty or truncated glyph.
func componentsAt(g []byte) (comps, at []int) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil, nil // empty, or a simple glyph
	}
	const (
		argsAreWords   = 0x0001
		haveScale      = 0x0008
		moreComponents = 0x0020
		haveXYScale    = 0x0040
		haveTwoByTwo   = 0x0080
	)
	for p := 10; ; {
		if p+4 > len(g) {
			return nil, nil
		}
		flags := binary.BigEndian.Uint16(g[p:])
		comps = append(comps, int(binary.BigEndian.Uint16(g[p+2:])))
		at = append(at, p+2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return comps, at
		}
	}
}

// tableDirectory returns the font's tables by tag.
func tableDirectory(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("fonts: sparse: truncated font")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("fonts: sparse: truncated table directory")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("fonts: sparse: table %q lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+length]
	}
	return tables, nil
}

// writeFont assembles tables into a font file with the sfnt version
// given, computing the tables' checksums and head's checksum adjustment.
func writeFont(version []byte, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	slices.Sort(tags)
	out := make([]byte, 0, size)
	out = append(out, version...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(tags)))
	sr, es := 1, 0
	for sr*2 <= len(tags) {
		sr *= 2
		es++
	}
	out = binary.BigEndian.AppendUint16(out, uint16(16*sr))
	out = binary.BigEndian.AppendUint16(out, uint16(es))
	out = binary.BigEndian.AppendUint16(out, uint16(16*(len(tags)-sr)))
	if h := tables["head"]; len(h) >= 12 {
		binary.BigEndian.PutUint32(h[8:], 0) // checkSumAdjustment, set below
	}
	off := 12 + 16*len(tags)
	headAt := -1
	for _, tag := range tags {
		t := tables[tag]
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t)))
		if tag == "head" {
			headAt = off
		}
		off += (len(t) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt >= 0 && headAt+12 <= len(out) {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// checksum is the OpenType table checksum: the sum of the data as
// big-endian 32-bit words, padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}
