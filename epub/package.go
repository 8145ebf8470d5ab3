package epub

import (
	"fmt"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/folio-press/folio/manuscript"
)

// archive makes every file of the publication, compresses it and zips
// them all. The files are independent of each other, so they are made on
// as many goroutines as there are processors (w.workers); each goes to its
// own place in the archive, so the archive is the same however they are
// scheduled. The cover, the fonts and the charts, the slow ones, start
// first.
func (w *writer) archive() ([]byte, error) {
	var files []zipFile
	var jobs []job
	add := func(name string, make func() ([]byte, error)) {
		jobs = append(jobs, job{file: len(files), make: make})
		files = append(files, zipFile{name: name})
	}
	constant := func(data []byte) func() ([]byte, error) {
		return func() ([]byte, error) { return data, nil }
	}
	add("mimetype", constant([]byte("application/epub+zip")))
	add("META-INF/container.xml", constant([]byte(containerXML)))
	add(path.Join(contentDir, opfName), func() ([]byte, error) { return w.packageDocument(), nil })
	add(path.Join(contentDir, ncxName), func() ([]byte, error) { return w.ncx(), nil })
	add(path.Join(contentDir, textDir, navName), func() ([]byte, error) { return w.navDocument(), nil })
	for _, d := range w.docs {
		add(path.Join(contentDir, textDir, d.file), func() ([]byte, error) { return w.renderDocument(d), nil })
	}
	for _, res := range w.resources() {
		make := constant(res.data)
		switch {
		case res.id == w.cover.id:
			make = func() ([]byte, error) {
				data, err := w.opt.Cache.coverPNG(w.book, w.build)
				if err != nil {
					return nil, fmt.Errorf("epub: %w", err)
				}
				return data, nil
			}
		case res.fig != nil && res.fig.Chart != nil:
			f := res.fig
			make = func() ([]byte, error) {
				data, err := w.opt.Cache.chartImage(f.Chart, w.build)
				if err != nil {
					return nil, fmt.Errorf("epub: %s: chart %q: %w", f.Pos, f.Chart.ID, err)
				}
				return data, nil
			}
		}
		add(path.Join(contentDir, res.href), make)
	}
	// the slow jobs first: the cover, the fonts, the charts
	slow := func(j job) int {
		switch name := files[j.file].name; {
		case name == path.Join(contentDir, w.cover.href):
			return 0
		case path.Dir(name) == path.Join(contentDir, fontDir):
			return 1
		case path.Ext(name) == ".svg":
			return 2
		}
		return 3
	}
	sort.SliceStable(jobs, func(i, j int) bool { return slow(jobs[i]) < slow(jobs[j]) })

	errs := make([]error, len(files))
	run(jobs, w.workers, func() func(job) {
		z := deflaters{} // this goroutine's
		return func(j job) {
			data, err := j.make()
			if err != nil {
				errs[j.file] = err
				return
			}
			name := files[j.file].name
			if e, ok := bundledFont(name, data); ok {
				files[j.file].entry = e
				return
			}
			method, level := storage(name)
			files[j.file].entry, errs[j.file] = w.opt.Cache.entry(data, method, level, z, w.build)
		}
	})
	// the first error in the archive's order, whichever came first
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return zipArchive(files, w.opt.Date)
}

// job makes the bytes of one file of the archive.
type job struct {
	file int // index in the archive
	make func() ([]byte, error)
}

// run does every job on workers goroutines (GOMAXPROCS for 0), taking
// the jobs in order, and returns when all are done. Each goroutine calls
// worker once for the function that does its jobs.
func run(jobs []job, workers int, worker func() func(job)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	if workers <= 1 {
		do := worker()
		for _, j := range jobs {
			do(j)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			do := worker()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				do(jobs[i])
			}
		})
	}
	wg.Wait()
}

