package linebreak

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The width model of the text tests: a monospaced font whose characters
// are 6 units wide, with interword glue of 6 units that stretches by 3 and
// shrinks by 2 (TeX's proportions for Computer Modern), a hyphen the width
// of a character, and TeX's \hyphenpenalty and \exhyphenpenalty of 50.
const (
	charWidth       = 6
	spaceWidth      = 6
	spaceStretch    = 3
	spaceShrink     = 2
	hyphenPenalty   = 50
	exhyphenPenalty = 50
)

// The Frog King paragraph of Knuth and Plass, from the Grimms' tale as
// translated by Margaret Hunt, with TeX's hyphenation points (en-US
// patterns, \lefthyphenmin=2, \righthyphenmin=3) marked by "|".
const frogKing = `In olden times when wish|ing still helped one, there lived a king ` +
	`whose daugh|ters were all beau|ti|ful; and the youngest was so beau|ti|ful ` +
	`that the sun it|self, which has seen so much, was as|ton|ished when|ever it ` +
	`shone in her face. Close by the king's cas|tle lay a great dark for|est, ` +
	`and un|der an old lime-tree in the for|est was a well, and when the day was ` +
	`very warm, the king's child went out into the for|est and sat down by the ` +
	`side of the cool foun|tain; and when she was bored she took a golden ball, ` +
	`and threw it up on high and caught it; and this ball was her fa|vorite ` +
	`play|thing.`

// The tale goes on; with it, the paragraph has about 180 words.
const frogKingMore = ` Now it so hap|pened that on one oc|ca|sion the princess's ` +
	`golden ball did not fall into the lit|tle hand which she was hold|ing up ` +
	`for it, but on to the ground be|yond, and rolled straight into the wa|ter. ` +
	`The king's daugh|ter fol|lowed it with her eyes, but it van|ished, and the ` +
	`well was deep, so deep that the bot|tom could not be seen.`

// paragraph turns text into items: a box per syllable, a flagged penalty
// at each "|" and after each explicit hyphen, glue between words, and the
// usual finishing glue and forced break, flagged as in Knuth and Plass so
// that a hyphen on the last line but one costs FlaggedDemerits. It also
// returns the text of each item, for printing lines.
func paragraph(text string) ([]Item, []string) {
	var items []Item
	var texts []string
	add := func(it Item, s string) {
		items = append(items, it)
		texts = append(texts, s)
	}
	for i, word := range strings.Fields(text) {
		if i > 0 {
			add(Glue(spaceWidth, spaceStretch, spaceShrink), " ")
		}
		for j, part := range strings.Split(word, "|") {
			if j > 0 {
				add(Penalty(charWidth, hyphenPenalty, true), "-")
			}
			for k, piece := range strings.SplitAfter(part, "-") {
				if k > 0 {
					add(Penalty(0, exhyphenPenalty, true), "")
				}
				add(Box(float64(charWidth*len([]rune(piece)))), piece)
			}
		}
	}
	add(Penalty(0, Infinity, false), "")
	add(Glue(0, math.Inf(1), 0), "")
	add(Penalty(0, -Infinity, true), "")
	return items, texts
}

// lineTexts renders the lines of res.
func lineTexts(res Result, items []Item, texts []string) []string {
	var lines []string
	for _, l := range res.Lines {
		var b strings.Builder
		for i := l.Start; i < l.End; i++ {
			if items[i].Kind != PenaltyItem {
				b.WriteString(texts[i])
			}
		}
		if l.End < len(items) && items[l.End].Kind == PenaltyItem {
			b.WriteString(texts[l.End])
		}
		lines = append(lines, b.String())
	}
	return lines
}

