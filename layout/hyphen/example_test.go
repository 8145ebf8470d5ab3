package hyphen_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/folio-press/folio/layout/hyphen"
)

func ExampleHyphenator_Points() {
	h, err := hyphen.New()
	if err != nil {
		log.Fatal(err)
	}
	for _, word := range []string{"Hyphenation", "typesetting,", "e-commerce", "2019", "the"} {
		points := h.Points(word)
		runes := []rune(word)
		var parts []string
		last := 0
		for _, p := range points {
			parts = append(parts, string(runes[last:p]))
			last = p
		}
		parts = append(parts, string(runes[last:]))
		fmt.Println(points, strings.Join(parts, "|"))
	}
	// Output:
	// [2 6] Hy|phen|ation
	// [4 7] type|set|ting,
	// [2] e-|commerce
	// [] 2019
	// [] the
}
