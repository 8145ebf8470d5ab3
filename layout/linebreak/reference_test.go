package linebreak

// This file holds an independent reference implementation of the line model
// and demerits documented in the package comment, used to check Break: a
// plain dynamic programme over every pair of break positions that sums each
// line afresh, and, for tiny paragraphs, an exhaustive enumeration of all
// break sequences. Neither shares code with Break.

import (
	"math"
	"slices"
)

type refModel struct {
	items []Item
	p     Params
	final int // index of the last break: n-1 or n
}

func newRefModel(items []Item, p Params) *refModel {
	m := &refModel{items: items, p: p, final: len(items)}
	if n := len(items); n > 0 && items[n-1].Kind == PenaltyItem && items[n-1].Penalty <= -Infinity {
		m.final = n - 1
	}
	return m
}

func (m *refModel) legal(j int) bool {
	if j == m.final {
		return true
	}
	if j >= len(m.items) {
		return false
	}
	it := m.items[j]
	switch it.Kind {
	case GlueItem:
		return j > 0 && m.items[j-1].Kind == BoxItem
	case PenaltyItem:
		return it.Penalty < Infinity
	}
	return false
}

func (m *refModel) forced(j int) bool {
	return j >= len(m.items) || m.items[j].Kind == PenaltyItem && m.items[j].Penalty <= -Infinity
}

// start returns the first item of a line that follows a break at a.
func (m *refModel) start(a int) int {
	if a < 0 {
		return 0
	}
	s := a + 1
	for s < len(m.items) {
		it := m.items[s]
		if it.Kind == BoxItem || it.Kind == PenaltyItem && it.Penalty <= -Infinity {
			break
		}
		s++
	}
	return s
}

func (m *refModel) measure(line int) float64 {
	if m.p.LineWidth != nil && (m.p.ShapedLines <= 0 || line < m.p.ShapedLines) {
		return m.p.LineWidth(line)
	}
	return m.p.Width
}

// line describes the line from break a to break b: its natural width with
// and without the width of a penalty at b, stretch, shrink and whether it
// has infinite stretch.
type refLine struct {
	w, wNoPen, y, z float64
	fil             bool
}

func (m *refModel) line(a, b int) refLine {
	var l refLine
	for _, it := range m.items[m.start(a):b] {
		switch it.Kind {
		case BoxItem:
			l.w += it.Width
		case GlueItem:
			l.w += it.Width
			l.z += it.Shrink
			if math.IsInf(it.Stretch, 1) {
				l.fil = true
			} else {
				l.y += it.Stretch
			}
		}
	}
	l.wNoPen = l.w
	if b < len(m.items) && m.items[b].Kind == PenaltyItem {
		l.w += m.items[b].Width
	}
	return l
}

func refRatio(target, w, y, z float64, fil bool) float64 {
	if w == target {
		return 0
	}
	if w < target {
		if fil {
			return 0
		}
		if y <= 0 {
			return math.Inf(1)
		}
		return (target - w) / y
	}
	if z <= 0 {
		return math.Inf(-1)
	}
	return (target - w) / z
}

func refFitness(r float64) int {
	if r < -0.5 {
		return 0
	}
	if r <= 0.5 {
		return 1
	}
	if r <= 1 {
		return 2
	}
	return 3
}

// demerits returns the demerits of a line of ratio r ending at break b,
// after a line of fitness prevFit that ended at a flagged break if
// prevFlagged.
func (m *refModel) demerits(b int, r float64, prevFit int, prevFlagged bool) float64 {
	bad := float64(Infinity)
	if !math.IsInf(r, 0) {
		bad = math.Min(100*math.Pow(math.Abs(r), 3), Infinity)
	}
	d := math.Pow(m.p.LinePenalty+bad, 2)
	if b < len(m.items) && m.items[b].Kind == PenaltyItem {
		pen := m.items[b].Penalty
		if pen >= 0 {
			d += pen * pen
		} else if pen > -Infinity {
			d -= pen * pen
		}
	}
	if m.flagged(b) && prevFlagged {
		d += m.p.FlaggedDemerits
	}
	if f := refFitness(r); f-prevFit > 1 || prevFit-f > 1 {
		d += m.p.FitnessDemerits
	}
	return d
}

