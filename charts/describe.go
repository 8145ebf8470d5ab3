package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/folio-press/folio/manuscript"
)

// typeName names a chart's kind in a description.
func typeName(d *dataset) string {
	switch d.typ {
	case manuscript.ChartBar:
		return "Bar chart"
	case manuscript.ChartHBar:
		return "Horizontal bar chart"
	case manuscript.ChartGroupedBar:
		return "Grouped bar chart"
	case manuscript.ChartStackedBar:
		if d.c.Percent {
			return "100% stacked bar chart"
		}
		return "Stacked bar chart"
	case manuscript.ChartLine:
		return "Line chart"
	case manuscript.ChartPie:
		return "Pie chart"
	case manuscript.ChartDonut:
		return "Donut chart"
	}
	return "Chart"
}

// Describe returns a text alternative for c: its kind, title and unit, then
// every value in drawing order, formatted as on the chart. Multi-series
// charts name their series; line charts say how each series changed; pies
// give each slice's share; highlighted categories are listed. It always
// generates the text: callers prefer Chart.Alt when the manuscript gives
// one. An invalid chart is described as far as it can be.
func Describe(c *manuscript.Chart) string {
	d, err := prepare(c)
	if err != nil {
		if c == nil {
			return ""
		}
		return strings.TrimSpace(c.Title)
	}
	var b strings.Builder
	b.WriteString(typeName(d))
	head := strings.TrimRight(strings.TrimSpace(c.Title), ".")
	if sub := strings.TrimRight(strings.TrimSpace(c.Subtitle), "."); sub != "" {
		if head != "" {
			head += ", "
		}
		head += sub
	}
	if head != "" {
		b.WriteString(": " + head)
	}
	if u := strings.TrimSpace(c.Unit); u != "" {
		b.WriteString(" (" + u + ")")
	}
	b.WriteString(". ")
	switch d.typ {
	case manuscript.ChartBar, manuscript.ChartHBar:
		b.WriteString(pairs(d, d.series[0].vals, d.fmtValue) + ".")
	case manuscript.ChartPie, manuscript.ChartDonut:
		vals := d.series[0].vals
		total, err := pieTotal(vals)
		if err != nil {
			b.WriteString(pairs(d, vals, d.fmtValue) + ".")
			break
		}
		b.WriteString(pairs(d, vals, func(v float64) string { return d.sliceValue(v, total) }))
		if !(d.isPercentFormat() && math.Abs(total-100) < 0.5) {
			b.WriteString("; total " + d.fmtValue(total))
		}
		b.WriteString(".")
	case manuscript.ChartLine:
		for s, sr := range d.series {
			if s > 0 {
				b.WriteString(" ")
			}
			b.WriteString(trend(d, sr) + ".")
		}
	case manuscript.ChartGroupedBar:
		for s, sr := range d.series {
			if s > 0 {
				b.WriteString(" ")
			}
			b.WriteString(seriesName(d, s) + ": " + pairs(d, sr.vals, d.fmtValue) + ".")
		}
	case manuscript.ChartStackedBar:
		var parts []string
		shares := stackShares(d)
		for i, cat := range d.cats {
			var comp []string
			total := 0.0
			for s, sr := range d.series {
				v := sr.vals[i]
				if !finite(v) {
					continue
				}
				total += v
				if c.Percent {
					comp = append(comp, seriesName(d, s)+" "+sharePct(shares[s][i]))
				} else {
					comp = append(comp, seriesName(d, s)+" "+d.fmtValue(v))
				}
			}
			if len(comp) == 0 {
				parts = append(parts, cat+": no data")
				continue
			}
			if c.Percent {
				parts = append(parts, cat+": "+strings.Join(comp, ", "))
			} else {
				parts = append(parts, cat+": total "+d.fmtValue(total)+" ("+strings.Join(comp, ", ")+")")
			}
		}
		b.WriteString(strings.Join(parts, "; ") + ".")
	}
	if d.anyHL {
		var hl []string
		for i, cat := range d.cats {
			if d.hl[i] {
				hl = append(hl, cat)
			}
		}
		b.WriteString(" Highlighted: " + strings.Join(hl, ", ") + ".")
	}
	return b.String()
}

