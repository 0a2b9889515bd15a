#!/usr/bin/env bash
# Syscalls per request of each process the floor tool measures, at 1 connection: runs the floor tool for
# --duration 12 and, 2 s into each step, attaches `strace -c -f` to the process under test for 5 s.
# Requests are counted as the step's response writes (`writev`: one per answer on every path here; the
# fronting emulator and the bare proxy also write each request to the container, so theirs read 2 per request).
# Usage, from the repository root after `pnpm build`: benchmarks/tools/floor-syscalls.sh OUT_DIR
set -euo pipefail
out=${1:?usage: floor-syscalls.sh OUT_DIR}
mkdir -p "$out"
node benchmarks/dist/floor/main.js --connections 1 --duration 12 >"$out/floor.md" 2>"$out/floor.err" &
floor=$!
wait_for() { until grep -q "$1" "$out/floor.err"; do kill -0 "$floor" 2>/dev/null || exit 1; sleep 0.2; done; }
child() { ps -o pid=,args= --ppid "$floor" | grep -- "$1" | grep -v -- "${2:-^$}" | awk '{print $1}' | head -1; }
for step in embedded:apps/emulator:container-url direct:packages/runtime fronting:container-url proxy:floor/bare-proxy; do
  IFS=: read -r name pattern exclude <<<"$step"
  wait_for "$name, 1 connections"
  sleep 2
  timeout -s INT 5 strace -qq -c -f -p "$(child "$pattern" "$exclude")" -o "$out/$name.strace" || true
done
wait "$floor"
for name in embedded direct fronting proxy; do
  awk -v name="$name" '$NF == "writev" { w = $4 } { c[$NF] = $4 }
    END { printf "%s: per writev: epoll_pwait %.2f, read %.2f, write %.2f, futex %.2f, total %.2f\n", name,
      c["epoll_pwait"] / w, c["read"] / w, c["write"] / w, c["futex"] / w, c["total"] / w }' "$out/$name.strace"
done
