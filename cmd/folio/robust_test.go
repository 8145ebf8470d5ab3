package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/internal/atomicfile"
)

// The tests in this file are about robustness: hostile but valid
// manuscripts, very large ones, interrupted and concurrent builds,
// determinism, and confinement (no network). Like folio_test.go they run
// the real binary and check its outputs with independent tools.

// measured is a finished run of the binary, with its resource use.
type measured struct {
	result
	wall   time.Duration
	maxRSS int64 // bytes
}

// runFolio runs the binary in dir with extra environment, measuring its
// wall time and peak resident set size.
func runFolio(t *testing.T, dir string, env []string, args ...string) measured {
	t.Helper()
	cmd := exec.Command(folioBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	start := time.Now()
	err := cmd.Run()
	r := measured{wall: time.Since(start)}
	if _, ok := err.(*exec.ExitError); !ok && err != nil {
		t.Fatal(err)
	}
	r.code = cmd.ProcessState.ExitCode()
	r.stdout, r.stderr = so.String(), se.String()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r
}

// checkPDF runs qpdf --check on file.
func checkPDF(t *testing.T, file string) {
	t.Helper()
	out, err := tool(t, "qpdf", "--check", file)
	if err != nil || !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check %s: %v\n%s", filepath.Base(file), err, out)
	}
}

// epubFiles unpacks an EPUB, failing the test if it is not a zip.
func epubFiles(t *testing.T, file string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("%s is not a zip archive: %v", filepath.Base(file), err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = data
	}
	return out
}

// isXML reports whether an archive member is an XML document.
func isXML(name string) bool {
	for _, ext := range []string{".xhtml", ".svg", ".opf", ".ncx", ".xml"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// xmlDoc is what checkXML learns of a document.
type xmlDoc struct {
	text     string   // all character data, decoded
	elements []string // local names of every element
}

// checkXML parses data strictly, failing the test if it is not
// well-formed, and fails on active content: scripts, frames, objects,
// forms, event-handler attributes, and resources fetched from elsewhere.
func checkXML(t *testing.T, name string, data []byte) xmlDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var doc xmlDoc
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
			return doc
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			el := tok.Name.Local
			doc.elements = append(doc.elements, el)
			switch el {
			case "script", "iframe", "object", "embed", "form", "base", "frame", "applet":
				t.Errorf("%s has a <%s> element", name, el)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("%s: <%s> has an event handler %s=%q", name, el, a.Name.Local, a.Value)
				}
				switch a.Name.Local {
				case "src", "href", "data", "poster":
					remote := regexp.MustCompile(`^(?i)[a-z][a-z0-9+.-]*:|^//`).MatchString(strings.TrimSpace(a.Value))
					link := el == "a" && regexp.MustCompile(`^(https?:|mailto:)`).MatchString(a.Value)
					if remote && !link {
						t.Errorf("%s: <%s %s=%q> refers outside the publication", name, el, a.Name.Local, a.Value)
					}
				}
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
	doc.text = text.String()
	return doc
}

// drawnGlyphs lists the characters a PDF draws, with the glyph each one is
// drawn with (0 is .notdef, the "missing glyph" box), from mutool trace.
func drawnGlyphs(t *testing.T, file string) []glyph {
	t.Helper()
	out, err := tool(t, "mutool", "trace", file)
	if err != nil {
		t.Fatalf("mutool trace: %v\n%.300s", err, out)
	}
	re := regexp.MustCompile(`<g unicode="([^"]*)" glyph="([^"]*)"`)
	var gs []glyph
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		u := []rune(html.UnescapeString(m[1]))
		if len(u) != 1 {
			continue
		}
		gs = append(gs, glyph{r: u[0], notdef: m[2] == "0" || m[2] == ".notdef"})
	}
	return gs
}

type glyph struct {
	r      rune
	notdef bool
}

// textCoverage is the loader's rule for the default theme: a character in
// text can be drawn if the body face or the CJK fallback has it.
func textCoverage(t *testing.T) func(rune) bool {
	c, err := fonts.NewCoverage("Noto Serif", "Droid Sans Fallback")
	if err != nil {
		t.Fatal(err)
	}
	return c.Covers
}

