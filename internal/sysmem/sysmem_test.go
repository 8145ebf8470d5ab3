package sysmem

import (
	"runtime"
	"testing"
)

func TestTotal(t *testing.T) {
	got := Total()
	if runtime.GOOS != "linux" {
		if got != 0 {
			t.Errorf("Total() = %d on %s, want 0", got, runtime.GOOS)
		}
		return
	}
	// a machine this code runs on has between 64 MiB and 64 TiB
	if got < 64<<20 || got > 64<<40 {
		t.Errorf("Total() = %d bytes", got)
	}
}

func TestMinKnown(t *testing.T) {
	for _, tc := range []struct{ a, b, want uint64 }{{0, 0, 0}, {0, 5, 5}, {5, 0, 5}, {3, 5, 3}, {5, 3, 3}} {
		if got := minKnown(tc.a, tc.b); got != tc.want {
			t.Errorf("minKnown(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
