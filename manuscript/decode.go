package manuscript

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds how many YAML nodes one file may expand to, aliases
// included, so that an alias bomb ends in an error rather than a hang.
const maxNodes = 2_000_000

// fileDecoder turns one YAML file's node tree into model values, reporting
// every problem it meets with its position.
type fileDecoder struct {
	l     *loader
	file  string  // display path
	src   *source // the file's text
	nodes int
}

// loc returns the locator of the characters of scalar n's value.
func (d *fileDecoder) loc(n *yaml.Node) *scalarLoc {
	return &scalarLoc{src: d.src, line: n.Line, col: n.Column, style: n.Style}
}

func (d *fileDecoder) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *fileDecoder) errorf(n *yaml.Node, hint, format string, args ...any) {
	d.l.add(Diagnostic{Pos: d.pos(n), Message: fmt.Sprintf(format, args...), Hint: hint})
}

// resolve follows aliases and counts nodes against maxNodes.
// unalias follows aliases to the node they name, or nil for a chain too
// long to be a manuscript's.
func unalias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > 100 {
			return nil
		}
		n = n.Alias
	}
	return n
}

func (d *fileDecoder) resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		if !d.countAliased(n) {
			return nil
		}
	}
	n = unalias(n)
	d.nodes++
	if d.nodes == maxNodes {
		d.errorf(n, "split the file, or use fewer anchors and aliases", "file expands to more than %d YAML nodes", maxNodes)
	}
	if d.nodes >= maxNodes {
		return nil
	}
	return n
}

// countAliased counts the text an alias repeats against the book's
// limits, at the alias: the text of the scalar it names. It says whether
// the text still fits.
func (d *fileDecoder) countAliased(alias *yaml.Node) bool {
	t := unalias(alias)
	if t == nil || t.Kind != yaml.ScalarNode {
		return !d.l.overAliased && !d.l.overText
	}
	l := d.l
	l.aliased += len(t.Value)
	lim := l.limits()
	if l.aliased > lim.AliasedText {
		if !l.overAliased {
			l.overAliased = true
			d.errorf(alias, overLimit("aliased_text"), "aliases repeat more than %s of text by here", size(lim.AliasedText))
		}
		return false
	}
	return l.countText(0, d.pos(alias))
}

// kindName names a node's kind the way an editor thinks of it.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!bool":
			return "true/false"
		case "!!int", "!!float":
			return "a number"
		}
		return "text"
	}
	return "something else"
}

// object is a YAML mapping being read, field by field.
type object struct {
	d    *fileDecoder
	n    *yaml.Node
	what string
	vals map[string]*yaml.Node
	keys map[string]*yaml.Node
	// suggested holds the keys offered as "did you mean" for unknown keys:
	// their absence is that typo, not a second mistake.
	suggested map[string]bool
}

// object reads n as a mapping with the allowed keys. Unknown keys, duplicate
// keys and non-text keys are reported. It returns nil when n is not a
// mapping (after reporting it).
func (d *fileDecoder) object(n *yaml.Node, what string, allowed ...string) *object {
	n = d.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "%s must be a mapping of keys to values, not %s", what, kindName(n))
		return nil
	}
	o := &object{d: d, n: n, what: what, vals: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}, suggested: map[string]bool{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			return nil
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "", "%s has a key that is %s; keys are names", what, kindName(k))
			continue
		}
		if k.Tag == "!!merge" {
			d.errorf(k, "write the keys out", "merge keys (<<) are not supported")
			continue
		}
		name := k.Value
		if prev, dup := o.keys[name]; dup {
			d.errorf(k, fmt.Sprintf("the first is at line %d", prev.Line), "duplicate key %q in %s", name, what)
			continue
		}
		if !contains(allowed, name) {
			hint := ""
			if s := suggest(name, allowed); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
				o.suggested[s] = true
			} else if isNull(v) && n.Style&yaml.FlowStyle != 0 {
				hint = `in {…}, a comma ends the value: put text that contains a comma in quotes`
			} else if strings.Contains(name, " ") {
				hint = `if this is text that contains ": ", put the whole text in quotes`
			} else {
				hint = "valid keys: " + strings.Join(sorted(allowed), ", ")
			}
			d.errorf(k, hint, "unknown key %q in %s", name, what)
			continue
		}
		o.keys[name] = k
		o.vals[name] = v
	}
	return o
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// has reports whether the key is present (even if empty).
func (o *object) has(key string) bool { _, ok := o.vals[key]; return ok }

