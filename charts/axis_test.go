package charts

import (
	"math"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

func TestNiceScale(t *testing.T) {
	tests := []struct {
		name       string
		lo, hi     float64
		min, max   *float64
		target     int
		format     string
		wantLabels string
	}{
		{"patent families", 0, 1554, nil, nil, 4, "#,##0", "0 500 1,000 1,500 2,000"},
		{"fractions with the automatic format", 0, 0.93, nil, nil, 4, "", "0.00 0.25 0.50 0.75 1.00"},
		{"no decimals in the pattern: 5 rather than 2.5", 0, 9, nil, nil, 4, "#,##0", "0 5 10"},
		{"pattern decimals trimmed to the step", -12, 48, nil, nil, 3, "RMB #,##0.0bn", "RMB –20bn RMB 0bn RMB 20bn RMB 40bn RMB 60bn"},
		{"limits given are kept", 0, 829, ptr(600), ptr(850), 5, "#,##0", "600 650 700 750 800 850"},
		{"all zero", 0, 0, nil, nil, 4, "", "0.00 0.25 0.50 0.75 1.00"},
	}
	for _, tt := range tests {
		var f manuscript.NumberFormat
		if tt.format != "" {
			f = mustFormat(tt.format)
		}
		sc, err := niceScale(tt.lo, tt.hi, tt.min, tt.max, tt.target, f)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := strings.Join(sc.labels, " "); got != tt.wantLabels {
			t.Errorf("%s: ticks %q, want %q", tt.name, got, tt.wantLabels)
		}
	}
	for _, bad := range [][2]float64{{0, math.Inf(1)}, {-1e308, 1e308}} {
		if _, err := niceScale(bad[0], bad[1], nil, nil, 4, manuscript.NumberFormat{}); err == nil {
			t.Errorf("niceScale(%g, %g): no error", bad[0], bad[1])
		}
	}
}
