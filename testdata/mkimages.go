//go:build ignore

// Command mkimages writes the image files of the test corpus: small valid
// images for the valid manuscripts, and damaged or disguised ones for the
// broken cases. Run it from the repository root after changing it:
//
//	go run testdata/mkimages.go
//
// The files are committed; nothing runs this during tests.
package main

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"log"
	"os"
	"path/filepath"
)

func main() {
	files := map[string][]byte{
		"testdata/valid/hostile-text/images/swatch.png": pngOf(48, 32),
		"testdata/valid/hostile-text/images/photo.jpg":  jpegOf(40, 30),

		"testdata/broken/image-missing/images/map-2019.png": pngOf(16, 16),
		// the first half of a valid PNG: the header reads, the pixels do not
		"testdata/broken/image-truncated-png/images/chart.png":  truncated(pngOf(64, 64)),
		"testdata/broken/image-jpeg-named-png/images/photo.png": jpegOf(40, 30),
		// a PNG that claims 30000×30000 pixels (3.6 GB decoded) in 45 bytes
		"testdata/broken/image-huge/images/poster.png":              pngHeader(30000, 30000),
		"testdata/broken/image-huge/images/banner.png":              pngHeader(24000, 100),
		"testdata/broken/image-unsupported-format/images/logo.gif":  gifOf(16, 16),
		"testdata/broken/image-unsupported-format/images/photo.png": append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), make([]byte, 24)...),
		"testdata/broken/image-unsupported-format/images/diagram.svg": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>
`),
		"testdata/broken/image-unsupported-format/images/notes.png": []byte("These are notes, saved with the wrong name.\n"),
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(200 * x / w), uint8(16 + 100*y/h), 46, 255})
		}
	}
	return img
}

func pngOf(w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h)); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h), &jpeg.Options{Quality: 80}); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func gifOf(w, h int) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, picture(w, h), nil); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func truncated(data []byte) []byte { return data[:len(data)/2] }

// pngHeader returns a PNG with only its signature, header and end chunks.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

func chunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}
