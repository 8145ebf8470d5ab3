package epub

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

var testDate = time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)

// loadMini loads the small test manuscript in testdata/mini.
func loadMini(t testing.TB) *manuscript.Book {
	t.Helper()
	b, err := manuscript.LoadDir("testdata/mini")
	if err != nil {
		t.Fatalf("loading testdata/mini: %v", err)
	}
	return b
}

// loadReport loads the bundled report, or skips: its chapters are still
// being written.
func loadReport(t testing.TB) *manuscript.Book {
	t.Helper()
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatalf("the bundled report does not load: %v", err)
	}
	return b
}

func build(t testing.TB, b *manuscript.Book, opt Options) []byte {
	t.Helper()
	if opt.Date.IsZero() {
		opt.Date = testDate
	}
	data, err := Write(b, opt)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return data
}

// archive is an unpacked EPUB.
type archive struct {
	names []string // in archive order
	files map[string][]byte
	zip   *zip.Reader
}

func unpack(t testing.TB, data []byte) *archive {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	a := &archive{files: map[string][]byte{}, zip: zr}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := a.files[f.Name]; dup {
			t.Errorf("%s is in the archive twice", f.Name)
		}
		a.names = append(a.names, f.Name)
		a.files[f.Name] = b
	}
	return a
}

func (a *archive) xhtml() []string {
	var out []string
	for _, n := range a.names {
		if strings.HasSuffix(n, ".xhtml") {
			out = append(out, n)
		}
	}
	return out
}

// node is a parsed XML element, enough for the checks here.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*node
	text     string // character data directly inside, concatenated
	parent   *node
}

func (n *node) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// attrNS returns an attribute in a namespace, e.g. epub:type.
func (n *node) attrNS(space, local string) string {
	for _, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// parse parses a document strictly: encoding/xml's default is strict, with
// only XML's five entities known.
func parse(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := &node{}
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
			n := &node{name: tok.Name, attrs: append([]xml.Attr(nil), tok.Attr...), parent: cur}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			cur.text += string(tok)
		}
	}
	if len(root.children) != 1 {
		return nil, errors.New("not exactly one root element")
	}
	return root.children[0], nil
}

func mustParse(t testing.TB, name string, data []byte) *node {
	t.Helper()
	n, err := parse(data)
	if err != nil {
		t.Fatalf("%s is not well-formed XML: %v", name, err)
	}
	return n
}

const (
	nsXHTML = "http://www.w3.org/1999/xhtml"
	nsEPUB  = "http://www.idpf.org/2007/ops"
	nsOPF   = "http://www.idpf.org/2007/opf"
	nsDC    = "http://purl.org/dc/elements/1.1/"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsNCX   = "http://www.daisy.org/z3986/2005/ncx/"
)

// testBooks are the books every structural test runs on.
func testBooks(t *testing.T) map[string]func() (*manuscript.Book, Options) {
	return map[string]func() (*manuscript.Book, Options){
		"mini": func() (*manuscript.Book, Options) { return loadMini(t), Options{} },
		"mini-pages": func() (*manuscript.Book, Options) {
			b := loadMini(t)
			return b, Options{PageList: pageMarks(b)}
		},
		"synthetic": func() (*manuscript.Book, Options) { return syntheticBook(), Options{} },
		"report":    func() (*manuscript.Book, Options) { return loadReport(t), Options{} },
	}
}

// pageMarks makes up a page list: the title page, a page at each
// document's start and one before every third block.
func pageMarks(b *manuscript.Book) []PageMark {
	var out []PageMark
	n := 4
	add := func(c *manuscript.Chapter, block int) {
		n++
		out = append(out, PageMark{Label: strconv.Itoa(n), Doc: c, Block: block})
	}
	out = append(out, PageMark{Label: "i", Generated: manuscript.TitlePage}, PageMark{Label: "iii", Doc: b.Documents()[0], Block: -1})
	for _, c := range b.Documents()[1:] {
		add(c, -1)
		for i := 2; i < len(c.Body); i += 3 {
			add(c, i)
		}
	}
	return out
}

// nasty is text that must survive escaping.
const nasty = `AT&T <script>alert("x")</script> ]]> 'single' "double" &amp; &#38; naïve — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂`

func str(s string) manuscript.Text {
	return manuscript.Text{Source: s, Inlines: []manuscript.Inline{&manuscript.Str{Text: s}}}
}

