// Package display is the display list of a typeset book: what each page
// shows, as plain values, for a writer to put into a file format. It is
// the typesetter's whole output, and knows nothing of any format: a page
// holds runs of glyphs, paths, images and links, each with the role it
// plays in the book (a heading, a paragraph, a figure, or an artifact such
// as a running head), with its colours already in the edition's colour
// space.
//
// Coordinates are points (1/72 inch) from the top left corner of the
// page's media box, y growing downwards. Glyphs are named by their id in
// their font, so a writer needs no shaping, and each run carries the text
// its glyphs stand for, so that copying and searching give the book's
// words.
//
// A Document is built once and then only read: writers may read it from
// several goroutines at once.
package display

import "time"

// Document is a book's display list.
type Document struct {
	Info  Info
	Pages []Page
	// Outline is the book's outline (bookmarks), in reading order, each
	// entry one level deeper than its parent at most.
	Outline []Bookmark
	// Elements are the book's structure elements (a figure with its text
	// alternative, a heading, a paragraph), to which items belong by
	// index (Role.Elem).
	Elements []Element
	// Colors is the colour space every colour and image of the document
	// is in.
	Colors ColorModel
	// Transparency says whether images may keep an alpha channel: a
	// print edition may not, so a writer sets such images on white.
	Transparency bool
}

// Info is the document's metadata.
type Info struct {
	Title    string
	Authors  []string
	Subject  string
	Keywords []string
	Language string // BCP 47
	// Identifier is the book's URN (urn:isbn:…, urn:uuid:…).
	Identifier string
	Publisher  string
	Rights     string
	Creator    string // the program that made the document
	Producer   string // the program that wrote the file
	Date       time.Time
	// Draft marks a document made for editors, not for readers: a writer
	// may leave its structure out and must say so.
	Draft bool
}

// Page is one page.
type Page struct {
	// Media is the page's full area; Trim and Bleed, when not empty, are
	// where it is cut and how far its printing runs beyond.
	Media, Trim, Bleed Rect
	// Label is the folio as printed ("iv", "12"), in the style Numbering
	// names, with Number its value; an empty Label continues the previous
	// page's numbering.
	Label     string
	Numbering Numbering
	Number    int
	Items     []Item
	// Dests are the link targets on the page.
	Dests []Dest
	// Sources say where in the manuscript the page's text comes from, and
	// where a layout problem is; a draft has them, for a preview.
	Sources []Source
}

// Source is a box of the page and the manuscript position of what it
// shows (a line of a paragraph, from its first word), or of a layout
// problem there, which Problem then names.
type Source struct {
	Box       Rect
	File      string
	Line, Col int
	Problem   string
}

// Numbering is how a page's folio is written.
type Numbering uint8

// The numberings.
const (
	Arabic Numbering = iota
	Roman            // lower-case roman numerals
)

// Rect is a rectangle: its top left corner and its size.
type Rect struct{ X, Y, W, H float64 }

// Empty reports whether r has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Item is one thing drawn on a page: *Text, *Path, *Image, *Link or
// *Group.
type Item interface{ item() }

// Text is a run of glyphs in one font, size and colour, set from the
// baseline point (X, Y) onwards: each glyph's origin is the previous
// glyph's origin plus the previous glyph's Advance.
type Text struct {
	Font   *Font
	Size   float64 // points
	Fill   Color
	X, Y   float64
	Glyphs []Glyph
	// Text is what the glyphs stand for: each glyph stands for
	// Text[Glyph.Cluster:] up to the next glyph's Cluster.
	Text string
	// Rotate turns the run about (X, Y), clockwise, in radians.
	Rotate float64
	Role   Role
}

// Glyph is one glyph of a run.
type Glyph struct {
	ID      uint16  // the glyph's id in its font
	Advance float64 // points to the next glyph's origin, as set (justification included)
	// Cluster is the byte offset in the run's Text where the text this
	// glyph stands for begins; glyphs of one cluster share it.
	Cluster int32
}

// Font is a font file, named by its PostScript name. Runs share the
// pointer of their font.
type Font struct {
	Name string // PostScript name, e.g. NotoSerif-Regular
	Data []byte // the whole font file (TrueType)
	// Advance returns the natural advance of a glyph, in thousandths of an
	// em, as the typesetter measured it: a writer that states glyph widths
	// states these, so that a reader places each glyph where the
	// typesetter did.
	Advance func(gid uint16) float64
}

// Path is a shape: straight and curved segments, filled, stroked or both.
type Path struct {
	Segs   []Seg
	Fill   *Color // nil: not filled
	Stroke *Stroke
	Role   Role
}

// Stroke is how a path's outline is drawn.
type Stroke struct {
	Color Color
	Width float64   // points
	Dash  []float64 // on and off lengths, points; nil for a solid line
	Cap   LineCap
	Join  LineJoin
}

// LineCap and LineJoin are the ends and corners of stroked paths.
type (
	LineCap  uint8
	LineJoin uint8
)

// The caps and joins, as PDF and SVG number them.
const (
	ButtCap LineCap = iota
	RoundCap
	SquareCap
)

// The joins.
const (
	MiterJoin LineJoin = iota
	RoundJoin
	BevelJoin
)

// Seg is one segment of a path.
type Seg struct {
	Op SegOp
	// Pts are the segment's points: one for MoveTo and LineTo, three
	// (two control points, then the end) for CubeTo, none for Close.
	Pts [3]Point
}

// SegOp is what a segment does.
type SegOp uint8

// The segment operations.
const (
	MoveTo SegOp = iota
	LineTo
	CubeTo
	Close
)

// Point is a point on the page.
type Point struct{ X, Y float64 }

// Image is a raster image scaled into Box.
type Image struct {
	Box  Rect
	Src  *ImageSource
	Role Role
}

// ImageSource is an image file. Images share the pointer of their
// source, which a writer stores once.
type ImageSource struct {
	Format string // "png" or "jpeg"
	Data   []byte
}

// Link is a clickable area: to URI, or to the target named Dest.
type Link struct {
	Box  Rect
	URI  string
	Dest string
}

// Dest is a link target: a name and a height on its page.
type Dest struct {
	Name string
	Y    float64
}

// Bookmark is an entry of the outline, pointing at a height on a page.
type Bookmark struct {
	Title string
	Level int // 0 for the top level
	Page  int // index into Document.Pages
	Y     float64
}

// Group is items that belong together in one role, such as a chart's
// paths and labels, which are one figure.
type Group struct {
	Items []Item
	Role  Role
}

func (*Text) item()  {}
func (*Path) item()  {}
func (*Image) item() {}
func (*Link) item()  {}
func (*Group) item() {}