func TestFrogKing(t *testing.T) {
	items, texts := paragraph(frogKing)
	tests := []struct {
		chars  int // the measure in characters
		pass   int
		breaks []int
		lines  []string
	}{
		{
			chars: 65, pass: 1,
			breaks: []int{25, 53, 85, 115, 149, 175, 207, 237, 263},
			lines: []string{
				"In olden times when wishing still helped one, there lived a king",
				"whose daughters were all beautiful; and the youngest was so beau-",
				"tiful that the sun itself, which has seen so much, was astonished",
				"whenever it shone in her face. Close by the king's castle lay a",
				"great dark forest, and under an old lime-tree in the forest was a",
				"well, and when the day was very warm, the king's child went out",
				"into the forest and sat down by the side of the cool fountain; and",
				"when she was bored she took a golden ball, and threw it up on high",
				"and caught it; and this ball was her favorite plaything.",
			},
		},
		{
			chars: 40, pass: 1,
			breaks: []int{15, 31, 49, 69, 89, 107, 127, 149, 167, 185, 203, 221, 239, 257, 263},
			lines: []string{
				"In olden times when wishing still helped",
				"one, there lived a king whose daughters",
				"were all beautiful; and the youngest was",
				"so beautiful that the sun itself, which",
				"has seen so much, was astonished whenever",
				"it shone in her face. Close by the king's",
				"castle lay a great dark forest, and un-",
				"der an old lime-tree in the forest was a",
				"well, and when the day was very warm, the",
				"king's child went out into the forest and",
				"sat down by the side of the cool foun-",
				"tain; and when she was bored she took a",
				"golden ball, and threw it up on high and",
				"caught it; and this ball was her favorite",
				"plaything.",
			},
		},
		{chars: 25},
		{chars: 30},
		{chars: 50},
		{chars: 80},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.chars), func(t *testing.T) {
			p := DefaultParams(float64(tt.chars * charWidth))
			res, err := Break(items, p)
			if err != nil {
				t.Fatal(err)
			}
			got := lineTexts(res, items, texts)
			for i, l := range got {
				t.Logf("%2d %-*s| r=%6.3f", i, tt.chars, l, res.Lines[i].Ratio)
			}
			t.Logf("pass %d, demerits %v, breaks %v", res.Pass, res.Demerits, res.Breaks)
			if tt.breaks != nil && !slices.Equal(res.Breaks, tt.breaks) {
				t.Errorf("breaks %v, want %v", res.Breaks, tt.breaks)
			}
			if tt.lines != nil && !slices.Equal(got, tt.lines) {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			if tt.pass != 0 && res.Pass != tt.pass {
				t.Errorf("pass %d, want %d", res.Pass, tt.pass)
			}
			checkResult(t, items, p, res)
			checkOptimal(t, items, p, res)
		})
	}
}

// checkStructure checks that the breaks of res are legal, increasing, take
// every forced break and end the paragraph, and that its lines start where
// the line model says.
func checkStructure(t *testing.T, items []Item, res Result) {
	t.Helper()
	if len(items) == 0 {
		if len(res.Breaks) != 0 || len(res.Lines) != 0 {
			t.Fatalf("lines for an empty paragraph: %+v", res)
		}
		return
	}
	m := newRefModel(items, Params{})
	if len(res.Breaks) != len(res.Lines) || len(res.Breaks) == 0 {
		t.Fatalf("%d breaks and %d lines", len(res.Breaks), len(res.Lines))
	}
	if last := res.Breaks[len(res.Breaks)-1]; last != m.final {
		t.Fatalf("last break %d, want %d", last, m.final)
	}
	if res.Pass < 1 || res.Pass > 3 {
		t.Fatalf("pass %d", res.Pass)
	}
	prev := -1
	for i, b := range res.Breaks {
		l := res.Lines[i]
		if b <= prev || !m.legal(b) {
			t.Fatalf("break %d at %d after %d is not legal (breaks %v)", i, b, prev, res.Breaks)
		}
		for j := prev + 1; j < b; j++ {
			if m.forced(j) {
				t.Fatalf("line %d runs past the forced break at %d", i, j)
			}
		}
		if l.End != b || l.Start != m.start(prev) || l.Start > l.End {
			t.Fatalf("line %d is %d:%d, want %d:%d", i, l.Start, l.End, m.start(prev), b)
		}
		prev = b
	}
}

