package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// plantLooseLine inserts, before the paragraph whose line begins page
// "12" of the manuscript in dir, a paragraph of a few words and a code
// span too long to join them on a line: its first line is loose, spaces
// stretched far beyond what justification allows. It finds the span's
// length with the typesetter and returns the file, its new text and the
// line of the planted paragraph.
func plantLooseLine(t *testing.T, dir string) (file string, text []byte, line int) {
	t.Helper()
	typeset := func() *layout.Document {
		t.Helper()
		book, err := manuscript.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := layout.Typeset(book, layout.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	doc := typeset()
	var at manuscript.Pos
	for _, p := range doc.Pages {
		if p.Label != "12" {
			continue
		}
		if len(p.Sources) > 0 {
			at = p.Sources[0].Pos()
		}
	}
	if at.File == "" {
		t.Fatal("no paragraph on page 12")
	}
	orig, err := os.ReadFile(at.File)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(orig), "\n")
	i := at.Line - 1
	for i > 0 && !strings.HasPrefix(strings.TrimLeft(lines[i], " "), "- ") {
		i--
	}
	indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " "))]
	for n := 30; n <= 90; n += 2 {
		span := ("www.example.com/" + strings.Repeat("x", 100))[:n]
		planted := append(append(append([]string{}, lines[:i]...), indent+"- \"A planted line: `"+span+"` ends it.\""), lines[i:]...)
		text = []byte(strings.Join(planted, "\n"))
		if err := os.WriteFile(at.File, text, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, pr := range typeset().Problems {
			if pr.Page == "12" && pr.Pos.File == at.File && pr.Pos.Line == i+1 && strings.HasPrefix(pr.Message, "loose line") {
				os.WriteFile(at.File, orig, 0o644)
				return at.File, text, i + 1
			}
		}
	}
	t.Fatal("no code span made a loose line on page 12")
	return "", nil, 0
}

// TestPagePreviewInChromium serves a copy of the bundled report and drives
// the preview in headless Chromium: the draft's pages stand beside the
// text, drawn from the display list; a loose line planted on page 12 while
// the preview is open is marked on page 12 with its manuscript position,
// and the pages scroll there by themselves; clicking a paragraph gives its
// file:line:col and the editor link.
func TestPagePreviewInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (make test-deps installs it): %v", err)
	}
	dir := filepath.Join(t.TempDir(), "report")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "manuscript", "report"))); err != nil {
		t.Fatal(err)
	}
	file, planted, line := plantLooseLine(t, dir)

	const editor = "myeditor://open?file={path}&line={line}&col={col}"
	url := startServe(t, dir, editor)

	b := startChromium(t, browser)
	session := b.open(t, url)
	if _, err := b.call(session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": false}); err != nil {
		t.Fatal(err)
	}
	type pageView struct {
		Pages, Version int
		Label          string
		Loaded         bool
		InView         bool
		Problems       []string
		Focus          []string
		ScrollTop      float64
	}
	look := func() (pageView, bool) {
		raw, err := b.eval(session, `JSON.stringify((() => {
			const pane = document.getElementById("pages");
			const figs = [...pane.querySelectorAll(".page")];
			const f = figs.find((f) => f.dataset.label === "12");
			const v = { pages: figs.length, scrollTop: pane.scrollTop, problems: [], focus: [] };
			if (!f) return v;
			const img = f.querySelector("img");
			const r = f.getBoundingClientRect(), pr = pane.getBoundingClientRect();
			v.label = f.querySelector("figcaption").textContent;
			v.loaded = img.complete && img.naturalWidth > 0;
			v.inView = r.bottom > pr.top && r.top < pr.bottom;
			v.problems = [...f.querySelectorAll(".problem")].map((p) => p.dataset.pos + " " + p.textContent);
			v.focus = [...f.querySelectorAll(".src.focus")].map((a) => a.dataset.pos);
			return v;
		})())`)
		var s string
		var v pageView
		if err != nil || json.Unmarshal(raw, &s) != nil {
			return v, false
		}
		return v, json.Unmarshal([]byte(s), &v) == nil
	}
	await := func(what string, cond func(v pageView) bool) pageView {
		t.Helper()
		var v pageView
		waitFor(t, what, func() bool {
			var ok bool
			v, ok = look()
			return ok && cond(v)
		})
		return v
	}

	v := await("the pages beside the text", func(v pageView) bool { return v.Pages > 90 })
	if len(v.Problems) != 0 {
		t.Errorf("page 12 is marked before anything was planted: %q", v.Problems)
	}
	if v.InView {
		t.Errorf("page 12 is in view before the edit; the test cannot tell a scroll to it")
	}

	// the edit: the loose line planted on page 12
	if err := os.WriteFile(file, planted, 0o644); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s:%d:", file, line)
	v = await("the loose line marked on page 12", func(v pageView) bool {
		for _, p := range v.Problems {
			if strings.HasPrefix(p, want) && strings.Contains(p, "loose line") {
				return true
			}
		}
		return false
	})
	v = await("page 12 drawn, in view", func(v pageView) bool { return v.Loaded && v.InView })
	if v.Label != "page 12" {
		t.Errorf("the page's caption is %q", v.Label)
	}
	if len(v.Focus) == 0 || !strings.HasPrefix(v.Focus[0], want) {
		t.Errorf("the paragraph edited is not singled out on page 12: %q, want %s…", v.Focus, want)
	}

	// page 12 as the preview shows it, drawn by Chromium: its folio is
	// there (the SVG's runs carry their text)
	svg, err := http.Get(strings.TrimSuffix(url, "/") + "/page/22.svg")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(svg.Body)
	svg.Body.Close()
	if !strings.Contains(string(data), `<title>Page 12</title>`) || !strings.Contains(string(data), `aria-label="12"`) {
		t.Errorf("/page/22.svg is not page 12 with its folio")
	}
	if shot := os.Getenv("FOLIO_PREVIEW_SCREENSHOT"); shot != "" {
		res, err := b.call(session, "Page.captureScreenshot", map[string]any{"format": "png"})
		if err == nil {
			var r struct{ Data string }
			json.Unmarshal(res, &r)
			png, _ := base64.StdEncoding.DecodeString(r.Data)
			os.WriteFile(shot, png, 0o644)
		}
	}

	// clicking a paragraph of page 12 gives its place and the editor link
	raw, err := b.eval(session, `(() => {
		const f = [...document.querySelectorAll("#pages .page")].find((f) => f.dataset.label === "12");
		const a = f.querySelector(".src");
		a.click();
		const w = document.getElementById("where");
		return JSON.stringify({ hidden: w.hidden, pos: document.getElementById("where-pos").textContent,
			editor: document.getElementById("where-editor").getAttribute("href"), src: a.dataset.pos });
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	var s string
	var where struct {
		Hidden           bool
		Pos, Editor, Src string
	}
	if json.Unmarshal(raw, &s) != nil || json.Unmarshal([]byte(s), &where) != nil {
		t.Fatalf("the click: %s", raw)
	}
	abs, _ := filepath.Abs(file)
	if where.Hidden || where.Pos != where.Src || !strings.HasPrefix(where.Pos, dir) {
		t.Errorf("clicking a paragraph shows %+v", where)
	}
	if !strings.HasPrefix(where.Editor, "myeditor://open?file="+filepath.ToSlash(filepath.Dir(abs))) || !strings.Contains(where.Editor, "&line=") {
		t.Errorf("the editor link %q is not the --editor template filled in", where.Editor)
	}
}
