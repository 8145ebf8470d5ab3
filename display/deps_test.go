package display_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPipelineDependencies checks the pipeline's direction with the go
// tool: each step hands the next a value and none reaches back. The
// display list knows no step; the typesetter knows no file format; the
// PDF writer knows neither the manuscript nor the typesetter; and no
// build of Folio links fpdf, which the PDF writer replaced.
func TestPipelineDependencies(t *testing.T) {
	const mod = "github.com/folio-press/folio/"
	for _, tc := range []struct {
		pkg    string
		forbid []string
	}{
		{"display", []string{"manuscript", "layout", "pdf", "epub", "charts", "fonts", "publish"}},
		{"layout", []string{"pdf", "epub", "publish"}},
		{"pdf", []string{"manuscript", "layout", "epub", "charts", "publish"}},
		{"charts", []string{"layout", "pdf", "epub", "publish"}},
		{"epub", []string{"layout", "pdf", "publish"}},
		{"pagesvg", []string{"manuscript", "layout", "pdf", "epub", "publish"}},
		{"cmd/folio", []string{"codeberg.org/go-pdf/fpdf"}},
	} {
		out, err := exec.Command("go", "list", "-deps", "../"+tc.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tc.pkg, err)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[strings.TrimPrefix(d, mod)] = true
		}
		if !deps[tc.pkg] {
			t.Fatalf("go list -deps %s does not list the package itself:\n%s", tc.pkg, out)
		}
		for _, f := range tc.forbid {
			if deps[f] {
				t.Errorf("%s depends on %s", tc.pkg, f)
			}
		}
	}
}