// checkOptimal checks that res has the least demerits of any breaks in the
// pass it reports, as found by the reference implementation, and that no
// earlier pass had a solution.
func checkOptimal(t *testing.T, items []Item, p Params, res Result) {
	t.Helper()
	if len(items) == 0 {
		return // no lines, which checkStructure checks
	}
	tols := []float64{p.Tolerance}
	if p.LooseTolerance > p.Tolerance {
		tols = append(tols, p.LooseTolerance)
	}
	tols = append(tols, math.Inf(1))
	for i, tol := range tols {
		pass := i + 1
		if i == len(tols)-1 {
			pass = 3
		}
		d, breaks, ok := refBest(items, p, tol)
		if !ok {
			continue
		}
		if res.Pass != pass {
			t.Fatalf("pass %d, but the reference finds breaks %v with %v demerits in pass %d", res.Pass, breaks, d, pass)
		}
		if !approx(res.Demerits, d) {
			t.Fatalf("demerits %v with breaks %v; reference %v with breaks %v", res.Demerits, res.Breaks, d, breaks)
		}
		for _, l := range res.Lines {
			if l.Overfull {
				t.Fatalf("overfull line %+v though the reference found breaks %v", l, breaks)
			}
		}
		return
	}
	// The reference finds no breaks without overfull lines.
	if res.Pass != 3 {
		t.Fatalf("pass %d, but the reference finds no breaks", res.Pass)
	}
	overfull := false
	for _, l := range res.Lines {
		overfull = overfull || l.Overfull
	}
	if !overfull {
		t.Fatalf("no overfull line in %+v, but the reference finds no breaks without one", res.Lines)
	}
}

