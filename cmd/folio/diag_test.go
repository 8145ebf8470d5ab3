package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copyReport copies the bundled report's manuscript into a new folder.
func copyReport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "manuscript", "report"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// replaceIn replaces old, which must be in the file once, with new.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), old) != 1 {
		t.Fatalf("%s holds %q %d times", file, old, strings.Count(string(data), old))
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckPointsInsideFoldedParagraphs plants a bad cross-reference on
// the seventh line of a folded paragraph of the report and wants folio
// check to name its line and column, show the line, and underline the
// reference.
func TestCheckPointsInsideFoldedParagraphs(t *testing.T) {
	dir := copyReport(t)
	file := filepath.Join(dir, "chapters", "01-glance.yaml")
	replaceIn(t, file, "rivals is the subject of [@ch:social] and [@ch:video].", "rivals is the subject of [@ch:social] and [@ch:vidoe].")
	r := folio(t, t.TempDir(), nil, "check", dir)
	if r.code != 1 {
		t.Fatalf("exit %d; want 1\n%s", r.code, r.stderr)
	}
	want := "01-glance.yaml:150:47: cross-reference [@ch:vidoe] points at nothing\n" +
		"  150 |     rivals is the subject of [@ch:social] and [@ch:vidoe].\n" +
		"      |                                               ^^^^^^^^^^^\n" +
		"\thint: did you mean [@ch:video]?\n"
	if !strings.Contains(r.stderr, want) {
		t.Errorf("folio check printed\n%s\nwant it to hold\n%s", r.stderr, want)
	}
}

// TestCheckJSON checks --format json: one document on stdout that ajv
// finds valid under schema/diagnostics.schema.json, with the positions
// and messages the text output gives, and nothing on stderr.
func TestCheckJSON(t *testing.T) {
	abs, _ := filepath.Abs("../../testdata/broken/ten-mistakes")
	text := folio(t, abs, nil, "check", ".")
	js := folio(t, abs, nil, "check", "--format", "json", ".")
	if js.code != 1 || text.code != 1 {
		t.Fatalf("exit %d and %d; want 1", js.code, text.code)
	}
	if js.stderr != "" {
		t.Errorf("--format json wrote to stderr:\n%s", js.stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, js.stdout)
	}
	if rep.OK || rep.Errors != 10 || rep.Warnings != 1 || len(rep.Diagnostics) != 11 {
		t.Errorf("ok %v, %d errors, %d warnings, %d diagnostics; want false, 10, 1, 11", rep.OK, rep.Errors, rep.Warnings, len(rep.Diagnostics))
	}
	for _, d := range rep.Diagnostics {
		first := d.File + ":" + itoa(d.Line) + ":" + itoa(d.Column) + ": "
		if d.Severity == "warning" {
			first += "warning: "
		}
		if !strings.Contains(text.stderr, first+d.Message+"\n") {
			t.Errorf("the text output lacks %q", first+d.Message)
		}
		if d.End.Line < d.Line || d.End.Line == d.Line && d.End.Column < d.Column {
			t.Errorf("%s: end %d:%d before the start", first, d.End.Line, d.End.Column)
		}
	}
	// ajv, against the schema
	out := filepath.Join(t.TempDir(), "diagnostics.json")
	if err := os.WriteFile(out, []byte(js.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("../../tools/node/node_modules/ajv"); err != nil {
		t.Fatal("ajv is not installed: make test-deps (npm ci in tools/node)")
	}
	res, err := exec.Command("node", "../../tools/node/validate-json.mjs", "../../schema/diagnostics.schema.json", "--", out).CombinedOutput()
	if err != nil {
		t.Errorf("ajv: %v\n%s", err, res)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestWarningsAsErrors checks --warnings=error: a manuscript whose only
// problem is a warning (a footnote never referred to) passes check and
// builds, but with the flag fails both, and the build writes nothing.
func TestWarningsAsErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "book")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/valid/minimal")); err != nil {
		t.Fatal(err)
	}
	chapters, _ := filepath.Glob(filepath.Join(dir, "chapters", "*.yaml"))
	if len(chapters) == 0 {
		t.Fatal("the minimal manuscript has no chapters")
	}
	f, err := os.OpenFile(chapters[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(chapters[0])
	note := "footnotes:\n  never-cited: A note no text refers to.\n"
	if strings.Contains(string(data), "\nfootnotes:") {
		note = "  never-cited: A note no text refers to.\n"
	}
	if _, err := f.WriteString(note); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if r := folio(t, dir, nil, "check", "."); r.code != 0 || !strings.Contains(r.stderr, "warning: footnote \"never-cited\" is never referred to") {
		t.Fatalf("check: exit %d; want 0 and the warning\n%s", r.code, r.stderr)
	}
	if r := folio(t, dir, nil, "check", "--warnings=error", "."); r.code != 1 || !strings.Contains(r.stderr, "--warnings=error") {
		t.Errorf("check --warnings=error: exit %d; want 1, saying why\n%s", r.code, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "out")
	if r := folio(t, dir, []string{epoch}, "build", "--warnings=error", "-o", out, "."); r.code != 1 {
		t.Errorf("build --warnings=error: exit %d; want 1\n%s", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("build --warnings=error wrote %d files", len(entries))
	}
	if r := folio(t, dir, []string{epoch}, "build", "-o", out, "."); r.code != 0 {
		t.Errorf("build: exit %d; want 0\n%s", r.code, r.stderr)
	}
	if r := folio(t, dir, nil, "check", "--warnings=loud", "."); r.code != 2 {
		t.Errorf("check --warnings=loud: exit %d; want 2", r.code)
	}
}
