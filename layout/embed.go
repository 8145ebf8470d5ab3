package layout

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/folio-press/folio/fonts"
	"golang.org/x/image/font/sfnt"
)

// Faces the book's text is drawn in are embedded by Folio itself, not
// through fpdf, unless fpdf draws with them too (the charts' faces): fpdf
// parses every face it is given when it is registered, and again when it
// writes the file, where it also makes two zlib writers of a megabyte each
// per face, one face after the other, at the end of the build. Here each
// face is cut to the characters the pages drew (fonts.Sparse) and
// compressed on a core of its own while fpdf writes the rest, and added to
// the file afterwards as an incremental update.
//
// The objects are those fpdf writes for a face (a Type0 font over a
// CIDFontType2 font, Identity-H, each character's code its Unicode value,
// mapped to its glyph by a CIDToGIDMap), so that a reader or a test meets
// one kind of font in the file.

// ownFontName is the name an embedded face has in the pages' resources:
// fpdf's names are "F" and 40 hexadecimal digits, which these cannot be.
func ownFontName(f Font) string { return "FO" + f.Role.family() + f.fpdfStyle() }

// embeddedFace is a face prepared for embedding: its PDF objects' parts.
type embeddedFace struct {
	name     string // in the resources
	base     string // BaseFont
	desc     fonts.Description
	missing  int    // the width of a character the face lacks
	widths   string // the /W array
	cidToGID []byte // deflated
	file     []byte // the cut face, deflated
	length1  int    // its length before
	err      error
}

// embedFaces prepares faces for embedding, each cut to the characters of
// used, on goroutines of their own, or takes them from cache (which may be
// nil); wait returns them, in the order of faces, or the first error.
func (fs *fontSet) embedFaces(faces []Font, used map[Font]*charSet, cache *Cache) (wait func() ([]embeddedFace, error)) {
	out := make([]embeddedFace, len(faces))
	var wg sync.WaitGroup
	for i, f := range faces {
		cs := used[f]
		if cs == nil {
			cs = new(charSet)
		}
		m := fs.faces[f]
		if m == nil {
			out[i].err = fmt.Errorf("layout: no face for %s %s", f.Role.family(), f.fpdfStyle())
			continue
		}
		chars := cs.String()
		key := cutKey{file: m.File(), chars: sha256.Sum256([]byte(chars))}
		if e, ok := cache.embedded(key); ok && e.name == ownFontName(f) {
			out[i] = e
			continue
		}
		wg.Go(func() {
			out[i] = embedFace(f, m, []rune(chars))
			if out[i].err == nil {
				cache.putEmbedded(key, out[i])
			}
		})
	}
	return func() ([]embeddedFace, error) {
		wg.Wait()
		for _, e := range out {
			if e.err != nil {
				return nil, e.err
			}
		}
		return out, nil
	}
}

// embedFace cuts face f, measured by m, to chars (in order) and makes the
// parts of its PDF objects.
func embedFace(f Font, m *fonts.Face, chars []rune) (e embeddedFace) {
	e.name, e.base = ownFontName(f), "utf8"+f.Role.family()+f.fpdfStyle()
	defer func() {
		// a face that parses but breaks the cutter
		// fails the build with a message, not with a panic
		if r := recover(); r != nil {
			e.err = fmt.Errorf("layout: embed %s: %v", m.File(), r)
		}
	}()
	data, err := fonts.Read(m.File())
	if err != nil {
		e.err = fmt.Errorf("layout: %w", err)
		return e
	}
	if e.desc, err = fonts.Describe(data); err != nil {
		e.err = fmt.Errorf("layout: %s: %w", m.File(), err)
		return e
	}
	e.missing = m.MissingWidth()
	cut, err := fonts.Sparse(data, chars)
	if err != nil {
		e.err = fmt.Errorf("layout: %s: %w", m.File(), err)
		return e
	}
	sf, err := sfnt.Parse(cut)
	if err != nil {
		e.err = fmt.Errorf("layout: %s cut: %w", m.File(), err)
		return e
	}
	// each character's glyph in the cut, and its width as the layout
	// measured it
	last := rune(0)
	if len(chars) > 0 {
		last = chars[len(chars)-1]
	}
	gids := make([]byte, 2*(last+1))
	var w strings.Builder
	w.WriteByte('[')
	var buf sfnt.Buffer
	prev := rune(-2)
	for _, r := range chars {
		if g, err := sf.GlyphIndex(&buf, r); err == nil && g != 0 {
			gids[2*r], gids[2*r+1] = byte(g>>8), byte(g)
		}
		if r == prev+1 {
			w.WriteByte(' ')
		} else {
			if prev >= 0 {
				w.WriteString("] ")
			}
			w.WriteString(strconv.Itoa(int(r)))
			w.WriteString(" [")
		}
		w.WriteString(strconv.Itoa(m.Units(string(r))))
		prev = r
	}
	if prev >= 0 {
		w.WriteByte(']')
	}
	w.WriteByte(']')
	e.widths = w.String()
	e.cidToGID = deflate(gids)
	e.file, e.length1 = deflate(cut), len(cut)
	return e
}

