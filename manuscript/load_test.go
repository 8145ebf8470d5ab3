package manuscript_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

var update = flag.Bool("update", false, "rewrite the golden files of the broken manuscripts")

// brokenDir holds the corpus of broken manuscripts, each with the
// diagnostics it must produce in expected.txt, as folio check prints them:
// each with its source line and a caret under the column.
const brokenDir = "../testdata/broken"

func TestBrokenManuscripts(t *testing.T) {
	entries, err := os.ReadDir(brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 15 {
		t.Fatalf("the corpus has %d cases; want at least 15", len(entries))
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join(brokenDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(dir, "expected.txt")
			t.Chdir(dir)
			_, err = manuscript.LoadDir(".")
			var diags manuscript.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("LoadDir returned %v; want diagnostics", err)
			}
			if !diags.HasErrors() {
				t.Fatalf("no errors reported:\n%s", diags)
			}
			for _, d := range diags {
				if d.Pos.Line == 0 || d.Pos.Col == 0 {
					t.Errorf("diagnostic without line:col: %s", d)
				}
			}
			got := pretty(diags)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./manuscript -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestTenMistakesGiveTenDiagnostics(t *testing.T) {
	t.Chdir(filepath.Join(brokenDir, "ten-mistakes"))
	_, err := manuscript.LoadDir(".")
	var diags manuscript.Diagnostics
	if !errors.As(err, &diags) {
		t.Fatalf("got %v; want diagnostics", err)
	}
	errs := 0
	for _, d := range diags {
		if d.Severity == manuscript.Error {
			errs++
		}
	}
	if errs != 10 {
		t.Fatalf("got %d errors; want 10:\n%s", errs, diags)
	}
}

func TestBundledReportLoads(t *testing.T) {
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatalf("the bundled report has errors:\n%v", err)
	}
	if len(b.Warnings) > 0 {
		t.Errorf("the bundled report has warnings:\n%v", b.Warnings)
	}
	if b.Title == "" || len(b.Chapters) == 0 {
		t.Fatalf("loaded an empty book: %q, %d chapters", b.Title, len(b.Chapters))
	}
	for _, c := range b.Documents() {
		if c.Pos.File == "" || c.Pos.Line == 0 {
			t.Errorf("chapter %s has no position", c.ID)
		}
	}
}

// TestValidManuscripts loads every valid manuscript: no errors, and exactly
// the warnings in its warnings.txt (none if there is no such file). The
// manuscripts in testdata/knownbugs, if any, are valid too: they show bugs
// of the backends (see cmd/folio's knownBug list), not of the manuscript.
func TestValidManuscripts(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/valid/*")
	bugs, _ := filepath.Glob("../testdata/knownbugs/*")
	dirs = append(dirs, bugs...)
	if len(dirs) < 4 {
		t.Fatalf("%d valid manuscripts under testdata/valid; want at least 4", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(abs)
			b, err := manuscript.LoadDir(".")
			if err != nil {
				t.Fatalf("errors:\n%v", err)
			}
			got := pretty(b.Warnings)
			golden := filepath.Join(abs, "warnings.txt")
			if *update {
				if got == "" {
					os.Remove(golden)
					return
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("warnings differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestInlineMarkup(t *testing.T) {
	tests := []struct {
		name, in, plain string
	}{
		{"typographer quotes", `He said "hello" -- it's done...`, "He said “hello” – it’s done…"},
		{"em dash", "a---b", "a—b"},
		{"emphasis", "*one* **two** `three`", "one two three"},
		{"nbsp entity", "829&nbsp;million", "829\u00a0million"},
		{"escaped bracket", `\<b> not html`, "<b> not html"},
		{"link", "[Abacus](https://www.abacusnews.com)", "Abacus"},
		{"chinese", "微信 WeChat", "微信 WeChat"},
		{"block syntax stays text", "# not a heading", "# not a heading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeBook(t, dir, "  - p: '"+strings.ReplaceAll(tt.in, "'", "''")+"'\n")
			b, err := manuscript.LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			p := b.Chapters[0].Body[0].(*manuscript.Paragraph)
			if got := p.Text.Plain(); got != tt.plain {
				t.Errorf("Plain() = %q; want %q", got, tt.plain)
			}
		})
	}
}

func writeBook(t *testing.T, dir, body string) {
	t.Helper()
	book := "title: T\nauthors: [A]\npublisher: P\ndate: 2019-07-10\nlanguage: en\nidentifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f\nchapters: [c.yaml]\n"
	if err := os.WriteFile(filepath.Join(dir, "book.yaml"), []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	chap := "id: c\ntitle: C\nbody:\n" + body
	if err := os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(chap), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNumberFormat(t *testing.T) {
	tests := []struct {
		pattern string
		v       float64
		want    string
	}{
		{"#,##0", 1554, "1,554"},
		{"0%", 34, "34%"},
		{"RMB #,##0.0bn", 213.5, "RMB 213.5bn"},
		{"0.0", -2.25, "–2.2"},
		{"#,##0", 1234567, "1,234,567"},
		{"", 829, "829"},
		{"", 709.58, "709.58"},
	}
	for _, tt := range tests {
		f, ok := manuscript.ParseNumberFormat(tt.pattern)
		if tt.pattern != "" && !ok {
			t.Fatalf("ParseNumberFormat(%q) failed", tt.pattern)
		}
		if got := f.Format(tt.v); got != tt.want {
			t.Errorf("%q.Format(%v) = %q; want %q", tt.pattern, tt.v, got, tt.want)
		}
	}
}

// pretty formats diagnostics as folio check prints them: each with its
// line and a caret, one after the other.
func pretty(ds manuscript.Diagnostics) string {
	var sb strings.Builder
	for _, d := range ds {
		sb.WriteString(d.Pretty())
		sb.WriteByte('\n')
	}
	return sb.String()
}
