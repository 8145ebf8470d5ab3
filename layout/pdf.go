package layout

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

// Typeset lays the book out into pages without writing a PDF: the
// pagination the EPUB's page-list follows and the pages Document.PDF
// draws. It is the same pagination whatever the edition, but for the print
// edition's blank pages at the end. opt.Cache carries work between
// builds; opt.Edition, when set, names the PDF edition Document.PDF will
// write next, whose fonts are then prepared on the other core while the
// page numbers settle.
func Typeset(book *manuscript.Book, opt Options) (*Document, error) {
	fs, err := newFontSet(book.Theme.Fonts)
	if err != nil {
		return nil, err
	}
	return typeset(book, fs, opt.Cache, opt.Edition)
}

// PDF typesets the book and writes it as a PDF of the given edition. It
// returns the PDF's bytes and the typeset document (its pages and layout
// problems).
func PDF(book *manuscript.Book, opt Options) ([]byte, *Document, error) {
	doc, err := Typeset(book, opt)
	if err != nil {
		return nil, nil, err
	}
	return doc.PDF(opt)
}

// PDF writes the typeset document as a PDF of opt.Edition, dated opt.Date.
// It returns the PDF's bytes and the document as written: the print
// edition adds blank pages up to a multiple of four. d itself is not
// changed, so one typeset document can be written as several editions, and
// read by the EPUB writer meanwhile.
func (d *Document) PDF(opt Options) ([]byte, *Document, error) {
	if d.fs == nil {
		return nil, nil, fmt.Errorf("layout: the document was not typeset by Typeset")
	}
	cache := d.cache
	if cache == nil {
		cache = NewCache()
	}
	chars, faces, err := d.pdfChars(cache)
	if err != nil {
		return nil, nil, err
	}
	// the faces cut to the document's characters; should a string need a
	// character the cuts lack, once more with it, then with whole faces
	for attempt := 0; ; attempt++ {
		var cuts map[Font]*fontCut
		if attempt < 2 {
			cuts = cutFonts(d.fs, faces, chars, cache)
		}
		out, doc, missing, err := d.writePDF(opt, cuts, faces)
		if err != nil || missing.empty() || cuts == nil {
			cache.pruneCuts()
			return out, doc, err
		}
		chars.union(missing)
		cache.extraChars.union(missing)
	}
}

// writePDF writes the PDF with the faces fpdf draws with (faces) cut as
// cuts gives (nil: whole faces), returning also the characters drawn that
// the cuts lack. The other faces of the text are embedded apart
// (embed.go).
func (d *Document) writePDF(opt Options, cuts map[Font]*fontCut, faces map[Font]bool) ([]byte, *Document, *charSet, error) {
	doc := *d
	if opt.Edition == Print {
		// a multiple of four pages, for printing in signatures
		doc.Pages = doc.Pages[:len(doc.Pages):len(doc.Pages)]
		for len(doc.Pages)%4 != 0 {
			doc.Pages = append(doc.Pages, &Page{Index: len(doc.Pages), Blank: true})
		}
	}
	g := newGeometry(doc.Book.Trim)
	off := pageOffset(doc.Book, opt.Edition)
	setup := setupFor(doc.Book, opt.Edition, cuts)
	var pdf *fpdf.Fpdf
	var pf *fpdfFonts
	if p := d.cache.takePrepared(setup); p != nil {
		pdf, pf = p.pdf, p.fonts
		pf.fs = doc.fs
	} else {
		pdf, pf = setup.start(doc.fs, cuts)
	}
	pdf.SetCreationDate(opt.Date.UTC())
	pdf.SetModificationDate(opt.Date.UTC())
	w := &pdfWriter{pdf: pdf, doc: &doc, fs: doc.fs, pf: pf, opt: opt, g: g, links: map[string]int{}, off: off, cmyk: opt.Edition == Print, fpdfFaces: faces}
	w.metadata()
	if err := w.pages(); err != nil {
		return nil, nil, nil, err
	}
	if pf.err != nil {
		return nil, nil, nil, pf.err
	}
	if !pf.missing.empty() {
		return nil, nil, &pf.missing, nil
	}
	var buf finalBytes
	if err := pdf.Output(&buf); err != nil {
		return nil, nil, nil, fmt.Errorf("layout: write PDF: %w", err)
	}
	own, err := w.embedded()
	if err != nil {
		return nil, nil, nil, err
	}
	out := buf.b
	if setup.compress {
		// a draft is for the screen next to the editor: speed over size
		if out, err = compressStreams(out); err != nil {
			return nil, nil, nil, fmt.Errorf("layout: %w", err)
		}
	}
	out = sortBoxes(out)
	if out, err = addFaces(out, own); err != nil {
		return nil, nil, nil, fmt.Errorf("layout: %w", err)
	}
	if opt.Edition != Draft {
		// a draft is for the editor's eyes, and quick: no structure tree
		if out, err = tagFigures(out, w.figs); err != nil {
			return nil, nil, nil, fmt.Errorf("layout: %w", err)
		}
	}
	if d.session {
		// the next build of a watch session will most likely need the
		// same document set up with the same fonts: make it meanwhile
		d.cache.prepare(setup, doc.fs, cuts)
	}
	return addID(out), &doc, &pf.missing, nil
}

