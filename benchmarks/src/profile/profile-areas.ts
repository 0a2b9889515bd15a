// A `node --cpu-prof` profile of the emulator, summed by area: where a warm request's CPU goes (HTTP
// parsing and streams, routing, the emulator's own code, metrics, the runtime, GC), in µs per request.
// Self time of each sample's leaf frame, attributed by the frame's script.

export const AREAS = ["http", "routing", "emulator", "metrics", "runtime", "gc", "other"] as const;
export type Area = (typeof AREAS)[number];

/** The parts of a .cpuprofile this reads (Chrome DevTools' format, as node writes it). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface AreaSummary {
  /** CPU µs in each area over the whole profile (idle excluded). */
  totalMicros: Record<Area, number>;
  /** The same divided by the requests served. */
  microsPerRequest: Record<Area, number>;
  busyMicros: number;
}

const RULES: [Area, RegExp][] = [
  ["gc", /^\(garbage collector\)$/],
  // Start-up (module loading), not requests.
  ["other", /^node:internal\/(modules|bootstrap)\//],
  ["metrics", /prom-client|\/metrics\/|sketches-js/],
  // The in-process runtime, with the KServe codec it decodes requests and encodes answers with.
  ["runtime", /packages\/runtime\/|onnxruntime|@mme\/runtime|packages\/core\/(dist|src)\/kserve\//],
  [
    "routing",
    /node_modules\/.*(express|router|path-to-regexp|parseurl|body-parser|finalhandler|send|content-type|mime|type-is|qs|accepts|negotiator|encodeurl|escape-html|on-finished|statuses|proxy-addr|forwarded|fresh|range-parser|setprototypeof|depd|vary)\//,
  ],
  ["emulator", /apps\/emulator\/|packages\/core\/|pino|lru-cache|undici/],
  ["http", /^node:|^internal\/|^(?:_http|net|stream|events)/],
];

export function areaOf(callFrame: { functionName: string; url: string }): Area | "idle" {
  if (callFrame.functionName === "(idle)") return "idle";
  for (const [area, rule] of RULES) {
    if (rule.test(area === "gc" ? callFrame.functionName : callFrame.url)) return area;
  }
  return "other";
}

export function summarizeProfile(profile: CpuProfile, requests: number): AreaSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // A V8 builtin or native frame (no script) counts for the code that called it.
  const areaById = new Map<number, Area | "idle">();
  const resolve = (id: number): Area | "idle" => {
    const known = areaById.get(id);
    if (known) return known;
    const node = byId.get(id);
    let area: Area | "idle" = node ? areaOf(node.callFrame) : "other";
    if (
      node &&
      node.callFrame.url === "" &&
      area === "other" &&
      node.callFrame.functionName !== "(program)"
    ) {
      const parent = parentOf.get(id);
      area = parent === undefined ? "other" : resolve(parent);
    }
    areaById.set(id, area);
    return area;
  };
  const totalMicros = Object.fromEntries(AREAS.map((area) => [area, 0])) as Record<Area, number>;
  let busyMicros = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const area = resolve(profile.samples[i]!);
    const delta = profile.timeDeltas[i] ?? 0;
    if (area === "idle") continue;
    totalMicros[area] += delta;
    busyMicros += delta;
  }
  const per = requests > 0 ? requests : 1;
  const microsPerRequest = Object.fromEntries(AREAS.map((area) => [area, totalMicros[area] / per])) as Record<
    Area,
    number
  >;
  return { totalMicros, microsPerRequest, busyMicros };
}