// word is a word of a PDF page as pdftotext -bbox places it.
type word struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

// pdfWords lists the words of a PDF with their boxes.
func pdfWords(t *testing.T, file string) []word {
	t.Helper()
	out, err := tool(t, "pdftotext", "-bbox", file, "-")
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	re := regexp.MustCompile(`<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var ws []word
	page := 0
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		if m[0] == "<page " {
			page++
			continue
		}
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		ws = append(ws, word{page, f(m[1]), f(m[2]), f(m[3]), f(m[4]), html.UnescapeString(m[5])})
	}
	return ws
}

// overlaps returns pairs of words on one line that are printed over each
// other.
func overlaps(ws []word) []string {
	var out []string
	for i := range ws {
		for j := i + 1; j < len(ws) && ws[j].page == ws[i].page; j++ {
			a, b := ws[i], ws[j]
			// on one line: their middles are closer than half a line
			sameLine := abs((a.yMin+a.yMax)/2-(b.yMin+b.yMax)/2) < min(a.yMax-a.yMin, b.yMax-b.yMin)/2
			if sameLine && a.xMin < b.xMax-1 && b.xMin < a.xMax-1 {
				out = append(out, fmt.Sprintf("page %d: %q over %q", a.page, a.text, b.text))
			}
		}
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// strayBullets returns the list bullets that do not share their line with
// the start of their item's text.
func strayBullets(ws []word) []string {
	var out []string
	for _, b := range ws {
		if b.text != "•" {
			continue
		}
		found := false
		for _, w := range ws {
			if w.page == b.page && w.xMin > b.xMax && w.xMin-b.xMax < 30 && abs(w.yMin-b.yMin) < 1 {
				found = true
				break
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("page %d at y=%.1f", b.page, b.yMin))
		}
	}
	return out
}

// manuscriptDirs lists the valid manuscripts and those that show known bugs.
func manuscriptDirs(t *testing.T) []string {
	t.Helper()
	valid, _ := filepath.Glob("../../testdata/valid/*")
	bugs, _ := filepath.Glob("../../testdata/knownbugs/*")
	if len(valid) < 4 {
		t.Fatalf("%d valid manuscripts; want at least 4", len(valid))
	}
	var out []string
	for _, d := range append(valid, bugs...) {
		abs, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, abs)
	}
	return out
}

// TestHostileManuscriptsBuild builds every valid manuscript, hostile ones
// included, and checks what comes out: exactly the warnings of
// warnings.txt on stderr (as folio prints them: each with its line and a
// caret); an EPUB that is the one folio build --epub makes, which
// TestEPUBOutputs checks with EPUBCheck and the rest; every XML file of the EPUB well-formed, with no active content
// and nothing fetched from elsewhere; every chart SVG well-formed; the PDF
// sound for qpdf, drawing no missing-glyph box the loader did not warn
// about, no glyph for an invisible format character, and no words over
// each other.
func TestHostileManuscriptsBuild(t *testing.T) {
	covers := textCoverage(t)
	for _, dir := range manuscriptDirs(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			r := runFolio(t, dir, []string{epoch}, "build", "-o", out, ".")
			if r.code != 0 {
				t.Fatalf("folio build exited %d:\n%s", r.code, r.stderr)
			}
			want, err := os.ReadFile(filepath.Join(dir, "warnings.txt"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if r.stderr != string(want) {
				t.Errorf("stderr:\n%s\nwant the warnings of warnings.txt:\n%s", r.stderr, want)
			}
			eps, _ := filepath.Glob(filepath.Join(out, "*.epub"))
			pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
			if len(eps) != 1 || len(pdfs) != 1 {
				t.Fatalf("wrote %d EPUBs and %d PDFs; want one of each", len(eps), len(pdfs))
			}
			got, err := os.ReadFile(eps[0])
			if err != nil {
				t.Fatal(err)
			}
			alone, err := os.ReadFile(ebCase{name: name, dir: dir}.build(t))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, alone) {
				t.Errorf("the EPUB of a full build differs from that of folio build --epub")
			}
			files := epubFiles(t, eps[0])
			var text strings.Builder
			for n, data := range files {
				if !isXML(n) {
					continue
				}
				doc := checkXML(t, n, data)
				text.WriteString(doc.text)
				if strings.HasSuffix(n, ".opf") && bytes.Contains(data, []byte(`href="http`)) {
					t.Errorf("the package document lists a remote resource")
				}
			}
			if name == "hostile-text" {
				// the text survives as text, whatever it looks like
				for _, s := range []string{"<script>", "]]>", "AT&T, R&D", "Kicker <with> &", "<script>alert(1)</script>", "<b>nothing</b>", "<li>item</li>"} {
					if !strings.Contains(text.String(), s) {
						t.Errorf("the EPUB's text lacks %q", s)
					}
				}
			}
			// every chart on its own, as SVG for the web team
			charts := t.TempDir()
			if r := runFolio(t, dir, nil, "charts", "--svg", "-o", charts, "."); r.code != 0 {
				t.Fatalf("folio charts exited %d:\n%s", r.code, r.stderr)
			}
			svgs, _ := filepath.Glob(filepath.Join(charts, "*.svg"))
			for _, f := range svgs {
				data, _ := os.ReadFile(f)
				checkXML(t, filepath.Base(f), data)
			}
			checkPDF(t, pdfs[0])
			var boxes, format []string
			for _, g := range drawnGlyphs(t, pdfs[0]) {
				// a box, or a U+FFFD standing for a character no font
				// has, is only for characters the loader warned about
				if g.notdef && covers(g.r) || (g.notdef || g.r == '\uFFFD') && len(want) == 0 {
					boxes = append(boxes, fmt.Sprintf("%U", g.r))
				}
				if !g.notdef && unicode.Is(unicode.Cf, g.r) {
					format = append(format, fmt.Sprintf("%U", g.r))
				}
			}
			if len(boxes) > 0 {
				t.Errorf("the PDF draws %d missing-glyph boxes the loader did not warn about: %s", len(boxes), strings.Join(boxes, " "))
			}
			ws := pdfWords(t, pdfs[0])
			if ov := overlaps(ws); len(ov) > 0 {
				t.Errorf("%d words printed over others, e.g. %s", len(ov), strings.Join(ov[:min(3, len(ov))], "; "))
			}
			if stray := strayBullets(ws); len(stray) > 0 {
				t.Errorf("%d list bullets stand apart from their item's text, e.g. %s", len(stray), stray[0])
			}
			if len(format) > 0 {
				t.Errorf("the PDF draws glyphs for invisible format characters: %s", strings.Join(format, " "))
			}
		})
	}
}

