package manuscript

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register JPEG for DecodeConfig
	_ "image/png"  // register PNG for DecodeConfig
	"io"
	"math"
	"path"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var chartKeys = []string{"id", "type", "title", "subtitle", "unit", "format", "categories", "series", "data",
	"highlight", "sort", "percent", "axis", "labels", "legend", "source", "note", "alt"}

// maxPieSlices is the most slices a pie or donut may have and stay readable.
const maxPieSlices = 8

// chartRef is a figure's reference to a chart, resolved once all chapters
// are loaded.
type chartRef struct {
	fig *Figure
	pos Pos
}

func chartTypeNames() []string {
	var out []string
	for _, t := range ChartTypes {
		out = append(out, string(t))
	}
	return out
}

// chart decodes and checks one chart definition.
func (d *fileDecoder) chart(n *yaml.Node, c *Chapter) *Chart {
	o := d.object(n, "chart", chartKeys...)
	if o == nil {
		return nil
	}
	o.require("id", "type", "title", "source")
	ch := &Chart{Pos: d.pos(d.resolve(n)), Labels: true, Legend: "auto"}
	ch.ID = o.str("id")
	if ch.ID != "" && d.checkID(o.node("id"), ch.ID, "chart") {
		if prev, dup := d.l.charts[ch.ID]; dup {
			d.errorf(o.node("id"), fmt.Sprintf("it is already used at %s", prev.Pos), "duplicate chart id %q", ch.ID)
		} else {
			d.l.charts[ch.ID] = ch
		}
	}
	if t := o.str("type"); t != "" {
		if !contains(chartTypeNames(), t) {
			hint := "chart types: " + strings.Join(chartTypeNames(), ", ")
			if s := suggest(t, chartTypeNames()); s != "" {
				hint = fmt.Sprintf("did you mean %q? (chart types: %s)", s, strings.Join(chartTypeNames(), ", "))
			}
			d.errorf(o.node("type"), hint, "unknown chart type %q", t)
		} else {
			ch.Type = ChartType(t)
		}
	}
	ch.Title, ch.Subtitle = o.text("title").Plain(), o.text("subtitle").Plain()
	ch.Unit, ch.Source, ch.Note, ch.Alt = o.shown("unit"), o.text("source").Plain(), o.text("note").Plain(), o.text("alt").Plain()
	if f := o.shown("format"); f != "" {
		nf, ok := ParseNumberFormat(f)
		if !ok {
			d.errorf(o.node("format"), `write a pattern such as "#,##0", "0.0%" or "RMB #,##0.0bn"`, "number format %q has no digits placeholder (# or 0)", f)
		}
		ch.Format = nf
	}
	ch.Highlight = o.strings("highlight")
	if s := o.str("sort"); s != "" {
		sorts := []string{"ascending", "descending", "none"}
		if !contains(sorts, s) {
			d.errorf(o.node("sort"), "sort is ascending, descending or none (as given)", "unknown sort %q", s)
		} else if s != "none" {
			ch.Sort = s
		}
	}
	if s := o.str("legend"); s != "" {
		legends := []string{"auto", "bottom", "right", "top", "none"}
		if !contains(legends, s) {
			d.errorf(o.node("legend"), "legend is auto, bottom, right, top or none", "unknown legend position %q", s)
		} else {
			ch.Legend = s
		}
	}
	ch.Labels = o.boolean("labels", true)
	ch.Percent = o.boolean("percent", false)
	if ch.Percent && ch.Type != ChartStackedBar && ch.Type != "" {
		d.errorf(o.node("percent"), "percent applies to stacked-bar charts", "percent is not used by a %s chart", ch.Type)
	}
	if an := o.node("axis"); an != nil {
		if ao := d.object(an, "axis", "min", "max"); ao != nil {
			if mn := ao.node("min"); mn != nil {
				if v, ok := d.number(mn, "axis min"); ok {
					ch.AxisMin = &v
				}
			}
			if mx := ao.node("max"); mx != nil {
				if v, ok := d.number(mx, "axis max"); ok {
					ch.AxisMax = &v
				}
			}
			if ch.AxisMin != nil && ch.AxisMax != nil && *ch.AxisMin >= *ch.AxisMax {
				d.errorf(an, "", "axis min (%g) must be below axis max (%g)", *ch.AxisMin, *ch.AxisMax)
			}
		}
	}
	both := o.has("data") && (o.has("categories") || o.has("series"))
	switch {
	case both:
		d.errorf(o.keys["data"], "give the data inline (categories and series) or from a file (data), not both", "a chart has both inline data and a data file")
	case o.has("data"):
		if !d.chartCSV(ch, o.node("data")) {
			return ch // its data file's error said it all
		}
	default:
		o.require("categories", "series")
		ch.Categories = o.shownStrings("categories")
		for _, sn := range d.list(o.node("series"), "series") {
			so := d.object(sn, "series", "name", "values")
			if so == nil || !so.require("values") {
				continue
			}
			s := Series{Pos: d.pos(d.resolve(sn)), Name: so.text("name").Plain()}
			for _, vn := range d.list(so.node("values"), "values") {
				v, ok := d.number(vn, "a chart value")
				if !ok {
					v = math.NaN()
				}
				s.Values = append(s.Values, v)
			}
			if len(s.Values) != len(ch.Categories) && len(ch.Categories) > 0 {
				d.errorf(so.node("values"), "give one value per category", "series %q has %d values but the chart has %d categories", s.Name, len(s.Values), len(ch.Categories))
			}
			ch.Series = append(ch.Series, s)
		}
	}
	if pts, lim := len(ch.Categories)*max(1, len(ch.Series)), d.l.limits().ChartPoints; pts > lim {
		d.errorf(d.resolve(n), overLimit("chart_points"), "the chart has %d values (%d categories, %d series), more than a chart may draw (%d)", pts, len(ch.Categories), len(ch.Series), lim)
		return nil
	}
	if !both {
		d.checkChart(ch, o)
	}
	book := d.l.book
	ch.Color, ch.Palette, ch.Accent, ch.Muted = c.Color, book.Theme.Palette, book.Theme.Accent, book.Theme.Muted
	return ch
}

