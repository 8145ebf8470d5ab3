#!/usr/bin/env python3
"""paired.py: times commands against their baselines, run alternately.

Usage: paired.py RUNS OUT.json name=command [baseline=command] ...

Each case is a name and a command, optionally followed by the same case's
baseline ("baseline NAME"). Every round runs each case's command and its
baseline one after the other, so that a machine that slows down or speeds
up during the session slows both alike; a warm-up round comes first. The
order swaps from round to round (case then baseline, then baseline then
case), because a run pays for the one before it: a process that leaves
the kernel memory to zero or huge pages to mend slows whichever comes
next, by 10-20 % here. For each run it records the wall time, the CPU time (user and
system) and the peak RSS of the process (os.wait4's rusage), and writes
the medians as JSON: {name: {"wall": s, "cpu": s, "rss_kb": n, "ratio_wall":
x, "ratio_cpu": x}}, the ratios being the medians of the per-round ratios
against the baseline.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("paired.py: %s failed" % cmd)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    runs, out = int(sys.argv[1]), sys.argv[2]
    cases = []
    for arg in sys.argv[3:]:
        name, cmd = arg.split("=", 1)
        if name.startswith("baseline ") and cases and cases[-1][0] == name[len("baseline "):]:
            cases[-1][2] = cmd
        else:
            cases.append([name, cmd, None])
    samples = {c[0]: [] for c in cases}
    base = {c[0]: [] for c in cases}
    for rnd in range(runs + 1):
        for name, cmd, bcmd in cases:
            if bcmd and rnd % 2 == 1:
                b = run(bcmd)
                a = run(cmd)
            else:
                a = run(cmd)
                b = run(bcmd) if bcmd else None
            if rnd == 0:
                continue  # warm-up
            samples[name].append(a)
            if b:
                base[name].append(b)
    res = {}
    for name, _, bcmd in cases:
        s = samples[name]
        r = {"wall": statistics.median(x[0] for x in s), "cpu": statistics.median(x[1] for x in s),
             "rss_kb": statistics.median(x[2] for x in s)}
        if bcmd:
            b = base[name]
            r["ratio_wall"] = statistics.median(x[0] / y[0] for x, y in zip(s, b))
            r["ratio_cpu"] = statistics.median(x[1] / y[1] for x, y in zip(s, b))
        res[name] = r
    json.dump(res, open(out, "w"), indent=1)


main()