// syntheticBook builds a book in code, with text the manuscript parser
// would never produce: raw markup characters, control characters and
// invalid UTF-8.
func syntheticBook() *manuscript.Book {
	note := &manuscript.Footnote{ID: "n1", Number: 1, Text: str("A note with " + nasty)}
	ch := &manuscript.Chapter{
		File: "x.yaml", ID: "9lives", Numbered: true, Number: 1, Role: "chapter",
		Title:  manuscript.Text{Inlines: []manuscript.Inline{&manuscript.Str{Text: "Title ]]> & <b>"}, &manuscript.Emph{Children: []manuscript.Inline{&manuscript.Str{Text: "中文"}}}}},
		Kicker: `Kick & "er"`, Color: manuscript.Color{R: 200, G: 16, B: 46},
	}
	h := &manuscript.Heading{Level: 1, ID: "s1", Text: str("Section & 中文"), Chapter: ch}
	h2 := &manuscript.Heading{Level: 2, ID: "s2", Text: str("Sub"), Chapter: ch}
	link := &manuscript.Link{URL: "https://example.com/a b?x=1&y=<2>", Children: []manuscript.Inline{
		&manuscript.Str{Text: "a link with a note inside"},
		&manuscript.FootnoteRef{ID: "n1", Note: note},
		&manuscript.XRef{Kind: manuscript.RefSection, ID: "s1", Target: h},
	}}
	ch.Body = []manuscript.Block{
		h,
		&manuscript.Paragraph{Text: str(nasty)},
		&manuscript.Paragraph{Text: str("controls: \x01\x7f\u0085 invalid: \xff\xfe end \ufffe")},
		&manuscript.Paragraph{Text: manuscript.Text{Inlines: []manuscript.Inline{
			&manuscript.Str{Text: "See "}, &manuscript.XRef{Kind: manuscript.RefSection, ID: "s1", Target: h},
			&manuscript.Str{Text: ", "}, link, &manuscript.Str{Text: " and a relative link "},
			&manuscript.Link{URL: "../etc/passwd", Children: []manuscript.Inline{&manuscript.Str{Text: "not linked"}}},
			&manuscript.FootnoteRef{ID: "n1", Note: note},
			&manuscript.LineBreak{},
			&manuscript.Code{Text: "x := a < b && c > d"},
			&manuscript.XRef{Kind: manuscript.RefFigure, ID: "missing"},
		}}},
		h2,
		&manuscript.Definitions{Items: []manuscript.Definition{{Term: str("WeChat"), Original: str("微信"), Definition: str("「超级应用」, the super app.")}}},
		&manuscript.Table{ID: "t", Caption: str("No number & no columns"), Rows: [][]manuscript.Text{{str("a"), str("b")}}, Chapter: ch},
		&manuscript.Quote{Text: str("Quoted"), Cite: str("Somewhere")},
		&manuscript.PageBreak{},
	}
	ch.Footnotes = []*manuscript.Footnote{note, {ID: "unused", Number: 2, Text: str("Never referred to.")}}
	return &manuscript.Book{
		Title:      `Synthetic & "odd" <book>`,
		Authors:    []manuscript.Author{{Name: "A & B", Role: "author"}},
		Publisher:  "P <&> Q",
		Language:   "en",
		Identifier: manuscript.Identifier{Scheme: "uuid", Value: "5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f"},
		Theme:      manuscript.Theme{Fonts: manuscript.FontRoles{Body: "Noto Serif", Heading: "Noto Sans", CJK: "Droid Sans Fallback"}},
		Chapters:   []*manuscript.Chapter{ch},
	}
}

var (
	buildsMu sync.Mutex
	builds   = map[string][]byte{}
)

// built builds a test book once per test binary.
func built(t *testing.T, name string) ([]byte, *manuscript.Book) {
	t.Helper()
	b, opt := testBooks(t)[name]()
	buildsMu.Lock()
	defer buildsMu.Unlock()
	if data, ok := builds[name]; ok {
		return data, b
	}
	data := build(t, b, opt)
	builds[name] = data
	return data, b
}

var bookNames = []string{"mini", "mini-pages", "synthetic", "report"}

