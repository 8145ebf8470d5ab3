package layout

import (
	"bytes"
	"regexp"
	"testing"
)

func TestAddID(t *testing.T) {
	const body = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n"
	for _, c := range []struct {
		name, in string
		wantID   bool // an /ID is added
	}{
		{"one trailer", body + "trailer\n<<\n/Size 2\n/Root 1 0 R\n>>\nstartxref\n27\n%%EOF\n", true},
		{"an update's trailer", body + "trailer\n<<\n/Size 2\n>>\nstartxref\n27\n%%EOF\n2 0 obj\n<<>>\nendobj\ntrailer\n<<\n/Size 3\n/Prev 27\n>>\nstartxref\n90\n%%EOF\n", true},
		{"an ID already", body + "trailer\n<<\n/ID [<00> <00>]\n>>\nstartxref\n27\n%%EOF\n", false},
		{"no trailer", body, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			// spare capacity, as a bytes.Buffer leaves, must not leak into
			// the result
			in := append(make([]byte, 0, len(c.in)+200), c.in...)
			out := addID(in)
			if !c.wantID {
				if string(out) != c.in {
					t.Fatalf("changed:\n%s", out)
				}
				return
			}
			id := regexp.MustCompile(`trailer\n<<\n/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]\n`)
			m := id.FindSubmatch(out)
			if m == nil || !bytes.Equal(m[1], m[2]) {
				t.Fatalf("no /ID of two equal 16-byte strings in the last trailer:\n%s", out)
			}
			if bytes.LastIndex(out, []byte("trailer")) != bytes.Index(out, m[0]) {
				t.Errorf("the /ID is not in the last trailer:\n%s", out)
			}
			if got := string(id.ReplaceAll(out, []byte("trailer\n<<\n"))); got != c.in {
				t.Errorf("anything but the /ID changed:\n%s", got)
			}
			if again := addID(append([]byte(nil), c.in...)); !bytes.Equal(again, out) {
				t.Errorf("not deterministic")
			}
			if other := addID([]byte(c.in + " ")); bytes.Equal(other[:len(out)], out) {
				t.Errorf("a different file has the same ID")
			}
		})
	}
}
