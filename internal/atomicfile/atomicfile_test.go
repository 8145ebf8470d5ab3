package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// temps lists the temporary files left in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string // returns the target
		wantErr bool
		want    string // the target's content afterwards ("" for none)
	}{
		{"new file", func(t *testing.T, dir string) string { return filepath.Join(dir, "a.pdf") }, false, "new"},
		{"replaces a file", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "a.pdf")
			os.WriteFile(p, []byte("old"), 0o644)
			return p
		}, false, "new"},
		{"missing folder", func(t *testing.T, dir string) string { return filepath.Join(dir, "no", "a.pdf") }, true, ""},
		{"target is a folder", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "a.pdf")
			os.MkdirAll(filepath.Join(p, "inside"), 0o755)
			return p
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := tt.setup(t, dir)
			err := Write(target, []byte("new"), 0o640)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Write: %v; want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), target) {
				t.Errorf("error %q does not name the file", err)
			}
			if got, _ := os.ReadFile(target); tt.want != "" && string(got) != tt.want {
				t.Errorf("content %q; want %q", got, tt.want)
			}
			if tt.want != "" {
				if st, _ := os.Stat(target); st.Mode().Perm() != 0o640 {
					t.Errorf("mode %v; want 0640", st.Mode().Perm())
				}
			}
			if left := temps(t, dir); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func TestAbortBeforeWrite(t *testing.T) {
	dir := t.TempDir()
	var w Writer
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	err := w.Write(filepath.Join(dir, "a.pdf"), []byte("x"), 0o644)
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("Write after Abort: %v; want ErrAborted", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("an aborted Writer wrote %d files", len(entries))
	}
}

// TestAbortDuringWrites aborts while many large writes are in progress:
// afterwards no temporary file is left, no target changes any more, and
// every target holds either its old or its complete new content.
func TestAbortDuringWrites(t *testing.T) {
	dir := t.TempDir()
	const n = 16
	old := []byte("old")
	news := make([][]byte, n)
	for i := range news {
		news[i] = bytes.Repeat([]byte{byte('a' + i)}, 1<<20)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var w Writer
	var wg sync.WaitGroup
	started := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			err := w.Write(filepath.Join(dir, fmt.Sprint(i)), news[i], 0o644)
			if err != nil && !errors.Is(err, ErrAborted) {
				t.Errorf("write %d: %v", i, err)
			}
		}()
	}
	for i := 0; i < n/2; i++ {
		<-started
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	at := map[int][]byte{}
	for i := 0; i < n; i++ {
		at[i], _ = os.ReadFile(filepath.Join(dir, fmt.Sprint(i)))
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		got, _ := os.ReadFile(filepath.Join(dir, fmt.Sprint(i)))
		if !bytes.Equal(got, at[i]) {
			t.Errorf("file %d changed after Abort returned", i)
		}
		if !bytes.Equal(got, old) && !bytes.Equal(got, news[i]) {
			t.Errorf("file %d holds %d bytes: neither the old nor the new content", i, len(got))
		}
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left after Abort: %v", left)
	}
}

