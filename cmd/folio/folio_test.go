package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/folio-press/folio/internal/checkers"
)

// The tests in this file run the real folio binary on real manuscripts and
// check what it writes with independent tools: epubcheck, qpdf, pdffonts,
// pdfinfo, pdftotext. CI installs them (.ci/run); a missing tool fails the
// test rather than skipping it.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// folioBin builds the folio binary once per test run.
func folioBin(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "folio-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "folio")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

type result struct {
	code           int
	stdout, stderr string
}

// folio runs the binary with args in dir and the given extra environment.
func folio(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(folioBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, so.String(), se.String()}
}

// tool runs an external checker, failing the test if it is not installed.
func tool(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed (make test-deps installs it): %v", name, err)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

// epubcheck runs EPUBCheck on file and fails the test unless it reports
// nothing at all.
func epubcheck(t *testing.T, file string) {
	t.Helper()
	r, err := checkers.Epubcheck(file)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Clean() {
		t.Errorf("EPUBCheck %s: %d fatal errors, %d errors, %d warnings:\n%s", filepath.Base(file), r.Fatals, r.Errors, r.Warnings, strings.Join(r.Messages, "\n"))
	}
}

const epoch = "SOURCE_DATE_EPOCH=1562716800" // 10 July 2019

// buildReport builds the bundled report once per test run.
var (
	reportOnce sync.Once
	reportDir  string
	reportRes  result
)

func bundled(t *testing.T) (pdf, epubFile string) {
	t.Helper()
	reportOnce.Do(func() {
		reportDir, _ = os.MkdirTemp("", "folio-report-")
		reportRes = folio(t, reportDir, []string{epoch}, "build", "-o", "out")
	})
	if reportRes.code != 0 {
		t.Fatalf("folio build exited %d:\n%s", reportRes.code, reportRes.stderr)
	}
	return filepath.Join(reportDir, "out", "china-internet-report-2019.pdf"), filepath.Join(reportDir, "out", "china-internet-report-2019.epub")
}

func TestBuildBundledReport(t *testing.T) {
	pdf, ep := bundled(t)
	for _, f := range []string{pdf, ep} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("missing output: %v", err)
		}
	}
	if !strings.Contains(reportRes.stdout, "wrote out/china-internet-report-2019.pdf") {
		t.Errorf("stdout does not say what was written:\n%s", reportRes.stdout)
	}
	if strings.TrimSpace(reportRes.stderr) != "" {
		t.Errorf("the bundled report gave diagnostics:\n%s", reportRes.stderr)
	}
}

func TestEPUBIsWellFormed(t *testing.T) {
	_, ep := bundled(t)
	zr, err := zip.OpenReader(ep)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store || len(zr.File[0].Extra) != 0 {
		t.Errorf("first entry %q (method %d, %d extra bytes); want a stored mimetype with no extra field", zr.File[0].Name, zr.File[0].Method, len(zr.File[0].Extra))
	}
	chapters := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".svg") && !strings.HasSuffix(f.Name, ".opf") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if err := wellFormed(data); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
		if bytes.Contains(data, []byte(`epub:type="chapter"`)) {
			chapters++
		}
	}
	if chapters < 2 {
		t.Errorf("found %d chapter files; want one per chapter", chapters)
	}
}

