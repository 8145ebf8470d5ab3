package cover

import (
	"os"
	"testing"

	"github.com/folio-press/folio/manuscript"
	"github.com/folio-press/folio/manuscript/report"
)

func TestPreviewTmp(t *testing.T) {
	dir := os.Getenv("COVER_PREVIEW")
	if dir == "" {
		t.Skip()
	}
	b, err := manuscript.Load(report.FS, report.Name)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b *manuscript.Book) {
		data, err := PNG(b)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(dir+"/"+name+".png", data, 0o644)
		t.Log(name, len(data))
	}
	write("report", b)
	b2 := *b
	b2.Title = "The Long and Winding Road to Digital Payments: Mobile Money, Super Apps and the Regulators in China, India and Southeast Asia"
	b2.Subtitle = "A comparative study of fintech adoption across twelve markets, with data from central banks, industry bodies and our own surveys of 40,000 consumers"
	b2.Edition = "Second edition, revised"
	write("long", &b2)
	b3 := *b
	b3.Title = "微信 WeChat 与中国互联网"
	b3.Subtitle = ""
	b3.Edition = ""
	write("cjk", &b3)
}