func approx(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// checkResult checks the invariants of any result: legal, increasing
// breaks that take every forced break and end the paragraph; lines that
// start where the model says, with the ratios, flags and total demerits
// that their items give; overfull lines only in the emergency pass; and no
// more consecutive hyphens than allowed.
func checkResult(t *testing.T, items []Item, p Params, res Result) {
	t.Helper()
	checkStructure(t, items, res)
	if len(items) == 0 {
		return
	}
	m := newRefModel(items, p)
	limit := max(p.Tolerance, p.LooseTolerance)
	prev, run, fit, total := -1, 0, 1, 0.0
	for i, b := range res.Breaks {
		l := res.Lines[i]
		if want := m.measure(i); l.Width != want {
			t.Fatalf("line %d has width %v, want %v", i, l.Width, want)
		}
		ll := m.line(prev, b)
		r := refRatio(l.Width, ll.w, ll.y, ll.z, ll.fil)
		if !approx(r, l.Ratio) && !(math.IsInf(r, 0) && r == l.Ratio) {
			t.Fatalf("line %d has ratio %v, want %v", i, l.Ratio, r)
		}
		if l.Overfull != (r < -1) || l.Underfull != (r > limit) {
			t.Fatalf("line %d (ratio %v) has overfull %v, underfull %v", i, r, l.Overfull, l.Underfull)
		}
		if res.Pass < 3 && (l.Overfull || l.Underfull) {
			t.Fatalf("line %d is overfull or underfull in pass %d", i, res.Pass)
		}
		if m.flagged(b) {
			run++
		} else {
			run = 0
		}
		if p.MaxConsecutiveHyphens > 0 && run > p.MaxConsecutiveHyphens && !m.forced(b) {
			t.Fatalf("line %d is the %dth hyphenated line in a row", i, run)
		}
		total += m.demerits(b, r, fit, i > 0 && m.flagged(prev))
		fit = refFitness(r)
		prev = b
	}
	if !approx(total, res.Demerits) {
		t.Fatalf("lines add up to %v demerits, result says %v", total, res.Demerits)
	}
}

// checkOverfull checks that an overfull line could not have been avoided by
// breaking it earlier: every legal break inside it is a hyphenation point,
// which the hyphen limit may forbid, or a penalty whose own width would
// make the shorter line overfull too. It assumes one line width.
func checkOverfull(t *testing.T, items []Item, p Params, res Result) {
	t.Helper()
	m := newRefModel(items, p)
	prev := -1
	for i, l := range res.Lines {
		if l.Overfull {
			for k := l.Start + 1; k < l.End; k++ {
				if !m.legal(k) || m.flagged(k) {
					continue
				}
				ll := m.line(prev, k)
				if r := refRatio(p.Width, ll.w, ll.y, ll.z, ll.fil); r >= -1 {
					t.Fatalf("overfull line %d (%d:%d) could have broken at %d with ratio %v", i, l.Start, l.End, k, r)
				}
			}
		}
		prev = l.End
	}
}

// randomParagraph returns a paragraph of about the given number of words,
// with syllables of 1 to 8 units, hyphenation points, interword glue that
// shrinks by no more than its width, occasional penalties, forced breaks and
// very wide words, and, at random, the usual ending.
func randomParagraph(rng *rand.Rand, words int) []Item {
	var items []Item
	for i := range words {
		if i > 0 {
			switch rng.IntN(30) {
			case 0:
				items = append(items, Penalty(0, float64(rng.IntN(301)-100), false))
			case 1:
				items = append(items, Penalty(0, Infinity, false), Glue(0, math.Inf(1), 0), Penalty(0, -Infinity, rng.IntN(2) == 0))
				continue
			case 2:
				items = append(items, Penalty(0, Infinity, false)) // a tie
			}
			w := float64(2 + rng.IntN(3))
			items = append(items, Glue(w, float64(1+rng.IntN(2)), float64(rng.IntN(int(w)))))
		}
		if rng.IntN(80) == 0 {
			items = append(items, Box(float64(30+rng.IntN(60))))
			continue
		}
		syllables := 1 + rng.IntN(3)
		for s := range syllables {
			if s > 0 {
				items = append(items, Penalty(float64(rng.IntN(2)), float64(50*rng.IntN(3)), true))
			}
			items = append(items, Box(float64(1+rng.IntN(8))))
		}
	}
	switch rng.IntN(6) {
	case 0:
		// No ending: the last line must be full.
	case 1:
		items = append(items, Glue(0, 100, 0))
	default:
		items = append(items, Penalty(0, Infinity, false), Glue(0, math.Inf(1), 0), Penalty(0, -Infinity, rng.IntN(2) == 0))
	}
	return items
}

func randomParams(rng *rand.Rand) Params {
	p := DefaultParams(float64(15 + rng.IntN(60)))
	p.Tolerance = []float64{0.5, 1, 2}[rng.IntN(3)]
	p.LooseTolerance = []float64{0, 3, 10}[rng.IntN(3)]
	p.LinePenalty = []float64{0, 10, 50}[rng.IntN(3)]
	p.FlaggedDemerits = []float64{0, 3000}[rng.IntN(2)]
	p.FitnessDemerits = []float64{0, 100}[rng.IntN(2)]
	p.MaxConsecutiveHyphens = rng.IntN(4)
	return p
}

// TestRandom checks random paragraphs against the reference implementation.
func TestRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	count := 1000
	if testing.Short() {
		count = 100
	}
	passes := [4]int{}
	for i := range count {
		items := randomParagraph(rng, 1+rng.IntN(50))
		p := randomParams(rng)
		switch i % 4 {
		case 0: // lines of three widths in turn
			widths := []float64{p.Width, p.Width * 0.6, p.Width * 1.3}
			p.LineWidth = func(line int) float64 { return widths[line%3] }
		case 1: // a few shaped lines, then the full width
			p.ShapedLines = 1 + rng.IntN(3)
			widths := []float64{p.Width * 0.5, p.Width * 0.8, p.Width * 1.1}
			p.LineWidth = func(line int) float64 { return widths[line] }
		}
		res, err := Break(items, p)
		if err != nil {
			t.Fatalf("paragraph %d: %v", i, err)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkResult(t, items, p, res)
			checkOptimal(t, items, p, res)
			if p.LineWidth == nil {
				checkOverfull(t, items, p, res)
			}
		})
		passes[res.Pass]++
	}
	t.Logf("paragraphs broken in passes 1, 2 and 3: %v", passes[1:])
	for pass, n := range passes[1:] {
		if n == 0 {
			t.Errorf("no paragraph broken in pass %d", pass+1)
		}
	}
}

