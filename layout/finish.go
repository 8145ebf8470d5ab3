package layout

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// pageBoxRE matches a run of page-box lines in a page dictionary as fpdf
// writes them, one per line.
var pageBoxRE = regexp.MustCompile(`(?m)(?:^/(?:Trim|Bleed|Crop|Art)Box \[[^\]\n]*\]\n)+`)

// sortBoxes puts the page boxes of every page in a fixed order. fpdf writes
// them in map order; each box is one line, so sorting the lines changes no
// byte offset and the cross-reference table stays valid.
func sortBoxes(pdf []byte) []byte {
	return pageBoxRE.ReplaceAllFunc(pdf, func(run []byte) []byte {
		lines := bytes.SplitAfter(run, []byte("\n"))
		sort.Slice(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })
		return bytes.Join(lines, nil)
	})
}

// addID adds the trailer /ID that fpdf does not write, from the file's MD5,
// to the last trailer: it follows the cross-reference table, so no offset
// moves.
func addID(pdf []byte) []byte {
	i := bytes.LastIndex(pdf, []byte("trailer\n<<"))
	if i < 0 || bytes.Contains(pdf[i:], []byte("/ID")) {
		return pdf
	}
	sum := md5.Sum(pdf)
	id := fmt.Sprintf("\n/ID [<%x> <%x>]", sum, sum)
	at := i + len("trailer\n<<")
	out := make([]byte, 0, len(pdf)+len(id))
	out = append(out, pdf[:at]...)
	out = append(out, id...)
	return append(out, pdf[at:]...)
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
	objRE     = regexp.MustCompile(`(?m)^(\d+) 0 obj\n`)
	rootRE    = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE    = regexp.MustCompile(`/Info (\d+) 0 R`)
	sizeRE    = regexp.MustCompile(`/Size (\d+)`)
	startxref = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
)

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
	locs := objRE.FindAllSubmatchIndex(pdf, -1)
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
	tail := pdf[bytes.LastIndex(pdf, []byte("trailer")):]
	root, info, size := rootRE.FindSubmatch(tail), infoRE.FindSubmatch(tail), sizeRE.FindSubmatch(tail)
	prev := startxref.FindSubmatch(pdf)
	if root == nil || size == nil || prev == nil {
		return nil, fmt.Errorf("tag figures: unexpected trailer")
	}
	catalog, _ := strconv.Atoi(string(root[1]))
	next, _ := strconv.Atoi(string(size[1]))
	newObj := func() int { next++; return next - 1 }

	treeRoot, document, parentTree := newObj(), newObj(), newObj()
	var out bytes.Buffer
	out.Write(pdf)
	offsets := map[int]int{}
	put := func(n int, body string) {
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, body)
	}
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
	// the cross-reference section of the update
	xref := out.Len()
	var ns []int
	for n := range offsets {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range ns {
		fmt.Fprintf(&out, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", next, catalog)
	if info != nil {
		fmt.Fprintf(&out, "/Info %s 0 R\n", info[1])
	}
	fmt.Fprintf(&out, "/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n", prev[1], xref)
	return out.Bytes(), nil
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
