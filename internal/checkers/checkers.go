// Package checkers runs the independent tools Folio's tests check its
// output with: EPUBCheck, found where Debian installs it, and the
// renderers that turn a PDF's pages into pixels (poppler's pdftoppm) and
// into ink values (Ghostscript). The tests
// fail, never skip, when a checker is missing: `make test` installs them
// (tools/test-deps.sh).
package checkers

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// EpubcheckJar returns the path of EPUBCheck's jar: $EPUBCHECK_JAR, the
// jar Debian's epubcheck package lists, or one of its usual places.
func EpubcheckJar() (string, error) {
	if p := os.Getenv("EPUBCHECK_JAR"); p != "" {
		return p, nil
	}
	if out, err := exec.Command("dpkg", "-L", "epubcheck").Output(); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if strings.HasSuffix(sc.Text(), "/epubcheck.jar") {
				return sc.Text(), nil
			}
		}
	}
	for _, p := range []string{"/usr/share/java/epubcheck.jar", "/usr/share/epubcheck/epubcheck.jar"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("EPUBCheck is not installed: run make test-deps (apt-get install epubcheck), or set EPUBCHECK_JAR")
}

// EpubcheckResult is what EPUBCheck said of one EPUB.
type EpubcheckResult struct {
	Output                   string // everything it printed
	Fatals, Errors, Warnings int
	Messages                 []string // its FATAL, ERROR and WARNING lines
}

// Clean reports whether EPUBCheck found nothing to report.
func (r EpubcheckResult) Clean() bool { return r.Fatals+r.Errors+r.Warnings == 0 }

var summaryRE = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings? / (\d+) infos?`)

// Epubcheck runs EPUBCheck on file. The JVM runs with its simplest JIT and
// collector, which halves EPUBCheck's start-up for a file of this size. An
// error means EPUBCheck could not be run or printed no summary, not that
// it found problems: see the result's counts.
func Epubcheck(file string) (EpubcheckResult, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return EpubcheckResult{}, fmt.Errorf("java is not installed; EPUBCheck needs it (make test-deps)")
	}
	jar, err := EpubcheckJar()
	if err != nil {
		return EpubcheckResult{}, err
	}
	out, runErr := exec.Command(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, file).CombinedOutput()
	r := EpubcheckResult{Output: string(out)}
	m := summaryRE.FindStringSubmatch(r.Output)
	if m == nil {
		if strings.Contains(r.Output, "No errors or warnings detected") {
			return r, nil
		}
		return r, fmt.Errorf("EPUBCheck printed no summary (%v):\n%s", runErr, out)
	}
	r.Fatals, _ = strconv.Atoi(m[1])
	r.Errors, _ = strconv.Atoi(m[2])
	r.Warnings, _ = strconv.Atoi(m[3])
	for _, line := range strings.Split(r.Output, "\n") {
		if strings.HasPrefix(line, "FATAL") || strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "WARNING") {
			r.Messages = append(r.Messages, line)
		}
	}
	if runErr != nil && r.Clean() {
		return r, fmt.Errorf("EPUBCheck failed: %v\n%s", runErr, out)
	}
	return r, nil
}
