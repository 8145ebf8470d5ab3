package manuscript

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// BookFile is the name of the file at the top of every manuscript folder.
const BookFile = "book.yaml"

// maxFileSize bounds the size of any one manuscript file.
const maxFileSize = 64 << 20

// LoadDir loads the manuscript in the folder dir. Files are read through
// an os.Root, so no path the manuscript names, symlinks included, can reach
// outside the folder.
func LoadDir(dir string) (*Book, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, Diagnostics{{Pos: Pos{File: dir}, Message: fmt.Sprintf("cannot open the manuscript folder: %v", unwrapPathError(err))}}
	}
	defer root.Close()
	return Load(root.FS(), dir)
}

// Load loads, checks and resolves the manuscript whose book.yaml is at the
// top of fsys. dir is the folder's name as the editor knows it; every
// position is shown relative to it. On failure the error is a Diagnostics
// listing every problem found, not just the first. Warnings are in the
// returned book's Warnings.
func Load(fsys fs.FS, dir string) (*Book, error) {
	return load(fsys, dir, nil, true)
}

// load is Load, with a cache and, when prefetch is set, half of the
// chapter files parsed on another goroutine (prefetch.go).
func load(fsys fs.FS, dir string, cache *ParseCache, prefetch bool) (*Book, error) {
	l := &loader{
		prefetch: prefetch,
		cache:    cache,
		fsys:     fsys,
		dir:      dir,
		inline:   newInlineParser(),
		files:    map[string]Pos{},
		ids:      map[string]idDef{},
		charts:   map[string]*Chart{},

		printedAt: map[Pos]bool{},
		sources:   map[string]*source{},
	}
	b := l.load()
	if cache != nil {
		cache.prune()
	}
	diags := l.diags
	diags.Sort()
	var errs, warns Diagnostics
	seen := map[Diagnostic]bool{}
	for _, d := range diags {
		if seen[d] {
			// the same problem met again through a YAML alias
			continue
		}
		seen[d] = true
		if src := l.sources[d.Pos.File]; src != nil {
			d.Source, _ = src.line(d.Pos.Line)
		}
		if d.Severity == Error {
			errs = append(errs, d)
		} else {
			warns = append(warns, d)
		}
	}
	if len(errs) > 0 {
		return nil, append(errs, warns...)
	}
	b.Warnings = warns
	b.sources = l.sources
	return b, nil
}

// idDef records where an id was defined and what it names.
type idDef struct {
	pos    Pos
	kind   RefKind
	target Target
}

type loader struct {
	cache     *ParseCache // nil: parse every file
	prefetch  bool        // parse half of the chapter files on another goroutine
	pre       *prefetcher // the chapter files parsed ahead, or nil
	fsys      fs.FS
	dir       string
	diags     Diagnostics
	inline    *inlineParser
	book      *Book
	files     map[string]Pos    // chapter and matter files listed so far
	ids       map[string]idDef  // figure, table, chapter and section ids
	charts    map[string]*Chart // chart ids
	chartRefs []chartRef        // figures naming charts, resolved at the end
	unloaded  []string          // chapter and matter files that did not load, as displayed
	// cross-references to ids that are not defined, when files did not
	// load: each id's are reported once (resolve.go)
	unresolved map[string][]*XRef

	printed   []printed    // texts the book shows, checked at the end
	printedAt map[Pos]bool // their positions, to record each once

	sources map[string]*source // the text of every file read, by display path

	// the text read and the text aliases repeated, against the book's
	// limits, and whether each limit was reported passed
	textRead, aliased     int
	overText, overAliased bool
}

// limits are the book's limits, or the defaults before book.yaml has set
// them.
func (l *loader) limits() Limits {
	if l.book != nil && l.book.Limits.Text > 0 {
		return l.book.Limits
	}
	return DefaultLimits()
}

// countText adds n bytes of text to the manuscript's, reporting at at the
// first time the whole passes the limit; it says whether it still fits.
func (l *loader) countText(n int, at Pos) bool {
	l.textRead += n
	lim := l.limits()
	if l.textRead+l.aliased <= lim.Text {
		return true
	}
	if !l.overText {
		l.overText = true
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("the manuscript holds more than %s of text here (its files and what their aliases repeat)", size(lim.Text)),
			Hint: overLimit("text")})
	}
	return false
}

func (l *loader) add(d Diagnostic) { l.diags = append(l.diags, d) }

// source keeps the text of a file read, as displayed, and returns it.
func (l *loader) source(file string, data []byte) *source {
	if s := l.sources[file]; s != nil && string(s.data) == string(data) {
		return s
	}
	s := newSource(file, data)
	l.sources[file] = s
	return s
}

// display returns the path of a manuscript file as the editor sees it.
func (l *loader) display(name string) string {
	if l.dir == "" || l.dir == "." {
		return name
	}
	return path.Join(filepathToSlash(l.dir), name)
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, string(os.PathSeparator), "/") }