// TestBundledReportHasNoMissingGlyphs checks the bundled report's PDF for
// missing-glyph boxes, replacement characters and drawn format characters.
func TestBundledReportHasNoMissingGlyphs(t *testing.T) {
	pdf, _ := bundled(t)
	var boxes []string
	for _, g := range drawnGlyphs(t, pdf) {
		if g.notdef || g.r == '\uFFFD' || unicode.Is(unicode.Cf, g.r) {
			boxes = append(boxes, fmt.Sprintf("%U", g.r))
		}
	}
	if len(boxes) > 0 {
		t.Errorf("the bundled report's PDF draws %d missing, replaced or invisible characters: %s", len(boxes), strings.Join(boxes, " "))
	}
}

// genSpec describes a generated manuscript.
type genSpec struct {
	chapters  int // chapters of generated prose
	paras     int // paragraphs per chapter
	words     int // words per paragraph
	bigPara   int // if not 0, one more chapter holding one paragraph of this many bytes
	tableRows int // if not 0, one more chapter holding a table of this many rows
}

var vocabulary = strings.Fields(`the internet china users mobile payment platform growth market share
	companies report video short social commerce data networks operators licences patents families
	declared essential standard reached million billion cities provinces rural urban digital services
	smartphones shipments subscribers broadband fibre stations towers spectrum auction regulator`)