func TestWellFormedAndLinksResolve(t *testing.T) {
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			data, _ := built(t, name)
			a := unpack(t, data)
			ids := map[string]map[string]bool{}
			docs := map[string]*node{}
			for _, n := range a.xhtml() {
				root := mustParse(t, n, a.files[n])
				if root.name.Space != nsXHTML || root.name.Local != "html" {
					t.Errorf("%s: root is %v", n, root.name)
				}
				docs[n] = root
				ids[n] = map[string]bool{}
				root.walk(func(e *node) {
					if id, ok := e.attr("id"); ok {
						if ids[n][id] {
							t.Errorf("%s: id %q is used twice", n, id)
						}
						ids[n][id] = true
					}
				})
			}
			opf := mustParse(t, "package.opf", a.files["EPUB/package.opf"])
			manifest := map[string]bool{}
			opf.walk(func(e *node) {
				if e.name.Local == "item" {
					href, _ := e.attr("href")
					full := path.Join("EPUB", href)
					manifest[full] = true
					if _, ok := a.files[full]; !ok {
						t.Errorf("manifest item %s is not in the archive", href)
					}
				}
			})
			for _, n := range a.names {
				if n != "mimetype" && !strings.HasPrefix(n, "META-INF/") && n != "EPUB/package.opf" && !manifest[n] {
					t.Errorf("%s is in the archive but not in the manifest", n)
				}
			}
			resolve := func(from, ref string) {
				if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "mailto:") {
					return
				}
				file, frag, _ := strings.Cut(ref, "#")
				target := from
				if file != "" {
					target = path.Join(path.Dir(from), file)
				}
				if _, ok := a.files[target]; !ok {
					t.Errorf("%s links to %s: no such file", from, ref)
					return
				}
				if frag != "" && !ids[target][frag] {
					t.Errorf("%s links to %s: no id %q in %s", from, ref, frag, target)
				}
			}
			for n, root := range docs {
				root.walk(func(e *node) {
					switch e.name.Local {
					case "a", "link":
						if href, ok := e.attr("href"); ok {
							resolve(n, href)
						} else if e.name.Local == "a" {
							t.Errorf("%s: <a> without href", n)
						}
					case "img":
						src, _ := e.attr("src")
						resolve(n, src)
					}
				})
			}
			ncx := mustParse(t, "toc.ncx", a.files["EPUB/toc.ncx"])
			ncx.walk(func(e *node) {
				if e.name.Local == "content" {
					src, _ := e.attr("src")
					resolve("EPUB/toc.ncx", src)
				}
			})
		})
	}
}

func TestEscaping(t *testing.T) {
	data, _ := built(t, "synthetic")
	a := unpack(t, data)
	doc := a.files["EPUB/text/ch-9lives.xhtml"]
	root := mustParse(t, "ch-9lives.xhtml", doc)
	var all strings.Builder
	root.walk(func(e *node) { all.WriteString(e.text) })
	text := all.String()
	for _, want := range []string{
		nasty,
		"Title ]]> & <b>",
		`Kick & "er"`,
		"x := a < b && c > d",
		"controls: \ufffd\ufffd\ufffd invalid: \ufffd\ufffd end \ufffd",
		"[fig:missing]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the chapter's text lacks %q", want)
		}
	}
	if bytes.Contains(doc, []byte("<script")) || bytes.Contains(doc, []byte("]]>")) {
		t.Error("markup from the text reached the document unescaped")
	}
	if bytes.Contains(doc, []byte("../etc/passwd")) {
		t.Error("a relative link became a link")
	}
	if !bytes.Contains(doc, []byte(`href="https://example.com/a%20b?x=1&amp;y=%3C2%3E"`)) {
		t.Errorf("the external link is not a valid, escaped URL")
	}
	// the note and the cross-reference inside the link are not nested links
	root.walk(func(e *node) {
		if e.name.Local != "a" {
			return
		}
		for p := e.parent; p != nil; p = p.parent {
			if p.name.Local == "a" {
				t.Errorf("nested link %v inside %v", e.attrs, p.attrs)
			}
		}
	})
	title := a.files["EPUB/package.opf"]
	if !bytes.Contains(title, []byte(`Synthetic &amp; &#34;odd&#34; &lt;book&gt;`)) {
		t.Error("the title is not escaped in the package document")
	}
}

