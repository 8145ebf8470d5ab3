package sysmem

import (
	"io/fs"
	"testing"
)

func TestCgroupLimit(t *testing.T) {
	files := map[string]string{
		"/sys/fs/cgroup/box/memory.max":                          "536870912\n",
		"/sys/fs/cgroup/open/memory.max":                         "max\n",
		"/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "268435456\n",
		"/sys/fs/cgroup/memory/free/memory.limit_in_bytes":       "9223372036854771712\n",
		"/sys/fs/cgroup/memory.max":                              "1073741824\n",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	for _, tc := range []struct {
		proc string
		want uint64
	}{
		{"0::/box\n", 512 << 20},
		{"0::/open\n", 0},
		{"12:memory:/docker/abc\n11:cpu,cpuacct:/docker/abc\n", 256 << 20},
		{"4:cpu,memory:/free\n", 0},
		{"0::/elsewhere\n", 1 << 30}, // the root's, when the group's is not there
		{"", 1 << 30},
	} {
		if got := cgroupLimit(tc.proc, read); got != tc.want {
			t.Errorf("cgroupLimit(%q) = %d, want %d", tc.proc, got, tc.want)
		}
	}
}
