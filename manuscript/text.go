package manuscript

import "strings"

// Text is a text field: its Markdown source, where it came from, and the
// parsed inline content that backends render.
type Text struct {
	Pos     Pos
	Source  string
	Inlines []Inline
}

// IsZero reports whether the field was absent or empty.
func (t Text) IsZero() bool { return len(t.Inlines) == 0 }

// Plain returns the text without markup: what a screen reader, a PDF
// bookmark or a running head shows.
func (t Text) Plain() string {
	var sb strings.Builder
	writePlain(&sb, t.Inlines)
	return sb.String()
}

func writePlain(sb *strings.Builder, ins []Inline) {
	for _, in := range ins {
		switch n := in.(type) {
		case *Str:
			sb.WriteString(n.Text)
		case *Code:
			sb.WriteString(n.Text)
		case *Emph:
			writePlain(sb, n.Children)
		case *Strong:
			writePlain(sb, n.Children)
		case *Link:
			writePlain(sb, n.Children)
		case *XRef:
			sb.WriteString(n.Label())
		case *LineBreak:
			sb.WriteString(" ")
		case *FootnoteRef:
			// a reference has no plain-text form
		}
	}
}

// Inline is a node of a text field's inline content.
type Inline interface {
	inline()
}

// Str is a run of plain text. Typographic quotes and dashes are already
// applied; a non-breaking space is U+00A0.
type Str struct{ Text string }

// Emph is emphasised (italic) text.
type Emph struct{ Children []Inline }

// Strong is strongly emphasised (bold) text.
type Strong struct{ Children []Inline }

// Code is inline code, set in the mono font.
type Code struct{ Text string }

// Link is a hyperlink to an external address.
type Link struct {
	URL      string
	Children []Inline
}

// LineBreak is a hard line break.
type LineBreak struct{}

// FootnoteRef refers to a chapter footnote, written [^id].
type FootnoteRef struct {
	Pos    Pos
	ID     string
	Note   *Footnote // resolved by the loader
	offset int       // byte offset in the field's source
}

// RefKind is the kind of thing a cross-reference points at.
type RefKind string

// The kinds of cross-reference: [@fig:id], [@tab:id], [@ch:id], [@sec:id].
const (
	RefFigure  RefKind = "fig"
	RefTable   RefKind = "tab"
	RefChapter RefKind = "ch"
	RefSection RefKind = "sec"
)

// XRef is a cross-reference, written [@fig:id], rendered "Figure 6.1".
type XRef struct {
	Pos    Pos
	Kind   RefKind
	ID     string
	Target Target // resolved by the loader
	offset int    // byte offset in the field's source
}

// Label returns the text the reference shows, e.g. "Figure 6.1".
func (x *XRef) Label() string {
	if x.Target == nil {
		return "[" + string(x.Kind) + ":" + x.ID + "]"
	}
	return x.Target.Label()
}

func (*Str) inline()         {}
func (*Emph) inline()        {}
func (*Strong) inline()      {}
func (*Code) inline()        {}
func (*Link) inline()        {}
func (*LineBreak) inline()   {}
func (*FootnoteRef) inline() {}
func (*XRef) inline()        {}

// Walk calls fn for every inline node in ins, depth first.
func Walk(ins []Inline, fn func(Inline)) {
	for _, in := range ins {
		fn(in)
		switch n := in.(type) {
		case *Emph:
			Walk(n.Children, fn)
		case *Strong:
			Walk(n.Children, fn)
		case *Link:
			Walk(n.Children, fn)
		}
	}
}
