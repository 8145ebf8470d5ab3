package charts

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"testing"
)

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
