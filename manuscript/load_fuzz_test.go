package manuscript_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/folio-press/folio/manuscript"
)

// fuzzBook and fuzzChapter make a small valid manuscript, the starting
// point of FuzzLoad's seeds.
const (
	fuzzBook = `title: Mobile China
authors:
  - {name: Folio Research Desk, role: author}
publisher: Folio Press
date: 2019-07-10
language: en-GB
identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f
front: [titlepage, imprint, contents]
chapters:
  - chapters/one.yaml
`
	fuzzChapter = `id: one
title: Users
standfirst: China passed 800 million internet users in 2018.
charts:
  - id: users
    type: line
    title: Internet users
    categories: ["2016", "2017", "2018"]
    series:
      - {name: Users, values: [731, 772, 829]}
    source: CNNIC
  - id: csv
    type: bar
    title: From CSV
    data: {file: data/d.csv, categories: year, series: [users]}
    source: CNNIC
body:
  - heading: Growth
  - By 2018 China had 829&nbsp;million users ([@fig:fig-users]).[^cnnic]
  - figure: {id: fig-users, chart: users, caption: Users, source: CNNIC}
  - table: {caption: T, columns: [A, B], rows: [[a, b]], source: S}
footnotes:
  cnnic: CNNIC counts users aged six and over.
`
	fuzzCSV = "year,users\n2016,731\n2017,772\n2018,829\n"
)

// FuzzLoad loads a manuscript made of three fuzzed files (book.yaml, the
// chapter it names, and a CSV file the chapter's chart reads): Load must
// not panic or hang, must return either a book or Diagnostics, and every
// diagnostic must have a file, a line and a column.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(fuzzBook), []byte(fuzzChapter), []byte(fuzzCSV))
	// every broken manuscript of the corpus, as far as it fits
	cases, _ := filepath.Glob("../testdata/broken/*")
	for _, c := range cases {
		book, _ := os.ReadFile(filepath.Join(c, "book.yaml"))
		chapter, _ := os.ReadFile(filepath.Join(c, "chapters", "one.yaml"))
		csv, _ := os.ReadFile(filepath.Join(c, "data", "users.csv"))
		if len(book) > 0 && len(chapter) > 0 && len(chapter) < 64<<10 {
			f.Add(book, chapter, csv)
		}
	}
	f.Fuzz(func(t *testing.T, book, chapter, csv []byte) {
		fsys := fstest.MapFS{
			"book.yaml":          {Data: book},
			"chapters/one.yaml":  {Data: chapter},
			"data/d.csv":         {Data: csv},
			"data/users.csv":     {Data: csv},
			"images/picture.png": {Data: csv},
		}
		type loaded struct {
			b   *manuscript.Book
			err error
		}
		done := make(chan loaded, 1)
		go func() {
			b, err := manuscript.Load(fsys, "fuzz")
			done <- loaded{b, err}
		}()
		var r loaded
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Load did not return within 20 s")
		}
		var diags manuscript.Diagnostics
		switch {
		case r.err == nil && r.b == nil:
			t.Fatal("Load returned neither a book nor an error")
		case r.err == nil:
			diags = r.b.Warnings
		case !errors.As(r.err, &diags):
			t.Fatalf("Load returned %T, not Diagnostics: %v", r.err, r.err)
		case !diags.HasErrors():
			t.Fatalf("Load failed with warnings only:\n%v", diags)
		}
		for _, d := range diags {
			if d.Pos.File == "" || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("diagnostic without file:line:col: %q", d)
			}
			if !strings.HasPrefix(d.Pos.File, "fuzz/") {
				t.Errorf("diagnostic outside the manuscript folder: %q", d)
			}
			if strings.TrimSpace(d.Message) == "" || !utf8.ValidString(d.Message) || !utf8.ValidString(d.Hint) {
				t.Errorf("diagnostic with an empty or invalid message: %q", d)
			}
		}
	})
}
