// Package epub writes a manuscript.Book as a reflowable EPUB 3 publication,
// with an EPUB 2 NCX for older reading systems.
//
// The writer reads only the typed document model. Every text is escaped,
// Chinese runs are marked lang="zh-Hans", charts become SVG images with a
// text alternative and their data as a table, and the package document
// carries accessibility metadata. The same book and Options give the same
// bytes: files are written in a fixed order with a fixed time stamp.
//
// The publication opens with a cover generated from the book's metadata
// and theme (package cover), listed as the cover-image.
//
// The page-list carries the print edition's page numbers: Options.PageList
// says where each page of the print edition begins, in a chapter or matter
// file or at the start of a generated page (title page, imprint, contents,
// list of figures). The print edition is named as the pagination source
// with dc:source, refined by source-of "pagination" (the EPUB 3.2 way:
// EPUBCheck 4.2.6 rejects EPUB 3.3's pageBreakSource). Its identifier is
// Options.PageSource, by default the book's identifier with the fragment
// "#print": the manuscript records no identifier of its own for the print
// edition, and the print PDF carries the book's identifier in its XMP.
//
// The archive is assembled here rather than with go-epub: go-epub v1.2.1
// generates the package document, navigation document and NCX from
// templates that cannot carry the metadata, landmarks, page-list or
// per-item properties an accessible EPUB needs, so every file it writes
// but the mimetype and container.xml would have to be rewritten anyway.
package epub

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/folio-press/folio/manuscript"
)

// Options control an EPUB build.
type Options struct {
	// Date is the time of the build: it becomes dcterms:modified, the
	// publication date when the book has none, and the time stamp of every
	// file in the archive. Take it from SOURCE_DATE_EPOCH for reproducible
	// builds. The zero Date means the book's date.
	Date time.Time

	// PageList marks where the pages of the print edition start, for
	// readers who cite page numbers, in the order of the print edition. It
	// may be nil.
	PageList []PageMark

	// PageSource identifies the print edition the page-list comes from,
	// for dc:source: its ISBN as "urn:isbn:…" when it has one of its own.
	// Empty means the book's identifier with the fragment "#print".
	PageSource string

	// Cache, when not nil, keeps the cover, the charts and the compressed
	// files from build to build: a session that rebuilds the book after
	// every edit passes the same Cache each time. The EPUB is the same
	// with or without one. Nil means no cache.
	Cache *Cache
}

// PageMark says where a page of the print edition starts: in a chapter or
// matter file (Doc and Block), or at the start of the EPUB's document for a
// generated page (Generated).
type PageMark struct {
	Label string              // the page's number as printed: "7", "xii"
	Doc   *manuscript.Chapter // the document the page starts in; nil for a generated page
	Block int                 // index in Doc.Body of the block the page starts with; -1 for the document's start
	// In, when the page starts inside a text of the block (a paragraph, a
	// list item, run on from the page before), is that text's position
	// (manuscript.Text.Pos), and At the byte offset in its Source of the
	// page's first word: the mark goes there.
	In manuscript.Pos
	At int

	// Generated is the kind of generated page (manuscript.TitlePage,
	// ImprintPage, ContentsPage or FiguresPage) the page shows, when Doc is
	// nil: the mark goes at the start of the EPUB's document of that kind,
	// or, with Entry, at the entry of the contents or the list of figures
	// whose target has that anchor.
	Generated manuscript.MatterKind
	Entry     string
}

// Write returns the book as an EPUB archive. The files of the archive
// are made on as many goroutines as GOMAXPROCS allows; the archive is the
// same whatever their number.
func Write(book *manuscript.Book, opt Options) ([]byte, error) {
	return write(book, opt, 0)
}

// write is Write with the archive's files made on workers goroutines
// (GOMAXPROCS for 0).
func write(book *manuscript.Book, opt Options, workers int) ([]byte, error) {
	if book == nil {
		return nil, errors.New("epub: no book")
	}
	if book.Identifier.Value == "" {
		return nil, errors.New("epub: the book has no identifier")
	}
	if opt.Date.IsZero() {
		opt.Date = book.Date
	}
	if opt.Date.IsZero() {
		return nil, errors.New("epub: no date: set Options.Date (from SOURCE_DATE_EPOCH) or the book's date")
	}
	w := newWriter(book, opt)
	w.workers = workers
	if err := w.plan(); err != nil {
		return nil, err
	}
	w.build = opt.Cache.begin()
	defer opt.Cache.end(w.build)
	return w.archive()
}

