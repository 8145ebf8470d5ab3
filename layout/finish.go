package layout

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// sortBoxes puts the page boxes of every page in a fixed order. fpdf writes
// them in map order; each box is one line, so sorting the lines changes no
// byte offset and the cross-reference table stays valid. Only the print
// edition has such boxes; the search for them is a plain byte search, as a
// regular expression over the whole file costs more than writing it.
func sortBoxes(pdf []byte) []byte {
	var out []byte // a copy, made at the first run to sort
	for i := 0; ; {
		j := bytes.Index(pdf[i:], []byte("Box ["))
		if j < 0 {
			break
		}
		j += i
		start := bytes.LastIndexByte(pdf[:j], '\n') + 1
		if !isBoxLine(pdf, start) {
			i = j + 1
			continue
		}
		end := start
		for isBoxLine(pdf, end) {
			end += bytes.IndexByte(pdf[end:], '\n') + 1
		}
		if out == nil {
			out = append([]byte(nil), pdf...)
		}
		run := out[start:end]
		lines := bytes.SplitAfter(pdf[start:end], []byte("\n"))
		sort.Slice(lines, func(a, b int) bool { return bytes.Compare(lines[a], lines[b]) < 0 })
		copy(run, bytes.Join(lines, nil))
		i = end
	}
	if out == nil {
		return pdf
	}
	return out
}

// isBoxLine reports whether the line at i is a page box as fpdf writes
// one: /TrimBox, /BleedBox, /CropBox or /ArtBox, then " [", no "]" or line
// break, "]" and the line's end.
func isBoxLine(pdf []byte, i int) bool {
	rest := pdf[i:]
	ok := false
	for _, name := range []string{"/TrimBox [", "/BleedBox [", "/CropBox [", "/ArtBox ["} {
		if bytes.HasPrefix(rest, []byte(name)) {
			rest, ok = rest[len(name):], true
			break
		}
	}
	if !ok {
		return false
	}
	k := bytes.IndexAny(rest, "]\n")
	return k >= 0 && rest[k] == ']' && k+1 < len(rest) && rest[k+1] == '\n'
}

// addID adds the trailer /ID that fpdf does not write, to the last
// trailer: it follows the cross-reference table, so no offset moves. The
// ID is the first 16 bytes of the file's SHA-256 (the file's MD5, as the
// PDF reference suggests, takes more than twice as long). The ID is
// inserted in place: pdf's array is reused, and only the trailer moves.
func addID(pdf []byte) []byte {
	i := bytes.LastIndex(pdf, []byte("trailer\n<<"))
	if i < 0 || bytes.Contains(pdf[i:], []byte("/ID")) {
		return pdf
	}
	sum := sha256.Sum256(pdf)
	id := fmt.Sprintf("\n/ID [<%x> <%x>]", sum[:16], sum[:16])
	at := i + len("trailer\n<<")
	n := len(pdf)
	pdf = append(pdf, id...)
	copy(pdf[at+len(id):], pdf[at:n])
	copy(pdf[at:], id)
	return pdf
}

// finish makes fpdf's output deterministic and complete: sorted page boxes
// and a trailer /ID.
func finish(pdf []byte) []byte { return addID(sortBoxes(pdf)) }

// taggedFigure is a figure drawn inside marked content, with the text
// alternative its structure element carries.
type taggedFigure struct {
	page int // 1-based
	mcid int
	alt  string
}

var (
	rootRE    = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE    = regexp.MustCompile(`/Info (\d+) 0 R`)
	sizeRE    = regexp.MustCompile(`/Size (\d+)`)
	startxref = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
)

