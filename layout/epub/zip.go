package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"time"
)

// zipFile is one entry of the archive.
type zipFile struct {
	name string
	data []byte
}

// zipArchive zips the files in the order given, the way OCF wants it and
// the same way every time: the mimetype entry first and stored, every other
// entry deflated; no extra fields, no data descriptors, and every entry
// stamped with the time t (clamped to the range ZIP can record).
func zipArchive(files []zipFile, t time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	date, clock := dosTime(t)
	for _, f := range files {
		data, method := f.data, zip.Store
		if f.name != "mimetype" {
			var c bytes.Buffer
			fw, err := flate.NewWriter(&c, flate.DefaultCompression)
			if err != nil {
				return nil, err
			}
			if _, err := fw.Write(f.data); err != nil {
				return nil, err
			}
			if err := fw.Close(); err != nil {
				return nil, err
			}
			data, method = c.Bytes(), zip.Deflate
		}
		fh := &zip.FileHeader{
			Name:               f.name,
			Method:             method,
			CRC32:              crc32.ChecksumIEEE(f.data),
			CompressedSize64:   uint64(len(data)),
			UncompressedSize64: uint64(len(f.data)),
			CreatorVersion:     20,
			ReaderVersion:      20,
		}
		// Setting Modified would add an extended-timestamp extra field.
		//lint:ignore SA1019 the MS-DOS fields are the only way to a time stamp without an extra field
		fh.ModifiedDate, fh.ModifiedTime = date, clock
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
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
