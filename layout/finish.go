package layout

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"regexp"
	"sort"
)

// pageBoxRE matches a run of page-box lines in a page dictionary as fpdf
// writes them, one per line.
var pageBoxRE = regexp.MustCompile(`(?m)(?:^/(?:Trim|Bleed|Crop|Art)Box \[[^\]\n]*\]\n)+`)

// finish makes fpdf's output deterministic and complete:
//
//   - fpdf writes a page's boxes in map order; each box is one line, so
//     sorting the lines changes no byte offset and the xref stays valid;
//   - fpdf writes no trailer /ID; one is added from the file's MD5, after
//     the xref table, so no offset moves.
func finish(pdf []byte) []byte {
	pdf = pageBoxRE.ReplaceAllFunc(pdf, func(run []byte) []byte {
		lines := bytes.SplitAfter(run, []byte("\n"))
		sort.Slice(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })
		return bytes.Join(lines, nil)
	})
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
