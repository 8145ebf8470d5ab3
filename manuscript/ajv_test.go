package manuscript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The JSON Schemas in schema/ are what editors check manuscripts with
// (through a YAML language server): ajv, a real draft 2020-12 validator,
// must accept them as schemas, accept every valid manuscript and reject
// the broken ones whose mistake a schema can see. ajv is installed by make
// test-deps (tools/node); the test fails without it.

// validator is tools/node/validate-json.mjs.
const validator = "../tools/node/validate-json.mjs"

// yamlJSON converts a YAML file to JSON as a YAML language server reads it
// (the YAML 1.2 core schema): numbers, booleans and null by their tags,
// everything else, dates included, as strings.
func yamlJSON(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return []byte("null"), nil
	}
	v, err := nodeValue(doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func nodeValue(n *yaml.Node, depth int) (any, error) {
	if depth > 100 {
		return nil, fmt.Errorf("too deep")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return nodeValue(n.Alias, depth+1)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			v, err := nodeValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	switch n.Tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		return n.Value == "true", nil
	case "!!int", "!!float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		}
	}
	return n.Value, nil
}

// ajvResult is one line of the validator's output.
type ajvResult struct {
	File   string            `json:"file"`
	Valid  bool              `json:"valid"`
	Errors []json.RawMessage `json:"errors"`
}

// validate runs ajv on the YAML files against schema, returning each file's
// result by name.
func validate(t *testing.T, schema string, files []string) map[string]ajvResult {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed (make test-deps installs Node.js and ajv)")
	}
	if _, err := os.Stat("../tools/node/node_modules/ajv"); err != nil {
		t.Fatal("ajv is not installed: make test-deps (npm ci in tools/node)")
	}
	dir := t.TempDir()
	args := []string{validator, schema, "--"}
	byJSON := map[string]string{}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		j, err := yamlJSON(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out := filepath.Join(dir, fmt.Sprintf("%03d.json", i))
		if err := os.WriteFile(out, j, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, out)
		byJSON[out] = f
	}
	cmd := exec.Command("node", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code == 2 || code != 1 && err != nil {
		t.Fatalf("ajv does not take %s as a draft 2020-12 schema (%v):\n%s%s", schema, err, stdout, stderr.String())
	}
	got := map[string]ajvResult{}
	for _, line := range strings.Split(strings.TrimSpace(string(stdout)), "\n") {
		var r ajvResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("ajv printed %q: %v", line, err)
		}
		got[byJSON[r.File]] = r
	}
	if len(got) != len(files) {
		t.Fatalf("ajv gave %d results for %d files:\n%s", len(got), len(files), stdout)
	}
	return got
}

// manuscriptFiles returns the book.yaml and the chapter and matter files
// of the manuscript folders.
func manuscriptFiles(t *testing.T, dirs ...string) (books, chapters []string) {
	t.Helper()
	for _, d := range dirs {
		books = append(books, filepath.Join(d, "book.yaml"))
		for _, sub := range []string{"chapters", "front", "back"} {
			fs, _ := filepath.Glob(filepath.Join(d, sub, "*.yaml"))
			chapters = append(chapters, fs...)
		}
	}
	sort.Strings(chapters)
	return books, chapters
}

func TestSchemasAcceptValidManuscripts(t *testing.T) {
	dirs := []string{"report", "../epub/testdata/mini", "../cmd/folio/starter"} // and what folio init writes
	valid, _ := filepath.Glob("../testdata/valid/*")
	dirs = append(dirs, valid...)
	books, chapters := manuscriptFiles(t, dirs...)
	if len(chapters) < 20 {
		t.Fatalf("only %d chapter files", len(chapters))
	}
	for schema, files := range map[string][]string{"../schema/book.schema.json": books, "../schema/chapter.schema.json": chapters} {
		for f, r := range validate(t, schema, files) {
			if !r.Valid {
				t.Errorf("%s rejects %s:\n%s", filepath.Base(schema), f, joinRaw(r.Errors))
			}
		}
	}
}

// TestSchemasRejectSchemaMistakes checks that the schemas reject the
// broken manuscripts whose mistakes are in their shape: an unknown key, a
// wrong type, a missing key, an unknown block or chart type, a trim size
// or colour that is not one. Each case names the file the mistake is in.
func TestSchemasRejectSchemaMistakes(t *testing.T) {
	cases := map[string]string{
		"unknown-key":         "book.yaml",
		"wrong-type":          "chapters/one.yaml",
		"missing-required":    "book.yaml",
		"unknown-block":       "chapters/one.yaml",
		"chart-unknown-type":  "chapters/one.yaml",
		"not-a-mapping":       "chapters/one.yaml",
		"bad-trim-and-colour": "book.yaml",
		"ten-mistakes":        "book.yaml",
		"chart-options":       "chapters/one.yaml",
	}
	byschema := map[string][]string{}
	for c, f := range cases {
		file := filepath.Join("../testdata/broken", c, f)
		if _, err := os.Stat(file); err != nil {
			t.Fatalf("case %s: %v", c, err)
		}
		schema := "../schema/chapter.schema.json"
		if filepath.Base(f) == "book.yaml" {
			schema = "../schema/book.schema.json"
		}
		byschema[schema] = append(byschema[schema], file)
	}
	for schema, files := range byschema {
		for f, r := range validate(t, schema, files) {
			if r.Valid {
				t.Errorf("%s accepts %s", filepath.Base(schema), f)
			}
		}
	}
}

func joinRaw(ms []json.RawMessage) string {
	var sb strings.Builder
	for _, m := range ms {
		sb.Write(m)
		sb.WriteByte('\n')
	}
	return sb.String()
}