// checkChart reports data that cannot make the chart its type promises.
func (d *fileDecoder) checkChart(ch *Chart, o *object) {
	// at is where to report a problem with what key holds: its node, or,
	// for data read from a file, the data mapping
	at := func(key string) *yaml.Node {
		for _, k := range []string{key, "data"} {
			if n := o.node(k); n != nil {
				return n
			}
		}
		return o.n
	}
	if len(ch.Series) == 0 && o.has("series") {
		d.errorf(o.node("series"), "add a series: - {name: …, values: […]}", "the chart has no data")
		return
	}
	if len(ch.Categories) == 0 && o.has("categories") {
		d.errorf(o.node("categories"), "", "the chart has no categories")
		return
	}
	for _, h := range ch.Highlight {
		if !contains(ch.Categories, h) && len(ch.Categories) > 0 {
			hint := ""
			if s := suggest(h, ch.Categories); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			d.errorf(o.node("highlight"), hint, "highlighted category %q is not among the chart's categories", h)
		}
	}
	seen := map[string]bool{}
	for i, c := range ch.Categories {
		pos := d.pos(at("categories"))
		if i < len(ch.categoryAt) {
			pos = ch.categoryAt[i] // its row in the CSV file
		}
		switch {
		case strings.TrimSpace(c) == "":
			d.l.add(Diagnostic{Pos: pos, Message: fmt.Sprintf("category %d has no name", i+1), Hint: "give every category a label"})
		case seen[c]:
			d.l.add(Diagnostic{Pos: pos, Message: fmt.Sprintf("category %q appears twice", c)})
		}
		seen[c] = true
	}
	if ch.Type == ChartPie || ch.Type == ChartDonut {
		if len(ch.Series) > 1 {
			d.errorf(at("series"), "use a grouped-bar chart to compare series", "a %s chart shows one series, not %d", ch.Type, len(ch.Series))
		}
		if len(ch.Categories) > maxPieSlices {
			d.errorf(at("categories"), "use an hbar chart, or group the small slices as \"Other\"", "a %s chart with %d slices is too many to read (at most %d)", ch.Type, len(ch.Categories), maxPieSlices)
		}
		for _, s := range ch.Series {
			total := 0.0
			for i, v := range s.Values {
				if v < 0 {
					name := ""
					if i < len(ch.Categories) {
						name = ch.Categories[i]
					}
					d.l.add(Diagnostic{Pos: s.Pos, Message: fmt.Sprintf("a %s chart cannot show the negative value %g (%s)", ch.Type, v, name), Hint: "use a bar chart for values that can be negative"})
				}
				if !math.IsNaN(v) {
					total += v
				}
			}
			if total == 0 && len(s.Values) > 0 {
				d.l.add(Diagnostic{Pos: s.Pos, Message: fmt.Sprintf("a %s chart's values add up to zero", ch.Type), Hint: "a pie or donut shows shares of a total; give at least one value above zero"})
			}
		}
	}
}