// TestBreakerReuse checks that one Breaker, breaking random paragraphs of
// all sizes one after another (with invalid ones among them), gives what
// Break gives each on its own.
func TestBreakerReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var br Breaker
	for i := range 300 {
		n := 1 + rng.IntN(60)
		if i%7 == 0 {
			n = 1 + rng.IntN(3) // short after long: stale memory would show
		}
		items := randomParagraph(rng, n)
		p := randomParams(rng)
		if i%3 == 0 {
			widths := []float64{p.Width * 0.7, p.Width}
			p.LineWidth = func(line int) float64 { return widths[min(line, 1)] }
			p.ShapedLines = 1
		}
		if i%11 == 5 {
			items[rng.IntN(len(items))] = Box(math.NaN())
		}
		want, wantErr := Break(items, p)
		got, err := br.Break(items, p)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("paragraph %d: the reused Breaker gave %+v, %v; Break gave %+v, %v", i, got, err, want, wantErr)
		}
	}
}

// TestBruteForce checks the reference implementation against an exhaustive
// search, and Break against both, on tiny paragraphs.
func TestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 500 {
		items := randomParagraph(rng, 1+rng.IntN(8))
		p := randomParams(rng)
		p.Width = float64(5 + rng.IntN(20))
		for _, tol := range []float64{p.Tolerance, math.Inf(1)} {
			want, wantOK := bruteBest(items, p, tol)
			got, breaks, ok := refBest(items, p, tol)
			if ok != wantOK || ok && !approx(got, want) {
				t.Fatalf("paragraph %d, tolerance %v: reference %v (%v, %v), exhaustive %v (%v)", i, tol, got, ok, breaks, want, wantOK)
			}
		}
		res, err := Break(items, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, items, p, res)
		checkOptimal(t, items, p, res)
		checkOverfull(t, items, p, res)
	}
}

func TestLineWidth(t *testing.T) {
	items, texts := paragraph(frogKing)
	// Two short lines beside a figure, then the full measure.
	p := DefaultParams(50 * charWidth)
	p.ShapedLines = 2
	p.LineWidth = func(line int) float64 {
		if line >= 2 {
			t.Errorf("LineWidth(%d) called with ShapedLines 2", line)
		}
		return 30 * charWidth
	}
	res, err := Break(items, p)
	if err != nil {
		t.Fatal(err)
	}
	// The same shape given by LineWidth alone.
	p2 := DefaultParams(0)
	p2.LineWidth = func(line int) float64 {
		if line < 2 {
			return 30 * charWidth
		}
		return 50 * charWidth
	}
	res2, err := Break(items, p2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Breaks, res2.Breaks) || res.Demerits != res2.Demerits {
		t.Errorf("with ShapedLines: breaks %v, demerits %v; without: %v, %v", res.Breaks, res.Demerits, res2.Breaks, res2.Demerits)
	}
	lines := lineTexts(res, items, texts)
	for i, l := range lines {
		t.Logf("%2d %s", i, l)
		if want := p2.LineWidth(i); res.Lines[i].Width != want {
			t.Errorf("line %d has width %v, want %v", i, res.Lines[i].Width, want)
		}
	}
	if n := len([]rune(lines[0])); n > 31 {
		t.Errorf("first line has %d characters", n)
	}
	checkResult(t, items, p, res)
	checkOptimal(t, items, p, res)

	calls := 0
	p.ShapedLines = 0
	p.LineWidth = func(line int) float64 {
		calls++
		if line == 3 {
			return math.NaN()
		}
		return 40 * charWidth
	}
	if _, err := Break(items, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("NaN line width: error %v, want ErrInvalid", err)
	}
	if calls > 4 {
		t.Errorf("LineWidth called %d times; want each line once", calls)
	}
}