func (m *refModel) flagged(b int) bool {
	return b < len(m.items) && m.items[b].Kind == PenaltyItem && m.items[b].Flagged
}

type refKey struct{ pos, lines, fit, run int }

type refEntry struct {
	total float64
	prev  refKey
}

// refBest returns the least total demerits of the paragraph with lines of
// ratio at most tol, and the breaks that achieve it; ok is false if there
// are no such breaks. It assumes that no item has negative width and that
// no glue shrinks by more than its width, so that once a line is too wide it
// stays too wide.
func refBest(items []Item, p Params, tol float64) (demerits float64, breaks []int, ok bool) {
	m := newRefModel(items, p)
	startKey := refKey{pos: -1, fit: 1}
	best := map[refKey]refEntry{startKey: {}}
	byPos := map[int][]refKey{-1: {startKey}}
	positions := []int{-1}
	for j := 0; j <= m.final; j++ {
		if m.legal(j) {
			positions = append(positions, j)
		}
	}
	for _, a := range positions {
		for _, k := range byPos[a] {
			e := best[k]
			s := m.start(a)
			for b := s; b <= m.final; b++ {
				if !m.legal(b) {
					continue
				}
				l := m.line(a, b)
				target := m.measure(k.lines)
				r := refRatio(target, l.w, l.y, l.z, l.fil)
				run := 0
				if m.flagged(b) {
					run = k.run + 1
				}
				limit := p.MaxConsecutiveHyphens
				if r >= -1 && r <= tol && (limit <= 0 || run <= limit || m.forced(b)) {
					nk := refKey{pos: b, lines: k.lines + 1, fit: refFitness(r), run: run}
					total := e.total + m.demerits(b, r, k.fit, k.run > 0)
					if old, seen := best[nk]; !seen || total < old.total {
						if !seen {
							byPos[b] = append(byPos[b], nk)
						}
						best[nk] = refEntry{total: total, prev: k}
					}
				}
				if m.forced(b) || refRatio(target, l.wNoPen, l.y, l.z, l.fil) < -1 {
					break
				}
			}
		}
	}
	var end refKey
	for _, k := range byPos[m.final] {
		if !ok || best[k].total < best[end].total {
			end, ok = k, true
		}
	}
	if !ok {
		return 0, nil, false
	}
	for k := end; k.pos >= 0; k = best[k].prev {
		breaks = append(breaks, k.pos)
	}
	slices.Reverse(breaks)
	return best[end].total, breaks, true
}

// bruteBest is refBest by exhaustive enumeration of every sequence of
// breaks, for paragraphs with few legal breaks.
func bruteBest(items []Item, p Params, tol float64) (demerits float64, ok bool) {
	m := newRefModel(items, p)
	var legal []int
	for j := 0; j <= m.final; j++ {
		if m.legal(j) {
			legal = append(legal, j)
		}
	}
	demerits = math.Inf(1)
	var walk func(a, lines, fit, run int, total float64)
	walk = func(a, lines, fit, run int, total float64) {
		if a == m.final {
			if total < demerits {
				demerits, ok = total, true
			}
			return
		}
		for _, b := range legal {
			if b <= a || b < m.start(a) {
				continue
			}
			l := m.line(a, b)
			r := refRatio(m.measure(lines), l.w, l.y, l.z, l.fil)
			nrun := 0
			if m.flagged(b) {
				nrun = run + 1
			}
			if r >= -1 && r <= tol && (p.MaxConsecutiveHyphens <= 0 || nrun <= p.MaxConsecutiveHyphens || m.forced(b)) {
				walk(b, lines+1, refFitness(r), nrun, total+m.demerits(b, r, fit, run > 0))
			}
			if m.forced(b) {
				return // a line cannot run past a forced break
			}
		}
	}
	walk(-1, 0, 1, 0, 0)
	return demerits, ok
}
