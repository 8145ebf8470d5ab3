package epub

import (
	"bytes"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// edit replaces the first old in a file of the manuscript with new.
type edit struct{ file, old, new string }

// Edits of the bundled report that the cache tests and benchmarks make.
var (
	oneWord   = edit{"chapters/06-sharing.yaml", "has settled into", "has settled down into"}
	chartData = edit{"data/smart_speakers_canalys_2019.csv", "Baidu,3.3,", "Baidu,3.4,"}
	subtitle  = edit{"book.yaml", "Eleven sectors", "Twelve sectors"}
)

// loadEdited loads a copy of the bundled report with the edits made.
func loadEdited(tb testing.TB, edits ...edit) *manuscript.Book {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(report.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(report.FS, name)
		if err != nil {
			return err
		}
		m[name] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range edits {
		f, ok := m[e.file]
		if !ok || !bytes.Contains(f.Data, []byte(e.old)) {
			tb.Fatalf("%q is not in %s", e.old, e.file)
		}
		f.Data = bytes.Replace(f.Data, []byte(e.old), []byte(e.new), 1)
	}
	book, err := manuscript.Load(m, report.Name)
	if err != nil {
		tb.Fatalf("the edited report does not load: %v", err)
	}
	return book
}

// reportMarks returns a few page marks in the report: the start of every
// chapter, and one in the middle of the chapter with the edited word.
func reportMarks(book *manuscript.Book) []PageMark {
	var marks []PageMark
	for i, c := range book.Chapters {
		marks = append(marks, PageMark{Label: strconv.Itoa(10 + i), Doc: c, Block: -1})
		if strings.HasSuffix(c.File, "06-sharing.yaml") {
			marks = append(marks, PageMark{Label: "x" + string(rune('a'+i)), Doc: c, Block: len(c.Body) / 2})
		}
	}
	return marks
}

// TestCache builds the report again and again with one Cache, after
// edits, and checks every build against a build without a cache: the
// same bytes, and only what changed made again.
func TestCache(t *testing.T) {
	type made struct{ covers, charts, entries int }
	const any = -1
	tests := []struct {
		name    string
		edits   []edit
		marks   bool
		workers int
		made    made // what the cache had to make; any for not checked
	}{
		{"first build", nil, false, 2, made{1, any, any}},
		{"the same again", nil, false, 2, made{0, 0, 0}},
		{"one word in a chapter", []edit{oneWord}, false, 2, made{0, 0, 1}},
		{"the word back", nil, false, 1, made{0, 0, 0}},
		{"a value in a chart's data", []edit{chartData}, false, 2, made{0, 1, 2}},
		{"the subtitle", []edit{subtitle}, false, 8, made{1, 0, any}},
		{"page marks", nil, true, 2, made{0, 0, any}},
		{"page marks and one word", []edit{oneWord}, true, 3, made{0, 0, 1}},
		{"back to the first, on one goroutine", nil, false, 1, made{0, 0, 0}},
	}
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	cache := NewCache()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			book := loadEdited(t, tc.edits...)
			opt := Options{Date: date}
			if tc.marks {
				opt.PageList = reportMarks(book)
			}
			cold, err := write(book, opt, 1)
			if err != nil {
				t.Fatal(err)
			}
			before := cache.made
			opt.Cache = cache
			warm, err := write(book, opt, tc.workers)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cold, warm) {
				t.Fatalf("the EPUB built with the cache differs from the one built without (%d and %d bytes)", len(warm), len(cold))
			}
			got := made{cache.made.covers - before.covers, cache.made.charts - before.charts, cache.made.entries - before.entries}
			want := tc.made
			if want.covers == any {
				want.covers = got.covers
			}
			if want.charts == any {
				want.charts = got.charts
			}
			if want.entries == any {
				want.entries = got.entries
			}
			if got != want {
				t.Errorf("the cache made %+v, want %+v", got, tc.made)
			}
		})
	}
	// a long session does not keep what it no longer uses
	for range cacheKeep + 1 {
		if _, err := Write(loadEdited(t, subtitle), Options{Date: date, Cache: cache}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(cache.covers); n != 1 {
		t.Errorf("the cache keeps %d covers, want 1", n)
	}
}

// TestPrepare checks that a Write after Prepare draws and compresses no
// cover and no chart, and writes the EPUB a Write without a cache writes,
// also when the book was edited between the two.
func TestPrepare(t *testing.T) {
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		prepared []edit // the book Prepare is given
		written  []edit // the book written
		charts   int    // charts drawn by the Write
	}{
		{"the same book", nil, nil, 0},
		{"a chart edited in between", nil, []edit{chartData}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := loadEdited(t, tc.written...)
			opt := Options{Date: date, PageList: reportMarks(book)}
			cold, err := write(book, opt, 2)
			if err != nil {
				t.Fatal(err)
			}
			cache := NewCache()
			cache.Prepare(loadEdited(t, tc.prepared...))
			if cache.made.covers != 1 || cache.made.charts == 0 {
				t.Fatalf("Prepare made %+v, want the cover and the charts", cache.made)
			}
			before := cache.made
			opt.Cache = cache
			warm, err := write(book, opt, 2)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cold, warm) {
				t.Errorf("the EPUB written after Prepare differs from the one written without a cache")
			}
			if n := cache.made.covers - before.covers; n != 0 {
				t.Errorf("Write drew the cover %d times after Prepare", n)
			}
			if n := cache.made.charts - before.charts; n != tc.charts {
				t.Errorf("Write drew %d charts after Prepare, want %d", n, tc.charts)
			}
		})
	}
	var c *Cache
	c.Prepare(loadEdited(t)) // a nil Cache prepares nothing, and does not panic
}