// Paths inside the archive. Content documents and the navigation document
// share one folder, so links between them are bare file names.
const (
	contentDir = "EPUB"
	textDir    = "text"   // under contentDir
	imageDir   = "images" // under contentDir
	fontDir    = "fonts"  // under contentDir
	styleDir   = "css"    // under contentDir
	coverName  = "cover"  // the cover document (in textDir) and image (in imageDir), without extension
	opfName    = "package.opf"
	ncxName    = "toc.ncx"
	navName    = "nav.xhtml" // in textDir
	cssName    = "folio.css" // in styleDir
)

// Kinds of content document.
const (
	kindCover    = "cover"
	kindTitle    = "titlepage"
	kindImprint  = "imprint"
	kindContents = "contents"
	kindFigures  = "figures"
	kindDoc      = "doc" // a chapter or matter file
)

// document is one XHTML content document in the spine.
type document struct {
	index int                 // position in the reading order
	id    string              // manifest id
	file  string              // file name in textDir
	kind  string              // kindTitle, …, kindDoc
	part  string              // frontmatter, bodymatter or backmatter
	title string              // for <title>, the nav and the NCX
	doc   *manuscript.Chapter // for kindDoc
}

// resource is a file in the manifest that is not a content document.
type resource struct {
	id, href, mediaType, properties string // href relative to contentDir

	// the content: data, or the chart fig shows (drawn by archive)
	data []byte
	fig  *manuscript.Figure
}

// inTextMark is a page mark inside a text: before the character at byte
// offset at of its Source.
type inTextMark struct {
	at  int
	ref pageRef
}

// pageRef is a page of the print edition as placed in the EPUB.
type pageRef struct {
	label string
	id    string // the pagebreak element's id
	file  string
	order position
}

// position orders navigation targets by where they are in the reading
// order: the document, the block, then page breaks before headings.
type position struct{ doc, block, sub int }

func (p position) less(q position) bool {
	if p.doc != q.doc {
		return p.doc < q.doc
	}
	if p.block != q.block {
		return p.block < q.block
	}
	return p.sub < q.sub
}

type writer struct {
	book    *manuscript.Book
	opt     Options
	build   uint64 // the build's number in opt.Cache
	workers int    // goroutines for archive; 0 means GOMAXPROCS
	lang    string
	markHan bool // wrap Chinese runs in lang="zh-Hans"

	docs    []*document // in reading order
	byDoc   map[*manuscript.Chapter]int
	anchors map[string]string // link target name → file in textDir

	images []resource                 // figure images, in reading order
	imgFor map[*manuscript.Figure]int // index in images

	pages       []pageRef                       // in reading order
	pagesAt     map[int]map[int][]pageRef       // by document index, then block (-1 for the start)
	inText      map[manuscript.Pos][]inTextMark // page marks inside texts, by the text's position
	atEntry     map[string][]pageRef            // page marks at list entries, by the entry's anchor
	listAnchors map[string]bool                 // the anchors the lists have entries for (listed)

	figures, tables []listEntry // for the list of figures and the nav
	charts          bool        // a figure shows a chart
	pictures        bool        // a figure shows an image

	// cover is the cover image, listed in the manifest with properties
	// "cover-image" and named in the metadata for EPUB 2 readers; the cover
	// document, first in docs, shows it.
	cover *resource

	style []resource // the style sheet, then the fonts
}

// listEntry is a figure or table in the list of figures.
type listEntry struct {
	label   string
	caption manuscript.Text
	file    string
	anchor  string
}

func newWriter(book *manuscript.Book, opt Options) *writer {
	lang := book.Language
	if lang == "" {
		lang = "und"
	}
	primary := strings.ToLower(strings.SplitN(lang, "-", 2)[0])
	return &writer{
		book: book,
		opt:  opt,
		lang: lang,
		// a book in Chinese, Japanese or Korean is not told that its Han
		// characters are Simplified Chinese
		markHan: primary != "zh" && primary != "ja" && primary != "ko",
		byDoc:   map[*manuscript.Chapter]int{},
		anchors: map[string]string{},
		imgFor:  map[*manuscript.Figure]int{},
		pagesAt: map[int]map[int][]pageRef{},
		inText:  map[manuscript.Pos][]inTextMark{},
		atEntry: map[string][]pageRef{},
	}
}