// generate writes a manuscript after g into dir: prose with headings,
// footnotes, a chart and a table per chapter, deterministically.
func generate(t *testing.T, dir string, g genSpec) {
	t.Helper()
	rng := rand.New(rand.NewSource(1))
	sentence := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocabulary[rng.Intn(len(vocabulary))]
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		return strings.Join(ws, " ") + "."
	}
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var book strings.Builder
	book.WriteString("title: Generated\nauthors: [Folio Test Desk]\npublisher: Folio Press\ndate: 2019-07-10\nlanguage: en\n" +
		"identifier: urn:uuid:5f0c7e4a-1d2b-4c3d-9e8f-0a1b2c3d4e5f\nfront: [titlepage, imprint, contents, figures]\nchapters:\n")
	for c := 1; c <= g.chapters; c++ {
		name := fmt.Sprintf("chapters/c%03d.yaml", c)
		fmt.Fprintf(&book, "  - %s\n", name)
		var ch strings.Builder
		fmt.Fprintf(&ch, "id: c%d\ntitle: Chapter %d on %s\nstandfirst: %s\n", c, c, vocabulary[c%len(vocabulary)], sentence(30))
		fmt.Fprintf(&ch, "charts:\n  - id: chart-%d\n    type: bar\n    title: Users by year\n    categories: [\"2015\", \"2016\", \"2017\", \"2018\"]\n"+
			"    series:\n      - {name: Users, values: [%d, %d, %d, %d]}\n    source: Generated\nbody:\n", c, 600+c, 650+c, 700+c, 760+c)
		for p := 0; p < g.paras; p++ {
			if p%20 == 0 {
				fmt.Fprintf(&ch, "  - heading: Section %d of chapter %d\n", p/20+1, c)
			}
			fmt.Fprintf(&ch, "  - %s", sentence(g.words))
			if p == 0 {
				fmt.Fprintf(&ch, " See [@fig:fig-%d].[^n1]", c)
			}
			ch.WriteString("\n")
			if p == g.paras/2 {
				fmt.Fprintf(&ch, "  - figure: {id: fig-%d, chart: chart-%d, caption: Users by year, source: Generated}\n", c, c)
				ch.WriteString("  - table:\n      caption: Figures\n      columns: [Year, {title: Users, align: right}]\n      rows:\n")
				for r := 0; r < 8; r++ {
					fmt.Fprintf(&ch, "        - [\"%d\", \"%d\"]\n", 2011+r, 400+50*r+c)
				}
				ch.WriteString("      source: Generated\n")
			}
		}
		ch.WriteString("footnotes:\n  n1: " + sentence(12) + "\n")
		write(name, ch.String())
	}
	if g.bigPara > 0 {
		book.WriteString("  - chapters/big-paragraph.yaml\n")
		var p strings.Builder
		for p.Len() < g.bigPara {
			p.WriteString(sentence(12))
			p.WriteByte(' ')
		}
		write("chapters/big-paragraph.yaml", "id: big-paragraph\ntitle: One paragraph of a megabyte\nbody:\n  - "+strings.TrimSpace(p.String())+"\n")
	}
	if g.tableRows > 0 {
		book.WriteString("  - chapters/big-table.yaml\n")
		var tb strings.Builder
		tb.WriteString("id: big-table\ntitle: A long table\nbody:\n  - The table runs over many pages.\n  - table:\n      caption: Many rows\n" +
			"      columns: [Row, {title: Value, align: right}, Word]\n      rows:\n")
		for r := 1; r <= g.tableRows; r++ {
			fmt.Fprintf(&tb, "        - [\"Row %d\", \"%d\", %s]\n", r, r*7, vocabulary[r%len(vocabulary)])
		}
		tb.WriteString("      source: Generated\n")
		write("chapters/big-table.yaml", tb.String())
	}
	write("book.yaml", book.String())
}

var pagesRE = regexp.MustCompile(`\.pdf \([^,]+, (\d+) pages\)`)

