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
	"strconv"
	"strings"
	"sync"
	"time"
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

	// createTemp, when set, makes the temporary files instead of
	// os.CreateTemp: the tests' full disk
	createTemp func(dir, pattern string) (tempFile, error)
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
// returns the temporary file's name. On any failure the temporary file is
// removed, whatever the error.
func (w *Writer) writeTemp(f File) (string, error) {
	dir, base := filepath.Split(f.Path)
	if dir == "" {
		dir = "."
	}
	fh, tmp, err := w.create(dir, base)
	if err != nil {
		return "", err
	}
	if err := fill(fh, f); err != nil {
		fh.Close()
		w.remove(tmp)
		return "", err
	}
	return tmp, nil
}

// fill writes f's data and mode to the open temporary file, syncs it and
// closes it.
func fill(fh tempFile, f File) error {
	if _, err := fh.Write(f.Data); err != nil {
		return err
	}
	if err := fh.Chmod(f.Perm); err != nil {
		return err
	}
	if err := fh.Sync(); err != nil {
		return err
	}
	return fh.Close()
}

// tempFile is what a Writer does with a temporary file (an *os.File; a
// test's file that fails as a full disk does).
type tempFile interface {
	Write([]byte) (int, error)
	Chmod(os.FileMode) error
	Sync() error
	Close() error
	Name() string
}

// create makes a temporary file in dir, named after the target and this
// process (so that CleanStale can tell a dead process's files), and
// records it.
func (w *Writer) create(dir, base string) (tempFile, string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.aborted {
		return nil, "", ErrAborted
	}
	pattern := fmt.Sprintf("%s%s-%d-*", TempPrefix, base, os.Getpid())
	var f tempFile
	var err error
	if w.createTemp != nil {
		f, err = w.createTemp(dir, pattern)
	} else {
		f, err = os.CreateTemp(dir, pattern)
	}
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

// CleanStale removes the temporary files a process that is no longer
// running left in dir: a build killed with SIGKILL, or a machine that
// lost power, cannot remove its own. A file whose process is alive, or
// whose name does not say its process, is left unless it is older than
// maxAge. It returns the names removed; a folder that does not exist
// holds none.
func CleanStale(dir string, maxAge time.Duration, now time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, TempPrefix) || !e.Type().IsRegular() {
			continue
		}
		stale := false
		if pid, ok := tempPID(name); ok && pid != os.Getpid() && !alive(pid) {
			stale = true
		} else if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > maxAge {
			stale = true
		}
		if !stale {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, fmt.Errorf("remove %s: %w", p, err)
		}
		removed = append(removed, name)
	}
	return removed, nil
}

// tempPID reads the process id in a temporary file's name:
// TempPrefix + target + "-" + pid + "-" + random.
func tempPID(name string) (int, bool) {
	rest := strings.TrimPrefix(name, TempPrefix)
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return 0, false
	}
	j := strings.LastIndexByte(rest[:i], '-')
	if j < 0 {
		return 0, false
	}
	pid, err := strconv.Atoi(rest[j+1 : i])
	return pid, err == nil && pid > 0
}
