package layout

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/fonts"
	"github.com/folio-press/folio/manuscript"
)

func TestCharSet(t *testing.T) {
	for _, c := range []struct {
		add  string
		want string
	}{
		{"", ""},
		{"cab", "abc"},
		{"a\u00e9\u4e2d\uFFFD", "a\u00e9\u4e2d\uFFFD"},
		{"\U0001F600x", "x"}, // beyond U+FFFF: fpdf cannot set it
	} {
		var s charSet
		s.addString(c.add)
		if got := s.String(); got != c.want {
			t.Errorf("addString(%q): %q, want %q", c.add, got, c.want)
		}
		if s.empty() != (c.want == "") {
			t.Errorf("addString(%q): empty() = %v", c.add, s.empty())
		}
		for _, r := range c.want {
			if !s.has(r) {
				t.Errorf("addString(%q): has(%q) = false", c.add, r)
			}
		}
	}
}

func loadValid(t *testing.T, name string) *manuscript.Book {
	t.Helper()
	b, err := manuscript.LoadDir("../testdata/valid/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCutsHoldWhatIsDrawn checks that the characters the font cuts are
// made for include every character of the text on the pages, and that a
// cut lacking characters is noticed and the PDF written again with them.
func TestCutsHoldWhatIsDrawn(t *testing.T) {
	for _, name := range []string{"minimal", "hostile-text", "missing-glyphs"} {
		t.Run(name, func(t *testing.T) {
			book := loadValid(t, name)
			doc, err := Typeset(book, Options{})
			if err != nil {
				t.Fatal(err)
			}
			chars, faces, err := docChars(doc)
			if err != nil {
				t.Fatal(err)
			}
			// the faces fpdf embeds: the furniture's and the charts'
			for _, f := range []Font{{Role: Heading}, {Role: Heading, Style: fonts.Bold}} {
				if !faces[doc.fs.face(f)] {
					t.Errorf("face %v is not cut", f)
				}
			}
			for _, p := range doc.Pages {
				for _, it := range p.Items {
					if ti, ok := it.(TextItem); ok {
						for _, r := range ti.Text {
							if !chars.has(r) {
								t.Errorf("page %s: %q of %q is not in the cuts", p.Label, r, ti.Text)
							}
						}
					}
				}
			}
			opt := Options{Edition: Draft, Date: time.Unix(0, 0)}
			// cuts of the letter x alone lack nearly everything
			var few charSet
			few.add('x')
			_, _, missing, err := doc.writePDF(opt, cutFonts(doc.fs, faces, &few, NewCache()), faces)
			if err != nil {
				t.Fatal(err)
			}
			if missing.empty() || missing.has('x') {
				t.Errorf("cuts of x: missing %q", missing.String())
			}
			// what Document.PDF writes shows the same text as with whole faces
			whole, _, _, err := doc.writePDF(opt, nil, faces)
			if err != nil {
				t.Fatal(err)
			}
			cut, _, err := doc.PDF(opt)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := extractText(t, whole), extractText(t, cut); a != b {
				t.Errorf("the text with cut faces differs from the text with whole faces:\n%s\n---\n%s", a, b)
			}
			for f, c := range cutFonts(doc.fs, faces, chars, NewCache()) {
				<-c.done
				full, err := fonts.Read(doc.fs.files[f.Role].File(f.Style))
				if err != nil {
					t.Fatal(err)
				}
				if c.data == nil || len(c.data) >= len(full) {
					t.Errorf("face %v: a cut of %d bytes, the face %d", f, len(c.data), len(full))
				}
			}
		})
	}
}

// extractText extracts the words of a PDF and their places, with pdftotext.
func extractText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-bbox", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext (make test-deps installs it): %v", err)
	}
	return strings.ReplaceAll(string(out), "\r", "")
}

// TestSessionBuildsAreColdBuilds builds books one after the other with one
// Cache, as a watch session does (paragraphs, font cuts and a PDF document
// set up ahead are reused), and checks every PDF against a build without
// a cache.
func TestSessionBuildsAreColdBuilds(t *testing.T) {
	cache := NewCache()
	for _, ed := range []Edition{Draft, Print} {
		for i, name := range []string{"minimal", "minimal", "hostile-text", "minimal", "missing-glyphs", "missing-glyphs"} {
			book := loadValid(t, name)
			opt := Options{Edition: ed, Date: time.Unix(1700000000, 0)}
			cold, _, err := PDF(book, opt)
			if err != nil {
				t.Fatal(err)
			}
			opt.Cache = cache
			warm, _, err := PDF(book, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cold, warm) {
				t.Errorf("build %d (%s, %s): with the session's cache, the PDF differs from a cold build", i, name, ed)
			}
		}
	}
	// at least minimal after minimal and missing-glyphs after
	// missing-glyphs, in both editions: the fonts they need are the same
	// (a build whose page numbers take two passes prepares its own too)
	if cache.preparedTaken < 4 {
		t.Errorf("%d builds took a document set up ahead, want 4 or more", cache.preparedTaken)
	}
	// the faces embedded apart are kept for the next build, as long as it
	// draws the same characters in them
	if len(cache.embeds.m) == 0 {
		t.Error("the session keeps no face embedded apart")
	}
}