// embedded returns the face embedded for k by an earlier build; a nil
// cache has none.
func (c *Cache) embedded(k cutKey) (embeddedFace, bool) {
	if c == nil {
		return embeddedFace{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.embeds.get(k)
}

// putEmbedded keeps the face embedded for k, in a non-nil cache.
func (c *Cache) putEmbedded(k cutKey, e embeddedFace) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.embeds.put(k, e)
}

// deflate compresses b with zlib, at the speed every stream of the PDF is
// compressed with.
func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&out, zlib.BestSpeed)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// toUnicode is the character map from codes to text of every embedded
// face, the one fpdf writes: each code is its character.
const toUnicode = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
	"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
	"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n" +
	"endcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\n" +
	"CMapName currentdict /CMap defineresource pop\nend\nend"

var resourcesRE = regexp.MustCompile(`/Resources (\d+) 0 R`)

// addFaces adds the embedded faces to the PDF fpdf wrote, as an
// incremental update: their objects, and the resource dictionary the pages
// share again with their names in its fonts.
func addFaces(pdf []byte, faces []embeddedFace) ([]byte, error) {
	if len(faces) == 0 {
		return pdf, nil
	}
	m := resourcesRE.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("embed fonts: the pages have no resources")
	}
	resNum, _ := strconv.Atoi(string(m[1]))
	res, ok := lastObject(pdf, resNum)
	if !ok {
		return nil, fmt.Errorf("embed fonts: no resource dictionary %d", resNum)
	}
	size := 0
	for _, f := range faces {
		size += len(f.file) + len(f.cidToGID) + len(f.widths) + len(toUnicode) + 1024
	}
	u, err := newPDFUpdate(pdf, size)
	if err != nil {
		return nil, fmt.Errorf("embed fonts: %w", err)
	}
	var entries strings.Builder
	for _, f := range faces {
		font, cid, uni, desc, gids, file := u.newObj(), u.newObj(), u.newObj(), u.newObj(), u.newObj(), u.newObj()
		fmt.Fprintf(&entries, "/%s %d 0 R\n", f.name, font)
		u.put(font, fmt.Sprintf("<</Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R>>", f.base, cid, uni))
		u.put(cid, fmt.Sprintf("<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/FontDescriptor %d 0 R\n/DW %d\n/W %s\n/CIDToGIDMap %d 0 R>>", f.base, desc, f.missing, f.widths, gids))
		u.putStream(uni, "", []byte(toUnicode))
		d := f.desc
		u.put(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s\n /Ascent %d /Descent %d /CapHeight %d /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
			f.base, d.Ascent, d.Descent, d.CapHeight, d.Flags, d.BBox[0], d.BBox[1], d.BBox[2], d.BBox[3], d.ItalicAngle, d.StemV, f.missing, file))
		u.putStream(gids, "/Filter /FlateDecode", f.cidToGID)
		u.putStream(file, fmt.Sprintf("/Filter /FlateDecode /Length1 %d", f.length1), f.file)
	}
	// the resources again, with the faces among the fonts
	body := string(res)
	if i := strings.Index(body, "/Font <<"); i >= 0 {
		i += len("/Font <<")
		body = body[:i] + "\n" + strings.TrimSuffix(entries.String(), "\n") + body[i:]
	} else if j := strings.LastIndex(body, ">>"); j >= 0 {
		body = body[:j] + "/Font <<\n" + entries.String() + ">>\n" + body[j:]
	} else {
		return nil, fmt.Errorf("embed fonts: unexpected resource dictionary")
	}
	u.put(resNum, body)
	return u.bytes(), nil
}
