package epub_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/manuscript"
)

func ExampleWrite() {
	book, err := manuscript.LoadDir("testdata/mini")
	if err != nil {
		log.Fatal(err)
	}
	// A reproducible build takes its date from SOURCE_DATE_EPOCH.
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			date = time.Unix(sec, 0).UTC()
		}
	}
	data, err := epub.Write(book, epub.Options{Date: date})
	if err != nil {
		log.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range zr.File[:6] {
		fmt.Println(f.Name)
	}
	// Output:
	// mimetype
	// META-INF/container.xml
	// EPUB/package.opf
	// EPUB/toc.ncx
	// EPUB/text/nav.xhtml
	// EPUB/text/cover.xhtml
}

func ExampleCache() {
	// A watch session keeps one Cache and passes it to every build.
	cache := epub.NewCache()
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	var builds [][]byte
	for range 2 {
		// the manuscript is loaded again after every edit
		book, err := manuscript.LoadDir("testdata/mini")
		if err != nil {
			log.Fatal(err)
		}
		data, err := epub.Write(book, epub.Options{Date: date, Cache: cache})
		if err != nil {
			log.Fatal(err)
		}
		builds = append(builds, data)
	}
	// The second build drew no cover and compressed nothing again, and
	// gave the same bytes as the first.
	fmt.Println(bytes.Equal(builds[0], builds[1]))
	// Output: true
}

func ExampleOpen() {
	book, err := manuscript.LoadDir("testdata/mini")
	if err != nil {
		log.Fatal(err)
	}
	data, err := epub.Write(book, epub.Options{Date: time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	a, err := epub.Open(data)
	if err != nil {
		log.Fatal(err)
	}
	// the reading order, from the package document's spine
	fmt.Println(a.Spine[0])
	// Output:
	// EPUB/text/cover.xhtml
}
