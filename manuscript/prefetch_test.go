package manuscript

import (
	"bytes"
	"fmt"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/folio-press/folio/manuscript/report"
	"go.yaml.in/yaml/v3"
)

// TestPrefetchedLoadIsLoad loads the report, clean and with problems in the
// files the prefetcher parses (every other one: chapters 1, 3, 5, ...) and
// in those the loader parses itself, with and without the prefetcher, and
// checks that the books and the problems reported are the same.
func TestPrefetchedLoadIsLoad(t *testing.T) {
	type edit struct{ file, old, new string }
	tests := []struct {
		name  string
		edits []edit
		ok    bool
	}{
		{"the report", nil, true},
		{"raw HTML in a prefetched heading", []edit{{"chapters/03-ecommerce.yaml", "{text: The rural frontier,", "{text: The rural <b>frontier</b>,"}}, false},
		{"the same in a file the loader parses", []edit{{"chapters/04-social.yaml", "\n  - heading: {text: ", "\n  - heading: {text: <i>x</i> "}}, false},
		{"a tab in a prefetched file", []edit{{"chapters/05-video.yaml", "\n  - ", "\n\t- "}}, false},
		{"a YAML error in a prefetched file", []edit{{"chapters/09-ai.yaml", "\n  - ", "\n  - [unclosed\n  - "}}, false},
		{"an id defined in two prefetched files", []edit{{"chapters/11-autonomous.yaml", "\n  - heading: {text: ", "\n  - heading: {id: glance-users, text: "}}, false},
		{"a prefetched file missing", []edit{{"book.yaml", "chapters/07-fintech.yaml", "chapters/07-fintch.yaml"}}, false},
		{"the same text twice in a file", []edit{{"chapters/13-gaming.yaml", "\n  - heading: {text: ", "\n  - heading: {text: Again}\n  - heading: {text: Again}\n  - heading: {text: "}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := fstest.MapFS{}
			err := fs.WalkDir(report.FS, ".", func(name string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := fs.ReadFile(report.FS, name)
				m[name] = &fstest.MapFile{Data: data}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tc.edits {
				f := m[e.file]
				if f == nil || !bytes.Contains(f.Data, []byte(e.old)) {
					t.Fatalf("%q is not in %s", e.old, e.file)
				}
				f.Data = bytes.Replace(f.Data, []byte(e.old), []byte(e.new), 1)
			}
			want, wantErr := load(m, report.Name, nil, false)
			got, gotErr := load(m, report.Name, nil, true)
			if (wantErr == nil) != tc.ok {
				t.Fatalf("load: %v, want ok %v", wantErr, tc.ok)
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("with the prefetcher:\n%v\nwithout:\n%v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the book loaded with the prefetcher differs from the book loaded without")
			}
		})
	}
}

func TestListedFiles(t *testing.T) {
	root := parseNode(t, `
front:
  - titlepage
  - file: front/intro.yaml
  - {file: "front\\preface.yaml"}
chapters:
  - chapters/01.yaml
  - ./chapters/02.yaml
  - https://example.com/03.yaml
  - /etc/passwd
  - ../outside.yaml
  - [not, a, name]
back:
  - file: back/notes.yaml
`)
	want := []string{"front/intro.yaml", "front/preface.yaml", "chapters/01.yaml", "chapters/02.yaml", "back/notes.yaml"}
	if got := listedFiles(root); !reflect.DeepEqual(got, want) {
		t.Errorf("listedFiles = %q, want %q", got, want)
	}
}

// parseNode parses YAML text into its root node.
func parseNode(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}
