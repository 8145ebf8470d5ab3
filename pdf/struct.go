package pdf

import (
	"fmt"

	"github.com/folio-press/folio/display"
)

// structTree is the document's structure tree: a Document element holding
// a Figure element for each figure drawn, with its text alternative, and
// the parent tree that leads from each page's marked content back to them.
type structTree struct {
	rootRef ref
	keys    map[int]int // page index → its key in the parent tree
}

// newStructTree writes the tree of the figures the pages' contents marked.
func newStructTree(f *file, doc *display.Document, pages []ref, contents []pageContent) *structTree {
	t := &structTree{keys: map[int]int{}}
	type figure struct {
		page, mcid int
		elem       int32
	}
	var figs []figure
	for i, c := range contents {
		for mcid, e := range c.figures {
			figs = append(figs, figure{i, mcid, e})
		}
	}
	if len(figs) == 0 {
		return t
	}
	t.rootRef = f.alloc()
	document := f.alloc()
	parentTree := f.alloc()
	kids := []byte{'['}
	byPage := map[int][]ref{}
	var order []int
	for _, fg := range figs {
		alt := ""
		if fg.elem >= 0 && int(fg.elem) < len(doc.Elements) {
			alt = doc.Elements[fg.elem].Alt
		}
		b := []byte("<</Type /StructElem /S /Figure /P ")
		b = appendRef(b, document)
		b = append(b, " /Pg "...)
		b = appendRef(b, pages[fg.page])
		b = fmt.Appendf(b, " /K %d /Alt ", fg.mcid)
		b = appendText(b, alt)
		elem := f.add(append(b, ">>"...))
		kids = append(appendRef(kids, elem), ' ')
		if _, seen := byPage[fg.page]; !seen {
			order = append(order, fg.page)
		}
		byPage[fg.page] = append(byPage[fg.page], elem)
	}
	d := []byte("<</Type /StructElem /S /Document /P ")
	d = appendRef(d, t.rootRef)
	d = append(d, " /K "...)
	d = append(d, kids...)
	f.set(document, append(d, "]>>"...))
	nums := []byte("<</Nums [")
	for k, p := range order {
		t.keys[p] = k
		nums = fmt.Appendf(nums, "%d [", k)
		for _, e := range byPage[p] {
			nums = append(appendRef(nums, e), ' ')
		}
		nums = append(nums, "] "...)
	}
	f.set(parentTree, append(nums, "]>>"...))
	r := []byte("<</Type /StructTreeRoot /K ")
	r = appendRef(r, document)
	r = append(r, " /ParentTree "...)
	r = appendRef(r, parentTree)
	f.set(t.rootRef, fmt.Appendf(r, " /ParentTreeNextKey %d>>", len(order)))
	return t
}

// parentKey returns page i's key in the parent tree, if it has figures.
func (t *structTree) parentKey(i int) (int, bool) {
	if t == nil {
		return 0, false
	}
	k, ok := t.keys[i]
	return k, ok
}

// root returns the tree's root, or 0 when there is none.
func (t *structTree) root() ref {
	if t == nil {
		return 0
	}
	return t.rootRef
}
