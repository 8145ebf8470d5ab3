package manuscript

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// inlineParser parses text fields as Markdown inline markup with goldmark.
// Only the paragraph block parser is enabled, so block syntax (#, -, >) in
// a text field stays text; blocks are written as blocks in the YAML.
type inlineParser struct {
	md parser.Parser
}

func newInlineParser() *inlineParser {
	subs := map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
		extension.Apostrophe:       "’",
	}
	inlines := append(parser.DefaultInlineParsers(),
		util.Prioritized(refParser{}, 150),
		util.Prioritized(extension.NewTypographerParser(extension.WithTypographicSubstitutions(subs)), 9999),
	)
	return &inlineParser{md: parser.NewParser(
		parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
		parser.WithInlineParsers(inlines...),
	)}
}

// problemFunc receives a problem at a byte offset of the parsed text.
type problemFunc func(offset int, hint, msg string)

// parse parses s and converts goldmark's tree to the model's inlines.
func (p *inlineParser) parse(s string, problem problemFunc) []Inline {
	src := []byte(s)
	doc := p.md.Parse(text.NewReader(src))
	c := inlineConverter{src: src, problem: problem}
	var out []Inline
	paras := 0
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		paras++
		if paras == 2 {
			c.problem(blockOffset(b), "a text field holds one paragraph; start a new block for the next one", "blank line inside a text field")
		}
		if paras > 1 {
			out = appendStr(out, " ", -1)
		}
		out = append(out, c.children(b)...)
	}
	return trimSpace(out)
}

func blockOffset(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return 0
}

type inlineConverter struct {
	src     []byte
	problem problemFunc
	rawHTML bool // raw HTML was reported already (once per field is enough)
}

func (c *inlineConverter) children(n ast.Node) []Inline {
	var out []Inline
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		out = c.node(out, ch)
	}
	return out
}

func (c *inlineConverter) node(out []Inline, n ast.Node) []Inline {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Value(c.src)
		if !n.IsRaw() {
			v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
		}
		out = appendStr(out, string(v), n.Segment.Start)
		switch {
		case n.HardLineBreak():
			out = append(out, &LineBreak{})
		case n.SoftLineBreak():
			out = appendStr(out, " ", -1)
		}
	case *ast.String:
		out = appendStr(out, string(n.Value), -1)
	case *ast.Emphasis:
		if n.Level >= 2 {
			return append(out, &Strong{Children: c.children(n)})
		}
		return append(out, &Emph{Children: c.children(n)})
	case *ast.CodeSpan:
		var sb strings.Builder
		var marks []strMark
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if t, ok := ch.(*ast.Text); ok {
				marks = append(marks, strMark{int32(sb.Len()), int32(t.Segment.Start)})
				sb.Write(t.Segment.Value(c.src))
			} else if s, ok := ch.(*ast.String); ok {
				sb.Write(s.Value)
			}
		}
		return append(out, &Code{Text: sb.String(), marks: marks})
	case *ast.Link:
		url := string(n.Destination)
		c.checkURL(n, url)
		return append(out, &Link{URL: url, Children: c.children(n)})
	case *ast.AutoLink:
		url := string(n.URL(c.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
			url = "mailto:" + url
		}
		c.checkURL(n, url)
		lbl := n.Label(c.src)
		label := &Str{Text: string(lbl)}
		// the label is a slice of the source: its offset is where it
		// starts in it
		if off := cap(c.src) - cap(lbl); off >= 0 && off+len(lbl) <= len(c.src) && string(c.src[off:off+len(lbl)]) == label.Text {
			label.marks = []strMark{{0, int32(off)}}
		}
		return append(out, &Link{URL: url, Children: []Inline{label}})
	case *ast.RawHTML:
		var sb strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			sb.Write(seg.Value(c.src))
		}
		off := 0
		if n.Segments.Len() > 0 {
			off = n.Segments.At(0).Start
		}
		if c.rawHTML {
			return out
		}
		c.rawHTML = true
		c.problem(off, `write Markdown instead; to show a literal "<", write "\<"`, fmt.Sprintf("raw HTML is not allowed in text: %q", shorten(sb.String(), 40)))
	case *ast.Image:
		c.problem(c.offset(n), "use a figure block with an image", "images are not allowed inside text")
	case *refNode:
		if n.footnote {
			return append(out, &FootnoteRef{ID: n.id, offset: n.offset, length: n.length})
		}
		x := &XRef{Kind: RefKind(n.kind), ID: n.id}
		switch x.Kind {
		case RefFigure, RefTable, RefChapter, RefSection:
		default:
			c.problem(n.offset, "write [@fig:ID], [@tab:ID], [@ch:ID] or [@sec:ID]", fmt.Sprintf("unknown cross-reference kind %q", n.kind))
		}
		x.offset, x.length = n.offset, n.length
		out = append(out, x)
	default:
		out = append(out, c.children(n)...)
	}
	return out
}

