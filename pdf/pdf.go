// Package pdf writes a display list as a PDF 1.7 file, in one pass and as
// a pure function of the document: the same display list gives the same
// bytes.
//
// The file has one cross-reference section, a cross-reference stream; its
// values (pages, annotations, fonts' dictionaries, the outline, the
// structure tree) are packed into object streams, and its streams (page
// contents, fonts, images) stand alone. Each font is embedded as a
// CIDFontType2 font with Identity-H encoding, cut after drawing to exactly
// the glyphs drawn (fonts.Subset) and named by a six-letter subset tag and
// its PostScript name, with the widths the typesetter measured and a
// ToUnicode map from each glyph to the text it stands for. Page contents,
// fonts, images and object streams are made on all cores.
//
// Besides the pages, the file holds their boxes (media, trim, bleed),
// /PageLabels giving each page its printed folio, the outline, named
// destinations for every link target, link annotations, the document
// information and XMP metadata, a trailer /ID made from the file, and,
// unless the document is a draft, a structure tree tagging each figure
// with its text alternative.
package pdf

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/folio-press/folio/display"
)

// Options are how a file is written.
type Options struct {
	// Compress deflates the page contents and the object streams. A draft
	// for the editor's screen may be written without, which is faster:
	// fonts and images are compressed either way.
	Compress bool
}

// resources are what the pages draw with: the fonts and images, each
// with its name in the pages' shared resource dictionary.
type resources struct {
	fonts      map[*display.Font]*fontUse
	fontOrder  []*fontUse
	images     map[*display.ImageSource]string
	imageOrder []*display.ImageSource
	tagged     bool // figures are marked content of a structure tree
}

// collect reads the runs and images of every page, in order.
func collect(doc *display.Document) *resources {
	res := &resources{fonts: map[*display.Font]*fontUse{}, images: map[*display.ImageSource]string{}, tagged: !doc.Info.Draft}
	var walk func(items []display.Item)
	walk = func(items []display.Item) {
		for _, it := range items {
			switch it := it.(type) {
			case *display.Text:
				u := res.fonts[it.Font]
				if u == nil {
					u = &fontUse{font: it.Font, resName: fmt.Sprintf("F%d", len(res.fontOrder)+1)}
					res.fonts[it.Font] = u
					res.fontOrder = append(res.fontOrder, u)
				}
				u.noteRun(it)
			case *display.Image:
				if _, ok := res.images[it.Src]; !ok {
					res.images[it.Src] = fmt.Sprintf("Im%d", len(res.imageOrder)+1)
					res.imageOrder = append(res.imageOrder, it.Src)
				}
			case *display.Group:
				walk(it.Items)
			}
		}
	}
	for i := range doc.Pages {
		walk(doc.Pages[i].Items)
	}
	for _, u := range res.fontOrder {
		u.done()
	}
	return res
}

// pageContent is a page's content stream, made on a core of its own.
type pageContent struct {
	data    []byte
	figures []int32 // the structure element of each MCID
	err     error
}

