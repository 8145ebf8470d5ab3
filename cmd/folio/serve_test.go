package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folio-press/folio/manuscript"
)

func TestListenAddr(t *testing.T) {
	for _, c := range []struct {
		in, want string
		bad      bool
	}{
		{in: "127.0.0.1:8080", want: "127.0.0.1:8080"},
		{in: "8081", want: "127.0.0.1:8081"},
		{in: ":8082", want: "127.0.0.1:8082"},
		{in: "localhost:0", want: "localhost:0"},
		{in: "[::1]:9000", want: "[::1]:9000"},
		{in: "localhost", bad: true},
		{in: "127.0.0.1:http", bad: true},
		{in: "127.0.0.1:70000", bad: true},
	} {
		got, err := listenAddr(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q (error: %v)", c.in, got, err, c.want, c.bad)
		}
	}
}

// builtPreview builds a manuscript into a preview, as 'folio serve' does
// after its first build.
func builtPreview(t *testing.T, dir string) (*preview, *session) {
	t.Helper()
	e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "1562716800" }}
	s := newSession(e, dir, "")
	r := s.build()
	if !r.ok {
		t.Fatalf("build: %v %v", r.err, r.diags)
	}
	p := newPreview()
	p.update(r)
	return p, s
}

// TestPreviewHandler checks the preview's routes without a browser.
func TestPreviewHandler(t *testing.T) {
	p, _ := builtPreview(t, copyManuscript(t, "minimal"))
	srv := httptest.NewServer(p)
	defer srv.Close()
	for _, c := range []struct {
		method, path string
		status       int
		ctype, body  string
	}{
		{"GET", "/", 200, "text/html", `<iframe id="frame"`},
		{"GET", "/preview/preview.js", 200, "javascript", "EventSource"},
		{"GET", "/state", 200, "application/json", `"title":"Mobile China"`},
		{"GET", "/book/EPUB/text/ch-users.xhtml", 200, "application/xhtml+xml", "829"},
		{"GET", "/book/EPUB/css/folio.css", 200, "text/css", ""},
		{"GET", "/draft.pdf", 200, "application/pdf", "%PDF-"},
		{"GET", "/book/EPUB/text/missing.xhtml", 404, "", ""},
		{"GET", "/book/../../etc/passwd", 404, "", ""},
		{"GET", "/nothing", 404, "", ""},
		{"POST", "/state", 405, "", ""},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			req, err := http.NewRequest(c.method, srv.URL+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, c.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, c.ctype)
			}
			if !bytes.Contains(body, []byte(c.body)) {
				t.Errorf("the body does not contain %q", c.body)
			}
			if c.status == 200 && resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
			}
		})
	}
}

// TestPreviewEvents checks the event stream: the state at once, then the
// errors of a failed build, with the last good build still served.
func TestPreviewEvents(t *testing.T) {
	dir := copyManuscript(t, "minimal")
	p, s := builtPreview(t, dir)
	srv := httptest.NewServer(p)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	events := bufio.NewReader(resp.Body)
	next := func() previewState {
		t.Helper()
		var st previewState
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				if err := json.Unmarshal([]byte(data), &st); err != nil {
					t.Fatal(err)
				}
				return st
			}
		}
	}
	first := next()
	if first.Version != 1 || len(first.Errors) != 0 || len(first.Docs) == 0 {
		t.Fatalf("first state: %+v", first)
	}
	editFile(t, filepath.Join(dir, "chapters", "users.yaml"), "title: Users", "title: [Users")
	r := s.build()
	if r.ok {
		t.Fatal("the broken manuscript built")
	}
	p.update(r)
	second := next()
	if second.Version != 1 || second.Build != 2 {
		t.Errorf("after a failed build: version %d, build %d; want 1, 2", second.Version, second.Build)
	}
	if len(second.Errors) == 0 || !strings.HasPrefix(second.Errors[0].Pos, filepath.Join(dir, "chapters", "users.yaml")+":") {
		t.Errorf("errors: %+v", second.Errors)
	}
	if p.current().files["EPUB/text/ch-users.xhtml"] == nil {
		t.Error("the last good build is no longer served")
	}
}