// pdfChars returns the characters and faces the PDF's fonts are cut for:
// docChars, and in a watch session what its earlier builds found missing.
func (d *Document) pdfChars(cache *Cache) (*charSet, map[Font]bool, error) {
	chars, faces, err := docChars(d)
	if err != nil {
		return nil, nil, fmt.Errorf("layout: %w", err)
	}
	if d.session {
		chars.union(&cache.extraChars)
	}
	return chars, faces, nil
}

// pageOffset is where the trim box stands in the media box: the print
// edition's media box holds the trim, the bleed around it and the crop
// marks outside the bleed, and the page is drawn offset by it.
func pageOffset(b *manuscript.Book, ed Edition) float64 {
	if ed == Print {
		return b.Bleed + markLength + markGap
	}
	return 0
}

// setupFor returns the setup of the PDF of book in edition ed with the
// fonts cut as cuts gives.
func setupFor(b *manuscript.Book, ed Edition, cuts map[Font]*fontCut) pdfSetup {
	g, off := newGeometry(b.Trim), pageOffset(b, ed)
	return pdfSetup{w: g.w + 2*off, h: g.h + 2*off, compress: ed != Draft, cuts: cutKeys(cuts)}
}

// prepareEarly sets up, in the background, the PDF of edition ed for a
// document still being set whose first pass gave the pages of early: its
// characters and faces are almost always the final ones, so the fonts are
// cut and registered with fpdf on the other core while the page numbers
// settle. Document.PDF takes it if the setup is the one it needs. Nothing
// is done when a set-up document is already waiting (a watch session's).
func (c *Cache) prepareEarly(ed Edition, early *Document) {
	c.prepareWith(true, func() (pdfSetup, *fontSet, map[Font]*fontCut, bool) {
		chars, faces, err := early.pdfChars(c)
		if err != nil {
			return pdfSetup{}, nil, nil, false
		}
		cuts := cutFonts(early.fs, faces, chars, c)
		return setupFor(early.Book, ed, cuts), early.fs, cuts, true
	})
}

// prepare sets up, in the background, the document the next build with
// the same setup will take.
func (c *Cache) prepare(s pdfSetup, fs *fontSet, cuts map[Font]*fontCut) {
	c.prepareWith(false, func() (pdfSetup, *fontSet, map[Font]*fontCut, bool) {
		return s, fs, cuts, true
	})
}

