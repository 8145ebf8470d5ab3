// Package linebreak breaks paragraphs into lines with the total-fit
// algorithm of Knuth and Plass ("Breaking Paragraphs into Lines",
// Software—Practice and Experience 11, 1981), the algorithm behind TeX's
// line breaking.
//
// A paragraph is a sequence of items: boxes (material of fixed width, such
// as a word or a syllable), glue (space that may stretch or shrink) and
// penalties (possible break points with a cost, such as a hyphenation point).
// Break chooses the break points that minimize the total demerits of the
// paragraph, a measure of how badly its lines are stretched or shrunk, how
// many hyphens it has and how abruptly the spacing changes from one line to
// the next.
//
// # The line model
//
// A break may occur only at a glue item that immediately follows a box, or
// at a penalty whose value is less than Infinity; a penalty of -Infinity or
// less forces a break. If the last item is not a forced break, the end of
// the paragraph acts as one, at index len(items).
//
// A line that ends with a break at index b and follows a break at index a
// consists of the items from the line's start up to, but not including, b,
// plus the width of b itself if b is a penalty (the hyphen of a hyphenated
// word, for instance). The first line starts at item 0; later lines start at
// the first box or forced break after a, so the glue and penalties that
// follow a break vanish, as they do in TeX. Penalties contribute no width
// unless the line ends at them.
//
// The adjustment ratio r of a line whose natural width is w, whose total
// stretch and shrink are y and z, and which must fill the measure l is
// (l−w)/y when w < l and (l−w)/z when w > l; it is 0 when w = l, +Inf when
// w < l and y ≤ 0, and −Inf when w > l and z ≤ 0. Glue whose stretch is
// +Inf (TeX's fil glue, as in the glue that ends a paragraph) absorbs any
// shortfall, so a line that contains it has ratio 0 unless it must shrink.
// A line may shrink no further than r = −1; a line with r < −1 is overfull.
//
// # Demerits
//
// The badness of a line is 100|r|³, capped at Infinity. A line of badness β
// that ends at a penalty of value π costs (LinePenalty+β)² + π² demerits when
// π ≥ 0, (LinePenalty+β)² − π² when −Infinity < π < 0, and (LinePenalty+β)²
// for a forced break; a break at glue counts as π = 0. To this are added
// FlaggedDemerits when the line and the line before it both end at flagged
// penalties (consecutive hyphenated lines) and FitnessDemerits when the
// fitness classes of the two lines are not adjacent. The fitness classes are
// those of the paper: tight (r < −0.5), decent (−0.5 ≤ r ≤ 0.5), loose
// (0.5 < r ≤ 1) and very loose (r > 1); the paragraph starts as if after a
// decent line.
//
// # Passes
//
// Break first looks for the best breaks among lines whose ratio lies in
// [−1, Tolerance]. If there are none, it tries again with LooseTolerance, like
// TeX's \pretolerance and \tolerance. If that fails too, an emergency pass
// accepts lines of any looseness and, where nothing else is possible, lets a
// line run overfull, as TeX does with overfull boxes; such lines are marked
// in the result so that the caller can report them.
//
// Break runs in time proportional to the number of items times the number of
// active break candidates, which for ordinary paragraphs is a small constant.
// Like Knuth and Plass, it stops considering a line once the line is too wide
// even when shrunk, which assumes that lines only get wider as items are
// added: no negative widths and no glue that shrinks by more than its width.
// Items that break this rule are allowed, and the breaks are still legal, but
// may not be the best.
package linebreak

import (
	"errors"
	"fmt"
	"math"
)

// Infinity is the penalty that Knuth and Plass (and TeX) treat as infinite.
// A penalty of Infinity or more forbids a break; a penalty of -Infinity or
// less forces one. Infinity is also the largest badness a line can have.
const Infinity = 10000

// Kind tells boxes, glue and penalties apart.
type Kind uint8

// The kinds of items.
const (
	BoxItem     Kind = iota // material of fixed width
	GlueItem                // space that can stretch and shrink
	PenaltyItem             // a possible break point with a cost
)

