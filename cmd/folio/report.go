package main

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/folio-press/folio/layout"
	"github.com/folio-press/folio/manuscript"
)

// diagOptions say how check and build report diagnostics.
type diagOptions struct {
	format   string // "text" or "json"
	warnings string // "warn", or "error" to fail on warnings
}

// register adds --format and --warnings to fs.
func (o *diagOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "diagnostics as text (on stderr) or json (on stdout)")
	fs.StringVar(&o.warnings, "warnings", "warn", "warn, or error to fail on any warning")
}

// validate checks the values given.
func (o *diagOptions) validate() error {
	switch o.format {
	case "text", "json":
	default:
		return fmt.Errorf("unknown --format %q (text or json)", o.format)
	}
	switch o.warnings {
	case "warn", "error":
	default:
		return fmt.Errorf("unknown --warnings %q (warn or error)", o.warnings)
	}
	return nil
}

// reporter prints a command's diagnostics: as text on stderr as they come,
// each with its source line and a caret, or, with --format json, as one
// JSON document on stdout at the end (schema/diagnostics.schema.json).
type reporter struct {
	e     *env
	opt   diagOptions
	diags []manuscript.Diagnostic
}

func newReporter(e *env, opt diagOptions) *reporter {
	if opt.format == "" {
		opt.format = "text"
	}
	return &reporter{e: e, opt: opt}
}

// add reports diagnostics.
func (r *reporter) add(ds ...manuscript.Diagnostic) {
	for _, d := range ds {
		r.diags = append(r.diags, d)
		if r.opt.format == "text" {
			fmt.Fprintln(r.e.stderr, d.Pretty())
		}
	}
}

// layoutProblems reports the problems met setting the book, as warnings at
// their manuscript positions.
func (r *reporter) layoutProblems(b *manuscript.Book, ps []layout.Problem) {
	for _, p := range ps {
		r.add(problemDiagnostic(b, p))
	}
}

// problemDiagnostic is a layout problem as a diagnostic: a warning at the
// manuscript position it came from, naming its page.
func problemDiagnostic(b *manuscript.Book, p layout.Problem) manuscript.Diagnostic {
	d := manuscript.Diagnostic{Pos: p.Pos, Severity: manuscript.Warning, Message: fmt.Sprintf("layout: %s (page %s)", p.Message, p.Page)}
	if b != nil {
		d.Source, _ = b.SourceLine(p.Pos)
	}
	return d
}

// counts returns how many errors and warnings were reported.
func (r *reporter) counts() (errs, warns int) {
	for _, d := range r.diags {
		if d.Severity == manuscript.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// failed reports whether what was reported fails the command: an error,
// or with --warnings=error a warning.
func (r *reporter) failed() bool {
	errs, warns := r.counts()
	return errs > 0 || r.opt.warnings == "error" && warns > 0
}

// strictFailure returns the line that says a command failed on warnings
// alone, or "".
func (r *reporter) strictFailure() string {
	errs, warns := r.counts()
	if errs == 0 && warns > 0 && r.opt.warnings == "error" {
		return fmt.Sprintf("%d %s, which --warnings=error makes errors; nothing was written.", warns, plural(warns, "warning", "warnings"))
	}
	return ""
}

// jsonDiagnostic is one diagnostic in --format json.
type jsonDiagnostic struct {
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Column   int       `json:"column"`
	End      *jsonSpot `json:"end"`
	Severity string    `json:"severity"`
	Message  string    `json:"message"`
	Hint     string    `json:"hint,omitempty"`
	Source   string    `json:"source,omitempty"`
}

// jsonSpot is a line and column.
type jsonSpot struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// jsonReport is the document --format json prints.
type jsonReport struct {
	OK          bool             `json:"ok"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

// finish prints the JSON document, with --format json; ok is whether the
// command succeeded.
func (r *reporter) finish(ok bool) {
	if r.opt.format != "json" {
		return
	}
	errs, warns := r.counts()
	out := jsonReport{OK: ok, Errors: errs, Warnings: warns, Diagnostics: []jsonDiagnostic{}}
	for _, d := range r.diags {
		sev := "error"
		if d.Severity == manuscript.Warning {
			sev = "warning"
		}
		end := &jsonSpot{Line: d.Pos.Line, Column: d.Pos.Col}
		if d.End.Line > 0 {
			end = &jsonSpot{Line: d.End.Line, Column: d.End.Col}
		}
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col, End: end,
			Severity: sev, Message: d.Message, Hint: d.Hint, Source: d.Source,
		})
	}
	data, _ := json.MarshalIndent(out, "", "  ")
	fmt.Fprintf(r.e.stdout, "%s\n", data)
}