// prepareWith starts, on a goroutine of its own, the fpdf document of the
// setup that setup returns (unless it says no), for takePrepared. With
// ifIdle, nothing is done when a set-up document is already waiting.
func (c *Cache) prepareWith(ifIdle bool, setup func() (pdfSetup, *fontSet, map[Font]*fontCut, bool)) {
	ready := make(chan *preparedPDF, 1)
	c.mu.Lock()
	if ifIdle && c.prepared != nil {
		c.mu.Unlock()
		return
	}
	c.prepared = ready
	c.mu.Unlock()
	go func() {
		var p *preparedPDF
		// whatever goes wrong here, Document.PDF sets up its own
		defer func() { _ = recover(); ready <- p }()
		s, fs, cuts, ok := setup()
		if !ok {
			return
		}
		if pdf, pf := s.start(fs, cuts); pf.err == nil && !pdf.Err() {
			p = &preparedPDF{setup: s, pdf: pdf, fonts: pf}
		}
	}()
}

// pdfSetup is what an fpdf document is made with before anything is
// drawn: its page size, compression and fonts.
type pdfSetup struct {
	w, h     float64
	compress bool
	cuts     string // the fonts' cut keys, in registration order; "" for whole faces
}

// start makes the fpdf document of the setup, with the cut faces
// registered in a fixed order.
func (s pdfSetup) start(fs *fontSet, cuts map[Font]*fontCut) (*fpdf.Fpdf, *fpdfFonts) {
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: s.w, Ht: s.h},
	})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	// streams are compressed after writing, by compressStreams
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	pf := newFPDFFonts(pdf, fs, cuts)
	for _, f := range sortedFaces(cuts) {
		pf.use(f)
	}
	return pdf, pf
}

// sortedFaces returns the faces of cuts in a fixed order.
func sortedFaces(cuts map[Font]*fontCut) []Font {
	faces := make([]Font, 0, len(cuts))
	for f := range cuts {
		faces = append(faces, f)
	}
	sortFaces(faces)
	return faces
}

// sortFaces puts faces in a fixed order: by role, then style.
func sortFaces(faces []Font) {
	sort.Slice(faces, func(i, j int) bool {
		if faces[i].Role != faces[j].Role {
			return faces[i].Role < faces[j].Role
		}
		return faces[i].Style < faces[j].Style
	})
}

// cutKeys names the cuts, in registration order, for pdfSetup.
func cutKeys(cuts map[Font]*fontCut) string {
	var sb strings.Builder
	for _, f := range sortedFaces(cuts) {
		fmt.Fprintf(&sb, "%d.%d:%x;", f.Role, f.Style, cuts[f].key.chars[:8])
	}
	return sb.String()
}

// preparedPDF is an fpdf document set up ahead of a build.
type preparedPDF struct {
	setup pdfSetup
	pdf   *fpdf.Fpdf
	fonts *fpdfFonts
}

// takePrepared returns the document set up for s by the last build, if
// any, waiting for it to be ready.
func (c *Cache) takePrepared(s pdfSetup) *preparedPDF {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	ready := c.prepared
	c.prepared = nil
	c.mu.Unlock()
	if ready == nil {
		return nil
	}
	if p := <-ready; p != nil && p.setup == s {
		c.preparedTaken++
		return p
	}
	return nil
}

// finalBytes takes the bytes fpdf's Output writes. fpdf writes the whole
// file, which it has built in memory and never touches again, in one
// Write: that slice is kept rather than copied (a few megabytes of fresh
// memory, for a draft). Further writes append as usual.
type finalBytes struct{ b []byte }

func (f *finalBytes) Write(p []byte) (int, error) {
	if f.b == nil {
		f.b = p
	} else {
		f.b = append(f.b[:len(f.b):len(f.b)], p...)
	}
	return len(p), nil
}

// Crop marks: how long they are and how far they stand from the bleed.
const (
	markLength = 6.0
	markGap    = 2.0
)

type pdfWriter struct {
	pdf   *fpdf.Fpdf
	doc   *Document
	fs    *fontSet   // measures
	pf    *fpdfFonts // registers and selects faces in pdf
	opt   Options
	g     geometry
	links map[string]int // anchor → fpdf link id
	off   float64        // offset of the trim box in the media box (print)
	cmyk  bool           // write colours as DeviceCMYK
	figs  []taggedFigure // figures marked for the structure tree

	fpdfFaces map[Font]bool // the faces fpdf embeds; the text's others are embedded apart
	embedded  func() ([]embeddedFace, error)
}

