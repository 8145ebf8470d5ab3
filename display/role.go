package display

// Role is the part an item plays in the book: what a screen reader reads
// it as, or an artifact it skips.
type Role struct {
	Kind RoleKind
	// Level is a heading's level, from 1.
	Level uint8
	// Elem is the index of the structure element the item belongs to in
	// Document.Elements, or -1 (NoElem) when it belongs to none.
	Elem int32
}

// NoElem is Role.Elem for an item that belongs to no structure element.
const NoElem = -1

// RoleKind is the kind of a role.
type RoleKind uint8

// The roles: the book's content, then its artifacts.
const (
	Paragraph RoleKind = iota
	Heading
	ListItem
	ListLabel // a list item's bullet or number
	TableHeader
	TableCell
	Caption
	Figure
	Note      // a footnote
	NoteRef   // a footnote's number in the text
	Quote     // a block or pull quote
	Aside     // a box beside the text: a callout, key figures
	Title     // the book's or a chapter's title
	Contents  // an entry of the contents or the list of figures
	Artifact  // not content: the Artifact* kinds say what
	Furniture // a running head, a folio, a thumb tab
	Decoration
	Mark // a printer's mark, or a draft's flag
)

// IsArtifact reports whether the role is not content.
func (k RoleKind) IsArtifact() bool { return k >= Artifact }

// Element is a structure element: a figure and its text alternative, a
// heading, a paragraph.
type Element struct {
	Kind RoleKind
	// Alt is the element's text alternative: what a figure shows, in
	// words.
	Alt string
	// Lang is the element's language when it is not the document's.
	Lang string
}

// ColorModel is the colour space of a document.
type ColorModel uint8

// The colour models.
const (
	RGB  ColorModel = iota // screen editions
	CMYK                   // print editions: process colours
)

// Color is a colour in a document's colour model: grey when Space says
// so, or RGB, or CMYK, each component from 0 to 1.
type Color struct {
	Space ColorSpace
	C     [4]float64
}

// ColorSpace is the space of one colour.
type ColorSpace uint8

// The colour spaces.
const (
	Gray ColorSpace = iota
	DeviceRGB
	DeviceCMYK
)