// Write writes doc as a PDF file.
func Write(doc *display.Document, opt Options) ([]byte, error) {
	if len(doc.Pages) == 0 {
		return nil, fmt.Errorf("pdf: the document has no pages")
	}
	res := collect(doc)

	// the fonts and images, each on a goroutine of its own, while the
	// pages are written
	embedded := make([]embeddedFont, len(res.fontOrder))
	images := make([]xobject, len(res.imageOrder))
	var side sync.WaitGroup
	for i, u := range res.fontOrder {
		side.Go(func() { embedded[i] = u.embed() })
	}
	for i, src := range res.imageOrder {
		side.Go(func() { images[i] = encodeImage(src, doc.Colors, doc.Transparency) })
	}

	// the page contents, on all cores
	contents := make([]pageContent, len(doc.Pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(doc.Pages)) {
		wg.Go(func() {
			z := newDeflater()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(doc.Pages) {
					return
				}
				p := &doc.Pages[i]
				c := &content{h: p.Media.H, res: res}
				c.items(p.Items)
				data := c.b
				if opt.Compress {
					data = z.deflate(data)
				}
				contents[i] = pageContent{data: data, figures: c.figures, err: c.err}
			}
		})
	}
	wg.Wait()
	side.Wait()
	for i, pc := range contents {
		if pc.err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, pc.err)
		}
	}
	for _, e := range embedded {
		if e.err != nil {
			return nil, e.err
		}
	}
	for _, x := range images {
		if x.err != nil {
			return nil, x.err
		}
	}

	f := &file{compress: opt.Compress}
	catalog := f.alloc()
	pagesRoot := f.alloc()
	pageRefs := make([]ref, len(doc.Pages))
	contentRefs := make([]ref, len(doc.Pages))
	for i := range doc.Pages {
		pageRefs[i], contentRefs[i] = f.alloc(), f.alloc()
	}
	resRef := f.alloc()

	// the shared resources
	rb := []byte("<</Font <<")
	for i, e := range embedded {
		rb = append(appendName(rb, res.fontOrder[i].resName), ' ')
		rb = append(appendRef(rb, f.putFont(e, opt.Compress)), ' ')
	}
	rb = append(rb, ">> /XObject <<"...)
	for i, x := range images {
		rb = append(appendName(rb, res.images[res.imageOrder[i]]), ' ')
		rb = append(appendRef(rb, f.putImage(x)), ' ')
	}
	f.set(resRef, append(rb, ">>>>"...))

	// named destinations: every link target, the first of each name
	dests := map[string][]byte{}
	var destNames []string
	for i, p := range doc.Pages {
		for _, d := range p.Dests {
			if _, dup := dests[d.Name]; dup {
				continue
			}
			dests[d.Name] = destArray(pageRefs[i], p.Media.H-d.Y)
			destNames = append(destNames, d.Name)
		}
	}
	sort.Strings(destNames)

	// the structure tree's figures, by page
	var tree *structTree
	if res.tagged {
		tree = newStructTree(f, doc, pageRefs, contents)
	}

	for i := range doc.Pages {
		p := &doc.Pages[i]
		f.setStream(contentRefs[i], nil, contents[i].data, opt.Compress)
		b := []byte("<</Type /Page /Parent ")
		b = appendRef(b, pagesRoot)
		b = append(b, " /MediaBox "...)
		b = appendBox(b, p.Media, p.Media.H)
		if !p.Trim.Empty() {
			b = append(b, " /TrimBox "...)
			b = appendBox(b, p.Trim, p.Media.H)
		}
		if !p.Bleed.Empty() {
			b = append(b, " /BleedBox "...)
			b = appendBox(b, p.Bleed, p.Media.H)
		}
		b = append(b, " /Resources "...)
		b = appendRef(b, resRef)
		b = append(b, " /Contents "...)
		b = appendRef(b, contentRefs[i])
		if annots := annotations(p, dests); len(annots) > 0 {
			b = append(b, " /Annots ["...)
			b = append(b, annots...)
			b = append(b, ']')
		}
		if k, ok := tree.parentKey(i); ok {
			b = fmt.Appendf(b, " /StructParents %d /Tabs /S", k)
		}
		f.set(pageRefs[i], append(b, ">>"...))
	}
	kids := []byte("<</Type /Pages /Kids [")
	for i, r := range pageRefs {
		if i > 0 {
			kids = append(kids, ' ')
		}
		kids = appendRef(kids, r)
	}
	f.set(pagesRoot, fmt.Appendf(kids, "] /Count %d>>", len(pageRefs)))

	cat := []byte("<</Type /Catalog /Pages ")
	cat = appendRef(cat, pagesRoot)
	if outline := f.putOutline(doc.Outline, doc.Pages, pageRefs); outline != 0 {
		cat = append(cat, " /Outlines "...)
		cat = appendRef(cat, outline)
		cat = append(cat, " /PageMode /UseOutlines"...)
	}
	if len(destNames) > 0 {
		names := []byte("<</Names [")
		for _, n := range destNames {
			names = appendLiteral(names, []byte(n))
			names = append(append(names, ' '), dests[n]...)
			names = append(names, ' ')
		}
		cat = append(cat, " /Names <</Dests "...)
		cat = appendRef(cat, f.add(append(names, "]>>"...)))
		cat = append(cat, ">>"...)
	}
	cat = append(cat, " /PageLabels "...)
	cat = append(cat, pageLabels(doc.Pages)...)
	meta := f.alloc()
	f.setStream(meta, []byte("/Type /Metadata /Subtype /XML"), xmpPacket(doc.Info), false)
	cat = append(cat, " /Metadata "...)
	cat = appendRef(cat, meta)
	if doc.Info.Language != "" {
		cat = append(cat, " /Lang "...)
		cat = appendText(cat, doc.Info.Language)
	}
	cat = append(cat, " /ViewerPreferences <</DisplayDocTitle true>>"...)
	if r := tree.root(); r != 0 {
		cat = append(cat, " /MarkInfo <</Marked true>> /StructTreeRoot "...)
		cat = appendRef(cat, r)
	}
	f.set(catalog, append(cat, ">>"...))
	info := f.add(infoDict(doc.Info))

	size := 4096
	for _, c := range contents {
		size += len(c.data) + 64
	}
	for _, e := range embedded {
		size += len(e.file) + len(e.toUni) + 512
	}
	for _, x := range images {
		size += len(x.data) + 512
		if x.smask != nil {
			size += len(x.smask.data) + 512
		}
	}
	return f.bytes(catalog, info, size+size/4)
}

// appendBox appends a rectangle of the page, whose height is h, as PDF's
// [x1 y1 x2 y2].
func appendBox(b []byte, r display.Rect, h float64) []byte {
	b = append(b, '[')
	b = appendNum(b, r.X, 3)
	b = append(b, ' ')
	b = appendNum(b, h-r.Y-r.H, 3)
	b = append(b, ' ')
	b = appendNum(b, r.X+r.W, 3)
	b = append(b, ' ')
	b = appendNum(b, h-r.Y, 3)
	return append(b, ']')
}

