package manuscript

import (
	"sort"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// source is the text of one manuscript file, kept so that a position can
// be given for any character of a value (YAML gives a node's start only)
// and a diagnostic can show the line it is about.
type source struct {
	file string // the display path
	data []byte // as YAML read it: no byte order mark

	once  sync.Once
	lines []int // the byte offset of each line's start
}

func newSource(file string, data []byte) *source {
	return &source{file: file, data: data}
}

// lineStarts returns the byte offset of every line's start, found once.
func (s *source) lineStarts() []int {
	s.once.Do(func() {
		n := 1
		for _, c := range s.data {
			if c == '\n' {
				n++
			}
		}
		s.lines = make([]int, 1, n)
		for i, c := range s.data {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	})
	return s.lines
}

// offset returns the byte offset of line and col (1-based, col counted in
// characters as YAML counts it), or -1 when there is none.
func (s *source) offset(line, col int) int {
	starts := s.lineStarts()
	if line < 1 || line > len(starts) || col < 1 {
		return -1
	}
	i := starts[line-1]
	for c := 1; c < col; c++ {
		if i >= len(s.data) || s.data[i] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(s.data[i:])
		i += size
	}
	return i
}

// pos returns the position of byte offset off.
func (s *source) pos(off int) Pos {
	starts := s.lineStarts()
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) // 1-based
	col := utf8.RuneCount(s.data[starts[line-1]:off]) + 1
	return Pos{File: s.file, Line: line, Col: col}
}

// line returns the text of line n (1-based), without its line break.
func (s *source) line(n int) (string, bool) {
	starts := s.lineStarts()
	if n < 1 || n > len(starts) {
		return "", false
	}
	end := len(s.data)
	if n < len(starts) {
		end = starts[n] - 1
	}
	l := s.data[starts[n-1]:end]
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	return string(l), true
}

// scalarLoc locates the characters of a scalar's value in its file: YAML
// folds lines, strips indentation and decodes escapes, so the value's
// offsets are not the file's.
type scalarLoc struct {
	src       *source
	line, col int // the node's, as YAML gives it
	style     yaml.Style
}

// at returns the position of the character at byte offset off of value,
// the scalar's value; the node's own position when it cannot tell.
func (l *scalarLoc) at(value string, off int) Pos {
	var p [1]Pos
	l.positions(value, []int{off}, p[:])
	return p[0]
}

// positions sets out[i] to the position of the character at byte offset
// offs[i] of value, the scalar's value, in one pass over the scalar's
// source: offs must be in ascending order. The characters of the value
// other than spaces and line breaks stand in the source in the same order,
// as themselves or, in a quoted scalar, as an escape; the walk matches
// them one by one, skipping what YAML drops or folds (indentation, line
// breaks, the quotes, a block scalar's indicator line). Where the two
// disagree (which a well-formed scalar never makes them do) the rest are
// given the node's position.
func (l *scalarLoc) positions(value string, offs []int, out []Pos) {
	start := Pos{File: l.src.file, Line: l.line, Col: l.col}
	for i := range out {
		out[i] = start
	}
	data := l.src.data
	s := l.src.offset(l.line, l.col)
	if s < 0 {
		return
	}
	switch l.style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// the content starts on the line after the indicator
		for s < len(data) && data[s] != '\n' {
			s++
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		s++ // the opening quote
	}
	dq, sq := l.style == yaml.DoubleQuotedStyle, l.style == yaml.SingleQuotedStyle
	// skip moves s past what the source has between two of the value's
	// characters: spaces, tabs, line breaks and escaped line breaks, and
	// with escapes set, in a double-quoted scalar, the escapes that stand
	// for a space or a break (which the value holds, but as such)
	skip := func(escapes bool) {
		for s < len(data) {
			switch c := data[s]; {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				s++
			case dq && c == '\\' && s+1 < len(data):
				switch e := data[s+1]; {
				case e == '\n' || e == '\r':
					s += 2
					continue
				case escapes && (e == ' ' || e == '\t' || e == 'n' || e == 't' || e == 'r' || e == '_' || e == 'N' || e == 'L' || e == 'P'):
					s += 2
					continue
				}
				return
			default:
				return
			}
		}
	}
	k := 0
	for i, r := range value {
		for k < len(offs) && offs[k] <= i {
			if offs[k] == i {
				skip(false)
				out[k] = l.src.pos(min(s, len(data)))
			}
			k++
		}
		if k == len(offs) {
			return
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 && dq {
			continue // folded, indented or escaped: found by skip
		}
		skip(true)
		if s >= len(data) {
			return
		}
		switch {
		case dq && data[s] == '\\':
			s += escapeLen(data[s:])
		case sq && r == '\'' && s+1 < len(data) && data[s] == '\'' && data[s+1] == '\'':
			s += 2
		default:
			got, size := utf8.DecodeRune(data[s:])
			if got != r {
				return // not the scalar the walk thinks it is
			}
			s += size
		}
	}
	// offsets at or past the value's end: where its last character ends
	for ; k < len(offs); k++ {
		out[k] = l.src.pos(min(s, len(data)))
	}
}

// escapeLen returns the length of the escape that b starts with, in a
// double-quoted YAML scalar.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return len(b)
	}
	n := 2
	switch b[1] {
	case 'x':
		n = 4
	case 'u':
		n = 6
	case 'U':
		n = 10
	}
	return min(n, len(b))
}
