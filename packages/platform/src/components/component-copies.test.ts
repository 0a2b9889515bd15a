// ComponentCopies' own rules, on instances that only count: a copy takes traffic once its model is
// loaded, least-outstanding routing spreads requests, scale-in drains before it closes, a rolling update
// keeps the old copies serving until every new one is loaded (and keeps them if one fails).
import type { ModelContainer } from "@mme/core/container";
import { describe, expect, it, vi } from "vitest";
import type { ModelLease } from "../cache/types.js";
import type { EndpointSpec } from "../endpoints/endpoint-spec.js";
import type { Instance, OpenModelHost } from "../fleet/instance.js";
import { ComponentCopies } from "./component-copies.js";

const spec = (modelDataUrl: string): EndpointSpec => ({
  endpointName: "ep",
  variantName: "AllTraffic",
  modelName: "m",
  mode: "SingleModel",
  modelDataUrl,
  environment: {},
  cacheSetting: "Enabled",
});

interface FakeHosts {
  open: OpenModelHost;
  opened: { url: string; closed: boolean; pinned: number }[];
  /** Loads wait on this until released (all at once). */
  release(): void;
}

function fakeHosts(options: { gated?: boolean; failUrl?: string } = {}): FakeHosts {
  let release = () => {};
  const gate = options.gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const opened: FakeHosts["opened"] = [];
  const open: OpenModelHost = async (s) => {
    const state = { url: s.modelDataUrl, closed: false, pinned: 0 };
    opened.push(state);
    const lease = (): ModelLease => {
      state.pinned++;
      return { containerModelName: s.modelDataUrl, release: () => void state.pinned-- };
    };
    const host = {
      container: {} as ModelContainer,
      resolve: () => ({ bucket: "b", key: "k" }),
      acquire: async () => {
        await gate;
        if (s.modelDataUrl === options.failUrl) throw new Error("model failed to load");
        return { lease: lease(), timings: { cacheHit: false, waitMicros: 0 } };
      },
      acquireWarm: () => ({ lease: lease(), timings: { cacheHit: true, waitMicros: 0 } }),
      markLost: () => {},
      status: () => ({ models: [] }) as never,
      close: async () => {
        state.closed = true;
      },
    };
    // Only what a copy calls: acquire, acquireWarm, markLost, close.
    return host as unknown as Instance;
  };
  return { open, opened, release: () => release() };
}

const copiesOf = (
  hosts: FakeHosts,
  routing: "RANDOM" | "LEAST_OUTSTANDING_REQUESTS" | "default" = "LEAST_OUTSTANDING_REQUESTS",
) =>
  new ComponentCopies({
    spec: spec("s3://models/v1.tar.gz"),
    openHost: hosts.open,
    instanceFor: (ordinal) => `i-${ordinal % 2}`,
    ...(routing === "default" ? {} : { routing }),
  });

describe("an inference component's copies", () => {
  it("routes to no copy until one is loaded, and pins each copy's model", async () => {
    const hosts = fakeHosts({ gated: true });
    const copies = copiesOf(hosts);
    const starting = copies.resize(2);
    await vi.waitFor(() => expect(hosts.opened).toHaveLength(2));
    expect(copies.route()).toBeUndefined();
    expect(copies.all().map((c) => c.status)).toEqual(["Creating", "Creating"]);
    hosts.release();
    await starting;
    expect(copies.copyCount).toBe(2);
    expect(hosts.opened.map((h) => h.pinned)).toEqual([1, 1]);
    expect(copies.copies.map((c) => c.instanceId)).toEqual(["i-0", "i-1"]);
  });

  it("sends each request to the copy with the fewest in flight", async () => {
    const copies = copiesOf(fakeHosts(), "LEAST_OUTSTANDING_REQUESTS");
    await copies.resize(3);
    const routed = [copies.route()!, copies.route()!, copies.route()!];
    expect(new Set(routed).size).toBe(3);
    routed[1]!.leave();
    expect(copies.route()).toBe(routed[1]);
    expect(routed.map((c) => c.invocations)).toEqual([1, 2, 1]);
  });

  it("spreads requests at random with RANDOM routing, SageMaker's default", async () => {
    const copies = copiesOf(fakeHosts(), "default");
    await copies.resize(2);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const copy = copies.route()!;
      seen.add(copy.copyId);
      copy.leave();
    }
    expect(seen.size).toBe(2);
  });

  it("scales in by taking the newest copy out of routing, closing it once its requests are answered", async () => {
    const hosts = fakeHosts();
    const copies = copiesOf(hosts);
    await copies.resize(2);
    const busy = copies.copies[1]!;
    copies.route();
    copies.route();
    expect(copies.copies.map((c) => c.inFlight)).toEqual([1, 1]);
    const scaled = copies.resize(1);
    await vi.waitFor(() => expect(busy.status).toBe("Draining"));
    expect(copies.copyCount).toBe(1);
    expect(hosts.opened[1]!.closed).toBe(false);
    busy.leave();
    await scaled;
    expect(hosts.opened[1]).toMatchObject({ closed: true, pinned: 0 });
    expect(copies.all()).toHaveLength(1);
  });

  it("rolls to a new spec: the old copies serve until every new one is loaded, then drain", async () => {
    const hosts = fakeHosts();
    const copies = copiesOf(hosts);
    await copies.resize(2);
    const old = [...copies.copies];
    await copies.deploy(spec("s3://models/v2.tar.gz"), 2);
    expect(copies.copies.map((c) => c.ref.key)).toEqual(["v2.tar.gz", "v2.tar.gz"]);
    expect(old.every((c) => !copies.copies.includes(c))).toBe(true);
    expect(hosts.opened.filter((h) => h.closed).map((h) => h.url)).toEqual([
      "s3://models/v1.tar.gz",
      "s3://models/v1.tar.gz",
    ]);
  });

  it("keeps the old copies serving when a new copy fails to load", async () => {
    const hosts = fakeHosts({ failUrl: "s3://models/broken.tar.gz" });
    const copies = copiesOf(hosts);
    await copies.resize(1);
    await expect(copies.deploy(spec("s3://models/broken.tar.gz"), 2)).rejects.toThrow("model failed to load");
    expect(copies.copies.map((c) => c.ref.key)).toEqual(["v1.tar.gz"]);
    expect(copies.spec.modelDataUrl).toBe("s3://models/v1.tar.gz");
    expect(hosts.opened.filter((h) => h.url.includes("broken")).every((h) => h.closed)).toBe(true);
  });

  it("closes every copy, loading ones included", async () => {
    const hosts = fakeHosts({ gated: true });
    const copies = copiesOf(hosts);
    const starting = copies.resize(2);
    await vi.waitFor(() => expect(hosts.opened).toHaveLength(2));
    const closed = copies.close();
    hosts.release();
    await Promise.all([starting, closed]);
    expect(hosts.opened.every((h) => h.closed)).toBe(true);
    expect(copies.copyCount).toBe(0);
  });
});
