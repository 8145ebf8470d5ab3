package main

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/folio-press/folio/bench/tenfold"
	"github.com/folio-press/folio/internal/cputime"
)

// BenchmarkBuild runs 'folio build' end to end, in the process, on the
// bundled report and on the generated manuscript of tenfold.Chapters
// chapters: loading, typesetting, the PDF, the EPUB and writing both
// files (synced, then renamed) into a temporary folder. Besides the wall
// time, each reports the CPU time per build (cpu-ms/op, all threads).
func BenchmarkBuild(b *testing.B) {
	var (
		once   sync.Once
		tenx   string
		genErr error
	)
	parent := b
	tenfoldDir := func(b *testing.B) string {
		once.Do(func() {
			tenx = parent.TempDir()
			genErr = tenfold.Generate(tenx, tenfold.Chapters)
		})
		if genErr != nil {
			b.Fatal(genErr)
		}
		return tenx
	}
	for _, c := range []struct {
		name  string
		tenx  bool
		flags []string
	}{
		{"report/both", false, nil},
		{"report/draft", false, []string{"--pdf", "--edition", "draft"}},
		{"10x/both", true, nil},
		{"10x/draft", true, []string{"--pdf", "--edition", "draft"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			args := append([]string{"build", "--quiet", "-o", b.TempDir()}, c.flags...)
			if c.tenx {
				args = append(args, tenfoldDir(b))
			}
			b.ReportAllocs()
			cpu := cputime.Used()
			for b.Loop() {
				var stderr bytes.Buffer
				if code := run(args, io.Discard, &stderr); code != exitOK {
					b.Fatalf("folio %v: exit %d\n%s", args, code, stderr.String())
				}
			}
			b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
