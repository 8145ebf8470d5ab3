package layout

import (
	"math"
	"strings"
	"testing"
)

// TestTextClearsTheFootnotes checks, on every page of the report, that no
// line of body text runs into the footnotes at the foot of the page: a
// page run a line long to save a widow must not be one with notes.
func TestTextClearsTheFootnotes(t *testing.T) {
	doc := typesetReport(t)
	pagesWithNotes := 0
	for _, p := range doc.Pages {
		top := math.Inf(1) // where the notes begin: their rule
		for _, it := range p.Items {
			if a, ok := it.(AnchorItem); ok && strings.HasPrefix(a.Name, "fn-") {
				top = math.Min(top, a.Y-noteSep)
			}
		}
		if math.IsInf(top, 1) {
			continue
		}
		pagesWithNotes++
		for _, it := range p.Items {
			ti, ok := it.(TextItem)
			if !ok || ti.Size != 10 || ti.Y > top+noteSep {
				continue // not body text, or a note itself
			}
			if descent := ti.Y + 0.25*ti.Size*ptToMM; descent > top {
				t.Errorf("page %s: %q reaches %.1f mm, into the footnotes, whose rule is at %.1f mm", p.Label, ti.Text, descent, top+noteSep/2)
			}
		}
	}
	if pagesWithNotes < 5 {
		t.Errorf("%d pages with footnotes, want 5 or more", pagesWithNotes)
	}
}