func TestEscapeFunc(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a & b", "a &amp; b"},
		{"<p>", "&lt;p&gt;"},
		{"]]>", "]]&gt;"},
		{`"x" 'y'`, "&#34;x&#34; &#39;y&#39;"},
		{"tab\tnewline\n", "tab\tnewline\n"},
		{"cr\r nul\x00 bell\x07 del\x7f c1\u0080", "cr\ufffd nul\ufffd bell\ufffd del\ufffd c1\ufffd"},
		{"bad \xc3\x28 utf8", "bad \ufffd( utf8"},
		{"nonchar \ufffe \U0001FFFF", "nonchar \ufffd \ufffd"},
		{"微信 🙂 naïve", "微信 🙂 naïve"},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHanRuns(t *testing.T) {
	tests := []struct {
		in   string
		want string // Chinese runs in [brackets]
	}{
		{"no Chinese", "no Chinese"},
		{"微信", "[微信]"},
		{"WeChat (微信) app", "WeChat ([微信]) app"},
		{"「超级应用」 is", "[「超级应用」] is"},
		{"a、b", "a、b"},                         // CJK punctuation alone is not Chinese
		{"中文，English，中文", "[中文，]English[，中文]"}, // punctuation joins the Chinese next to it
		{"end 网民.", "end [网民]."},
	}
	for _, tt := range tests {
		var sb strings.Builder
		hanRuns(tt.in, func(run string, han bool) {
			if han {
				sb.WriteString("[" + run + "]")
			} else {
				sb.WriteString(run)
			}
		})
		if sb.String() != tt.want {
			t.Errorf("hanRuns(%q) = %q, want %q", tt.in, sb.String(), tt.want)
		}
	}
}

// TestChineseMarked checks that every Han character in every content
// document's body is inside an element marked lang="zh-Hans".
func TestChineseMarked(t *testing.T) {
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			data, _ := built(t, name)
			a := unpack(t, data)
			found := false
			for _, n := range a.xhtml() {
				root := mustParse(t, n, a.files[n])
				root.walk(func(e *node) {
					if !hasHan(e.text) {
						return
					}
					found = true
					var lang, xmlLang string
					inTitle := false
					for p := e; p != nil; p = p.parent {
						if p.name.Local == "title" {
							inTitle = true
						}
						if v, ok := p.attr("lang"); ok && lang == "" && p.attrNS(nsXML, "lang") == "" {
							lang = v
						}
						if v := p.attrNS(nsXML, "lang"); v != "" && xmlLang == "" {
							xmlLang = v
							if lang == "" {
								for _, at := range p.attrs {
									if at.Name.Space == "" && at.Name.Local == "lang" {
										lang = at.Value
									}
								}
							}
						}
					}
					if inTitle {
						return // <title> holds text only
					}
					if lang != "zh-Hans" || xmlLang != "zh-Hans" {
						t.Errorf("%s: Chinese text %q is in lang=%q xml:lang=%q", n, e.text, lang, xmlLang)
					}
				})
			}
			if !found && name != "report" {
				t.Error("the book has no Chinese text to check")
			}
		})
	}
}

func TestImagesHaveAlt(t *testing.T) {
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			data, _ := built(t, name)
			a := unpack(t, data)
			imgs := 0
			for _, n := range a.xhtml() {
				mustParse(t, n, a.files[n]).walk(func(e *node) {
					if e.name.Local != "img" {
						return
					}
					imgs++
					if alt, _ := e.attr("alt"); strings.TrimSpace(alt) == "" {
						src, _ := e.attr("src")
						t.Errorf("%s: <img src=%q> has no alt text", n, src)
					}
				})
			}
			if name == "mini" && imgs != 4 {
				t.Errorf("found %d images, want 4 (the cover and 3 figures)", imgs)
			}
		})
	}
}

// metadata returns the package document's metadata: element or property
// name to values.
func metadata(t *testing.T, a *archive) map[string][]string {
	opf := mustParse(t, "package.opf", a.files["EPUB/package.opf"])
	out := map[string][]string{}
	opf.walk(func(e *node) {
		if e.parent == nil || e.parent.name.Local != "metadata" {
			return
		}
		key := e.name.Local
		if e.name.Space == nsDC {
			key = "dc:" + key
		}
		if p, ok := e.attr("property"); ok {
			if r, ok := e.attr("refines"); ok {
				key = r + " " + p
			} else {
				key = p
			}
		}
		out[key] = append(out[key], e.text)
	})
	return out
}

func TestMetadata(t *testing.T) {
	data, _ := built(t, "mini")
	a := unpack(t, data)
	m := metadata(t, a)
	want := map[string][]string{
		"dc:identifier":               {"urn:isbn:9780306406157"},
		"dc:title":                    {`Tom & Jerry’s <Guide> to “Escaping”`, "Markup, 微信 and other ]]> hazards"},
		"#title title-type":           {"main"},
		"#subtitle title-type":        {"subtitle"},
		"dc:creator":                  {"Ann Lee", "Bo Chen"},
		"dc:contributor":              {"Cai Wen"},
		"#creator-1 role":             {"aut"},
		"#creator-2 role":             {"edt"},
		"#creator-3 role":             {"trl"},
		"dc:publisher":                {"Folio Test Press"},
		"dc:language":                 {"en-GB"},
		"dc:date":                     {"2019-07-10"},
		"dc:rights":                   {"© 2019 Folio Test Press & contributors."},
		"dc:subject":                  {"Testing", "E-books & accessibility"},
		"dcterms:modified":            {"2024-03-01T12:30:00Z"},
		"schema:accessMode":           {"textual", "visual"},
		"schema:accessModeSufficient": {"textual", "textual,visual"},
		"schema:accessibilityFeature": {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "alternativeText", "longDescription"},
		"schema:accessibilityHazard":  {"none"},
	}
	for k, v := range want {
		if strings.Join(m[k], "|") != strings.Join(v, "|") {
			t.Errorf("%s = %q, want %q", k, m[k], v)
		}
	}
	if s := m["schema:accessibilitySummary"]; len(s) != 1 || len(s[0]) < 40 {
		t.Errorf("accessibility summary = %q", s)
	}
	if len(m["dc:description"]) != 1 {
		t.Error("no description")
	}

	// the NCX's dtb:uid is the package's identifier
	ncx := mustParse(t, "toc.ncx", a.files["EPUB/toc.ncx"])
	if ncx.name.Space != nsNCX {
		t.Errorf("NCX root is %v", ncx.name)
	}
	uid := ""
	ncx.walk(func(e *node) {
		if name, _ := e.attr("name"); e.name.Local == "meta" && name == "dtb:uid" {
			uid, _ = e.attr("content")
		}
	})
	if uid != m["dc:identifier"][0] {
		t.Errorf("dtb:uid = %q, want %q", uid, m["dc:identifier"][0])
	}

	// a page list adds printPageNumbers
	data, _ = built(t, "mini-pages")
	m = metadata(t, unpack(t, data))
	if f := m["schema:accessibilityFeature"]; f[len(f)-1] != "printPageNumbers" {
		t.Errorf("with a page list, features = %q", f)
	}
}

