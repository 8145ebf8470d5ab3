package epub

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func TestOpen(t *testing.T) {
	book := loadReport(t)
	a, err := Open(build(t, book, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	// the cover first, then every chapter, each a content document
	if len(a.Spine) < len(book.Chapters)+1 || a.Spine[0] != "EPUB/text/cover.xhtml" {
		t.Fatalf("spine: %v", a.Spine)
	}
	for _, name := range a.Spine {
		doc, err := a.ReadFile(name)
		if err != nil || !bytes.Contains(doc, []byte("<html")) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := a.ReadFile("EPUB/nothing.xhtml"); err == nil {
		t.Error("a file that is not there: no error")
	}

	// archives that are not EPUBs
	zipOf := func(files map[string]string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range files {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK? no"), "zip"},
		{"no container", zipOf(map[string]string{"mimetype": "application/epub+zip"}), "container.xml"},
		{"no rootfile", zipOf(map[string]string{"META-INF/container.xml": "<container/>"}), "no package document"},
		{"no package", zipOf(map[string]string{"META-INF/container.xml": `<container><rootfiles><rootfile full-path="x.opf"/></rootfiles></container>`}), "x.opf"},
		{"bad package", zipOf(map[string]string{"META-INF/container.xml": `<container><rootfiles><rootfile full-path="x.opf"/></rootfiles></container>`, "x.opf": "<package"}), "x.opf"},
	} {
		if _, err := Open(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error about %s", c.name, err, c.want)
		}
	}
}