func (c *inlineConverter) offset(n ast.Node) int {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if t, ok := ch.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

func (c *inlineConverter) checkURL(n ast.Node, url string) {
	lower := strings.ToLower(url)
	for _, ok := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(lower, ok) {
			return
		}
	}
	c.problem(c.offset(n), "links go to https://, http:// or mailto: addresses; refer to parts of the book with [@fig:ID] and the like", fmt.Sprintf("link address %q is not allowed", shorten(url, 60)))
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// appendStr appends text, merging it into a preceding Str. src is the
// byte offset of s in the field's source, or -1 for text the markup made
// (typography, a space for a line break).
func appendStr(out []Inline, s string, src int) []Inline {
	if s == "" {
		return out
	}
	var mark []strMark
	if src >= 0 {
		mark = []strMark{{0, int32(src)}}
	}
	if len(out) > 0 {
		if last, ok := out[len(out)-1].(*Str); ok {
			if src >= 0 {
				mark[0].text = int32(len(last.Text))
				last.marks = append(last.marks, mark[0])
			}
			last.Text += s
			return out
		}
	}
	return append(out, &Str{Text: s, marks: mark})
}

func trimSpace(out []Inline) []Inline {
	if len(out) > 0 {
		if s, ok := out[0].(*Str); ok {
			trimmed := strings.TrimLeft(s.Text, " \t\n")
			if cut := len(s.Text) - len(trimmed); cut > 0 {
				for i := range s.marks {
					if s.marks[i].text >= int32(cut) {
						s.marks[i].text -= int32(cut)
					} else {
						s.marks[i].src += int32(cut) - s.marks[i].text
						s.marks[i].text = 0
					}
				}
			}
			s.Text = trimmed
		}
		if s, ok := out[len(out)-1].(*Str); ok {
			s.Text = strings.TrimRight(s.Text, " \t\n")
		}
	}
	return out
}

// refNode is a footnote reference [^id] or a cross-reference [@kind:id]
// in goldmark's tree.
type refNode struct {
	ast.BaseInline
	footnote bool
	kind, id string
	offset   int
	length   int // of the reference as written
}

var kindRef = ast.NewNodeKind("FolioRef")

// Kind implements ast.Node.
func (n *refNode) Kind() ast.NodeKind { return kindRef }

// Dump implements ast.Node.
func (n *refNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"kind": n.kind, "id": n.id}, nil)
}

var (
	footnoteRefRE = regexp.MustCompile(`^\[\^([^\]\s]+)\]`)
	xrefRE        = regexp.MustCompile(`^\[@([A-Za-z]+):([^\]\s]+)\]`)
)

// refParser parses [^id] and [@kind:id] before goldmark's link parser sees
// the bracket.
type refParser struct{}

// Trigger implements parser.InlineParser.
func (refParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser.
func (refParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if m := footnoteRefRE.FindSubmatch(line); m != nil {
		block.Advance(len(m[0]))
		return &refNode{footnote: true, id: string(m[1]), offset: seg.Start, length: len(m[0])}
	}
	if m := xrefRE.FindSubmatch(line); m != nil {
		block.Advance(len(m[0]))
		return &refNode{kind: strings.ToLower(string(m[1])), id: string(m[2]), offset: seg.Start, length: len(m[0])}
	}
	return nil
}
