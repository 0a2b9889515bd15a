// The embedded runtime's Python workers, found through /proc: child processes of this one running
// the runtime's worker script (what an operator would see with `ps --ppid`).
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { WORKER_SCRIPT } from "@mme/runtime";

export function pythonWorkerPids(parentPid = process.pid): number[] {
  const script = basename(WORKER_SCRIPT);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== parentPid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv.some((arg) => basename(arg) === script)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
