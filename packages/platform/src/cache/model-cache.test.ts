import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  createS3Client,
  ModelError,
  ModelNotReadyException,
  ServiceUnavailable,
  ValidationError,
} from "@mme/core";
import type { ContainerResponse, ModelContainer } from "@mme/core/container";
import { EmbeddedRuntime } from "@mme/runtime";
import * as tar from "tar";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { S3ModelSource } from "../source/s3-model-source.js";
import { startTestS3, type TestS3 } from "../test-support/test-s3.js";
import { type CacheEventName, watchCacheEvents } from "./cache-events.js";
import { ModelCache, type ModelCacheInit } from "./model-cache.js";
import type { CacheOrigin, ModelRef } from "./types.js";

const REGISTRY = path.resolve(import.meta.dirname, "../../../../model_registry");
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const ADD_SUB_REQUEST = new TextEncoder().encode(
  JSON.stringify({
    inputs: [
      { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
      { name: "INPUT1", shape: [4], datatype: "FP32", data: [1, 1, 1, 1] },
    ],
  }),
);

/** The real runtime, with a count of loads and a gate the test opens to make a load slow. */
class ObservedContainer implements ModelContainer {
  loads = 0;
  completedLoads = 0;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  constructor(readonly inner: EmbeddedRuntime) {}
  closeGate(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }
  openGate(): void {
    this.#open?.();
    this.#gate = undefined;
  }
  async load(name: string, url: string): Promise<ContainerResponse> {
    this.loads++;
    if (this.#gate) await this.#gate;
    const res = await this.inner.load(name, url);
    this.completedLoads++;
    return res;
  }
  ping = () => this.inner.ping();
  unload = (name: string) => this.inner.unload(name);
  list = (token?: string, max?: number) => this.inner.list(token, max);
  describe = (name: string) => this.inner.describe(name);
  invoke = (name: string, body: Uint8Array, headers: Record<string, string>) =>
    this.inner.invoke(name, body, headers);
  close = () => this.inner.close();
}

type EventName = CacheEventName;
/** A cache origin of its own, and what its cache publishes on the `mme:cache:*` channels. */
function recordEvents() {
  const origin: CacheOrigin = { scope: {}, variantName: "AllTraffic", instanceId: "i-test" };
  const log: { event: EventName; target: string; reason?: string }[] = [];
  const push =
    (event: EventName) =>
    ({ ref, reason }: { ref: ModelRef; reason?: unknown }) =>
      log.push({ event, target: ref.targetModel, ...(typeof reason === "string" ? { reason } : {}) });
  const stop = watchCacheEvents(origin.scope, {
    downloaded: push("downloaded"),
    extracted: push("extracted"),
    loaded: push("loaded"),
    unloaded: push("unloaded"),
    diskEvicted: push("diskEvicted"),
    loadFailed: push("loadFailed"),
  });
  const count = (event: EventName, target?: string) =>
    log.filter((e) => e.event === event && (target === undefined || e.target === target)).length;
  return { log, origin, stop, count };
}

const ref = (targetModel: string, extra: Partial<ModelRef> = {}): ModelRef => ({
  endpointName: "ep",
  targetModel,
  bucket: "models",
  key: `prefix/${targetModel}`,
  ...extra,
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`timed out waiting until ${what}`);
    },
    { timeout: 10_000, interval: 20 },
  );
}

let s3dir: string;
let s3: TestS3;
let endpoint: string;
let uploader: S3Client;
let addSubTarGz: Buffer;
let brokenTarGz: Buffer;
let addSubFootprint: number;
let addSubDiskBytes: number;
const cleanups: (() => Promise<unknown>)[] = [];

async function put(key: string, body: Buffer): Promise<void> {
  await uploader.send(new PutObjectCommand({ Bucket: "models", Key: `prefix/${key}`, Body: body }));
}

