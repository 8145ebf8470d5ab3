package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"path"
	"strings"
	"time"

	"github.com/folio-press/folio/fonts"
)

// zipEntry is a file of the archive as stored: its bytes compressed with
// method, and the CRC-32 and size of the bytes before compression.
type zipEntry struct {
	method uint16 // zip.Store or zip.Deflate
	crc    uint32
	size   uint64 // uncompressed
	data   []byte // as stored
}

// zipFile is one entry of the archive, named.
type zipFile struct {
	name  string
	entry zipEntry
}

// Compression levels. Text (XHTML, CSS, SVG, the package document) is
// small and compresses well: the default level. The fonts are most of the
// archive's bytes (2.9 MB of TrueType for the bundled report); the bundled
// faces come compressed at the best level once for all (bundledFont), and
// any other font is deflated at level 4, in three quarters of the default
// level's time (61 against 81 ms for the report's five faces) for 1.6 %
// more bytes, where BestSpeed would take half the time for 13 % more.
const (
	textLevel = flate.DefaultCompression
	fontLevel = 4
)

// storage says how a file is stored in the archive: the mimetype and
// files that are compressed already (PNG, JPEG, WOFF) as they are, fonts
// at fontLevel, anything else deflated at textLevel.
func storage(name string) (method uint16, level int) {
	if name == "mimetype" {
		return zip.Store, 0
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2":
		return zip.Store, 0
	case ".ttf", ".otf":
		return zip.Deflate, fontLevel
	}
	return zip.Deflate, textLevel
}

// bundledFont returns the archive entry of a font file that is one of the
// bundled faces, compressed once for all (fonts.Deflated) rather than on
// every build; ok is false for any other file.
func bundledFont(name string, data []byte) (zipEntry, bool) {
	if path.Dir(name) != path.Join(contentDir, fontDir) {
		return zipEntry{}, false
	}
	file := path.Base(name)
	packed, ok := fonts.Deflated(file)
	if !ok {
		return zipEntry{}, false
	}
	if whole, err := fonts.Read(file); err != nil || !sameBytes(whole, data) {
		return zipEntry{}, false
	}
	return zipEntry{method: zip.Deflate, crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), data: packed}, true
}

// sameBytes reports whether a and b are the same bytes: most often the
// same slice of the embedded font, compared without reading it.
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// deflaters keeps a flate.Writer for each level, to be reset rather than
// made again for every file: a new one allocates about a megabyte. One
// goroutine uses it at a time.
type deflaters map[int]*flate.Writer

// writer returns a flate.Writer at level writing to dst.
func (z deflaters) writer(dst *bytes.Buffer, level int) (*flate.Writer, error) {
	if fw, ok := z[level]; ok {
		fw.Reset(dst)
		return fw, nil
	}
	fw, err := flate.NewWriter(dst, level)
	if err != nil {
		return nil, err
	}
	z[level] = fw
	return fw, nil
}

// compress stores data with method, deflated at level for zip.Deflate
// with a writer from z.
func compress(data []byte, method uint16, level int, z deflaters) (zipEntry, error) {
	e := zipEntry{method: method, crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), data: data}
	switch method {
	case zip.Store:
		return e, nil
	case zip.Deflate:
	default:
		return zipEntry{}, fmt.Errorf("epub: unknown compression method %d", method)
	}
	var c bytes.Buffer
	c.Grow(len(data)/2 + 64)
	fw, err := z.writer(&c, level)
	if err != nil {
		return zipEntry{}, fmt.Errorf("epub: deflate: %w", err)
	}
	if _, err := fw.Write(data); err != nil {
		return zipEntry{}, fmt.Errorf("epub: deflate: %w", err)
	}
	if err := fw.Close(); err != nil {
		return zipEntry{}, fmt.Errorf("epub: deflate: %w", err)
	}
	e.data = c.Bytes()
	return e, nil
}

// zipArchive zips the files in the order given, the way OCF wants it and
// the same way every time: the mimetype entry first and stored, the other
// entries as compress made them; no extra fields, no data descriptors,
// and every entry stamped with the time t (clamped to the range ZIP can
// record).
func zipArchive(files []zipFile, t time.Time) ([]byte, error) {
	if len(files) == 0 || files[0].name != "mimetype" || files[0].entry.method != zip.Store {
		return nil, fmt.Errorf("epub: the archive does not start with the mimetype, stored")
	}
	size := 22 // the end of central directory record
	for _, f := range files {
		size += len(f.entry.data) + 30 + 46 + 2*len(f.name)
	}
	var buf bytes.Buffer
	buf.Grow(size)
	zw := zip.NewWriter(&buf)
	date, clock := dosTime(t)
	for _, f := range files {
		fh := &zip.FileHeader{
			Name:               f.name,
			Method:             f.entry.method,
			CRC32:              f.entry.crc,
			CompressedSize64:   uint64(len(f.entry.data)),
			UncompressedSize64: f.entry.size,
			CreatorVersion:     20,
			ReaderVersion:      20,
		}
		// Setting Modified would add an extended-timestamp extra field.
		//lint:ignore SA1019 the MS-DOS fields are the only way to a time stamp without an extra field
		fh.ModifiedDate, fh.ModifiedTime = date, clock
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return nil, fmt.Errorf("epub: zip %s: %w", f.name, err)
		}
		if _, err := w.Write(f.entry.data); err != nil {
			return nil, fmt.Errorf("epub: zip %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("epub: zip: %w", err)
	}
	return buf.Bytes(), nil
}

// dosTime returns t as an MS-DOS date and time, in UTC, clamped to
// 1980-01-01 to 2107-12-31.
func dosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	lo := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	if t.Before(lo) {
		t = lo
	}
	if t.After(hi) {
		t = hi
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
