package layout

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/folio-press/folio/manuscript"
)

// xmpPacket returns the XMP metadata packet of the book: title, authors,
// subject, keywords, language, dates and identifier, as PDF readers, search
// engines and print preflight read it.
func xmpPacket(b *manuscript.Book, date time.Time) []byte {
	esc := func(s string) string {
		var buf bytes.Buffer
		xml.EscapeText(&buf, []byte(s))
		return buf.String()
	}
	title := b.Title
	if b.Subtitle != "" {
		title += ": " + b.Subtitle
	}
	var authors, subjects strings.Builder
	for _, a := range b.Authors {
		authors.WriteString("<rdf:li>" + esc(a.Name) + "</rdf:li>")
	}
	for _, s := range b.Subjects {
		subjects.WriteString("<rdf:li>" + esc(s) + "</rdf:li>")
	}
	d := date.UTC().Format("2006-01-02T15:04:05Z")
	lang := esc(b.Language)
	var sb strings.Builder
	sb.WriteString(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(title) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>` + authors.String() + `</rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(b.Description) + `</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>` + subjects.String() + `</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>` + lang + `</rdf:li></rdf:Bag></dc:language>
<dc:publisher><rdf:Bag><rdf:li>` + esc(b.Publisher) + `</rdf:li></rdf:Bag></dc:publisher>
<dc:identifier>` + esc(b.Identifier.URN()) + `</dc:identifier>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">` + esc(b.Rights) + `</rdf:li></rdf:Alt></dc:rights>
<pdf:Keywords>` + esc(strings.Join(b.Subjects, ", ")) + `</pdf:Keywords>
<pdf:Producer>Folio (fpdf)</pdf:Producer>
<xmp:CreatorTool>Folio</xmp:CreatorTool>
<xmp:CreateDate>` + d + `</xmp:CreateDate>
<xmp:ModifyDate>` + d + `</xmp:ModifyDate>
<xmp:MetadataDate>` + d + `</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
	return []byte(sb.String())
}
