package linebreak_test

import (
	"fmt"
	"log"
	"math"
	"strings"

	"github.com/folio-press/folio/layout/linebreak"
)

func Example() {
	// Each character is one unit wide; spaces are one unit that may
	// stretch by half a unit and shrink by a third.
	words := strings.Fields("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.")
	var items []linebreak.Item
	for i, w := range words {
		if i > 0 {
			items = append(items, linebreak.Glue(1, 0.5, 1.0/3))
		}
		items = append(items, linebreak.Box(float64(len(w))))
	}
	// The paragraph ends with glue that fills the last line, and a forced break.
	items = append(items,
		linebreak.Penalty(0, linebreak.Infinity, false),
		linebreak.Glue(0, math.Inf(1), 0),
		linebreak.Penalty(0, -linebreak.Infinity, false))

	res, err := linebreak.Break(items, linebreak.DefaultParams(32))
	if err != nil {
		log.Fatal(err)
	}
	w := 0 // index into words
	for _, line := range res.Lines {
		var text []string
		for _, it := range items[line.Start:line.End] {
			if it.Kind == linebreak.BoxItem {
				text = append(text, words[w])
				w++
			}
		}
		fmt.Printf("%-32s| %+.2f\n", strings.Join(text, " "), line.Ratio)
	}
	fmt.Printf("pass %d, demerits %.0f\n", res.Pass, res.Demerits)
	// Output:
	// It was the best of times, it was| +0.00
	// the worst of times, it was the  | +0.67
	// age of wisdom, it was the age   | +1.00
	// of foolishness, it was the epoch| +0.00
	// of belief, it was the epoch of  | +0.67
	// incredulity.                    | +0.00
	// pass 1, demerits 15541
}

func ExampleBreaker() {
	// One Breaker for many paragraphs: its memory is allocated once.
	var br linebreak.Breaker
	for _, text := range []string{
		"The quick brown fox jumps over the lazy dog.",
		"Pack my box with five dozen liquor jugs, and then some more of them.",
	} {
		var items []linebreak.Item
		for i, w := range strings.Fields(text) {
			if i > 0 {
				items = append(items, linebreak.Glue(1, 0.5, 1.0/3))
			}
			items = append(items, linebreak.Box(float64(len(w))))
		}
		items = append(items, linebreak.Glue(0, math.Inf(1), 0), linebreak.Penalty(0, -linebreak.Infinity, false))
		res, err := br.Break(items, linebreak.DefaultParams(20))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(len(res.Lines), "lines, pass", res.Pass)
	}
	// Output:
	// 3 lines, pass 1
	// 4 lines, pass 2
}
