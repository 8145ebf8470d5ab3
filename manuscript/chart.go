package manuscript

import (
	"math"
	"strconv"
	"strings"
)

// ChartType is the kind of chart.
type ChartType string

// The chart types.
const (
	ChartBar        ChartType = "bar"         // vertical bars; one series
	ChartHBar       ChartType = "hbar"        // horizontal bars, for rankings
	ChartGroupedBar ChartType = "grouped-bar" // vertical bars, several series side by side
	ChartStackedBar ChartType = "stacked-bar" // vertical bars, series stacked (absolute, or 100% with Percent)
	ChartLine       ChartType = "line"        // time series, one or more
	ChartPie        ChartType = "pie"
	ChartDonut      ChartType = "donut"
)

// ChartTypes lists the valid chart types, in the order the documentation gives them.
var ChartTypes = []ChartType{ChartBar, ChartHBar, ChartGroupedBar, ChartStackedBar, ChartLine, ChartPie, ChartDonut}

// Chart is a chart declared as data in the manuscript.
type Chart struct {
	Pos        Pos
	ID         string
	Type       ChartType
	Title      string
	Subtitle   string
	Unit       string // what the values count, e.g. "patent families"
	Format     NumberFormat
	Categories []string
	Series     []Series
	Highlight  []string // categories drawn in the accent colour
	Sort       string   // "" (as given), "ascending" or "descending"
	Percent    bool     // stacked-bar: normalise each bar to 100%
	AxisMin    *float64 // nil: zero-based (or the data's minimum when negative)
	AxisMax    *float64 // nil: from the data
	Labels     bool     // value labels on bars, points and slices
	Legend     string   // "auto", "bottom", "right", "top" or "none"
	Source     string
	Note       string
	Alt        string // text alternative; empty means generate it
	Data       *DataRef
	Color      Color   // the base colour: the chapter's
	Palette    []Color // series colours, from the theme
	Accent     Color   // highlight colour
	Muted      Color   // colour of non-highlighted bars when Highlight is set

	categoryAt []Pos // for data read from a file: where each category is
}

// Series is one named row of values, one per category.
type Series struct {
	Pos    Pos
	Name   string
	Values []float64
}

// DataRef records where a chart's data came from when it was read from CSV.
type DataRef struct {
	Pos      Pos
	File     string   // relative to the manuscript folder
	Category string   // the column holding the categories
	Columns  []string // the columns holding the series, in order
}

// NumberFormat formats chart values: "#,##0" gives 1,554; "0%" gives 34%;
// "RMB #,##0.0bn" gives RMB 213.5bn. Text before and after the digits
// pattern is kept as it is; "%" is a literal suffix (values are percentages
// already, not fractions).
type NumberFormat struct {
	Pattern  string
	Prefix   string
	Suffix   string
	Decimals int
	Group    bool // thousands separators
}

// ParseNumberFormat parses a pattern such as "RMB #,##0.0bn". It returns
// false when the pattern has no digits placeholder.
func ParseNumberFormat(p string) (NumberFormat, bool) {
	start := strings.IndexAny(p, "#0")
	if start < 0 {
		return NumberFormat{}, false
	}
	end := start
	for end < len(p) && strings.IndexByte("#0,.", p[end]) >= 0 {
		end++
	}
	digits := strings.TrimRight(p[start:end], ",.")
	end = start + len(digits)
	f := NumberFormat{Pattern: p, Prefix: p[:start], Suffix: p[end:], Group: strings.Contains(digits, ",")}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		f.Decimals = len(digits) - i - 1
	}
	return f, true
}

// Format formats v with the pattern; the zero NumberFormat formats like
// "#,##0" with as many decimals as v needs, up to two.
func (f NumberFormat) Format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	dec, group := f.Decimals, f.Group
	if f.Pattern == "" {
		group = true
		dec = 0
		for dec < 2 && math.Abs(v*math.Pow10(dec)-math.Round(v*math.Pow10(dec))) > 1e-9 {
			dec++
		}
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if group && len(intPart) > 3 {
		var sb strings.Builder
		lead := len(intPart) % 3
		if lead > 0 {
			sb.WriteString(intPart[:lead])
		}
		for i := lead; i < len(intPart); i += 3 {
			if sb.Len() > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(intPart[i : i+3])
		}
		intPart = sb.String()
	}
	sign := ""
	if v < 0 && strings.Trim(intPart+frac, "0.,") != "" {
		sign = "–" // an en dash: the bundled text faces have no U+2212 minus sign
	}
	return f.Prefix + sign + intPart + frac + f.Suffix
}
