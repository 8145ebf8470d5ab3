package manuscript

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// EachText calls fn for every text field of the chapter in reading order:
// title, standfirst, key figures, body, then footnotes.
func (c *Chapter) EachText(fn func(t *Text)) {
	fn(&c.Title)
	fn(&c.Standfirst)
	for i := range c.KeyFigures {
		fn(&c.KeyFigures[i].Label)
		fn(&c.KeyFigures[i].Source)
	}
	EachBlockText(c.Body, fn)
	for _, f := range c.Footnotes {
		fn(&f.Text)
	}
}

// EachBlockText calls fn for every text field of the blocks, in order.
func EachBlockText(blocks []Block, fn func(t *Text)) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *Heading:
			fn(&b.Text)
		case *Paragraph:
			fn(&b.Text)
		case *List:
			eachListText(b, fn)
		case *Quote:
			fn(&b.Text)
			fn(&b.By)
			fn(&b.Cite)
		case *PullQuote:
			fn(&b.Text)
			fn(&b.By)
		case *Callout:
			fn(&b.Title)
			EachBlockText(b.Body, fn)
		case *Figure:
			fn(&b.Caption)
			fn(&b.Source)
		case *Table:
			fn(&b.Caption)
			for i := range b.Columns {
				fn(&b.Columns[i].Title)
			}
			for _, row := range b.Rows {
				for i := range row {
					fn(&row[i])
				}
			}
			fn(&b.Source)
			for i := range b.Notes {
				fn(&b.Notes[i])
			}
		case *Definitions:
			for i := range b.Items {
				fn(&b.Items[i].Term)
				fn(&b.Items[i].Original)
				fn(&b.Items[i].Definition)
			}
		}
	}
}

func eachListText(l *List, fn func(t *Text)) {
	for i := range l.Items {
		fn(&l.Items[i].Text)
		if l.Items[i].Sub != nil {
			eachListText(l.Items[i].Sub, fn)
		}
	}
}

// resolve numbers figures and tables, attaches charts to figures, and
// resolves footnote references and cross-references, once every file is
// loaded.
func (l *loader) resolve(b *Book) {
	b.targets = map[string]Target{}
	for id, def := range l.ids {
		b.targets[id] = def.target
	}
	for _, c := range b.Documents() {
		l.number(c)
		b.Charts = append(b.Charts, c.Charts...)
	}
	for _, r := range l.chartRefs {
		ch, ok := l.charts[r.fig.ChartRef]
		if !ok {
			hint := ""
			var ids []string
			for id := range l.charts {
				ids = append(ids, id)
			}
			if s := suggest(r.fig.ChartRef, ids); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			l.add(Diagnostic{Pos: r.pos, Message: fmt.Sprintf("figure shows chart %q, which is not defined", r.fig.ChartRef), Hint: hint})
			continue
		}
		r.fig.Chart = ch
	}
	for _, c := range b.Documents() {
		l.footnotes(c)
		c.EachText(func(t *Text) { l.xrefs(t) })
	}
	l.reportUnresolved()
}

// reportUnresolved reports the cross-references to ids that are defined
// nowhere, when some chapter or matter files did not load: the ids may be
// defined in those, so each id is reported once, where it is first
// referred to, rather than at every reference (one broken chapter is
// referred to from many places).
func (l *loader) reportUnresolved() {
	keys := make([]string, 0, len(l.unresolved))
	for k := range l.unresolved {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	files := l.unloaded
	if len(files) > 3 {
		files = append(files[:3:3], "…")
	}
	where := strings.Join(files, ", ")
	for _, k := range keys {
		refs := l.unresolved[k]
		sort.Slice(refs, func(i, j int) bool { return refs[i].Pos.before(refs[j].Pos) })
		x := refs[0]
		msg := fmt.Sprintf("cross-reference [@%s:%s] points at nothing", x.Kind, x.ID)
		if n := len(refs) - 1; n > 0 {
			msg += fmt.Sprintf(", here and in %d more %s", n, plural(n, "place", "places"))
		}
		hint := fmt.Sprintf("it may be defined in %s, which did not load", where)
		if h := l.refHint(x); h != "" {
			hint = h + "; or " + hint
		}
		l.add(Diagnostic{Pos: x.Pos, End: x.End, Message: msg, Hint: hint})
	}
}

// refHint is the hint for a cross-reference to an id defined nowhere: the
// id it was most likely meant to be, else the ids of its kind.
func (l *loader) refHint(x *XRef) string {
	ids := l.idsOfKind(x.Kind)
	if s := suggest(x.ID, ids); s != "" {
		return fmt.Sprintf("did you mean [@%s:%s]?", x.Kind, s)
	}
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > 8 {
		ids = append(ids[:8], "…")
	}
	return fmt.Sprintf("%s ids in this book: %s", refNames[x.Kind], strings.Join(ids, ", "))
}

// number gives the chapter's figures and tables their numbers.
func (l *loader) number(c *Chapter) {
	figs, tabs := 0, 0
	var walk func([]Block)
	walk = func(blocks []Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *Figure:
				figs++
				if c.Numbered {
					b.Number = fmt.Sprintf("%d.%d", c.Number, figs)
				}
				if b.ID == "" {
					b.ID = fmt.Sprintf("%s-figure-%d", c.ID, figs)
				}
			case *Table:
				tabs++
				if c.Numbered {
					b.Number = fmt.Sprintf("%d.%d", c.Number, tabs)
				}
				if b.ID == "" {
					b.ID = fmt.Sprintf("%s-table-%d", c.ID, tabs)
				}
			case *Callout:
				walk(b.Body)
			}
		}
	}
	walk(c.Body)
}