var driveRE = regexp.MustCompile(`^[A-Za-z]:[\\/]`)

// urlRE matches a path that is a URL: a scheme of two or more letters and
// a colon (https:, file:, data:).
var urlRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// networkRE matches a network path: //host/share or \\host\share.
var networkRE = regexp.MustCompile(`^(//|\\\\)`)

// checkPath checks a path the manuscript names and returns it cleaned.
func (l *loader) checkPath(p string, at Pos) (string, bool) {
	if p == "" {
		l.add(Diagnostic{Pos: at, Message: "empty path"})
		return "", false
	}
	const never = "Folio never downloads anything: save the file into the manuscript folder and name it by its path there, e.g. images/map.png"
	switch {
	case networkRE.MatchString(p):
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q is a network path, not a file in the manuscript folder", shorten(p, 60)), Hint: never})
		return "", false
	case urlRE.MatchString(p):
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q is a URL, not a file in the manuscript folder", shorten(p, 60)), Hint: never})
		return "", false
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || driveRE.MatchString(p):
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q is absolute", p), Hint: "name files relative to the manuscript folder, e.g. chapters/01-intro.yaml or images/map.png"})
		return "", false
	}
	p = strings.ReplaceAll(p, `\`, "/")
	clean := path.Clean(p)
	for _, el := range strings.Split(p, "/") {
		if el != ".." {
			continue
		}
		if clean == ".." || strings.HasPrefix(clean, "../") {
			l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q leaves the manuscript folder", p), Hint: "keep every file the manuscript uses inside its folder"})
		} else {
			l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q goes through \"..\"", p), Hint: fmt.Sprintf("write it as %q", clean)})
		}
		return "", false
	}
	if !fs.ValidPath(clean) {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("path %q is not a valid file name", p)})
		return "", false
	}
	return clean, true
}

// readFile reads a manuscript file named at position at.
func (l *loader) readFile(name string, at Pos) ([]byte, bool) {
	st, err := fs.Stat(l.fsys, name)
	if err == nil && st.IsDir() {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("%q is a folder, not a file", name)})
		return nil, false
	}
	if err == nil && !st.Mode().IsRegular() {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("%q is %s, not a regular file", name, fileKind(st.Mode())),
			Hint: "Folio reads only regular files, which cannot block a build: save the data into a file"})
		return nil, false
	}
	if err == nil && st.Size() > maxFileSize {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("%q is too large (%d MB; the limit is %d MB)", name, st.Size()>>20, maxFileSize>>20)})
		return nil, false
	}
	var data []byte
	if err == nil {
		data, err = fs.ReadFile(l.fsys, name)
	}
	if err != nil {
		l.add(l.fileError(name, at, err))
		return nil, false
	}
	if !l.countText(len(data), at) {
		return nil, false
	}
	return data, true
}

// fileKind names a special file's kind.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "a special file"
	}
	return "not a file"
}

func (l *loader) fileError(name string, at Pos, err error) Diagnostic {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d := Diagnostic{Pos: at, Message: fmt.Sprintf("file %q not found", name)}
		if s := suggest(path.Base(name), l.siblings(name)); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", path.Join(path.Dir(name), s))
		} else if s := l.elsewhere(name); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return d
	case strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes"):
		if target, lerr := fs.ReadLink(l.fsys, name); lerr == nil && (strings.HasPrefix(target, "/") || driveRE.MatchString(target)) {
			return Diagnostic{Pos: at, Message: fmt.Sprintf("%q is a symbolic link to the absolute path %q; Folio follows only relative links that stay inside the manuscript folder", name, shorten(target, 60)), Hint: "copy the file into the manuscript folder, or make the link relative"}
		}
		return Diagnostic{Pos: at, Message: fmt.Sprintf("%q leads outside the manuscript folder (through a symbolic link)", name), Hint: "copy the file into the manuscript folder"}
	case errors.Is(err, syscall.ELOOP):
		return Diagnostic{Pos: at, Message: fmt.Sprintf("cannot read %q: its symbolic links lead in a circle", name), Hint: "replace the link with the file itself"}
	}
	return Diagnostic{Pos: at, Message: fmt.Sprintf("cannot read %q: %v", name, unwrapPathError(err))}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) siblings(name string) []string {
	entries, err := fs.ReadDir(l.fsys, path.Dir(name))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// maxLookedAt bounds how many entries of the manuscript folder a "did you
// mean" for a missing file looks at.
const maxLookedAt = 5000

// elsewhere returns the file of the manuscript folder a missing file most
// likely is, when it is not beside where it was looked for: a file of the
// same name in another folder (users.csv for data/users.csv), else one
// whose path is a likely typo of it; "" when none is.
func (l *loader) elsewhere(name string) string {
	var same, near []string
	seen := 0
	_ = fs.WalkDir(l.fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if seen++; err != nil || seen > maxLookedAt {
			return fs.SkipAll
		}
		if e.IsDir() {
			if p != "." && strings.HasPrefix(e.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(p) != path.Ext(name) {
			return nil
		}
		if path.Base(p) == path.Base(name) {
			same = append(same, p)
		}
		near = append(near, p)
		return nil
	})
	if len(same) > 0 {
		return same[0]
	}
	return suggest(name, near)
}

// parseYAML checks a file's bytes and parses them into a node tree. It
// reports invalid UTF-8, control characters and tab indentation itself, at
// their exact positions, before YAML gets to say something vaguer.
func (l *loader) parseYAML(name string, data []byte) *yaml.Node {
	file := l.display(name)
	l.source(file, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if root := l.cache.get(file, data); root != nil {
		return root
	}
	if root := l.pre.root(file, data); root != nil {
		l.cache.put(file, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), root)
		return root
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !checkBytes(file, data, l.add) {
		return nil
	}
	doc, second, err := decodeDocument(data)
	if err != nil {
		l.add(yamlError(file, data, err))
		return nil
	}
	if second != nil {
		l.add(Diagnostic{Pos: Pos{File: file, Line: second.Line, Col: second.Column},
			Message: "a second YAML document, after ---, which Folio would ignore",
			Hint:    "a manuscript file holds one document: move this into the first one, or into a file of its own"})
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 || isNull(doc.Content[0]) {
		l.add(Diagnostic{Pos: Pos{File: file, Line: 1, Col: 1}, Message: "file is empty"})
		return nil
	}
	l.cache.put(file, data, doc.Content[0])
	return doc.Content[0]
}

// decodeDocument reads the first YAML document of data and returns it,
// with the node of a second document when there is one (which
// yaml.Unmarshal would drop without a word).
func decodeDocument(data []byte) (yaml.Node, *yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return yaml.Node{}, nil, nil
		}
		return doc, nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != nil {
		if errors.Is(err, io.EOF) {
			return doc, nil, nil
		}
		return doc, nil, err
	}
	if len(next.Content) > 0 {
		return doc, next.Content[0], nil
	}
	return doc, &next, nil
}

// checkBytes reports, with add, invalid UTF-8, control characters and tab
// indentation in the bytes of file, and whether there were none.
func checkBytes(file string, data []byte, add func(Diagnostic)) bool {
	ok := true
	line, col := 1, 1
	tabs := 0
	indent := true
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		at := Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size == 1:
			add(Diagnostic{Pos: at, Message: fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i]), Hint: "save the file as UTF-8"})
			return false
		case r == '\t' && indent:
			if tabs < 10 {
				add(Diagnostic{Pos: at, Message: "tab character in indentation", Hint: "YAML indents with spaces; set your editor to insert spaces"})
			}
			tabs++
			ok = false
		case r == '\uFEFF':
			add(Diagnostic{Pos: at, Message: "byte-order mark (U+FEFF) inside the file", Hint: "delete the invisible character"})
			ok = false
		case r != '\n' && r != '\r' && r != '\t' && isControl(r):
			add(Diagnostic{Pos: at, Message: controlName(r), Hint: "delete it; it is invisible in most editors"})
			ok = false
		}
		if r == '\n' {
			line, col, indent = line+1, 1, true
		} else {
			col++
			if r != ' ' && r != '\t' {
				indent = false
			}
		}
		i += size
	}
	return ok
}

// controlName names a control character for a message: "control
// character U+0007 (bell)".
func controlName(r rune) string {
	names := map[rune]string{0: "null", 7: "bell", 8: "backspace", 0xb: "vertical tab", 0xc: "form feed",
		0xd: "carriage return", 0x1b: "escape", 0x7f: "delete", 0x85: "next line"}
	switch r {
	case 0x2028:
		return "line separator U+2028"
	case 0x2029:
		return "paragraph separator U+2029"
	}
	if name, ok := names[r]; ok {
		return fmt.Sprintf("control character U+%04X (%s)", r, name)
	}
	return fmt.Sprintf("control character U+%04X", r)
}

// isControl reports whether r is a control character, or a line or
// paragraph separator, none of which a manuscript may hold.
func isControl(r rune) bool {
	return unicode.IsControl(r) || r == 0x2028 || r == 0x2029
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML syntax error into a positioned diagnostic. YAML
// gives a line only, and for some errors the line where the mapping or
// list it was reading began rather than the line that broke it: the line
// that breaks the file is the last of the shortest run of its first lines
// that does not parse. The column is that line's first character, or the
// colon YAML trips over.
func yamlError(file string, data []byte, err error) Diagnostic {
	msg := err.Error()
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscanf(m[1], "%d", &line)
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	lines := strings.Split(string(data), "\n")
	if bad := firstBadLine(lines); bad > 0 {
		line = bad
	}
	indent := func(n int) int {
		if n < 1 || n > len(lines) {
			return 0
		}
		return len(lines[n-1]) - len(strings.TrimLeft(lines[n-1], " "))
	}
	text := ""
	if line-1 < len(lines) {
		text = lines[line-1]
	}
	col := indent(line) + 1
	// the line before it that holds something
	prev := line - 1
	for prev > 0 && (strings.TrimSpace(lines[prev-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[prev-1]), "#")) {
		prev--
	}
	misindented := prev > 0 && indent(line) != indent(prev)
	indentHint := fmt.Sprintf("check the indentation: this line is indented by %d spaces and the one before by %d; "+
		"YAML nests by indentation, so line it up with the key or item it belongs with", indent(line), indent(prev))
	d := Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Message: "YAML syntax: " + msg}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		// "key: text: more" is text with ": " in it; a key on a line
		// indented under a scalar is a line indented too far
		first := strings.Index(text, ": ")
		if rest := text[first+2:]; first >= 0 && (strings.Contains(rest, ": ") || strings.HasSuffix(strings.TrimSpace(rest), ":")) {
			second := first + 2 + strings.Index(rest, ":")
			d.Pos.Col = utf8.RuneCountInString(text[:second]) + 1
			d.Hint = `put text that contains ": " in quotes`
		} else if misindented {
			d.Hint = indentHint
		} else {
			d.Hint = `put text that contains ": " in quotes`
		}
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-'"),
		strings.Contains(msg, "could not find expected ':'"):
		if misindented {
			d.Hint = indentHint
		} else {
			d.Hint = "check the indentation of this line and the one before"
		}
	case strings.Contains(msg, "exceeded max depth"):
		d.Hint = "the manuscript format nests a few levels deep; check the brackets"
	case strings.Contains(msg, "found character that cannot start any token"):
		d.Hint = "put text that starts with @, ` or % in quotes"
	}
	return d
}

