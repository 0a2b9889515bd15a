import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { addSubConfigText } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EmbeddedRuntime } from "../embedded-runtime.js";
import {
  addSubRequest,
  isAlive,
  JSON_HEADERS,
  outputData,
  parseJson,
  quietRuntimeOptions,
  type TempDir,
  tempDir,
  writeConfigOnly,
  writeKind,
  writePythonModel,
} from "../test-support/fixtures.js";
import {
  BROKEN_INITIALIZE_PY,
  PID_MODEL_PY,
  STRINGS_CONFIG,
  STRINGS_MODEL_PY,
  TRICKY_MODEL_PY,
} from "../test-support/python-models.js";
import { torchPython } from "../test-support/torch.js";
import type { PythonBackend } from "./python-backend.js";

let dir: TempDir;
let runtime: EmbeddedRuntime;
let trickyModel: string;

const pidsOf = (name: string) => (runtime.backendOf(name) as PythonBackend).pids() as number[];

beforeAll(async () => {
  dir = await tempDir();
  runtime = new EmbeddedRuntime(quietRuntimeOptions());
});
afterAll(async () => {
  await runtime.close();
  await dir.remove();
});

describe("Python backend", () => {
  it("the registry's add_sub returns exactly the sum and difference", async () => {
    expect((await runtime.load("add_sub", await writeKind(dir.path, "add_sub"))).status).toBe(200);
    const reply = await runtime.invoke(
      "add_sub",
      addSubRequest([1.5, 2, -3, 1e7], [0.25, 4, 3, 1]),
      JSON_HEADERS,
    );
    expect(reply.status).toBe(200);
    expect(outputData(reply.body, "OUTPUT0")).toEqual([1.75, 6, 0, 10000001]);
    expect(outputData(reply.body, "OUTPUT1")).toEqual([1.25, -2, -6, 9999999]);
    const info = await runtime.describe("add_sub");
    expect(info).toMatchObject({ state: "READY" });
    expect(info!.memoryBytes).toBeGreaterThan(5_000_000);
  });

  it("passes Triton's initialize args, and user prints do not disturb the protocol", async () => {
    const model = await writePythonModel(dir.path, "tricky", TRICKY_MODEL_PY);
    trickyModel = model;
    expect((await runtime.load("tricky", model)).status).toBe(200);
    const args = JSON.parse(await readFile(join(model, "args.json"), "utf8"));
    expect(Object.keys(args).sort()).toEqual([
      "model_config",
      "model_instance_device_id",
      "model_instance_kind",
      "model_instance_name",
      "model_name",
      "model_repository",
      "model_version",
    ]);
    expect(args).toMatchObject({ model_name: "tricky", model_version: "1", model_repository: model });
    expect(JSON.parse(args.model_config).input[0]).toEqual({
      name: "INPUT0",
      data_type: "TYPE_FP32",
      dims: [4],
    });
    const reply = await runtime.invoke("tricky", addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]), JSON_HEADERS);
    expect(outputData(reply.body, "OUTPUT0")).toEqual([5, 5, 5, 5]);
  });

  it("a model that raises gives an error response and its worker stays alive", async () => {
    const [pid] = pidsOf("tricky");
    const raised = await runtime.invoke("tricky", addSubRequest([-1, 0, 0, 0], [0, 0, 0, 0]), JSON_HEADERS);
    expect(raised.status).toBe(400);
    expect(parseJson(raised.body).error).toBe("ValueError: negative input is not allowed");
    const refused = await runtime.invoke("tricky", addSubRequest([99, 0, 0, 0], [0, 0, 0, 0]), JSON_HEADERS);
    expect(refused.status).toBe(400);
    expect(parseJson(refused.body).error).toBe("99 is a reserved value");
    const ok = await runtime.invoke("tricky", addSubRequest([1, 1, 1, 1], [1, 1, 1, 1]), JSON_HEADERS);
    expect(outputData(ok.body, "OUTPUT1")).toEqual([0, 0, 0, 0]);
    expect(pidsOf("tricky")).toEqual([pid]);
  });

  it("a worker killed mid-request fails that request clearly, shows UNAVAILABLE, and the next request restarts it", async () => {
    const [pid] = pidsOf("tricky");
    const slow = runtime.invoke("tricky", addSubRequest([7, 0, 0, 0], [0, 0, 0, 0]), JSON_HEADERS);
    // execute() marks the request as inside the model before it sleeps.
    await vi.waitFor(() => expect(existsSync(join(trickyModel, "executing"))).toBe(true), { interval: 20 });
    process.kill(pid!, "SIGKILL");
    const failed = await slow;
    expect(failed.status).toBe(500);
    expect(parseJson(failed.body).error).toMatch(
      /instance tricky_0_0 was killed by SIGKILL.*did not complete/,
    );
    expect(await runtime.describe("tricky")).toMatchObject({
      state: "UNAVAILABLE",
      reason: expect.stringMatching(/SIGKILL/),
    });
    const after = await runtime.invoke("tricky", addSubRequest([2, 2, 2, 2], [1, 1, 1, 1]), JSON_HEADERS);
    expect(after.status).toBe(200);
    expect(outputData(after.body, "OUTPUT0")).toEqual([3, 3, 3, 3]);
    expect(pidsOf("tricky")[0]).not.toBe(pid);
    expect(await runtime.describe("tricky")).toMatchObject({ state: "READY" });
  });

  it("a repeated load brings back a crashed model instead of answering 409", async () => {
    process.kill(pidsOf("tricky")[0]!, "SIGKILL");
    await vi.waitFor(async () => expect((await runtime.describe("tricky"))!.state).toBe("UNAVAILABLE"), {
      interval: 20,
    });
    expect((await runtime.load("tricky", "/unused")).status).toBe(200);
    expect((await runtime.describe("tricky"))!.state).toBe("READY");
    expect((await runtime.load("tricky", "/unused")).status).toBe(409);
  });

  it("unload calls finalize, ends the worker and drops the footprint", async () => {
    const [pid] = pidsOf("tricky");
    const before = await runtime.totalMemoryBytes();
    const footprint = (await runtime.describe("tricky"))!.memoryBytes!;
    expect((await runtime.unload("tricky")).status).toBe(200);
    expect(existsSync(join(dir.path, "tricky", "finalized"))).toBe(true);
    expect(isAlive(pid!)).toBe(false);
    expect(await runtime.totalMemoryBytes()).toBe(before - footprint);
    expect(await runtime.describe("tricky")).toBeUndefined();
  });

  it("spreads requests over instance_group count workers", async () => {
    const model = await writePythonModel(
      dir.path,
      "pids",
      PID_MODEL_PY,
      addSubConfigText("pids").replace(
        "instance_group [ { kind: KIND_CPU } ]",
        "instance_group [ { count: 2 kind: KIND_CPU } ]",
      ),
    );
    expect((await runtime.load("pids", model)).status).toBe(200);
    const pids = pidsOf("pids");
    expect(new Set(pids).size).toBe(2);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        runtime.invoke("pids", addSubRequest([0, 0, 0, 0], [0, 0, 0, 0]), JSON_HEADERS),
      ),
    );
    const served = new Set(replies.map((r) => outputData(r.body, "OUTPUT0")![0]));
    expect([...served].sort()).toEqual([...pids].sort());
    await runtime.unload("pids");
    expect(pids.some(isAlive)).toBe(false);
  });

  it("carries BYTES (TYPE_STRING) tensors both ways", async () => {
    const model = await writeConfigOnly(dir.path, "strings", STRINGS_CONFIG, {
      "1/model.py": STRINGS_MODEL_PY,
    });
    expect((await runtime.load("strings", model)).status).toBe(200);
    const body = new TextEncoder().encode(
      JSON.stringify({
        inputs: [{ name: "TEXT", shape: [3], datatype: "BYTES", data: ["abc", "", "grüße"] }],
      }),
    );
    const reply = await runtime.invoke("strings", body, JSON_HEADERS);
    expect(reply.status).toBe(200);
    expect(parseJson(reply.body).outputs[0]).toEqual({
      name: "UPPER",
      datatype: "BYTES",
      shape: [3],
      data: ["ABC", "", "GRÜSSE"],
    });
  });

  it("a failing initialize is a 400 load error naming the cause, and leaves nothing behind", async () => {
    const model = await writePythonModel(dir.path, "broken", BROKEN_INITIALIZE_PY);
    const reply = await runtime.load("broken", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /broken_0_0 failed to initialize: RuntimeError: cannot find weights\.bin/,
    );
    expect(await runtime.describe("broken")).toBeUndefined();
  });

  it("a missing interpreter is a load error naming MME_PYTHON", async () => {
    const other = new EmbeddedRuntime(quietRuntimeOptions({ python: "/nonexistent/python3" }));
    const model = await writePythonModel(dir.path, "no_python", PID_MODEL_PY);
    const reply = await other.load("no_python", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /cannot start the Python interpreter '\/nonexistent\/python3' \(set MME_PYTHON/,
    );
    await other.close();
  });

  it("a TorchScript model that is not one fails its load with the reason that applies here", async () => {
    const model = await writeConfigOnly(
      dir.path,
      "resnet_pt",
      `name: "resnet_pt"\nplatform: "pytorch_libtorch"\nmax_batch_size: 8\ninput [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]\noutput [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 1000 ] } ]\n`,
      { "1/model.pt": "not really torchscript" },
    );
    const reply = await runtime.load("resnet_pt", model);
    expect(reply.status).toBe(400);
    // With torch here, torch.jit.load refuses the file; without it, the load names torch and its install.
    expect(parseJson(reply.body).error).toMatch(
      torchPython
        ? /failed to load model 'resnet_pt': PytorchStreamReader failed reading zip archive/
        : /needs PyTorch .*install it with: sudo apt-get install python3-torch python3-torchvision/,
    );
  });

  it("refuses platforms the embedded runtime cannot run", async () => {
    const model = await writeConfigOnly(
      dir.path,
      "plan",
      `name: "plan"\nplatform: "tensorrt_plan"\nmax_batch_size: 0\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]\n`,
      { "1/model.plan": "x" },
    );
    const reply = await runtime.load("plan", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toBe(
      `model 'plan': platform "tensorrt_plan" is not supported by the embedded runtime; use Triton`,
    );
  });
});
