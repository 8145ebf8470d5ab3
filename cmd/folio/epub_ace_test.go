package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Ace by DAISY checks an EPUB's accessibility: axe-core on every content
// document in a headless Chromium, and EPUB-level rules (metadata,
// page-list, pagination source). make test-deps installs it in tools/node
// (PUPPETEER_SKIP_DOWNLOAD=1 npm ci) with Debian's chromium; a missing Ace
// or Chromium fails the test.

// aceCommand returns the Ace command line: $ACE, or tools/node's ace-cli,
// or ace on the PATH.
func aceCommand(t *testing.T) []string {
	t.Helper()
	if s := strings.TrimSpace(os.Getenv("ACE")); s != "" {
		return strings.Fields(s)
	}
	local, err := filepath.Abs(filepath.Join("..", "..", "tools", "node", "node_modules", ".bin", "ace-cli"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(local); err == nil {
		return []string{local}
	}
	if p, err := exec.LookPath("ace"); err == nil {
		return []string{p}
	}
	t.Fatalf("Ace by DAISY is not installed: make test-deps installs it (Node.js 20 or later, then npm ci in tools/node), or set ACE to its command")
	return nil
}

// aceBrowser returns the Chromium Ace drives: $PUPPETEER_EXECUTABLE_PATH,
// or Debian's chromium.
func aceBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PUPPETEER_EXECUTABLE_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium is not installed (make test-deps installs it), or set PUPPETEER_EXECUTABLE_PATH")
	return ""
}

// aceReport is the part of Ace's report.json the test reads.
type aceReport struct {
	Result struct {
		Outcome string `json:"earl:outcome"`
	} `json:"earl:result"`
	Assertions []struct {
		Subject struct {
			URL string `json:"url"`
		} `json:"earl:testSubject"`
		Assertions []struct {
			Test struct {
				Title  string `json:"dct:title"`
				Impact string `json:"earl:impact"`
			} `json:"earl:test"`
			Result struct {
				Outcome     string `json:"earl:outcome"`
				Description string `json:"dct:description"`
				Pointer     struct {
					CSS []string `json:"css"`
				} `json:"earl:pointer"`
			} `json:"earl:result"`
		} `json:"assertions"`
	} `json:"assertions"`
	Metadata struct {
		Present []string `json:"present"`
	} `json:"a11y-metadata"`
	Data struct {
		Images []struct {
			Src string `json:"src"`
			Alt string `json:"alt"`
		} `json:"images"`
	} `json:"data"`
}

// TestAce runs Ace on the bundled report and the minimal manuscript and
// wants no violation at all, of any impact (critical, serious, moderate or
// minor).
func TestAce(t *testing.T) {
	ace := aceCommand(t)
	browser := aceBrowser(t)
	for _, c := range ebCases(t) {
		if c.name != "report" && c.name != "minimal" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			file := c.build(t)
			out := t.TempDir()
			args := append(ace[1:], "--force", "--silent", "--outdir", out, file)
			cmd := exec.Command(ace[0], args...)
			cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+browser, "PUPPETEER_SKIP_DOWNLOAD=1")
			msg, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("Ace failed: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatalf("Ace wrote no report: %v\n%s", err, msg)
			}
			var r aceReport
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatalf("Ace's report: %v", err)
			}
			var found []string
			docs := 0
			for _, doc := range r.Assertions {
				docs++
				for _, a := range doc.Assertions {
					if a.Result.Outcome != "fail" {
						continue
					}
					found = append(found, fmt.Sprintf("%s: %s (%s) %s %s", doc.Subject.URL, a.Test.Title, a.Test.Impact, strings.Join(a.Result.Pointer.CSS, " "), a.Result.Description))
				}
			}
			sort.Strings(found)
			if len(found) > 0 || r.Result.Outcome != "pass" {
				t.Errorf("Ace: outcome %q, %d violations:\n%s", r.Result.Outcome, len(found), strings.Join(found, "\n"))
			}
			if docs < 3 {
				t.Errorf("Ace checked %d documents", docs)
			}
			if len(r.Data.Images) == 0 {
				t.Error("Ace found no images: not even the cover")
			}
			for _, img := range r.Data.Images {
				if strings.TrimSpace(img.Alt) == "" {
					t.Errorf("Ace finds no text alternative for %s", img.Src)
				}
			}
			present := strings.Join(r.Metadata.Present, " ")
			for _, want := range []string{"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo"} {
				if !strings.Contains(present, want) {
					t.Errorf("Ace finds no %s", want)
				}
			}
		})
	}
}
