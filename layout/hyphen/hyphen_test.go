package hyphen

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/speedata/hyphenation"
)

// hyphenate inserts a hyphen into word at each point.
func hyphenate(word string, points []int) string {
	runes := []rune(word)
	var b strings.Builder
	last := 0
	for _, p := range points {
		b.WriteString(string(runes[last:p]))
		b.WriteByte('-')
		last = p
	}
	b.WriteString(string(runes[last:]))
	return b.String()
}

func newHyphenator(t testing.TB) *Hyphenator {
	t.Helper()
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestPoints(t *testing.T) {
	h := newHyphenator(t)
	tests := []struct {
		word   string
		points []int
	}{
		// TeX's hyphenation with the en-US patterns.
		{"hyphenation", []int{2, 6}}, // hy-phen-ation
		{"typesetting", []int{4, 7}}, // type-set-ting
		{"information", []int{2, 5, 7}},
		{"communication", []int{3, 5, 7, 9}},
		{"surveillance", []int{3, 7}},
		{"smartphone", []int{5}},
		{"developers", []int{2, 5, 7}},
		{"beautiful", []int{4, 6}},
		{"Huawei", nil},

		// Exceptions from hyph-en-us.hyp.txt.
		{"table", []int{2}},
		{"associate", []int{2, 4}},
		{"present", nil},
		{"projects", nil},

		// Case does not matter.
		{"Hyphenation", []int{2, 6}},
		{"HYPHENATION", []int{2, 6}},
		{"Table", []int{2}},

		// Too short for two letters before and three after a hyphen.
		{"", nil},
		{"a", nil},
		{"the", nil},
		{"into", nil},
		{"table.", []int{2}},

		// At most 63 letters, as in TeX.
		{strings.Repeat("hyphenation", 5) + "hyphenat", []int{2, 6, 11, 13, 17, 22, 24, 28, 33, 35, 39, 44, 46, 50, 55, 57}},
		{strings.Repeat("hyphenation", 5) + "hyphenati", nil},

		// Existing hyphens.
		{"e-commerce", []int{2}},
		{"lime-tree", []int{5}},
		{"state-of-the-art", []int{6, 9, 13}},
		{"e\u2010commerce", []int{2}},
		{"e\u2011commerce", nil}, // non-breaking hyphen
		{"re--enter", nil},
		{"-hyphenation", []int{3, 7}},
		{"hyphenation-", []int{2, 6}},

		// Not words.
		{"2019", nil},
		{"hyphenation2", nil},
		{"B2B", nil},
		{"https://example.com", nil},
		{"example.com", nil},
		{"someone@example.com", nil},
		{"king's", nil},
		{"hyphen_ation", nil},
		{"гипотеза", nil},
		{"hyphen ation", nil},

		// Surrounding punctuation is ignored; offsets count it.
		{"“example,”", []int{3, 5}},
		{"(hyphenation)", []int{3, 7}},
		{"hyphenation...", []int{2, 6}},
		{" hyphenation ", []int{3, 7}},
		{"“e-commerce”", []int{3}},
		{"...", nil},
		{"«»", nil},
	}
	for _, tt := range tests {
		got := h.Points(tt.word)
		if !slices.Equal(got, tt.points) {
			t.Errorf("Points(%q) = %v (%s), want %v (%s)", tt.word,
				got, hyphenate(tt.word, got), tt.points, hyphenate(tt.word, tt.points))
		}
	}
}

// TestTeX compares Points with TeX's own hyphenation of nearly 2000 words,
// recorded in testdata/tex-en-us.txt.
func TestTeX(t *testing.T) {
	h := newHyphenator(t)
	f, err := os.Open("testdata/tex-en-us.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	count := 0
	for s.Scan() {
		want := s.Text()
		if want == "" || strings.HasPrefix(want, "#") {
			continue
		}
		count++
		word := strings.ReplaceAll(want, "-", "")
		if got := hyphenate(word, h.Points(word)); got != want {
			t.Errorf("Points(%q) hyphenates as %s, TeX as %s", word, got, want)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if count < 1000 {
		t.Fatalf("only %d words in testdata/tex-en-us.txt", count)
	}
}

// TestMinimums checks how speedata/hyphenation counts its minimums: Points
// must equal the unrestricted points with those closer than two letters to
// the start or three to the end removed, and such points must occur.
func TestMinimums(t *testing.T) {
	h := newHyphenator(t)
	raw, err := hyphenation.New(strings.NewReader(patternText))
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(strings.ReplaceAll(`
		academy abolish around about eating enough over idea ideal
		actual elapse oblige omission uneven opinion electric
		hyphenation typesetting developers beautiful fountain
		plaything whenever daughters youngest favorite astonished
		program programmer cheerful toward heavy ready brandy
		solitude magnitude fixity liquidity majority priority`, "\n", " "))
	var nearStart, nearEnd int
	for _, w := range words {
		n := len([]rune(w))
		var want []int
		for _, p := range raw.Hyphenate(w) {
			switch {
			case p < leftMin:
				nearStart++
			case n-p < rightMin:
				nearEnd++
			default:
				want = append(want, p)
			}
		}
		if _, ok := h.p.exceptions[w]; ok {
			continue
		}
		if got := h.Points(w); !slices.Equal(got, want) {
			t.Errorf("Points(%q) = %v, want %v", w, got, want)
		}
	}
	if nearStart == 0 || nearEnd == 0 {
		t.Errorf("test words have %d points too near the start and %d too near the end; want some of each", nearStart, nearEnd)
	}
}

func TestShared(t *testing.T) {
	var wg sync.WaitGroup
	hs := make([]*Hyphenator, 8)
	for i := range hs {
		wg.Go(func() {
			h, err := New()
			if err != nil {
				t.Error(err)
				return
			}
			for range 100 {
				if got := h.Points("hyphenation"); !slices.Equal(got, []int{2, 6}) {
					t.Errorf("Points(hyphenation) = %v", got)
					return
				}
			}
			hs[i] = h
		})
	}
	wg.Wait()
	for _, h := range hs[1:] {
		if h != nil && hs[0] != nil && h.p != hs[0].p {
			t.Error("Hyphenators do not share the parsed patterns")
		}
	}
}

func TestNotice(t *testing.T) {
	n := Notice()
	for _, want := range []string{
		"Copyright (C) 1990, 2004, 2005 Gerard D.C. Kuiken",
		"Copying and distribution of this file, with or without modification,",
		"notice and this notice are preserved.",
		"hyph-en-us.pat.txt",
	} {
		if !strings.Contains(n, want) {
			t.Errorf("Notice() lacks %q", want)
		}
	}
}

const frogKing = `In olden times when wishing still helped one, there lived a
king whose daughters were all beautiful; and the youngest was so beautiful
that the sun itself, which has seen so much, was astonished whenever it shone
in her face. Close by the king's castle lay a great dark forest, and under an
old lime-tree in the forest was a well, and when the day was very warm, the
king's child went out into the forest and sat down by the side of the cool
fountain; and when she was bored she took a golden ball, and threw it up on
high and caught it; and this ball was her favorite plaything.`

func BenchmarkPoints(b *testing.B) {
	h := newHyphenator(b)
	words := strings.Fields(frogKing)
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			h.Points(w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}
