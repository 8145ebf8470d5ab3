// Package schema holds the JSON Schemas of the manuscript format
// (book.schema.json, chapter.schema.json) and of the diagnostics that
// 'folio check --format json' prints (diagnostics.schema.json), for the
// binary to hand out: 'folio init' writes the manuscript's two beside a
// new manuscript, so that an editor's YAML language server finds them.
package schema

import "embed"

// FS holds the schemas, by file name.
//
//go:embed *.schema.json
var FS embed.FS
