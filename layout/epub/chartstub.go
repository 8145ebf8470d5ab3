//go:build epubstub

package epub

import (
	"fmt"
	"strings"

	"github.com/folio-press/folio/manuscript"
)

func chartSVG(c *manuscript.Chart) ([]byte, error) {
	return []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400" role="img" aria-labelledby="t"><title id="t">%s</title><rect x="10" y="10" width="100" height="300" fill="#0072b2"/></svg>
`, escape(c.Title))), nil
}

func chartDescribe(c *manuscript.Chart) string { return "Chart: " + c.Title }

func chartTable(c *manuscript.Chart) ([]string, [][]string) {
	h := []string{""}
	for _, s := range c.Series {
		h = append(h, s.Name)
	}
	var rows [][]string
	for i, cat := range c.Categories {
		row := []string{cat}
		for _, s := range c.Series {
			if i < len(s.Values) {
				row = append(row, c.Format.Format(s.Values[i]))
			}
		}
		rows = append(rows, row)
	}
	_ = strings.TrimSpace
	return h, rows
}