// objectStarts finds the lines "N 0 obj" that start objects, as
// FindAllSubmatchIndex of (?m)^(\d+) 0 obj\n would: for each, the offsets
// of the match and of the number. A byte search is many times faster than
// the regular expression over the whole file.
func objectStarts(pdf []byte) [][]int {
	var locs [][]int
	for i := 0; ; {
		j := bytes.Index(pdf[i:], []byte(" 0 obj\n"))
		if j < 0 {
			return locs
		}
		j += i
		k := j
		for k > 0 && pdf[k-1] >= '0' && pdf[k-1] <= '9' {
			k--
		}
		if k < j && (k == 0 || pdf[k-1] == '\n') {
			locs = append(locs, []int{k, j + len(" 0 obj\n"), k, j})
		}
		i = j + 1
	}
}

// tagFigures gives each figure's marked content a structure element with
// its text alternative (/Alt), so that screen readers and accessibility
// checkers find the chart descriptions. fpdf writes no structure tree, so
// one is added as an incremental update: new objects and new versions of
// the catalog and of the pages with figures are appended after the file,
// with a cross-reference section of their own; nothing before it moves.
func tagFigures(pdf []byte, figs []taggedFigure) ([]byte, error) {
	if len(figs) == 0 {
		return pdf, nil
	}
	// every object's text, by number
	objs := map[int][]byte{}
	locs := objectStarts(pdf)
	var pages []int
	for _, loc := range locs {
		n, _ := strconv.Atoi(string(pdf[loc[2]:loc[3]]))
		body := pdf[loc[1]:]
		end := bytes.Index(body, []byte("\nendobj"))
		if end < 0 {
			return nil, fmt.Errorf("tag figures: object %d has no end", n)
		}
		objs[n] = body[:end]
		if bytes.HasPrefix(body, []byte("<</Type /Page\n")) {
			pages = append(pages, n)
		}
	}
	u, err := newPDFUpdate(pdf, 4096+512*len(figs))
	if err != nil {
		return nil, fmt.Errorf("tag figures: %w", err)
	}
	catalog, newObj, put := u.root, u.newObj, u.put
	treeRoot, document, parentTree := newObj(), newObj(), newObj()
	// one structure element per figure, grouped by page for the parent tree
	byPage := map[int][]int{}
	var kids []string
	for _, f := range figs {
		if f.page < 1 || f.page > len(pages) {
			return nil, fmt.Errorf("tag figures: no page %d", f.page)
		}
		elem := newObj()
		put(elem, fmt.Sprintf("<</Type /StructElem /S /Figure /P %d 0 R /Pg %d 0 R /K %d /Alt %s>>", document, pages[f.page-1], f.mcid, pdfText(f.alt)))
		kids = append(kids, fmt.Sprintf("%d 0 R", elem))
		byPage[f.page] = append(byPage[f.page], elem)
	}
	put(document, fmt.Sprintf("<</Type /StructElem /S /Document /P %d 0 R /K [%s]>>", treeRoot, strings.Join(kids, " ")))
	var nums []string
	var pageNums []int
	for p := range byPage {
		pageNums = append(pageNums, p)
	}
	sort.Ints(pageNums)
	for i, p := range pageNums {
		var refs []string
		for _, e := range byPage[p] {
			refs = append(refs, fmt.Sprintf("%d 0 R", e))
		}
		nums = append(nums, fmt.Sprintf("%d [%s]", i, strings.Join(refs, " ")))
		// the page, again, with its key into the parent tree
		n := pages[p-1]
		body := objs[n]
		end := bytes.LastIndex(body, []byte(">>"))
		put(n, fmt.Sprintf("%s/StructParents %d\n>>", body[:end], i))
	}
	put(parentTree, fmt.Sprintf("<</Nums [%s]>>", strings.Join(nums, " ")))
	put(treeRoot, fmt.Sprintf("<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d>>", document, parentTree, len(pageNums)))
	cat := objs[catalog]
	end := bytes.LastIndex(cat, []byte(">>"))
	if end < 0 {
		return nil, fmt.Errorf("tag figures: unexpected catalog")
	}
	put(catalog, fmt.Sprintf("%s/MarkInfo <</Marked true>>\n/StructTreeRoot %d 0 R\n>>", cat[:end], treeRoot))
	return u.bytes(), nil
}