// TestConcurrentWritesOfOneFile has several writers replace the same file
// at once: the result is one of the versions, whole.
func TestConcurrentWritesOfOneFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "book.epub")
	const n = 8
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Write(target, bytes.Repeat([]byte{byte('a' + i)}, 1<<20), 0o644); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1<<20 || !bytes.Equal(got, bytes.Repeat(got[:1], 1<<20)) {
		t.Errorf("the file mixes versions or is incomplete (%d bytes)", len(got))
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestWriteAllIsAllOrNothing aborts a set of writes at different moments:
// every time, either all targets are replaced or none is.
func TestWriteAllIsAllOrNothing(t *testing.T) {
	for delay := time.Duration(0); delay <= 12*time.Millisecond; delay += 2 * time.Millisecond {
		t.Run(delay.String(), func(t *testing.T) {
			dir := t.TempDir()
			var files []File
			for i := 0; i < 4; i++ {
				f := File{Path: filepath.Join(dir, fmt.Sprint(i)), Data: bytes.Repeat([]byte{'n'}, 1<<20), Perm: 0o644}
				if err := os.WriteFile(f.Path, []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
			}
			var w Writer
			done := make(chan error)
			go func() { done <- w.WriteAll(files...) }()
			time.Sleep(delay)
			if err := w.Abort(); err != nil {
				t.Fatal(err)
			}
			err := <-done
			replaced := 0
			for _, f := range files {
				if got, _ := os.ReadFile(f.Path); bytes.Equal(got, f.Data) {
					replaced++
				} else if string(got) != "old" {
					t.Errorf("%s holds %d bytes: neither old nor new", f.Path, len(got))
				}
			}
			switch {
			case replaced != 0 && replaced != len(files):
				t.Errorf("%d of %d targets replaced", replaced, len(files))
			case replaced == 0 && !errors.Is(err, ErrAborted):
				t.Errorf("nothing replaced, and WriteAll returned %v", err)
			case replaced == len(files) && err != nil:
				t.Errorf("everything replaced, and WriteAll returned %v", err)
			}
			if left := temps(t, dir); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// fullDisk is a temporary file on a disk that fills up: writes past room
// bytes fail as ENOSPC does, and so may the calls after.
type fullDisk struct {
	*os.File
	room          int
	failSync      bool
	failClose     bool
	failChmod     bool
	written       int
	closedForReal bool
}

var errNoSpace = errors.New("no space left on device")

func (f *fullDisk) Write(b []byte) (int, error) {
	if f.written+len(b) > f.room {
		n := max(0, f.room-f.written)
		f.File.Write(b[:n])
		f.written += n
		return n, errNoSpace
	}
	f.written += len(b)
	return f.File.Write(b)
}

func (f *fullDisk) Sync() error {
	if f.failSync {
		return errNoSpace
	}
	return f.File.Sync()
}

func (f *fullDisk) Chmod(m os.FileMode) error {
	if f.failChmod {
		return errors.New("operation not permitted")
	}
	return f.File.Chmod(m)
}

func (f *fullDisk) Close() error {
	err := f.File.Close()
	if f.failClose && !f.closedForReal {
		f.closedForReal = true
		return errNoSpace
	}
	return err
}

// TestFullDiskLeavesNothing writes two files as a set on a disk that
// fills up at each step of a write: the error says so, no temporary file
// is left, and the targets are as they were.
func TestFullDiskLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		disk func(f *os.File) tempFile
	}{
		{"full at once", func(f *os.File) tempFile { return &fullDisk{File: f, room: 0} }},
		{"full half way", func(f *os.File) tempFile { return &fullDisk{File: f, room: 3000} }},
		{"chmod refused", func(f *os.File) tempFile { return &fullDisk{File: f, room: 1 << 30, failChmod: true} }},
		{"sync fails", func(f *os.File) tempFile { return &fullDisk{File: f, room: 1 << 30, failSync: true} }},
		{"close fails", func(f *os.File) tempFile { return &fullDisk{File: f, room: 1 << 30, failClose: true} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "a.epub")
			os.WriteFile(a, []byte("old pdf"), 0o644)
			n := 0
			w := &Writer{createTemp: func(dir, pattern string) (tempFile, error) {
				f, err := os.CreateTemp(dir, pattern)
				if err != nil {
					return nil, err
				}
				n++
				if n == 2 { // the second file hits the full disk
					return tc.disk(f), nil
				}
				return f, nil
			}}
			err := w.WriteAll(File{Path: a, Data: bytes.Repeat([]byte("p"), 5000), Perm: 0o644}, File{Path: b, Data: bytes.Repeat([]byte("e"), 5000), Perm: 0o644})
			if err == nil {
				t.Fatal("no error on a full disk")
			}
			if left := temps(t, dir); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if got, _ := os.ReadFile(a); string(got) != "old pdf" {
				t.Errorf("a.pdf is now %d bytes", len(got))
			}
			if _, err := os.Stat(b); err == nil {
				t.Error("a.epub was written")
			}
		})
	}
}

// TestCleanStale removes what dead processes left, and nothing else: not
// a live process's file, not a young file of unknown origin, not the
// outputs.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{ // name → removed
		fmt.Sprintf("%sbook.pdf-%d-12345", TempPrefix, dead.Process.Pid): true,
		fmt.Sprintf("%sbook.pdf-%d-67890", TempPrefix, os.Getpid()):      false,
		TempPrefix + "book.epub-123abc":                                  false,
		TempPrefix + "old.epub-456def":                                   true,
		"book.pdf":                                                       false,
		fmt.Sprintf("notours-%d-1", dead.Process.Pid):                    false,
	}
	now := time.Now()
	for name := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("x"), 0o644)
		if strings.HasPrefix(name, TempPrefix+"old") {
			os.Chtimes(p, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
		}
	}
	removed, err := CleanStale(dir, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	for name, gone := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone != (err != nil) {
			t.Errorf("%s: removed %v, want %v", name, err != nil, gone)
		}
	}
	if len(removed) != 2 {
		t.Errorf("CleanStale says it removed %v", removed)
	}
	if got, err := CleanStale(filepath.Join(dir, "none"), time.Hour, now); err != nil || len(got) != 0 {
		t.Errorf("a folder that does not exist: %v, %v", got, err)
	}
}
