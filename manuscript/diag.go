package manuscript

import (
	"sort"
	"strings"
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
	Pos      Pos
	Severity Severity
	Message  string
	Hint     string // what to do about it; may be empty
}

// String formats the diagnostic as "file:line:col: message", with a warning
// marked as such and the hint on an indented second line.
func (d Diagnostic) String() string {
	var sb strings.Builder
	sb.WriteString(d.Pos.String())
	sb.WriteString(": ")
	if d.Severity == Warning {
		sb.WriteString("warning: ")
	}
	sb.WriteString(d.Message)
	if d.Hint != "" {
		sb.WriteString("\n\thint: ")
		sb.WriteString(d.Hint)
	}
	return sb.String()
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