// chartCSV reads a chart's data from a CSV file. It returns false when the
// file passed a limit, which says all there is to say of the chart.
func (d *fileDecoder) chartCSV(ch *Chart, n *yaml.Node) bool {
	o := d.object(n, "chart data", "file", "categories", "series")
	if o == nil || !o.require("file", "categories", "series") {
		return true
	}
	name, ok := d.l.checkPath(o.str("file"), d.pos(o.node("file")))
	if !ok {
		return true
	}
	ref := &DataRef{Pos: d.pos(d.resolve(n)), File: name, Category: o.str("categories"), Columns: o.strings("series")}
	ch.Data = ref
	data, ok := d.l.readFile(name, d.pos(o.node("file")))
	if !ok {
		return true
	}
	file := d.l.display(name)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d.l.source(file, data)
	if !utf8.Valid(data) {
		d.l.add(invalidUTF8(file, data))
		return true
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true // what is kept is copied out
	header, err := r.Read()
	if err != nil {
		d.l.add(csvError(file, err, "the file has no header row"))
		return true
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.TrimSpace(h)
		if j, dup := col[name]; dup && (name == ref.Category || contains(ref.Columns, name)) {
			line, c := r.FieldPos(i)
			d.l.add(Diagnostic{Pos: Pos{File: file, Line: line, Col: c},
				Message: fmt.Sprintf("column %q appears twice in the header (columns %d and %d), and the chart uses it", name, j+1, i+1),
				Hint:    "give each column a name of its own"})
			return true
		}
		if _, dup := col[name]; dup {
			continue // not used: the first one stands
		}
		col[name] = i
		if contains(ref.Columns, strings.TrimSpace(h)) {
			// a series' name, shown in the legend
			line, c := r.FieldPos(i)
			d.l.notePrintedField(file, line, c, h)
		}
	}
	find := func(name string, at *yaml.Node) int {
		i, ok := col[name]
		if !ok {
			hint := "columns: " + strings.Join(header, ", ")
			if s := suggest(name, header); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			d.errorf(at, hint, "column %q not found in %s", name, name2(file))
			return -1
		}
		return i
	}
	ci := find(ref.Category, o.node("categories"))
	var sis []int
	for _, c := range ref.Columns {
		sis = append(sis, find(c, o.node("series")))
		ch.Series = append(ch.Series, Series{Pos: ref.Pos, Name: c})
	}
	if ci < 0 {
		return true
	}
	maxRows := d.l.limits().Rows
	for rows := 0; ; rows++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if rows == maxRows {
			line, _ := r.FieldPos(0)
			d.l.add(Diagnostic{Pos: Pos{File: file, Line: line, Col: 1}, Message: fmt.Sprintf("the data file has more than %d rows", maxRows), Hint: overLimit("rows")})
			return false
		}
		if err != nil {
			d.l.add(csvError(file, err, ""))
			return true
		}
		line, _ := r.FieldPos(0)
		if ci >= len(rec) {
			d.l.add(Diagnostic{Pos: Pos{File: file, Line: line, Col: 1}, Message: fmt.Sprintf("row has %d %s; the category column %q is missing", len(rec), plural(len(rec), "field", "fields"), ref.Category)})
			continue
		}
		ch.Categories = append(ch.Categories, strings.TrimSpace(rec[ci]))
		cl, cc := r.FieldPos(ci)
		ch.categoryAt = append(ch.categoryAt, Pos{File: file, Line: cl, Col: cc})
		d.l.notePrintedField(file, cl, cc, rec[ci])
		for k, si := range sis {
			if si < 0 {
				continue
			}
			v := math.NaN()
			if si >= len(rec) {
				d.l.add(Diagnostic{Pos: Pos{File: file, Line: line, Col: 1}, Message: fmt.Sprintf("row has no value in column %q", ref.Columns[k])})
			} else {
				l, c := r.FieldPos(si)
				p := Pos{File: file, Line: l, Col: c}
				f, err := parseNumber(rec[si])
				switch {
				case err != nil:
					d.l.add(Diagnostic{Pos: p, Message: fmt.Sprintf("value %q in column %q is not a number", rec[si], ref.Columns[k]), Hint: "write digits, optionally with a decimal point and thousands commas"})
				case math.IsNaN(f) || math.IsInf(f, 0):
					d.l.add(Diagnostic{Pos: p, Message: fmt.Sprintf("value %q in column %q is not a finite number", rec[si], ref.Columns[k])})
				case math.Abs(f) > 1e15:
					d.l.add(Diagnostic{Pos: p, Message: fmt.Sprintf("value %q in column %q is too large to chart", rec[si], ref.Columns[k])})
				default:
					v = f
				}
			}
			ch.Series[k].Values = append(ch.Series[k].Values, v)
		}
	}
	if len(ch.Categories) == 0 {
		d.errorf(o.node("file"), "", "%s has no data rows", name2(file))
	}
	return true
}

