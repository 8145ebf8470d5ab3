package manuscript

import "strings"

// Text is a text field: its Markdown source, where it came from, and the
// parsed inline content that backends render.
type Text struct {
	Pos     Pos
	Source  string
	Inlines []Inline

	loc *scalarLoc // where Source's characters are in the file
}

// PosAt returns the position in the manuscript of the character at byte
// offset off of Source: the exact line and column inside a folded, literal
// or quoted scalar, where YAML gives only the scalar's start. It returns
// Pos for a negative offset, or for a text made by a program.
func (t Text) PosAt(off int) Pos {
	if t.loc == nil || off < 0 || off > len(t.Source) {
		return t.Pos
	}
	return t.loc.at(t.Source, off)
}

// PositionsAt returns the positions of the characters at byte offsets
// offs of Source, as PosAt does for each, in one pass over the scalar:
// offs must not decrease. A paragraph's lines are found so at the cost of
// one.
func (t Text) PositionsAt(offs []int) []Pos {
	out := make([]Pos, len(offs))
	if t.loc == nil {
		for i := range out {
			out[i] = t.Pos
		}
		return out
	}
	// the offsets inside the text, in one walk; the others are the node's
	var valid []int
	var at []int // their indexes in offs
	for i, off := range offs {
		out[i] = t.Pos
		if off >= 0 && off <= len(t.Source) {
			valid = append(valid, off)
			at = append(at, i)
		}
	}
	found := make([]Pos, len(valid))
	t.loc.positions(t.Source, valid, found)
	for j, i := range at {
		out[i] = found[j]
	}
	return out
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
type Str struct {
	Text string
	// marks tie offsets of Text to the field's source, in order: the
	// markup, escapes and typography between them make the two differ
	marks []strMark
}

// strMark says that byte text of a Str's Text is byte src of its field's
// Source.
type strMark struct{ text, src int32 }

// SourceOffset returns the byte offset in the field's Source of the
// character at byte offset i of s.Text, counted on from the nearest
// character before it whose place is known; -1 when none is.
func (s *Str) SourceOffset(i int) int { return sourceOffset(s.marks, i) }

func sourceOffset(marks []strMark, i int) int {
	k := len(marks) - 1
	for k >= 0 && int(marks[k].text) > i {
		k--
	}
	if k < 0 {
		return -1
	}
	return int(marks[k].src) + i - int(marks[k].text)
}

// Emph is emphasised (italic) text.
type Emph struct{ Children []Inline }

// Strong is strongly emphasised (bold) text.
type Strong struct{ Children []Inline }

// Code is inline code, set in the mono font.
type Code struct {
	Text  string
	marks []strMark // as a Str's
}

// SourceOffset returns the byte offset in the field's Source of the
// character at byte offset i of c.Text, as Str.SourceOffset does.
func (c *Code) SourceOffset(i int) int { return sourceOffset(c.marks, i) }

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
	End    Pos // just after its last character
	ID     string
	Note   *Footnote // resolved by the loader
	offset int       // byte offset in the field's source
	length int       // of the reference as written
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
	End    Pos // just after its last character
	Kind   RefKind
	ID     string
	Target Target // resolved by the loader
	offset int    // byte offset in the field's source
	length int    // of the reference as written
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
