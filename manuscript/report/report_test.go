package report_test

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

// The eleven sectors of the report, in the order of its chapters.
var sectors = []string{
	"E-commerce", "Social & messaging", "Online video & entertainment", "Sharing economy",
	"Fintech & payments", "5G", "Artificial intelligence", "Smartphones & smart devices",
	"Autonomous vehicles", "Blockchain", "Gaming & esports",
}

func load(t *testing.T) *manuscript.Book {
	t.Helper()
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatalf("the bundled report has errors:\n%v", err)
	}
	return b
}

func TestElevenSectorChapters(t *testing.T) {
	b := load(t)
	var got []string
	for _, c := range b.Chapters {
		for _, s := range sectors {
			if c.Kicker == s {
				got = append(got, s)
			}
		}
	}
	if strings.Join(got, "|") != strings.Join(sectors, "|") {
		t.Errorf("sector chapters %q; want %q", got, sectors)
	}
}

func TestSectorChaptersMeetTheBrief(t *testing.T) {
	b := load(t)
	for _, c := range b.Chapters {
		if !isSector(c) {
			continue
		}
		t.Run(c.ID, func(t *testing.T) {
			s := c.Stats()
			if s.Words < 1200 || s.Words > 2000 {
				t.Errorf("%d words of prose; want 1,200 to 2,000", s.Words)
			}
			if s.Charts < 2 {
				t.Errorf("%d charts; want at least 2", s.Charts)
			}
			if s.Tables < 1 {
				t.Errorf("%d tables; want at least 1", s.Tables)
			}
			if n := len(c.KeyFigures); n < 3 || n > 4 {
				t.Errorf("%d key figures; want 3 or 4", n)
			}
			if c.Standfirst.IsZero() {
				t.Errorf("no standfirst")
			}
			sections, watch := 0, false
			for _, blk := range c.Body {
				switch blk := blk.(type) {
				case *manuscript.Heading:
					if blk.Level == 1 {
						sections++
					}
				case *manuscript.Callout:
					watch = watch || blk.Title.Plain() == "What to watch"
				}
			}
			if sections < 3 || sections > 5 {
				t.Errorf("%d sections; want 3 to 5", sections)
			}
			if !watch {
				t.Errorf("no \"What to watch\" callout")
			}
			if s.Footnotes < 1 {
				t.Errorf("no footnotes")
			}
		})
	}
}

func isSector(c *manuscript.Chapter) bool {
	for _, s := range sectors {
		if c.Kicker == s {
			return true
		}
	}
	return false
}

func TestEveryChartAndTableHasASource(t *testing.T) {
	b := load(t)
	for _, ch := range b.Charts {
		if strings.TrimSpace(ch.Source) == "" {
			t.Errorf("%s: chart %s has no source", ch.Pos, ch.ID)
		}
	}
	for _, c := range b.Documents() {
		for _, blk := range c.Body {
			switch blk := blk.(type) {
			case *manuscript.Figure:
				if strings.TrimSpace(blk.Source.Plain()) == "" {
					t.Errorf("%s: %s has no source line", blk.Pos, blk.Label())
				}
			case *manuscript.Table:
				if strings.TrimSpace(blk.Source.Plain()) == "" {
					t.Errorf("%s: %s has no source line", blk.Pos, blk.Label())
				}
			}
		}
	}
}

func TestEveryCrossReferenceResolves(t *testing.T) {
	b := load(t)
	refs := 0
	for _, c := range b.Documents() {
		c.EachText(func(tx *manuscript.Text) {
			manuscript.Walk(tx.Inlines, func(in manuscript.Inline) {
				switch r := in.(type) {
				case *manuscript.XRef:
					refs++
					if r.Target == nil {
						t.Errorf("%s: [@%s:%s] is unresolved", r.Pos, r.Kind, r.ID)
					}
				case *manuscript.FootnoteRef:
					if r.Note == nil {
						t.Errorf("%s: [^%s] is unresolved", r.Pos, r.ID)
					}
				}
			})
		})
	}
	if refs < 20 {
		t.Errorf("only %d cross-references in the report", refs)
	}
}

// TestDataFilesKeepTheirSource checks that every data file says where its
// numbers come from, and that none publishes numbers not confirmed.
func TestDataFilesKeepTheirSource(t *testing.T) {
	files, err := fs.Glob(report.FS, "data/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	for _, f := range files {
		data, _ := fs.ReadFile(report.FS, f)
		var publisher, confirmed string
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, "#") {
				break
			}
			if v, ok := strings.CutPrefix(line, "# publisher:"); ok {
				publisher = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(line, "# confirmed:"); ok {
				confirmed = strings.TrimSpace(v)
			}
		}
		if publisher == "" {
			t.Errorf("%s names no publisher", f)
		}
		if confirmed == "" || strings.HasPrefix(confirmed, "false") {
			t.Errorf("%s: confirmed is %q; publish only confirmed or derived numbers", f, confirmed)
		}
	}
}

func TestGlossaryHasChineseNames(t *testing.T) {
	b := load(t)
	var entries, han int
	for _, c := range b.Documents() {
		if c.Role != "glossary" {
			continue
		}
		for _, blk := range c.Body {
			if d, ok := blk.(*manuscript.Definitions); ok {
				for _, it := range d.Items {
					entries++
					for _, r := range it.Original.Plain() {
						if unicode.Is(unicode.Han, r) {
							han++
							break
						}
					}
				}
			}
		}
	}
	if entries < 20 || han < entries/2 {
		t.Errorf("glossary: %d entries, %d with Chinese names", entries, han)
	}
}
