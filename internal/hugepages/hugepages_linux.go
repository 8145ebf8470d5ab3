package hugepages

import (
	"os"
	"strings"
)

func mode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	return parseMode(string(b))
}

// strictOvercommit reports whether the system counts every mapping
// against its memory (vm.overcommit_memory 2): there a large untouched
// reservation could make the runtime fail for want of memory it would
// never use.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err != nil || strings.TrimSpace(string(b)) == "2"
}
