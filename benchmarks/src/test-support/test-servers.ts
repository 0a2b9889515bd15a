// Loopback HTTP servers with a known latency pattern, for the load generator's own tests.
import { createServer, type Server } from "node:http";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Answers each request after `delayMs(elapsedMs)`, elapsedMs since the server started; with `stall`, the
 * server also stops answering for `stall.ms` every `stall.everyMs` (a request arriving meanwhile waits it out,
 * as one arriving at an MME during a model load does).
 */
export async function startTestServer(options: {
  delayMs?: (elapsedMs: number) => number;
  stall?: { everyMs: number; ms: number };
}): Promise<TestServer> {
  const started = performance.now();
  const stalledUntil = (now: number) => {
    const { stall } = options;
    if (!stall) return now;
    const phase = now % stall.everyMs;
    // Each period ends with its stall.
    return phase >= stall.everyMs - stall.ms ? now - phase + stall.everyMs : now;
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const now = performance.now() - started;
      const wait = stalledUntil(now) - now + (options.delayMs?.(now) ?? 0);
      setTimeout(() => res.end('{"ok":true}'), Math.max(0, wait));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/invocations`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