// pdfUpdate is an incremental update of a PDF: objects appended after
// the file, new ones and new versions of old ones, with a cross-reference
// section and a trailer of their own. Nothing before them moves.
type pdfUpdate struct {
	out     bytes.Buffer
	offsets map[int]int
	next    int    // the next object number
	root    int    // the catalog's
	info    []byte // the document information's, if any
	prev    []byte // the offset of the file's last cross-reference section
}

// newPDFUpdate starts an update of pdf, with room for about room bytes.
func newPDFUpdate(pdf []byte, room int) (*pdfUpdate, error) {
	t := bytes.LastIndex(pdf, []byte("trailer"))
	if t < 0 {
		return nil, fmt.Errorf("no trailer")
	}
	tail := pdf[t:]
	root, info, size := rootRE.FindSubmatch(tail), infoRE.FindSubmatch(tail), sizeRE.FindSubmatch(tail)
	prev := startxref.FindSubmatch(pdf[max(0, len(pdf)-64):])
	if root == nil || size == nil || prev == nil {
		return nil, fmt.Errorf("unexpected trailer")
	}
	u := &pdfUpdate{offsets: map[int]int{}, prev: prev[1]}
	u.root, _ = strconv.Atoi(string(root[1]))
	u.next, _ = strconv.Atoi(string(size[1]))
	if info != nil {
		u.info = info[1]
	}
	// the file and the update, in one allocation: growing a buffer of
	// megabytes by doubling costs more than writing it
	u.out.Grow(len(pdf) + room)
	u.out.Write(pdf)
	return u, nil
}

// newObj returns a new object number.
func (u *pdfUpdate) newObj() int {
	u.next++
	return u.next - 1
}

// put writes object n with body.
func (u *pdfUpdate) put(n int, body string) {
	u.offsets[n] = u.out.Len()
	fmt.Fprintf(&u.out, "%d 0 obj\n%s\nendobj\n", n, body)
}

// putStream writes object n as a stream of data, its dictionary holding
// the length and the entries given.
func (u *pdfUpdate) putStream(n int, entries string, data []byte) {
	u.offsets[n] = u.out.Len()
	fmt.Fprintf(&u.out, "%d 0 obj\n<</Length %d%s>>\nstream\n", n, len(data), strings.TrimRight(" "+entries, " "))
	u.out.Write(data)
	u.out.WriteString("\nendstream\nendobj\n")
}

// bytes returns the file with the update and its cross-reference section
// and trailer.
func (u *pdfUpdate) bytes() []byte {
	xref := u.out.Len()
	var ns []int
	for n := range u.offsets {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	u.out.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range ns {
		fmt.Fprintf(&u.out, "%d 1\n%010d 00000 n \n", n, u.offsets[n])
	}
	fmt.Fprintf(&u.out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", u.next, u.root)
	if u.info != nil {
		fmt.Fprintf(&u.out, "/Info %s 0 R\n", u.info)
	}
	fmt.Fprintf(&u.out, "/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n", u.prev, xref)
	return u.out.Bytes()
}

// lastObject returns the body of the last version of object n in pdf,
// between "n 0 obj" and "endobj".
func lastObject(pdf []byte, n int) ([]byte, bool) {
	head := []byte("\n" + strconv.Itoa(n) + " 0 obj\n")
	i := bytes.LastIndex(pdf, head)
	if i < 0 {
		return nil, false
	}
	body := pdf[i+len(head):]
	end := bytes.Index(body, []byte("\nendobj"))
	if end < 0 {
		return nil, false
	}
	return body[:end], true
}

// pdfText encodes s as a PDF text string in UTF-16BE, in hex.
func pdfText(s string) string {
	var sb strings.Builder
	sb.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&sb, "%04X", u)
	}
	sb.WriteString(">")
	return sb.String()
}
