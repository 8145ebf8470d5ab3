package manuscript

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits bound the work a manuscript can ask for, so that a mistake or an
// attack (an alias repeated ten thousand times, a million-row data file)
// ends in a positioned error, quickly, and never in a build that runs out
// of memory. The defaults stand far above what real books need; a book
// that needs more raises them under limits: in book.yaml.
type Limits struct {
	// Text is the most text the manuscript may hold, in bytes: its files,
	// and the text their aliases repeat.
	Text int
	// AliasedText is the most text aliases may repeat, in bytes.
	AliasedText int
	// Paragraph is the longest a single text (a paragraph, a caption, a
	// cell) may be, in bytes.
	Paragraph int
	// Rows is the most rows a data file may have.
	Rows int
	// ChartPoints is the most values a chart may draw: its categories
	// times its series.
	ChartPoints int
	// TableCells is the most cells a table may have.
	TableCells int
	// Pages is the most pages the book may run to.
	Pages int
}

// DefaultLimits are the limits of a book.yaml that sets none: a 2,000-page
// book, a 1 MB paragraph and a 10,000-row table stay well below them.
func DefaultLimits() Limits {
	return Limits{
		Text:        64 << 20,
		AliasedText: 1 << 20,
		Paragraph:   2 << 20,
		Rows:        100_000,
		ChartPoints: 10_000,
		TableCells:  1_000_000,
		Pages:       10_000,
	}
}

// limitKeys are the keys of limits: in book.yaml, with what each bounds.
var limitKeys = []struct {
	key  string
	size bool // a size in bytes: 64MB, 512kB or a number
	set  func(*Limits, int)
}{
	{"text", true, func(l *Limits, v int) { l.Text = v }},
	{"aliased_text", true, func(l *Limits, v int) { l.AliasedText = v }},
	{"paragraph", true, func(l *Limits, v int) { l.Paragraph = v }},
	{"rows", false, func(l *Limits, v int) { l.Rows = v }},
	{"chart_points", false, func(l *Limits, v int) { l.ChartPoints = v }},
	{"table_cells", false, func(l *Limits, v int) { l.TableCells = v }},
	{"pages", false, func(l *Limits, v int) { l.Pages = v }},
}

var sizeRE = regexp.MustCompile(`^(\d+)\s*(B|kB|KB|KiB|MB|MiB|GB|GiB)?$`)

// limits decodes the limits: mapping of book.yaml onto the defaults.
func (d *fileDecoder) limits(n *yaml.Node) Limits {
	l := DefaultLimits()
	keys := make([]string, len(limitKeys))
	for i, k := range limitKeys {
		keys[i] = k.key
	}
	o := d.object(n, "limits", keys...)
	if o == nil {
		return l
	}
	for _, k := range limitKeys {
		vn := o.node(k.key)
		if vn == nil {
			continue
		}
		s, ok := d.scalar(vn, k.key)
		if !ok {
			continue
		}
		v, ok := parseLimit(strings.TrimSpace(s), k.size)
		if !ok {
			hint := "a whole number, e.g. 20000"
			if k.size {
				hint = "a size such as 64MB, 512kB or a number of bytes"
			}
			d.errorf(vn, hint, "limits: %s %q is not a %s", k.key, s, map[bool]string{true: "size", false: "number"}[k.size])
			continue
		}
		k.set(&l, v)
	}
	return l
}

// parseLimit reads a limit: a positive number, with a unit when size.
func parseLimit(s string, size bool) (int, bool) {
	if !size {
		v, err := strconv.Atoi(s)
		return v, err == nil && v > 0
	}
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.Atoi(m[1])
	if err != nil || v <= 0 {
		return 0, false
	}
	mul := map[string]int{"": 1, "B": 1, "kB": 1000, "KB": 1000, "KiB": 1 << 10, "MB": 1000 * 1000, "MiB": 1 << 20, "GB": 1000 * 1000 * 1000, "GiB": 1 << 30}[m[2]]
	if v > (1<<62)/mul {
		return 0, false
	}
	return v * mul, true
}

// overLimit is the hint of an error for a limit passed.
func overLimit(key string) string {
	return fmt.Sprintf("if the book really needs more, raise it in book.yaml: limits: {%s: …}", key)
}

// size writes a size in bytes for a message.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1000:
		return fmt.Sprintf("%d kB", n/1000)
	}
	return fmt.Sprintf("%d bytes", n)
}