// firstBadLine returns the number of the line that makes a file that does
// not parse fail: the last line of the shortest run of its first lines
// that does not parse; 0 if every such run parses (the error is at the
// end). A run that ends inside a quoted scalar or a bracket fails for
// being cut short, so the search can only come early, never late.
func firstBadLine(lines []string) int {
	parses := func(n int) bool {
		var doc yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(lines[:n], "\n")), &doc) == nil
	}
	lo, hi := 0, len(lines) // lines[:lo] parses; lines[:hi] may not
	if parses(hi) {
		return 0
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if parses(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// loadFile reads and parses a manuscript file.
func (l *loader) loadFile(name string, at Pos) (*fileDecoder, *yaml.Node) {
	data, ok := l.readFile(name, at)
	if !ok {
		return nil, nil
	}
	root := l.parseYAML(name, data)
	if root == nil {
		return nil, nil
	}
	file := l.display(name)
	return &fileDecoder{l: l, file: file, src: l.source(file, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))}, root
}

func (l *loader) load() *Book {
	d, root := l.loadFile(BookFile, Pos{File: l.display(BookFile)})
	if d == nil {
		return nil
	}
	b := &Book{Pos: d.pos(root), Dir: l.dir}
	l.book = b
	if l.prefetch {
		l.pre = l.startPrefetch(root)
	}
	defer l.pre.wait() // nothing goes on after the load
	d.book(b, root)
	l.resolve(b)
	l.checkPrinted(b.Theme.Fonts)
	return b
}

// defineID records a cross-reference target, reporting duplicates.
func (l *loader) defineID(id string, at Pos, kind RefKind, t Target) {
	if prev, dup := l.ids[id]; dup {
		l.add(Diagnostic{Pos: at, Message: fmt.Sprintf("duplicate id %q", id), Hint: fmt.Sprintf("it is already used at %s", prev.pos)})
		return
	}
	l.ids[id] = idDef{pos: at, kind: kind, target: t}
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// checkID reports an id that is not usable in file names and links.
func (d *fileDecoder) checkID(n *yaml.Node, id, what string) bool {
	if !idRE.MatchString(id) {
		d.errorf(n, "use letters, digits, - and _ only, e.g. fig-5g-patents", "%s id %q is not a valid id", what, id)
		return false
	}
	return true
}

// slug makes an id from heading text.
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sb.WriteRune(r)
			dash = false
		case !dash && sb.Len() > 0:
			sb.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(sb.String(), "-")
	if out == "" {
		out = "section"
	}
	return out
}

// idsOfKind lists the defined ids of one kind, for hints.
func (l *loader) idsOfKind(kind RefKind) []string {
	var out []string
	for id, def := range l.ids {
		if def.kind == kind {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