async function setup(options: Partial<ModelCacheInit> & { runtime?: EmbeddedRuntime } = {}) {
  const rootDir = await mkdtemp(path.join(os.tmpdir(), "mme-cache-"));
  const container = new ObservedContainer(options.runtime ?? new EmbeddedRuntime());
  const recorder = recordEvents();
  const source = new S3ModelSource({ endpoint, credentials });
  const cache = new ModelCache({
    container,
    source,
    rootDir,
    diskBytes: 1024 ** 3,
    memoryBytes: 1024 ** 3,
    origin: recorder.origin,
    ...options,
  });
  cleanups.push(async () => {
    await cache.close();
    recorder.stop();
    await container.close();
    source.close();
    await rm(rootDir, { recursive: true, force: true });
  });
  return { cache, container, rootDir, ...recorder };
}

async function invokeOk(cache: ModelCache, container: ModelContainer, target: string): Promise<void> {
  const { lease } = await cache.acquire(ref(target));
  try {
    const res = await container.invoke(lease.containerModelName, ADD_SUB_REQUEST, {
      "content-type": "application/json",
    });
    expect(res.status).toBe(200);
  } finally {
    lease.release();
  }
}

beforeAll(async () => {
  s3dir = await mkdtemp(path.join(os.tmpdir(), "mme-cache-s3-"));
  s3 = await startTestS3({ directory: s3dir, buckets: ["models"] });
  endpoint = s3.url;
  uploader = createS3Client({ endpoint, region: "us-east-1", credentials });
  addSubTarGz = await buffer(tar.c({ gzip: true, cwd: REGISTRY }, ["add_sub_onnx"]) as unknown as Readable);
  const brokenDir = path.join(s3dir, "broken-src", "broken");
  await mkdir(path.join(brokenDir, "1"), { recursive: true });
  await writeFile(path.join(brokenDir, "config.pbtxt"), "this is { not a model config");
  brokenTarGz = await buffer(
    tar.c({ gzip: true, cwd: path.dirname(brokenDir) }, ["broken"]) as unknown as Readable,
  );
  for (const name of ["a", "b", "c", "d"]) await put(`${name}.tar.gz`, addSubTarGz);

  const probe = new EmbeddedRuntime();
  await probe.load("probe", path.join(REGISTRY, "add_sub_onnx"));
  addSubFootprint = (await probe.describe("probe"))?.memoryBytes ?? 0;
  await probe.close();
  const modelFile = await stat(path.join(REGISTRY, "add_sub_onnx", "1", "model.onnx"));
  const configFile = await stat(path.join(REGISTRY, "add_sub_onnx", "config.pbtxt"));
  addSubDiskBytes = modelFile.size + configFile.size;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  uploader.destroy();
  await s3.close().catch(() => {});
  await rm(s3dir, { recursive: true, force: true });
});

