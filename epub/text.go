package epub

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// escape returns s safe for XML text and for attribute values in either
// kind of quote: &, <, >, " and ' are escaped (so "]]>" cannot occur), and
// characters XML forbids or HTML calls control characters are replaced by
// U+FFFD, as are bytes that are not UTF-8.
func escape(s string) string {
	var sb strings.Builder
	writeEscaped(&sb, s)
	return sb.String()
}

func writeEscaped(sb *strings.Builder, s string) {
	start := 0 // of the bytes not written yet, which need no change
	for i := 0; i < len(s); {
		c := s[i]
		var rep string
		n := 1
		switch {
		case c == '&':
			rep = "&amp;"
		case c == '<':
			rep = "&lt;"
		case c == '>':
			rep = "&gt;"
		case c == '"':
			rep = "&#34;"
		case c == '\'':
			rep = "&#39;"
		case c < utf8.RuneSelf:
			if allowedChar(rune(c)) {
				i++
				continue
			}
			rep = string(utf8.RuneError)
		default:
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			if allowedChar(r) && (r != utf8.RuneError || n > 1) {
				i += n
				continue
			}
			rep = string(utf8.RuneError) // not allowed, or not UTF-8
		}
		sb.WriteString(s[start:i])
		sb.WriteString(rep)
		i += n
		start = i
	}
	sb.WriteString(s[start:])
}

// allowedChar reports whether r may appear in an XHTML content document:
// an XML 1.0 Char that is not a control character (tab and newline aside)
// or a noncharacter.
func allowedChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return false
	}
	return r <= unicode.MaxRune
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isCJKPunct reports whether r is punctuation or a full-width form that
// belongs with adjacent Chinese characters: 「」、。，（）and the like.
func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r == 0x30fb
}

// hanRuns splits s into runs, calling fn for each with han true when the
// run is Chinese: Han characters with the CJK punctuation around and
// between them. Runs of CJK punctuation with no Han character are not
// Chinese.
func hanRuns(s string, fn func(run string, han bool)) {
	start, i := 0, 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isHan(r) && !isCJKPunct(r) {
			i += n
			continue
		}
		// a run of Han and CJK punctuation starts at i
		j, sawHan := i, false
		for j < len(s) {
			r, m := utf8.DecodeRuneInString(s[j:])
			if isHan(r) {
				sawHan = true
			} else if !isCJKPunct(r) {
				break
			}
			j += m
		}
		if sawHan {
			if start < i {
				fn(s[start:i], false)
			}
			fn(s[i:j], true)
			start = j
		}
		i = j
	}
	if start < len(s) {
		fn(s[start:], false)
	}
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// ncname reduces s to a valid XML id (NCName): characters other than ASCII
// letters, digits, '-', '_' and '.' become '_', and an id that would not
// start with a letter or '_' gets the prefix "x".
func ncname(s string) string {
	out := idChars(s)
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z' || out[0] == '_') {
		out = "x" + out
	}
	return out
}

// idChars replaces the characters of s that an XML id may not hold, or
// that would need escaping in a URL fragment, with '_'.
func idChars(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			sb.WriteRune(r)
		default:
			sb.WriteByte('_')
		}
	}
	return sb.String()
}
