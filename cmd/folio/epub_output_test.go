package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// The tests in this file read the EPUB the folio binary writes, for the
// bundled report and every valid manuscript under testdata/valid, the way
// a reading system and a library's checks would: EPUBCheck, well-formed
// XML, links, text alternatives, the page-list against the print layout,
// accessibility metadata, the cover, and reproducibility.

// ebCase is a manuscript whose EPUB is checked.
type ebCase struct {
	name string
	dir  string // the manuscript folder; "" for the bundled report
}

// ebCases returns the bundled report and every valid manuscript.
func ebCases(t *testing.T) []ebCase {
	t.Helper()
	cases := []ebCase{{name: "report"}}
	dirs, err := filepath.Glob("../../testdata/valid/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "book.yaml")); err != nil {
			continue // a manuscript being written
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, ebCase{name: filepath.Base(d), dir: abs})
	}
	if len(cases) < 2 {
		t.Fatal("no valid manuscripts under testdata/valid")
	}
	return cases
}

// load loads the case's manuscript.
func (c ebCase) load(t *testing.T) *manuscript.Book {
	t.Helper()
	var b *manuscript.Book
	var err error
	if c.dir == "" {
		b, err = manuscript.Load(report.FS, report.Name)
	} else {
		b, err = manuscript.LoadDir(c.dir)
	}
	if err != nil {
		t.Fatalf("%s does not load: %v", c.name, err)
	}
	return b
}

var (
	ebMu    sync.Mutex
	ebBuilt = map[string]string{} // case name → EPUB file
)

// build returns the case's EPUB, built with the folio binary once per
// test run.
func (c ebCase) build(t *testing.T) string {
	t.Helper()
	ebMu.Lock()
	defer ebMu.Unlock()
	if f, ok := ebBuilt[c.name]; ok {
		return f
	}
	var f string
	if c.dir == "" {
		_, f = bundled(t)
	} else {
		out, err := os.MkdirTemp("", "folio-epub-")
		if err != nil {
			t.Fatal(err)
		}
		f = c.buildInto(t, out)
	}
	ebBuilt[c.name] = f
	return f
}

// buildInto builds the case's EPUB into the folder out and returns the
// file.
func (c ebCase) buildInto(t *testing.T, out string) string {
	t.Helper()
	args := []string{"build", "--epub", "-o", out}
	if c.dir != "" {
		args = append(args, c.dir)
	}
	r := folio(t, out, []string{epoch}, args...)
	if r.code != 0 {
		t.Fatalf("folio build %s exited %d:\n%s", c.name, r.code, r.stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.epub"))
	if len(files) != 1 {
		t.Fatalf("folio build %s wrote %d EPUBs", c.name, len(files))
	}
	return files[0]
}

// ebArchive is an unpacked EPUB.
type ebArchive struct {
	names []string
	files map[string][]byte
}

func ebRead(t *testing.T, file string) *ebArchive {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("%s is not a zip archive: %v", file, err)
	}
	defer zr.Close()
	a := &ebArchive{files: map[string][]byte{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		a.names = append(a.names, f.Name)
		a.files[f.Name] = data
	}
	return a
}

// ebNode is a parsed XML element.
type ebNode struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*ebNode
	parent   *ebNode
	text     string
}

func (n *ebNode) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *ebNode) epubType() string {
	for _, a := range n.attrs {
		if a.Name.Space == "http://www.idpf.org/2007/ops" && a.Name.Local == "type" {
			return a.Value
		}
	}
	return ""
}

func (n *ebNode) walk(fn func(*ebNode)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// ebParse parses an XML document strictly.
func ebParse(data []byte) (*ebNode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := &ebNode{}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &ebNode{name: tok.Name, attrs: tok.Copy().Attr, parent: cur}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			cur.text += string(tok)
		}
	}
	if len(root.children) != 1 {
		return nil, errors.New("not one root element")
	}
	return root.children[0], nil
}

// ebPublication is an EPUB read for the checks: its parsed XML files.
type ebPublication struct {
	*ebArchive
	docs map[string]*ebNode // every .xhtml, .opf, .ncx and .svg, parsed
	ids  map[string]map[string]bool
	opf  *ebNode
}

func ebOpen(t *testing.T, file string) *ebPublication {
	t.Helper()
	p := &ebPublication{ebArchive: ebRead(t, file), docs: map[string]*ebNode{}, ids: map[string]map[string]bool{}}
	for _, n := range p.names {
		switch path.Ext(n) {
		case ".xhtml", ".opf", ".ncx", ".svg":
		default:
			continue
		}
		root, err := ebParse(p.files[n])
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", n, err)
			continue
		}
		p.docs[n] = root
		p.ids[n] = map[string]bool{}
		root.walk(func(e *ebNode) {
			if id := e.attr("id"); id != "" {
				p.ids[n][id] = true
			}
		})
		if path.Ext(n) == ".opf" {
			p.opf = root
		}
	}
	if p.opf == nil {
		t.Fatal("no package document")
	}
	return p
}

