package manuscript

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

var chapterKeys = []string{"id", "number", "role", "title", "short", "kicker", "color", "standfirst",
	"key_figures", "charts", "body", "footnotes"}

var matterRoles = []string{"introduction", "preface", "foreword", "glossary", "bibliography", "appendix",
	"acknowledgments", "afterword", "colophon", "other"}

// chapterFile loads the chapter or matter file named by node n of book.yaml.
// number is the chapter's 1-based position, or 0 for a matter file.
func (l *loader) chapterFile(n *yaml.Node, bd *fileDecoder, number int) *Chapter {
	name, ok := bd.scalar(n, "a chapter file")
	if !ok {
		return nil
	}
	at := bd.pos(n)
	clean, ok := l.checkPath(name, at)
	if !ok {
		return nil
	}
	if prev, dup := l.files[clean]; dup {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("%q is listed twice", clean), Hint: fmt.Sprintf("it is already listed at %s", prev)})
		return nil
	}
	l.files[clean] = at
	d, root := l.loadFile(clean, at)
	var c *Chapter
	if d != nil {
		c = d.chapter(root, clean, number)
	}
	if c == nil {
		// the ids it defines are unknown: references to them are
		// reported together (resolve.go)
		l.unloaded = append(l.unloaded, l.display(clean))
	}
	return c
}

// chapter decodes a chapter or matter document.
func (d *fileDecoder) chapter(n *yaml.Node, file string, number int) *Chapter {
	what := "chapter"
	if number == 0 {
		what = "matter file"
	}
	o := d.object(n, what, chapterKeys...)
	if o == nil {
		return nil
	}
	o.require("id", "title", "body")
	c := &Chapter{Pos: d.pos(n), File: file, Numbered: number > 0, Number: number, Role: "chapter"}
	c.ID = o.str("id")
	if c.ID != "" && d.checkID(o.node("id"), c.ID, what) {
		d.l.defineID(c.ID, d.pos(o.node("id")), RefChapter, c)
	}
	if nn := o.node("number"); nn != nil {
		if number == 0 {
			d.errorf(nn, "front and back matter are not numbered", "a matter file has no number")
		} else if v, ok := o.integer("number"); ok && v != number {
			d.errorf(nn, fmt.Sprintf("it is chapter %d in the order of book.yaml; fix the number or the order", number), "chapter number %d does not match its position", v)
		}
	}
	if rn := o.node("role"); rn != nil {
		role, _ := d.scalar(rn, "role")
		switch {
		case number > 0:
			d.errorf(rn, "roles are for front and back matter files", "a chapter has no role")
		case !contains(matterRoles, role):
			hint := "roles: " + strings.Join(matterRoles, ", ")
			if s := suggest(role, matterRoles); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			d.errorf(rn, hint, "unknown role %q", role)
		default:
			c.Role = role
		}
	} else if number == 0 {
		c.Role = "other"
	}
	c.Title = o.text("title")
	c.Short = o.text("short").Plain()
	c.Kicker = o.text("kicker").Plain()
	c.Standfirst = o.text("standfirst")
	theme := d.l.book.Theme
	switch {
	case o.node("color") != nil:
		c.Color, _ = d.color(o.node("color"))
	case number > 0 && len(theme.Chapters) > 0:
		c.Color = theme.Chapters[(number-1)%len(theme.Chapters)]
	default:
		c.Color = theme.Accent
	}
	for _, kn := range d.list(o.node("key_figures"), `"key_figures"`) {
		ko := d.object(kn, "key figure", "value", "label", "source")
		if ko == nil {
			continue
		}
		ko.require("value", "label", "source")
		c.KeyFigures = append(c.KeyFigures, KeyFigure{Pos: d.pos(kn), Value: ko.text("value").Plain(), Label: ko.text("label"), Source: ko.text("source")})
	}
	for _, cn := range d.list(o.node("charts"), `"charts"`) {
		if ch := d.chart(cn, c); ch != nil {
			c.Charts = append(c.Charts, ch)
		}
	}
	if fn := o.node("footnotes"); fn != nil && !isNull(fn) {
		if fn.Kind != yaml.MappingNode {
			d.errorf(fn, "write footnotes as id: text pairs", "footnotes must be a mapping, not %s", kindName(fn))
		} else {
			seen := map[string]bool{}
			for i := 0; i+1 < len(fn.Content); i += 2 {
				k := d.resolve(fn.Content[i])
				if k == nil {
					continue
				}
				if seen[k.Value] {
					d.errorf(k, "", "duplicate footnote %q", k.Value)
					continue
				}
				seen[k.Value] = true
				c.Footnotes = append(c.Footnotes, &Footnote{Pos: d.pos(k), ID: k.Value, Text: d.text(fn.Content[i+1], fmt.Sprintf("footnote %q", k.Value))})
			}
		}
	}
	bn := o.node("body")
	c.Body = d.blocks(bn, c, "body", false)
	if bn != nil && !isNull(bn) && len(c.Body) == 0 && bn.Kind == yaml.SequenceNode {
		d.errorf(bn, "add at least one paragraph", "the %s %q has an empty body", what, c.ID)
	}
	return c
}