// beginFigure opens a marked-content sequence for a figure on page p, to
// be tagged with its text alternative.
func (w *pdfWriter) beginFigure(p *Page, alt string) {
	mcid := 0
	for _, f := range w.figs {
		if f.page == p.Index+1 {
			mcid++
		}
	}
	w.figs = append(w.figs, taggedFigure{page: p.Index + 1, mcid: mcid, alt: alt})
	w.pdf.RawWriteStr(fmt.Sprintf("/Figure <</MCID %d>> BDC\n", mcid))
}

func (w *pdfWriter) metadata() {
	b := w.doc.Book
	var authors []string
	for _, a := range b.Authors {
		authors = append(authors, a.Name)
	}
	title := b.Title
	if b.Subtitle != "" {
		title += ": " + b.Subtitle
	}
	w.pdf.SetTitle(title, true)
	w.pdf.SetAuthor(strings.Join(authors, ", "), true)
	w.pdf.SetSubject(b.Description, true)
	w.pdf.SetKeywords(strings.Join(b.Subjects, ", "), true)
	w.pdf.SetLang(b.Language)
	w.pdf.SetCreator("Folio", true)
	w.pdf.SetProducer("Folio (fpdf)", true)
	w.pdf.SetXmpMetadata(xmpPacket(b, w.opt.Date))
}

// anchorPages finds the page and height of every anchor.
func (w *pdfWriter) anchorLinks() {
	for _, p := range w.doc.Pages {
		for _, it := range p.Items {
			if a, ok := it.(AnchorItem); ok {
				if _, dup := w.links[a.Name]; !dup {
					id := w.pdf.AddLink()
					w.pdf.SetLink(id, a.Y+w.off, p.Index+1)
					w.links[a.Name] = id
				}
			}
		}
	}
}

// pages draws the pages. Text, rules and rectangles are written as
// content streams of their own on all cores (drawPage); fpdf is then given
// them page by page, with what only it draws: charts, images, links,
// bookmarks and page boxes.
func (w *pdfWriter) pages() error {
	w.anchorLinks()
	var viaFPDF, own []Font
	for _, f := range w.textFaces() {
		if w.fpdfFaces[f] {
			viaFPDF = append(viaFPDF, f)
		} else {
			own = append(own, f)
		}
	}
	names, err := w.fontNames(viaFPDF)
	if err != nil {
		return err
	}
	for _, f := range own {
		names[f] = ownFontName(f)
	}
	drawn := make([]pageContent, len(w.doc.Pages))
	workers := min(runtime.GOMAXPROCS(0), len(drawn))
	marks := make([]drawMarks, max(workers, 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			m := &marks[k]
			for {
				i := int(next.Add(1)) - 1
				if i >= len(drawn) {
					return
				}
				drawn[i] = w.drawPage(w.doc.Pages[i], names, m)
			}
		})
	}
	wg.Wait()
	used := map[Font]*charSet{}
	for _, m := range marks {
		w.pf.missing.union(&m.missing)
		for f, cs := range m.used {
			if used[f] == nil {
				used[f] = new(charSet)
			}
			used[f].union(cs)
		}
	}
	// the faces fpdf does not embed are cut and compressed meanwhile
	w.embedded = w.fs.embedFaces(own, used, w.doc.cache)
	for i, p := range w.doc.Pages {
		if err := drawn[i].err; err != nil {
			return fmt.Errorf("page %s: %w", p.Label, err)
		}
		w.pdf.AddPage()
		if w.opt.Edition == Print {
			o, bl := w.off, w.doc.Book.Bleed
			w.pdf.SetPageBox("trim", o, o, w.g.w, w.g.h)
			w.pdf.SetPageBox("bleed", o-bl, o-bl, w.g.w+2*bl, w.g.h+2*bl)
		}
		for _, it := range drawn[i].annots {
			w.annotate(it)
		}
		for _, s := range drawn[i].segs {
			if s.item == nil {
				w.pdf.RawWriteBuf(bytes.NewReader(s.raw))
			} else if err := w.item(p, s.item); err != nil {
				return err
			}
		}
		if w.pdf.Err() {
			return fmt.Errorf("layout: page %s: %w", p.Label, w.pdf.Error())
		}
		drawn[i] = pageContent{} // fpdf has its copy
	}
	w.markUsed(viaFPDF, used)
	return nil
}