// metadata returns the package metadata: element name or property (with
// "#id " before a refined one) to values.
func (p *ebPublication) metadata() map[string][]string {
	out := map[string][]string{}
	p.opf.walk(func(e *ebNode) {
		if e.parent == nil || e.parent.name.Local != "metadata" {
			return
		}
		key := e.name.Local
		if e.name.Space == "http://purl.org/dc/elements/1.1/" {
			key = "dc:" + key
		}
		if prop := e.attr("property"); prop != "" {
			key = strings.TrimSpace(e.attr("refines") + " " + prop)
		}
		if name := e.attr("name"); name != "" && e.name.Local == "meta" {
			key, e.text = "meta:"+name, e.attr("content")
		}
		out[key] = append(out[key], strings.TrimSpace(e.text))
	})
	return out
}

// manifest returns the manifest's items by id: href (in the archive) and
// properties.
func (p *ebPublication) manifest() map[string][2]string {
	out := map[string][2]string{}
	p.opf.walk(func(e *ebNode) {
		if e.name.Local == "item" {
			out[e.attr("id")] = [2]string{path.Join("EPUB", e.attr("href")), e.attr("properties")}
		}
	})
	return out
}

// resolve reports what is wrong with a link from the file from, or "".
func (p *ebPublication) resolve(from, ref string) string {
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "mailto:") {
		return ""
	}
	file, frag, _ := strings.Cut(ref, "#")
	target := from
	if file != "" {
		target = path.Join(path.Dir(from), file)
	}
	if _, ok := p.files[target]; !ok {
		return "no file " + target
	}
	if frag != "" && !p.ids[target][frag] {
		return "no id " + frag + " in " + target
	}
	return ""
}

// element returns the element a link from the file from points at.
func (p *ebPublication) element(from, ref string) *ebNode {
	file, frag, _ := strings.Cut(ref, "#")
	target := path.Join(path.Dir(from), file)
	var found *ebNode
	if root := p.docs[target]; root != nil {
		root.walk(func(e *ebNode) {
			if found == nil && e.attr("id") == frag {
				found = e
			}
		})
	}
	return found
}

// pageList returns the nav document's page-list: each entry's label and
// href.
func (p *ebPublication) pageList(t *testing.T) (nav string, labels, hrefs []string) {
	t.Helper()
	for _, it := range p.manifest() {
		if strings.Contains(" "+it[1]+" ", " nav ") {
			nav = it[0]
		}
	}
	root := p.docs[nav]
	if root == nil {
		t.Fatal("no navigation document")
	}
	root.walk(func(e *ebNode) {
		if e.name.Local != "nav" || e.epubType() != "page-list" {
			return
		}
		e.walk(func(a *ebNode) {
			if a.name.Local == "a" {
				labels = append(labels, strings.TrimSpace(a.text))
				hrefs = append(hrefs, a.attr("href"))
			}
		})
	})
	return nav, labels, hrefs
}

// printLabels returns the labels of the print edition's numbered pages,
// in order, from the same layout run the build makes.
func printLabels(t *testing.T, b *manuscript.Book) []string {
	t.Helper()
	doc, err := layout.Typeset(b, layout.Options{})
	if err != nil {
		t.Fatalf("layout.Typeset: %v", err)
	}
	var out []string
	for _, p := range doc.Pages {
		if p.Label != "" {
			out = append(out, p.Label)
		}
	}
	return out
}

