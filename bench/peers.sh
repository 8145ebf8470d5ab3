#!/usr/bin/env bash
# bench/peers.sh: Folio beside its peers on the same text, in one run.
#
# The bundled report is exported by bench/peerdoc as one HTML file (the
# content documents of Folio's own EPUB, with its CSS, fonts and chart
# SVGs) and as Typst markup. Then hyperfine times, on this machine:
#
#   folio build --pdf        vs  WeasyPrint (HTML to PDF)   and Typst (to PDF)
#   folio build --epub       vs  Pandoc (HTML to EPUB 3, fonts embedded)
#
# and prints each peer's median wall time and CPU time beside Folio's,
# with the ratios. Needs: apt-get install -y pandoc weasyprint hyperfine.
# Typst is used if its npm package (@myriaddreamin/typst-ts-node-compiler)
# is installed in $TYPST_DIR or npm can install it there; otherwise it is
# left out. RUNS (default 5) sets the number of timed runs per command.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
TYPST_DIR=${TYPST_DIR:-$HOME/.cache/folio-bench/typst}
TYPST_PKG=@myriaddreamin/typst-ts-node-compiler@0.7.0

for t in go pandoc weasyprint hyperfine python3; do
	if ! command -v "$t" >/dev/null; then
		echo "peers.sh: $t is not installed (apt-get install -y pandoc weasyprint hyperfine)" >&2
		exit 1
	fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/folio" ./cmd/folio
go run ./bench/peerdoc "$work/doc"
mkdir -p "$work/out"

typst=""
if command -v node >/dev/null; then
	if [ ! -d "$TYPST_DIR/node_modules/@myriaddreamin/typst-ts-node-compiler" ] && command -v npm >/dev/null; then
		npm install --prefix "$TYPST_DIR" --no-audit --no-fund --silent "$TYPST_PKG" >/dev/null 2>&1 || true
	fi
	cp bench/typst-compile.mjs "$TYPST_DIR/compile.mjs" 2>/dev/null || true
	if [ -f "$TYPST_DIR/compile.mjs" ] && node "$TYPST_DIR/compile.mjs" "$work/doc" 2>/dev/null; then
		typst="node $TYPST_DIR/compile.mjs $work/doc"
	fi
fi
[ -n "$typst" ] || echo "peers.sh: Typst's npm package does not run here; leaving it out" >&2

fonts=""
for f in "$work"/doc/fonts/*.ttf; do fonts="$fonts --epub-embed-font=$f"; done

cmds=(
	-n "folio PDF" "$work/folio build --pdf --quiet -o $work/out"
	-n "folio EPUB" "$work/folio build --epub --quiet -o $work/out"
	-n "WeasyPrint PDF" "weasyprint -q $work/doc/report.html $work/out/weasyprint.pdf"
	-n "Pandoc EPUB" "pandoc $work/doc/report.html -f html -t epub3 --resource-path=$work/doc --css $work/doc/css/folio.css $fonts --metadata title=Report -o $work/out/pandoc.epub --quiet"
)
[ -z "$typst" ] || cmds+=(-n "Typst PDF" "$typst")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$work/peers.json" "${cmds[@]}" >/dev/null

python3 - "$work/peers.json" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def row(name, base):
    r = res.get(name)
    if r is None:
        return
    wall, cpu = r["median"], r["user"] + r["system"]
    ratio = ""
    if base and base != name:
        b = res[base]
        ratio = "%6.1fx wall %6.1fx CPU" % (wall / b["median"], cpu / (b["user"] + b["system"]))
    print("%-16s %8.0f ms %8.0f ms   %s" % (name, wall * 1000, cpu * 1000, ratio or "(Folio)"))
print("%-16s %11s %11s   %s" % ("", "median wall", "mean CPU", "peer / Folio"))
for name, base in [("folio PDF", None), ("WeasyPrint PDF", "folio PDF"), ("Typst PDF", "folio PDF"),
                   ("folio EPUB", None), ("Pandoc EPUB", "folio EPUB")]:
    row(name, base)
PY
