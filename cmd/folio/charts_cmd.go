package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/folio-press/folio/charts"
	"github.com/folio-press/folio/internal/atomicfile"
	"github.com/folio-press/folio/pdf"
)

type chartsOptions struct {
	out           string
	svg, png, pdf bool
	width         float64
	quiet         bool
}

func chartsCommand() *command {
	return &command{
		name: "charts", args: "[DIR]", summary: "write every chart as a file named by its id",
		help: `Writes every chart of the manuscript to OUT/ID.svg (and/or .png, .pdf),
each with its title, for the web team and for checking charts alone.`,
		flags: func(fs *flag.FlagSet) func() any {
			o := &chartsOptions{}
			fs.StringVar(&o.out, "o", "out/charts", "output folder")
			fs.StringVar(&o.out, "out", "out/charts", "output folder")
			fs.BoolVar(&o.svg, "svg", false, "write SVG (the default)")
			fs.BoolVar(&o.png, "png", false, "write PNG")
			fs.BoolVar(&o.pdf, "pdf", false, "write a one-page vector PDF per chart")
			fs.Float64Var(&o.width, "width", 640, "width in CSS pixels (PNG: pixels; PDF: the same width at 96 px to the inch)")
			fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
			return func() any {
				if !o.svg && !o.png && !o.pdf {
					o.svg = true
				}
				if o.width < 100 || o.width > 10000 {
					return fmt.Errorf("--width %g is out of range (100 to 10000)", o.width)
				}
				return o
			}
		},
		run: func(e *env, dir string, opts any) int {
			o := opts.(*chartsOptions)
			w := new(atomicfile.Writer)
			defer catchInterrupts(e, w, os.Exit)()
			b := load(e, dir, nil)
			if b == nil {
				return exitErrors
			}
			if err := os.MkdirAll(o.out, 0o755); err != nil {
				fmt.Fprintf(e.stderr, "folio charts: %v\n", err)
				return exitErrors
			}
			cleanStale(e, o.out)
			n := 0
			for _, c := range b.Charts {
				wmm := o.width * 25.4 / 96 // CSS pixels to millimetres
				type out struct {
					ext  string
					make func() ([]byte, error)
				}
				var outs []out
				if o.svg {
					outs = append(outs, out{".svg", func() ([]byte, error) { return charts.SVG(c, o.width, 0, charts.WithTitle()) }})
				}
				if o.png {
					outs = append(outs, out{".png", func() ([]byte, error) { return charts.PNG(c, int(o.width), 0, charts.WithTitle()) }})
				}
				if o.pdf {
					outs = append(outs, out{".pdf", func() ([]byte, error) {
						doc, err := charts.Page(c, wmm, 0, charts.WithTitle())
						if err != nil {
							return nil, err
						}
						return pdf.Write(doc, pdf.Options{Compress: true})
					}})
				}
				for _, f := range outs {
					data, err := f.make()
					if err != nil {
						d := charts.Diagnose(c, err)
						d.Source, _ = b.SourceLine(d.Pos)
						fmt.Fprintln(e.stderr, d.Pretty())
						return exitErrors
					}
					path := filepath.Join(o.out, c.ID+f.ext)
					if err := w.Write(path, data, 0o644); err != nil {
						fmt.Fprintf(e.stderr, "folio charts: %v\n", err)
						return exitErrors
					}
					n++
				}
			}
			if !o.quiet {
				fmt.Fprintf(e.stdout, "wrote %d files for %d charts to %s\n", n, len(b.Charts), o.out)
			}
			return exitOK
		},
	}
}
