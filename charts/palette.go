package charts

import (
	"fmt"
	"math"

	"github.com/folio-press/folio/manuscript"
)

// MinPaletteDeltaE is the smallest CIEDE2000 colour difference CheckPalette
// accepts between two palette colours, under normal vision and as seen with
// deuteranopia or protanopia.
//
// Why 10: a ΔE2000 of about 1 to 2.3 is the just-noticeable difference for
// two large patches side by side, which is not what a reader of a chart does.
// Chart colours are matched across a gap (a legend swatch against a bar, a thin
// line against a label), in small marks, on paper whose printing shifts every
// colour by a few units. Colour-difference practice treats a ΔE of 10 or more
// as "different colours at a glance" rather than "a difference on close
// inspection", and it is the floor under which palette checkers commonly warn
// that categorical colours will be confused. Okabe–Ito, designed for
// colour-vision deficiency, keeps every pair above it: its closest pairs are
// orange and yellow under deuteranopia (11.6) and blue and reddish purple
// under protanopia (12.2), while a classic red/green pair such as #d62728 and
// #2ca02c falls well below it once simulated.
const MinPaletteDeltaE = 10.0

// DefaultPalette returns the Okabe–Ito palette (Okabe and Ito, "Color
// Universal Design", 2002), ordered for charts: blue, orange, bluish green,
// vermillion, sky blue, reddish purple, yellow, black. The CMYK values are the
// ones Okabe and Ito published for print. A new slice is returned on every
// call, so callers may change it.
func DefaultPalette() []manuscript.Color {
	mk := func(r, g, b uint8, c, m, y, k float64) manuscript.Color {
		return manuscript.Color{R: r, G: g, B: b, C: c, M: m, Y: y, K: k, CMYKGiven: true}
	}
	return []manuscript.Color{
		mk(0, 114, 178, 1, 0.5, 0, 0),       // blue
		mk(230, 159, 0, 0, 0.5, 1, 0),       // orange
		mk(0, 158, 115, 0.97, 0, 0.75, 0),   // bluish green
		mk(213, 94, 0, 0, 0.8, 1, 0),        // vermillion
		mk(86, 180, 233, 0.8, 0, 0, 0),      // sky blue
		mk(204, 121, 167, 0.1, 0.7, 0, 0),   // reddish purple
		mk(240, 228, 66, 0.1, 0.05, 0.9, 0), // yellow
		mk(0, 0, 0, 0, 0, 0, 1),             // black
	}
}

// CheckPalette reports pairs of palette colours that readers could confuse:
// pairs closer than MinPaletteDeltaE (CIEDE2000, in CIELAB under D65) under
// normal vision, or once simulated as seen with deuteranopia or protanopia
// (the severity-1 matrices of Machado, Oliveira and Fernandes 2009, applied in
// linear RGB). It returns one message per problem, in palette order, and nil
// when the palette is fine.
func CheckPalette(p []manuscript.Color) []string {
	type vision struct {
		name string
		m    *[3][3]float64
	}
	deutan := machadoDeuteranopia()
	protan := machadoProtanopia()
	visions := []vision{{"normal vision", nil}, {"deuteranopia", &deutan}, {"protanopia", &protan}}
	var out []string
	for i := 0; i < len(p); i++ {
		for j := i + 1; j < len(p); j++ {
			for _, v := range visions {
				a, b := labOf(p[i], v.m), labOf(p[j], v.m)
				if d := deltaE2000(a, b); d < MinPaletteDeltaE {
					out = append(out, fmt.Sprintf("palette colours %d (%s) and %d (%s) are hard to tell apart under %s: ΔE2000 %.1f < %g",
						i+1, p[i].Hex(), j+1, p[j].Hex(), v.name, d, MinPaletteDeltaE))
					break // one message per pair: the first vision that confuses them
				}
			}
		}
	}
	return out
}

