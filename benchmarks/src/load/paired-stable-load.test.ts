// The paired closed loop against two loopback servers: the windows alternate (AB, BA, …), and each figure is
// the median of the last three rounds' own comparisons. Orders and counts, never a speed.
import { createServer, type Server } from "node:http";
import { afterEach, expect, it } from "vitest";
import { runPairedStableLoad } from "./paired-stable-load.js";

const body = new TextEncoder().encode('{"inputs":[]}');
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that answers at once and logs its name when a client connects (one connection per window). */
async function server(name: string, connected: string[]): Promise<string> {
  const s = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  s.on("connection", () => connected.push(name));
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const address = s.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return `http://127.0.0.1:${address.port}/invocations`;
}

/** Side a and side b, one connection each. */
async function sides(connected: string[]) {
  const step = async (name: string) => ({
    url: await server(name, connected),
    headers: {},
    body,
    connections: 1,
  });
  return [await step("a"), await step("b")] as const;
}

it("alternates the two sides' windows and reports the medians of the last three rounds", async () => {
  const connected: string[] = [];
  const paired = await runPairedStableLoad(...(await sides(connected)), {
    windowS: 0.3,
    limitS: 1.5,
    tolerance: 10,
  });
  // A tolerance this wide is met by the first three windows of each side.
  expect(paired.rounds).toHaveLength(3);
  expect(connected).toEqual(["a", "b", "b", "a", "a", "b"]);
  expect(paired.a.windows).toBe(3);
  expect(paired.b.windows).toBe(3);
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[1];
  expect(paired.throughputRatio).toBe(median(paired.rounds.map((r) => r.throughputRatio)));
  expect(paired.overheadMicros).toBe(median(paired.rounds.map((r) => r.overheadMicros)));
  expect(paired.addedServiceMicros).toBe(median(paired.rounds.map((r) => r.addedServiceMicros)));
  expect(paired.a.requests).toBeGreaterThan(0);
  expect(paired.b.requests).toBeGreaterThan(0);
});

it("stops at the step's limit when the windows never agree", async () => {
  const connected: string[] = [];
  const paired = await runPairedStableLoad(...(await sides(connected)), {
    windowS: 0.2,
    limitS: 0.8,
    tolerance: 0,
  });
  expect(paired.rounds).toHaveLength(4);
  expect(connected).toEqual(["a", "b", "b", "a", "a", "b", "b", "a"]);
  expect(paired.a.stable).toBe(false);
});

it("leaves a side that answers nothing without a ratio, and goes on alternating", async () => {
  const connected: string[] = [];
  const [a, b] = await sides(connected);
  const gone = servers.pop() as Server;
  gone.closeAllConnections();
  await new Promise((resolve) => gone.close(resolve));
  const paired = await runPairedStableLoad(a, b, { windowS: 0.2, limitS: 0.6, tolerance: 10 });
  expect(paired.rounds).toHaveLength(3);
  expect(paired.b.requests).toBe(0);
  expect(paired.a.requests).toBeGreaterThan(0);
  expect(paired.throughputRatio).toBeNaN();
  expect(paired.overheadMicros).toBeNaN();
  expect(paired.addedServiceMicros).toBeNaN();
});
