package manuscript

import (
	"fmt"
	"math"
	"time"
)

// Pos is the place in the manuscript a value came from. Lines and columns
// count from 1; a zero Pos means "not from the manuscript" (a generated value).
type Pos struct {
	File string // path as shown to the editor, e.g. "report/chapters/06-5g.yaml"
	Line int
	Col  int
}

// String formats the position as file:line:col, the form editors and their
// tools jump to.
func (p Pos) String() string {
	if p.File == "" {
		return "-"
	}
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsZero reports whether the position is unset.
func (p Pos) IsZero() bool { return p.File == "" && p.Line == 0 }

// Book is a loaded and validated manuscript: everything the backends need,
// with no YAML left to read.
type Book struct {
	Pos         Pos
	Dir         string // the manuscript folder as named on the command line
	Title       string
	Subtitle    string
	Edition     string
	Authors     []Author
	Publisher   string
	Date        time.Time
	Language    string // BCP 47 tag, e.g. "en-GB"
	Identifier  Identifier
	Rights      string
	Description string
	Subjects    []string
	Trim        Trim
	Bleed       float64 // millimetres on each side of the trim, for the print edition
	Theme       Theme
	// Limits bound the work the manuscript may ask for (limits: in
	// book.yaml, over DefaultLimits).
	Limits   Limits
	Front    []*Matter
	Chapters []*Chapter
	Back     []*Matter

	// Charts holds every chart the manuscript defines, in reading order.
	Charts []*Chart

	// Warnings are problems that do not stop a build (an unused footnote,
	// a character no bundled font has), each with its position.
	Warnings Diagnostics

	// Chars are the characters beyond ASCII the book prints, in order: what
	// a writer embedding fonts must cover.
	Chars []rune

	targets map[string]Target  // by id, for cross-references
	sources map[string]*source // the files' text, by display path
}

// SourceLine returns the text of the manuscript line p names, without its
// line break, for a diagnostic to show: a position in a YAML or CSV file
// of the book.
func (b *Book) SourceLine(p Pos) (string, bool) {
	src := b.sources[p.File]
	if src == nil {
		return "", false
	}
	return src.line(p.Line)
}

// Sources returns the text of every manuscript file the book was loaded
// from, as it was read, by the path its positions name (Pos.File). The
// byte slices are the book's: callers must not change them.
func (b *Book) Sources() map[string][]byte {
	out := make(map[string][]byte, len(b.sources))
	for f, s := range b.sources {
		out[f] = s.data
	}
	return out
}

// Author is a person or body credited on the title page and in metadata.
type Author struct {
	Pos  Pos
	Name string
	Role string // author, editor, contributor, translator, illustrator, photographer
}

// MARCRelator returns the MARC relator code for the author's role, as EPUB
// metadata uses it ("aut", "edt", ...).
func (a Author) MARCRelator() string {
	return relators[a.Role]
}

var relators = map[string]string{
	"author": "aut", "editor": "edt", "contributor": "ctb", "translator": "trl",
	"illustrator": "ill", "photographer": "pht",
}

// Identifier is the book's unique identifier: an ISBN-13 or a UUID.
type Identifier struct {
	Scheme string // "isbn" or "uuid"
	Value  string // ISBN-13 digits without hyphens, or the lower-case UUID
}

// URN returns the identifier as a URN: "urn:isbn:…" or "urn:uuid:…".
func (id Identifier) URN() string { return "urn:" + id.Scheme + ":" + id.Value }

// Trim is the finished page size, in millimetres.
type Trim struct {
	Name   string // the size as given: "A4", "6x9in", "170x240mm"
	Width  float64
	Height float64
}

// Theme holds the book's colours and font roles.
type Theme struct {
	Text     Color   // body text
	Accent   Color   // rules, highlights, links
	Muted    Color   // captions, sources, secondary chart bars
	Chapters []Color // one per chapter, cycled when there are fewer
	Palette  []Color // chart series colours
	Fonts    FontRoles
	// PalettePos is where the palette was given; zero for the default.
	PalettePos Pos
}

// FontRoles names the bundled font family for each typographic role.
type FontRoles struct {
	Body    string // running text
	Heading string // headings, captions, charts
	Mono    string // code
	CJK     string // per-character fallback for Chinese, Japanese and Korean
}

// Color is a colour in RGB for screens and CMYK for print.
type Color struct {
	R, G, B    uint8
	C, M, Y, K float64 // 0 to 1
	// CMYKGiven is true when the manuscript gave the CMYK values; otherwise
	// they are converted from RGB.
	CMYKGiven bool
}

// Luminance returns the colour's WCAG relative luminance, from 0 (black) to
// 1 (white).
func (c Color) Luminance() float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}

