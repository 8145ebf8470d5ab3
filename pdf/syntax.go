package pdf

import (
	"math"
	"strconv"
	"time"
	"unicode/utf16"
)

// appendNum appends v rounded to prec decimals, without trailing zeros.
func appendNum(b []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0')
	}
	p := math.Pow10(prec)
	v = math.Round(v*p) / p
	if v == 0 {
		return append(b, '0')
	}
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// appendName appends /name, with the characters a name cannot hold as
// #xx escapes.
func appendName(b []byte, name string) []byte {
	b = append(b, '/')
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < '!' || c > '~' || c == '#' || c == '/' || c == '%' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' {
			b = append(b, '#', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			continue
		}
		b = append(b, c)
	}
	return b
}

// appendLiteral appends the bytes s as a literal string, with the bytes
// PDF strings reserve escaped.
func appendLiteral(b []byte, s []byte) []byte {
	b = append(b, '(')
	for _, c := range s {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// appendText appends s as a PDF text string: PDFDocEncoding's ASCII part
// as a literal, anything else as UTF-16BE with a byte order mark, in hex.
func appendText(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return appendLiteral(b, []byte(s))
	}
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, hexDigit(u>>12), hexDigit(u>>8), hexDigit(u>>4), hexDigit(u))
	}
	return append(b, '>')
}

func hexDigit(v uint16) byte { return "0123456789ABCDEF"[v&15] }

// appendDate appends t as a PDF date string, in UTC.
func appendDate(b []byte, t time.Time) []byte {
	return append(append(b, "(D:"...), t.UTC().Format("20060102150405")+"Z)"...)
}

// appendRef appends an indirect reference.
func appendRef(b []byte, r ref) []byte {
	return append(strconv.AppendInt(b, int64(r), 10), " 0 R"...)
}
