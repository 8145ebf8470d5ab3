package layout

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
)

// compressStreams returns the PDF fpdf wrote without compression with its
// uncompressed streams (page contents, ToUnicode maps) deflated and a new
// cross-reference table. fpdf makes a new zlib writer, a megabyte of
// state, for every page it compresses; here one writer per core is reused,
// and the pages are compressed on all cores. The streams are compressed
// as fpdf would (zlib, BestSpeed), each by itself, so the result does not
// depend on the scheduling.
func compressStreams(pdf []byte) ([]byte, error) {
	offs, xref, err := xrefOffsets(pdf)
	if err != nil {
		return nil, err
	}
	// the objects, in the order they are in the file
	type object struct {
		num        int
		start, end int    // span in pdf
		data       []byte // the stream to compress, or nil
		packed     []byte
	}
	objs := make([]object, 0, len(offs))
	for num, off := range offs {
		if num > 0 {
			objs = append(objs, object{num: num, start: off})
		}
	}
	if len(objs) == 0 {
		return pdf, nil
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].start < objs[j].start })
	var jobs []int
	for i := range objs {
		o := &objs[i]
		o.end = xref
		if i+1 < len(objs) {
			o.end = objs[i+1].start
		}
		if o.start >= o.end || o.end > len(pdf) {
			return nil, fmt.Errorf("compress: object %d lies outside the file", o.num)
		}
		body := pdf[o.start:o.end]
		head := []byte(strconv.Itoa(o.num) + " 0 obj\n<</Length ")
		if !bytes.HasPrefix(body, head) {
			continue
		}
		rest := body[len(head):]
		k := bytes.IndexByte(rest, '>')
		n, err := strconv.Atoi(string(rest[:max(k, 0)]))
		const open, tail = ">>\nstream\n", "\nendstream\nendobj\n"
		if k < 0 || err != nil || !bytes.HasPrefix(rest[k:], []byte(open)) {
			continue
		}
		data := rest[k+len(open):]
		if n < 0 || n+len(tail) != len(data) || !bytes.Equal(data[n:], []byte(tail)) {
			return nil, fmt.Errorf("compress: object %d: stream length %d does not match", o.num, n)
		}
		o.data = data[:n]
		jobs = append(jobs, i)
	}

	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Go(func() {
			var buf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
			for i := range next {
				buf.Reset()
				zw.Reset(&buf)
				_, _ = zw.Write(objs[i].data) // a bytes.Buffer does not fail
				_ = zw.Close()
				objs[i].packed = bytes.Clone(buf.Bytes())
			}
		})
	}
	for _, i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	out := make([]byte, 0, len(pdf))
	out = append(out, pdf[:objs[0].start]...)
	newOffs := make([]int, len(offs))
	for _, o := range objs {
		newOffs[o.num] = len(out)
		if o.packed == nil {
			out = append(out, pdf[o.start:o.end]...)
			continue
		}
		out = fmt.Appendf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.num, len(o.packed))
		out = append(out, o.packed...)
		out = append(out, "\nendstream\nendobj\n"...)
	}
	at := len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offs))
	for _, off := range newOffs[1:] {
		out = fmt.Appendf(out, "%010d 00000 n \n", off)
	}
	trailer := bytes.Index(pdf[xref:], []byte("trailer\n"))
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if trailer < 0 || sx < xref+trailer {
		return nil, errors.New("compress: no trailer")
	}
	out = append(out, pdf[xref+trailer:sx]...)
	return fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", at), nil
}

// xrefOffsets reads the cross-reference table fpdf writes at the end of
// the file: one section from object 0, one line per object. It returns
// the offsets by object number and where the table starts.
func xrefOffsets(pdf []byte) ([]int, int, error) {
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if sx < 0 {
		return nil, 0, errors.New("compress: no startxref")
	}
	line := pdf[sx+len("startxref\n"):]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	xref, err := strconv.Atoi(string(line))
	if err != nil || xref < 0 || xref >= len(pdf) || !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		return nil, 0, errors.New("compress: no cross-reference table where startxref says")
	}
	p := pdf[xref+len("xref\n0 "):]
	i := bytes.IndexByte(p, '\n')
	if i < 0 {
		return nil, 0, errors.New("compress: truncated cross-reference table")
	}
	n, err := strconv.Atoi(string(p[:i]))
	p = p[i+1:]
	const entry = 20 // "0000000123 00000 n \n"
	if err != nil || n < 1 || len(p) < n*entry {
		return nil, 0, errors.New("compress: bad cross-reference table")
	}
	offs := make([]int, n)
	for j := 1; j < n; j++ {
		e := p[j*entry : (j+1)*entry]
		if e[17] != 'n' {
			return nil, 0, fmt.Errorf("compress: object %d is not in use", j)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off >= xref {
			return nil, 0, fmt.Errorf("compress: bad offset for object %d", j)
		}
		offs[j] = off
	}
	return offs, xref, nil
}
