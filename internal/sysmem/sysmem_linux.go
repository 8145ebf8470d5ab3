package sysmem

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

func total() uint64 {
	var si syscall.Sysinfo_t
	var ram uint64
	if syscall.Sysinfo(&si) == nil {
		ram = uint64(si.Totalram) * uint64(si.Unit)
	}
	cg, _ := os.ReadFile("/proc/self/cgroup")
	return minKnown(ram, cgroupLimit(string(cg), os.ReadFile))
}

// cgroupLimit reads the memory limit of the control group that
// /proc/self/cgroup's text names, with readFile: cgroup v2's memory.max,
// else v1's memory.limit_in_bytes; 0 when there is none.
func cgroupLimit(procCgroup string, readFile func(string) ([]byte, error)) uint64 {
	var paths []string
	for _, line := range strings.Split(procCgroup, "\n") {
		// hierarchy-ID:controllers:path
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			continue
		}
		switch {
		case f[0] == "0" && f[1] == "":
			paths = append(paths, "/sys/fs/cgroup"+f[2]+"/memory.max")
		case strings.Contains(","+f[1]+",", ",memory,"):
			paths = append(paths, "/sys/fs/cgroup/memory"+f[2]+"/memory.limit_in_bytes")
		}
	}
	paths = append(paths, "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
	for _, p := range paths {
		b, err := readFile(strings.ReplaceAll(p, "//", "/"))
		if err != nil {
			continue
		}
		s := strings.TrimSpace(string(b))
		if s == "max" {
			return 0
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n >= 1<<60 { // v1 says "no limit" with a huge number
			return 0
		}
		return n
	}
	return 0
}
