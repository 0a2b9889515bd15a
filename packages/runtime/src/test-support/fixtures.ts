// Model folders and request bodies for the runtime's tests.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addSubConfigText,
  addSubOnnxModel,
  type ModelFiles,
  modelOfKind,
  writeModelFolder,
} from "@mme/model-registry";
import { pino } from "pino";

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix = "mme-runtime-test-"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes a registry model into `<root>/<unique>/<name>` (a repository holding one model, as SageMaker extracts). */
let counter = 0;
export async function writeRegistryModel(root: string, model: ModelFiles): Promise<string> {
  const repo = join(root, `repo-${counter++}`);
  await writeModelFolder(repo, model);
  return repo;
}

export async function writeKind(root: string, kind: Parameters<typeof modelOfKind>[0]): Promise<string> {
  return writeRegistryModel(root, await modelOfKind(kind));
}

export async function writeAddSubOnnx(root: string): Promise<string> {
  return writeRegistryModel(root, addSubOnnxModel());
}

/** A Python-backend model with the registry's add_sub config (or `config`) and the given model.py. */
export async function writePythonModel(
  root: string,
  name: string,
  modelPy: string,
  config = addSubConfigText(name),
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, "1"), { recursive: true });
  await writeFile(join(dir, "config.pbtxt"), config);
  await writeFile(join(dir, "1", "model.py"), modelPy);
  return dir;
}

export async function writeConfigOnly(
  root: string,
  name: string,
  config: string,
  files: Record<string, string> = {},
) {
  const dir = join(root, name);
  await mkdir(join(dir, "1"), { recursive: true });
  await writeFile(join(dir, "config.pbtxt"), config);
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function addSubRequest(a: number[], b: number[], extra: Record<string, unknown> = {}): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      inputs: [
        { name: "INPUT0", shape: [a.length], datatype: "FP32", data: a },
        { name: "INPUT1", shape: [b.length], datatype: "FP32", data: b },
      ],
      ...extra,
    }),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert on reply JSON by shape.
export type TestJson = any;

export const JSON_HEADERS = { "content-type": "application/json" };

export function parseJson(body: Uint8Array): TestJson {
  return JSON.parse(decoder.decode(body));
}

export function outputData(body: Uint8Array, name: string): number[] | undefined {
  return parseJson(body).outputs.find((o: { name: string }) => o.name === name)?.data;
}

/** A deterministic FP32 image batch [batch,3,224,224]. */
export function imageBatch(batch: number): Float32Array {
  const data = new Float32Array(batch * 3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.0007) * 0.5 + ((i * 7919) % 13) / 26;
  return data;
}

/** A binary-extension request for INPUT__0 with all outputs binary; returns body and headers. */
export function binaryImageRequest(batch: number): { body: Uint8Array; headers: Record<string, string> } {
  const pixels = imageBatch(batch);
  const json = encoder.encode(
    JSON.stringify({
      inputs: [
        {
          name: "INPUT__0",
          shape: [batch, 3, 224, 224],
          datatype: "FP32",
          parameters: { binary_data_size: pixels.byteLength },
        },
      ],
      parameters: { binary_data_output: true },
    }),
  );
  const body = new Uint8Array(json.byteLength + pixels.byteLength);
  body.set(json);
  body.set(new Uint8Array(pixels.buffer), json.byteLength);
  return {
    body,
    headers: {
      "content-type": "application/octet-stream",
      "inference-header-content-length": String(json.byteLength),
    },
  };
}

/** Splits a binary-extension response into its JSON and the blob of the first output, as FP32. */
export function binaryResponse(
  body: Uint8Array,
  headerLength: number,
): { json: TestJson; values: Float32Array } {
  const json = JSON.parse(decoder.decode(body.subarray(0, headerLength)));
  const blob = body.slice(headerLength);
  return { json, values: new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4) };
}

/** A runtime that logs nothing (tests assert on replies, not logs). */
export function quietRuntimeOptions(extra: Record<string, unknown> = {}) {
  return { logger: pino({ level: "silent" }), ...extra };
}

/** Whether a process with this pid still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
