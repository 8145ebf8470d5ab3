package manuscript

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/folio-press/folio/fonts"
	"go.yaml.in/yaml/v3"
)

// printed is a text the book shows, recorded as it is decoded so that its
// characters can be checked once the theme (and so the fonts) is known.
type printed struct {
	pos     Pos        // where the text starts: a scalar, or a CSV field
	loc     *scalarLoc // a scalar's characters in its file; nil for a CSV field
	source  string     // the text as written
	decoded string     // the text after Markdown entities, when it differs
}

// notePrinted records a text the book shows. Aliases make the same scalar
// appear several times; it is recorded once.
func (l *loader) notePrinted(p printed) {
	if p.source == "" && p.decoded == "" {
		return
	}
	if l.printedAt[p.pos] {
		return
	}
	l.printedAt[p.pos] = true
	l.printed = append(l.printed, p)
}

// printedScalar records a scalar's text; decoded is its Markdown reading
// (or "" for a plain-text field).
func (d *fileDecoder) printedScalar(n *yaml.Node, source, decoded string) {
	if n == nil {
		return
	}
	p := printed{pos: d.pos(n), loc: d.loc(n), source: source}
	if decoded != source && strings.Contains(source, "&") {
		p.decoded = decoded
	}
	if isPlainASCII(p.source) && isPlainASCII(p.decoded) {
		return
	}
	d.l.notePrinted(p)
}

// notePrintedField records a CSV field the book shows, at line and column
// col of file.
func (l *loader) notePrintedField(file string, line, col int, s string) {
	if !isPlainASCII(s) {
		l.notePrinted(printed{pos: Pos{File: file, Line: line, Col: col}, source: s})
	}
}

// The bidirectional overrides: they make the characters that follow them
// display in the opposite order to the one they are stored (and read
// aloud, searched and printed by the PDF) in.
const (
	leftToRightOverride = '\u202D'
	rightToLeftOverride = '\u202E'
)