func machadoDeuteranopia() [3][3]float64 {
	return [3][3]float64{
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	}
}

func machadoProtanopia() [3][3]float64 {
	return [3][3]float64{
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	}
}

type lab struct{ L, A, B float64 }

func srgbToLinear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// labOf converts a colour to CIELAB (D65), first simulating a colour-vision
// deficiency with m when m is not nil.
func labOf(c manuscript.Color, m *[3][3]float64) lab {
	rgb := [3]float64{srgbToLinear(c.R), srgbToLinear(c.G), srgbToLinear(c.B)}
	if m != nil {
		var s [3]float64
		for i := 0; i < 3; i++ {
			s[i] = m[i][0]*rgb[0] + m[i][1]*rgb[1] + m[i][2]*rgb[2]
			s[i] = math.Min(1, math.Max(0, s[i]))
		}
		rgb = s
	}
	x := 0.4124564*rgb[0] + 0.3575761*rgb[1] + 0.1804375*rgb[2]
	y := 0.2126729*rgb[0] + 0.7151522*rgb[1] + 0.0721750*rgb[2]
	z := 0.0193339*rgb[0] + 0.1191920*rgb[1] + 0.9503041*rgb[2]
	const xn, yn, zn = 0.95047, 1.0, 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/xn), f(y/yn), f(z/zn)
	return lab{L: 116*fy - 16, A: 500 * (fx - fy), B: 200 * (fy - fz)}
}

// deltaE2000 is the CIEDE2000 colour difference (Sharma, Wu and Dalal 2005).
func deltaE2000(c1, c2 lab) float64 {
	rad := math.Pi / 180
	cab1 := math.Hypot(c1.A, c1.B)
	cab2 := math.Hypot(c2.A, c2.B)
	cab := (cab1 + cab2) / 2
	c7 := math.Pow(cab, 7)
	g := 0.5 * (1 - math.Sqrt(c7/(c7+math.Pow(25, 7))))
	a1, a2 := (1+g)*c1.A, (1+g)*c2.A
	cp1, cp2 := math.Hypot(a1, c1.B), math.Hypot(a2, c2.B)
	hp := func(a, b float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / rad
		if h < 0 {
			h += 360
		}
		return h
	}
	hp1, hp2 := hp(a1, c1.B), hp(a2, c2.B)
	dL := c2.L - c1.L
	dC := cp2 - cp1
	var dh float64
	if cp1*cp2 != 0 {
		dh = hp2 - hp1
		if dh > 180 {
			dh -= 360
		} else if dh < -180 {
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(cp1*cp2) * math.Sin(dh/2*rad)
	lp := (c1.L + c2.L) / 2
	cp := (cp1 + cp2) / 2
	var hbar float64
	switch {
	case cp1*cp2 == 0:
		hbar = hp1 + hp2
	case math.Abs(hp1-hp2) <= 180:
		hbar = (hp1 + hp2) / 2
	case hp1+hp2 < 360:
		hbar = (hp1 + hp2 + 360) / 2
	default:
		hbar = (hp1 + hp2 - 360) / 2
	}
	t := 1 - 0.17*math.Cos((hbar-30)*rad) + 0.24*math.Cos(2*hbar*rad) +
		0.32*math.Cos((3*hbar+6)*rad) - 0.20*math.Cos((4*hbar-63)*rad)
	dTheta := 30 * math.Exp(-math.Pow((hbar-275)/25, 2))
	cp7 := math.Pow(cp, 7)
	rc := 2 * math.Sqrt(cp7/(cp7+math.Pow(25, 7)))
	l50 := (lp - 50) * (lp - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cp
	sh := 1 + 0.015*cp*t
	rt := -math.Sin(2*dTheta*rad) * rc
	return math.Sqrt(math.Pow(dL/sl, 2) + math.Pow(dC/sc, 2) + math.Pow(dH/sh, 2) + rt*(dC/sc)*(dH/sh))
}