func TestDeterministic(t *testing.T) {
	for _, name := range []string{"mini", "mini-pages", "synthetic", "report"} {
		t.Run(name, func(t *testing.T) {
			b, opt := testBooks(t)[name]()
			opt.Date = testDate
			first := build(t, b, opt)
			// build again from freshly loaded books, concurrently
			type job struct {
				b   *manuscript.Book
				opt Options
				out []byte
				err error
			}
			jobs := make([]job, 3)
			for i := range jobs {
				jobs[i].b, jobs[i].opt = testBooks(t)[name]()
				jobs[i].opt.Date = testDate
			}
			var wg sync.WaitGroup
			for i := range jobs {
				wg.Go(func() { jobs[i].out, jobs[i].err = Write(jobs[i].b, jobs[i].opt) })
			}
			wg.Wait()
			for i, j := range jobs {
				if j.err != nil {
					t.Fatal(j.err)
				}
				if !bytes.Equal(first, j.out) {
					t.Errorf("build %d differs from the first", i+2)
				}
			}
			other := opt
			other.Date = testDate.Add(time.Hour)
			if bytes.Equal(first, build(t, b, other)) {
				t.Error("a different Date gave the same bytes")
			}
		})
	}
}

func TestZipLayout(t *testing.T) {
	data, _ := built(t, "mini")
	// OCF: the mimetype entry first, stored, no extra field, so its
	// content is at a fixed offset
	if string(data[30:38]) != "mimetype" || string(data[38:58]) != "application/epub+zip" {
		t.Errorf("the archive does not start with the mimetype entry: %q", data[:60])
	}
	if method := binary.LittleEndian.Uint16(data[8:]); method != 0 {
		t.Errorf("mimetype is compressed (method %d)", method)
	}
	if extra := binary.LittleEndian.Uint16(data[28:]); extra != 0 {
		t.Errorf("mimetype has an extra field of %d bytes", extra)
	}
	a := unpack(t, data)
	wantOrder := []string{"mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/toc.ncx", "EPUB/text/nav.xhtml", "EPUB/text/cover.xhtml", "EPUB/text/titlepage.xhtml"}
	if strings.Join(a.names[:len(wantOrder)], " ") != strings.Join(wantOrder, " ") {
		t.Errorf("archive order starts %q", a.names[:len(wantOrder)])
	}
	for i, f := range a.zip.File {
		if len(f.Extra) != 0 {
			t.Errorf("%s has an extra field", f.Name)
		}
		if f.Flags&0x8 != 0 {
			t.Errorf("%s has a data descriptor", f.Name)
		}
		if !f.Modified.Equal(testDate) {
			t.Errorf("%s is dated %v, want %v", f.Name, f.Modified, testDate)
		}
		// images that are compressed already are stored as they are
		want := uint16(zip.Deflate)
		if ext := path.Ext(f.Name); i == 0 || ext == ".png" || ext == ".jpg" {
			want = zip.Store
		}
		if f.Method != want {
			t.Errorf("%s has method %d, want %d", f.Name, f.Method, want)
		}
	}
	if a.zip.File[0].Method != zip.Store {
		t.Error("mimetype is not stored")
	}
	// no Droid Sans Fallback: 4 MB of CJK font the reading system has already
	for _, n := range a.names {
		if strings.Contains(n, "DroidSans") {
			t.Errorf("%s is embedded", n)
		}
	}
	if len(data) > 4<<20 {
		t.Errorf("the test EPUB is %d bytes", len(data))
	}
}