var blockKinds = []string{"p", "heading", "subheading", "list", "quote", "pullquote", "callout", "figure", "table", "definitions", "pagebreak"}

// blocks decodes a list of body blocks. Inside a callout (inner) only
// paragraphs and lists are allowed.
func (d *fileDecoder) blocks(n *yaml.Node, c *Chapter, what string, inner bool) []Block {
	var out []Block
	for _, item := range d.list(n, fmt.Sprintf("%q", what)) {
		if b := d.block(item, c, inner); b != nil {
			out = append(out, b)
		}
	}
	return out
}

func (d *fileDecoder) block(n *yaml.Node, c *Chapter, inner bool) Block {
	n = d.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return &Paragraph{Pos: d.pos(n), Text: d.text(n, "paragraph")}
	}
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		d.errorf(n, "write a block as kind: value, e.g. - p: Some text", "a block must be text or a mapping, not %s", kindName(n))
		return nil
	}
	k := d.resolve(n.Content[0])
	if k == nil {
		return nil
	}
	kind, v := k.Value, n.Content[1]
	if len(n.Content) > 2 {
		extra := d.resolve(n.Content[2])
		d.errorf(extra, fmt.Sprintf("put the fields inside the block: %s: {…, %s: …}", kind, extra.Value), "a block has one key naming its kind; this one also has %q", extra.Value)
	}
	if !contains(blockKinds, kind) {
		hint := "block kinds: " + strings.Join(blockKinds, ", ")
		if strings.HasPrefix(kind, "para") || kind == "text" {
			hint = `did you mean "p"? (a paragraph)`
		} else if s := suggest(kind, blockKinds); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		d.errorf(k, hint, "unknown block kind %q", kind)
		return nil
	}
	if inner && kind != "p" && kind != "list" {
		d.errorf(k, "a callout holds paragraphs and lists", "a %s cannot go inside a callout", kind)
		return nil
	}
	pos := d.pos(k)
	switch kind {
	case "p":
		return &Paragraph{Pos: pos, Text: d.text(v, "paragraph")}
	case "heading", "subheading":
		return d.heading(v, pos, kind, c)
	case "list":
		return d.listBlock(v, pos, 0)
	case "quote":
		q := &Quote{Pos: pos}
		if o := d.textObject(v, "quote", "text", "by", "cite"); o != nil {
			o.require("by")
			q.Text, q.By, q.Cite = o.text("text"), o.text("by"), o.text("cite")
		}
		return q
	case "pullquote":
		q := &PullQuote{Pos: pos}
		if o := d.textObject(v, "pullquote", "text", "by"); o != nil {
			q.Text, q.By = o.text("text"), o.text("by")
		}
		return q
	case "callout":
		b := &Callout{Pos: pos}
		if o := d.object(v, "callout", "title", "body"); o != nil {
			o.require("body")
			b.Title = o.text("title")
			b.Body = d.blocks(o.node("body"), c, "callout body", true)
		}
		return b
	case "figure":
		return d.figure(v, pos, c)
	case "table":
		return d.table(v, pos, c)
	case "definitions":
		return d.definitions(v, pos)
	case "pagebreak":
		return &PageBreak{Pos: pos}
	}
	return nil
}

