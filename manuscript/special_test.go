//go:build unix

package manuscript_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
)

// TestSpecialFilesAreRefused names a FIFO as a chart's data file: the
// loader refuses it at the data's position, without reading (which would
// wait for a writer for ever).
func TestSpecialFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../testdata/broken/csv-duplicate-column")); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "data", "users.csv")
	os.Remove(csv)
	if err := syscall.Mkfifo(csv, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := manuscript.LoadDir(dir); done <- err }()
	select {
	case err := <-done:
		var diags manuscript.Diagnostics
		if !errors.As(err, &diags) || len(diags) != 1 || !strings.Contains(diags[0].Message, "is a named pipe (FIFO), not a regular file") ||
			!strings.HasSuffix(diags[0].Pos.File, "users.yaml") || diags[0].Pos.Line != 9 {
			t.Errorf("a FIFO as a data file: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("loading a manuscript whose data file is a FIFO does not end")
	}
}
