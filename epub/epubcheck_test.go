package epub

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/internal/checkers"
)

// TestEPUBCheck validates every test book with EPUBCheck and wants no
// fatal error, error or warning. It fails, rather than skips, when Java or
// EPUBCheck is missing.
func TestEPUBCheck(t *testing.T) {
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, _ := built(t, name)
			file := filepath.Join(t.TempDir(), name+".epub")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := checkers.Epubcheck(file)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Clean() {
				t.Errorf("EPUBCheck: %d fatal errors, %d errors, %d warnings:\n%s", r.Fatals, r.Errors, r.Warnings, strings.Join(r.Messages, "\n"))
			}
		})
	}
}