// TestLargeManuscripts builds very large, valid manuscripts within bounds
// of time and memory, and checks their outputs. The memory bound is the
// benchmark target (200 MB for the ~100-page report) scaled linearly.
func TestLargeManuscripts(t *testing.T) {
	tests := []struct {
		name     string
		spec     genSpec
		minPages int
		maxWall  time.Duration
		maxRSS   int64
	}{
		{"2000-pages", genSpec{chapters: 40, paras: 200, words: 110}, 2000, 3 * time.Minute, 4 << 30},
		{"1MB-paragraph", genSpec{chapters: 1, paras: 2, words: 20, bigPara: 1 << 20}, 250, time.Minute, 1 << 30},
		{"10000-row-table", genSpec{chapters: 1, paras: 2, words: 20, tableRows: 10000}, 250, time.Minute, 1 << 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			generate(t, dir, tt.spec)
			r := runFolio(t, dir, []string{epoch}, "build", "-o", "out", ".")
			t.Logf("%s: %v wall, %d MB peak RSS; %s", tt.name, r.wall.Round(10*time.Millisecond), r.maxRSS>>20, strings.ReplaceAll(strings.TrimSpace(r.stdout), "\n", "; "))
			if r.code != 0 {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			if r.wall > tt.maxWall {
				t.Errorf("took %v; the bound is %v", r.wall, tt.maxWall)
			}
			if r.maxRSS > tt.maxRSS {
				t.Errorf("peak RSS %d MB; the bound is %d MB", r.maxRSS>>20, tt.maxRSS>>20)
			}
			m := pagesRE.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("stdout gives no page count:\n%s", r.stdout)
			}
			if n, _ := strconv.Atoi(m[1]); n < tt.minPages {
				t.Errorf("%d pages; want at least %d", n, tt.minPages)
			}
			pdfs, _ := filepath.Glob(filepath.Join(dir, "out", "*.pdf"))
			eps, _ := filepath.Glob(filepath.Join(dir, "out", "*.epub"))
			if len(pdfs) != 1 || len(eps) != 1 {
				t.Fatalf("wrote %d PDFs and %d EPUBs", len(pdfs), len(eps))
			}
			checkPDF(t, pdfs[0])
			for n, data := range epubFiles(t, eps[0]) {
				if isXML(n) {
					checkXML(t, n, data)
				}
			}
		})
	}
}

// leftovers lists the temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestInterruptedBuild sends SIGINT or SIGTERM to builds at several
// moments: the process exits with 128+signal, removes its temporary files,
// and leaves the previous outputs as they were (or, if it had already
// replaced them, all of them new and whole).
func TestInterruptedBuild(t *testing.T) {
	dir := t.TempDir()
	generate(t, dir, genSpec{chapters: 24, paras: 40, words: 110})
	if r := runFolio(t, dir, []string{epoch}, "build", "-o", "out", "."); r.code != 0 {
		t.Fatalf("first build exited %d:\n%s", r.code, r.stderr)
	} else {
		t.Logf("an uninterrupted build takes %v", r.wall.Round(10*time.Millisecond))
	}
	out := filepath.Join(dir, "out")
	names := []string{"generated.pdf", "generated.epub"}
	previous := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			t.Fatal(err)
		}
		previous[n] = data
	}
	tests := []struct {
		sig   syscall.Signal
		after time.Duration
	}{
		{syscall.SIGINT, 300 * time.Millisecond},
		{syscall.SIGTERM, 700 * time.Millisecond},
		{syscall.SIGINT, 1200 * time.Millisecond},
		{syscall.SIGTERM, 1800 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v after %v", tt.sig, tt.after), func(t *testing.T) {
			cmd := exec.Command(folioBin(t), "build", "-o", "out", ".")
			cmd.Dir = dir
			// a later date, so that new outputs would differ from the previous ones
			cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1600000000")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(tt.after)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			code := cmd.ProcessState.ExitCode()
			replaced := 0
			for _, n := range names {
				data, _ := os.ReadFile(filepath.Join(out, n))
				if !bytes.Equal(data, previous[n]) {
					replaced++
				}
			}
			switch {
			case code == 128+int(tt.sig) && replaced == 0:
				if !strings.Contains(stderr.String(), "interrupted") {
					t.Errorf("stderr does not say the build was interrupted:\n%s", stderr.String())
				}
			case (code == 0 || code == 128+int(tt.sig)) && replaced == len(names):
				t.Logf("the build had finished when the signal came (exit %d)", code)
				checkPDF(t, filepath.Join(out, names[0]))
				epubFiles(t, filepath.Join(out, names[1]))
				for _, n := range names {
					os.WriteFile(filepath.Join(out, n), previous[n], 0o644)
				}
			default:
				t.Errorf("exit %d with %d of %d outputs replaced; want %d and none, or all\n%s", code, replaced, len(names), 128+int(tt.sig), stderr.String())
			}
			if left := leftovers(t, out); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestCatchInterrupts signals the test process itself: the Writer is
// aborted, stderr says so, and exit gets 128 plus the signal's number.
func TestCatchInterrupts(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			var stderr bytes.Buffer
			w := new(atomicfile.Writer)
			codes := make(chan int, 1)
			stop := catchInterrupts(&env{stdout: io.Discard, stderr: &stderr, getenv: os.Getenv}, w, func(code int) { codes <- code })
			defer stop()
			if err := syscall.Kill(os.Getpid(), sig); err != nil {
				t.Fatal(err)
			}
			select {
			case code := <-codes:
				if code != 128+int(sig) {
					t.Errorf("exit %d; want %d", code, 128+int(sig))
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the signal was not caught")
			}
			dir := t.TempDir()
			if err := w.Write(filepath.Join(dir, "late.pdf"), []byte("x"), 0o644); !errors.Is(err, atomicfile.ErrAborted) {
				t.Errorf("a write after the signal: %v; want ErrAborted", err)
			}
			if !strings.Contains(stderr.String(), "interrupted by SIG") {
				t.Errorf("stderr: %q", stderr.String())
			}
		})
	}
}

