package charts

import (
	"math"

	"github.com/folio-press/folio/manuscript"
)

// Charts built by hand from the report's sources, for the tests.

func mustFormat(p string) manuscript.NumberFormat {
	f, ok := manuscript.ParseNumberFormat(p)
	if !ok {
		panic("bad number format " + p)
	}
	return f
}

func chapterColor() manuscript.Color {
	return manuscript.Color{R: 0x1f, G: 0x4e, B: 0x79, C: 0.9, M: 0.6, Y: 0.2, K: 0.1, CMYKGiven: true}
}

func accentColor() manuscript.Color {
	return manuscript.Color{R: 0xd5, G: 0x5e, B: 0x00, C: 0, M: 0.8, Y: 1, K: 0, CMYKGiven: true}
}

func mutedColor() manuscript.Color {
	return manuscript.Color{R: 0xb8, G: 0xc4, B: 0xce, C: 0.25, M: 0.12, Y: 0.1, K: 0.05, CMYKGiven: true}
}

func themed(c *manuscript.Chart) *manuscript.Chart {
	c.Color, c.Accent, c.Muted = chapterColor(), accentColor(), mutedColor()
	c.Palette = DefaultPalette()
	return c
}

// patentFamilies: IPlytics, April 2019, declared 5G patent families.
func patentFamilies() *manuscript.Chart {
	return themed(&manuscript.Chart{
		ID:         "fig-5g-families",
		Type:       manuscript.ChartHBar,
		Title:      "Declared 5G patent families by company, April 2019",
		Unit:       "patent families",
		Format:     mustFormat("#,##0"),
		Categories: []string{"Huawei", "Nokia", "Samsung", "LG", "ZTE", "Qualcomm", "Ericsson", "Intel", "CATT", "Sharp", "OPPO"},
		Series:     []manuscript.Series{{Name: "Declared families", Values: []float64{1554, 1427, 1316, 1274, 1208, 846, 819, 551, 545, 468, 207}}},
		Highlight:  []string{"Huawei", "ZTE", "CATT", "OPPO"},
		Labels:     true,
		Source:     "IPlytics",
		Note:       "Chinese companies highlighted.",
	})
}

// internetUsers: CNNIC, internet users in China, million.
func internetUsers() *manuscript.Chart {
	return themed(&manuscript.Chart{
		ID:         "fig-cnnic",
		Type:       manuscript.ChartLine,
		Title:      "Internet users in China",
		Unit:       "million",
		Categories: []string{"2015-12", "2016-12", "2017-12", "2018-12"},
		Series: []manuscript.Series{
			{Name: "Internet users", Values: []float64{688, 731, 772, 829}},
			{Name: "Mobile internet users", Values: []float64{math.NaN(), 695, 753, 817}},
		},
		Labels: true,
		Source: "CNNIC",
	})
}

// patentShares: share of declared 5G patents by country, percent.
func patentShares(t manuscript.ChartType) *manuscript.Chart {
	return themed(&manuscript.Chart{
		ID:         "fig-5g-share-" + string(t),
		Type:       t,
		Title:      "Share of declared 5G patents by country",
		Format:     mustFormat("0%"),
		Categories: []string{"China", "South Korea", "US", "Finland", "Sweden", "Japan"},
		Series:     []manuscript.Series{{Name: "Share", Values: []float64{34, 25, 14, 14, 8, 5}}},
		Labels:     true,
		Source:     "IPlytics",
	})
}

// internetBars: the CNNIC figures as grouped or stacked bars.
func internetBars(t manuscript.ChartType, percent bool) *manuscript.Chart {
	c := internetUsers()
	c.ID = "fig-cnnic-" + string(t) + map[bool]string{true: "-pct"}[percent]
	c.Type = t
	c.Percent = percent
	c.Series = []manuscript.Series{
		{Name: "Fixed only", Values: []float64{688 - 620, 731 - 695, 772 - 753, 829 - 817}},
		{Name: "Mobile", Values: []float64{620, 695, 753, 817}},
	}
	return c
}

func allCharts() []*manuscript.Chart {
	bar := patentFamilies()
	bar.ID, bar.Type = "fig-bar", manuscript.ChartBar
	bar.Categories, bar.Series = bar.Categories[:6], []manuscript.Series{{Name: "Families", Values: bar.Series[0].Values[:6]}}
	grouped := internetBars(manuscript.ChartGroupedBar, false)
	grouped.Series[0] = manuscript.Series{Name: "Internet users", Values: []float64{688, 731, 772, 829}}
	grouped.Series[1] = manuscript.Series{Name: "Mobile internet users", Values: []float64{620, 695, 753, 817}}
	return []*manuscript.Chart{
		bar,
		patentFamilies(),
		grouped,
		internetBars(manuscript.ChartStackedBar, false),
		internetBars(manuscript.ChartStackedBar, true),
		internetUsers(),
		patentShares(manuscript.ChartPie),
		patentShares(manuscript.ChartDonut),
	}
}
