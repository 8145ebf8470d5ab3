package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestInit starts a manuscript with folio init and builds it: it checks
// with no error or warning, builds both editions, has a block of every
// kind the format knows and a chart from its CSV, and names the schemas
// it wrote. A second init there writes nothing.
func TestInit(t *testing.T) {
	parent := t.TempDir()
	r := folio(t, parent, nil, "init", "my-report")
	if r.code != 0 {
		t.Fatalf("folio init: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	dir := filepath.Join(parent, "my-report")
	for _, f := range []string{"book.yaml", "chapters/01-first.yaml", "data/sample.csv", "schema/book.schema.json", "schema/chapter.schema.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init wrote no %s", f)
		}
	}
	// checked: no errors, no warnings
	if r := folio(t, dir, nil, "check", "--warnings=error"); r.code != 0 || r.stderr != "" {
		t.Errorf("folio check in the new folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(parent, "out")
	if r := folio(t, dir, nil, "build", "-o", out); r.code != 0 {
		t.Fatalf("folio build: exit %d\n%s", r.code, r.stderr)
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	epubs, _ := filepath.Glob(filepath.Join(out, "*.epub"))
	if len(pdfs) != 1 || len(epubs) != 1 {
		t.Fatalf("built %d PDFs and %d EPUBs", len(pdfs), len(epubs))
	}
	checkPDF(t, pdfs[0])
	// every kind of block, and the schema lines
	data, err := os.ReadFile(filepath.Join(dir, "chapters/01-first.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ch struct {
		Body   []any
		Charts []struct{ Data map[string]any }
	}
	if err := yaml.Unmarshal(data, &ch); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, b := range ch.Body {
		switch b := b.(type) {
		case string:
			kinds["p"] = true
		case map[string]any:
			for k := range b {
				kinds[k] = true
			}
		}
	}
	for _, k := range []string{"p", "heading", "subheading", "list", "quote", "pullquote", "callout", "figure", "table", "definitions", "pagebreak"} {
		if !kinds[k] {
			t.Errorf("the starter chapter has no %s block", k)
		}
	}
	if len(ch.Charts) == 0 || ch.Charts[0].Data["file"] != "data/sample.csv" {
		t.Errorf("the starter's chart does not read its CSV: %+v", ch.Charts)
	}
	if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=../schema/chapter.schema.json") {
		t.Errorf("the chapter does not name its schema:\n%.80s", data)
	}
	// a second init writes nothing, and says why
	before, _ := os.ReadFile(filepath.Join(dir, "book.yaml"))
	os.WriteFile(filepath.Join(dir, "book.yaml"), append(before, "# mine\n"...), 0o644)
	os.Remove(filepath.Join(dir, "data/sample.csv"))
	r = folio(t, parent, nil, "init", "my-report")
	if r.code != 1 || !strings.Contains(r.stderr, "exists; nothing was written") {
		t.Errorf("init over a manuscript: exit %d\n%s", r.code, r.stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "book.yaml")); !strings.HasSuffix(string(now), "# mine\n") {
		t.Error("init over a manuscript changed its book.yaml")
	}
	if _, err := os.Stat(filepath.Join(dir, "data/sample.csv")); err == nil {
		t.Error("init over a manuscript wrote some of its files")
	}
	// and into the current folder, which then is every command's default
	here := t.TempDir()
	if r := folio(t, here, nil, "init"); r.code != 0 {
		t.Fatalf("folio init (here): exit %d\n%s", r.code, r.stderr)
	}
	if r := folio(t, here, nil, "check"); r.code != 0 || !strings.HasPrefix(r.stdout, ".: 1 chapters, 1 charts") {
		t.Errorf("folio check in a manuscript folder did not check it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// a folder it cannot write: nothing left behind
	ro := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(ro, 0o555)
	if os.Getuid() != 0 { // root writes anywhere
		if r := folio(t, ro, nil, "init", "x"); r.code != 1 {
			t.Errorf("init in a read-only folder: exit %d", r.code)
		}
		if entries, _ := os.ReadDir(ro); len(entries) != 0 {
			t.Errorf("init left %v in a folder it could not write", entries)
		}
	}
}

func TestVersionLine(t *testing.T) {
	bi := func(v string, settings ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/folio-press/folio", Version: v}}
		for i := 0; i+1 < len(settings); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return b
	}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{bi("v1.2.0"), true, "folio v1.2.0 (go1.26.8)"},
		{bi("(devel)", "vcs.revision", "f6da8ad8ecc8a0b1c2d3", "vcs.time", "2026-12-08T01:51:28Z", "vcs.modified", "true"), true,
			"folio 0.1.0-dev (commit f6da8ad8ecc8, 2026-12-08, modified; go1.26.8)"},
		{bi("v1.2.1-0.20261208015128-f6da8ad8ecc8", "vcs.revision", "f6da8ad8ecc8", "vcs.modified", "false"), true,
			"folio v1.2.1-0.20261208015128-f6da8ad8ecc8 (commit f6da8ad8ecc8; go1.26.8)"},
		{nil, false, "folio 0.1.0-dev"},
	} {
		if got := versionLine(tc.bi, tc.ok); got != tc.want {
			t.Errorf("versionLine = %q, want %q", got, tc.want)
		}
	}
	// the binary the tests build records its Go version at least
	if r := folio(t, t.TempDir(), nil, "version"); r.code != 0 || !strings.Contains(r.stdout, "(") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("folio version: %q", r.stdout)
	}
}

// TestHelpListsEachFlagOnce checks every command's help: a flag and its
// alias share a line (-o, --out), and no flag is listed twice.
func TestHelpListsEachFlagOnce(t *testing.T) {
	for _, c := range commands() {
		r := folio(t, t.TempDir(), nil, "help", c.name)
		if r.code != 0 {
			t.Fatalf("help %s: exit %d", c.name, r.code)
		}
		var seen []string
		for _, line := range strings.Split(r.stdout, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || !strings.HasPrefix(f[0], "-") {
				continue
			}
			for _, name := range f {
				name = strings.TrimSuffix(name, ",")
				if !strings.HasPrefix(name, "-") {
					break
				}
				if slices.Contains(seen, strings.TrimLeft(name, "-")) {
					t.Errorf("help %s lists %s twice:\n%s", c.name, name, r.stdout)
				}
				seen = append(seen, strings.TrimLeft(name, "-"))
			}
		}
		if c.flags != nil && strings.Contains(r.stdout, "output folder") && !strings.Contains(r.stdout, "-o, --out") {
			t.Errorf("help %s does not give -o and --out on one line:\n%s", c.name, r.stdout)
		}
	}
}
