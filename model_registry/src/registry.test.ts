import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateModelDirectory, validateModelTarball } from "@mme/core/triton";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addSubOnnxModel,
  addSubPythonModel,
  findTorchPython,
  generateFleet,
  MODEL_KINDS,
  modelOfKind,
  REGISTRY_ROOT,
  resnet50Model,
  smallImageModel,
  TorchUnavailableError,
  tritonServePtModel,
  writeModel,
  writeResNet50TorchScript,
} from "./index.js";

const torchHere = (await findTorchPython()) !== undefined;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "mme-registry-test-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("model registry", () => {
  it("generates byte-identical models and tarballs on every run", async () => {
    expect(sha256(smallImageModel().files["1/model.onnx"] as Uint8Array)).toBe(
      sha256(smallImageModel().files["1/model.onnx"] as Uint8Array),
    );
    const first = await writeModel(join(out, "a"), smallImageModel());
    const second = await writeModel(join(out, "b"), smallImageModel());
    expect(sha256(await readFile(first.tarball))).toBe(sha256(await readFile(second.tarball)));
  });

  it("keeps the committed add_sub_onnx identical to the generator's output", async () => {
    const generated = addSubOnnxModel();
    for (const [file, contents] of Object.entries(generated.files)) {
      const committed = await readFile(join(REGISTRY_ROOT, "add_sub_onnx", file));
      expect(sha256(committed), file).toBe(sha256(Buffer.from(contents)));
    }
  });

  // triton-serve-pt needs torch to generate: its own tests are below.
  const withoutTorch = MODEL_KINDS.filter((kind) => kind !== "triton-serve-pt");
  it.each(withoutTorch)("%s passes validateModelDirectory, as folder and tarball", async (kind) => {
    const { modelDir, tarball } = await writeModel(join(out, "valid"), await modelOfKind(kind));
    expect((await validateModelDirectory(modelDir)).problems).toEqual([]);
    expect((await validateModelTarball(tarball)).problems).toEqual([]);
  });

  it("packs tarballs whose top folder is the model name", async () => {
    const { tarball } = await writeModel(join(out, "top"), addSubOnnxModel({ name: "renamed" }));
    const entries: string[] = [];
    await tar.list({ file: tarball, onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toEqual(["renamed/", "renamed/1/", "renamed/1/model.onnx", "renamed/config.pbtxt"]);
  });

  it("builds ResNet-50 at its published size (25.5M parameters, ~102 MB)", () => {
    const bytes = resnet50Model().files["1/model.onnx"] as Uint8Array;
    expect(bytes.byteLength).toBeGreaterThan(100_000_000);
    expect(bytes.byteLength).toBeLessThan(104_000_000);
  });

  it("copies the Python add_sub under a new name", async () => {
    const model = await addSubPythonModel({ name: "add_sub_7" });
    expect(model.files["config.pbtxt"]).toMatch(/^name: "add_sub_7"$/m);
    expect(String(model.files["1/model.py"])).toContain("class TritonPythonModel");
  });

  it("writes a fleet of distinct names and weights", async () => {
    const fleet = await generateFleet({ kind: "small_image", count: 3, outDir: join(out, "fleet") });
    expect(new Set(fleet.map((e) => e.name)).size).toBe(3);
    expect(new Set(fleet.map((e) => e.sha256)).size).toBe(3);
    for (const entry of fleet) {
      expect((await validateModelTarball(entry.tarballPath)).problems).toEqual([]);
    }
    const again = await generateFleet({
      kind: "small_image",
      count: 1,
      outDir: join(out, "fleet2"),
      startIndex: 2,
    });
    expect(again[0]!.sha256).toBe(fleet[2]!.sha256);
  });
});

describe("the registry's torch models", () => {
  it("add_sub_torch is a valid Python-backend model whose model.py imports torch", async () => {
    const dir = join(REGISTRY_ROOT, "add_sub_torch");
    expect((await validateModelDirectory(dir)).problems).toEqual([]);
    expect(await readFile(join(dir, "1", "model.py"), "utf8")).toMatch(/^import torch$/m);
  });

  it("without torch, generating triton-serve-pt fails in one line naming torch and its install", async () => {
    const hidden = join(out, "torch-hidden");
    await mkdir(join(hidden, "torch"), { recursive: true });
    await writeFile(
      join(hidden, "torch", "__init__.py"),
      `raise ModuleNotFoundError("No module named 'torch'", name="torch")\n`,
    );
    const env = { ...process.env, PYTHONPATH: hidden, MME_PYTHON: "" };
    const failure = writeResNet50TorchScript(join(out, "never.pt"), 50, env);
    await expect(failure).rejects.toBeInstanceOf(TorchUnavailableError);
    await expect(failure).rejects.toThrow(
      "no Python here imports torch and torchvision (tried python3, /usr/bin/python3); add them with: sudo apt-get install python3-torch python3-torchvision",
    );
  });

  it.runIf(torchHere)(
    "triton-serve-pt (torch imports here) is a valid TorchScript model folder and tarball, ~100 MB",
    async () => {
      const model = await tritonServePtModel();
      const bytes = model.files["1/model.pt"] as Uint8Array;
      expect(bytes.byteLength).toBeGreaterThan(95_000_000);
      expect(bytes.byteLength).toBeLessThan(110_000_000);
      const { modelDir, tarball } = await writeModel(join(out, "torch"), model);
      expect((await validateModelDirectory(modelDir)).problems).toEqual([]);
      expect((await validateModelTarball(tarball)).problems).toEqual([]);
    },
    120_000,
  );
});
