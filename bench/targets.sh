#!/usr/bin/env bash
# bench/targets.sh: 'folio build' timed against the targets of
# docs/performance.md, on the bundled report and on the generated 10x
# manuscript (bench/gen10x): wall time, CPU time and peak RSS, medians of
# RUNS rounds (default 10), measured by bench/paired.py.
#
# Every figure is also shown beside a baseline run alternately with it in
# the same session (each case and its baseline, round after round, in
# turns first), so that a busy or slower machine cancels out (the medians
# of the rounds' wall and CPU time ratios): the folio of BASELINE_REV
# (default HEAD, built from 'git archive'; set BASELINE_REV= to skip it),
# and a fixed CPU-bound calibration (sha256sum of 256 MiB of zeros).
# Needs: Go and Python 3.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
BASELINE_REV=${BASELINE_REV-HEAD}
for t in go python3; do
	if ! command -v "$t" >/dev/null; then
		echo "targets.sh: $t is not installed" >&2
		exit 1
	fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/folio" ./cmd/folio
go run ./bench/gen10x "$work/m10"
head -c 268435456 /dev/zero >"$work/zeros"
if [ -n "$BASELINE_REV" ]; then
	mkdir "$work/base"
	git archive "$BASELINE_REV" | tar -x -C "$work/base"
	if ! (cd "$work/base" && go build -o "$work/folio-base" ./cmd/folio); then
		echo "targets.sh: $BASELINE_REV does not build; no baseline" >&2
		BASELINE_REV=
	fi
fi

# name|command
cases=(
	"report: build (PDF + EPUB)|build --quiet -o $work/out"
	"report: draft PDF|build --pdf --edition draft --quiet -o $work/out"
	"10x: build (PDF + EPUB)|build --quiet -o $work/out $work/m10"
	"10x: draft PDF|build --pdf --edition draft --quiet -o $work/out $work/m10"
)
args=("calibration: sha256sum 256 MiB=sha256sum $work/zeros")
for c in "${cases[@]}"; do
	args+=("${c%%|*}=$work/folio ${c#*|}")
	[ -z "$BASELINE_REV" ] || args+=("baseline ${c%%|*}=$work/folio-base ${c#*|}")
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "folio: $(git describe --always --dirty 2>/dev/null || echo '?'); baseline: ${BASELINE_REV:-none}; $RUNS rounds, each case beside its baseline, in turns first"
python3 bench/paired.py "$RUNS" "$work/t.json" "${args[@]}"

python3 - "$work/t.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
calwall = res["calibration: sha256sum 256 MiB"]["wall"]
targets = {"report: build (PDF + EPUB)": (300, 200), "report: draft PDF": (150, None)}
print("%-28s %9s %9s %9s %8s %15s  %s" % ("", "wall ms", "CPU ms", "RSS MB", "x calib", "x baseline w/c", "target"))
for name, r in res.items():
    mem = "%9.0f" % (r["rss_kb"] / 1024) if not name.startswith("calibration") else "%9s" % ""
    vs = "%7.2f/%7.2f" % (r["ratio_wall"], r["ratio_cpu"]) if "ratio_wall" in r else "%15s" % ""
    t = targets.get(name)
    tgt = ""
    if t:
        tgt = "<= %d ms" % t[0] + (", <= %d MB" % t[1] if t[1] else "")
    print("%-28s %9.0f %9.0f %s %8.2f %s  %s" % (name, r["wall"] * 1000, r["cpu"] * 1000, mem, r["wall"] / calwall, vs, tgt))
for kind in ["build (PDF + EPUB)", "draft PDF"]:
    one, ten = res["report: " + kind], res["10x: " + kind]
    print("10x / 1x, %-19s wall %.2f, CPU %.2f (target <= 10)" % (kind + ":", ten["wall"] / one["wall"], ten["cpu"] / one["cpu"]))
PY
