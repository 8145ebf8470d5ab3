package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/folio-press/folio/internal/cputime"
)

// BenchmarkRebuild measures a watch session's rebuild of the bundled
// report (a copy on disk) after a one-word edit in one chapter: loading,
// the draft PDF and the EPUB with the session's layout.Cache, and, in
// "write", writing both files. The debounce delay is not included.
// cpu-ms/op is the CPU time per rebuild, all threads.
func BenchmarkRebuild(b *testing.B) {
	for _, write := range []bool{false, true} {
		name := "memory"
		if write {
			name = "write"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			if err := os.CopyFS(dir, os.DirFS("../../manuscript/report")); err != nil {
				b.Fatal(err)
			}
			chapter := filepath.Join(dir, "chapters", "06-sharing.yaml")
			orig, err := os.ReadFile(chapter)
			if err != nil {
				b.Fatal(err)
			}
			edited := bytes.Replace(orig, []byte("has settled into"), []byte("has settled down into"), 1)
			if bytes.Equal(edited, orig) {
				b.Fatal("the word to edit is not in the chapter")
			}
			e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "0" }}
			s := newSession(e, dir, filepath.Join(b.TempDir(), "out"))
			s.write = write
			if r := s.build(); !r.ok {
				b.Fatalf("first build failed: %v %v", r.err, r.diags)
			}
			versions := [][]byte{edited, orig}
			i := 0
			b.ReportAllocs()
			cpu := cputime.Used()
			for b.Loop() {
				b.StopTimer()
				if err := os.WriteFile(chapter, versions[i%2], 0o644); err != nil {
					b.Fatal(err)
				}
				i++
				b.StartTimer()
				if r := s.build(); !r.ok {
					b.Fatalf("rebuild failed: %v %v", r.err, r.diags)
				}
			}
			b.ReportMetric(float64(cputime.Used()-cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