// plan names every document and image and maps every link target to its
// file, before anything is rendered.
func (w *writer) plan() error {
	used := map[string]bool{navName: true, coverName + ".xhtml": true}
	unique := func(base string) string {
		name := base
		for i := 2; used[name+".xhtml"]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		used[name+".xhtml"] = true
		return name
	}
	addMatter := func(ms []*manuscript.Matter, part string) {
		for _, m := range ms {
			switch m.Kind {
			case manuscript.TitlePage, manuscript.ImprintPage, manuscript.ContentsPage, manuscript.FiguresPage:
				kind := string(m.Kind)
				name := unique(kind)
				w.docs = append(w.docs, &document{id: name, file: name + ".xhtml", kind: kind, part: part, title: generatedTitles[kind]})
			case manuscript.MatterFile:
				if m.Doc != nil {
					w.addDoc(m.Doc, part, unique)
				}
			}
		}
	}
	addMatter(w.book.Front, "frontmatter")
	for _, c := range w.book.Chapters {
		w.addDoc(c, "bodymatter", unique)
	}
	addMatter(w.book.Back, "backmatter")
	if len(w.docs) == 0 {
		return errors.New("epub: the book has no documents")
	}
	// the cover opens the reading order
	w.docs = append([]*document{{id: coverName, file: coverName + ".xhtml", kind: kindCover, title: "Cover"}}, w.docs...)
	for i, d := range w.docs {
		d.index = i
		if d.doc != nil {
			w.byDoc[d.doc] = i
		}
	}
	w.cover = &resource{id: "cover-image", href: path.Join(imageDir, coverName+".png"), mediaType: "image/png", properties: "cover-image"}

	imgUsed := map[string]bool{coverName: true}
	for _, d := range w.docs {
		if d.doc == nil {
			continue
		}
		c := d.doc
		w.anchors[c.Anchor()] = d.file
		walkBlocks(c.Body, func(b manuscript.Block) {
			switch b := b.(type) {
			case *manuscript.Heading:
				w.anchors[b.Anchor()] = d.file
			case *manuscript.Figure:
				w.anchors[b.Anchor()] = d.file
				w.figures = append(w.figures, listEntry{label: b.Label(), caption: b.Caption, file: d.file, anchor: b.Anchor()})
				w.planImage(b, imgUsed)
			case *manuscript.Table:
				w.anchors[b.Anchor()] = d.file
				w.tables = append(w.tables, listEntry{label: b.Label(), caption: b.Caption, file: d.file, anchor: b.Anchor()})
			}
		})
	}
	if err := w.planPages(); err != nil {
		return err
	}
	var err error
	w.style, err = w.styleSheet()
	return err
}

var generatedTitles = map[string]string{
	kindTitle:    "Title page",
	kindImprint:  "Copyright",
	kindContents: "Contents",
	kindFigures:  "Figures and tables",
}

func (w *writer) addDoc(c *manuscript.Chapter, part string, unique func(string) string) {
	name := unique(ncname(c.Anchor()))
	w.docs = append(w.docs, &document{id: name, file: name + ".xhtml", kind: kindDoc, part: part, title: docTitle(c), doc: c})
}

// docTitle is a document's title as the nav and the NCX show it: "6. Title".
func docTitle(c *manuscript.Chapter) string {
	if c.Numbered {
		return fmt.Sprintf("%d. %s", c.Number, c.Title.Plain())
	}
	return c.Title.Plain()
}

// planImage names the file a figure's chart or image is stored in.
func (w *writer) planImage(f *manuscript.Figure, used map[string]bool) {
	var ext, mediaType string
	switch {
	case f.Chart != nil:
		ext, mediaType = ".svg", "image/svg+xml"
		w.charts = true
	case f.Image != nil && f.Image.Format == "png":
		ext, mediaType = ".png", "image/png"
		w.pictures = true
	case f.Image != nil && f.Image.Format == "jpeg":
		ext, mediaType = ".jpg", "image/jpeg"
		w.pictures = true
	default:
		return
	}
	base := idChars(f.ID)
	if base == "" {
		base = idChars(f.Anchor())
	}
	name := base
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	used[name] = true
	res := resource{id: "img-" + name, href: path.Join(imageDir, name+ext), mediaType: mediaType, fig: f}
	if f.Chart == nil {
		res.data = f.Image.Data
	}
	w.images = append(w.images, res)
	w.imgFor[f] = len(w.images) - 1
}

