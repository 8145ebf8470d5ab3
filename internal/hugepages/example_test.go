package hugepages_test

import (
	"fmt"

	"github.com/folio-press/folio/internal/hugepages"
)

// A batch command asks for huge pages once, before its work starts, and
// leaves room for the reservation under the memory limit it sets.
func ExampleAdvise() {
	reserved := hugepages.Advise(256 << 20)
	fmt.Printf("%d MiB of heap advised, transparent huge pages %q\n", reserved>>20, hugepages.Mode())
}