// node returns the value node of key, or nil.
func (o *object) node(key string) *yaml.Node {
	v, ok := o.vals[key]
	if !ok {
		return nil
	}
	return o.d.resolve(v)
}

// require reports the keys that are missing.
func (o *object) require(keys ...string) bool {
	ok := true
	for _, k := range keys {
		if o.suggested[k] {
			ok = false
			continue
		}
		if v, present := o.vals[k]; !present || isNull(v) {
			if present {
				o.d.errorf(v, "", "%s: %q is empty", o.what, k)
			} else {
				o.d.errorf(o.n, "", "%s is missing the required key %q", o.what, k)
			}
			ok = false
		}
	}
	return ok
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// scalar returns the text of a scalar value, reporting anything else.
func (d *fileDecoder) scalar(n *yaml.Node, what string) (string, bool) {
	n = d.resolve(n)
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "", "%s must be text, not %s", what, kindName(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	if !utf8.ValidString(n.Value) {
		d.errorf(n, "save the file as UTF-8", "%s is not valid UTF-8", what)
		return "", false
	}
	for i, r := range n.Value {
		// The file's own characters were checked as it was read; these
		// come from escapes in a double-quoted scalar ("\a", "\x00").
		if isControl(r) && r != '\n' && r != '\t' {
			d.l.add(Diagnostic{Pos: d.loc(n).at(n.Value, i), Message: fmt.Sprintf("%s holds a %s, written as an escape", what, controlName(r)), Hint: "delete the escape; control characters cannot be printed"})
			return "", false
		}
	}
	return n.Value, true
}

// str reads an optional plain-text field.
func (o *object) str(key string) string {
	n := o.node(key)
	if n == nil {
		return ""
	}
	s, _ := o.d.scalar(n, fmt.Sprintf("%q in %s", key, o.what))
	return s
}

// text reads an optional inline-Markdown field.
func (o *object) text(key string) Text {
	n := o.node(key)
	if n == nil {
		return Text{}
	}
	return o.d.text(n, fmt.Sprintf("%q in %s", key, o.what))
}

// text parses a scalar node as inline Markdown.
func (d *fileDecoder) text(n *yaml.Node, what string) Text {
	n = d.resolve(n)
	s, ok := d.scalar(n, what)
	if !ok || s == "" {
		return Text{Pos: d.pos(n)}
	}
	if lim := d.l.limits().Paragraph; len(s) > lim {
		d.errorf(n, overLimit("paragraph"), "this text is %s long, more than a text may be (%s)", size(len(s)), size(lim))
		return Text{Pos: d.pos(n)}
	}
	loc := d.loc(n)
	t := Text{Pos: d.pos(n), Source: s, loc: loc}
	report := func(offset int, hint, msg string) {
		d.l.add(Diagnostic{Pos: loc.at(s, offset), Message: msg, Hint: hint})
	}
	if pt, ok := d.l.pre.text(d.file, s); ok {
		t.Inlines = pt.inlines
		for _, p := range pt.problems {
			report(p.offset, p.hint, p.msg)
		}
	} else {
		t.Inlines = d.l.inline.parse(s, report)
	}
	d.printedScalar(n, s, t.Plain())
	// the references' positions and ends, found in one walk over the
	// scalar
	type place struct {
		offset int
		pos    *Pos
		after  bool // the end: just after the character at offset
	}
	var places []place
	Walk(t.Inlines, func(in Inline) {
		switch r := in.(type) {
		case *XRef:
			places = append(places, place{r.offset, &r.Pos, false}, place{r.offset + r.length - 1, &r.End, true})
		case *FootnoteRef:
			places = append(places, place{r.offset, &r.Pos, false}, place{r.offset + r.length - 1, &r.End, true})
		}
	})
	if len(places) > 0 {
		sort.SliceStable(places, func(i, j int) bool { return places[i].offset < places[j].offset })
		offs, out := make([]int, len(places)), make([]Pos, len(places))
		for i, p := range places {
			offs[i] = p.offset
		}
		loc.positions(s, offs, out)
		for i, p := range places {
			if p.after {
				out[i].Col++
			}
			*p.pos = out[i]
		}
	}
	return t
}

// list returns the items of a sequence, reporting anything else.
func (d *fileDecoder) list(n *yaml.Node, what string) []*yaml.Node {
	n = d.resolve(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "start each item on its own line with \"- \", or write [a, b]", "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	return n.Content
}

// strings reads a list of plain-text values; a single scalar is accepted as
// a one-item list.
func (o *object) strings(key string) []string {
	n := o.node(key)
	if n == nil || isNull(n) {
		return nil
	}
	what := fmt.Sprintf("%q in %s", key, o.what)
	if n.Kind == yaml.ScalarNode {
		s, _ := o.d.scalar(n, what)
		return []string{s}
	}
	var out []string
	for _, item := range o.d.list(n, what) {
		if s, ok := o.d.scalar(item, "an item of "+what); ok {
			out = append(out, s)
		}
	}
	return out
}

// boolean reads an optional true/false field.
func (o *object) boolean(key string, def bool) bool {
	n := o.node(key)
	if n == nil || isNull(n) {
		return def
	}
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "true", "yes", "on":
			return true
		case "false", "no", "off":
			return false
		}
	}
	o.d.errorf(n, "write true or false", "%q in %s must be true or false, not %s", key, o.what, kindName(n))
	return def
}

// number reads a float from a scalar node.
func (d *fileDecoder) number(n *yaml.Node, what string) (float64, bool) {
	n = d.resolve(n)
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "", "%s must be a number, not %s", what, kindName(n))
		return 0, false
	}
	v, err := parseNumber(n.Value)
	if err != nil {
		d.errorf(n, "write digits, optionally with a decimal point: 1554 or 13.5", "%s must be a number, not %q", what, n.Value)
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, "leave the value out or use a real number", "%s is %s; only finite numbers can be drawn", what, n.Value)
		return 0, false
	}
	if math.Abs(v) > 1e15 {
		d.errorf(n, "scale the values and say so in the unit (e.g. \"billion\")", "%s is %s, too large to chart", what, n.Value)
		return 0, false
	}
	return v, true
}