// pageContent is a page drawn by drawPage: its content, in segments of
// raw content and of items fpdf draws, in order, and its links and
// bookmarks.
type pageContent struct {
	segs   []pageSegment
	annots []Item
	err    error
}

// pageSegment is raw content, or a chart or image for fpdf to draw.
type pageSegment struct {
	raw  []byte
	item Item
}

// drawMarks is what the pages one worker drew need of their fonts: the
// characters each face drew, and those its cut lacks.
type drawMarks struct {
	used    map[Font]*charSet
	missing charSet
}

// textFaces returns the faces the pages' text is drawn in, in a fixed
// order: those of the text items and the heading family's regular and
// bold, in which the furniture is set.
func (w *pdfWriter) textFaces() []Font {
	set := map[Font]bool{
		w.fs.face(Font{Role: Heading}):                    true,
		w.fs.face(Font{Role: Heading, Style: fonts.Bold}): true,
	}
	for _, p := range w.doc.Pages {
		for _, it := range p.Items {
			if t, ok := it.(TextItem); ok {
				set[w.fs.face(t.Font)] = true
			}
		}
	}
	faces := make([]Font, 0, len(set))
	for f := range set {
		faces = append(faces, f)
	}
	sortFaces(faces)
	return faces
}

// fontNames registers faces with the PDF and returns the names fpdf gives
// them in its pages' resources. fpdf does not say them, but writes them
// when a font is selected: they are read from a template (a piece of
// content fpdf keeps apart from the pages, and never writes when it is not
// used) in which each face is selected at a size of its own.
func (w *pdfWriter) fontNames(faces []Font) (map[Font]string, error) {
	for _, f := range faces {
		w.pf.use(f)
	}
	if w.pf.err != nil {
		return nil, w.pf.err
	}
	size := func(i int) float64 { return float64(1000 + i) }
	tpl := w.pdf.CreateTemplate(func(t *fpdf.Tpl) {
		for i, f := range faces {
			t.SetFont(f.Role.family(), f.fpdfStyle(), size(i))
		}
	})
	if w.pdf.Err() {
		return nil, fmt.Errorf("layout: font names: %w", w.pdf.Error())
	}
	names := make(map[Font]string, len(faces))
	for _, line := range strings.Split(string(tpl.Bytes()), "\n") {
		// BT /Fname 1000.00 Tf ET
		f := strings.Fields(line)
		if len(f) != 5 || f[0] != "BT" || f[3] != "Tf" || !strings.HasPrefix(f[1], "/") {
			continue
		}
		for i, face := range faces {
			if f[2] == strconv.FormatFloat(size(i), 'f', 2, 64) {
				names[face] = f[1][1:]
			}
		}
	}
	for _, f := range faces {
		if names[f] == "" {
			return nil, fmt.Errorf("layout: fpdf did not name the font %s %s", f.Role.family(), f.fpdfStyle())
		}
	}
	return names, nil
}

// markUsed tells fpdf which characters of each face the raw content
// drew, so that the subset it embeds holds their glyphs: fpdf counts the
// characters of the text it draws itself, here in a template it never
// writes.
func (w *pdfWriter) markUsed(faces []Font, used map[Font]*charSet) {
	w.pdf.CreateTemplate(func(t *fpdf.Tpl) {
		for _, f := range faces {
			if cs := used[f]; cs != nil && !cs.empty() {
				t.SetFont(f.Role.family(), f.fpdfStyle(), 10)
				t.Text(0, 0, cs.String())
			}
		}
	})
}