// renderDocument writes a content document of any kind.
func (w *writer) renderDocument(d *document) []byte {
	switch d.kind {
	case kindCover:
		return w.coverPage(d)
	case kindTitle:
		return w.titlePage(d)
	case kindImprint:
		return w.imprintPage(d)
	case kindContents:
		return w.contentsPage(d)
	case kindFigures:
		return w.figuresPage(d)
	}
	return w.renderDoc(d)
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="` + contentDir + "/" + opfName + `" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// resources returns the files other than content documents, in manifest
// order: style sheet, fonts, cover, figure images.
func (w *writer) resources() []resource {
	out := append([]resource(nil), w.style...)
	if w.cover != nil {
		out = append(out, *w.cover)
	}
	return append(out, w.images...)
}

// xmlBuilder writes XML text with escaping.
type xmlBuilder struct{ strings.Builder }

func (b *xmlBuilder) raw(s string) { b.WriteString(s) }

func (b *xmlBuilder) esc(s string) { writeEscaped(&b.Builder, s) }

// elem writes <name attrs>text</name> and a newline; attrs are name, value pairs.
func (b *xmlBuilder) elem(indent, name, text string, attrs ...string) {
	b.raw(indent + "<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.raw(" " + attrs[i] + `="`)
		b.esc(attrs[i+1])
		b.raw(`"`)
	}
	b.raw(">")
	b.esc(text)
	b.raw("</" + name + ">\n")
}

// empty writes <name attrs/> and a newline.
func (b *xmlBuilder) empty(indent, name string, attrs ...string) {
	b.raw(indent + "<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" && attrs[i] != "alt" {
			continue
		}
		b.raw(" " + attrs[i] + `="`)
		b.esc(attrs[i+1])
		b.raw(`"`)
	}
	b.raw("/>\n")
}

// modified formats a time as dcterms:modified wants it.
func modified(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// packageDocument returns the OPF: metadata, manifest and spine.
func (w *writer) packageDocument() []byte {
	bk := w.book
	var b xmlBuilder
	b.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.raw(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="`)
	b.esc(w.lang)
	b.raw("\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
	const in = "    "
	b.elem(in, "dc:identifier", bk.Identifier.URN(), "id", "pub-id")
	if bk.Identifier.Scheme == "isbn" {
		b.elem(in, "meta", "15", "refines", "#pub-id", "property", "identifier-type", "scheme", "onix:codelist5")
	}
	b.elem(in, "dc:title", bk.Title, "id", "title")
	b.elem(in, "meta", "main", "refines", "#title", "property", "title-type")
	if bk.Subtitle != "" {
		b.elem(in, "dc:title", bk.Subtitle, "id", "subtitle")
		b.elem(in, "meta", "subtitle", "refines", "#subtitle", "property", "title-type")
	}
	for i, a := range bk.Authors {
		id := fmt.Sprintf("creator-%d", i+1)
		el := "dc:creator"
		switch a.Role {
		case "author", "editor", "":
		default:
			el = "dc:contributor"
		}
		b.elem(in, el, a.Name, "id", id)
		if rel := a.MARCRelator(); rel != "" {
			b.elem(in, "meta", rel, "refines", "#"+id, "property", "role", "scheme", "marc:relators")
		}
		b.elem(in, "meta", strconv.Itoa(i+1), "refines", "#"+id, "property", "display-seq")
	}
	if bk.Publisher != "" {
		b.elem(in, "dc:publisher", bk.Publisher)
	}
	b.elem(in, "dc:language", w.lang)
	date := bk.Date
	if date.IsZero() {
		date = w.opt.Date
	}
	if !date.IsZero() {
		b.elem(in, "dc:date", date.Format("2006-01-02"))
	}
	if bk.Rights != "" {
		b.elem(in, "dc:rights", bk.Rights)
	}
	if bk.Description != "" {
		b.elem(in, "dc:description", bk.Description)
	}
	for _, s := range bk.Subjects {
		b.elem(in, "dc:subject", s)
	}
	if len(w.pages) > 0 {
		// the print edition the page-list comes from (EPUB 3.2's way of
		// saying what EPUB 3.3 says with pageBreakSource)
		b.elem(in, "dc:source", w.pageSource(), "id", "print-source")
		b.elem(in, "meta", "pagination", "refines", "#print-source", "property", "source-of")
	}
	b.elem(in, "meta", modified(w.opt.Date), "property", "dcterms:modified")
	for _, m := range w.accessibility() {
		b.elem(in, "meta", m[1], "property", m[0])
	}
	if w.cover != nil {
		b.empty(in, "meta", "name", "cover", "content", w.cover.id)
	}
	b.raw("  </metadata>\n  <manifest>\n")
	b.empty(in, "item", "id", "nav", "href", path.Join(textDir, navName), "media-type", "application/xhtml+xml", "properties", "nav")
	b.empty(in, "item", "id", "ncx", "href", ncxName, "media-type", "application/x-dtbncx+xml")
	for _, d := range w.docs {
		b.empty(in, "item", "id", d.id, "href", path.Join(textDir, d.file), "media-type", "application/xhtml+xml")
	}
	for _, res := range w.resources() {
		b.empty(in, "item", "id", res.id, "href", res.href, "media-type", res.mediaType, "properties", res.properties)
	}
	b.raw("  </manifest>\n  <spine toc=\"ncx\">\n")
	for _, d := range w.docs {
		b.empty(in, "itemref", "idref", d.id)
	}
	b.raw("  </spine>\n</package>\n")
	return []byte(b.String())
}

// pageSource returns the identifier of the print edition the page-list
// comes from: Options.PageSource, or the book's identifier with the
// fragment "#print".
func (w *writer) pageSource() string {
	if s := strings.TrimSpace(w.opt.PageSource); s != "" {
		return s
	}
	return w.book.Identifier.URN() + "#print"
}

// Conformance is the dcterms:conformsTo value a publication claims when
// it meets the checks the writer can make itself (see conformant); the
// tests hold every build to EPUBCheck and Ace by DAISY with no violation.
const Conformance = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

// conformant reports whether the publication meets what the writer can
// check of WCAG 2.1 AA: the language is known, every image has a text
// alternative written for it (a chart's may be generated from its data)
// and every chart its data as a table. The rest holds by construction:
// headings in order, tables with headers, text colours with 4.5:1
// contrast, no colour forced on body text, links that say where they go.
func (w *writer) conformant() bool {
	if strings.TrimSpace(w.book.Language) == "" {
		return false
	}
	for _, d := range w.docs {
		if d.doc == nil {
			continue
		}
		ok := true
		walkBlocks(d.doc.Body, func(b manuscript.Block) {
			f, isFig := b.(*manuscript.Figure)
			switch {
			case !isFig:
			case f.Chart != nil:
				if h, rows := chartTable(f.Chart); len(h) == 0 && len(rows) == 0 {
					ok = false
				}
			case strings.TrimSpace(f.Alt) == "":
				ok = false
			}
		})
		if !ok {
			return false
		}
	}
	return true
}

// accessibility returns the schema.org accessibility metadata as property,
// value pairs, and the conformance claim when the publication makes one.
func (w *writer) accessibility() [][2]string {
	visual := w.charts || w.pictures
	var m [][2]string
	add := func(p, v string) { m = append(m, [2]string{p, v}) }
	add("schema:accessMode", "textual")
	if visual {
		add("schema:accessMode", "visual")
	}
	add("schema:accessModeSufficient", "textual")
	if visual {
		add("schema:accessModeSufficient", "textual,visual")
	}
	add("schema:accessibilityFeature", "structuralNavigation")
	add("schema:accessibilityFeature", "tableOfContents")
	add("schema:accessibilityFeature", "readingOrder")
	add("schema:accessibilityFeature", "displayTransformability")
	if visual {
		add("schema:accessibilityFeature", "alternativeText")
	}
	if w.charts {
		add("schema:accessibilityFeature", "longDescription")
	}
	if len(w.pages) > 0 {
		add("schema:accessibilityFeature", "printPageNumbers")
	}
	add("schema:accessibilityHazard", "none")
	add("schema:accessibilitySummary", w.accessibilitySummary())
	if w.conformant() {
		add("dcterms:conformsTo", Conformance)
	}
	return m
}

func (w *writer) accessibilitySummary() string {
	s := []string{"Reflowable text in a logical reading order, with headings for every chapter and section and a table of contents."}
	if w.charts {
		s = append(s, "Every chart has a text description and its data as a table after it.")
	}
	if w.pictures {
		s = append(s, "Every image has alternative text.")
	}
	s = append(s, "Footnotes link to their notes and back.", "Chinese text is marked as such, so that it can be read aloud in Chinese.")
	if len(w.pages) > 0 {
		s = append(s, "The page numbers of the print edition are marked.")
	}
	s = append(s, "Colour is never the only way information is shown; text colour and background are left to the reading system.")
	return strings.Join(s, " ")
}

// navItem is an entry of the table of contents.
type navItem struct {
	label    string
	labelIn  []manuscript.Inline // rich label, or nil for label
	href     string
	pos      position
	children []navItem
}

// toc returns the table of contents: every document, with its level-1
// sections.
func (w *writer) toc() []navItem {
	var out []navItem
	for i, d := range w.docs {
		if d.kind == kindCover {
			continue // the cover is a landmark, not a chapter
		}
		it := navItem{label: d.title, href: d.file, pos: position{i, -1, 1}}
		if d.doc != nil {
			for bi, b := range d.doc.Body {
				if h, ok := b.(*manuscript.Heading); ok && h.Level == 1 {
					it.children = append(it.children, navItem{label: h.Text.Plain(), labelIn: h.Text.Inlines, href: d.file + "#" + h.Anchor(), pos: position{i, bi, 1}})
				}
			}
		}
		out = append(out, it)
	}
	return out
}

// landmark is an entry of the landmarks nav.
type landmark struct{ typ, href, label string }

func (w *writer) landmarks() []landmark {
	var out []landmark
	seen := map[string]bool{}
	add := func(typ, href, label string) {
		if !seen[typ] {
			seen[typ] = true
			out = append(out, landmark{typ, href, label})
		}
	}
	for _, d := range w.docs {
		switch d.kind {
		case kindCover:
			add("cover", d.file, "Cover")
		case kindTitle:
			add("titlepage", d.file, "Title page")
		case kindContents:
			add("toc", d.file, "Contents")
		case kindFigures:
			add("loi", d.file, d.title)
		case kindDoc:
			if d.part == "bodymatter" {
				add("bodymatter", d.file, "Start of content")
			}
			switch d.doc.Role {
			case "glossary", "bibliography", "acknowledgments", "preface":
				add(d.doc.Role, d.file, d.title)
			}
		}
	}
	if !seen["bodymatter"] {
		for _, d := range w.docs {
			if d.kind == kindDoc {
				add("bodymatter", d.file, "Start of content")
				break
			}
		}
	}
	// Without a contents page there is no toc landmark: the navigation
	// document is not in the spine, and EPUBCheck rejects links to it.
	return out
}

// navDocument returns the EPUB 3 navigation document: the table of
// contents, the landmarks and, when there is one, the page list.
func (w *writer) navDocument() []byte {
	r := w.newRenderer(&document{file: navName})
	r.inert = true
	r.raw("<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">Contents</h1>\n")
	var list func(items []navItem)
	list = func(items []navItem) {
		r.raw("<ol>\n")
		for _, it := range items {
			r.raw("<li><a")
			r.attr("href", it.href)
			r.raw(">")
			if it.labelIn != nil {
				r.inlines(it.labelIn)
			} else {
				r.text(it.label)
			}
			r.raw("</a>")
			if len(it.children) > 0 {
				r.raw("\n")
				list(it.children)
			}
			r.raw("</li>\n")
		}
		r.raw("</ol>\n")
	}
	list(w.toc())
	r.raw("</nav>\n")
	r.raw("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"\" aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">Landmarks</h2>\n<ol>\n")
	for _, l := range w.landmarks() {
		r.raw("<li><a")
		r.attr("epub:type", l.typ)
		r.attr("href", l.href)
		r.raw(">")
		r.text(l.label)
		r.raw("</a></li>\n")
	}
	r.raw("</ol>\n</nav>\n")
	if len(w.pages) > 0 {
		r.raw("<nav epub:type=\"page-list\" id=\"page-list\" hidden=\"\" aria-labelledby=\"page-list-title\">\n<h2 id=\"page-list-title\">Pages</h2>\n<ol>\n")
		for _, p := range w.pages {
			r.raw("<li><a")
			r.attr("href", p.file+"#"+p.id)
			r.raw(">")
			r.text(p.label)
			r.raw("</a></li>\n")
		}
		r.raw("</ol>\n</nav>\n")
	}
	return w.page(w.book.Title, "", r.sb.String(), true)
}

// ncx returns the EPUB 2 table of contents, with the page list.
func (w *writer) ncx() []byte {
	toc := w.toc()
	// playOrder follows the reading order; targets with the same src share one
	type target struct {
		src string
		pos position
	}
	var targets []target
	depth := 1
	for _, it := range toc {
		targets = append(targets, target{it.href, it.pos})
		for _, ch := range it.children {
			targets = append(targets, target{ch.href, ch.pos})
			depth = 2
		}
	}
	for _, p := range w.pages {
		targets = append(targets, target{path.Join(textDir, p.file) + "#" + p.id, p.order})
	}
	for i := range targets {
		if !strings.HasPrefix(targets[i].src, textDir+"/") {
			targets[i].src = path.Join(textDir, targets[i].src)
		}
	}
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].pos.less(targets[j].pos) })
	order := map[string]int{}
	for _, t := range targets {
		if _, ok := order[t.src]; !ok {
			order[t.src] = len(order) + 1
		}
	}

	var b xmlBuilder
	b.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.raw(`<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="`)
	b.esc(w.lang)
	b.raw("\">\n  <head>\n")
	maxPage := 0
	for _, p := range w.pages {
		if n, err := strconv.Atoi(p.label); err == nil && n > maxPage {
			maxPage = n
		}
	}
	b.empty("    ", "meta", "name", "dtb:uid", "content", w.book.Identifier.URN())
	b.empty("    ", "meta", "name", "dtb:depth", "content", strconv.Itoa(depth))
	b.empty("    ", "meta", "name", "dtb:totalPageCount", "content", strconv.Itoa(len(w.pages)))
	b.empty("    ", "meta", "name", "dtb:maxPageNumber", "content", strconv.Itoa(maxPage))
	b.raw("  </head>\n  <docTitle>\n")
	b.elem("    ", "text", w.book.Title)
	b.raw("  </docTitle>\n")
	for _, a := range w.book.Authors {
		b.raw("  <docAuthor>\n")
		b.elem("    ", "text", a.Name)
		b.raw("  </docAuthor>\n")
	}
	b.raw("  <navMap>\n")
	n := 0
	var points func(items []navItem, indent string)
	points = func(items []navItem, indent string) {
		for _, it := range items {
			n++
			src := path.Join(textDir, it.href)
			b.raw(fmt.Sprintf("%s<navPoint id=\"np-%d\" playOrder=\"%d\">\n", indent, n, order[src]))
			b.raw(indent + "  <navLabel>\n")
			b.elem(indent+"    ", "text", it.label)
			b.raw(indent + "  </navLabel>\n")
			b.empty(indent+"  ", "content", "src", src)
			points(it.children, indent+"  ")
			b.raw(indent + "</navPoint>\n")
		}
	}
	points(toc, "    ")
	b.raw("  </navMap>\n")
	if len(w.pages) > 0 {
		b.raw("  <pageList>\n    <navLabel>\n")
		b.elem("      ", "text", "Pages")
		b.raw("    </navLabel>\n")
		for i, p := range w.pages {
			src := path.Join(textDir, p.file) + "#" + p.id
			typ, value := pageType(p.label)
			b.raw(fmt.Sprintf("    <pageTarget id=\"pt-%d\" type=\"%s\"", i+1, typ))
			if value != "" {
				b.raw(` value="` + value + `"`)
			}
			b.raw(fmt.Sprintf(" playOrder=\"%d\">\n", order[src]))
			b.raw("      <navLabel>\n")
			b.elem("        ", "text", p.label)
			b.raw("      </navLabel>\n")
			b.empty("      ", "content", "src", src)
			b.raw("    </pageTarget>\n")
		}
		b.raw("  </pageList>\n")
	}
	b.raw("</ncx>\n")
	return []byte(b.String())
}

// pageType classifies a page label for the NCX: arabic numbers are normal
// pages with a value, roman numerals front matter, anything else special.
func pageType(label string) (typ, value string) {
	if n, err := strconv.Atoi(label); err == nil && n > 0 {
		return "normal", strconv.Itoa(n)
	}
	if label != "" && strings.Trim(strings.ToLower(label), "ivxlcdm") == "" {
		return "front", ""
	}
	return "special", ""
}
