// The explorer at /_mme/: a page (static HTML/JS/CSS from ./static, uPlot from node_modules: nothing
// from a CDN, no build step), its JSON (/_mme/api/state, /_mme/api/charts), the live feed as
// server-sent events (/_mme/events), and two guarded actions: POST /_mme/reset and
// POST /_mme/api/unload {endpointName, targetModel}.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import express, { type Express, type Request, type Response } from "express";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { servedHosts } from "../control-plane/served-hosts.js";
import type { ActivityEvent } from "../metrics/activity-feed.js";
import type { OperatingView } from "../status/operating-view.js";
import { explorerCharts, explorerState } from "./explorer-state.js";
import { crossOriginReason } from "./same-origin.js";

export interface ExplorerDeps {
  plane: ControlPlane;
  view: OperatingView;
  /** Open feeds end once shutdown begins, so they don't hold up the drain. */
  isShuttingDown?: () => boolean;
}

// src/explorer and dist/explorer are both two folders under apps/emulator: the page lives in src.
const STATIC_DIR = fileURLToPath(new URL("../../src/explorer/static/", import.meta.url));
const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  "explorer.js": { file: `${STATIC_DIR}explorer.js`, type: "text/javascript" },
  "explorer.css": { file: `${STATIC_DIR}explorer.css`, type: "text/css" },
  "uPlot.js": { file: require.resolve("uplot/dist/uPlot.iife.min.js"), type: "text/javascript" },
  "uPlot.css": { file: require.resolve("uplot/dist/uPlot.min.css"), type: "text/css" },
};
/** While a page is open, the state is pushed at least this often (last use, requests in flight) and shutdown is noticed. */
const STATE_PUSH_MS = 1000;

export function mountExplorer(app: Express, deps: ExplorerDeps): void {
  const router = express.Router();
  router.get("/", (_req, res) => sendFile(res, `${STATIC_DIR}index.html`, "text/html"));
  router.get("/assets/:name", (req: Request<{ name: string }>, res) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) {
      res.status(404).json({ message: `No explorer asset ${req.params.name}.` });
      return;
    }
    sendFile(res, asset.file, asset.type);
  });
  router.get("/api/state", async (_req, res) => {
    res.json({ ...(await explorerState(deps.plane)), events: deps.view.activity.recent(100) });
  });
  router.get("/api/charts", (req, res) => {
    const endpointName = String(req.query.endpoint ?? "");
    const record = deps.plane.endpoints.get(endpointName);
    const variantName = record ? servedHosts(record)[0]?.variantName : undefined;
    if (variantName === undefined) {
      res.status(404).json({ message: `No endpoint ${endpointName} in service.` });
      return;
    }
    res.json(explorerCharts(deps.view.metricStore, endpointName, variantName));
  });
  router.get("/events", (req, res) => liveFeed(deps, req, res));
  router.post("/reset", guarded, async (_req, res) => {
    await deps.view.reset();
    res.json({ reset: [...deps.plane.endpoints.keys()] });
  });
  router.post("/api/unload", guarded, express.json({ limit: "16kb" }), (req, res) => {
    const { endpointName, targetModel } = (req.body ?? {}) as {
      endpointName?: unknown;
      targetModel?: unknown;
    };
    const record = typeof endpointName === "string" ? deps.plane.endpoints.get(endpointName) : undefined;
    const hosts = record ? servedHosts(record) : [];
    if (hosts.length === 0 || typeof targetModel !== "string") {
      res
        .status(404)
        .json({ message: "Name an endpoint in service and one of its models: {endpointName, targetModel}." });
      return;
    }
    // Every instance's copy goes; a copy serving a request stays (and says so).
    const results = hosts.map((served) => served.host.unload?.(targetModel) ?? "not-loaded");
    const result = results.includes("unloaded")
      ? "unloaded"
      : results.includes("in-use")
        ? "in-use"
        : "not-loaded";
    const status = { unloaded: 200, "not-loaded": 404, "in-use": 409 }[result];
    res.status(status).json({ result, endpointName, targetModel });
  });
  app.use("/_mme", router);
}

function guarded(req: Request, res: Response, next: () => void): void {
  const refused = crossOriginReason(req);
  if (refused) {
    res.status(403).json({ message: refused });
    return;
  }
  next();
}

async function sendFile(res: Response, file: string, type: string): Promise<void> {
  try {
    const body = await readFile(file);
    res.status(200).type(type).set("Cache-Control", "no-cache").send(body);
  } catch {
    res.status(404).json({ message: "Not found." });
  }
}

/** SSE: `activity` for each event as it happens, `state` after changes (coalesced) and every second. */
function liveFeed(deps: ExplorerDeps, req: Request, res: Response): void {
  res.status(200).set({
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  res.write("retry: 1000\n\n");
  let pending: NodeJS.Timeout | undefined;
  let closed = false;
  const pushState = async () => {
    pending = undefined;
    const state = await explorerState(deps.plane).catch(() => undefined);
    if (state && !closed) res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
  };
  const onActivity = (event: ActivityEvent) => {
    res.write(`event: activity\ndata: ${JSON.stringify(event)}\n\n`);
    pending ??= setTimeout(pushState, 20);
  };
  const unsubscribe = deps.view.activity.subscribe(onActivity);
  const timer = setInterval(() => {
    if (deps.isShuttingDown?.()) res.end();
    else void pushState();
  }, STATE_PUSH_MS);
  void pushState();
  req.on("close", () => {
    closed = true;
    unsubscribe();
    clearInterval(timer);
    clearTimeout(pending);
  });
}
