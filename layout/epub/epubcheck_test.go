package epub

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// epubcheckJar finds EPUBCheck: $EPUBCHECK_JAR, or the jar of Debian's
// epubcheck package (whose wrapper script does not start everywhere).
func epubcheckJar(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("EPUBCHECK_JAR"); p != "" {
		return p
	}
	if out, err := exec.Command("dpkg", "-L", "epubcheck").Output(); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if strings.HasSuffix(sc.Text(), "/epubcheck.jar") {
				return sc.Text()
			}
		}
	}
	if _, err := os.Stat("/usr/share/java/epubcheck.jar"); err == nil {
		return "/usr/share/java/epubcheck.jar"
	}
	t.Fatal("EPUBCheck is not installed: apt-get install epubcheck, or set EPUBCHECK_JAR")
	return ""
}

var summaryRE = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings? / (\d+) infos?`)

// TestEPUBCheck validates every test book with EPUBCheck and wants no
// fatal error, error or warning. It fails, rather than skips, when Java or
// EPUBCheck is missing.
func TestEPUBCheck(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is not installed; EPUBCheck needs it")
	}
	jar := epubcheckJar(t)
	for _, name := range bookNames {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, _ := built(t, name)
			file := filepath.Join(t.TempDir(), name+".epub")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(java, "-jar", jar, file).CombinedOutput()
			m := summaryRE.FindSubmatch(out)
			if m == nil {
				t.Fatalf("no summary from EPUBCheck (%v):\n%s", err, out)
			}
			n := func(i int) int { v, _ := strconv.Atoi(string(m[i])); return v }
			if n(1)+n(2)+n(3) > 0 {
				var msgs []string
				for _, line := range strings.Split(string(out), "\n") {
					if strings.HasPrefix(line, "FATAL") || strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "WARNING") {
						msgs = append(msgs, line)
					}
				}
				t.Errorf("EPUBCheck: %d fatal errors, %d errors, %d warnings:\n%s", n(1), n(2), n(3), strings.Join(msgs, "\n"))
			} else if err != nil {
				t.Errorf("EPUBCheck failed: %v\n%s", err, out)
			}
		})
	}
}