func TestStructure(t *testing.T) {
	data, _ := built(t, "mini")
	a := unpack(t, data)
	ch := mustParse(t, "ch-one.xhtml", a.files["EPUB/text/ch-one.xhtml"])
	var headings []string
	counts := map[string]int{}
	ch.walk(func(e *node) {
		if len(e.name.Local) == 2 && e.name.Local[0] == 'h' && e.name.Local[1] >= '1' && e.name.Local[1] <= '6' {
			headings = append(headings, e.name.Local)
		}
		key := e.name.Local
		if typ := e.attrNS(nsEPUB, "type"); typ != "" {
			key += "[" + typ + "]"
		}
		if r, ok := e.attr("role"); ok {
			key += "{" + r + "}"
		}
		if c, ok := e.attr("class"); ok && (e.name.Local == "aside" || e.name.Local == "details") {
			key += "." + strings.Fields(c)[0]
		}
		counts[key]++
	})
	// no heading over the notes: a reading system that shows them as
	// pop-ups hides them, and would leave it standing alone
	if got := strings.Join(headings, " "); got != "h1 h2 h3 h2 h3" {
		t.Errorf("headings = %s", got)
	}
	for key, want := range map[string]int{
		"section[chapter]{doc-chapter}":  1,
		"a[noteref]{doc-noteref}":        4,
		"aside[footnote]{doc-footnote}":  2,
		"section[footnotes]":             1,
		"a{doc-backlink}":                2,
		"aside.callout":                  1,
		"aside.pullquote":                1,
		"aside.key-figures":              1,
		"figure":                         3,
		"figcaption":                     3,
		"details.chart-data":             2,
		"blockquote":                     1,
		"caption":                        3, // a table's, and the data tables of 2 charts
		"table":                          3,
		"dl":                             0,
		"span[pagebreak]{doc-pagebreak}": 0,
	} {
		if counts[key] != want {
			t.Errorf("%d × %s, want %d", counts[key], key, want)
		}
	}
	for file, want := range map[string]string{
		"ch-intro.xhtml":    "section[introduction]{doc-introduction}",
		"ch-glossary.xhtml": "section[glossary]{doc-glossary}",
		"ch-colophon.xhtml": "section[colophon]{doc-colophon}",
		"titlepage.xhtml":   "section[titlepage]",
		"imprint.xhtml":     "section[copyright-page]",
		"contents.xhtml":    "nav[toc]{doc-toc}",
		"figures.xhtml":     "nav[loi]",
	} {
		root := mustParse(t, file, a.files["EPUB/text/"+file])
		found := false
		root.walk(func(e *node) {
			key := e.name.Local
			if typ := e.attrNS(nsEPUB, "type"); typ != "" {
				key += "[" + typ + "]"
			}
			if r, ok := e.attr("role"); ok {
				key += "{" + r + "}"
			}
			found = found || key == want
		})
		if !found {
			t.Errorf("%s has no %s", file, want)
		}
	}
	// the nav document's landmarks and toc
	nav := string(a.files["EPUB/text/nav.xhtml"])
	for _, want := range []string{`epub:type="landmarks"`, `epub:type="toc" href="contents.xhtml"`, `epub:type="bodymatter" href="ch-one.xhtml"`, `href="ch-one.xhtml#sec-growth"`} {
		if !strings.Contains(nav, want) {
			t.Errorf("the nav document lacks %s", want)
		}
	}
	if strings.Contains(nav, "page-list") {
		t.Error("a page-list without page marks")
	}
}

// pageBreaks returns the page-break markers of an archive: label to the
// file and id of its marker, checking each marker's markup on the way.
func pageBreaks(t *testing.T, a *archive) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range a.xhtml() {
		mustParse(t, n, a.files[n]).walk(func(e *node) {
			if e.attrNS(nsEPUB, "type") != "pagebreak" {
				return
			}
			id, _ := e.attr("id")
			label, _ := e.attr("aria-label")
			role, _ := e.attr("role")
			if role != "doc-pagebreak" || label == "" || id == "" {
				t.Errorf("%s: page break %q with role %q and label %q", n, id, role, label)
			}
			if p := e.parent.name.Local; p != "section" && p != "nav" {
				t.Errorf("%s: page break %q in <%s>", n, id, p)
			}
			if _, dup := out[label]; dup {
				t.Errorf("%s: two page breaks for page %q", n, label)
			}
			out[label] = path.Base(n) + "#" + id
		})
	}
	return out
}