// Contrast returns the WCAG contrast ratio of two colours, from 1 to 21.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Hex returns the colour as "#rrggbb".
func (c Color) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// MatterKind says what a front- or back-matter entry is.
type MatterKind string

// The kinds of front and back matter.
const (
	TitlePage    MatterKind = "titlepage" // generated from the book's metadata
	ImprintPage  MatterKind = "imprint"   // generated: publisher, edition, rights, identifier
	ContentsPage MatterKind = "contents"  // generated: the table of contents
	FiguresPage  MatterKind = "figures"   // generated: the list of figures
	MatterFile   MatterKind = "file"      // a document written in the chapter format
)

// Matter is one entry of the front or back matter.
type Matter struct {
	Pos  Pos
	Kind MatterKind
	Doc  *Chapter // for MatterFile: the document, with Numbered false
}

// Chapter is a chapter, or a front- or back-matter document in the same format.
type Chapter struct {
	Pos        Pos
	File       string // the file, relative to the manuscript folder
	ID         string
	Numbered   bool
	Number     int    // 1-based position among the book's chapters; 0 for matter
	Role       string // EPUB structural semantics: chapter, introduction, glossary, bibliography, appendix, ...
	Title      Text
	Short      string // short title for running heads
	Kicker     string // the sector, shown above the title
	Color      Color
	Standfirst Text
	KeyFigures []KeyFigure
	Body       []Block
	Footnotes  []*Footnote // in order of first reference
	Charts     []*Chart
}

// Anchor returns the chapter's link target name.
func (c *Chapter) Anchor() string { return "ch-" + c.ID }

// Label returns "Chapter 6", or the chapter's title when it is not numbered.
func (c *Chapter) Label() string {
	if c.Numbered {
		return fmt.Sprintf("Chapter %d", c.Number)
	}
	return c.Title.Plain()
}

// RunningHead returns the title for the chapter's running heads.
func (c *Chapter) RunningHead() string {
	if c.Short != "" {
		return c.Short
	}
	return c.Title.Plain()
}

// KeyFigure is a headline number shown beside a chapter's opening.
type KeyFigure struct {
	Pos    Pos
	Value  string
	Label  Text
	Source Text
}

// Footnote is a note referred to from the text with [^id].
type Footnote struct {
	Pos     Pos
	ID      string
	Chapter string // the id of the chapter the note belongs to
	Number  int    // 1-based within the chapter, in order of first reference
	Text    Text
	used    bool
}

// Anchor returns the footnote's link target name.
func (f *Footnote) Anchor() string { return "fn-" + f.Chapter + "-" + f.ID }

// RefAnchor returns the link target name of the footnote's first reference.
func (f *Footnote) RefAnchor() string { return "fnref-" + f.Chapter + "-" + f.ID }

// Block is one element of a chapter's body.
type Block interface {
	// BlockPos returns the block's position in the manuscript.
	BlockPos() Pos
}

// Heading is a section (level 1) or subsection (level 2) heading.
type Heading struct {
	Pos     Pos
	Level   int
	ID      string
	Text    Text
	Chapter *Chapter
}

// Paragraph is a paragraph of running text.
type Paragraph struct {
	Pos  Pos
	Text Text
}

// List is an ordered or unordered list; items may hold one nested level.
type List struct {
	Pos     Pos
	Ordered bool
	Items   []ListItem
}

