package layout

import (
	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/manuscript"
)

// A Page is one laid-out page: a display list of positioned items in
// millimetres from the trim box's top-left corner, y growing downwards.
type Page struct {
	Index   int    // 0-based position in the document
	Label   string // the printed folio: "iii", "27"; empty on a page that shows none
	Roman   bool   // front matter
	Chapter *manuscript.Chapter
	Head    string // the running head; empty for none
	Folio   bool   // whether the folio is printed
	Blank   bool   // a deliberately blank page
	Opener  bool   // a chapter opener
	// Generated names the generated front matter on the page (title page,
	// imprint, contents, list of figures); empty for others.
	Generated manuscript.MatterKind
	Items     []Item
	// Starts lists the blocks that begin on the page, in order; Cont is the
	// block that runs on from the page before, if any. The EPUB's page-list
	// puts the page's marker before Starts[0], or before Cont when no
	// block begins on the page.
	Starts []Start
	Cont   *Start
	// Sources are the boxes of the page's paragraph lines, with where in
	// the manuscript each comes from.
	Sources []Source
	// ContLine, when the page goes on with a paragraph begun on the page
	// before, is its first line here: where the page's first word is.
	ContLine *Source
	// FirstEntry, on a page of the contents or the list of figures that
	// goes on from the page before, is the anchor of its first entry.
	FirstEntry string
}

// Marker returns where the EPUB's page-break marker for the page goes, and
// false for a page with no text of its own (a blank page, or generated
// front matter).
func (p *Page) Marker() (Start, bool) {
	switch {
	case len(p.Starts) > 0:
		return p.Starts[0], true
	case p.Cont != nil:
		return *p.Cont, true
	}
	return Start{}, false
}

// Start marks where a page begins within the manuscript's flow.
type Start struct {
	Doc   *manuscript.Chapter
	Block int // index into Doc.Body; -1 for the chapter's opening
}

// Item is one element of a page's display list.
type Item interface{ item() }

// TextItem is a run of text in one face, with its baseline at Y.
type TextItem struct {
	X, Y  float64
	Font  Font
	Size  float64 // points
	Text  string
	Color manuscript.Color
	role  textRole
}

// textRole is what a text item is in the book: a display role, and a
// heading's level. The zero value, not set, is a paragraph's.
type textRole struct {
	kind  display.RoleKind
	level uint8
	set   bool
}

// roleFor is the role of the kind given.
func roleFor(kind display.RoleKind, level uint8) textRole {
	return textRole{kind: kind, level: level, set: true}
}

// RectItem is a filled rectangle.
type RectItem struct {
	X, Y, W, H float64
	Fill       manuscript.Color
}

// LineItem is a stroked straight line.
type LineItem struct {
	X1, Y1, X2, Y2 float64
	Width          float64 // mm
	Color          manuscript.Color
}

// LinkItem is a clickable area to a URL or to an anchor in the book.
type LinkItem struct {
	X, Y, W, H float64
	URL        string
	Anchor     string
}

// Source says where in the manuscript the text in a box of the page
// comes from: a line of a paragraph, from its first word. A draft's
// display list hands it on, for a preview to lead from the page to the
// manuscript.
type Source struct {
	X, Y, W, H float64
	text       *manuscript.Text // the paragraph
	off        int              // the line's first word's byte offset in text.Source
}

// Pos is where the line's first word is in the manuscript.
func (s Source) Pos() manuscript.Pos { return s.text.PosAt(s.off) }

// Text is where the line's paragraph text starts in the manuscript: the
// text's identity, as its Pos.
func (s Source) Text() manuscript.Pos { return s.text.Pos }

// Offset is the byte offset in the paragraph text's Source of the line's
// first word.
func (s Source) Offset() int { return s.off }

// sourcePositions returns the positions of sources, finding those of one
// paragraph in one walk over its text.
func sourcePositions(sources []Source) []manuscript.Pos {
	out := make([]manuscript.Pos, 0, len(sources))
	for i := 0; i < len(sources); {
		j := i + 1
		for j < len(sources) && sources[j].text == sources[i].text {
			j++
		}
		offs := make([]int, j-i)
		for k := range offs {
			offs[k] = sources[i+k].off
		}
		out = append(out, sources[i].text.PositionsAt(offs)...)
		i = j
	}
	return out
}

// AnchorItem is a link target at height Y.
type AnchorItem struct {
	Name string
	Y    float64
}

// BookmarkItem is an entry in the PDF outline, pointing at height Y.
type BookmarkItem struct {
	Title string
	Level int
	Y     float64
}

// ChartItem is a chart drawn as vector graphics in the box.
type ChartItem struct {
	X, Y, W, H float64
	Chart      *manuscript.Chart
	Alt        string // the text alternative, for the PDF's structure tree
}

// ImageItem is a raster image scaled into the box.
type ImageItem struct {
	X, Y, W, H float64
	Image      *manuscript.Image
	Alt        string
}

// MarkItem flags a layout problem in the margin of a draft.
type MarkItem struct {
	Y       float64
	Problem Problem
}

func (TextItem) item()     {}
func (RectItem) item()     {}
func (LineItem) item()     {}
func (LinkItem) item()     {}
func (AnchorItem) item()   {}
func (BookmarkItem) item() {}
func (ChartItem) item()    {}
func (ImageItem) item()    {}
func (MarkItem) item()     {}

// Problem is a layout problem found while setting the book, named by the
// manuscript position it came from.
type Problem struct {
	Pos     manuscript.Pos
	Page    string // the page's label
	Message string
}
