module github.com/folio-press/folio

go 1.26.0

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0
	github.com/speedata/hyphenation v1.0.2
	github.com/wcharczuk/go-chart/v2 v2.1.2
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/image v0.40.0
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.20.0 // indirect