// navPageList returns the nav document's page-list: labels and hrefs, in
// order.
func navPageList(t *testing.T, a *archive) (labels, hrefs []string) {
	t.Helper()
	mustParse(t, "nav.xhtml", a.files["EPUB/text/nav.xhtml"]).walk(func(e *node) {
		if e.name.Local != "a" || e.parent == nil || e.parent.parent == nil || e.parent.parent.parent == nil {
			return
		}
		if e.parent.parent.parent.attrNS(nsEPUB, "type") != "page-list" {
			return
		}
		href, _ := e.attr("href")
		labels = append(labels, e.text)
		hrefs = append(hrefs, href)
	})
	return labels, hrefs
}

func TestPageList(t *testing.T) {
	b := loadMini(t)
	intro, one, two := b.Front[4].Doc, b.Chapters[0], b.Chapters[1]
	tests := []struct {
		name  string
		marks []PageMark
		want  []string // labels in reading order, each "label@file"
	}{{
		name:  "made-up marks",
		marks: pageMarks(b),
		want:  nil, // every mark, in the order given
	}, {
		name: "generated pages and blank pages",
		marks: []PageMark{
			{Label: "i", Generated: manuscript.TitlePage},
			{Label: "ii", Generated: manuscript.ImprintPage},
			{Label: "iii", Generated: manuscript.ContentsPage},
			{Label: "iv", Generated: manuscript.ContentsPage}, // the contents runs on
			{Label: "v", Generated: manuscript.FiguresPage},   // a blank page before the list of figures
			{Label: "vi", Generated: manuscript.FiguresPage},
			{Label: "vii", Doc: intro, Block: -1},
			{Label: "1", Doc: one, Block: -1},
			{Label: "2", Doc: one, Block: 3},
			{Label: "3", Doc: two, Block: -1}, // a blank page: placed with the next
			{Label: "4", Doc: two, Block: -1},
		},
		want: []string{"i@titlepage", "ii@imprint", "iii@contents", "iv@contents", "v@figures", "vi@figures", "vii@ch-intro", "1@ch-one", "2@ch-one", "3@ch-two", "4@ch-two"},
	}, {
		name: "marks out of order",
		marks: []PageMark{
			{Label: "2", Doc: two, Block: -1},
			{Label: "1", Doc: one, Block: 0},
			{Label: "i", Generated: manuscript.TitlePage},
		},
		want: []string{"i@titlepage", "1@ch-one", "2@ch-two"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := unpack(t, build(t, b, Options{Date: testDate, PageList: tc.marks}))
			breaks := pageBreaks(t, a)
			if len(breaks) != len(tc.marks) {
				t.Errorf("%d page breaks, want %d", len(breaks), len(tc.marks))
			}
			labels, hrefs := navPageList(t, a)
			var got []string
			for i, l := range labels {
				if breaks[l] != hrefs[i] {
					t.Errorf("page-list entry %q links to %s, its page break is %s", l, hrefs[i], breaks[l])
				}
				got = append(got, l+"@"+strings.TrimSuffix(strings.SplitN(hrefs[i], "#", 2)[0], ".xhtml"))
			}
			want := tc.want
			if want == nil {
				for _, m := range tc.marks {
					want = append(want, m.Label)
				}
				for i := range got {
					got[i], _, _ = strings.Cut(got[i], "@")
				}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("page-list\n got %s\nwant %s", strings.Join(got, " "), strings.Join(want, " "))
			}
			ncx := string(a.files["EPUB/toc.ncx"])
			if n := strings.Count(ncx, "<pageTarget "); n != len(tc.marks) {
				t.Errorf("the NCX lists %d pages, want %d", n, len(tc.marks))
			}
			m := metadata(t, a)
			if got := m["dc:source"]; len(got) != 1 || got[0] != "urn:isbn:9780306406157#print" {
				t.Errorf("dc:source = %q", got)
			}
			if got := m["#print-source source-of"]; len(got) != 1 || got[0] != "pagination" {
				t.Errorf("the source is not marked as the source of pagination: %q", got)
			}
		})
	}

	// the page source can be named
	a := unpack(t, build(t, b, Options{Date: testDate, PageList: pageMarks(b), PageSource: "urn:isbn:9780306406164"}))
	if got := metadata(t, a)["dc:source"]; len(got) != 1 || got[0] != "urn:isbn:9780306406164" {
		t.Errorf("dc:source = %q, want the PageSource", got)
	}
	// without a page-list there is no page source
	a = unpack(t, build(t, b, Options{Date: testDate}))
	if got := metadata(t, a)["dc:source"]; got != nil {
		t.Errorf("dc:source = %q without a page-list", got)
	}

	// marks that do not fit the book are errors
	other := syntheticBook().Chapters[0]
	for _, bad := range []PageMark{
		{Label: "1", Doc: other, Block: 0},
		{Label: "1", Doc: b.Chapters[0], Block: len(b.Chapters[0].Body)},
		{Label: "1", Doc: b.Chapters[0], Block: -2},
		{Label: " ", Doc: b.Chapters[0], Block: 0},
		{Label: "1"},
		{Label: "1", Generated: "bogus"},
		{Label: " ", Generated: manuscript.TitlePage},
	} {
		if _, err := Write(b, Options{Date: testDate, PageList: []PageMark{bad}}); err == nil {
			t.Errorf("Write accepted the page mark %+v", bad)
		}
	}
	// a generated page the book does not have
	if _, err := Write(syntheticBook(), Options{Date: testDate, PageList: []PageMark{{Label: "i", Generated: manuscript.ContentsPage}}}); err == nil {
		t.Error("Write placed a page in a contents page the book does not have")
	}
}

