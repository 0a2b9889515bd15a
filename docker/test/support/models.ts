// Registry models written into a temp folder for a test: Triton-layout folders and their tarballs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ModelKind, modelOfKind, writeModel } from "@mme/model-registry";

export interface WrittenModel {
  name: string;
  modelDir: string;
  tarball: string;
}

export interface ModelWorkspace {
  root: string;
  write(kind: ModelKind, name?: string): Promise<WrittenModel>;
  remove(): Promise<void>;
}

export async function modelWorkspace(): Promise<ModelWorkspace> {
  const root = await mkdtemp(join(tmpdir(), "mme-containers-models-"));
  return {
    root,
    async write(kind, name) {
      const model = await modelOfKind(kind, name === undefined ? {} : { name });
      const { modelDir, tarball } = await writeModel(root, model);
      return { name: model.name, modelDir, tarball };
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The canonical add_sub request (INPUT0, INPUT1 FP32 [4]) and the outputs it must give. */
export const ADD_SUB_REQUEST = {
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [0.5, 0.5, 0.5, 0.5] },
  ],
};
export const ADD_SUB_SUM = [1.5, 2.5, 3.5, 4.5];
export const ADD_SUB_DIFFERENCE = [0.5, 1.5, 2.5, 3.5];

/** One image (batch 1, CHW 3x224x224) with a fixed pattern, as KServe JSON for INPUT__0. */
export function imageRequest(): {
  inputs: Array<{ name: string; shape: number[]; datatype: string; data: number[] }>;
} {
  const size = 3 * 224 * 224;
  const data = Array.from({ length: size }, (_, i) => Math.round(((i % 251) / 251 - 0.5) * 1000) / 1000);
  return { inputs: [{ name: "INPUT__0", shape: [1, 3, 224, 224], datatype: "FP32", data }] };
}

interface KServeOutput {
  name: string;
  shape: number[];
  data: number[];
}

export function outputNamed(body: unknown, name: string): KServeOutput {
  const outputs = (body as { outputs?: KServeOutput[] }).outputs ?? [];
  const found = outputs.find((o) => o.name === name);
  if (!found) throw new Error(`no output ${name} in ${JSON.stringify(body).slice(0, 300)}`);
  return found;
}