// TestConcurrentBuilds runs several builds into one folder at once: all
// succeed, their outputs are whole and identical, and no temporary file is
// left.
func TestConcurrentBuilds(t *testing.T) {
	dir := t.TempDir()
	generate(t, dir, genSpec{chapters: 10, paras: 30, words: 110})
	const n = 3
	var wg sync.WaitGroup
	runs := make([]measured, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i] = runFolio(t, dir, []string{epoch}, "build", "-o", "out", ".")
		}()
	}
	wg.Wait()
	for i, r := range runs {
		if r.code != 0 {
			t.Errorf("build %d exited %d:\n%s", i, r.code, r.stderr)
		}
	}
	out := filepath.Join(dir, "out")
	checkPDF(t, filepath.Join(out, "generated.pdf"))
	epubcheck(t, filepath.Join(out, "generated.epub"))
	if left := leftovers(t, out); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// and the result is the same as a build alone
	alone := t.TempDir()
	if r := runFolio(t, dir, []string{epoch}, "build", "-o", alone, "."); r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.stderr)
	}
	for _, f := range []string{"generated.pdf", "generated.epub"} {
		a, _ := os.ReadFile(filepath.Join(out, f))
		b, _ := os.ReadFile(filepath.Join(alone, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s from concurrent builds differs from a build alone", f)
		}
	}
}