func TestNoFrontMatter(t *testing.T) {
	b := syntheticBook()
	a := unpack(t, build(t, b, Options{}))
	nav := string(a.files["EPUB/text/nav.xhtml"])
	if strings.Contains(nav, `<a epub:type="toc"`) {
		t.Error("without a contents page, there should be no toc landmark")
	}
	m := metadata(t, a)
	if got := m["schema:accessMode"]; strings.Join(got, ",") != "textual" {
		t.Errorf("a book without figures has access modes %q", got)
	}
	if got := m["dcterms:modified"]; got[0] != "2024-03-01T12:30:00Z" {
		t.Errorf("modified = %q", got)
	}
	if _, ok := m["dc:date"]; !ok {
		t.Error("no dc:date: the build date should stand in")
	}
}

func TestWriteErrors(t *testing.T) {
	if _, err := Write(nil, Options{}); err == nil {
		t.Error("Write(nil) succeeded")
	}
	b := syntheticBook()
	b.Identifier = manuscript.Identifier{}
	if _, err := Write(b, Options{}); err == nil {
		t.Error("a book without an identifier was written")
	}
	b = syntheticBook()
	if _, err := Write(b, Options{}); err == nil {
		t.Error("a book without a date was written without Options.Date")
	}
	b.Chapters = nil
	if _, err := Write(b, Options{Date: testDate}); err == nil {
		t.Error("a book without documents was written")
	}
}

// TestPageMarksInsideTexts places page marks inside a paragraph, inside a
// list item, and inside a text that takes no mark of its own (a table's
// caption): the first two stand before the word at their offset, the third
// before its block; each is in the page list.
func TestPageMarksInsideTexts(t *testing.T) {
	b := loadMini(t)
	var marks []PageMark
	var word string
	var tbl *manuscript.Table
	for _, c := range b.Documents() {
		for i, blk := range c.Body {
			switch blk := blk.(type) {
			case *manuscript.Paragraph:
				if word == "" && len(blk.Text.Source) > 60 {
					off := strings.Index(blk.Text.Source[30:], " ") + 31 // a word in the middle
					word = strings.Fields(blk.Text.Source[off:])[0]
					marks = append(marks, PageMark{Label: "101", Doc: c, Block: i, In: blk.Text.Pos, At: off})
				}
			case *manuscript.List:
				if len(marks) == 1 {
					marks = append(marks, PageMark{Label: "102", Doc: c, Block: i, In: blk.Items[0].Text.Pos, At: 0})
				}
			case *manuscript.Table:
				if tbl == nil && len(marks) == 2 {
					tbl = blk
					marks = append(marks, PageMark{Label: "103", Doc: c, Block: i, In: blk.Caption.Pos, At: 3})
				}
			}
		}
	}
	if len(marks) != 3 {
		t.Fatalf("found %d of a paragraph, a list and a table", len(marks))
	}
	a := unpack(t, build(t, b, Options{PageList: marks}))
	after := func(label string) string {
		t.Helper()
		tag := `aria-label="` + label + `"/>`
		for _, data := range a.files {
			if i := strings.Index(string(data), tag); i >= 0 {
				return string(data)[i+len(tag):]
			}
		}
		t.Fatalf("no mark for page %s", label)
		return ""
	}
	if got := after("101"); !strings.HasPrefix(got, word) {
		t.Errorf("page 101's mark is before %.30q, want before %q", got, word)
	}
	if got := after("102"); strings.HasPrefix(got, "\n") || strings.HasPrefix(got, "<li") {
		t.Errorf("page 102's mark is not inside its list item: %.40q", got)
	}
	if got := after("103"); !strings.HasPrefix(strings.TrimSpace(got), `<div class="table">`) {
		t.Errorf("page 103's mark, in a caption, is not before its table: %.60q", got)
	}
}
