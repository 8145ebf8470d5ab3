// Package atomicfile writes files so that readers see either the old file
// or the complete new one, never a half-written one.
//
// Each file is written to a temporary file in the same folder, synced and
// renamed over the target, which on POSIX systems replaces it in one step:
// two processes writing the same file leave one complete version or the
// other. A Writer additionally keeps track of its temporary files so that
// a process being interrupted can remove them (Abort) before it exits.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// TempPrefix starts the name of every temporary file this package creates,
// so that leftovers of a killed process can be recognised.
const TempPrefix = ".folio-tmp-"

// ErrAborted is returned by a Writer's Write after Abort.
var ErrAborted = errors.New("aborted")

// Write writes data to a temporary file in path's folder, syncs it, and
// renames it over path. On any failure the temporary file is removed and
// path is left as it was.
func Write(path string, data []byte, perm os.FileMode) error {
	return new(Writer).Write(path, data, perm)
}

// Writer writes files atomically, as Write does, and can be aborted: Abort
// removes the temporary files of writes in progress and makes every later
// write fail, so that no target is replaced after it returns. The zero
// Writer is ready to use; a Writer is safe for concurrent use.
type Writer struct {
	mu      sync.Mutex
	aborted bool
	temps   map[string]bool // temporary files that exist now
}

// Write writes data to path atomically. It fails with an error wrapping
// ErrAborted if the Writer has been aborted, before or during the write.
func (w *Writer) Write(path string, data []byte, perm os.FileMode) error {
	return w.WriteAll(File{Path: path, Data: data, Perm: perm})
}

// File is one file for WriteAll.
type File struct {
	Path string
	Data []byte
	Perm os.FileMode
}

// WriteAll writes the files as a set: each to a temporary file in its
// target's folder first (all at once), and once all are written and
// synced, renames them
// over their targets in one step that Abort cannot interrupt. So an Abort
// leaves either every target replaced or none. On an error the temporary
// files are removed; targets renamed before a failing rename stay replaced.
func (w *Writer) WriteAll(files ...File) (err error) {
	tmps := make([]string, len(files))
	defer func() {
		if err != nil {
			for _, tmp := range tmps {
				if tmp != "" {
					w.remove(tmp)
				}
			}
		}
	}()
	// the temporary files are written and synced side by side: syncing
	// waits for the disk, and two waits overlap
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			tmps[i], errs[i] = w.writeTemp(f)
		})
	}
	wg.Wait()
	for i, f := range files {
		if errs[i] != nil {
			return fmt.Errorf("write %s: %w", f.Path, errs[i])
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.aborted {
		return fmt.Errorf("write %s: %w", files[0].Path, ErrAborted)
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], f.Path); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		delete(w.temps, tmps[i])
	}
	return nil
}

// writeTemp writes f's data to a new temporary file beside its target and
// returns the temporary file's name.
func (w *Writer) writeTemp(f File) (tmp string, err error) {
	dir, base := filepath.Split(f.Path)
	if dir == "" {
		dir = "."
	}
	fh, tmp, err := w.create(dir, base)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			fh.Close()
			w.remove(tmp)
		}
	}()
	if _, err = fh.Write(f.Data); err != nil {
		return "", err
	}
	if err = fh.Chmod(f.Perm); err != nil {
		return "", err
	}
	if err = fh.Sync(); err != nil {
		return "", err
	}
	if err = fh.Close(); err != nil {
		return "", err
	}
	return tmp, nil
}

// create makes a temporary file in dir and records it.
func (w *Writer) create(dir, base string) (*os.File, string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.aborted {
		return nil, "", ErrAborted
	}
	f, err := os.CreateTemp(dir, TempPrefix+base+"-*")
	if err != nil {
		return nil, "", err
	}
	if w.temps == nil {
		w.temps = map[string]bool{}
	}
	w.temps[f.Name()] = true
	return f, f.Name(), nil
}

// remove deletes a temporary file, if it is still there, and forgets it.
func (w *Writer) remove(tmp string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.temps[tmp] {
		os.Remove(tmp)
		delete(w.temps, tmp)
	}
}

// Abort removes the temporary files of the writes in progress and makes
// this and every later Write fail with ErrAborted. Targets already renamed
// stay; no target is replaced after Abort returns. It returns the first
// error met removing a temporary file.
func (w *Writer) Abort() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.aborted = true
	var first error
	for tmp := range w.temps {
		if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) && first == nil {
			first = fmt.Errorf("remove %s: %w", tmp, err)
		}
		delete(w.temps, tmp)
	}
	return first
}