var numberRE = regexp.MustCompile(`^[-+]?(\d+(_\d+)*|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][-+]?\d+)?$`)

// parseNumber accepts YAML numbers and numbers with thousands separators.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case ".nan", "nan":
		return math.NaN(), nil
	case ".inf", "+.inf", "inf", "+inf":
		return math.Inf(1), nil
	case "-.inf", "-inf":
		return math.Inf(-1), nil
	}
	if s == "" || !numberRE.MatchString(s) || strings.Trim(s, "+-.eE") == "" {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	if strings.ContainsAny(s, ",_") { // thousands separators
		s = strings.Map(func(r rune) rune {
			if r == ',' || r == '_' {
				return -1
			}
			return r
		}, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		// beyond float64, but a number: too large to chart (or, if it
		// underflows, zero)
		if math.IsInf(v, 0) {
			v = math.Copysign(math.MaxFloat64, v)
		}
		return v, nil
	}
	return v, err
}

// integer reads an int field.
func (o *object) integer(key string) (int, bool) {
	n := o.node(key)
	if n == nil {
		return 0, false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.Atoi(n.Value)
		if err == nil {
			return v, true
		}
	}
	o.d.errorf(n, "", "%q in %s must be a whole number, not %s", key, o.what, kindName(n))
	return 0, false
}

// Suggest returns the candidate closest to s, if it is close enough to be a
// likely typo of it, for "did you mean" hints; otherwise "".
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// suggest returns the candidate closest to s, if it is close enough to be a
// likely typo.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := levenshtein(strings.ToLower(s), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(s) <= 4 {
		limit = 1
	}
	if bestD <= limit || (bestD <= 3 && len(s) >= 8) || strings.HasPrefix(strings.ToLower(best), strings.ToLower(s)) && len(s) >= 3 {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
