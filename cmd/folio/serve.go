package main

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/manuscript"
)

// previewAssets is the preview page: its HTML, script and style.
//
//go:embed preview
var previewAssets embed.FS

type serveOptions struct {
	addr string
}

func serveCommand() *command {
	return &command{
		name: "serve", args: "[DIR]", summary: "preview the book in a browser while you edit",
		help: `Builds the manuscript in DIR (default: the current folder, which must hold
book.yaml) and serves a preview on http://127.0.0.1:8080/: the book as the
EPUB's XHTML and CSS, chapter by chapter, with the draft PDF one click
away. Like 'folio watch', it builds again whenever a file in DIR changes,
and the page shows the new build by itself. Manuscript errors appear over
the page as file:line:col: message, over the last good build.

Nothing is written: the outputs are kept in memory. The server listens on
the loopback interface only, unless --addr names another host.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on: host:port, or a port on 127.0.0.1")
			return func() any {
				addr, err := listenAddr(o.addr)
				if err != nil {
					return err
				}
				o.addr = addr
				return o
			}
		},
		run: func(e *env, dir string, opts any) int {
			return runServe(e, dir, opts.(*serveOptions))
		},
	}
}

// listenAddr completes an --addr value: a bare port, or a port with no
// host, is on 127.0.0.1.
func listenAddr(s string) (string, error) {
	if _, err := strconv.Atoi(s); err == nil {
		s = ":" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", s, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("--addr %q: bad port", s)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

func runServe(e *env, dir string, o *serveOptions) int {
	dir, ok := manuscriptDir(e, "serve", dir)
	if !ok {
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio serve: %v\n", err)
		return exitErrors
	}
	err = serve(ctx, e, dir, ln, func(url string) {
		fmt.Fprintf(e.stdout, "preview on %s (Ctrl-C to stop)\n", url)
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "folio serve: %v\n", err)
		return exitErrors
	}
	fmt.Fprintln(e.stderr, "folio serve: stopped")
	return exitOK
}

// serve builds the manuscript in dir, serves the preview on ln and builds
// again on every change until ctx is done. ready is called with the
// preview's URL once the first build is served and dir is watched.
func serve(ctx context.Context, e *env, dir string, ln net.Listener, ready func(url string)) error {
	p := newPreview()
	srv := &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 10 * time.Second,
		// the event streams end when ctx does
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s := newSession(e, dir, "")
	err := watchLoop(ctx, s, func(r *buildResult) {
		printResult(e, r)
		p.update(r)
	}, func() { ready("http://" + ln.Addr().String() + "/") })
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shut); serr != nil && err == nil {
		err = fmt.Errorf("stop the server: %w", serr)
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// preview serves the last good build as a web page, and the errors of the
// last build if it failed. It is safe for concurrent use.
type preview struct {
	assets http.Handler

	mu    sync.Mutex
	state *previewState
	subs  map[chan *previewState]bool
}

// previewState is what the page shows, as sent to it in JSON.
type previewState struct {
	Version int          `json:"version"` // the number of the build shown
	Build   int          `json:"build"`   // the number of the last build
	Title   string       `json:"title"`
	Docs    []previewDoc `json:"docs"`
	PDF     string       `json:"pdf"`    // the draft PDF's URL
	Status  string       `json:"status"` // what the last build said
	Errors  []previewErr `json:"errors"` // the last build's errors; none if it was good

	files   map[string]*zip.File // the EPUB's files by name
	pdf     []byte
	pdfName string
}

// previewDoc is one content document of the EPUB, in reading order.
type previewDoc struct {
	Href  string `json:"href"` // its URL
	Title string `json:"title"`
}

// previewErr is a manuscript error for the overlay.
type previewErr struct {
	Pos     string `json:"pos"` // file:line:col
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func newPreview() *preview {
	return &preview{
		assets: http.FileServerFS(previewAssets),
		state:  &previewState{Status: "building…", Docs: []previewDoc{}, Errors: []previewErr{}},
		subs:   map[chan *previewState]bool{},
	}
}

// update takes in a build: a good one replaces what is shown; a failed one
// keeps it and adds its errors. Every open page is told.
func (p *preview) update(r *buildResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	next := *p.state
	next.Build = r.seq
	next.Errors = []previewErr{}
	ms := r.elapsed.Round(time.Millisecond)
	switch {
	case r.ok:
		files, docs, err := readEPUB(r.epub.data)
		if err != nil {
			next.Errors = append(next.Errors, previewErr{Message: err.Error()})
			next.Status = "the EPUB could not be read"
			break
		}
		next.Version, next.files, next.Docs = r.seq, files, docs
		next.Title = r.book.Title
		next.pdf, next.pdfName = r.pdf.data, path.Base(r.pdf.path)
		next.PDF = fmt.Sprintf("/draft.pdf?v=%d", r.seq)
		next.Status = fmt.Sprintf("built in %s", ms)
		if r.seq > 1 {
			next.Status = fmt.Sprintf("rebuilt in %s; %s", ms, r.summary())
		}
	case r.err != nil:
		next.Errors = append(next.Errors, previewErr{Message: r.err.Error()})
		next.Status = "build failed"
	default:
		// the errors in the files just changed first: the others often
		// follow from them (a chapter that no longer parses leaves the
		// cross-references to it pointing at nothing)
		changed := map[string]bool{}
		for _, c := range r.changed {
			changed[filepath.Clean(c)] = true
		}
		var first, rest []previewErr
		for _, d := range r.diags {
			if d.Severity != manuscript.Error {
				continue
			}
			e := previewErr{Pos: d.Pos.String(), Message: d.Message, Hint: d.Hint}
			if changed[filepath.Clean(d.Pos.File)] {
				first = append(first, e)
			} else {
				rest = append(rest, e)
			}
		}
		next.Errors = append(append(next.Errors, first...), rest...)
		next.Status = fmt.Sprintf("%d %s", len(next.Errors), plural(len(next.Errors), "error", "errors"))
	}
	p.state = &next
	for ch := range p.subs {
		// a page that has not taken the state before gets this one instead
		select {
		case <-ch:
		default:
		}
		ch <- &next
	}
}

// readEPUB opens an EPUB held in memory and lists its content documents in
// reading order with their titles.
func readEPUB(data []byte) (map[string]*zip.File, []previewDoc, error) {
	a, err := epub.Open(data)
	if err != nil {
		return nil, nil, err
	}
	docs := []previewDoc{}
	for _, name := range a.Spine {
		page, err := a.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		var doc struct {
			Title string `xml:"head>title"`
		}
		if err := xml.Unmarshal(page, &doc); err != nil {
			return nil, nil, fmt.Errorf("read the EPUB: %s: %w", name, err)
		}
		docs = append(docs, previewDoc{Href: "/book/" + name, Title: strings.TrimSpace(doc.Title)})
	}
	return a.Files, docs, nil
}

func (p *preview) current() *previewState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// ServeHTTP serves the page (/ and /preview/…), its state (/state and the
// event stream /events), the EPUB's files (/book/…) and the draft PDF.
func (p *preview) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case r.URL.Path == "/":
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/preview/"
		p.assets.ServeHTTP(w, r2)
	case strings.HasPrefix(r.URL.Path, "/preview/"):
		p.assets.ServeHTTP(w, r)
	case r.URL.Path == "/state":
		writeJSON(w, p.current())
	case r.URL.Path == "/events":
		p.events(w, r)
	case r.URL.Path == "/draft.pdf":
		st := p.current()
		if st.pdf == nil {
			http.Error(w, "no good build yet", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", st.pdfName))
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(st.pdf))
	case strings.HasPrefix(r.URL.Path, "/book/"):
		p.bookFile(w, r, strings.TrimPrefix(r.URL.Path, "/book/"))
	default:
		http.NotFound(w, r)
	}
}

// bookFile serves a file straight out of the EPUB archive.
func (p *preview) bookFile(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := p.current().files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	rc, err := f.Open()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rc.Close()
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".xhtml":
		ct = "application/xhtml+xml; charset=utf-8"
	case ".ncx":
		ct = "application/x-dtbncx+xml"
	case ".opf":
		ct = "application/oebps-package+xml"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.FormatUint(f.UncompressedSize64, 10))
	if r.Method == http.MethodHead {
		return
	}
	io.Copy(w, rc)
}

// events streams the state to the page as server-sent events: the current
// state at once, then each new one, until the page goes or the server
// stops.
func (p *preview) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan *previewState, 1)
	p.mu.Lock()
	p.subs[ch] = true
	st := p.state
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.subs, ch)
		p.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	for {
		data, err := json.Marshal(st)
		if err != nil {
			return
		}
		if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", data); err != nil {
			return
		}
		flusher.Flush()
		select {
		case <-r.Context().Done():
			return
		case st = <-ch:
		}
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
}
