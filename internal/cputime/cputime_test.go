package cputime

import (
	"crypto/sha256"
	"runtime"
	"testing"
)

func TestUsed(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no CPU time on", runtime.GOOS)
	}
	before := Used()
	buf := make([]byte, 1<<20)
	for range 200 {
		sum := sha256.Sum256(buf)
		buf[0] = sum[0]
	}
	if after := Used(); after <= before {
		t.Errorf("CPU time %v, then %v after hashing 200 MB", before, after)
	}
}