func name2(file string) string { return path.Base(file) }

func csvError(file string, err error, fallback string) Diagnostic {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		d := Diagnostic{Pos: Pos{File: file, Line: pe.Line, Col: pe.Column}, Message: "CSV: " + pe.Err.Error()}
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			d.Hint = `put a field that holds a " in quotes, and double the " inside: "7""2"`
		case errors.Is(pe.Err, csv.ErrQuote):
			d.Hint = `a quoted field ends with a " followed by a comma or the end of the line`
		}
		return d
	}
	msg := fallback
	if msg == "" {
		msg = "CSV: " + err.Error()
	}
	return Diagnostic{Pos: Pos{File: file, Line: 1, Col: 1}, Message: msg}
}

// maxImagePixels bounds the size of an image the manuscript may use.
const maxImagePixels = 50_000_000

// image reads and checks an image file named by a figure.
func (d *fileDecoder) image(n *yaml.Node) *Image {
	p, ok := d.scalar(n, "image")
	if !ok {
		return nil
	}
	name, ok := d.l.checkPath(p, d.pos(n))
	if !ok {
		return nil
	}
	data, ok := d.l.readFile(name, d.pos(n))
	if !ok {
		return nil
	}
	if kind := otherImageFormat(data); kind != "" {
		d.errorf(n, "convert it to PNG (for drawings and screenshots) or JPEG (for photographs)", "image %q is %s file; Folio takes PNG and JPEG images", name, kind)
		return nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			d.errorf(n, "export it again as PNG or JPEG", "image %q is not a PNG or JPEG file", name)
		} else {
			d.errorf(n, "the file is damaged or truncated; export it again", "image %q cannot be read: %v", name, err)
		}
		return nil
	}
	if cfg.Width*cfg.Height > maxImagePixels || cfg.Width > 20000 || cfg.Height > 20000 {
		d.errorf(n, "scale it to at most 7,000 pixels a side (300 dpi over 60 cm)", "image %q is too large: %d×%d pixels", name, cfg.Width, cfg.Height)
		return nil
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		d.errorf(n, "the file is damaged or truncated; export it again", "image %q is corrupt: %v", name, err)
		return nil
	}
	ext := strings.ToLower(path.Ext(name))
	wantExt := map[string][]string{"png": {".png"}, "jpeg": {".jpg", ".jpeg"}}[format]
	if !contains(wantExt, ext) {
		d.errorf(n, fmt.Sprintf("rename it to end in %s", wantExt[0]), "image %q is a %s file but named %s", name, strings.ToUpper(format), ext)
	}
	return &Image{Path: name, Format: format, Width: cfg.Width, Height: cfg.Height, Data: data}
}

// otherImageFormat names the format of an image file Folio does not take,
// with its article ("a GIF"), from its first bytes; it returns "" for
// anything else.
func otherImageFormat(data []byte) string {
	head := data[:min(len(data), 512)]
	trimmed := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	switch {
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "a GIF"
	case len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		return "a WebP"
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "a TIFF"
	case bytes.HasPrefix(head, []byte("BM")) && len(head) >= 14:
		return "a BMP"
	case len(head) >= 12 && bytes.Equal(head[4:8], []byte("ftyp")) && (bytes.Contains(head[8:12], []byte("hei")) || bytes.Contains(head[8:12], []byte("avif")) || bytes.Contains(head[8:12], []byte("mif1"))):
		return "a HEIF or AVIF"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "a PDF"
	case bytes.HasPrefix(trimmed, []byte("<svg")), bytes.HasPrefix(trimmed, []byte("<?xml")) && bytes.Contains(head, []byte("<svg")):
		return "an SVG"
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// invalidUTF8 reports the position of the first byte of data that is not
// UTF-8.
func invalidUTF8(file string, data []byte) Diagnostic {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Message: fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i]), Hint: "save the file as UTF-8"}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Message: "invalid UTF-8", Hint: "save the file as UTF-8"}
}