// footnotes numbers the chapter's footnotes in order of first reference and
// reports references to notes that do not exist and notes never referred to.
func (l *loader) footnotes(c *Chapter) {
	byID := map[string]*Footnote{}
	for _, f := range c.Footnotes {
		f.Chapter = c.ID
		byID[f.ID] = f
	}
	var order []*Footnote
	visit := func(t *Text, inNote bool) {
		Walk(t.Inlines, func(in Inline) {
			ref, ok := in.(*FootnoteRef)
			if !ok {
				return
			}
			if inNote {
				l.add(Diagnostic{Pos: ref.Pos, End: ref.End, Message: "a footnote cannot refer to another footnote", Hint: "merge the two notes"})
				return
			}
			f, ok := byID[ref.ID]
			if !ok {
				var ids []string
				for _, f := range c.Footnotes {
					ids = append(ids, f.ID)
				}
				hint := "define it under footnotes: in this file"
				if s := suggest(ref.ID, ids); s != "" {
					hint = fmt.Sprintf("did you mean [^%s]?", s)
				}
				l.add(Diagnostic{Pos: ref.Pos, End: ref.End, Message: fmt.Sprintf("footnote [^%s] is not defined in this file", ref.ID), Hint: hint})
				return
			}
			ref.Note = f
			if !f.used {
				f.used = true
				order = append(order, f)
				f.Number = len(order)
			}
		})
	}
	visit(&c.Title, false)
	visit(&c.Standfirst, false)
	for i := range c.KeyFigures {
		visit(&c.KeyFigures[i].Label, false)
		visit(&c.KeyFigures[i].Source, false)
	}
	EachBlockText(c.Body, func(t *Text) { visit(t, false) })
	for _, f := range c.Footnotes {
		visit(&f.Text, true)
		if !f.used {
			l.add(Diagnostic{Pos: f.Pos, Severity: Warning, Message: fmt.Sprintf("footnote %q is never referred to", f.ID), Hint: fmt.Sprintf("refer to it with [^%s], or delete it", f.ID)})
		}
	}
	c.Footnotes = order
}

var refNames = map[RefKind]string{RefFigure: "figure", RefTable: "table", RefChapter: "chapter", RefSection: "section"}

// xrefs resolves the cross-references in a text field.
func (l *loader) xrefs(t *Text) {
	Walk(t.Inlines, func(in Inline) {
		x, ok := in.(*XRef)
		if !ok || refNames[x.Kind] == "" {
			return
		}
		def, ok := l.ids[x.ID]
		if !ok && len(l.unloaded) > 0 {
			if l.unresolved == nil {
				l.unresolved = map[string][]*XRef{}
			}
			k := string(x.Kind) + ":" + x.ID
			l.unresolved[k] = append(l.unresolved[k], x)
			return
		}
		if !ok {
			l.add(Diagnostic{Pos: x.Pos, End: x.End, Message: fmt.Sprintf("cross-reference [@%s:%s] points at nothing", x.Kind, x.ID), Hint: l.refHint(x)})
			return
		}
		if def.kind != x.Kind {
			l.add(Diagnostic{Pos: x.Pos, End: x.End, Message: fmt.Sprintf("cross-reference [@%s:%s] points at a %s", x.Kind, x.ID, refNames[def.kind]), Hint: fmt.Sprintf("write [@%s:%s]", def.kind, x.ID)})
			return
		}
		x.Target = def.target
	})
}

// ChapterStats counts what a chapter holds, for editors.
type ChapterStats struct {
	Words     int // words of prose: paragraphs, headings, lists, quotes, callouts, definitions
	Figures   int
	Charts    int // figures that show a chart
	Tables    int
	Footnotes int
}

// Stats counts the chapter's prose words, figures, tables and footnotes.
func (c *Chapter) Stats() ChapterStats {
	var s ChapterStats
	count := func(t *Text) { s.Words += wordCount(t.Plain()) }
	var walk func([]Block)
	walk = func(blocks []Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *Figure:
				s.Figures++
				if b.Chart != nil {
					s.Charts++
				}
			case *Table:
				s.Tables++
			case *Callout:
				count(&b.Title)
				walk(b.Body)
			default:
				EachBlockText([]Block{b}, count)
			}
		}
	}
	walk(c.Body)
	s.Footnotes = len(c.Footnotes)
	return s
}

// wordCount counts words as runs of letters or digits; each CJK character
// counts as a word.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			n++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !in {
				n++
			}
			in = true
		case r == '\'' || r == '’' || r == '-':
			// inside a word: don't, e-commerce
		default:
			in = false
		}
	}
	return n
}
