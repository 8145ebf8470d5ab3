package hugepages_test

import (
	"fmt"

	"github.com/folio-press/folio/internal/hugepages"
)

// A batch command asks for huge pages once, before its work starts.
func ExampleAdvise() {
	advised := hugepages.Advise(256 << 20)
	fmt.Println(advised == (hugepages.Mode() == "madvise") || !advised)
	// Output: true
}
