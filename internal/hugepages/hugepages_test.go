package hugepages

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"always [madvise] never\n", "madvise"},
		{"[always] madvise never\n", "always"},
		{"always madvise [never]", "never"},
		{"always within_size advise [never] deny force", "never"},
		{"always madvise never", ""},
		{"", ""},
		{"[]", ""},
	} {
		if got := parseMode(tc.in); got != tc.want {
			t.Errorf("parseMode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDisabledByGODEBUG(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=1,disablethp=0", false},
		{"disablethp=0", false},
		{"madvdontneed=1", false},
		{" disablethp=1 ", true},
	} {
		if got := disabledByGODEBUG(tc.in); got != tc.want {
			t.Errorf("disabledByGODEBUG(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// childEnv makes the test binary, run again, act as the child below.
const childEnv = "HUGEPAGES_TEST_CHILD"

// TestMain lets the test binary run as a fresh process that advises (or
// not) and then fills 32 MiB of heap, so that what it measures is a new
// heap, as in `folio build`, and not the test runner's.
func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		advised := 0
		if v == "advise" {
			advised = Advise(128 << 20)
		}
		keep := make([][]byte, 0, 8192)
		for range 8192 {
			b := make([]byte, 4096)
			b[0] = 1
			keep = append(keep, b)
		}
		fmt.Printf("%v %d\n", advised, anonHugeKB())
		runtime.KeepAlive(keep)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// anonHugeKB is the process's memory in transparent huge pages.
func anonHugeKB() int {
	f, err := os.Open("/proc/self/smaps_rollup")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "AnonHugePages:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return -1
}

// child runs the test binary as a fresh process that fills 32 MiB of
// heap, advised or not, and returns how many bytes it advised and how much
// of its memory is in huge pages.
func child(t *testing.T, mode string, env ...string) (int, int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + mode}, env...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	var advised, kb int
	if _, err := fmt.Sscan(string(bytes.TrimSpace(out)), &advised, &kb); err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	return advised, kb
}

// TestAdvise checks, in fresh processes, that an advised heap is backed by
// huge pages where the system gives them on advice, and that Advise does
// nothing where it should not.
func TestAdvise(t *testing.T) {
	if !eligible() {
		if n := Advise(64 << 20); n != 0 {
			t.Fatalf("Advise advised %d bytes where it is not eligible (%s/%s, transparent huge pages %q)", n, runtime.GOOS, runtime.GOARCH, Mode())
		}
		return
	}
	m := Mode()
	plainAdvised, plain := child(t, "plain")
	advisedBytes, huge := child(t, "advise")
	advised := advisedBytes > 0
	t.Logf("transparent huge pages %q: %d kB in huge pages plain, %d kB advised", m, plain, huge)
	if plainAdvised != 0 {
		t.Fatal("the plain child says it advised")
	}
	if advised != eligible() {
		t.Fatalf("with transparent huge pages %q, Advise advised: %v", m, advised)
	}
	if advised && huge < plain+16<<10 {
		t.Errorf("advised, %d kB of the 32 MiB filled are in huge pages (%d kB without advice); want 16 MiB more", huge, plain)
	}
	if offAdvised, _ := child(t, "advise", "GODEBUG=disablethp=1"); offAdvised != 0 {
		t.Error("Advise advised despite GODEBUG=disablethp=1")
	}
	// under a memory limit, at most a quarter of it
	if limited, _ := child(t, "advise", "GOMEMLIMIT=64MiB"); limited != 16<<20 {
		t.Errorf("under a 64 MiB memory limit, Advise advised %d bytes, want 16 MiB", limited)
	}
	if n := Advise(2<<20 - 1); n != 0 {
		t.Errorf("Advise advised %d bytes when asked for less than one huge page", n)
	}
}
