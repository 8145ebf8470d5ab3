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
	"net/url"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/folio-press/folio/display"
	"github.com/folio-press/folio/epub"
	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/pagesvg"
)

// previewAssets is the preview page: its HTML, script and style.
//
//go:embed preview
var previewAssets embed.FS

type serveOptions struct {
	addr   string
	editor string
	public bool // listening beyond the loopback interface is allowed
}

// defaultEditor is the link the preview offers to open a manuscript
// position in an editor: Visual Studio Code's.
const defaultEditor = "vscode://file/{path}:{line}:{col}"

func serveCommand() *command {
	return &command{
		name: "serve", args: "[DIR]", summary: "preview the book in a browser while you edit",
		help: `Builds the manuscript in DIR (default: the current folder, which must hold
book.yaml) and serves a preview on http://127.0.0.1:8080/: the book as the
EPUB's XHTML and CSS, chapter by chapter, and beside it the draft's typeset
pages, drawn from the same display list as its PDF, with every layout
problem marked where it is. Clicking a paragraph on a page gives its
file:line:col and a link that opens it in an editor (--editor: a URL with
{path}, {line} and {col}, by default Visual Studio Code's
vscode://file/{path}:{line}:{col}). Like 'folio watch', it builds again
whenever a file in DIR changes; the page shows the new build by itself and
scrolls the pages to the part edited. Manuscript errors appear over the
page as file:line:col: message, over the last good build.

Nothing is written: the outputs are kept in memory. The server listens on
the loopback interface and answers only requests for that address (so no
other web page can read the drafts, by DNS rebinding or from another
origin); an --addr beyond this machine needs --public, and then anyone
who can reach it can read the unpublished book.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on: host:port, or a port on 127.0.0.1")
			fs.StringVar(&o.editor, "editor", defaultEditor, "the link that opens a manuscript position in an editor, with {path}, {line} and {col}")
			fs.BoolVar(&o.public, "public", false, "allow an --addr beyond the loopback interface: anyone who reaches it reads the drafts")
			return func() any {
				if !strings.Contains(o.editor, "{path}") {
					return fmt.Errorf("--editor %q: no {path} in it", o.editor)
				}
				addr, err := listenAddr(o.addr)
				if err != nil {
					return err
				}
				if !o.public && !loopback(addr) {
					return fmt.Errorf("--addr %s listens beyond this machine, and the preview shows unpublished drafts to whoever reaches it; add --public to allow it", o.addr)
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

// loopback reports whether a host:port is on the loopback interface only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
	if o.public && !loopback(o.addr) {
		fmt.Fprintf(e.stderr, "folio serve: warning: listening on %s, beyond this machine: anyone who can reach it can read the drafts\n", o.addr)
	}
	err = serve(ctx, e, dir, ln, o.editor, func(url string) {
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
func serve(ctx context.Context, e *env, dir string, ln net.Listener, editor string, ready func(url string)) error {
	p := newPreview()
	p.editor = editor
	_, p.port, _ = net.SplitHostPort(ln.Addr().String())
	p.public = !loopback(ln.Addr().String())
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
	editor string         // the editor link's template
	svg    pagesvg.Writer // draws the pages, keeping the glyphs' outlines
	// port is the port served, which a request's Host must name (any, when
	// empty); public allows any host, for an --addr beyond the loopback
	port   string
	public bool

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

	// Pages is how many pages the draft has; /pages gives them
	Pages int `json:"pages"`
	// Focus is where on the pages the last edit is: the line of its
	// paragraph nearest before the first line changed; nil when unknown
	Focus *previewFocus `json:"focus"`

	files   map[string]*zip.File // the EPUB's files by name
	pdf     []byte
	pdfName string
	draft   *display.Document
	pageSVG []func() ([]byte, error) // each page's SVG, drawn once when first asked for
	sources map[string][]byte        // the manuscript's files as this build read them, by Pos.File, for Focus
}

// previewFocus is a place on a page.
type previewFocus struct {
	Page int     `json:"page"` // from 0
	Y    float64 `json:"y"`    // points from the page's top
	Pos  string  `json:"pos"`
}

// previewPage is a page of the draft, for the page view: its size, its
// folio, and the boxes that lead to the manuscript.
type previewPage struct {
	Label   string          `json:"label"`
	W       float64         `json:"w"`
	H       float64         `json:"h"`
	Sources []previewSource `json:"sources"`
}

// previewSource is a box of a page (points) and the manuscript position
// of what it shows, with the editor link; Problem names a layout problem
// there.
type previewSource struct {
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	W       float64 `json:"w"`
	H       float64 `json:"h"`
	Pos     string  `json:"pos"`
	Editor  string  `json:"editor"`
	Problem string  `json:"problem,omitempty"`
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
		next.draft = r.pdf.display
		next.Pages = 0
		next.pageSVG = nil
		if dl := next.draft; dl != nil {
			next.Pages = len(dl.Pages)
			next.pageSVG = make([]func() ([]byte, error), len(dl.Pages))
			for i := range dl.Pages {
				next.pageSVG[i] = sync.OnceValues(func() ([]byte, error) { return p.svg.Page(dl, i) })
			}
		}
		next.sources = r.book.Sources()
		next.Focus = focus(p.state.sources, next.sources, r.changed, next.draft)
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
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if msg := p.refuse(r); msg != "" {
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/" || strings.HasPrefix(r.URL.Path, "/preview/") {
		w.Header().Set("Content-Security-Policy", previewCSP)
	} else {
		w.Header().Set("Content-Security-Policy", bookCSP)
	}
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
	case r.URL.Path == "/pages":
		p.pages(w)
	case strings.HasPrefix(r.URL.Path, "/page/"):
		p.page(w, r, strings.TrimPrefix(r.URL.Path, "/page/"))
	case strings.HasPrefix(r.URL.Path, "/book/"):
		p.bookFile(w, r, strings.TrimPrefix(r.URL.Path, "/book/"))
	default:
		http.NotFound(w, r)
	}
}

// The content security policies: the preview page runs its own script and
// style only; the book's files and pages run no script at all, and no page
// of another origin may frame either.
const (
	previewCSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	bookCSP    = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)

// refuse says why a request must not be answered, or "": a Host that is
// not the address served (a DNS-rebinding page's), or another origin's
// page asking.
func (p *preview) refuse(r *http.Request) string {
	if !p.public && !p.hostAllowed(r.Host) {
		return "folio serve answers only requests for the address it serves"
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return "folio serve answers no other origin"
		}
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "folio serve answers no other site"
	}
	return ""
}

// hostAllowed reports whether a request's Host names the loopback
// address served.
func (p *preview) hostAllowed(host string) bool {
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = host, ""
	}
	if p.port != "" && port != p.port {
		return false
	}
	return loopback(h) || loopback(strings.Trim(h, "[]"))
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

// pages serves the draft's pages, for the page view.
func (p *preview) pages(w http.ResponseWriter) {
	st := p.current()
	out := []previewPage{}
	if st.draft != nil {
		abs := map[string]string{}
		for _, pg := range st.draft.Pages {
			pp := previewPage{Label: pg.Label, W: pg.Media.W, H: pg.Media.H, Sources: []previewSource{}}
			for _, s := range pg.Sources {
				a, ok := abs[s.File]
				if !ok {
					a, _ = filepath.Abs(s.File)
					abs[s.File] = a
				}
				pos := manuscript.Pos{File: s.File, Line: s.Line, Col: s.Col}
				pp.Sources = append(pp.Sources, previewSource{X: s.Box.X, Y: s.Box.Y, W: s.Box.W, H: s.Box.H, Pos: pos.String(),
					Editor: editorLink(p.editor, a, s.Line, s.Col), Problem: s.Problem})
			}
			out = append(out, pp)
		}
	}
	writeJSON(w, out)
}

// editorLink fills the editor template: {path} with the file's absolute
// path (its parts escaped as a URL's path), {line} and {col}.
func editorLink(tmpl, abs string, line, col int) string {
	u := (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
	return strings.NewReplacer("{path}", u, "{line}", strconv.Itoa(line), "{col}", strconv.Itoa(col)).Replace(tmpl)
}

// page serves page n (from 1) of the draft as SVG.
func (p *preview) page(w http.ResponseWriter, r *http.Request, name string) {
	st := p.current()
	n, err := strconv.Atoi(strings.TrimSuffix(name, ".svg"))
	if err != nil || !strings.HasSuffix(name, ".svg") || n < 1 || n > len(st.pageSVG) {
		http.NotFound(w, r)
		return
	}
	svg, err := st.pageSVG[n-1]()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(svg))
}

// focus finds where on the pages an edit is: for the first file changed
// whose text differs from before, its first line that differs, and the
// box of the pages from that file whose line is the nearest at or before
// it. It returns nil when nothing is known.
func focus(before, after map[string][]byte, changed []string, dl *display.Document) *previewFocus {
	if dl == nil {
		return nil
	}
	for _, c := range changed {
		old, now, file, ok := sourcesOf(before, after, c)
		if !ok {
			continue
		}
		line := firstDifferentLine(old, now)
		if line == 0 {
			continue
		}
		var best *previewFocus
		bestLine := 0
		for i, pg := range dl.Pages {
			for _, s := range pg.Sources {
				if s.File != file || s.Line > line || s.Line < bestLine || s.Problem != "" {
					continue
				}
				if s.Line > bestLine || best == nil {
					pos := manuscript.Pos{File: s.File, Line: s.Line, Col: s.Col}
					best, bestLine = &previewFocus{Page: i, Y: s.Box.Y, Pos: pos.String()}, s.Line
				}
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// sourcesOf finds a changed file (a path as the watcher gives it) among
// the files a build read, before and after, and returns their texts and
// the path its positions name.
func sourcesOf(before, after map[string][]byte, changed string) (old, now []byte, file string, ok bool) {
	abs, err := filepath.Abs(changed)
	if err != nil {
		return nil, nil, "", false
	}
	for f, data := range after {
		if fa, err := filepath.Abs(f); err == nil && fa == abs {
			old, ok = before[f]
			return old, data, f, ok
		}
	}
	return nil, nil, "", false
}

// firstDifferentLine is the number of the first line, from 1, where a and
// b differ, or 0 when they are the same.
func firstDifferentLine(a, b []byte) int {
	if bytes.Equal(a, b) {
		return 0
	}
	line := 1
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '\n' {
			line++
		}
	}
	return line
}
