// Package report embeds the bundled manuscript, the China Internet Report
// 2019, so that an installed folio binary can build it from any folder.
package report

import "embed"

// FS holds the bundled manuscript: book.yaml at its top, and the chapter,
// matter and data files it names.
//
//go:embed book.yaml */*.yaml */*.csv
var FS embed.FS

// Name is the folder name positions in the bundled manuscript are shown
// relative to.
const Name = "manuscript/report"