// drawPage writes the content of page p, and notes in m the characters
// drawn in each face.
func (w *pdfWriter) drawPage(p *Page, names map[Font]string, m *drawMarks) pageContent {
	var pc pageContent
	c := &contentStream{h: w.g.h + 2*w.off, names: names}
	if w.opt.Edition == Print {
		w.cropMarks(c)
	}
	for i := 0; i < len(p.Items); i++ {
		switch it := p.Items[i].(type) {
		case TextItem:
			i += w.textRun(c, p.Items[i:], m) - 1
		case RectItem:
			w.rect(c, it.X, it.Y, it.W, it.H, it.Fill)
		case LineItem:
			w.line(c, it.X1, it.Y1, it.X2, it.Y2, max(it.Width, 0.25*ptToMM), it.Color)
		case LinkItem, BookmarkItem:
			pc.annots = append(pc.annots, it)
		case ChartItem, ImageItem:
			if raw := c.take(); raw != nil {
				pc.segs = append(pc.segs, pageSegment{raw: raw})
			}
			pc.segs = append(pc.segs, pageSegment{item: it})
		case MarkItem:
			if w.opt.Edition == Draft {
				red := manuscript.Color{R: 220, G: 0, B: 0}
				x := w.g.w - 4
				if p.Index%2 == 1 {
					x = 2
				}
				w.rect(c, x, it.Y-3, 2, 3.5, red)
				mx := w.g.w - w.g.outer + 4
				if p.Index%2 == 1 {
					mx = 6
				}
				w.text(c, m, mx, it.Y, Font{Role: Heading}, 6, shorten(it.Problem.Message, 40), red)
			}
		}
	}
	w.furniture(c, m, p)
	if raw := c.take(); raw != nil {
		pc.segs = append(pc.segs, pageSegment{raw: raw})
	}
	pc.err = c.err
	return pc
}

// textRun draws the text item that items begins with, together with the
// items that continue it on its line in the same face, size and colour,
// as one text object, and returns how many items it drew. An item
// continues the run straight after the one before it (a syllable, or a
// word after a dash), one space after it (the natural spacing of ragged
// lines and of a paragraph's last line), or, in a justified line, a space
// widened to the line's spacing. Its spaces are real space characters, so
// that a reader that copies the line gets them, and every item stands
// where the layout put it, to within a thousandth of an em. Chinese,
// whose characters stand apart without spaces, is not widened.
func (w *pdfWriter) textRun(c *contentStream, items []Item, m *drawMarks) int {
	first := items[0].(TextItem)
	space := w.fs.width(first.Font, first.Size, " ")
	run := textRun{parts: []string{first.Text}}
	cur := []byte(first.Text)
	gap := -1.0 // the spacing of a justified line, once met
	last := first
	n := 1
run:
	for ; n < len(items); n++ {
		next, ok := items[n].(TextItem)
		if !ok || next.Y != first.Y || next.Font != first.Font || next.Size != first.Size || next.Color != first.Color || next.X <= last.X {
			break
		}
		g := next.X - (last.X + w.fs.width(last.Font, last.Size, last.Text))
		switch {
		case math.Abs(g) < 1e-6:
			cur = append(cur, next.Text...)
		case math.Abs(g-space) < 1e-6:
			cur = append(append(cur, ' '), next.Text...)
		case first.Font.Role != CJK && (gap < 0 && g > 0 || gap > 0 && math.Abs(g-gap) < 1e-6):
			gap = g
			run.parts[len(run.parts)-1] = string(append(cur, ' '))
			run.moves = append(run.moves, g-space)
			run.parts = append(run.parts, "")
			cur = append(cur[:0], next.Text...)
		default:
			break run // spaced otherwise: the run ends before it
		}
		last = next
	}
	run.parts[len(run.parts)-1] = string(cur)
	run.x, run.y, run.size = first.X+w.off, first.Y+w.off, first.Size
	w.textRunStyle(c, m, &run, first.Font, first.Color)
	return n
}

// text draws s with its baseline starting at (x, y).
func (w *pdfWriter) text(c *contentStream, m *drawMarks, x, y float64, f Font, size float64, s string, col manuscript.Color) {
	run := textRun{x: x + w.off, y: y + w.off, size: size, parts: []string{s}}
	w.textRunStyle(c, m, &run, f, col)
}

