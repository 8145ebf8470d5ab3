// Command peerdoc exports a manuscript for the typesetters Folio is
// compared with (bench/peers.sh), so that they set the same text:
//
//	go run ./bench/peerdoc [-dir MANUSCRIPT] OUTDIR
//
// It writes into OUTDIR
//
//   - report.html: the book as one HTML file, made of the content
//     documents of Folio's own EPUB (epub.Write) in reading order, with the
//     EPUB's stylesheet (folio.css), fonts and chart images beside it, for
//     Pandoc (HTML to EPUB) and WeasyPrint (HTML to PDF);
//   - report.typ: the same text in Typst markup, made from the manuscript
//     model, with the charts as the same SVG images, for Typst.
//
// Without -dir it exports the bundled report.
package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func main() {
	dir := flag.String("dir", "", "manuscript folder (default: the bundled report)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: peerdoc [-dir MANUSCRIPT] OUTDIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "peerdoc:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	var (
		book *manuscript.Book
		err  error
	)
	if dir == "" {
		book, err = manuscript.Load(report.FS, report.Name)
	} else {
		book, err = manuscript.LoadDir(dir)
	}
	if err != nil {
		return err
	}
	data, err := epub.Write(book, epub.Options{Date: time.Unix(0, 0)})
	if err != nil {
		return err
	}
	html, err := htmlFromEPUB(data, out)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "report.html"), html, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "report.typ"), typst(book), 0o644)
}

var (
	bodyRE = regexp.MustCompile(`(?s)<body([^>]*)>(.*)</body>`)
	// an element written empty in XHTML, <span …/>, which HTML parsers
	// would leave open
	selfClosingRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?)?/>`)
	// a link to another content document of the book becomes a link
	// within the one HTML file
	docLinkRE = regexp.MustCompile(`href="[A-Za-z0-9._-]+\.xhtml(#[^"]*)?"`)
)

// voidElements are HTML's elements that have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// htmlFromEPUB writes the EPUB's stylesheet, fonts and images into out and
// returns its content documents joined into one HTML document.
func htmlFromEPUB(data []byte, out string) ([]byte, error) {
	a, err := epub.Open(data)
	if err != nil {
		return nil, err
	}
	// resources: css/, fonts/, images/ as they are in the EPUB
	for name := range a.Files {
		rel, ok := strings.CutPrefix(name, "EPUB/")
		if !ok || strings.HasPrefix(rel, "text/") || !strings.Contains(rel, "/") {
			continue
		}
		data, err := a.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, err
		}
	}
	var body bytes.Buffer
	title := ""
	for _, name := range a.Spine {
		doc, err := a.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m := bodyRE.FindSubmatch(doc)
		if m == nil {
			return nil, fmt.Errorf("%s has no body", name)
		}
		if title == "" {
			var head struct {
				Title string `xml:"head>title"`
			}
			if err := xml.Unmarshal(doc, &head); err == nil {
				title = head.Title
			}
		}
		inner := m[2]
		// paths from text/ become paths from the HTML file's folder
		inner = bytes.ReplaceAll(inner, []byte(`"../`), []byte(`"`))
		inner = docLinkRE.ReplaceAllFunc(inner, func(l []byte) []byte {
			if i := bytes.IndexByte(l, '#'); i >= 0 {
				return append([]byte(`href="`), l[i:]...)
			}
			// a chapter's document holds a section with the
			// document's name as its id
			name := bytes.TrimSuffix(bytes.TrimSuffix(bytes.TrimPrefix(l, []byte(`href="`)), []byte(`"`)), []byte(".xhtml"))
			return []byte(`href="#` + string(name) + `"`)
		})
		inner = selfClosingRE.ReplaceAllFunc(inner, func(t []byte) []byte {
			sm := selfClosingRE.FindSubmatch(t)
			if voidElements[strings.ToLower(string(sm[1]))] {
				return t
			}
			return []byte(fmt.Sprintf("<%s%s></%s>", sm[1], bytes.TrimRight(sm[2], " "), sm[1]))
		})
		fmt.Fprintf(&body, "<section class=\"document\"%s>\n%s\n</section>\n", m[1], inner)
	}
	if body.Len() == 0 {
		return nil, errors.New("the EPUB has no content documents")
	}
	var page bytes.Buffer
	fmt.Fprintf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<link rel=\"stylesheet\" href=\"css/folio.css\">\n</head>\n<body>\n", xmlEscape(title))
	page.Write(body.Bytes())
	page.WriteString("</body>\n</html>\n")
	return page.Bytes(), nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
