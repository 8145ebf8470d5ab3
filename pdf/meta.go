package pdf

import (
	"bytes"
	"encoding/xml"
	"strings"

	"github.com/folio-press/folio/display"
)

// infoDict is the document information dictionary.
func infoDict(in display.Info) []byte {
	b := []byte("<<")
	entry := func(key, val string) {
		if val == "" {
			return
		}
		b = append(append(append(b, '/'), key...), ' ')
		b = appendText(b, val)
		b = append(b, ' ')
	}
	entry("Title", in.Title)
	entry("Author", strings.Join(in.Authors, ", "))
	entry("Subject", in.Subject)
	entry("Keywords", strings.Join(in.Keywords, ", "))
	entry("Creator", in.Creator)
	entry("Producer", in.Producer)
	b = append(b, "/CreationDate "...)
	b = appendDate(b, in.Date)
	b = append(b, " /ModDate "...)
	b = appendDate(b, in.Date)
	return append(b, ">>"...)
}

// xmpPacket is the XMP metadata packet: title, authors, subject, keywords,
// language, dates and identifier, as PDF readers, search engines and print
// preflight read them. A draft says that it is one.
func xmpPacket(in display.Info) []byte {
	esc := func(s string) string {
		var buf bytes.Buffer
		xml.EscapeText(&buf, []byte(s))
		return buf.String()
	}
	var authors, subjects strings.Builder
	for _, a := range in.Authors {
		authors.WriteString("<rdf:li>" + esc(a) + "</rdf:li>")
	}
	for _, s := range in.Keywords {
		subjects.WriteString("<rdf:li>" + esc(s) + "</rdf:li>")
	}
	d := in.Date.UTC().Format("2006-01-02T15:04:05Z")
	var sb strings.Builder
	sb.WriteString(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(in.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>` + authors.String() + `</rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(in.Subject) + `</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>` + subjects.String() + `</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>` + esc(in.Language) + `</rdf:li></rdf:Bag></dc:language>
<dc:publisher><rdf:Bag><rdf:li>` + esc(in.Publisher) + `</rdf:li></rdf:Bag></dc:publisher>
<dc:identifier>` + esc(in.Identifier) + `</dc:identifier>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">` + esc(in.Rights) + `</rdf:li></rdf:Alt></dc:rights>
<pdf:Keywords>` + esc(strings.Join(in.Keywords, ", ")) + `</pdf:Keywords>
<pdf:Producer>` + esc(in.Producer) + `</pdf:Producer>
<xmp:CreatorTool>` + esc(in.Creator) + `</xmp:CreatorTool>
<xmp:CreateDate>` + d + `</xmp:CreateDate>
<xmp:ModifyDate>` + d + `</xmp:ModifyDate>
<xmp:MetadataDate>` + d + `</xmp:MetadataDate>
`)
	if in.Draft {
		sb.WriteString(`<xmp:Label>Draft: not tagged, not for distribution</xmp:Label>
`)
	}
	sb.WriteString(`</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
	return []byte(sb.String())
}
