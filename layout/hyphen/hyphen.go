// Package hyphen finds the points at which English words may be hyphenated,
// using Franklin Liang's algorithm (via github.com/speedata/hyphenation) with
// TeX's American English patterns and exceptions from the hyph-utf8 project.
//
// The patterns and their licence notice are embedded in the package; see
// Notice. Results match TeX's with \lefthyphenmin=2 and \righthyphenmin=3:
// a hyphen leaves at least two letters before it and three after it.
package hyphen

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/speedata/hyphenation"
)

// The minimum numbers of letters before and after a hyphen, as TeX's
// \lefthyphenmin and \righthyphenmin for American English.
const (
	leftMin  = 2
	rightMin = 3
)

// maxLetters is the length of the longest word that Points hyphenates by
// pattern, as in TeX. Finding the patterns in a word takes time quadratic
// in its length.
const maxLetters = 63

var (
	//go:embed hyph-en-us.pat.txt
	patternText string

	//go:embed hyph-en-us.hyp.txt
	exceptionText string

	//go:embed hyph-en-us.LICENSE.txt
	noticeText string
)

// Notice returns the copyright and licence notice of the embedded patterns,
// which must accompany any copy of them, including binaries that embed them.
func Notice() string { return noticeText }

// patterns is the parsed form of the embedded files. It is never modified
// after loading, so one value is shared by all Hyphenators.
type patterns struct {
	lang       *hyphenation.Lang
	exceptions map[string][]int // lower-case word → hyphen positions
}

// load parses the embedded patterns the first time it is called and returns
// the same immutable result on every call.
var load = sync.OnceValues(func() (*patterns, error) {
	lang, err := hyphenation.New(strings.NewReader(patternText))
	if err != nil {
		return nil, fmt.Errorf("hyphen: reading patterns: %w", err)
	}
	// speedata/hyphenation counts Leftmin one letter short of TeX's
	// \lefthyphenmin (Leftmin 0 already keeps the first letter), while
	// its Rightmin is TeX's \righthyphenmin (see TestMinimums).
	lang.Leftmin = leftMin - 1
	lang.Rightmin = rightMin

	p := &patterns{lang: lang, exceptions: make(map[string][]int)}
	s := bufio.NewScanner(strings.NewReader(exceptionText))
	s.Split(bufio.ScanWords)
	for s.Scan() {
		var word strings.Builder
		var points []int
		n := 0
		for _, r := range s.Text() {
			if r == '-' {
				points = append(points, n)
				continue
			}
			word.WriteRune(unicode.ToLower(r))
			n++
		}
		p.exceptions[word.String()] = points
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("hyphen: reading exceptions: %w", err)
	}
	return p, nil
})

// A Hyphenator finds hyphenation points in words. It is safe for concurrent
// use by multiple goroutines.
type Hyphenator struct {
	p *patterns
}

// New returns a Hyphenator for American English. The embedded patterns are
// parsed once per process, on the first call, and shared by all
// Hyphenators.
func New() (*Hyphenator, error) {
	p, err := load()
	if err != nil {
		return nil, err
	}
	return &Hyphenator{p: p}, nil
}

// Points returns the offsets, counted in runes of word, at which a hyphen
// may be inserted: an offset i means that the word may be broken between
// its runes i-1 and i. Offsets are in increasing order.
//
// Punctuation, symbols and spaces at either end of word are ignored, so
// “example,” hyphenates like example (with offsets counted in the original
// string). Letters are matched regardless of case. A word that already
// contains hyphens may break only after them, so e-commerce yields [2]. A
// word that contains anything but Latin letters and such hyphens (digits,
// apostrophes, the punctuation of URLs and e-mail addresses) yields no
// points, and neither does a word too short to leave two letters before a
// hyphen and three after it, nor, as in TeX, one of more than 63 letters.
func (h *Hyphenator) Points(word string) []int {
	runes := []rune(word)
	start, end := 0, len(runes)
	for start < end && isEdge(runes[start]) {
		start++
	}
	for end > start && isEdge(runes[end-1]) {
		end--
	}
	core := runes[start:end]
	if len(core) == 0 {
		return nil
	}

	hyphens := 0
	for _, r := range core {
		switch {
		case isHyphen(r):
			hyphens++
		case !isLatinLetter(r):
			return nil
		}
	}
	if hyphens > 0 {
		return explicitPoints(core, start)
	}

	var points []int
	if ex, ok := h.p.exceptions[strings.ToLower(string(core))]; ok {
		for _, i := range ex {
			if i >= leftMin && len(core)-i >= rightMin {
				points = append(points, start+i)
			}
		}
		return points
	}
	if len(core) < leftMin+rightMin || len(core) > maxLetters {
		return nil
	}
	for _, i := range h.p.lang.Hyphenate(string(core)) {
		points = append(points, start+i)
	}
	return points
}

// explicitPoints returns the offsets just after the hyphens of word, which
// starts at rune offset start of the original string, provided that every
// part between hyphens is a non-empty run of letters.
func explicitPoints(word []rune, start int) []int {
	var points []int
	letters := 0
	for i, r := range word {
		if !isHyphen(r) {
			letters++
			continue
		}
		if letters == 0 {
			return nil // a leading or doubled hyphen: a dash, not a compound
		}
		letters = 0
		points = append(points, start+i+1)
	}
	return points
}

// isEdge reports whether r is ignored at the ends of a word.
func isEdge(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}

// isHyphen reports whether r is a hyphen after which a compound may break:
// the hyphen-minus or U+2010 HYPHEN, but not U+2011 NON-BREAKING HYPHEN.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' }

func isLatinLetter(r rune) bool { return unicode.IsLetter(r) && unicode.Is(unicode.Latin, r) }
