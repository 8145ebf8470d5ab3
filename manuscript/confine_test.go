package manuscript_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
)

// TestConfinement checks that every path the manuscript names (a chapter,
// a CSV file, an image) is read only if it resolves, symbolic links
// followed, inside the manuscript folder, and that links within the folder
// work.
func TestConfinement(t *testing.T) {
	const png = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
	chapter := func(extra string) string {
		return "id: one\ntitle: One\ncharts:\n  - {id: c, type: bar, title: C, data: {file: data/users.csv, categories: year, series: [users]}, source: S}\n" +
			"body:\n  - A paragraph.\n  - figure: {chart: c, caption: C, source: S}\n" + extra
	}
	image := "  - figure: {image: images/p.png, alt: A picture, caption: P, source: S}\n"
	csv := "year,users\n2016,731\n2017,772\n"
	tests := []struct {
		name  string
		files map[string]string // path → content; "->target" makes a symbolic link
		want  string            // a diagnostic that must be reported; "" for none
	}{
		{"plain files", map[string]string{"chapters/one.yaml": chapter(image), "data/users.csv": csv, "images/p.png": png}, ""},
		{"chapter linked inside", map[string]string{"chapters/one.yaml": "->real.yaml", "chapters/real.yaml": chapter(""), "data/users.csv": csv}, ""},
		{"folders linked inside", map[string]string{"chapters/one.yaml": chapter(image), "data": "->assets/data", "assets/data/users.csv": csv, "images": "->assets/img", "assets/img/p.png": png}, ""},
		{"chapter linked outside", map[string]string{"chapters/one.yaml": "->../../outside/one.yaml"}, `"chapters/one.yaml" leads outside the manuscript folder`},
		{"CSV through a chain of links", map[string]string{"chapters/one.yaml": chapter(""), "data/users.csv": "->b.csv", "data/b.csv": "->../../outside/users.csv"}, `"data/users.csv" leads outside the manuscript folder`},
		{"image folder linked outside", map[string]string{"chapters/one.yaml": chapter(image), "data/users.csv": csv, "images": "->../outside"}, `"images/p.png" leads outside the manuscript folder`},
		{"absolute link to a file inside", map[string]string{"chapters/one.yaml": chapter(""), "data/users.csv": "->ABS/data/real.csv", "data/real.csv": csv}, `"data/users.csv" is a symbolic link to the absolute path`},
		{"link loop", map[string]string{"chapters/one.yaml": "->loop.yaml", "chapters/loop.yaml": "->one.yaml"}, `cannot read "chapters/one.yaml": its symbolic links lead in a circle`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "book")
			outside := filepath.Join(base, "outside")
			for _, d := range []string{dir, outside} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			// what a link out of the folder would reach
			for name, content := range map[string]string{"one.yaml": chapter(""), "users.csv": csv, "p.png": png} {
				if err := os.WriteFile(filepath.Join(outside, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string]string{"book.yaml": "title: T\nauthors: [A]\npublisher: P\ndate: 2019-07-10\nlanguage: en\n" +
				"identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f\nchapters: [chapters/one.yaml]\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			for name, content := range files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				var err error
				if target, ok := strings.CutPrefix(content, "->"); ok {
					err = os.Symlink(strings.Replace(target, "ABS", dir, 1), p)
				} else {
					err = os.WriteFile(p, []byte(content), 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() {
				_, err := manuscript.LoadDir(dir)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("LoadDir did not return")
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("errors:\n%v", err)
				}
				return
			}
			var diags manuscript.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("got %v; want diagnostics", err)
			}
			if !strings.Contains(diags.Error(), tt.want) {
				t.Errorf("diagnostics:\n%s\nwant one containing %q", diags, tt.want)
			}
		})
	}
}
