package charts

import (
	"math"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
)

func TestDeltaE2000(t *testing.T) {
	// Sharma, Wu and Dalal (2005), table 1.
	tests := []struct {
		a, b lab
		want float64
	}{
		{lab{50, 2.6772, -79.7751}, lab{50, 0, -82.7485}, 2.0425},
		{lab{50, 3.1571, -77.2803}, lab{50, 0, -82.7485}, 2.8615},
		{lab{50, 2.8361, -74.0200}, lab{50, 0, -82.7485}, 3.4412},
		{lab{50, -1.3802, -84.2814}, lab{50, 0, -82.7485}, 1.0000},
		{lab{50, 2.5, 0}, lab{50, 0, -2.5}, 4.3065},
		{lab{50, 2.5, 0}, lab{73, 25, -18}, 27.1492},
		{lab{60.2574, -34.0099, 36.2677}, lab{60.4626, -34.1751, 39.4387}, 1.2644},
		{lab{90.9257, -0.5406, -0.9208}, lab{88.6381, -0.8985, -0.7239}, 1.5381},
		{lab{6.7747, -0.2908, -2.4247}, lab{5.8714, -0.0985, -2.2286}, 0.6377},
		{lab{2.0776, 0.0795, -1.1350}, lab{0.9033, -0.0636, -0.5514}, 0.9082},
		{lab{50, 2.49, -0.001}, lab{50, -2.49, 0.0009}, 7.1792},
	}
	for _, tt := range tests {
		if got := deltaE2000(tt.a, tt.b); math.Abs(got-tt.want) > 1e-4 {
			t.Errorf("ΔE2000(%v, %v) = %.4f, want %.4f", tt.a, tt.b, got, tt.want)
		}
	}
}

func rgb(r, g, b uint8) manuscript.Color { return manuscript.Color{R: r, G: g, B: b} }

func TestCheckPalette(t *testing.T) {
	tests := []struct {
		name    string
		palette []manuscript.Color
		n       int      // problems
		want    []string // fragments of the messages
	}{
		{"Okabe–Ito", DefaultPalette(), 0, nil},
		{"red and green", []manuscript.Color{rgb(0xd6, 0x27, 0x28), rgb(0x2c, 0xa0, 0x2c)}, 1, []string{"1 (#d62728) and 2 (#2ca02c)", "deuteranopia"}},
		{"the same colour twice", []manuscript.Color{rgb(0, 114, 178), rgb(0, 114, 178)}, 1, []string{"normal vision"}},
		{"blue and purple", []manuscript.Color{rgb(0, 0, 255), rgb(0x80, 0, 0xff), rgb(0xe6, 0x9f, 0)}, 1, []string{"1 (#0000ff) and 2 (#8000ff)"}},
		{"one colour", []manuscript.Color{rgb(1, 2, 3)}, 0, nil},
	}
	for _, tt := range tests {
		got := CheckPalette(tt.palette)
		if len(got) != tt.n {
			t.Errorf("%s: %d problems %q, want %d", tt.name, len(got), got, tt.n)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("%s: %q does not mention %q", tt.name, got, w)
			}
		}
	}
}

func TestDefaultPalette(t *testing.T) {
	p := DefaultPalette()
	if len(p) != 8 || p[0].Hex() != "#0072b2" {
		t.Fatalf("palette %v", p)
	}
	for _, c := range p {
		if !c.CMYKGiven || c.C+c.M+c.Y+c.K == 0 {
			t.Errorf("%s has no CMYK values", c.Hex())
		}
	}
	p[0].R = 1
	if DefaultPalette()[0].R != 0 {
		t.Errorf("DefaultPalette shares its slice")
	}
}
