#!/usr/bin/env bash
# bench/targets.sh: 'folio build' timed against the targets of
# docs/performance.md, on the bundled report and on the generated 10x
# manuscript (bench/gen10x), with hyperfine (wall and CPU) and
# /usr/bin/time (peak RSS), medians of RUNS runs (default 10).
#
# Every figure is also shown beside a baseline run in the same session, so
# that a busy or slower machine cancels out (wall and CPU time ratios): the
# folio of BASELINE_REV
# (default HEAD, built from 'git archive'; set BASELINE_REV= to skip it),
# and a fixed CPU-bound calibration (sha256sum of 256 MiB of zeros).
# Needs: apt-get install -y hyperfine time.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
BASELINE_REV=${BASELINE_REV-HEAD}
for t in go hyperfine python3 /usr/bin/time; do
	if ! command -v "$t" >/dev/null; then
		echo "targets.sh: $t is not installed (apt-get install -y hyperfine time)" >&2
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
args=(-n "calibration: sha256sum 256 MiB" "sha256sum $work/zeros")
for c in "${cases[@]}"; do
	args+=(-n "${c%%|*}" "$work/folio ${c#*|}")
	[ -z "$BASELINE_REV" ] || args+=(-n "baseline ${c%%|*}" "$work/folio-base ${c#*|}")
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "folio: $(git describe --always --dirty 2>/dev/null || echo '?'); baseline: ${BASELINE_REV:-none}"
hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$work/t.json" "${args[@]}" >/dev/null 2>&1

# peak RSS, median of RUNS runs
: >"$work/rss"
for c in "${cases[@]}"; do
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f "%M" -o "$work/m" "$work/folio" ${c#*|} >/dev/null 2>&1
		echo "${c%%|*}|$(cat "$work/m")" >>"$work/rss"
	done
done

python3 - "$work/t.json" "$work/rss" <<'PY'
import json, statistics, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rss = {}
for line in open(sys.argv[2]):
    name, kb = line.rstrip("\n").rsplit("|", 1)
    rss.setdefault(name, []).append(int(kb))
cal = res["calibration: sha256sum 256 MiB"]
calwall = cal["median"]
targets = {"report: build (PDF + EPUB)": (300, 200), "report: draft PDF": (150, None)}
print("%-28s %9s %9s %9s %8s %15s  %s" % ("", "wall ms", "CPU ms", "RSS MB", "x calib", "x baseline w/c", "target"))
for name, r in res.items():
    if name.startswith("baseline "):
        continue
    wall, cpu = r["median"], r["user"] + r["system"]
    mem = "%9.0f" % (statistics.median(rss[name]) / 1024) if name in rss else "%9s" % ""
    base = res.get("baseline " + name)
    vs = "%7.2f/%7.2f" % (wall / base["median"], cpu / (base["user"] + base["system"])) if base else "%15s" % ""
    t = targets.get(name)
    tgt = ""
    if t:
        tgt = "<= %d ms" % t[0] + (", <= %d MB" % t[1] if t[1] else "")
    print("%-28s %9.0f %9.0f %s %8.2f %s  %s" % (name, wall * 1000, cpu * 1000, mem, wall / calwall, vs, tgt))
for kind in ["build (PDF + EPUB)", "draft PDF"]:
    one, ten = res["report: " + kind], res["10x: " + kind]
    print("10x / 1x, %-19s wall %.2f, CPU %.2f (target <= 10)" % (kind + ":", ten["median"] / one["median"],
          (ten["user"] + ten["system"]) / (one["user"] + one["system"])))
PY