func seriesName(d *dataset, s int) string {
	if n := strings.TrimSpace(d.series[s].name); n != "" {
		return n
	}
	if len(d.series) == 1 && d.c.Unit != "" {
		return d.c.Unit
	}
	return "Series " + strconv.Itoa(s+1)
}

// pairs lists "category value" for the finite values.
func pairs(d *dataset, vals []float64, format func(float64) string) string {
	var out []string
	for i, v := range vals {
		if finite(v) {
			out = append(out, d.cats[i]+" "+format(v))
		}
	}
	if len(out) == 0 {
		return "no data"
	}
	return strings.Join(out, "; ")
}

// trend describes a line: "Internet users rose from 688 in 2015-12 to 829
// in 2018-12 (2015-12 688; …)".
func trend(d *dataset, s series) string {
	name := strings.TrimSpace(s.name)
	if name == "" {
		name = "Values"
	}
	first, last := -1, lastPoint(s.vals)
	for i, v := range s.vals {
		if finite(v) {
			first = i
			break
		}
	}
	if first < 0 {
		return name + ": no data"
	}
	list := pairs(d, s.vals, d.fmtValue)
	if first == last {
		return name + ": " + list
	}
	a, b := s.vals[first], s.vals[last]
	verb := "was unchanged at " + d.fmtValue(a) + " from " + d.cats[first] + " to " + d.cats[last]
	switch {
	case b > a:
		verb = "rose from " + d.fmtValue(a) + " in " + d.cats[first] + " to " + d.fmtValue(b) + " in " + d.cats[last]
	case b < a:
		verb = "fell from " + d.fmtValue(a) + " in " + d.cats[first] + " to " + d.fmtValue(b) + " in " + d.cats[last]
	}
	return name + " " + verb + " (" + list + ")"
}

// Table returns c's data as a table of formatted values, in drawing order,
// for the EPUB's data table: a header row (the category column's heading,
// empty unless the data came from a CSV column, then one heading per series)
// and one row per category. Missing values are "–". Stacked bars get a Total
// column and pies a Share column. An invalid chart gives nil.
func Table(c *manuscript.Chart) (header []string, rows [][]string) {
	d, err := prepare(c)
	if err != nil {
		return nil, nil
	}
	catHead := ""
	if c.Data != nil {
		catHead = c.Data.Category
	}
	header = []string{catHead}
	for s := range d.series {
		header = append(header, seriesName(d, s))
	}
	if len(header) == 2 && header[1] == "Series 1" {
		header[1] = "Value"
	}
	pie := d.typ == manuscript.ChartPie || d.typ == manuscript.ChartDonut
	stacked := d.typ == manuscript.ChartStackedBar
	total := 0.0
	if pie {
		header = append(header, "Share")
		total, _ = pieTotal(d.series[0].vals)
	}
	if stacked {
		header = append(header, "Total")
	}
	cell := func(v float64) string {
		if !finite(v) {
			return "–"
		}
		return d.fmtValue(v)
	}
	for i, cat := range d.cats {
		row := []string{cat}
		sum, has := 0.0, false
		for _, s := range d.series {
			row = append(row, cell(s.vals[i]))
			if finite(s.vals[i]) {
				sum += s.vals[i]
				has = true
			}
		}
		switch {
		case pie:
			v := d.series[0].vals[i]
			if finite(v) && total > 0 {
				row = append(row, sharePct(v/total*100))
			} else {
				row = append(row, "–")
			}
		case stacked:
			if has {
				row = append(row, d.fmtValue(sum))
			} else {
				row = append(row, "–")
			}
		}
		rows = append(rows, row)
	}
	return header, rows
}