// TestServeInChromium drives the preview page in headless Chromium through
// the DevTools protocol: the page shows a chapter, shows an edit after the
// rebuild without being reloaded by the test, and shows manuscript errors
// over the page. It fails if Chromium is not installed.
func TestServeInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (make test-deps installs it): %v", err)
	}
	dir := copyManuscript(t, "minimal")
	chapter := filepath.Join(dir, "chapters", "users.yaml")
	url := startServe(t, dir, defaultEditor)

	b := startChromium(t, browser)
	session := b.open(t, url)
	type view struct {
		Text, Errors, Status, PDF, Hash string
		Overlay                         bool
		Docs                            int
	}
	look := func() (view, bool) {
		var v view
		raw, err := b.eval(session, `JSON.stringify({
			text: (() => { try { return document.getElementById("frame").contentDocument.body.innerText; } catch (e) { return ""; } })(),
			overlay: !document.getElementById("overlay").hidden,
			errors: document.getElementById("errors").innerText,
			status: document.getElementById("status").textContent,
			pdf: document.getElementById("pdf").href,
			hash: location.hash,
			docs: document.getElementById("docs").options.length,
		})`)
		var s string
		if err != nil || json.Unmarshal(raw, &s) != nil {
			return v, false // the page is not there yet
		}
		// the keys match the fields, whatever their case
		return v, json.Unmarshal([]byte(s), &v) == nil
	}
	await := func(what string, cond func(v view) bool) view {
		t.Helper()
		var v view
		waitFor(t, what, func() bool {
			var ok bool
			v, ok = look()
			return ok && cond(v)
		})
		return v
	}

	v := await("the page with its contents", func(v view) bool { return v.Docs > 0 })
	if v.Overlay {
		t.Errorf("the error overlay shows on a good build: %q", v.Errors)
	}
	// open the chapter from the contents, as a reader would
	if _, err := b.eval(session, `(() => {
		for (const a of document.querySelectorAll("#nav a")) {
			if (a.textContent.includes("Users")) { a.click(); return true; }
		}
		throw new Error("no Users in the contents");
	})()`); err != nil {
		t.Fatal(err)
	}
	v = await("the chapter", func(v view) bool { return strings.Contains(v.Text, "China had 829") })
	if !strings.Contains(v.Hash, "ch-users.xhtml") {
		t.Errorf("location.hash = %q, want the chapter", v.Hash)
	}

	editFile(t, chapter, "China had 829", "China counted 829")
	v = await("the edit", func(v view) bool { return strings.Contains(v.Text, "China counted 829") })
	if !strings.Contains(v.Status, "rebuilt in") {
		t.Errorf("status %q does not say it was rebuilt", v.Status)
	}

	editFile(t, chapter, "title: Users", "title: [Users")
	v = await("the error overlay", func(v view) bool { return v.Overlay })
	want := filepath.Join(dir, "chapters", "users.yaml") + ":"
	if !strings.Contains(v.Errors, want) {
		t.Errorf("the overlay does not name %s…:\n%s", want, v.Errors)
	}
	if !strings.Contains(v.Text, "China counted 829") {
		t.Errorf("the last good build is no longer shown under the overlay:\n%s", v.Text)
	}

	editFile(t, chapter, "title: [Users", "title: Users")
	await("the overlay to go", func(v view) bool { return !v.Overlay })

	resp, err := http.Get(v.PDF)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("the Draft PDF link %s gives %d bytes not a PDF (%v)", v.PDF, len(pdf), err)
	}
}