// textObject reads a block whose value is its text, or a mapping with a
// "text" field and others.
func (d *fileDecoder) textObject(v *yaml.Node, what string, keys ...string) *object {
	v = d.resolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		d.errorf(v, fmt.Sprintf("write %s: Some text, or %s: {text: Some text, …}", what, what), "%s must be text or a mapping, not a list", what)
		return nil
	}
	if v.Kind == yaml.ScalarNode {
		// shorthand: the value is the text; wrap it as {text: value}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: "text", Line: v.Line, Column: v.Column}
		v = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, v}, Line: v.Line, Column: v.Column}
	}
	o := d.object(v, what, keys...)
	if o != nil {
		o.require("text")
	}
	return o
}

func (d *fileDecoder) heading(v *yaml.Node, pos Pos, kind string, c *Chapter) Block {
	h := &Heading{Pos: pos, Level: 1, Chapter: c}
	if kind == "subheading" {
		h.Level = 2
	}
	o := d.textObject(v, kind, "text", "id")
	if o == nil {
		return h
	}
	h.Text = o.text("text")
	if id := o.str("id"); id != "" {
		if d.checkID(o.node("id"), id, kind) {
			h.ID = id
			d.l.defineID(id, d.pos(o.node("id")), RefSection, h)
		}
		return h
	}
	base := c.ID + "-" + slug(h.Text.Plain())
	h.ID = base
	for i := 2; ; i++ {
		if _, taken := d.l.ids[h.ID]; !taken {
			break
		}
		h.ID = fmt.Sprintf("%s-%d", base, i)
	}
	d.l.defineID(h.ID, pos, RefSection, h)
	return h
}

func (d *fileDecoder) listBlock(v *yaml.Node, pos Pos, depth int) *List {
	l := &List{Pos: pos}
	v = d.resolve(v)
	if v == nil {
		return l
	}
	items := v
	if v.Kind == yaml.MappingNode {
		o := d.object(v, "list", "ordered", "items")
		if o == nil || !o.require("items") {
			return l
		}
		l.Ordered = o.boolean("ordered", false)
		items = o.node("items")
	}
	for _, it := range d.list(items, "list items") {
		it = d.resolve(it)
		if it == nil {
			continue
		}
		li := ListItem{Pos: d.pos(it)}
		if it.Kind == yaml.MappingNode {
			o := d.object(it, "list item", "text", "items", "ordered")
			if o == nil {
				continue
			}
			o.require("text")
			li.Text = o.text("text")
			if sub := o.node("items"); sub != nil {
				if depth >= 1 {
					d.errorf(sub, "lists nest one level deep", "a nested list cannot hold another list")
				} else {
					wrapped := &yaml.Node{Kind: yaml.MappingNode, Line: it.Line, Column: it.Column}
					wrapped.Content = append(wrapped.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "items"}, sub)
					if on := o.node("ordered"); on != nil {
						wrapped.Content = append(wrapped.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "ordered"}, on)
					}
					li.Sub = d.listBlock(wrapped, d.pos(sub), depth+1)
				}
			}
		} else {
			li.Text = d.text(it, "list item")
		}
		l.Items = append(l.Items, li)
	}
	if len(l.Items) == 0 {
		d.errorf(v, "", "the list is empty")
	}
	return l
}

