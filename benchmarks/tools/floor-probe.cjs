// A preload for the floor tool's processes (NODE_OPTIONS="--require benchmarks/tools/floor-probe.cjs"): every
// second each main thread appends to $FLOOR_PROBE_DIR/<pid>.log the requests its HTTP server has started
// (diagnostics_channel), its GC count and duration (perf_hooks), and heap used; it also logs any async hook
// or AsyncLocalStorage a module enables (each makes every Promise and callback dearer). floor-gc.py turns the
// logs and the floor tool's progress lines into GC per request for each step.
const fs = require("node:fs");
const asyncHooks = require("node:async_hooks");
const diagnostics = require("node:diagnostics_channel");
const { PerformanceObserver } = require("node:perf_hooks");
const { isMainThread } = require("node:worker_threads");

if (isMainThread && process.env.FLOOR_PROBE_DIR) {
  const file = `${process.env.FLOOR_PROBE_DIR}/${process.pid}.log`;
  fs.mkdirSync(process.env.FLOOR_PROBE_DIR, { recursive: true });
  const write = (entry) => fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
  const stack = () => new Error().stack.split("\n").slice(2, 8);
  write({ argv: process.argv.slice(1).join(" ").slice(0, 300) });
  const createHook = asyncHooks.createHook;
  asyncHooks.createHook = (...args) => {
    write({ createHook: stack() });
    return createHook(...args);
  };
  for (const method of ["run", "enterWith"]) {
    const original = asyncHooks.AsyncLocalStorage.prototype[method];
    let logged = 0;
    asyncHooks.AsyncLocalStorage.prototype[method] = function (...args) {
      if (logged++ < 3) write({ asyncLocalStorage: method, stack: stack() });
      return original.apply(this, args);
    };
  }
  const gc = { count: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  let requests = 0;
  diagnostics.subscribe("http.server.request.start", () => requests++);
  setInterval(() => write({ t: Date.now(), requests, ...gc, heap: process.memoryUsage().heapUsed }), 1000).unref();
}