// ListItem is one item of a list.
type ListItem struct {
	Pos  Pos
	Text Text
	Sub  *List // nested list, or nil
}

// Quote is a block quotation with its attribution.
type Quote struct {
	Pos  Pos
	Text Text
	By   Text // the speaker, with their role
	Cite Text // where and when it was said
}

// PullQuote repeats a striking line from the text in display type.
type PullQuote struct {
	Pos  Pos
	Text Text
	By   Text
}

// Callout is a boxed aside such as "What to watch".
type Callout struct {
	Pos   Pos
	Title Text
	Body  []Block // paragraphs and lists
}

// Figure is a numbered chart or image with its caption and source.
type Figure struct {
	Pos      Pos
	ID       string
	Number   string // "6.1"; empty in unnumbered matter
	ChartRef string // the chart's id as the manuscript names it
	Chart    *Chart // resolved chart, or nil for an image figure
	Image    *Image
	Caption  Text
	Alt      string // text alternative; for charts, generated when empty
	Source   Text
	Chapter  *Chapter
}

// Label returns "Figure 6.1".
func (f *Figure) Label() string { return label("Figure", f.Number) }

// Anchor returns the figure's link target name.
func (f *Figure) Anchor() string { return "fig-" + f.ID }

// Image is a raster image read from the manuscript folder.
type Image struct {
	Path   string // relative to the manuscript folder
	Format string // "png" or "jpeg"
	Width  int    // pixels
	Height int
	Data   []byte
}

// Table is a numbered table with its caption, source and notes.
type Table struct {
	Pos     Pos
	ID      string
	Number  string
	Caption Text
	Columns []Column
	Rows    [][]Text
	Source  Text
	Notes   []Text
	Chapter *Chapter
}

// Label returns "Table 6.2".
func (t *Table) Label() string { return label("Table", t.Number) }

// Anchor returns the table's link target name.
func (t *Table) Anchor() string { return "tab-" + t.ID }

// Column is a table column's header and alignment.
type Column struct {
	Title Text
	Align string // left, right or center
}

// PageBreak asks the print layout to start a new page here.
type PageBreak struct {
	Pos Pos
}

// Definitions is a list of terms with their definitions, such as a glossary.
type Definitions struct {
	Pos   Pos
	Items []Definition
}

// Definition is one term of a Definitions list.
type Definition struct {
	Pos        Pos
	Term       Text
	Original   Text // the term in its original script, e.g. 微信
	Definition Text
}

// BlockPos implements Block.
func (b *Heading) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Paragraph) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *List) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Quote) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *PullQuote) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Callout) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Figure) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Table) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *PageBreak) BlockPos() Pos { return b.Pos }

// BlockPos implements Block.
func (b *Definitions) BlockPos() Pos { return b.Pos }

// Anchor returns the heading's link target name.
func (b *Heading) Anchor() string { return "sec-" + b.ID }

// Label returns the heading's text, as a cross-reference shows it.
func (b *Heading) Label() string { return "“" + b.Text.Plain() + "”" }

// Target is anything a cross-reference can point at.
type Target interface {
	Label() string  // "Figure 6.1", "Chapter 6", "“Section title”"
	Anchor() string // link target name, unique in the book
}

// Lookup returns the figure, table, chapter or section with the given id.
func (b *Book) Lookup(id string) (Target, bool) {
	t, ok := b.targets[id]
	return t, ok
}

// Documents returns every document in reading order: front-matter files,
// chapters, back-matter files.
func (b *Book) Documents() []*Chapter {
	var out []*Chapter
	for _, m := range b.Front {
		if m.Doc != nil {
			out = append(out, m.Doc)
		}
	}
	out = append(out, b.Chapters...)
	for _, m := range b.Back {
		if m.Doc != nil {
			out = append(out, m.Doc)
		}
	}
	return out
}

func label(kind, number string) string {
	if number == "" {
		return kind
	}
	return kind + " " + number
}
