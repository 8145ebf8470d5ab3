package charts

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/fonts"
)

var fixedTime = time.Unix(0, 0).UTC()

// parseXML reads every token of doc, failing on malformed XML.
func parseXML(doc []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// svgNode is a parsed SVG element.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls f for n and every element below it.
func (n svgNode) walk(f func(svgNode)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

func parseSVG(t *testing.T, doc []byte) svgNode {
	t.Helper()
	var root svgNode
	if err := xml.Unmarshal(doc, &root); err != nil {
		t.Fatalf("SVG does not parse: %v\n%s", err, doc)
	}
	return root
}

// elements returns the elements with the given name and class.
func elements(root svgNode, name, class string) []svgNode {
	var out []svgNode
	root.walk(func(n svgNode) {
		if n.XMLName.Local == name && (class == "" || n.attr("class") == class) {
			out = append(out, n)
		}
	})
	return out
}

func attrFloat(t *testing.T, n svgNode, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("attribute %s=%q: %v", name, n.attr(name), err)
	}
	return v
}

// newTestPDF returns an uncompressed A4 document in mm with the bundled Noto
// Sans registered as "sans" and a page added.
func newTestPDF(t testing.TB) *fpdf.Fpdf {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCreationDate(fixedTime)
	pdf.SetModificationDate(fixedTime)
	for _, f := range []struct {
		style string
		s     fonts.Style
	}{{"", fonts.Regular}, {"B", fonts.Bold}} {
		b, err := fonts.FaceData("Noto Sans", f.s)
		if err != nil {
			t.Fatal(err)
		}
		pdf.AddUTF8FontFromBytes("sans", f.style, b)
	}
	pdf.AddPage()
	return pdf
}

func outputPDF(t testing.TB, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var contentsRef = regexp.MustCompile(`/Contents (\d+) 0 R`)

// pageContents returns the content streams of a PDF's pages, inflated.
func pageContents(t testing.TB, doc []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range contentsRef.FindAllSubmatch(doc, -1) {
		start := bytes.Index(doc, []byte("\n"+string(m[1])+" 0 obj"))
		if start < 0 {
			t.Fatalf("object %s not found", m[1])
		}
		obj := doc[start:]
		s := bytes.Index(obj, []byte("stream\n"))
		e := bytes.Index(obj, []byte("endstream"))
		if s < 0 || e < s {
			t.Fatalf("object %s has no stream", m[1])
		}
		data := obj[s+len("stream\n") : e]
		if bytes.Contains(obj[:s], []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			data, err = io.ReadAll(zr)
			if err != nil && err != io.ErrUnexpectedEOF {
				t.Fatal(err)
			}
		}
		out.Write(data)
		out.WriteByte('\n')
	}
	return out.String()
}
