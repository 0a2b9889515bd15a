import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedRuntime } from "../embedded-runtime.js";
import {
  addSubRequest,
  binaryImageRequest,
  binaryResponse,
  JSON_HEADERS,
  outputData,
  parseJson,
  quietRuntimeOptions,
  type TempDir,
  tempDir,
  writeAddSubOnnx,
  writeConfigOnly,
  writeKind,
} from "../test-support/fixtures.js";
import { readGolden, summarize } from "../test-support/golden.js";

let dir: TempDir;
let runtime: EmbeddedRuntime;

beforeAll(async () => {
  dir = await tempDir();
  runtime = new EmbeddedRuntime(quietRuntimeOptions());
});
afterAll(async () => {
  await runtime.close();
  await dir.remove();
});

describe("ONNX models in-process", () => {
  it("add_sub_onnx returns exactly the sum and difference", async () => {
    expect((await runtime.load("add_sub_onnx", await writeAddSubOnnx(dir.path))).status).toBe(200);
    const reply = await runtime.invoke(
      "add_sub_onnx",
      addSubRequest([1.5, 2, -3, 1e7], [0.25, 4, 3, 1]),
      JSON_HEADERS,
    );
    expect(reply.status).toBe(200);
    expect(outputData(reply.body, "OUTPUT0")).toEqual([1.75, 6, 0, 10000001]);
    expect(outputData(reply.body, "OUTPUT1")).toEqual([1.25, -2, -6, 9999999]);
    expect(parseJson(reply.body)).toMatchObject({ model_name: "add_sub_onnx", model_version: "1" });
  });

  it("honours the request's output selection", async () => {
    const reply = await runtime.invoke(
      "add_sub_onnx",
      addSubRequest([1, 2, 3, 4], [1, 1, 1, 1], { outputs: [{ name: "OUTPUT1" }] }),
      JSON_HEADERS,
    );
    expect(parseJson(reply.body).outputs.map((o: { name: string }) => o.name)).toEqual(["OUTPUT1"]);
  });

  it.each([1, 4])("the small image model matches its golden vector at batch %i", async (batch) => {
    if (!(await runtime.describe("small_image"))) {
      expect((await runtime.load("small_image", await writeKind(dir.path, "small_image"))).status).toBe(200);
    }
    const { body, headers } = binaryImageRequest(batch);
    const reply = await runtime.invoke("small_image", body, headers);
    expect(reply.status).toBe(200);
    const { json, values } = binaryResponse(
      reply.body,
      Number(reply.headers["inference-header-content-length"]),
    );
    expect(json.outputs[0]).toMatchObject({ name: "OUTPUT__0", datatype: "FP32", shape: [batch, 1000] });
    const actual = summarize(values, batch);
    const expected = readGolden()[batch === 1 ? "batch1" : "batch4"];
    expect(actual.map((a) => a.argmax)).toEqual(expected.map((e) => e.argmax));
    actual.forEach((item, b) => {
      expect(item.sum).toBeCloseTo(expected[b]!.sum, 3);
      item.sampled.forEach((v, i) => {
        expect(Math.abs(v - expected[b]!.sampled[i]!)).toBeLessThan(1e-4);
      });
    });
    expect(new Set(values).size).toBeGreaterThan(100);
  });

  it("rejects a batch above max_batch_size", async () => {
    const { body, headers } = binaryImageRequest(9);
    const reply = await runtime.invoke("small_image", body, headers);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(/INPUT__0.*batch size 9.*1\.\.8/);
  });

  it("runs one session per instance_group count", async () => {
    const repo = await writeAddSubOnnx(dir.path);
    const config = join(repo, "add_sub_onnx", "config.pbtxt");
    const { readFile, writeFile } = await import("node:fs/promises");
    await writeFile(config, (await readFile(config, "utf8")).replace("count: 1", "count: 3"));
    expect((await runtime.load("three", repo)).status).toBe(200);
    const one = (await runtime.describe("add_sub_onnx"))!.memoryBytes!;
    expect((await runtime.describe("three"))!.memoryBytes).toBe(3 * one);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        runtime.invoke("three", addSubRequest([i, i, i, i], [1, 2, 3, 4]), JSON_HEADERS),
      ),
    );
    replies.forEach((r, i) => {
      expect(outputData(r.body, "OUTPUT1")).toEqual([i - 1, i - 2, i - 3, i - 4]);
    });
    await runtime.unload("three");
  });

  it("fails the load when the ONNX graph has an input the config does not declare", async () => {
    const repo = await writeAddSubOnnx(dir.path);
    const model = await writeConfigOnly(
      dir.path,
      "one_input",
      `name: "one_input"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]\n`,
    );
    await copyFile(join(repo, "add_sub_onnx", "1", "model.onnx"), join(model, "1", "model.onnx"));
    const reply = await runtime.load("one_input", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(/ONNX graph input 'INPUT1' is not declared in config\.pbtxt/);
    expect(await runtime.describe("one_input")).toBeUndefined();
  });

  it("unload releases the sessions and the footprint", async () => {
    const repo = await writeKind(dir.path, "small_image");
    expect((await runtime.load("to_unload", repo)).status).toBe(200);
    const before = await runtime.totalMemoryBytes();
    const footprint = (await runtime.describe("to_unload"))!.memoryBytes!;
    expect(footprint).toBeGreaterThan(100_000);
    expect((await runtime.unload("to_unload")).status).toBe(200);
    expect(await runtime.totalMemoryBytes()).toBe(before - footprint);
    expect((await runtime.invoke("to_unload", addSubRequest([1], [1]), JSON_HEADERS)).status).toBe(404);
  });

  it("keeps the event loop turning while an inference runs (sessions live on worker threads)", async () => {
    if (!(await runtime.describe("small_image"))) {
      expect((await runtime.load("small_image", await writeKind(dir.path, "small_image"))).status).toBe(200);
    }
    const { body, headers } = binaryImageRequest(8);
    const order: string[] = [];
    const inference = runtime.invoke("small_image", body, headers).then((reply) => {
      order.push("inference answered");
      return reply;
    });
    // On the main thread, session.run would hold the loop until the inference is done, so its answer
    // would come before the loop's next turn; on a worker thread the turn comes first.
    await new Promise((resolve) => setImmediate(resolve));
    order.push("event loop turned");
    const reply = await inference;
    expect(reply.status).toBe(200);
    expect(order).toEqual(["event loop turned", "inference answered"]);
  });

  it("fails the load naming a bad onnxruntime parameter in config.pbtxt", async () => {
    const repo = await writeAddSubOnnx(dir.path);
    const config = join(repo, "add_sub_onnx", "config.pbtxt");
    const { appendFile } = await import("node:fs/promises");
    await appendFile(config, `parameters { key: "intra_op_thread_count" value: { string_value: "lots" } }\n`);
    const reply = await runtime.load("bad_threads", repo);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /parameter intra_op_thread_count must be a non-negative integer, got "lots"/,
    );
    expect(await runtime.describe("bad_threads")).toBeUndefined();
  });

  it("answers a model-side failure with a 400 naming the model, and keeps serving", async () => {
    const repo = await writeAddSubOnnx(dir.path);
    const config = join(repo, "add_sub_onnx", "config.pbtxt");
    const { readFile, writeFile } = await import("node:fs/promises");
    // The config claims [-1] while the graph needs [4]: validation passes, onnxruntime refuses the shape.
    await writeFile(config, (await readFile(config, "utf8")).replaceAll("dims: [ 4 ]", "dims: [ -1 ]"));
    expect((await runtime.load("loose", repo)).status).toBe(200);
    const bad = await runtime.invoke("loose", addSubRequest([1, 2], [3, 4]), JSON_HEADERS);
    expect(bad.status).toBe(400);
    expect(parseJson(bad.body).error).toMatch(/^model 'loose' failed: .*(dimension|shape|index)/i);
    const good = await runtime.invoke("loose", addSubRequest([1, 2, 3, 4], [1, 1, 1, 1]), JSON_HEADERS);
    expect(outputData(good.body, "OUTPUT0")).toEqual([2, 3, 4, 5]);
    await runtime.unload("loose");
  });
});