// planPages places the print edition's page marks.
func (w *writer) planPages() error {
	ids := map[string]bool{}
	for _, m := range w.opt.PageList {
		label := strings.TrimSpace(m.Label)
		var di int
		entry := "" // the list entry a generated page starts at
		switch {
		case m.Doc != nil:
			var ok bool
			if di, ok = w.byDoc[m.Doc]; !ok {
				return fmt.Errorf("epub: page %q is in a document that is not in the book", m.Label)
			}
			if m.Block < -1 || m.Block >= len(m.Doc.Body) {
				return fmt.Errorf("epub: page %q starts at block %d of %s, which has %d blocks", m.Label, m.Block, m.Doc.File, len(m.Doc.Body))
			}
			if label == "" {
				return fmt.Errorf("epub: a page in %s has no label", m.Doc.File)
			}
		case m.Generated != "":
			di = w.generatedDoc(m.Generated)
			if di < 0 {
				return fmt.Errorf("epub: page %q shows a generated %s page, which the book does not have", m.Label, m.Generated)
			}
			if label == "" {
				return fmt.Errorf("epub: a page of the generated %s has no label", m.Generated)
			}
			m.Block = -1
			if m.Entry != "" && w.listed()[m.Entry] {
				entry = m.Entry
			}
		default:
			return fmt.Errorf("epub: page %q has no place: it names neither a document nor a generated page", m.Label)
		}
		base := "page-" + idChars(label)
		id := base
		for i := 2; ids[id]; i++ {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		ids[id] = true
		p := pageRef{label: label, id: id, file: w.docs[di].file, order: position{di, m.Block, 0}}
		if entry != "" {
			p.order.sub = 1 // after the list's start
			w.pages = append(w.pages, p)
			w.atEntry[entry] = append(w.atEntry[entry], p)
			continue
		}
		if m.Doc != nil && m.In != (manuscript.Pos{}) && m.Block >= 0 && marksText(m.Doc.Body[m.Block], m.In) {
			p.order.sub = 1 + m.At // inside the block, after its start
			w.pages = append(w.pages, p)
			w.inText[m.In] = append(w.inText[m.In], inTextMark{at: m.At, ref: p})
			continue
		}
		w.pages = append(w.pages, p)
		if w.pagesAt[di] == nil {
			w.pagesAt[di] = map[int][]pageRef{}
		}
		w.pagesAt[di][m.Block] = append(w.pagesAt[di][m.Block], p)
	}
	// reading order, whatever order the marks came in; marks at the same
	// place keep their order
	sort.SliceStable(w.pages, func(i, j int) bool { return w.pages[i].order.less(w.pages[j].order) })
	return nil
}

// marksText reports whether block b writes the text at position in with
// its page marks inside it (renderer.marked): a paragraph, or an item of
// a list. A mark in any other text stands before the block.
func marksText(b manuscript.Block, in manuscript.Pos) bool {
	switch b := b.(type) {
	case *manuscript.Paragraph:
		return b.Text.Pos == in
	case *manuscript.List:
		var has func(l *manuscript.List) bool
		has = func(l *manuscript.List) bool {
			for _, it := range l.Items {
				if it.Text.Pos == in || it.Sub != nil && has(it.Sub) {
					return true
				}
			}
			return false
		}
		return has(b)
	}
	return false
}

// listed returns the anchors the EPUB's contents and list of figures have
// entries for (contentsPage, figuresPage), which page marks may stand at.
func (w *writer) listed() map[string]bool {
	if w.listAnchors != nil {
		return w.listAnchors
	}
	out := map[string]bool{"figures": true}
	for _, d := range w.docs {
		if d.doc == nil {
			continue
		}
		out[d.doc.Anchor()] = true
		if d.doc.Numbered {
			for _, b := range d.doc.Body {
				if h, ok := b.(*manuscript.Heading); ok && h.Level == 1 {
					out[h.Anchor()] = true
				}
			}
		}
	}
	for _, e := range append(append([]listEntry{}, w.figures...), w.tables...) {
		out[e.anchor] = true
	}
	w.listAnchors = out
	return out
}

// generatedDoc returns the index of the first document of a generated
// kind, or -1.
func (w *writer) generatedDoc(kind manuscript.MatterKind) int {
	for i, d := range w.docs {
		if d.doc == nil && d.kind == string(kind) && d.kind != kindCover {
			return i
		}
	}
	return -1
}

// walkBlocks calls fn for every block, those inside callouts included, in
// reading order.
func walkBlocks(blocks []manuscript.Block, fn func(manuscript.Block)) {
	for _, b := range blocks {
		fn(b)
		if c, ok := b.(*manuscript.Callout); ok {
			walkBlocks(c.Body, fn)
		}
	}
}

// href returns the link from a document in textDir to the named target,
// "#anchor" within the same file.
func (w *writer) href(from, anchor string) (string, bool) {
	file, ok := w.anchors[anchor]
	if !ok {
		return "", false
	}
	if file == from {
		return "#" + anchor, true
	}
	return file + "#" + anchor, true
}
