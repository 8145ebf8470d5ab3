//go:build ignore

// gen_deflate writes deflate/FILE.deflate for every bundled face but the
// CJK one: the face compressed once, at the best level, for the EPUB writer
// to store as it is (fonts.Deflated). Run it with go generate after
// changing a font; a test checks that every file inflates to its face.
package main

import (
	"bytes"
	"compress/flate"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	ttfs, err := filepath.Glob("*.ttf")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll("deflate", 0o755); err != nil {
		log.Fatal(err)
	}
	for _, ttf := range ttfs {
		if strings.HasPrefix(ttf, "DroidSansFallback") {
			continue // not embedded in EPUBs: 4 MB, readers have their own
		}
		data, err := os.ReadFile(ttf)
		if err != nil {
			log.Fatal(err)
		}
		var buf bytes.Buffer
		fw, err := flate.NewWriter(&buf, flate.BestCompression)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			log.Fatal(err)
		}
		if err := fw.Close(); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("deflate", ttf+".deflate"), buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
