package manuscript

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
)

// schemaKeys returns the property names of the object schema at path.
func schemaKeys(t *testing.T, file string, path ...string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var node any
	if err := json.Unmarshal(data, &node); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, p := range path {
		m, ok := node.(map[string]any)
		if !ok {
			t.Fatalf("%s: no object at %v", file, path)
		}
		node = m[p]
	}
	props, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("%s: no properties at %v", file, path)
	}
	var keys []string
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestSchemaMatchesLoader keeps the JSON Schemas editors use in step with
// the keys the loader accepts.
func TestSchemaMatchesLoader(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		path   []string
		loader []string
	}{
		{"book", "../schema/book.schema.json", []string{"properties"}, bookKeys},
		{"chapter", "../schema/chapter.schema.json", []string{"properties"}, chapterKeys},
		{"chart", "../schema/chapter.schema.json", []string{"properties", "charts", "items", "properties"}, chartKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schemaKeys(t, tt.file, tt.path...)
			want := sorted(tt.loader)
			if len(got) != len(want) {
				t.Fatalf("schema keys %v\nloader keys %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("schema keys %v\nloader keys %v", got, want)
				}
			}
		})
	}
}
