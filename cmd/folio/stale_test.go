package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/internal/atomicfile"
)

// TestBuildRemovesStaleTemporaryFiles plants, in the output folder, the
// temporary file a build killed with SIGKILL leaves, and one a build that
// still runs has: folio build removes the first, says so, and leaves the
// second.
func TestBuildRemovesStaleTemporaryFiles(t *testing.T) {
	out := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale := fmt.Sprintf("%schina-internet-report-2019.pdf-%d-4242", atomicfile.TempPrefix, dead.Process.Pid)
	live := fmt.Sprintf("%schina-internet-report-2019.pdf-%d-4343", atomicfile.TempPrefix, os.Getpid())
	for _, f := range []string{stale, live} {
		if err := os.WriteFile(filepath.Join(out, f), []byte("half a PDF"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := folio(t, t.TempDir(), nil, "build", "--pdf", "--edition", "draft", "-o", out)
	if r.code != 0 {
		t.Fatalf("folio build: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, stale)); err == nil {
		t.Errorf("the dead build's %s is still there", stale)
	}
	if !strings.Contains(r.stderr, "removed 1 temporary file left by a build that did not finish") {
		t.Errorf("stderr does not say what it removed:\n%s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, live)); err != nil {
		t.Errorf("the running build's %s was removed", live)
	}
}
