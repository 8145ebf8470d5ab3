package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEPUBFitsAPhone opens every content document of the report's EPUB in
// headless Chromium at a phone's width (390 px) and a tablet's (768 px):
// nothing is wider than the page but inside a wrapper that scrolls
// sideways, and every table is in one that a keyboard can reach.
func TestEPUBFitsAPhone(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (make test-deps installs it): %v", err)
	}
	_, ep := bundled(t)
	dir := t.TempDir()
	zr, err := zip.OpenReader(ep)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		os.WriteFile(p, data, 0o644)
		if strings.HasSuffix(f.Name, ".xhtml") && strings.Contains(f.Name, "/text/") {
			docs = append(docs, p)
		}
	}
	zr.Close()
	if len(docs) < 15 {
		t.Fatalf("%d content documents", len(docs))
	}
	b := startChromium(t, browser)
	session := b.open(t, "about:blank")
	tables := 0
	for _, width := range []int{390, 768} {
		if _, err := b.call(session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": false}); err != nil {
			t.Fatal(err)
		}
		for _, doc := range docs {
			if _, err := b.call(session, "Page.navigate", map[string]any{"url": "file://" + doc}); err != nil {
				t.Fatal(err)
			}
			var v struct {
				Ready              bool
				Width, ScrollWidth float64
				Wide               []string
				Tables, Unwrapped  int
			}
			waitFor(t, "the document at "+filepath.Base(doc), func() bool {
				raw, err := b.eval(session, `JSON.stringify((() => {
					if (document.readyState !== "complete" || decodeURIComponent(location.pathname) !== `+jsString(doc)+`) return { ready: false };
					const w = document.documentElement.clientWidth;
					const wide = [];
					for (const e of document.body.querySelectorAll("*")) {
						if (e.closest(".scroll") && !e.classList.contains("scroll")) continue;
						const r = e.getBoundingClientRect();
						if (r.right > w + 1 || r.left < -1) wide.push(e.tagName + "." + e.className + " " + Math.round(r.left) + "–" + Math.round(r.right));
					}
					const tables = [...document.querySelectorAll("table")];
					return { ready: true, width: w, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5),
						tables: tables.length, unwrapped: tables.filter((t) => !t.closest("div.scroll[tabindex]")).length };
				})())`)
				var s string
				if err != nil || json.Unmarshal(raw, &s) != nil || json.Unmarshal([]byte(s), &v) != nil {
					return false
				}
				return v.Ready
			})
			name := filepath.Base(doc)
			if v.ScrollWidth > v.Width+1 || len(v.Wide) > 0 {
				t.Errorf("%d px: %s is %v px wide; wider than the page: %q", width, name, v.ScrollWidth, v.Wide)
			}
			if v.Unwrapped > 0 {
				t.Errorf("%d px: %s has %d tables outside a scrolling wrapper", width, name, v.Unwrapped)
			}
			tables += v.Tables
		}
	}
	// a reading system that shows notes as pop-ups hides them: nothing of
	// the notes' section may be left standing, not a heading, not a rule
	noted := 0
	for _, doc := range docs {
		if _, err := b.call(session, "Page.navigate", map[string]any{"url": "file://" + doc}); err != nil {
			t.Fatal(err)
		}
		var v struct {
			Ready    bool
			Sections int
			Height   float64
			Notes    int
		}
		waitFor(t, "the document at "+filepath.Base(doc), func() bool {
			raw, err := b.eval(session, `JSON.stringify((() => {
				if (document.readyState !== "complete" || decodeURIComponent(location.pathname) !== `+jsString(doc)+`) return { ready: false };
				const st = document.createElement("style");
				st.textContent = '@namespace epub url(http://www.idpf.org/2007/ops); aside[epub|type~="footnote"] { display: none !important; }';
				document.head.append(st);
				const secs = [...document.querySelectorAll("section.footnotes")];
				return { ready: true, sections: secs.length, notes: document.querySelectorAll("section.footnotes aside").length,
					height: secs.reduce((h, s) => h + s.getBoundingClientRect().height, 0) };
			})())`)
			var s string
			if err != nil || json.Unmarshal(raw, &s) != nil || json.Unmarshal([]byte(s), &v) != nil {
				return false
			}
			return v.Ready
		})
		noted += v.Notes
		if v.Sections > 0 && v.Height > 0.5 {
			t.Errorf("%s: with its notes hidden, their section still stands %.0f px tall", filepath.Base(doc), v.Height)
		}
	}
	if noted < 20 {
		t.Errorf("%d notes seen", noted)
	}
	if tables < 40 {
		t.Errorf("%d tables seen; the test is not reading the documents", tables)
	}
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
