package publish

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
	"go.yaml.in/yaml/v3"
)

// fuzzBook makes a small manuscript from fuzzed text and chart data: a
// chapter with a heading, a paragraph, a list and a table of the text,
// and a chart of the categories and values, written out as YAML (so that
// any text reaches the loader as a string).
func fuzzBook(text, categories, values string, chartType uint8) fstest.MapFS {
	cats := strings.Split(categories, ",")
	var vals []any
	for _, v := range strings.Split(values, ",") {
		vals = append(vals, v) // numbers or not: the loader decides
	}
	types := []string{"bar", "hbar", "grouped-bar", "stacked-bar", "line", "pie", "donut"}
	chapter := map[string]any{
		"id":    "one",
		"title": "Fuzzed " + text,
		"charts": []any{map[string]any{
			"id": "c", "type": types[int(chartType)%len(types)], "title": text, "source": "Fuzz",
			"categories": cats,
			"series":     []any{map[string]any{"name": text, "values": vals}},
		}},
		"body": []any{
			map[string]any{"heading": text},
			text,
			map[string]any{"list": []any{text, text}},
			map[string]any{"table": map[string]any{"id": "t", "caption": text, "columns": []any{"A", "B"}, "rows": []any{[]any{text, values}}, "source": "Fuzz"}},
			map[string]any{"figure": map[string]any{"id": "f", "chart": "c", "caption": text, "source": "Fuzz"}},
		},
	}
	ch, _ := yaml.Marshal(chapter)
	book := "title: Fuzz\nauthors: [{name: Fuzz}]\npublisher: Fuzz\ndate: 2019-07-10\nlanguage: en\n" +
		"identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f\ntrim: A5\nfront: [titlepage, contents]\nchapters: [one.yaml]\n"
	return fstest.MapFS{"book.yaml": {Data: []byte(book)}, "one.yaml": {Data: ch}}
}

// FuzzBuild builds manuscripts of fuzzed text and chart data through the
// whole pipeline: the loader, the typesetter, the display list and the
// PDF writer, and the EPUB writer. Whatever the input, the build ends
// with the outputs or with diagnostics, never with a panic, and within
// the budgets.
func FuzzBuild(f *testing.F) {
	f.Add("Hello, world.", "a,b,c", "1,2,3", uint8(0))
	f.Add("A long paragraph that runs over several lines of the page, with words that hyphenate: internationalisation.", "2016,2017", "731,772", uint8(4))
	f.Add("中国互联网络信息中心 and *emphasis* [^x]", "Huawei,ZTE", "1554,1208", uint8(1))
	f.Add("", "", "", uint8(5))
	f.Add("x", "a", "-1,NaN,1e300", uint8(6))
	f.Add(strings.Repeat("word ", 300), strings.Repeat("label,", 40), strings.Repeat("7,", 40), uint8(2))
	f.Fuzz(func(t *testing.T, text, categories, values string, chartType uint8) {
		if len(text)+len(categories)+len(values) > 4000 {
			return // the budgets are the loader's; a fuzzer's input is small
		}
		// an input that takes ten seconds is a hang: the worker dies with
		// it, and the fuzzer reports it as a crash
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("HANG %q %q %q %d", text, categories, values, chartType))
			}
		}()
		book, err := manuscript.Load(fuzzBook(text, categories, values, chartType), ".")
		if err != nil {
			var diags manuscript.Diagnostics
			if !errors.As(err, &diags) || len(diags) == 0 {
				t.Fatalf("Load failed without diagnostics: %v", err)
			}
			return
		}
		doc, err := layout.Typeset(book, layout.Options{})
		if err != nil {
			var diags manuscript.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("Typeset: %v", err)
			}
			return
		}
		for _, ed := range []layout.Edition{layout.Draft, layout.Print} {
			if _, _, err := PDF(doc, layout.Options{Edition: ed, Date: time.Unix(0, 0)}); err != nil {
				var diags manuscript.Diagnostics
				if !errors.As(err, &diags) {
					t.Fatalf("PDF %s: %v", ed, err)
				}
			}
		}
		if _, err := epub.Write(book, epub.Options{Date: time.Unix(0, 0)}); err != nil {
			var diags manuscript.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("EPUB: %v", err)
			}
		}
	})
}
