package charts

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/describe")

func TestDescribeGolden(t *testing.T) {
	for _, c := range allCharts() {
		t.Run(c.ID, func(t *testing.T) {
			got := Describe(c) + "\n"
			file := filepath.Join("testdata", "describe", c.ID+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Describe:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		c    *manuscript.Chart
		want []string // fragments, in order
	}{
		{"hbar names values and highlight", patentFamilies(), []string{
			"Horizontal bar chart: Declared 5G patent families by company, April 2019 (patent families). ",
			"Huawei 1,554; Nokia 1,427;", "OPPO 207.", "Highlighted: Huawei, ZTE, CATT, OPPO."}},
		{"line trends skip missing values", internetUsers(), []string{
			"Line chart: Internet users in China (million).",
			"Internet users rose from 688 in 2015-12 to 829 in 2018-12",
			"Mobile internet users rose from 695 in 2016-12 to 817 in 2018-12 (2016-12 695;"}},
		{"pie in percent", patentShares(manuscript.ChartPie), []string{"Pie chart:", "China 34%; South Korea 25%;", "Japan 5%."}},
		{"percent stack", internetBars(manuscript.ChartStackedBar, true), []string{"100% stacked bar chart", "2015-12: Fixed only 10%, Mobile 90%"}},
		{"absolute stack", internetBars(manuscript.ChartStackedBar, false), []string{"Stacked bar chart", "2018-12: total 829 (Fixed only 12, Mobile 817)"}},
		{"donut of counts", func() *manuscript.Chart {
			c := patentFamilies()
			c.Type, c.Highlight = manuscript.ChartDonut, nil
			return c
		}(), []string{"Donut chart", "Huawei 1,554 (15%)", "total 10,215."}},
		{"falling line", &manuscript.Chart{Type: manuscript.ChartLine, Title: "Price", Categories: []string{"2018", "2019"},
			Series: []manuscript.Series{{Name: "Price", Values: []float64{3.5, -1}}}}, []string{"Price fell from 3.5 in 2018 to –1 in 2019"}},
	}
	for _, tt := range tests {
		got := Describe(tt.c)
		rest := got
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: %q missing (or out of order) in\n%s", tt.name, w, got)
				break
			}
			rest = rest[i+len(w):]
		}
	}
	if Describe(nil) != "" {
		t.Errorf("Describe(nil) not empty")
	}
}

func TestTable(t *testing.T) {
	withData := internetUsers()
	withData.Data = &manuscript.DataRef{File: "cnnic.csv", Category: "Survey", Columns: []string{"all", "mobile"}}
	tests := []struct {
		name   string
		c      *manuscript.Chart
		header []string
		rows   [][]string // the first rows
	}{
		{"hbar", patentFamilies(), []string{"", "Declared families"}, [][]string{{"Huawei", "1,554"}, {"Nokia", "1,427"}}},
		{"line with a gap and a CSV column", withData, []string{"Survey", "Internet users", "Mobile internet users"},
			[][]string{{"2015-12", "688", "–"}, {"2016-12", "731", "695"}}},
		{"pie", patentShares(manuscript.ChartPie), []string{"", "Share", "Share"}, [][]string{{"China", "34%", "34%"}}},
		{"stacked", internetBars(manuscript.ChartStackedBar, false), []string{"", "Fixed only", "Mobile", "Total"},
			[][]string{{"2015-12", "68", "620", "688"}}},
		{"unnamed series", &manuscript.Chart{Type: manuscript.ChartBar, Categories: []string{"a"},
			Series: []manuscript.Series{{Values: []float64{math.Inf(1)}}}}, []string{"", "Value"}, [][]string{{"a", "–"}}},
	}
	for _, tt := range tests {
		h, rows := Table(tt.c)
		if !reflect.DeepEqual(h, tt.header) {
			t.Errorf("%s: header %q, want %q", tt.name, h, tt.header)
		}
		if len(rows) < len(tt.rows) || !reflect.DeepEqual(rows[:len(tt.rows)], tt.rows) {
			t.Errorf("%s: rows %q, want %q first", tt.name, rows, tt.rows)
		}
		if len(rows) != len(tt.c.Categories) {
			t.Errorf("%s: %d rows for %d categories", tt.name, len(rows), len(tt.c.Categories))
		}
	}
	if h, rows := Table(nil); h != nil || rows != nil {
		t.Errorf("Table(nil) = %v, %v", h, rows)
	}
}