func TestEPUBOutputs(t *testing.T) {
	for _, c := range ebCases(t) {
		t.Run(c.name, func(t *testing.T) {
			file := c.build(t)
			book := c.load(t)
			p := ebOpen(t, file)

			t.Run("epubcheck", func(t *testing.T) {
				epubcheck(t, file)
			})

			t.Run("links", func(t *testing.T) {
				links := 0
				for n, root := range p.docs {
					root.walk(func(e *ebNode) {
						var ref string
						switch {
						case path.Ext(n) == ".xhtml" && (e.name.Local == "a" || e.name.Local == "link"):
							ref = e.attr("href")
						case path.Ext(n) == ".xhtml" && e.name.Local == "img":
							ref = e.attr("src")
						case path.Ext(n) == ".ncx" && e.name.Local == "content":
							ref = e.attr("src")
						case path.Ext(n) == ".opf" && e.name.Local == "item":
							ref = e.attr("href")
						default:
							return
						}
						links++
						if problem := p.resolve(n, ref); problem != "" {
							t.Errorf("%s: link %q: %s", n, ref, problem)
						}
					})
				}
				if links < 10 {
					t.Errorf("only %d links", links)
				}
			})

			t.Run("text alternatives", func(t *testing.T) {
				imgs := 0
				for n, root := range p.docs {
					if path.Ext(n) == ".svg" {
						if root.attr("role") != "img" || !strings.Contains(string(p.files[n]), "<title") {
							t.Errorf("%s has no role=img and title", n)
						}
						continue
					}
					root.walk(func(e *ebNode) {
						if e.name.Local == "svg" || e.name.Local == "object" || e.name.Local == "embed" {
							t.Errorf("%s: <%s> in a content document: the checks here do not cover it", n, e.name.Local)
						}
						if e.name.Local != "img" {
							return
						}
						imgs++
						if strings.TrimSpace(e.attr("alt")) == "" {
							t.Errorf("%s: <img src=%q> has no text alternative", n, e.attr("src"))
						}
					})
				}
				if imgs == 0 {
					t.Error("no images: not even the cover")
				}
			})

			t.Run("page-list", func(t *testing.T) {
				want := printLabels(t, book)
				nav, labels, hrefs := p.pageList(t)
				if strings.Join(labels, " ") != strings.Join(want, " ") {
					t.Errorf("the page-list has the pages\n%s\nthe print edition has\n%s", strings.Join(labels, " "), strings.Join(want, " "))
				}
				for i, href := range hrefs {
					e := p.element(nav, href)
					if e == nil || e.epubType() != "pagebreak" || e.attr("role") != "doc-pagebreak" || e.attr("aria-label") != labels[i] {
						t.Errorf("page-list entry %q: %s is not its page break", labels[i], href)
					}
				}
				if n := strings.Count(string(p.files["EPUB/toc.ncx"]), "<pageTarget "); n != len(want) {
					t.Errorf("the NCX lists %d pages, want %d", n, len(want))
				}
			})

			t.Run("accessibility metadata", func(t *testing.T) {
				m := p.metadata()
				want := map[string][]string{
					"schema:accessMode":           {"textual"},
					"schema:accessModeSufficient": {"textual"},
					"schema:accessibilityFeature": {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "printPageNumbers"},
					"schema:accessibilityHazard":  {"none"},
					"dcterms:conformsTo":          {"EPUB Accessibility 1.1 - WCAG 2.1 Level AA"},
					"#print-source source-of":     {"pagination"},
				}
				// figures make the book visual too (the cover alone does
				// not: it says what the title page says)
				figures, charts := 0, 0
				for _, d := range book.Documents() {
					for _, b := range d.Body {
						if f, ok := b.(*manuscript.Figure); ok {
							figures++
							if f.Chart != nil {
								charts++
							}
						}
					}
				}
				if figures > 0 {
					want["schema:accessMode"] = append(want["schema:accessMode"], "visual")
					want["schema:accessibilityFeature"] = append(want["schema:accessibilityFeature"], "alternativeText")
				}
				if charts > 0 {
					want["schema:accessibilityFeature"] = append(want["schema:accessibilityFeature"], "longDescription")
				}
				if figures == 0 && strings.Contains(strings.Join(m["schema:accessMode"], " "), "visual") {
					t.Errorf("a book without figures has the access modes %q", m["schema:accessMode"])
				}
				for prop, values := range want {
					have := " " + strings.Join(m[prop], " ") + " "
					for _, v := range values {
						if !strings.Contains(have, " "+v+" ") {
							t.Errorf("%s lacks %q: %q", prop, v, m[prop])
						}
					}
				}
				if s := m["schema:accessibilitySummary"]; len(s) != 1 || len(s[0]) < 80 {
					t.Errorf("accessibilitySummary = %q", s)
				}
				if s := m["dc:source"]; len(s) != 1 || !strings.HasPrefix(s[0], book.Identifier.URN()) {
					t.Errorf("dc:source = %q, want the print edition's identifier", s)
				}
			})

			t.Run("cover", func(t *testing.T) {
				var cover string
				for _, it := range p.manifest() {
					if it[1] == "cover-image" {
						cover = it[0]
					}
				}
				img, err := png.Decode(bytes.NewReader(p.files[cover]))
				if err != nil {
					t.Fatalf("the cover-image %q is not a PNG: %v", cover, err)
				}
				if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 2560 {
					t.Errorf("the cover is %d×%d, want 1600×2560", b.Dx(), b.Dy())
				}
				if got := p.metadata()["meta:cover"]; len(got) != 1 || p.manifest()[got[0]][0] != cover {
					t.Errorf("<meta name=cover> = %q", got)
				}
			})

			t.Run("reproducible", func(t *testing.T) {
				// two builds in a row, from other folders: a manuscript
				// edited since the first build above would differ
				a, _ := os.ReadFile(c.buildInto(t, t.TempDir()))
				b, _ := os.ReadFile(c.buildInto(t, t.TempDir()))
				if !bytes.Equal(a, b) {
					t.Error("two builds with the same SOURCE_DATE_EPOCH differ")
				}
			})
		})
	}
}
