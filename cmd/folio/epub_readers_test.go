package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// TestOtherReadersReadTheEPUB has two other consumers of EPUB read the
// report's: pandoc's EPUB reader and calibre's ebook-convert, each to
// plain text. Each exits 0, and its text holds every chapter's title and
// every footnote.
func TestOtherReadersReadTheEPUB(t *testing.T) {
	_, ep := bundled(t)
	book, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var titles, notes []string
	for _, c := range book.Documents() {
		titles = append(titles, squash(c.Title.Plain()))
		for _, f := range c.Footnotes {
			notes = append(notes, squash(f.Text.Plain()))
		}
	}
	if len(titles) < 11 || len(notes) < 5 {
		t.Fatalf("%d titles and %d notes in the report", len(titles), len(notes))
	}
	dir := t.TempDir()
	for _, r := range []struct {
		name string
		cmd  []string
	}{
		{"pandoc", []string{"pandoc", "-f", "epub", "-t", "plain", "--wrap=none", ep, "-o", filepath.Join(dir, "pandoc.txt")}},
		{"calibre", []string{"ebook-convert", ep, filepath.Join(dir, "calibre.txt")}},
	} {
		t.Run(r.name, func(t *testing.T) {
			if _, err := exec.LookPath(r.cmd[0]); err != nil {
				t.Fatalf("%s is not installed (make test-deps installs it)", r.cmd[0])
			}
			cmd := exec.Command(r.cmd[0], r.cmd[1:]...)
			cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "HOME="+dir) // calibre's Qt, with no display
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", strings.Join(r.cmd, " "), err, out)
			}
			data, err := os.ReadFile(filepath.Join(dir, r.name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			text := squash(string(data))
			for _, want := range titles {
				if !strings.Contains(text, want) {
					t.Errorf("%s's text has no chapter %q", r.name, want)
				}
			}
			missing := 0
			for _, want := range notes {
				if !strings.Contains(text, want) {
					missing++
					if missing <= 3 {
						t.Errorf("%s's text has no note %.60q…", r.name, want)
					}
				}
			}
			if missing > 3 {
				t.Errorf("… and %d more notes missing", missing-3)
			}
		})
	}
}