// startServe serves the preview of the manuscript in dir on a free port
// until the test ends, and returns its URL once the first build is
// served.
func startServe(t *testing.T, dir, editor string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	e := &env{stdout: &out, stderr: &out, getenv: func(string) string { return "1562716800" }}
	urls := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- serve(ctx, e, dir, ln, editor, func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case url := <-urls:
		return url
	case err := <-served:
		t.Fatalf("serve stopped: %v\n%s", err, out.String())
	case <-time.After(deadline):
		t.Fatal("the first build did not come")
	}
	return ""
}

// chromium is a headless Chromium driven through the DevTools protocol
// over a pipe (--remote-debugging-pipe): JSON messages ending in a NUL
// byte, commands on the browser's fd 3 and replies on its fd 4.
type chromium struct {
	cmd  *exec.Cmd
	send io.WriteCloser

	mu      sync.Mutex
	next    int
	waiting map[int]chan cdpReply
	err     error // why the pipe closed
}

type cdpReply struct {
	ID     int             `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func startChromium(t *testing.T, browser string) *chromium {
	t.Helper()
	toBrowser, ours, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromBrowser, theirs, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toBrowser, theirs} // fd 3 and fd 4
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	toBrowser.Close()
	theirs.Close()
	c := &chromium{cmd: cmd, send: ours, waiting: map[int]chan cdpReply{}}
	t.Cleanup(func() {
		ours.Close()
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromium's stderr:\n%s", stderr.String())
		}
	})
	go c.read(fromBrowser)
	return c
}

// read hands each reply to the command waiting for it; events are dropped.
func (c *chromium) read(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReader(r)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			c.mu.Lock()
			c.err = fmt.Errorf("the DevTools pipe closed: %w", err)
			for id, ch := range c.waiting {
				close(ch)
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			return
		}
		var rep cdpReply
		if json.Unmarshal(msg[:len(msg)-1], &rep) != nil || rep.ID == 0 {
			continue
		}
		c.mu.Lock()
		ch := c.waiting[rep.ID]
		delete(c.waiting, rep.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- rep
		}
	}
}

// call sends a command, to the browser or to a page's session, and waits
// for its result.
func (c *chromium) call(session, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return nil, c.err
	}
	c.next++
	id := c.next
	ch := make(chan cdpReply, 1)
	c.waiting[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := c.send.Write(append(data, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	select {
	case rep, ok := <-ch:
		if !ok {
			return nil, c.err
		}
		if rep.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, rep.Error.Message)
		}
		return rep.Result, nil
	case <-time.After(deadline):
		return nil, fmt.Errorf("%s: no reply", method)
	}
}

// open opens url in a new tab and returns the tab's session.
func (c *chromium) open(t *testing.T, url string) string {
	t.Helper()
	res, err := c.call("", "Target.createTarget", map[string]any{"url": url})
	if err != nil {
		t.Fatal(err)
	}
	var target struct{ TargetID string }
	if err := json.Unmarshal(res, &target); err != nil {
		t.Fatal(err)
	}
	res, err = c.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	if err != nil {
		t.Fatal(err)
	}
	var attached struct{ SessionID string }
	if err := json.Unmarshal(res, &attached); err != nil {
		t.Fatal(err)
	}
	return attached.SessionID
}

// eval evaluates a JavaScript expression in the page and returns its value
// as JSON; an exception is an error.
func (c *chromium) eval(session, expr string) (json.RawMessage, error) {
	res, err := c.call(session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if err != nil {
		return nil, err
	}
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	if r.ExceptionDetails != nil {
		return nil, fmt.Errorf("javascript: %s %s", r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	return r.Result.Value, nil
}

// TestPreviewErrorOrder checks that the overlay lists the errors in the
// files just changed first: the others usually follow from them.
func TestPreviewErrorOrder(t *testing.T) {
	diag := func(file string, line int) manuscript.Diagnostic {
		return manuscript.Diagnostic{Pos: manuscript.Pos{File: file, Line: line, Col: 1}, Message: "m"}
	}
	for _, c := range []struct {
		name    string
		changed []string
		want    []string
	}{
		{"nothing changed", nil, []string{"b/back.yaml:3:1", "b/chapters/two.yaml:2:1", "b/front.yaml:1:1"}},
		{"one chapter", []string{"b/chapters/two.yaml"}, []string{"b/chapters/two.yaml:2:1", "b/back.yaml:3:1", "b/front.yaml:1:1"}},
		{"two files", []string{"b/front.yaml", "b/chapters/two.yaml"}, []string{"b/chapters/two.yaml:2:1", "b/front.yaml:1:1", "b/back.yaml:3:1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPreview()
			p.update(&buildResult{seq: 1, changed: c.changed, diags: manuscript.Diagnostics{
				diag("b/back.yaml", 3), diag("b/chapters/two.yaml", 2), diag("b/front.yaml", 1),
				{Pos: manuscript.Pos{File: "b/front.yaml", Line: 9}, Severity: manuscript.Warning, Message: "w"},
			}})
			var got []string
			for _, e := range p.current().Errors {
				got = append(got, e.Pos)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("errors at %v, want %v", got, c.want)
			}
		})
	}
}

// TestPreviewIsTheEditorsAlone checks that the preview answers only its
// own address and origin: a DNS-rebinding page's Host, and another
// origin's requests, get 403 from every route; its answers say not to
// sniff, not to store, and what may run.
func TestPreviewIsTheEditorsAlone(t *testing.T) {
	p, _ := builtPreview(t, copyManuscript(t, "minimal"))
	srv := httptest.NewServer(p)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	p.port = port
	routes := []string{"/", "/preview/preview.js", "/state", "/events", "/draft.pdf", "/pages", "/page/1.svg", "/book/EPUB/text/ch-users.xhtml", "/nothing"}
	get := func(path string, header map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for k, v := range header {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if path != "/events" {
			io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
		return resp
	}
	for _, route := range routes {
		for _, h := range []map[string]string{
			{"Host": "evil.example:" + port},
			{"Host": "evil.example"},
			{"Host": "127.0.0.1:1"},
			{"Origin": "http://evil.example"},
			{"Origin": "http://localhost:1"},
			{"Sec-Fetch-Site": "cross-site"},
		} {
			if resp := get(route, h); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s with %v: %d, want 403", route, h, resp.StatusCode)
			}
		}
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port} {
		if resp := get("/state", map[string]string{"Host": host, "Origin": "http://" + host}); resp.StatusCode != http.StatusOK {
			t.Errorf("GET /state for %s: %d", host, resp.StatusCode)
		}
	}
	resp := get("/", nil)
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the preview page's Content-Security-Policy: %q", csp)
	}
	if csp := get("/book/EPUB/text/ch-users.xhtml", nil).Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("the book's Content-Security-Policy: %q", csp)
	}
	if resp := get("/draft.pdf", nil); resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("the draft may be stored")
	}
}

// TestServeRefusesPublicAddresses: an --addr beyond the loopback needs
// --public, and gets a warning then.
func TestServeRefusesPublicAddresses(t *testing.T) {
	dir := copyManuscript(t, "minimal")
	r := folio(t, dir, nil, "serve", "--addr", "0.0.0.0:0", ".")
	if r.code != 2 || !strings.Contains(r.stderr, "add --public to allow it") {
		t.Errorf("serve --addr 0.0.0.0:0: exit %d\n%s", r.code, r.stderr)
	}
	for _, addr := range []string{"127.0.0.1:0", "[::1]:0", "localhost:0"} {
		if _, err := listenAddr(addr); err != nil || !loopback(addr) {
			t.Errorf("%s is not taken for the loopback: %v", addr, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:80", "192.168.1.2:80", "[::]:80", "example.com:80"} {
		if loopback(addr) {
			t.Errorf("%s taken for the loopback", addr)
		}
	}
}