// checkPrinted warns about characters the PDF cannot show and about
// bidirectional overrides, in every text recorded while loading.
//
// Marks that only set the direction of neutral characters (U+200E LEFT-TO-
// RIGHT MARK, U+200F RIGHT-TO-LEFT MARK, U+061C ARABIC LETTER MARK) and the
// isolates and embeddings are accepted silently: they are invisible, they
// cannot make text read differently from how it is stored, and
// right-to-left text needs them. The two overrides can: "‮gnp.exe" shows as
// "exe.png" in an e-reader while the PDF, which sets text in stored order,
// shows it as written. Each override is reported where it is.
func (l *loader) checkPrinted(theme FontRoles) {
	// The layout sets a character in the face of its role (body, heading,
	// mono) if it can, else in the CJK face, else in the body face; what
	// none of these has becomes a U+FFFD. So text can hold what the body
	// or the CJK face has.
	text, err := fonts.NewCoverage(theme.Body, theme.CJK)
	if err != nil {
		return // the theme named an unknown font, which was reported
	}
	covered := map[rune]bool{}
	covers := func(r rune) bool {
		if r < 0x80 && r >= 0x20 || r == '\n' || r == '\t' {
			// printable ASCII, and the white space the layout makes glue of
			return true
		}
		ok, seen := covered[r]
		if !seen {
			ok = text.Covers(r)
			covered[r] = ok
		}
		return ok
	}
	for _, p := range l.printed {
		var missing []rune
		var first Pos
		for i, r := range p.source {
			if r == leftToRightOverride || r == rightToLeftOverride {
				l.add(Diagnostic{Pos: offsetPos(p, i), Severity: Warning,
					Message: fmt.Sprintf("%s override (U+%04X) makes the text after it display reversed in e-readers", overrideName(r), r),
					Hint:    "delete it; right-to-left text needs no override, and the PDF would show the text in another order than the EPUB"})
				continue
			}
			if covers(r) || contains32(missing, r) {
				continue
			}
			if len(missing) == 0 {
				first = offsetPos(p, i)
			}
			missing = append(missing, r)
		}
		for _, r := range p.decoded {
			if !covers(r) && !contains32(missing, r) {
				if len(missing) == 0 {
					first = p.pos
				}
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			l.add(missingGlyphs(first, missing, text))
		}
	}
	if l.book != nil {
		chars := make([]rune, 0, len(covered))
		for r := range covered {
			if r >= 0x80 {
				chars = append(chars, r)
			}
		}
		slices.Sort(chars)
		l.book.Chars = chars
	}
}

// missingGlyphs describes characters the fonts for text lack.
func missingGlyphs(at Pos, missing []rune, text fonts.Coverage) Diagnostic {
	r := missing[0]
	msg := fmt.Sprintf("no bundled font has %s", describeRune(r))
	if has := fonts.FamiliesWith(r); len(has) > 0 {
		msg = fmt.Sprintf("the fonts for text (%s) have no %s", strings.Join(text.Families(), ", "), describeRune(r))
	}
	switch n := len(missing) - 1; n {
	case 0:
	case 1:
		msg += fmt.Sprintf(", nor %s in this text", describeRune(missing[1]))
	default:
		msg += fmt.Sprintf(", nor %d other characters in this text", n)
	}
	hint := "the PDF would show a replacement character (U+FFFD) instead: replace the character or leave it out (folio help fonts lists the bundled fonts)"
	if has := fonts.FamiliesWith(r); len(has) > 0 {
		hint = fmt.Sprintf("only %s has it; the PDF would show a replacement character (U+FFFD) instead: replace the character", strings.Join(has, " and "))
	}
	if r > fonts.MaxRune {
		hint = "the PDF can set no character beyond U+FFFF and would show a replacement character (U+FFFD) instead: replace the character or leave it out"
	}
	return Diagnostic{Pos: at, Severity: Warning, Message: msg, Hint: hint}
}

// describeRune names a character for a message: U+0905 "अ" (Devanagari).
// Characters that are invisible or written right to left are not shown,
// so that the message itself displays in order.
func describeRune(r rune) string {
	s := fmt.Sprintf("U+%04X", r)
	if unicode.IsGraphic(r) && !unicode.In(r, rightToLeftScripts...) && !unicode.Is(unicode.Mn, r) {
		s += fmt.Sprintf(" %q", string(r))
	}
	if script := scriptOf(r); script != "" {
		s += " (" + script + ")"
	}
	return s
}

var rightToLeftScripts = []*unicode.RangeTable{unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Samaritan, unicode.Mandaic, unicode.Adlam}

// scriptOf names the script of r, or "" for characters shared by scripts
// (punctuation, symbols, emoji).
func scriptOf(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name != "Common" && name != "Inherited" && unicode.Is(unicode.Scripts[name], r) {
			return strings.ReplaceAll(name, "_", " ")
		}
	}
	return ""
}

func overrideName(r rune) string {
	if r == leftToRightOverride {
		return "a left-to-right"
	}
	return "a right-to-left"
}

func contains32(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// offsetPos is the position of the byte offset i of a printed text: in a
// CSV field, which holds no line break, its column counted on from the
// field's.
func offsetPos(p printed, i int) Pos {
	if p.loc != nil {
		return p.loc.at(p.source, i)
	}
	if i < 0 || i > len(p.source) {
		return p.pos
	}
	return Pos{File: p.pos.File, Line: p.pos.Line, Col: p.pos.Col + utf8.RuneCountInString(p.source[:i])}
}

// isPlainASCII reports whether s holds only printable ASCII: every text
// font has it, and it holds no override.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

// shown reads an optional plain-text field that the book prints.
func (o *object) shown(key string) string {
	s := o.str(key)
	o.d.printedScalar(o.node(key), s, s)
	return s
}

// shownStrings reads a list of plain-text values that the book prints.
func (o *object) shownStrings(key string) []string {
	out := o.strings(key)
	n := o.node(key)
	if n == nil {
		return out
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, it := range items {
		if it = o.d.resolve(it); it != nil && it.Kind == yaml.ScalarNode {
			o.d.printedScalar(it, it.Value, it.Value)
		}
	}
	return out
}
