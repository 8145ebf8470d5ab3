package hyphen

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzPoints checks that Points never panics and returns increasing offsets
// inside the word that leave whole letters on both sides: two or more before
// and three or more after a pattern hyphen, or an existing hyphen just
// before the offset; and that ASCII case does not matter.
func FuzzPoints(f *testing.F) {
	for _, w := range []string{"hyphenation", "e-commerce", "“example,”", "2019", "https://example.com", "TABLE", "naïve", "a-", "\xff\xfe"} {
		f.Add(w)
	}
	h := newHyphenator(f)
	f.Fuzz(func(t *testing.T, word string) {
		points := h.Points(word)
		runes := []rune(word)
		prev := 0
		for _, p := range points {
			if p <= prev || p >= len(runes) {
				t.Fatalf("Points(%q) = %v: offset %d out of order or range", word, points, p)
			}
			prev = p
			if isHyphen(runes[p-1]) {
				continue
			}
			for i := p - leftMin; i < p+rightMin; i++ {
				if i < 0 || i >= len(runes) || !isLatinLetter(runes[i]) {
					t.Fatalf("Points(%q) = %v: offset %d is too near the end of the word", word, points, p)
				}
			}
		}
		if isASCII(word) {
			upper := h.Points(strings.ToUpper(word))
			if !slices.Equal(upper, points) {
				t.Fatalf("Points(%q) = %v, but %v in upper case", word, points, upper)
			}
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > unicode.MaxASCII {
			return false
		}
	}
	return true
}
