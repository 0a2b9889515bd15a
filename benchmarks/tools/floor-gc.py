#!/usr/bin/env python3
"""GC per request for each step of a floor run: floor-gc.py FLOOR_STDERR PROBE_DIR (see floor-probe.cjs).
Each step's window is its progress line + 1.5 s to the next step's line - 0.5 s."""
import datetime, glob, json, re, sys

stderr, probe_dir = sys.argv[1], sys.argv[2]
day = datetime.datetime.now(datetime.timezone.utc).date()
steps = re.findall(r"\[floor (\d\d:\d\d:\d\d)\] (\w+), (\d+) connections", open(stderr).read())
ms = lambda hms: datetime.datetime.combine(day, datetime.time.fromisoformat(hms), datetime.timezone.utc).timestamp() * 1000
process_of = {"embedded": "emulator", "coHosted": "emulator", "direct": "runtime", "fronting": "emulator-http", "proxy": "proxy"}
series, hooks = {}, []
for path in glob.glob(f"{probe_dir}/*.log"):
    entries = [json.loads(line) for line in open(path)]
    argv = entries[0]["argv"]
    name = ("emulator-http" if "container-url" in argv else "emulator" if "apps/emulator" in argv
            else "runtime" if "packages/runtime" in argv else "proxy" if "bare-proxy" in argv else None)
    hooks += [(name, e) for e in entries if "createHook" in e or "asyncLocalStorage" in e]
    if name:
        series[name] = [e for e in entries if "t" in e]
print("| step | conns | process | requests | scavenges+marks per 1000 requests | GC µs per request | heap MB |")
print("|---|---|---|---|---|---|---|")
for i, (hms, step, conns) in enumerate(steps):
    start = ms(hms) + 1500
    end = (ms(steps[i + 1][0]) if i + 1 < len(steps) else start + 5000) - 500
    points = series.get(process_of[step], [])
    if not points:
        continue
    a = min(points, key=lambda e: abs(e["t"] - start))
    b = min(points, key=lambda e: abs(e["t"] - end))
    n = b["requests"] - a["requests"]
    if n > 0:
        print(f"| {step} | {conns} | {process_of[step]} | {n} | {1000 * (b['count'] - a['count']) / n:.2f} | "
              f"{1000 * (b['ms'] - a['ms']) / n:.1f} | {b['heap'] / 1e6:.0f} |")
print(f"\nasync hooks / AsyncLocalStorage enabled: {hooks if hooks else 'none'}")
