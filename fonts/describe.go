package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Description is what a PDF font descriptor says of a TrueType face, in
// thousandths of an em, as a PDF writer reads it from the face's head,
// hhea, OS/2 and post tables.
type Description struct {
	Ascent, Descent int    // above and below the baseline: hhea's, else OS/2's typographic values
	CapHeight       int    // OS/2's, else the ascent
	BBox            [4]int // the union of the glyphs' boxes: xMin, yMin, xMax, yMax
	ItalicAngle     int    // degrees, counter-clockwise from the vertical
	StemV           int    // a stem width guessed from the weight class, as TCPDF guesses it
	Flags           int    // the descriptor's flags: symbolic, italic, fixed pitch, force bold
}

// Describe reads the description of a TrueType face.
func Describe(data []byte) (Description, error) {
	var d Description
	tables, err := tableDirectory(data)
	if err != nil {
		return d, err
	}
	head, hhea, os2, post := tables["head"], tables["hhea"], tables["OS/2"], tables["post"]
	if len(head) < 54 || len(hhea) < 8 || len(post) < 16 {
		return d, errors.New("fonts: describe: short head, hhea or post table")
	}
	upem := binary.BigEndian.Uint16(head[18:])
	if upem == 0 {
		return d, errors.New("fonts: describe: no units per em")
	}
	scale := 1000 / float64(upem)
	i16 := func(b []byte, at int) int { return int(int16(binary.BigEndian.Uint16(b[at:]))) }
	units := func(v int) int { return int(float64(v) * scale) }
	d.BBox = [4]int{units(i16(head, 36)), units(i16(head, 38)), units(i16(head, 40)), units(i16(head, 42))}
	d.Ascent, d.Descent = units(i16(hhea, 4)), units(i16(hhea, 6))
	weight := 500
	switch {
	case len(os2) >= 72:
		weight = int(binary.BigEndian.Uint16(os2[4:]))
		if d.Ascent == 0 {
			d.Ascent = units(i16(os2, 68))
		}
		if d.Descent == 0 {
			d.Descent = units(i16(os2, 70))
		}
		d.CapHeight = d.Ascent
		if binary.BigEndian.Uint16(os2) > 1 && len(os2) >= 90 {
			d.CapHeight = units(i16(os2, 88))
		}
	case os2 != nil:
		return d, fmt.Errorf("fonts: describe: short OS/2 table")
	default:
		if d.Ascent == 0 {
			d.Ascent = d.BBox[3]
		}
		if d.Descent == 0 {
			d.Descent = d.BBox[1]
		}
		d.CapHeight = d.Ascent
	}
	d.StemV = 50 + int(math.Pow(float64(weight)/65, 2))
	d.ItalicAngle = i16(post, 4)
	d.Flags = 4 // symbolic: the glyphs are named by the font's own character map
	if d.ItalicAngle != 0 {
		d.Flags |= 64
	}
	if weight >= 600 {
		d.Flags |= 1 << 18
	}
	if binary.BigEndian.Uint32(post[12:]) != 0 {
		d.Flags |= 1 // fixed pitch
	}
	return d, nil
}