describe("ModelCache", () => {
  it("keeps a successor's copies when an endpoint's old cache closes late over the same folder and container", async () => {
    const { cache: old, container, rootDir } = await setup();
    const successor = new ModelCache({
      container,
      source: new S3ModelSource({ endpoint, credentials }),
      rootDir,
      diskBytes: 1024 ** 3,
      memoryBytes: 1024 ** 3,
      origin: { scope: {}, variantName: "AllTraffic", instanceId: "i-successor" },
    });
    cleanups.unshift(() => successor.close());
    await invokeOk(old, container, "a.tar.gz");
    await invokeOk(successor, container, "a.tar.gz");

    await old.close();

    await invokeOk(successor, container, "a.tar.gz");
    expect(successor.status().models).toHaveLength(1);
    expect(successor.status().models[0]?.tier).toBe("memory");
  });
  it("serves 100 concurrent requests for a cold model with one download, one extraction, one load", async () => {
    const { cache, container, rootDir, count } = await setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.acquire(ref("a.tar.gz"))));

    expect(count("downloaded")).toBe(1);
    expect(count("extracted")).toBe(1);
    expect(count("loaded")).toBe(1);
    expect(container.loads).toBe(1);
    const names = new Set(results.map((r) => r.lease.containerModelName));
    expect(names.size).toBe(1);
    const [name] = [...names];
    expect(name).toMatch(/^[0-9A-Za-z._]+$/);
    expect(
      (await stat(path.join(rootDir, name as string, "model", "add_sub_onnx", "config.pbtxt"))).isFile(),
    ).toBe(true);
    expect(results.filter((r) => r.timings.downloadMicros !== undefined)).toHaveLength(1);
    expect(results.every((r) => !r.timings.cacheHit && r.timings.waitMicros > 0)).toBe(true);
    expect(cache.status().models[0]?.inFlight).toBe(100);
    for (const r of results) r.lease.release();

    const warm = await cache.acquire(ref("a.tar.gz"));
    expect(warm.timings).toEqual({ cacheHit: true, waitMicros: 0 });
    warm.lease.release();
    expect(cache.status()).toMatchObject({ loadedCount: 1, hits: 1, misses: 100 });
  });

  it("unloads the least recently used idle model, never one serving a request", async () => {
    const { cache, container, count, log } = await setup({ maxLoadedModels: 2 });
    const longRequest = await cache.acquire(ref("a.tar.gz")); // oldest, but busy
    await invokeOk(cache, container, "b.tar.gz"); // idle
    await invokeOk(cache, container, "c.tar.gz"); // needs room: b goes, not a

    expect(log.filter((e) => e.event === "unloaded")).toEqual([
      { event: "unloaded", target: "b.tar.gz", reason: "evicted" },
    ]);
    expect(await container.describe(longRequest.lease.containerModelName)).toBeDefined();
    const res = await container.invoke(longRequest.lease.containerModelName, ADD_SUB_REQUEST, {});
    expect(res.status).toBe(200);
    longRequest.lease.release();
    expect(count("loaded")).toBe(3);
  });

  it("makes a load wait for a release when every loaded model is busy", async () => {
    const { cache, count, log } = await setup({ maxLoadedModels: 1 });
    const busy = await cache.acquire(ref("a.tar.gz"));
    let loadedB = false;
    const pendingB = cache.acquire(ref("b.tar.gz")).then((r) => {
      loadedB = true;
      return r;
    });
    await until(() => count("extracted", "b.tar.gz") === 1, "b is on disk");
    expect(loadedB).toBe(false);
    expect(count("unloaded")).toBe(0);

    busy.lease.release();
    const b = await pendingB;
    expect(count("unloaded", "a.tar.gz")).toBe(1);
    // b's load waited: it came only after the released a made room.
    const at = (event: string, target: string) =>
      log.findIndex((e) => e.event === event && e.target === target);
    expect(at("unloaded", "a.tar.gz")).toBeLessThan(at("loaded", "b.tar.gz"));
    expect(cache.status().loadedCount).toBe(1);
    b.lease.release();
  });

  it("reloads an unloaded model from disk without downloading it again", async () => {
    const { cache, container, count } = await setup({ maxLoadedModels: 1 });
    await invokeOk(cache, container, "a.tar.gz");
    await invokeOk(cache, container, "b.tar.gz"); // a is unloaded, stays on disk
    expect(cache.status().models.find((m) => m.targetModel === "a.tar.gz")?.tier).toBe("disk");

    const again = await cache.acquire(ref("a.tar.gz"));
    expect(count("downloaded", "a.tar.gz")).toBe(1);
    expect(count("loaded", "a.tar.gz")).toBe(2);
    expect(again.timings.downloadMicros).toBeUndefined();
    expect(again.timings.loadMicros).toBeGreaterThan(0);
    again.lease.release();
  });

  it("does not cache a failed load, and a retry succeeds once the object is fixed", async () => {
    const { cache, container, count } = await setup();
    await put("broken-then-fixed.tar.gz", brokenTarGz);
    const error = await cache.acquire(ref("broken-then-fixed.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).status).toBe(424);
    expect((error as ModelError).originalStatusCode).toBe(400);
    expect((error as ModelError).originalMessage).toMatch(/config/i);
    expect(count("loadFailed", "broken-then-fixed.tar.gz")).toBe(1);
    // A failed load is no miss (CloudWatch's ModelCacheHit records nothing for it either).
    expect(cache.status()).toMatchObject({ loadedCount: 0, models: [], hits: 0, misses: 0 });

    await put("broken-then-fixed.tar.gz", addSubTarGz);
    await invokeOk(cache, container, "broken-then-fixed.tar.gz");
    expect(count("downloaded", "broken-then-fixed.tar.gz")).toBe(2);
    expect(cache.status()).toMatchObject({ hits: 0, misses: 1 });
  });

  it("answers a missing target with SageMaker's ValidationError and caches nothing", async () => {
    const { cache } = await setup();
    const error = await cache.acquire(ref("nope.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      "Failed to download model data(bucket: models, key: prefix/nope.tar.gz). Please ensure that there is an " +
        "object located at the URL and that the role passed to CreateModel has permissions to download the model.",
    );
    expect(cache.status()).toMatchObject({ models: [], hits: 0, misses: 0 });
  });

  it("refuses a hostile archive from S3 with a ValidationError and leaves nothing on disk", async () => {
    const { cache, rootDir } = await setup();
    const evil = Buffer.alloc(1024 + 512);
    evil.write("../../escaped.txt", 0);
    evil.write("0000644\0", 100);
    evil.write("00000000001\0", 124);
    evil.write("0", 156);
    evil.write("ustar\0", 257);
    evil.fill(" ", 148, 156);
    let sum = 0;
    for (const byte of evil.subarray(0, 512)) sum += byte;
    evil.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    await put("evil.tar.gz", gzipSync(evil));

    const error = await cache.acquire(ref("evil.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(
      /Failed to extract model data\(bucket: models, key: prefix\/evil\.tar\.gz\)/,
    );
    expect(await readdir(rootDir)).toEqual([]);
    await expect(stat(path.join(rootDir, "..", "escaped.txt"))).rejects.toThrow();
  });

  it("evicts the least recently used idle model and retries once when the container answers 507", async () => {
    const runtime = new EmbeddedRuntime({ memoryLimitBytes: Math.floor(addSubFootprint * 2.5) });
    const { cache, container, log } = await setup({ runtime });
    await invokeOk(cache, container, "a.tar.gz");
    await invokeOk(cache, container, "b.tar.gz");
    await invokeOk(cache, container, "c.tar.gz"); // the runtime is full: 507, evict a, retry

    expect(log.filter((e) => e.event === "unloaded")).toEqual([
      { event: "unloaded", target: "a.tar.gz", reason: "evicted" },
    ]);
    expect(container.loads).toBe(4);
    expect(cache.status().loadedCount).toBe(2);
  });

  it("bounds the memory tier by the container's reported footprint", async () => {
    const { cache, container, count } = await setup({ memoryBytes: Math.floor(addSubFootprint * 2.5) });
    for (const target of ["a.tar.gz", "b.tar.gz", "c.tar.gz"]) await invokeOk(cache, container, target);
    expect(count("unloaded", "a.tar.gz")).toBe(1);
    const status = cache.status();
    expect(status.loadedCount).toBe(2);
    expect(status.memoryBytesUsed).toBe(2 * addSubFootprint);
  });

  it("deletes the least recently used idle disk copy when the disk tier is full", async () => {
    const { cache, container, rootDir, log } = await setup({
      maxLoadedModels: 1,
      diskBytes: Math.floor(addSubDiskBytes * 2.5),
    });
    await invokeOk(cache, container, "a.tar.gz");
    await invokeOk(cache, container, "b.tar.gz");
    const aName = cache.status().models.find((m) => m.targetModel === "a.tar.gz")
      ?.containerModelName as string;
    await invokeOk(cache, container, "c.tar.gz");

    expect(log.filter((e) => e.event === "diskEvicted")).toEqual([
      { event: "diskEvicted", target: "a.tar.gz", reason: "disk-full" },
    ]);
    await expect(stat(path.join(rootDir, aName))).rejects.toThrow();
    expect(cache.status().diskBytesUsed).toBe(2 * addSubDiskBytes);
  });

  it("unloads and deletes right after each invocation when ModelCacheSetting is Disabled", async () => {
    const { cache, container, rootDir, count } = await setup({ cacheSetting: "Disabled" });
    await invokeOk(cache, container, "a.tar.gz");
    await until(() => count("diskEvicted", "a.tar.gz") === 1, "the disk copy is deleted");
    expect(count("unloaded", "a.tar.gz")).toBe(1);
    expect(cache.status()).toMatchObject({ loadedCount: 0, diskBytesUsed: 0, models: [] });
    expect(await readdir(rootDir)).toEqual([]);

    await invokeOk(cache, container, "a.tar.gz");
    expect(count("downloaded", "a.tar.gz")).toBe(2);
  });

  it("answers ModelNotReadyException after the wait budget while the load goes on, then serves the model", async () => {
    const { cache, container, count } = await setup({ waitBudgetMs: 200 });
    container.closeGate();
    const error = await cache.acquire(ref("a.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotReadyException);
    expect((error as ModelNotReadyException).status).toBe(429);

    container.openGate();
    await until(() => count("loaded", "a.tar.gz") === 1, "the background load finishes");
    const later = await cache.acquire(ref("a.tar.gz"));
    expect(later.timings.cacheHit).toBe(true);
    expect(container.loads).toBe(1);
    later.lease.release();
  });

  it("abandons a load that outlives loadTimeoutMs, cleans it up, and retries on the next request", async () => {
    const { cache, container } = await setup({ waitBudgetMs: 10_000, loadTimeoutMs: 300 });
    container.closeGate();
    const error = await cache.acquire(ref("a.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect((error as Error).message).toMatch(/did not load within 300 ms/);

    container.openGate();
    await until(
      async () => container.completedLoads === 1 && (await container.list()).models.length === 0,
      "the late load is undone",
    );
    await invokeOk(cache, container, "a.tar.gz");
    expect(container.loads).toBe(2);
  });

  it("reloads a model the container lost, from disk", async () => {
    const { cache, container, count } = await setup();
    const first = await cache.acquire(ref("a.tar.gz"));
    first.lease.release();
    await container.unload(first.lease.containerModelName); // e.g. a crashed worker
    cache.markLost(ref("a.tar.gz"));
    await invokeOk(cache, container, "a.tar.gz");
    expect(count("loaded", "a.tar.gz")).toBe(2);
    expect(count("downloaded", "a.tar.gz")).toBe(1);
  });

  it("reloads a lost model only after the container has finished unloading it", async () => {
    const { cache, container } = await setup();
    const first = await cache.acquire(ref("a.tar.gz"));
    first.lease.release();
    // An HTTP container (Triton) answers the unload of a half-alive model some time later.
    let openUnload = () => {};
    const unloadGate = new Promise<void>((resolve) => (openUnload = resolve));
    let unloadAsked = () => {};
    const unloadStarted = new Promise<void>((resolve) => (unloadAsked = resolve));
    const unload = container.unload;
    container.unload = async (name: string) => {
      unloadAsked();
      await unloadGate;
      return unload(name);
    };
    cache.markLost(ref("a.tar.gz"));
    const second = cache.acquire(ref("a.tar.gz"));
    await unloadStarted;
    openUnload();
    const { lease } = await second;
    try {
      const res = await container.invoke(lease.containerModelName, ADD_SUB_REQUEST, {
        "content-type": "application/json",
      });
      expect(res.status).toBe(200);
    } finally {
      lease.release();
    }
  });

  it("reports S3 being down as ServiceUnavailable and caches nothing", async () => {
    const down = await startTestS3({ directory: s3dir, buckets: [] });
    await down.close();
    const source = new S3ModelSource({ endpoint: down.url, credentials });
    const { cache } = await setup({ source });
    const error = await cache.acquire(ref("a.tar.gz")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect((error as Error).message).toMatch(/S3 is unreachable/);
    expect(cache.status().models).toEqual([]);
    source.close();
  });
});
