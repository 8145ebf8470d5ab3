package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/folio-press/folio/internal/atomicfile"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/schema"
)

// starter is the manuscript 'folio init' writes: a book.yaml, a chapter
// with a block of every kind and a chart from CSV.
//
//go:embed starter
var starter embed.FS

func initCommand() *command {
	return &command{
		name: "init", args: "[DIR]", summary: "start a new manuscript in DIR (or here)",
		help: `Writes a small manuscript into DIR (the current folder when none is
given), ready to build: book.yaml, chapters/01-first.yaml with a block of
every kind, data/sample.csv with the data of its chart, and the JSON
Schemas in schema/, which the first line of each YAML file names for an
editor's YAML language server. Its numbers are sample data: replace them,
and their sources, with your own.

DIR may exist; init writes nothing if any of its files is there already.`,
		run: func(e *env, dir string, _ any) int {
			if dir == "" {
				dir = "."
			}
			files, err := starterFiles(dir)
			if err == nil {
				err = writeNew(files)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "folio init: %v\n", err)
				var exist existsError
				if errors.As(err, &exist) {
					fmt.Fprintf(e.stderr, "\thint: init starts a manuscript; to build the one in %s, run: folio build %s\n", dir, dir)
				}
				return exitErrors
			}
			for _, f := range files {
				fmt.Fprintf(e.stdout, "wrote %s\n", f.Path)
			}
			fmt.Fprintf(e.stdout, "Next: folio build %s (or folio serve %s to preview as you edit)\n", dir, dir)
			return exitOK
		},
	}
}

// starterFiles returns the files of the starter manuscript, in dir.
func starterFiles(dir string) ([]atomicfile.File, error) {
	var files []atomicfile.File
	err := fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("starter", filepath.FromSlash(p))
		files = append(files, atomicfile.File{Path: filepath.Join(dir, rel), Data: data, Perm: 0o644})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"book.schema.json", "chapter.schema.json"} {
		data, err := schema.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, atomicfile.File{Path: filepath.Join(dir, "schema", name), Data: data, Perm: 0o644})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// existsError is a file init would not overwrite.
type existsError struct{ path string }

func (e existsError) Error() string { return e.path + " exists; nothing was written" }

// writeNew writes files that must not exist yet, with the folders they
// need, all or nothing: on any failure no file is left and the folders it
// made are removed.
func writeNew(files []atomicfile.File) (err error) {
	for _, f := range files {
		if _, err := os.Lstat(f.Path); err == nil {
			return existsError{f.Path}
		}
	}
	var made []string // the folders made, outermost first
	defer func() {
		if err != nil {
			for i := len(made) - 1; i >= 0; i-- {
				os.Remove(made[i])
			}
		}
	}()
	for _, f := range files {
		for _, d := range parents(filepath.Dir(f.Path)) {
			if _, statErr := os.Stat(d); statErr == nil {
				continue
			}
			if err := os.Mkdir(d, 0o755); err != nil {
				return fmt.Errorf("make %s: %w", d, err)
			}
			made = append(made, d)
		}
	}
	return new(atomicfile.Writer).WriteAll(files...)
}

// parents returns dir and the folders above it that a path names, the
// outermost first: a/b/c gives a, a/b, a/b/c.
func parents(dir string) []string {
	var out []string
	for d := filepath.Clean(dir); d != "." && d != string(filepath.Separator) && d != filepath.VolumeName(d)+string(filepath.Separator); d = filepath.Dir(d) {
		out = append([]string{d}, out...)
		if filepath.Dir(d) == d {
			break
		}
	}
	return out
}

// defaultDir is the manuscript folder of a command given none: the
// current folder when it holds a book.yaml, else none (the bundled
// report, where a command can use it).
func defaultDir() string {
	if _, err := os.Stat(manuscript.BookFile); err == nil {
		return "."
	}
	return ""
}