// String returns the name of the kind: "box", "glue" or "penalty".
func (k Kind) String() string {
	switch k {
	case BoxItem:
		return "box"
	case GlueItem:
		return "glue"
	case PenaltyItem:
		return "penalty"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// An Item is a box, a piece of glue or a penalty. Widths are in any unit, as
// long as all items and line widths use the same one.
type Item struct {
	Kind Kind

	// Width is the natural width of a box or glue, or, for a penalty, the
	// width of the material typeset at the end of a line that breaks there,
	// such as a hyphen.
	Width float64

	// Stretch and Shrink are the amounts by which glue may grow and
	// shrink. Stretch may be math.Inf(1) for glue that absorbs any
	// shortfall, such as the glue that fills the last line of a paragraph.
	// They are ignored for boxes and penalties.
	Stretch, Shrink float64

	// Penalty is the cost of breaking at a penalty item: Infinity or more
	// forbids the break, -Infinity or less forces it. It is ignored for
	// boxes and glue.
	Penalty float64

	// Flagged marks a penalty whose break inserts a hyphen; consecutive
	// flagged breaks cost Params.FlaggedDemerits and are limited by
	// Params.MaxConsecutiveHyphens.
	Flagged bool
}

// Box returns a box of the given width.
func Box(width float64) Item {
	return Item{Kind: BoxItem, Width: width}
}

// Glue returns glue of the given natural width, stretch and shrink.
func Glue(width, stretch, shrink float64) Item {
	return Item{Kind: GlueItem, Width: width, Stretch: stretch, Shrink: shrink}
}

// Penalty returns a penalty item: a break costing penalty that adds width to
// the line it ends, and is a hyphenation point if flagged is set.
func Penalty(width, penalty float64, flagged bool) Item {
	return Item{Kind: PenaltyItem, Width: width, Penalty: penalty, Flagged: flagged}
}

// Params controls Break. DefaultParams returns the usual values; the zero
// value is valid but asks for perfectly set lines only.
type Params struct {
	// Width is the width of the lines that LineWidth does not give.
	Width float64

	// LineWidth, when not nil, gives the width of lines by their
	// zero-based number, for indented lines or text flowing around a
	// figure: of the first ShapedLines lines if ShapedLines is positive,
	// and of every line otherwise. It must return a positive finite width
	// for every line it is asked about, and the same width for the same
	// line every time; it is called at most once per line.
	LineWidth func(line int) float64

	// ShapedLines, if positive, is the number of lines whose widths
	// LineWidth gives; all later lines have Width, as after TeX's
	// \parshape or \hangafter. Lines of the same width being
	// interchangeable, Break can then treat alike two ways of reaching a
	// break with different numbers of lines beyond ShapedLines. Without
	// that, the emergency pass over a long paragraph may take time
	// proportional to the cube of its length rather than to its length.
	ShapedLines int

	// Tolerance is the largest adjustment ratio allowed in the first pass.
	Tolerance float64

	// LooseTolerance is the largest adjustment ratio allowed in the second
	// pass, which runs only if the first finds no feasible breaks and
	// LooseTolerance exceeds Tolerance.
	LooseTolerance float64

	// LinePenalty is added to the badness of every line before squaring,
	// so that paragraphs with fewer lines are preferred.
	LinePenalty float64

	// FlaggedDemerits is added for two consecutive lines that both end at
	// a flagged penalty.
	FlaggedDemerits float64

	// FitnessDemerits is added for two consecutive lines whose fitness
	// classes are not adjacent, such as a tight line next to a loose one.
	FitnessDemerits float64

	// MaxConsecutiveHyphens is the largest number of consecutive lines
	// that may end at flagged penalties; a value of zero or less means no
	// limit. The limit holds in every pass: rather than break at a
	// forbidden hyphenation point, the emergency pass lets a line run
	// overfull. It does not apply to forced breaks, so a flagged forced
	// break at the end of a paragraph, as in Knuth and Plass, merely adds
	// FlaggedDemerits when the line before the last one is hyphenated.
	MaxConsecutiveHyphens int
}

// DefaultParams returns parameters for lines of the given width with the
// values of Knuth and Plass: tolerances of 1 and 2, a line penalty of 10,
// 3000 flagged demerits and 100 fitness demerits, and at most two hyphenated
// lines in a row.
func DefaultParams(width float64) Params {
	return Params{
		Width:                 width,
		Tolerance:             1,
		LooseTolerance:        2,
		LinePenalty:           10,
		FlaggedDemerits:       3000,
		FitnessDemerits:       100,
		MaxConsecutiveHyphens: 2,
	}
}

// A Line describes one line of a broken paragraph.
type Line struct {
	// Start and End delimit the line's items, items[Start:End]; if the
	// line ends at a penalty, the penalty's width belongs to the line too.
	// End is the index of the break that ends the line, len(items) for
	// the implicit break at the end of a paragraph.
	Start, End int

	// Width is the width the line must fill.
	Width float64

	// Ratio is the line's adjustment ratio: the fraction of its total
	// stretch (when positive) or shrink (when negative) by which its glue
	// must change to fill Width. It is 0 for a line that contains glue of
	// infinite stretch and is not too wide, and may be ±Inf.
	Ratio float64

	// Overfull reports that the line is too wide even with its glue
	// shrunk as far as it goes (Ratio < -1). Only the emergency pass
	// produces overfull lines.
	Overfull bool

	// Underfull reports that the line had to stretch more than the larger
	// of Params.Tolerance and Params.LooseTolerance allow. Only the
	// emergency pass produces underfull lines.
	Underfull bool
}

// A Result is the outcome of Break.
type Result struct {
	// Breaks holds the index of the item at which each line ends, in
	// increasing order; see Line.End.
	Breaks []int

	// Lines describes each line.
	Lines []Line

	// Demerits is the total demerits of the chosen breaks.
	Demerits float64

	// Pass is 1 if the first pass succeeded, 2 if the second did, and 3
	// for the emergency pass, whose lines may be overfull or underfull.
	Pass int
}

// ErrInvalid is returned, wrapped in a more specific message, for items or
// parameters that Break cannot work with, such as NaN widths or a line width
// that is not positive.
var ErrInvalid = errors.New("invalid input")

// Break chooses where to break the paragraph made of items into lines of
// the widths given by p, minimizing the total demerits. It returns an error
// wrapping ErrInvalid if an item has a NaN or infinite width, stretch or
// shrink (other than infinite stretch), a NaN penalty, or if a parameter or
// line width is unusable. An empty paragraph has no lines.
func Break(items []Item, p Params) (Result, error) {
	return new(Breaker).Break(items, p)
}

// A Breaker breaks paragraphs one after another, keeping its working
// memory from one to the next: a typesetter that sets thousands of
// paragraphs allocates it once. The zero Breaker is ready for use. A
// Breaker must not be used by two goroutines at once; the Result it
// returns shares nothing with it.
type Breaker struct {
	b breaker
}

// Break is the function Break, with the Breaker's memory.
func (br *Breaker) Break(items []Item, p Params) (Result, error) {
	if err := checkParams(&p); err != nil {
		return Result{}, err
	}
	if len(items) == 0 {
		return Result{Pass: 1}, nil
	}
	b := &br.b
	b.reset(items, p)
	defer b.reset(nil, Params{}) // hold on to no caller's items
	if err := b.prepare(); err != nil {
		return Result{}, err
	}
	passes := []float64{p.Tolerance}
	if p.LooseTolerance > p.Tolerance {
		passes = append(passes, p.LooseTolerance)
	}
	passes = append(passes, math.Inf(1))
	for i, tol := range passes {
		emergency := i == len(passes)-1
		best := b.run(tol, emergency)
		if b.err != nil {
			return Result{}, b.err
		}
		if best >= 0 {
			pass := i + 1
			if emergency {
				pass = 3
			}
			return b.result(best, pass), nil
		}
	}
	// Not reached: the emergency pass always finds breaks.
	return Result{}, errors.New("linebreak: no breaks found")
}

func checkParams(p *Params) error {
	if (p.LineWidth == nil || p.ShapedLines > 0) && !(p.Width > 0 && !math.IsInf(p.Width, 1)) {
		return fmt.Errorf("linebreak: line width %v: %w", p.Width, ErrInvalid)
	}
	if math.IsNaN(p.Tolerance) || p.Tolerance < 0 {
		return fmt.Errorf("linebreak: tolerance %v: %w", p.Tolerance, ErrInvalid)
	}
	if math.IsNaN(p.LooseTolerance) {
		return fmt.Errorf("linebreak: loose tolerance %v: %w", p.LooseTolerance, ErrInvalid)
	}
	for _, d := range [...]struct {
		name string
		v    float64
	}{
		{"line penalty", p.LinePenalty},
		{"flagged demerits", p.FlaggedDemerits},
		{"fitness demerits", p.FitnessDemerits},
	} {
		if math.IsNaN(d.v) || math.IsInf(d.v, 0) {
			return fmt.Errorf("linebreak: %s %v: %w", d.name, d.v, ErrInvalid)
		}
	}
	return nil
}

// A node is a feasible break: an active node while lines may still start
// there, and a link in the chain of best breaks for the final result.
type node struct {
	pos     int32   // index of the break, -1 for the start of the paragraph
	start   int32   // index of the first item of the next line
	line    int32   // number of lines that end at or before this break
	prev    int32   // index of the previous break in breaker.nodes, or -1
	run     int32   // number of consecutive flagged breaks ending here
	fitness int8    // fitness class of the line ending here
	total   float64 // total demerits of the best paragraph up to here
	ratio   float64 // adjustment ratio of the line ending here
}

// A candidate is the best way found so far to reach the current break in a
// given state, the state being everything that affects later lines.
type candidate struct {
	from    int32 // the node the line starts after
	line    int32
	run     int32
	fitness int8
	total   float64
	ratio   float64
}

type breaker struct {
	items []Item
	p     Params
	err   error

	// Prefix sums over items[:i] of the widths of boxes and glue, and of
	// the finite stretch, the infinite stretches and the shrink of glue.
	width, stretch, shrink []float64
	fil                    []int32

	// next[i] is the index of the first box or forced break at or after
	// i, or len(items); a line after a break at b starts at next[b+1].
	next []int32

	breaks   []int32   // legal breaks in order, ending with the final one
	measures []float64 // line widths by line number, when LineWidth is set
	maxRun   int32     // largest run of flagged breaks, 0 for no limit
	runCap   int32     // runs are tracked up to this value
	lineCap  int32     // line numbers are told apart up to this one, -1 for all

	nodes  []node
	active []int32
	cands  []candidate
}

// reset readies the breaker for items, keeping the memory of its slices.
func (b *breaker) reset(items []Item, p Params) {
	b.items, b.p, b.err = items, p, nil
	b.breaks, b.measures = b.breaks[:0], b.measures[:0]
	b.nodes, b.active, b.cands = b.nodes[:0], b.active[:0], b.cands[:0]
}

// sized returns s with length n, reusing its memory when it has room. The
// elements are not cleared.
func sized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (b *breaker) prepare() error {
	items := b.items
	n := len(items)
	b.width = sized(b.width, n+1)
	b.stretch = sized(b.stretch, n+1)
	b.shrink = sized(b.shrink, n+1)
	b.fil = sized(b.fil, n+1)
	b.next = sized(b.next, n+1)
	b.width[0], b.stretch[0], b.shrink[0], b.fil[0] = 0, 0, 0, 0
	var w, y, z, abs float64
	var fil int32
	for i, it := range items {
		switch it.Kind {
		case BoxItem:
			if !finite(it.Width) {
				return fmt.Errorf("linebreak: item %d: box width %v: %w", i, it.Width, ErrInvalid)
			}
			w += it.Width
			abs += math.Abs(it.Width)
		case GlueItem:
			if !finite(it.Width) || !finite(it.Shrink) || math.IsNaN(it.Stretch) || math.IsInf(it.Stretch, -1) {
				return fmt.Errorf("linebreak: item %d: glue %v%+v%+v: %w", i, it.Width, it.Stretch, -it.Shrink, ErrInvalid)
			}
			w += it.Width
			z += it.Shrink
			abs += math.Abs(it.Width) + math.Abs(it.Shrink)
			if math.IsInf(it.Stretch, 1) {
				fil++
			} else {
				y += it.Stretch
				abs += math.Abs(it.Stretch)
			}
		case PenaltyItem:
			if !finite(it.Width) || math.IsNaN(it.Penalty) {
				return fmt.Errorf("linebreak: item %d: penalty %v of width %v: %w", i, it.Penalty, it.Width, ErrInvalid)
			}
			abs += math.Abs(it.Width)
		default:
			return fmt.Errorf("linebreak: item %d: %v: %w", i, it.Kind, ErrInvalid)
		}
		b.width[i+1], b.stretch[i+1], b.shrink[i+1], b.fil[i+1] = w, y, z, fil
	}
	// With the absolute values summing to a finite number, no difference
	// of prefix sums can overflow.
	if !finite(abs) || n >= math.MaxInt32 {
		return fmt.Errorf("linebreak: items too large: %w", ErrInvalid)
	}

	b.next[n] = int32(n)
	for i := n - 1; i >= 0; i-- {
		if it := items[i]; it.Kind == BoxItem || it.Kind == PenaltyItem && it.Penalty <= -Infinity {
			b.next[i] = int32(i)
		} else {
			b.next[i] = b.next[i+1]
		}
	}

	for i, it := range items {
		switch it.Kind {
		case GlueItem:
			if i > 0 && items[i-1].Kind == BoxItem {
				b.breaks = append(b.breaks, int32(i))
			}
		case PenaltyItem:
			if it.Penalty < Infinity {
				b.breaks = append(b.breaks, int32(i))
			}
		}
	}
	if last := items[n-1]; last.Kind != PenaltyItem || last.Penalty > -Infinity {
		b.breaks = append(b.breaks, int32(n))
	}

	b.maxRun = int32(max(0, min(b.p.MaxConsecutiveHyphens, math.MaxInt32)))
	b.runCap = max(b.maxRun, 1)
	switch {
	case b.p.LineWidth == nil:
		b.lineCap = 0 // all lines have one width
	case b.p.ShapedLines > 0:
		b.lineCap = int32(min(b.p.ShapedLines, math.MaxInt32))
	default:
		b.lineCap = -1
	}
	if want := 2*len(b.breaks) + 1; cap(b.nodes) < want {
		b.nodes = make([]node, 0, want)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// measure returns the width of the line with the given number.
func (b *breaker) measure(line int32) float64 {
	if b.p.LineWidth == nil || b.lineCap > 0 && line >= b.lineCap {
		return b.p.Width
	}
	for int(line) >= len(b.measures) {
		l := len(b.measures)
		w := b.p.LineWidth(l)
		if !(w > 0) || math.IsInf(w, 1) {
			if b.err == nil {
				b.err = fmt.Errorf("linebreak: width %v of line %d: %w", w, l, ErrInvalid)
			}
			w = 1
		}
		b.measures = append(b.measures, w)
	}
	return b.measures[line]
}

// ratio returns the adjustment ratio of a line of natural width w, finite
// stretch y and shrink z that must fill l; fil reports infinite stretch.
func ratio(l, w, y, z float64, fil bool) float64 {
	switch {
	case w < l:
		if fil {
			return 0
		}
		if y > 0 {
			return (l - w) / y
		}
		return math.Inf(1)
	case w > l:
		if z > 0 {
			return (l - w) / z
		}
		return math.Inf(-1)
	}
	return 0
}

// fitness returns the fitness class of a line: 0 tight, 1 decent, 2 loose,
// 3 very loose.
func fitness(r float64) int8 {
	switch {
	case r < -0.5:
		return 0
	case r <= 0.5:
		return 1
	case r <= 1:
		return 2
	}
	return 3
}

// badness returns 100|r|³, capped at Infinity.
func badness(r float64) float64 {
	r = math.Abs(r)
	if r >= 5 { // 100·5³ > Infinity; avoids overflow for huge r
		return Infinity
	}
	return min(100*r*r*r, Infinity)
}

// run makes one pass over the paragraph, admitting lines whose adjustment
// ratio is at most tol. It returns the node of the best final break, or -1
// if there is no feasible set of breaks. In the emergency pass it never
// fails: rather than lose its last active node it lets a line run overfull.
func (b *breaker) run(tol float64, emergency bool) int32 {
	items, n := b.items, int32(len(b.items))
	b.nodes = append(b.nodes[:0], node{pos: -1, prev: -1, fitness: 1})
	b.active = append(b.active[:0], 0)

	for _, bp := range b.breaks {
		var pw, pen float64
		var flagged bool
		forced := true
		if bp < n {
			it := &items[bp]
			if it.Kind == PenaltyItem {
				pw, pen, flagged = it.Width, max(it.Penalty, -Infinity), it.Flagged
			}
			forced = pen <= -Infinity
		}
		w0, y0, z0, f0 := b.width[bp], b.stretch[bp], b.shrink[bp], b.fil[bp]

		b.cands = b.cands[:0]
		keep := b.active[:0]
		last := len(b.active) - 1
		for i, ai := range b.active {
			a := &b.nodes[ai]
			if bp < a.start {
				// bp lies among the glue and penalties discarded
				// after a; no line from a can end there.
				keep = append(keep, ai)
				continue
			}
			l := b.measure(a.line)
			w, y, z := w0-b.width[a.start], y0-b.stretch[a.start], z0-b.shrink[a.start]
			fil := f0 > b.fil[a.start]
			r := ratio(l, w+pw, y, z, fil)
			allowed := !flagged || forced || b.maxRun == 0 || a.run < b.maxRun
			if allowed && r >= -1 && r <= tol {
				b.consider(ai, r, pen, flagged)
			}
			// A line from a that is too wide without the penalty's
			// width only gets wider, so a is done at a forced break
			// or once it is overfull.
			if !forced && ratio(l, w, y, z, fil) >= -1 {
				keep = append(keep, ai)
				continue
			}
			if emergency && i == last && len(keep) == 0 && len(b.cands) == 0 {
				// Nothing else is left: break here anyway with an
				// overfull line, unless the hyphen limit forbids a
				// break here; then wait for a later break.
				if allowed {
					b.consider(ai, r, pen, flagged)
				} else {
					keep = append(keep, ai)
				}
			}
		}
		b.active = keep
		for _, c := range b.cands {
			from := &b.nodes[c.from]
			start := n
			if bp < n {
				start = b.next[bp+1]
			}
			b.nodes = append(b.nodes, node{
				pos: bp, start: start, line: from.line + 1, prev: c.from,
				run: c.run, fitness: c.fitness, total: c.total, ratio: c.ratio,
			})
			b.active = append(b.active, int32(len(b.nodes)-1))
		}
		if len(b.active) == 0 || b.err != nil {
			return -1
		}
	}

	// After the final, forced break only the nodes created there are active.
	best := int32(-1)
	for _, ai := range b.active {
		if best < 0 || b.nodes[ai].total < b.nodes[best].total {
			best = ai
		}
	}
	return best
}

// consider records the line from node ai to the current break, which has
// ratio r and ends at a penalty pen (flagged or not), if it is the best way
// yet to reach the state it leads to.
func (b *breaker) consider(ai int32, r, pen float64, flagged bool) {
	a := &b.nodes[ai]
	p := &b.p
	d := p.LinePenalty + badness(r)
	d *= d
	switch {
	case pen >= 0:
		d += pen * pen
	case pen > -Infinity:
		d -= pen * pen
	}
	fit := fitness(r)
	if flagged && a.run > 0 {
		d += p.FlaggedDemerits
	}
	if fit > a.fitness+1 || a.fitness > fit+1 {
		d += p.FitnessDemerits
	}
	total := a.total + d

	var run int32
	if flagged {
		run = min(a.run+1, b.runCap)
	}
	line := a.line + 1 // the number of the next line, up to lineCap
	if b.lineCap >= 0 {
		line = min(line, b.lineCap)
	}
	for i := range b.cands {
		c := &b.cands[i]
		if c.fitness == fit && c.run == run && c.line == line {
			if total < c.total {
				c.from, c.total, c.ratio = ai, total, r
			}
			return
		}
	}
	b.cands = append(b.cands, candidate{from: ai, line: line, run: run, fitness: fit, total: total, ratio: r})
}

// result builds the Result for the chain of breaks ending at node best.
func (b *breaker) result(best int32, pass int) Result {
	count := int(b.nodes[best].line)
	res := Result{
		Breaks:   make([]int, count),
		Lines:    make([]Line, count),
		Demerits: b.nodes[best].total,
		Pass:     pass,
	}
	limit := max(b.p.Tolerance, b.p.LooseTolerance)
	for i, ni := count-1, best; i >= 0; i-- {
		nd := &b.nodes[ni]
		prev := &b.nodes[nd.prev]
		res.Breaks[i] = int(nd.pos)
		res.Lines[i] = Line{
			Start:     int(prev.start),
			End:       int(nd.pos),
			Width:     b.measure(prev.line),
			Ratio:     nd.ratio,
			Overfull:  nd.ratio < -1,
			Underfull: nd.ratio > limit,
		}
		ni = nd.prev
	}
	return res
}