// textRunStyle draws run in face f and colour col, noting its characters
// in m.
func (w *pdfWriter) textRunStyle(c *contentStream, m *drawMarks, run *textRun, f Font, col manuscript.Color) {
	run.font = w.fs.face(f)
	run.fill = colorOperator(col, w.cmyk, false)
	if m.used == nil {
		m.used = map[Font]*charSet{}
	}
	cs := m.used[run.font]
	if cs == nil {
		cs = new(charSet)
		m.used[run.font] = cs
	}
	for _, s := range run.parts {
		cs.addString(s)
		w.pf.checkInto(f, s, &m.missing)
	}
	c.text(run)
}

// item draws a chart or an image with fpdf, tagged as a figure.
func (w *pdfWriter) item(p *Page, it Item) error {
	switch it := it.(type) {
	case ChartItem:
		w.beginFigure(p, it.Alt)
		defer w.pdf.RawWriteStr("EMC\n")
		w.pf.use(Font{Role: Heading})
		w.pf.use(Font{Role: Heading, Style: fonts.Bold})
		opt := charts.PDFOptions{Family: Heading.family(), CMYK: w.cmyk, Colors: w.doc.Book.Theme.Palette, Text: w.pf.checkFPDF}
		// a registered CJK face serves any chart that needs it (DrawPDF
		// uses it for the characters Noto Sans lacks, if any); else the
		// chart says whether it needs one
		cjk := w.pf.used[w.fs.face(Font{Role: CJK})]
		if !cjk {
			var err error
			if cjk, err = charts.UsesFallback(it.Chart); err != nil {
				return fmt.Errorf("layout: chart %s: %w", it.Chart.ID, err)
			}
		}
		if cjk {
			w.pf.use(Font{Role: CJK})
			opt.CJKFamily = CJK.family()
		}
		if err := charts.DrawPDF(w.pdf, it.Chart, it.X+w.off, it.Y+w.off, it.W, it.H, opt); err != nil {
			return fmt.Errorf("layout: chart %s: %w", it.Chart.ID, err)
		}
	case ImageItem:
		w.beginFigure(p, it.Alt)
		defer w.pdf.RawWriteStr("EMC\n")
		name := "img-" + it.Image.Path
		tp := "PNG"
		if it.Image.Format == "jpeg" {
			tp = "JPG"
		}
		io := fpdf.ImageOptions{ImageType: tp}
		if w.pdf.GetImageInfo(name) == nil {
			w.pdf.RegisterImageOptionsReader(name, io, bytes.NewReader(it.Image.Data))
		}
		w.pdf.ImageOptions(name, it.X+w.off, it.Y+w.off, it.W, it.H, false, io, 0, "")
	}
	return nil
}

