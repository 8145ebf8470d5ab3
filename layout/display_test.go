package layout

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/manuscript"
)

func TestDisplayColor(t *testing.T) {
	red := manuscript.Color{R: 200, G: 16, B: 46, C: 0, M: 1, Y: 0.85, K: 0.05, CMYKGiven: true}
	for _, tc := range []struct {
		c    manuscript.Color
		cmyk bool
		want display.Color
	}{
		{red, false, display.Color{Space: display.DeviceRGB, C: [4]float64{200.0 / 255, 16.0 / 255, 46.0 / 255}}},
		{red, true, display.Color{Space: display.DeviceCMYK, C: [4]float64{0, 1, 0.85, 0.05}}},
		{manuscript.Color{R: 140, G: 140, B: 140}, false, display.Color{Space: display.Gray, C: [4]float64{140.0 / 255}}},
		// near-black text prints in black ink alone
		{manuscript.Color{R: 26, G: 26, B: 26, C: 0.7, M: 0.6, Y: 0.6, K: 0.9}, true, display.Color{Space: display.DeviceCMYK, C: [4]float64{0, 0, 0, 1}}},
		// unless the manuscript gives its inks
		{manuscript.Color{R: 26, G: 26, B: 26, C: 0.2, K: 0.9, CMYKGiven: true}, true, display.Color{Space: display.DeviceCMYK, C: [4]float64{0.2, 0, 0, 0.9}}},
	} {
		dw := &drawer{cmyk: tc.cmyk}
		if got := dw.color(tc.c); got != tc.want {
			t.Errorf("color(%+v, cmyk %v) = %+v, want %+v", tc.c, tc.cmyk, got, tc.want)
		}
	}
}

// walkTexts calls f for every glyph run of items, in groups too.
func walkTexts(items []display.Item, f func(*display.Text)) {
	for _, it := range items {
		switch it := it.(type) {
		case *display.Text:
			f(it)
		case *display.Group:
			walkTexts(it.Items, f)
		}
	}
}