// TestWriteWorkers checks that the archive is the same however many
// goroutines make its files, and with one Cache shared by builds running
// at the same time.
func TestWriteWorkers(t *testing.T) {
	date := time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC)
	books := []*manuscript.Book{loadEdited(t), loadEdited(t, oneWord)}
	want := make([][]byte, len(books))
	for i, b := range books {
		var err error
		if want[i], err = write(b, Options{Date: date}, 1); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewCache()
	tests := []struct {
		name    string
		workers int
		cache   *Cache
	}{
		{"GOMAXPROCS", 0, nil},
		{"2", 2, nil},
		{"7", 7, nil},
		{"2, shared cache", 2, cache},
		{"5, shared cache", 5, cache},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var wg sync.WaitGroup
			for i, b := range books {
				wg.Go(func() {
					got, err := write(b, Options{Date: date, Cache: tc.cache}, tc.workers)
					if err != nil {
						t.Error(err)
						return
					}
					if !bytes.Equal(got, want[i]) {
						t.Errorf("book %d: the archive differs from the one made on one goroutine", i)
					}
				})
			}
			wg.Wait()
		})
	}
}

func TestChartKey(t *testing.T) {
	book := loadEdited(t)
	c := book.Charts[0]
	base := chartKey(c)
	zero, one := 0.0, 1.0
	tests := []struct {
		name string
		edit func(c *manuscript.Chart)
		same bool
	}{
		{"a copy", func(c *manuscript.Chart) {}, true},
		{"a copy of the axis limit", func(c *manuscript.Chart) {
			if c.AxisMax != nil {
				v := *c.AxisMax
				c.AxisMax = &v
			}
		}, true},
		{"a value", func(c *manuscript.Chart) {
			c.Series = append([]manuscript.Series(nil), c.Series...)
			c.Series[0].Values = append([]float64(nil), c.Series[0].Values...)
			c.Series[0].Values[0]++
		}, false},
		{"the axis from zero", func(c *manuscript.Chart) { c.AxisMin = &zero }, false},
		{"the axis from one", func(c *manuscript.Chart) { c.AxisMin = &one }, false},
		{"the colour", func(c *manuscript.Chart) { c.Color.R++ }, false},
		{"the title", func(c *manuscript.Chart) { c.Title += "!" }, false},
		{"the data's file", func(c *manuscript.Chart) { c.Data = &manuscript.DataRef{File: "x.csv"} }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cp := *c
			tc.edit(&cp)
			if got := chartKey(&cp) == base; got != tc.same {
				t.Errorf("same key = %v, want %v", got, tc.same)
			}
		})
	}
}

// TestWriteEscaped checks writeEscaped, which copies runs of characters
// that need no change at once, against escaping one character at a time.
func TestWriteEscaped(t *testing.T) {
	oneByOne := func(s string) string {
		var sb strings.Builder
		for len(s) > 0 {
			r, n := utf8.DecodeRuneInString(s)
			s = s[n:]
			switch r {
			case '&':
				sb.WriteString("&amp;")
			case '<':
				sb.WriteString("&lt;")
			case '>':
				sb.WriteString("&gt;")
			case '"':
				sb.WriteString("&#34;")
			case '\'':
				sb.WriteString("&#39;")
			default:
				if !allowedChar(r) {
					r = utf8.RuneError
				}
				sb.WriteRune(r)
			}
		}
		return sb.String()
	}
	for _, s := range []string{
		"", "plain", "a & b < c > d \"e\" 'f'", "tab\tnew\nline\r", "\x00\x01\x7f\u0085\u009f",
		"微信 WeChat", "\ufffd literal", "bad \xff\xfe utf-8 \xe4\xbd", "\ufdd0\ufffe\U0001fffe\U0010ffff",
		"]]>", "&&&", "end\xc3",
	} {
		var sb strings.Builder
		writeEscaped(&sb, s)
		if got, want := sb.String(), oneByOne(s); got != want {
			t.Errorf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}