// destArray is a destination: the page, scrolled to height top.
func destArray(page ref, top float64) []byte {
	b := append(appendRef([]byte{'['}, page), " /XYZ 0 "...)
	b = appendNum(b, top, 2)
	return append(b, " null]"...)
}

// annotations returns the page's links as annotation dictionaries: to a
// URI, or to a named destination, when the document has it.
func annotations(p *display.Page, dests map[string][]byte) []byte {
	var b []byte
	var walk func(items []display.Item)
	walk = func(items []display.Item) {
		for _, it := range items {
			switch it := it.(type) {
			case *display.Link:
				if it.URI == "" && dests[it.Dest] == nil || it.Box.Empty() {
					continue
				}
				b = append(b, "<</Type /Annot /Subtype /Link /Rect "...)
				b = appendBox(b, it.Box, p.Media.H)
				b = append(b, " /Border [0 0 0] "...)
				if it.URI != "" {
					b = append(b, "/A <</S /URI /URI "...)
					b = appendLiteral(b, []byte(it.URI))
					b = append(b, ">>"...)
				} else {
					b = append(b, "/Dest "...)
					b = appendLiteral(b, []byte(it.Dest))
				}
				b = append(b, ">> "...)
			case *display.Group:
				walk(it.Items)
			}
		}
	}
	walk(p.Items)
	return b
}

// pageLabels returns the /PageLabels number tree: a range for each run of
// pages numbered in one style, each number following the last.
func pageLabels(pages []display.Page) []byte {
	b := []byte("<</Nums [")
	started := false
	var style display.Numbering
	want := 0
	for i, p := range pages {
		if p.Label == "" {
			want++
			continue
		}
		if started && p.Numbering == style && p.Number == want {
			want++
			continue
		}
		started, style, want = true, p.Numbering, p.Number+1
		b = fmt.Appendf(b, "%d <<", i)
		if p.Numbering == display.Roman {
			b = append(b, "/S /r"...)
		} else {
			b = append(b, "/S /D"...)
		}
		if p.Number != 1 {
			b = fmt.Appendf(b, " /St %d", p.Number)
		}
		b = append(b, ">> "...)
	}
	if !started {
		b = append(b, "0 <</S /D>>"...)
	}
	return append(b, "]>>"...)
}

// putOutline writes the outline and returns its root, or 0 when there is
// none. Each entry with entries under it is closed.
func (f *file) putOutline(bms []display.Bookmark, pages []display.Page, pageRefs []ref) ref {
	if len(bms) == 0 {
		return 0
	}
	root := f.alloc()
	refs := make([]ref, len(bms))
	for i := range bms {
		refs[i] = f.alloc()
	}
	// each entry's parent, children and siblings
	parent := make([]int, len(bms)) // -1: the root
	var stack []int
	for i, bm := range bms {
		for len(stack) > 0 && bms[stack[len(stack)-1]].Level >= bm.Level {
			stack = stack[:len(stack)-1]
		}
		parent[i] = -1
		if len(stack) > 0 {
			parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, i)
	}
	children := map[int][]int{}
	for i, p := range parent {
		children[p] = append(children[p], i)
	}
	refOf := func(i int) ref {
		if i < 0 {
			return root
		}
		return refs[i]
	}
	for i, bm := range bms {
		b := []byte("<</Title ")
		b = appendText(b, bm.Title)
		b = append(b, " /Parent "...)
		b = appendRef(b, refOf(parent[i]))
		sib := children[parent[i]]
		for k, s := range sib {
			if s != i {
				continue
			}
			if k > 0 {
				b = append(b, " /Prev "...)
				b = appendRef(b, refs[sib[k-1]])
			}
			if k+1 < len(sib) {
				b = append(b, " /Next "...)
				b = appendRef(b, refs[sib[k+1]])
			}
		}
		if kids := children[i]; len(kids) > 0 {
			b = append(b, " /First "...)
			b = appendRef(b, refs[kids[0]])
			b = append(b, " /Last "...)
			b = appendRef(b, refs[kids[len(kids)-1]])
			b = fmt.Appendf(b, " /Count %d", -len(kids))
		}
		if bm.Page >= 0 && bm.Page < len(pageRefs) {
			b = append(b, " /Dest "...)
			b = append(b, destArray(pageRefs[bm.Page], pages[bm.Page].Media.H-bm.Y)...)
		}
		f.set(refs[i], append(b, ">>"...))
	}
	top := children[-1]
	b := []byte("<</Type /Outlines /First ")
	b = appendRef(b, refs[top[0]])
	b = append(b, " /Last "...)
	b = appendRef(b, refs[top[len(top)-1]])
	f.set(root, fmt.Appendf(b, " /Count %d>>", len(top)))
	return root
}
