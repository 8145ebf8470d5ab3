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

// TestFullDiskLeavesTheFolderAsItWas builds the report onto a 1 MB tmpfs,
// mounted in a mount namespace of the test's own (unshare), whose output
// folder holds the last build: the build fails saying the disk is full,
// and the folder is as it was, with no temporary file.
func TestFullDiskLeavesTheFolderAsItWas(t *testing.T) {
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Fatalf("unshare (util-linux) is not installed: %v", err)
	}
	disk := t.TempDir()
	script := `set -e
mount -t tmpfs -o size=1m tmpfs "$1"
mkdir "$1/out"
printf 'the last build' > "$1/out/china-internet-report-2019.pdf"
set +e
"$2" build -o "$1/out"
echo "exit $?"
ls -A "$1/out"
cat "$1/out/china-internet-report-2019.pdf"`
	cmd := exec.Command("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", disk, folioBin(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("a tmpfs in a mount namespace of the test's own (unshare --user --mount): %v\n%s", err, out)
	}
	s := string(out)
	if !strings.Contains(s, "no space left on device") || !strings.Contains(s, "exit 1\n") {
		t.Errorf("the build on a full disk did not fail saying so:\n%s", s)
	}
	if !strings.HasSuffix(s, "exit 1\nchina-internet-report-2019.pdf\nthe last build") {
		t.Errorf("the output folder is not as it was (one file, the last build's):\n%s", s)
	}
}