func TestPDFPassesQPDF(t *testing.T) {
	pdf, _ := bundled(t)
	out, err := tool(t, "qpdf", "--check", pdf)
	if err != nil || !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func TestPDFEmbedsEveryFont(t *testing.T) {
	pdf, _ := bundled(t)
	out, err := tool(t, "pdffonts", pdf)
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [encoding…] emb sub uni object ID: emb is the 5th field from the end
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

func TestPDFContents(t *testing.T) {
	pdf, _ := bundled(t)
	info, err := tool(t, "pdfinfo", pdf)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	if n, _ := strconv.Atoi(m[1]); n < 20 {
		t.Errorf("the report has %d pages; want at least 20", n)
	}
	if !regexp.MustCompile(`(?m)^Title:\s+China Internet Report 2019`).MatchString(info) {
		t.Errorf("document title missing:\n%s", info)
	}
	text, err := tool(t, "pdftotext", "-layout", pdf, "-")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Contents", "China at a glance", "5G"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	// bookmarks: qpdf shows the outline
	js, err := tool(t, "qpdf", "--json", "--json-key=outlines", pdf)
	if err != nil || !strings.Contains(js, `"title": "Contents"`) {
		t.Errorf("no bookmarks: %v\n%.400s", err, js)
	}
}

func TestBuildsAreReproducible(t *testing.T) {
	pdf, ep := bundled(t)
	dir := t.TempDir()
	// a second build, from another working folder
	r := folio(t, dir, []string{epoch}, "build", "-o", "again")
	if r.code != 0 {
		t.Fatalf("second build exited %d:\n%s", r.code, r.stderr)
	}
	for _, pair := range [][2]string{
		{pdf, filepath.Join(dir, "again", "china-internet-report-2019.pdf")},
		{ep, filepath.Join(dir, "again", "china-internet-report-2019.epub")},
	} {
		a, _ := os.ReadFile(pair[0])
		b, _ := os.ReadFile(pair[1])
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds with the same SOURCE_DATE_EPOCH", filepath.Base(pair[0]))
		}
	}
}

func TestDraftEdition(t *testing.T) {
	dir := t.TempDir()
	r := folio(t, dir, []string{epoch}, "build", "--pdf", "--edition", "draft", "-o", ".")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	pdf := filepath.Join(dir, "china-internet-report-2019-draft.pdf")
	text, err := tool(t, "pdftotext", "-f", "1", "-l", "3", pdf, "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "DRAFT") || !strings.Contains(text, "2019-07-10 00:00 UTC") {
		t.Errorf("the draft is not marked DRAFT with its build time:\n%.500s", text)
	}
}

// TestBrokenManuscripts runs folio check and folio build on every broken
// manuscript: exit status 1, exactly the golden diagnostics on stderr, and
// nothing written.
func TestBrokenManuscripts(t *testing.T) {
	root, _ := filepath.Abs("../../testdata/broken")
	cases, _ := os.ReadDir(root)
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join(root, c.Name())
			want, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			r := folio(t, dir, nil, "check", ".")
			if r.code != 1 {
				t.Errorf("folio check exited %d; want 1", r.code)
			}
			diag := r.stderr[:strings.LastIndex(strings.TrimRight(r.stderr, "\n"), "\n")+1]
			if diag != string(want) {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, want)
			}
			if !regexp.MustCompile(`\n\d+ errors?; nothing was written\.\n$`).MatchString("\n" + r.stderr) {
				t.Errorf("no summary line:\n%s", r.stderr)
			}
			out := t.TempDir()
			r = folio(t, dir, nil, "build", "-o", out, ".")
			if r.code != 1 {
				t.Errorf("folio build exited %d; want 1", r.code)
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Errorf("folio build wrote %d files for a broken manuscript", len(entries))
			}
		})
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "Usage:"},
		{[]string{"biuld"}, 2, `did you mean "build"?`},
		{[]string{"build", "--edition", "glossy"}, 2, `unknown edition "glossy"`},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"check", "a", "b"}, 2, "too many arguments"},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"build", "-h"}, 0, "Usage: folio build"},
		{[]string{"version"}, 0, "folio "},
		{[]string{"check", "/nonexistent/manuscript"}, 1, "cannot open the manuscript folder"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := folio(t, t.TempDir(), nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d; want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, r.stdout, r.stderr)
			}
		})
	}
}

// TestChineseReachesBothEditions checks the glossary's Chinese names: drawn
// in the PDF (pdftotext reads them back) and marked zh-Hans in the EPUB.
func TestChineseReachesBothEditions(t *testing.T) {
	pdf, ep := bundled(t)
	text, err := tool(t, "pdftotext", pdf, "-")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"微信", "抖音", "淘宝", "支付宝", "拼多多", "滴滴"}
	for _, n := range names {
		if !strings.Contains(text, n) {
			t.Errorf("the PDF text lacks %s", n)
		}
	}
	zr, err := zip.OpenReader(ep)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var all strings.Builder
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".xhtml") {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			all.Write(data)
		}
	}
	for _, n := range names {
		if !regexp.MustCompile(`lang="zh-Hans"[^>]*>[^<]*` + n).MatchString(all.String()) {
			t.Errorf("the EPUB does not mark %s as zh-Hans", n)
		}
	}
}

// TestChartsCommand writes every chart of the bundled report as SVG, PNG and
// PDF: one file per chart and format, each well-formed.
func TestChartsCommand(t *testing.T) {
	dir := t.TempDir()
	r := folio(t, dir, nil, "charts", "-o", "charts", "--svg", "--png", "--pdf")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "charts", "*.svg"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "charts", "*.png"))
	pdfs, _ := filepath.Glob(filepath.Join(dir, "charts", "*.pdf"))
	if len(svgs) < 30 || len(pngs) != len(svgs) || len(pdfs) != len(svgs) {
		t.Fatalf("%d SVG, %d PNG, %d PDF files", len(svgs), len(pngs), len(pdfs))
	}
	for _, f := range svgs {
		data, _ := os.ReadFile(f)
		if err := wellFormed(data); err != nil {
			t.Errorf("%s is not well-formed: %v", filepath.Base(f), err)
		}
		if !bytes.Contains(data, []byte(`role="img"`)) || !bytes.Contains(data, []byte("<title")) || !bytes.Contains(data, []byte("<desc")) {
			t.Errorf("%s lacks role, title or desc", filepath.Base(f))
		}
	}
	for _, f := range pdfs[:3] {
		if out, err := tool(t, "qpdf", "--check", f); err != nil {
			t.Errorf("%s: %v\n%s", filepath.Base(f), err, out)
		}
	}
}

// TestPaletteWarning: a chart palette that colour-blind readers cannot tell
// apart gets a warning at its place in book.yaml, and the build goes on.
func TestPaletteWarning(t *testing.T) {
	src, _ := filepath.Abs("../../testdata/valid/minimal")
	dir := t.TempDir()
	for _, f := range []string{"book.yaml", "chapters/users.yaml"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "book.yaml" {
			data = append(data, []byte("theme:\n  colors:\n    palette: [\"#d62728\", \"#2ca02c\"]\n")...)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := folio(t, dir, nil, "check", ".")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`book\.yaml:\d+:\d+: warning: palette colours 1 \(#d62728\) and 2 \(#2ca02c\) are hard to tell apart under (deuteranopia|protanopia)`).MatchString(r.stderr) {
		t.Errorf("no palette warning:\n%s", r.stderr)
	}
}

// wellFormed parses data as strict XML.
func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
