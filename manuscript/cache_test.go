package manuscript

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/folio-press/folio/manuscript/report"
)

// TestParseCache loads a copy of the report through one ParseCache while
// it is edited, and checks each load against a load without the cache.
func TestParseCache(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, report.FS); err != nil {
		t.Fatal(err)
	}
	chapter := filepath.Join(dir, "chapters", "06-sharing.yaml")
	orig, err := os.ReadFile(chapter)
	if err != nil {
		t.Fatal(err)
	}
	c := NewParseCache()
	prev := map[string]parsedFile{}
	for _, step := range []struct {
		name     string
		data     []byte
		ok       bool
		reparsed int // files parsed again
	}{
		{"first load", orig, true, -1},
		{"unchanged", orig, true, 0},
		{"a word edited", bytes.Replace(orig, []byte("has settled into"), []byte("has settled down into"), 1), true, 1},
		{"broken", append(append([]byte(nil), orig...), "\n\tbad: [\n"...), false, 0},
		{"broken again", append(append([]byte(nil), orig...), "\n\tbad: [\n"...), false, 0},
		{"mended", orig, true, 0}, // parsed as a new file: the broken one was not kept
	} {
		t.Run(step.name, func(t *testing.T) {
			if err := os.WriteFile(chapter, step.data, 0o644); err != nil {
				t.Fatal(err)
			}
			want, wantErr := LoadDir(dir)
			got, gotErr := c.LoadDir(dir)
			if (wantErr == nil) != step.ok {
				t.Fatalf("load without the cache: %v", wantErr)
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("with the cache: %v\nwithout: %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the book loaded with the cache differs from the book loaded without")
			}
			reparsed := 0
			for name, f := range c.files {
				if p, ok := prev[name]; ok && p.root != f.root {
					reparsed++
				}
			}
			if step.reparsed >= 0 && reparsed != step.reparsed {
				t.Errorf("%d files parsed again, want %d", reparsed, step.reparsed)
			}
			prev = map[string]parsedFile{}
			for name, f := range c.files {
				prev[name] = f
			}
		})
	}
}

func ExampleParseCache() {
	c := NewParseCache()
	for range 2 {
		// the second load parses no file again: none changed
		b, err := c.LoadDir("../testdata/valid/minimal")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(b.Title)
	}
	// Output:
	// Mobile China
	// Mobile China
}