// annotate adds a link or a bookmark to the current page.
func (w *pdfWriter) annotate(it Item) {
	switch it := it.(type) {
	case LinkItem:
		if it.URL != "" {
			w.pdf.LinkString(it.X+w.off, it.Y+w.off, it.W, it.H, it.URL)
		} else if id, ok := w.links[it.Anchor]; ok {
			w.pdf.Link(it.X+w.off, it.Y+w.off, it.W, it.H, id)
		}
	case BookmarkItem:
		w.pdf.Bookmark(it.Title, it.Level, it.Y+w.off)
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// furniture draws the running head, the folio and, in a draft, the draft
// line.
func (w *pdfWriter) furniture(c *contentStream, m *drawMarks, p *Page) {
	b := w.doc.Book
	muted := b.Theme.Muted
	f := Font{Role: Heading}
	size := 8.0
	recto := p.Index%2 == 0
	x0, x1 := w.g.left(p), w.g.left(p)+w.g.measure
	if p.Head != "" {
		y := w.g.top - 8
		tw := w.fs.width(f, size, p.Head)
		x := x0
		if recto {
			x = x1 - tw
		}
		w.text(c, m, x, y, f, size, p.Head, muted)
		w.line(c, x0, y+2, x1, y+2, 0.25*ptToMM, tint(muted, 0.6))
	}
	if p.Folio && p.Label != "" {
		y := w.g.h - w.g.bottom + 12
		tw := w.fs.width(Font{Role: Heading, Style: fonts.Bold}, 8.5, p.Label)
		x := x0
		if recto {
			x = x1 - tw
		}
		w.text(c, m, x, y, Font{Role: Heading, Style: fonts.Bold}, 8.5, p.Label, b.Theme.Text)
	}
	if ch := p.Chapter; ch != nil && ch.Numbered && !p.Blank {
		w.thumbTab(c, m, p, ch)
	}
	if w.opt.Edition == Draft {
		red := manuscript.Color{R: 200, G: 0, B: 0}
		s := fmt.Sprintf("DRAFT · %s · built %s", b.Title, w.opt.Date.UTC().Format("2006-01-02 15:04 MST"))
		w.text(c, m, x0, w.g.h-6, Font{Role: Heading, Style: fonts.Bold}, 6.5, s, red)
	}
}

// rect fills a rectangle given in trim coordinates.
func (w *pdfWriter) rect(c *contentStream, x, y, width, h float64, col manuscript.Color) {
	c.rect(x+w.off, y+w.off, width, h, colorOperator(col, w.cmyk, false))
}

// line strokes a line given in trim coordinates.
func (w *pdfWriter) line(c *contentStream, x1, y1, x2, y2, width float64, col manuscript.Color) {
	c.line(x1+w.off, y1+w.off, x2+w.off, y2+w.off, width, colorOperator(col, w.cmyk, true))
}

// cropMarks draws the print edition's crop marks outside the bleed, in
// registration colour (100% of each ink).
func (w *pdfWriter) cropMarks(c *contentStream) {
	o, bl := w.off, w.doc.Book.Bleed
	reg := colorOperator(manuscript.Color{C: 1, M: 1, Y: 1, K: 1, CMYKGiven: true}, true, true)
	x0, y0, x1, y1 := o, o, o+w.g.w, o+w.g.h
	far := bl + markGap
	for _, m := range [][4]float64{
		{x0, y0 - far, x0, y0 - far - markLength}, {x0 - far, y0, x0 - far - markLength, y0},
		{x1, y0 - far, x1, y0 - far - markLength}, {x1 + far, y0, x1 + far + markLength, y0},
		{x0, y1 + far, x0, y1 + far + markLength}, {x0 - far, y1, x0 - far - markLength, y1},
		{x1, y1 + far, x1, y1 + far + markLength}, {x1 + far, y1, x1 + far + markLength, y1},
	} {
		c.line(m[0], m[1], m[2], m[3], 0.25*ptToMM, reg)
	}
}

// Thumb tabs: how far a tab reaches into the page from the trim edge.
const tabDepth = 7.0

// thumbTab draws the chapter's tab on the outer edge, running into the
// bleed, at a height that steps down chapter by chapter so that a reader can
// thumb to a sector.
func (w *pdfWriter) thumbTab(c *contentStream, m *drawMarks, p *Page, ch *manuscript.Chapter) {
	n := len(w.doc.Book.Chapters)
	span := w.g.h - w.g.top - w.g.bottom
	h := math.Min(span/float64(n), 22)
	y := w.g.top + float64(ch.Number-1)*h
	bl := w.doc.Book.Bleed
	x, tx := w.g.w-tabDepth, w.g.w-tabDepth/2
	if p.Index%2 == 1 {
		x, tx = -bl, tabDepth/2
	}
	w.rect(c, x, y+0.4, tabDepth+bl, h-0.8, ch.Color)
	label := fmt.Sprint(ch.Number)
	f := Font{Role: Heading, Style: fonts.Bold}
	tw := w.fs.width(f, 8, label)
	w.text(c, m, tx-tw/2, y+h/2+1.2, f, 8, label, manuscript.Color{R: 255, G: 255, B: 255})
}