// TestHyphenLimit breaks paragraphs whose only breaks are hyphenation
// points, each making a perfect line.
func TestHyphenLimit(t *testing.T) {
	hyphenated := func(syllables int, flaggedEnd bool) []Item {
		var items []Item
		for i := range syllables {
			if i > 0 {
				items = append(items, Penalty(1, 50, true))
			}
			items = append(items, Box(9))
		}
		return append(items, Penalty(0, Infinity, false), Glue(0, math.Inf(1), 0), Penalty(0, -Infinity, flaggedEnd))
	}
	tests := []struct {
		syllables  int
		flaggedEnd bool
		limit      int
		pass       int // 3 if the limit forces overfull lines
	}{
		{8, false, 0, 1},
		{8, true, 0, 1},
		{8, false, 1, 3},
		{8, false, 2, 3},
		{8, true, 3, 3},
		// The flagged end of the paragraph is not a hyphen: it may
		// follow the limit's worth of hyphenated lines.
		{3, true, 2, 1},
		{3, false, 2, 1},
		{4, true, 2, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.syllables, tt.flaggedEnd, tt.limit), func(t *testing.T) {
			items := hyphenated(tt.syllables, tt.flaggedEnd)
			p := DefaultParams(10)
			p.MaxConsecutiveHyphens = tt.limit
			res, err := Break(items, p)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, items, p, res) // checks the limit
			checkOptimal(t, items, p, res)
			checkOverfull(t, items, p, res)
			overfull := 0
			for _, l := range res.Lines {
				if l.Overfull {
					overfull++
				}
			}
			if res.Pass != tt.pass || (overfull > 0) != (tt.pass == 3) {
				t.Errorf("pass %d with %d overfull lines, want pass %d", res.Pass, overfull, tt.pass)
			}
			if tt.pass == 1 && len(res.Lines) != tt.syllables {
				t.Errorf("%d lines, want %d", len(res.Lines), tt.syllables)
			}
		})
	}
}

func TestEmergency(t *testing.T) {
	url := "https://example.com/an/unbreakable/path/that/is/far/too/long/for/the/line"
	text := "See the page at " + url + " for more about it and about other things."
	items, texts := paragraph(text)
	p := DefaultParams(30 * charWidth)
	res, err := Break(items, p)
	if err != nil {
		t.Fatal(err)
	}
	lines := lineTexts(res, items, texts)
	for i, l := range lines {
		t.Logf("%2d %-30s| r=%v overfull=%v underfull=%v", i, l, res.Lines[i].Ratio, res.Lines[i].Overfull, res.Lines[i].Underfull)
	}
	if res.Pass != 3 {
		t.Errorf("pass %d, want 3", res.Pass)
	}
	for i, l := range res.Lines {
		if l.Overfull != (lines[i] == url) {
			t.Errorf("line %d %q: overfull %v", i, lines[i], l.Overfull)
		}
	}
	checkResult(t, items, p, res)
	checkOptimal(t, items, p, res)
	checkOverfull(t, items, p, res)
}

func TestEdgeCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name  string
		items []Item
		lines int  // want this many lines, if not negative
		bad   bool // want ErrInvalid
	}{
		{name: "empty", items: nil, lines: 0},
		{name: "one box", items: []Item{Box(5)}, lines: 1},
		{name: "box wider than the line", items: []Item{Box(50)}, lines: 1},
		{name: "wide box among others", items: []Item{Box(3), Glue(1, 1, 0), Box(50), Glue(1, 1, 0), Box(3)}, lines: 3},
		{name: "glue only", items: []Item{Glue(1, 1, 1), Glue(2, 0, 0)}, lines: 1},
		{name: "penalty only", items: []Item{Penalty(0, 0, false)}, lines: 1},
		{name: "forced breaks only", items: []Item{Penalty(0, -Infinity, false), Penalty(0, -inf, false)}, lines: 2},
		{name: "forced break first", items: []Item{Penalty(0, -Infinity, false), Box(5)}, lines: 2},
		{name: "zero widths", items: []Item{Box(0), Glue(0, 0, 0), Box(0), Penalty(0, 0, true)}, lines: 1},
		{name: "negative widths", items: []Item{Box(-5), Glue(-1, -1, -1), Box(30), Penalty(-3, -20, true), Box(-8), Glue(1, 1, 5), Box(2)}, lines: -1},
		{name: "infinite penalties", items: []Item{Box(4), Penalty(0, inf, false), Glue(1, 1, 0), Box(4), Penalty(0, -inf, false)}, lines: 1},
		{name: "no breaks", items: []Item{Box(8), Box(8), Box(8)}, lines: 1},
		{name: "NaN box", items: []Item{Box(nan)}, bad: true},
		{name: "infinite box", items: []Item{Box(inf)}, bad: true},
		{name: "NaN glue", items: []Item{Box(1), Glue(1, nan, 0)}, bad: true},
		{name: "negative infinite stretch", items: []Item{Box(1), Glue(1, -inf, 0)}, bad: true},
		{name: "infinite shrink", items: []Item{Box(1), Glue(1, 1, inf)}, bad: true},
		{name: "NaN penalty", items: []Item{Box(1), Penalty(0, nan, false)}, bad: true},
		{name: "NaN penalty width", items: []Item{Box(1), Penalty(nan, 0, false)}, bad: true},
		{name: "unknown kind", items: []Item{{Kind: 7}}, bad: true},
		{name: "overflowing sum", items: []Item{Box(math.MaxFloat64), Box(math.MaxFloat64)}, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams(10)
			res, err := Break(tt.items, p)
			if tt.bad {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("error %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.lines >= 0 && len(res.Lines) != tt.lines {
				t.Errorf("%d lines, want %d: %+v", len(res.Lines), tt.lines, res.Lines)
			}
			checkResult(t, tt.items, p, res)
		})
	}
}

func TestBadParams(t *testing.T) {
	items, _ := paragraph("Some words.")
	nan := math.NaN()
	for _, tt := range []struct {
		name string
		edit func(*Params)
	}{
		{"zero width", func(p *Params) { p.Width = 0 }},
		{"negative width", func(p *Params) { p.Width = -10 }},
		{"NaN width", func(p *Params) { p.Width = nan }},
		{"infinite width", func(p *Params) { p.Width = math.Inf(1) }},
		{"negative tolerance", func(p *Params) { p.Tolerance = -1 }},
		{"NaN tolerance", func(p *Params) { p.Tolerance = nan }},
		{"NaN loose tolerance", func(p *Params) { p.LooseTolerance = nan }},
		{"NaN line penalty", func(p *Params) { p.LinePenalty = nan }},
		{"infinite flagged demerits", func(p *Params) { p.FlaggedDemerits = math.Inf(1) }},
		{"NaN fitness demerits", func(p *Params) { p.FitnessDemerits = nan }},
		{"zero line width", func(p *Params) { p.LineWidth = func(int) float64 { return 0 } }},
		{"negative line width", func(p *Params) { p.LineWidth = func(int) float64 { return -1 } }},
		{"infinite line width", func(p *Params) { p.LineWidth = func(int) float64 { return math.Inf(1) } }},
		{"zero width after shaped lines", func(p *Params) {
			p.LineWidth = func(int) float64 { return 10 }
			p.ShapedLines = 1
			p.Width = 0
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams(60)
			tt.edit(&p)
			if _, err := Break(items, p); !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid", err)
			}
		})
	}

	// The zero Params, with a width, asks for perfect lines only and so
	// ends up in the emergency pass, but works.
	res, err := Break(items, Params{Width: 60})
	if err != nil || len(res.Lines) == 0 {
		t.Errorf("zero Params: %+v, %v", res, err)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{BoxItem: "box", GlueItem: "glue", PenaltyItem: "penalty", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func BenchmarkBreak(b *testing.B) {
	items, _ := paragraph(frogKing + frogKingMore)
	for _, chars := range []int{40, 65} {
		b.Run(fmt.Sprintf("%ditems/%dchars", len(items), chars), func(b *testing.B) {
			p := DefaultParams(float64(chars * charWidth))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Break(items, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
