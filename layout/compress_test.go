package layout

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/folio-press/folio/fonts"
)

func TestCompressStreams(t *testing.T) {
	// an fpdf document with pages of text and a ToUnicode map, uncompressed
	pdf := fpdf.New("P", "mm", "A5", "")
	pdf.SetCompression(false)
	pdf.SetCreationDate(time.Unix(0, 0))
	pdf.SetModificationDate(time.Unix(0, 0))
	data, err := fonts.Read("NotoSerif-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	pdf.AddUTF8FontFromBytes("serif", "", data)
	pdf.SetFont("serif", "", 11)
	for p := range 3 {
		pdf.AddPage()
		for l := range 30 {
			pdf.Text(15, 20+float64(l)*5, strings.Repeat("Grüße, page ", 3)+string(rune('A'+p)))
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	packed, err := compressStreams(bytes.Clone(plain))
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) >= len(plain)*3/4 {
		t.Errorf("%d bytes compressed, %d plain", len(packed), len(plain))
	}
	if n := bytes.Count(packed, []byte("<</Filter /FlateDecode /Length ")); n < 4 {
		t.Errorf("%d streams compressed, want the 3 pages and the ToUnicode map", n)
	}
	for name, doc := range map[string][]byte{"plain": plain, "compressed": packed} {
		if out, err := run(t, doc, "qpdf", "--check"); err != nil {
			t.Errorf("qpdf --check, %s: %v\n%s", name, err, out)
		}
	}
	a, _ := run(t, plain, "pdftotext", "-bbox")
	b, _ := run(t, packed, "pdftotext", "-bbox")
	if a != b || !strings.Contains(b, "Grüße") {
		t.Errorf("the compressed PDF shows other text:\n%s\n---\n%s", a, b)
	}
	for _, bad := range [][]byte{nil, []byte("%PDF-1.3\n"), plain[:len(plain)/2], append(bytes.Clone(plain[:len(plain)-40]), "startxref\n12\n%%EOF\n"...)} {
		if _, err := compressStreams(bad); err == nil {
			t.Errorf("no error for a broken file of %d bytes", len(bad))
		}
	}
}

// run runs a poppler or qpdf tool on a PDF in a temporary file.
func run(t *testing.T, pdf []byte, tool string, args ...string) (string, error) {
	t.Helper()
	f := t.TempDir() + "/doc.pdf"
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, append(args, f, "-")...)
	if tool == "qpdf" {
		cmd = exec.Command(tool, append(args, f)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(err.Error(), "executable file not found") {
		t.Fatalf("%s is not installed (make test-deps installs it)", tool)
	}
	return string(out), err
}