// TestRunsStandWhereTheLayoutPutsThem draws the report's screen edition
// and checks that every piece of text the layout placed (a word, a
// syllable, a run in one style) begins, in some glyph run of its page's
// display list, at the place the layout gave it, followed by its text.
func TestRunsStandWhereTheLayoutPutsThem(t *testing.T) {
	doc := typesetReport(t)
	dl, err := doc.Display(Options{Edition: Screen, Date: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(dl.Pages) != len(doc.Pages) {
		t.Fatalf("%d pages drawn of %d", len(dl.Pages), len(doc.Pages))
	}
	// where each glyph begins, by baseline, to a thousandth of a point
	type start struct {
		x    float64
		text string
	}
	checked, runs, glyphs := 0, 0, 0
	for i, p := range doc.Pages {
		starts := map[int64][]start{}
		walkTexts(dl.Pages[i].Items, func(tx *display.Text) {
			runs++
			x := tx.X
			y := int64(math.Round(tx.Y * 1000))
			for _, g := range tx.Glyphs {
				starts[y] = append(starts[y], start{x, tx.Text[g.Cluster:]})
				x += g.Advance
				glyphs++
			}
		})
		find := func(x, y float64) (string, bool) {
			for _, s := range starts[int64(math.Round(y*1000))] {
				if math.Abs(s.x-x) < 0.001 {
					return s.text, true
				}
			}
			return "", false
		}
		for _, it := range p.Items {
			ti, ok := it.(TextItem)
			if !ok || ti.Text == "" || strings.HasPrefix(ti.Text, " ") {
				continue
			}
			s, ok := find(pt(ti.X), pt(ti.Y))
			if !ok || !strings.HasPrefix(s, ti.Text) {
				t.Errorf("page %s: %q placed at (%.3f, %.3f) mm; the display list has %q there", p.Label, ti.Text, ti.X, ti.Y, s)
				continue
			}
			checked++
		}
	}
	if checked < 20000 || glyphs < 100000 || runs*5 > checked {
		t.Errorf("%d pieces of text found in %d runs of %d glyphs; want over 20,000, at least 5 a run, and 100,000 glyphs", checked, runs, glyphs)
	}
}

// TestRoles checks the role of every run in the report's screen edition:
// nothing is left without one, the book's furniture is an artifact, and
// each kind of content the report has comes out as its kind.
func TestRoles(t *testing.T) {
	doc := typesetReport(t)
	dl, err := doc.Display(Options{Edition: Screen, Date: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	count := map[display.RoleKind]int{}
	for i, p := range dl.Pages {
		lp := doc.Pages[i]
		walkTexts(p.Items, func(tx *display.Text) {
			count[tx.Role.Kind]++
			switch {
			case tx.Text == lp.Label && tx.Role.Kind != display.Furniture && lp.Folio && strings.Contains(tx.Font.Name, "Bold") && tx.Size == 8.5:
				t.Errorf("page %s: the folio is %v, not furniture", lp.Label, tx.Role)
			case lp.Head != "" && tx.Text == lp.Head && tx.Y < pt(newGeometry(doc.Book.Trim).top) && tx.Role.Kind != display.Furniture:
				t.Errorf("page %s: the running head %q is %v", lp.Label, tx.Text, tx.Role)
			case tx.Role.Kind == display.Heading && (tx.Role.Level < 1 || tx.Role.Level > 6):
				t.Errorf("page %s: heading %q at level %d", lp.Label, tx.Text, tx.Role.Level)
			case tx.Role.Kind == display.Mark:
				t.Errorf("page %s: a draft's mark %q in the screen edition", lp.Label, tx.Text)
			}
		})
	}
	for _, k := range []display.RoleKind{display.Paragraph, display.Heading, display.Title, display.Caption, display.Note, display.NoteRef,
		display.TableHeader, display.TableCell, display.ListItem, display.ListLabel, display.Contents, display.Furniture, display.Aside} {
		if count[k] == 0 {
			t.Errorf("no run of role %d in the report (%v)", k, count)
		}
	}
	if count[display.Furniture] < len(dl.Pages) {
		t.Errorf("%d runs of furniture on %d pages", count[display.Furniture], len(dl.Pages))
	}
}

// TestEditions checks what sets the editions' display lists apart: the
// print edition's boxes, blank pages, crop marks and inks; the screen
// edition's colours; the draft's flags.
func TestEditions(t *testing.T) {
	doc := typesetReport(t)
	b := doc.Book
	draw := func(ed Edition) *display.Document {
		dl, err := doc.Display(Options{Edition: ed, Date: time.Unix(0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		return dl
	}
	colors := func(dl *display.Document, f func(display.Color)) {
		var walk func([]display.Item)
		walk = func(items []display.Item) {
			for _, it := range items {
				switch it := it.(type) {
				case *display.Text:
					f(it.Fill)
				case *display.Path:
					if it.Fill != nil {
						f(*it.Fill)
					}
					if it.Stroke != nil {
						f(it.Stroke.Color)
					}
				case *display.Group:
					walk(it.Items)
				}
			}
		}
		for _, p := range dl.Pages {
			walk(p.Items)
		}
	}

	print := draw(Print)
	if len(print.Pages)%4 != 0 || len(print.Pages) < len(doc.Pages) || len(print.Pages) >= len(doc.Pages)+4 {
		t.Errorf("print: %d pages for %d typeset", len(print.Pages), len(doc.Pages))
	}
	if print.Colors != display.CMYK || print.Transparency {
		t.Errorf("print: colour model %v, transparency %v", print.Colors, print.Transparency)
	}
	colors(print, func(c display.Color) {
		if c.Space != display.DeviceCMYK {
			t.Fatalf("print: a colour in space %v", c.Space)
		}
	})
	off := pt(b.Bleed + markLength + markGap)
	for i, p := range print.Pages {
		wantTrim := display.Rect{X: off, Y: off, W: pt(b.Trim.Width), H: pt(b.Trim.Height)}
		if math.Abs(p.Trim.X-wantTrim.X)+math.Abs(p.Trim.W-wantTrim.W)+math.Abs(p.Trim.H-wantTrim.H) > 1e-9 ||
			math.Abs(p.Bleed.X-(off-pt(b.Bleed))) > 1e-9 || math.Abs(p.Media.W-(p.Trim.W+2*off)) > 1e-9 {
			t.Fatalf("print page %d: media %+v, bleed %+v, trim %+v", i+1, p.Media, p.Bleed, p.Trim)
		}
		marks := 0
		for _, it := range p.Items {
			if path, ok := it.(*display.Path); ok && path.Role.Kind == display.Mark {
				marks++
				for _, s := range path.Segs[:1] {
					if pnt := s.Pts[0]; pnt.X > p.Bleed.X && pnt.X < p.Bleed.X+p.Bleed.W && pnt.Y > p.Bleed.Y && pnt.Y < p.Bleed.Y+p.Bleed.H {
						t.Errorf("print page %d: a crop mark inside the bleed at %+v", i+1, pnt)
					}
				}
			}
		}
		if marks != 8 {
			t.Errorf("print page %d: %d crop marks, want 8", i+1, marks)
		}
	}

	screen := draw(Screen)
	if len(screen.Pages) != len(doc.Pages) || !screen.Transparency || screen.Info.Draft {
		t.Errorf("screen: %d pages, transparency %v, draft %v", len(screen.Pages), screen.Transparency, screen.Info.Draft)
	}
	colors(screen, func(c display.Color) {
		if c.Space == display.DeviceCMYK {
			t.Fatalf("screen: a CMYK colour")
		}
	})
	for _, p := range screen.Pages {
		if !p.Trim.Empty() || !p.Bleed.Empty() {
			t.Fatalf("screen: a trim or bleed box")
		}
	}

	draft := draw(Draft)
	if !draft.Info.Draft {
		t.Error("draft: not marked a draft")
	}
	flags := 0
	for _, p := range draft.Pages {
		walkTexts(p.Items, func(tx *display.Text) {
			if tx.Role.Kind == display.Mark && strings.HasPrefix(tx.Text, "DRAFT · ") {
				flags++
			}
		})
	}
	if flags != len(draft.Pages) {
		t.Errorf("draft: %d draft lines on %d pages", flags, len(draft.Pages))
	}
}
