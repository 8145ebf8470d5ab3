package manuscript

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Severity says whether a diagnostic stops the build.
type Severity uint8

// The severities.
const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem found in the manuscript, at a position.
type Diagnostic struct {
	Pos Pos
	// End is just after the last character the diagnostic is about, when
	// it is known: a cross-reference's closing bracket. Zero otherwise.
	End      Pos
	Severity Severity
	Message  string
	Hint     string // what to do about it; may be empty
	// Source is the text of the line Pos names, for showing it with a
	// caret under the column (Pretty); empty when it is not known.
	Source string
}

// String formats the diagnostic as "file:line:col: message", with a warning
// marked as such and the hint on an indented second line.
func (d Diagnostic) String() string { return d.format(false) }

// Pretty formats the diagnostic as String does, with the manuscript line
// it is about shown under its first line and a caret under its column, as
// rustc and Typst show theirs:
//
//	chapters/01-glance.yaml:150:47: cross-reference [@ch:vidoe] points at nothing
//	  150 |     rivals is the subject of [@ch:social] and [@ch:vidoe].
//	      |                                               ^^^^^^^^^^^
//		hint: did you mean [@ch:video]?
//
// Without a Source line it is String.
func (d Diagnostic) Pretty() string { return d.format(true) }

func (d Diagnostic) format(withSource bool) string {
	var sb strings.Builder
	sb.WriteString(d.Pos.String())
	sb.WriteString(": ")
	if d.Severity == Warning {
		sb.WriteString("warning: ")
	}
	sb.WriteString(d.Message)
	if withSource && d.Source != "" && d.Pos.Line > 0 && d.Pos.Col > 0 {
		line, caret := sourceExcerpt(d.Source, d.Pos.Col)
		num := fmt.Sprint(d.Pos.Line)
		marks := "^"
		if d.End.File == d.Pos.File && d.End.Line == d.Pos.Line && d.End.Col > d.Pos.Col+1 {
			marks = strings.Repeat("^", d.End.Col-d.Pos.Col)
		}
		fmt.Fprintf(&sb, "\n  %s | %s\n  %s | %s%s", num, line, strings.Repeat(" ", len(num)), caret, marks)
	}
	if d.Hint != "" {
		sb.WriteString("\n\thint: ")
		sb.WriteString(d.Hint)
	}
	return sb.String()
}

// excerptWidth is how many columns of a source line a diagnostic shows
// at most: a folded paragraph's lines are short, a CSV row may not be.
const excerptWidth = 100

// sourceExcerpt returns the part of line a diagnostic shows around column
// col (in characters, from 1), and the padding that puts a caret under
// it: tabs as in the line, a space for each column a character takes (two
// for a wide one).
func sourceExcerpt(line string, col int) (shown, pad string) {
	runes := []rune(strings.TrimRight(line, "\r"))
	at := min(col-1, len(runes))
	from, to := 0, len(runes)
	cols := func(rs []rune) int {
		n := 0
		for _, r := range rs {
			n += runeWidth(r)
		}
		return n
	}
	if cols(runes) > excerptWidth {
		// a window around the column, marked as cut where it is
		from = at
		for from > 0 && cols(runes[from-1:at]) <= excerptWidth/3 {
			from--
		}
		to = at
		for to < len(runes) && cols(runes[from:to+1]) <= excerptWidth {
			to++
		}
	}
	var sb, pb strings.Builder
	if from > 0 {
		sb.WriteString("…")
		pb.WriteByte(' ')
	}
	for i, r := range runes[from:to] {
		sb.WriteRune(shownRune(r))
		if from+i >= at {
			continue
		}
		if r == '\t' {
			pb.WriteByte('\t')
		} else {
			pb.WriteString(strings.Repeat(" ", runeWidth(r)))
		}
	}
	if to < len(runes) {
		sb.WriteString("…")
	}
	return sb.String(), pb.String()
}

// shownRune is how a diagnostic shows r of a source line: a control
// character as its picture (a bell would ring the terminal's), a
// direction override or isolate as U+FFFD (it would reorder the line).
func shownRune(r rune) rune {
	switch {
	case r == '\t':
		return r
	case r < 0x20:
		return 0x2400 + r
	case r == 0x7f:
		return 0x2421
	case r >= 0x80 && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return utf8.RuneError
	}
	return r
}

// runeWidth is how many columns of a terminal r takes.
func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	if r < 0x20 || !utf8.ValidRune(r) {
		return 0
	}
	return 1
}

// Diagnostics is a list of problems. As an error it reports them all, one
// per line.
type Diagnostics []Diagnostic

// Error implements error.
func (ds Diagnostics) Error() string {
	var sb strings.Builder
	for i, d := range ds {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(d.String())
	}
	return sb.String()
}

// HasErrors reports whether any diagnostic is an error rather than a warning.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders the diagnostics by file, line and column, keeping the order of
// diagnostics at the same place.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos.before(ds[j].Pos) })
}

// before reports whether p comes before q: by file, then line, then
// column.
func (p Pos) before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}
