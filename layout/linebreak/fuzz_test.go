package linebreak

import (
	"errors"
	"math"
	"testing"
)

// decodeItems turns fuzz data into a paragraph whose lines only get wider
// as they get longer: two bytes an item, with widths, stretch and shrink of
// a few units, no glue that shrinks by more than its width and no negative
// widths.
func decodeItems(data []byte) []Item {
	penalties := [...]float64{-Infinity, -100, 0, 50, 100, Infinity}
	var items []Item
	for ; len(data) >= 2 && len(items) < 200; data = data[2:] {
		b0, b1 := data[0], data[1]
		switch b0 % 8 {
		case 0, 1, 2, 3:
			items = append(items, Box(float64(b1%24)))
		case 4, 5:
			w := float64(b1 % 6)
			stretch := float64(b1 / 6 % 4)
			if b0&0x40 != 0 {
				stretch = math.Inf(1)
			}
			items = append(items, Glue(w, stretch, math.Min(w, float64(b1>>6))))
		case 6:
			pen := penalties[int(b1>>1)%len(penalties)]
			items = append(items, Penalty(float64(b1&1), pen, b0&0x10 != 0))
		case 7:
			items = append(items, Penalty(0, Infinity, false), Glue(0, math.Inf(1), 0), Penalty(0, -Infinity, b0&0x10 != 0))
		}
	}
	return items
}

// oddValues are the numbers decodeRaw builds items from.
var oddValues = [...]float64{
	0, math.Copysign(0, -1), 1, -1, 5, -7, 100, Infinity, -Infinity, 0.5,
	1e-300, math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
}

// decodeRaw turns fuzz data into items and parameters of any kind and value,
// valid or not: five bytes an item.
func decodeRaw(data []byte, width, tolerance uint8) ([]Item, Params) {
	p := DefaultParams(oddValues[width%16])
	p.Tolerance = oddValues[tolerance%16]
	p.LooseTolerance = oddValues[tolerance/16]
	var items []Item
	for ; len(data) >= 5 && len(items) < 200; data = data[5:] {
		items = append(items, Item{
			Kind:    Kind(data[0] % 4),
			Width:   oddValues[data[1]%16],
			Stretch: oddValues[data[2]%16],
			Shrink:  oddValues[data[3]%16],
			Penalty: oddValues[data[4]%16],
			Flagged: data[0]&0x80 != 0,
		})
	}
	return items, p
}

// FuzzBreak checks that Break never panics and that its breaks are legal.
// For well-formed paragraphs (raw false) it also checks that no line is
// overfull unless nothing could have been done about it, that lines obey
// the hyphen limit, and, for short paragraphs, that the result is optimal.
func FuzzBreak(f *testing.F) {
	items, _ := paragraph("In olden times when wish|ing still helped one, there lived a king.")
	f.Add(encodeItems(items), uint8(20), uint8(2), false)
	f.Add([]byte{0, 50, 4, 10, 0, 3, 6, 7, 0, 4, 7, 0}, uint8(10), uint8(1), false)
	f.Add([]byte{1, 15, 2, 0, 3, 1, 4, 0}, uint8(6), uint8(0x21), true)
	f.Fuzz(func(t *testing.T, data []byte, width, hyphens uint8, raw bool) {
		if raw {
			items, p := decodeRaw(data, width, hyphens)
			res, err := Break(items, p)
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				return
			}
			checkStructure(t, items, res)
			return
		}
		items := decodeItems(data)
		p := DefaultParams(float64(1 + width%80))
		p.MaxConsecutiveHyphens = int(hyphens % 4)
		res, err := Break(items, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, items, p, res)
		checkOverfull(t, items, p, res)
		if len(items) <= 60 {
			checkOptimal(t, items, p, res)
		}
	})
}

// encodeItems is the inverse of decodeItems for the items of paragraph.
func encodeItems(items []Item) []byte {
	var data []byte
	for _, it := range items {
		switch it.Kind {
		case BoxItem:
			data = append(data, 0, byte(it.Width/charWidth))
		case GlueItem:
			if math.IsInf(it.Stretch, 1) {
				data = append(data, 4|0x40, 0)
			} else {
				data = append(data, 4, 2+6*2+64)
			}
		case PenaltyItem:
			var idx byte
			switch {
			case it.Penalty <= -Infinity:
				idx = 0
			case it.Penalty >= Infinity:
				idx = 5
			default:
				idx = 3
			}
			var flag byte
			if it.Flagged {
				flag = 0x10
			}
			data = append(data, 6|flag, idx<<1|byte(min(it.Width, 1)))
		}
	}
	return data
}