// copyTree copies the manuscript folder src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDeterminism builds every edition of the PDF and the EPUB repeatedly,
// from different working folders and manuscript locations, and with
// GOMAXPROCS 1, 2 and 5: the bytes must be the same each time.
func TestDeterminism(t *testing.T) {
	builds := []struct {
		name string
		args []string
		file string
	}{
		{"screen PDF and EPUB", []string{"build", "-o", "out"}, ""},
		{"print PDF", []string{"build", "--pdf", "--edition", "print", "-o", "out"}, "-print.pdf"},
		{"draft PDF", []string{"build", "--pdf", "--edition", "draft", "-o", "out"}, "-draft.pdf"},
	}
	hostile, _ := filepath.Abs("../../testdata/valid/hostile-text")
	manuscripts := []struct {
		name, stem string
		// dir returns where to run and the DIR argument, with the
		// manuscript copied under base; absolute names it by its
		// absolute path from elsewhere
		dir func(t *testing.T, base string, absolute bool) (cwd, arg string)
	}{
		{"bundled report", "china-internet-report-2019", func(t *testing.T, base string, _ bool) (string, string) { return base, "" }},
		{"hostile-text", "hostile-valid-text", func(t *testing.T, base string, absolute bool) (string, string) {
			m := filepath.Join(base, "some", "manuscript")
			copyTree(t, hostile, m)
			if absolute {
				return base, m
			}
			return m, "."
		}},
	}
	variants := []struct {
		name     string
		env      []string
		absolute bool
	}{
		{"first", []string{"GOMAXPROCS=1"}, false},
		{"repeated", []string{"GOMAXPROCS=1"}, false},
		{"another folder", []string{"GOMAXPROCS=1"}, false},
		{"absolute path", []string{"GOMAXPROCS=1"}, true},
		{"GOMAXPROCS=2", []string{"GOMAXPROCS=2"}, false},
		// more workers than cores: paragraphs and EPUB files are made in
		// yet another order
		{"GOMAXPROCS=5", []string{"GOMAXPROCS=5"}, false},
	}
	for _, m := range manuscripts {
		t.Run(m.name, func(t *testing.T) {
			first := t.TempDir()
			outputs := map[string][]byte{}
			for vi, v := range variants {
				if v.absolute && m.name == "bundled report" {
					continue // it has no path: "another folder" covers it
				}
				base := first
				if v.name == "another folder" || v.absolute {
					base = t.TempDir()
				}
				cwd, arg := m.dir(t, base, v.absolute)
				for _, b := range builds {
					args := append([]string(nil), b.args...)
					if arg != "" {
						args = append(args, arg)
					}
					r := runFolio(t, cwd, append([]string{epoch}, v.env...), args...)
					if r.code != 0 {
						t.Fatalf("%s, %s: exit %d:\n%s", v.name, b.name, r.code, r.stderr)
					}
					files := []string{m.stem + b.file}
					if b.file == "" {
						files = []string{m.stem + ".pdf", m.stem + ".epub"}
					}
					for _, f := range files {
						data, err := os.ReadFile(filepath.Join(cwd, "out", f))
						if err != nil {
							t.Fatal(err)
						}
						if vi == 0 {
							outputs[f] = data
						} else if !bytes.Equal(data, outputs[f]) {
							t.Errorf("%s differs in the %q build from the first", f, v.name)
						}
					}
				}
			}
		})
	}
}

// TestNoNetwork checks that building never reaches the network: the
// packages that read the manuscript and write the outputs link no network
// client (and go-epub, whose image fetching could, is not linked at all),
// and a build of a manuscript full of URLs, with every proxy variable
// pointing at a local listener, connects to nothing.
func TestNoNetwork(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../manuscript", "../../layout/...", "../../charts", "../../fonts").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "net" || pkg == "net/http" || pkg == "crypto/tls" || strings.Contains(pkg, "go-epub") || strings.HasPrefix(pkg, "golang.org/x/net") {
			t.Errorf("a package that handles the manuscript depends on %s", pkg)
		}
	}
	out, err = exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "go-epub") {
		t.Errorf("the folio binary links go-epub, which can fetch images by URL")
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	proxy := "http://" + ln.Addr().String()
	env := []string{epoch, "HTTP_PROXY=" + proxy, "HTTPS_PROXY=" + proxy, "http_proxy=" + proxy, "https_proxy=" + proxy, "ALL_PROXY=" + proxy, "NO_PROXY=", "no_proxy="}
	hostile, _ := filepath.Abs("../../testdata/valid/hostile-text")
	urls, _ := filepath.Abs("../../testdata/broken/network-paths")
	if r := runFolio(t, hostile, env, "build", "-o", t.TempDir(), "."); r.code != 0 {
		t.Errorf("build of hostile-text exited %d:\n%s", r.code, r.stderr)
	}
	r := runFolio(t, urls, env, "build", "-o", t.TempDir(), ".")
	if r.code != 1 || !strings.Contains(r.stderr, `"https://example.com/map.png" is a URL`) {
		t.Errorf("a manuscript naming files by URL: exit %d; want 1 with a diagnostic:\n%s", r.code, r.stderr)
	}
	if n := conns.Load(); n > 0 {
		t.Errorf("folio opened %d network connections", n)
	}
}