func (d *fileDecoder) figure(v *yaml.Node, pos Pos, c *Chapter) Block {
	f := &Figure{Pos: pos, Chapter: c}
	o := d.object(v, "figure", "id", "chart", "image", "caption", "alt", "source")
	if o == nil {
		return nil
	}
	o.require("caption", "source")
	f.ID = o.str("id")
	if f.ID != "" && d.checkID(o.node("id"), f.ID, "figure") {
		d.l.defineID(f.ID, d.pos(o.node("id")), RefFigure, f)
	}
	f.Caption, f.Source = o.text("caption"), o.text("source")
	f.Alt = o.text("alt").Plain()
	switch {
	case o.has("chart") && o.has("image"):
		d.errorf(o.keys["image"], "a figure shows one chart or one image", "a figure has both a chart and an image")
	case o.has("chart"):
		f.ChartRef = o.str("chart")
		d.l.chartRefs = append(d.l.chartRefs, chartRef{fig: f, pos: d.pos(o.node("chart"))})
	case o.has("image"):
		f.Image = d.image(o.node("image"))
		if f.Alt == "" {
			d.errorf(d.resolve(v), "describe the image for readers who cannot see it", "an image figure needs alt text")
		}
	default:
		d.errorf(d.resolve(v), "name a chart id with chart: or a file with image:", "a figure needs a chart or an image")
	}
	return f
}

func (d *fileDecoder) table(v *yaml.Node, pos Pos, c *Chapter) Block {
	t := &Table{Pos: pos, Chapter: c}
	o := d.object(v, "table", "id", "caption", "columns", "rows", "source", "notes")
	if o == nil {
		return nil
	}
	o.require("caption", "columns", "rows", "source")
	t.ID = o.str("id")
	if t.ID != "" && d.checkID(o.node("id"), t.ID, "table") {
		d.l.defineID(t.ID, d.pos(o.node("id")), RefTable, t)
	}
	t.Caption, t.Source = o.text("caption"), o.text("source")
	for _, cn := range d.list(o.node("columns"), "columns") {
		cn = d.resolve(cn)
		if cn == nil {
			continue
		}
		col := Column{Align: "left"}
		if cn.Kind == yaml.ScalarNode {
			col.Title = d.text(cn, "column title")
		} else if co := d.object(cn, "column", "title", "align"); co != nil {
			co.require("title")
			col.Title = co.text("title")
			if a := co.str("align"); a != "" {
				aligns := []string{"left", "right", "center"}
				if !contains(aligns, a) {
					hint := "align is left, right or center"
					if s := suggest(a, aligns); s != "" {
						hint = fmt.Sprintf("did you mean %q?", s)
					}
					d.errorf(co.node("align"), hint, "unknown alignment %q", a)
				} else {
					col.Align = a
				}
			}
		}
		t.Columns = append(t.Columns, col)
	}
	rowNodes := d.list(o.node("rows"), "rows")
	if n, lim := len(rowNodes)*max(1, len(t.Columns)), d.l.limits().TableCells; n > lim {
		d.errorf(o.node("rows"), overLimit("table_cells"), "the table has %d cells (%d rows of %d columns), more than a table may have (%d)", n, len(rowNodes), len(t.Columns), lim)
		return t
	}
	for _, rn := range rowNodes {
		cells := d.list(rn, "a table row")
		if cells == nil {
			continue
		}
		if len(t.Columns) > 0 && len(cells) != len(t.Columns) {
			d.errorf(d.resolve(rn), "", "row has %d cells but the table has %d columns", len(cells), len(t.Columns))
		}
		row := make([]Text, 0, len(cells))
		for _, cell := range cells {
			row = append(row, d.text(cell, "a table cell"))
		}
		t.Rows = append(t.Rows, row)
	}
	if rn := o.node("rows"); rn != nil && rn.Kind == yaml.SequenceNode && len(rn.Content) == 0 {
		d.errorf(rn, "", "the table has no rows")
	}
	for _, nn := range d.list(o.node("notes"), "notes") {
		t.Notes = append(t.Notes, d.text(nn, "a table note"))
	}
	return t
}

func (d *fileDecoder) definitions(v *yaml.Node, pos Pos) Block {
	b := &Definitions{Pos: pos}
	for _, it := range d.list(v, "definitions") {
		o := d.object(it, "definition", "term", "original", "text")
		if o == nil {
			continue
		}
		o.require("term", "text")
		b.Items = append(b.Items, Definition{Pos: d.pos(it), Term: o.text("term"), Original: o.text("original"), Definition: o.text("text")})
	}
	if len(b.Items) == 0 {
		d.errorf(d.resolve(v), "", "the definitions list is empty")
	}
	return b
}
