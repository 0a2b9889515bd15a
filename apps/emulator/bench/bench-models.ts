// The models the benchmark cold-starts: tarballs from the registry (`pnpm models` generates the ONNX
// ones; the Python add_sub is packed here with @mme/core's packModel), each with a batch-1 request.
import { access } from "node:fs/promises";
import { join } from "node:path";
import { packModel } from "@mme/core";
import { type EncodedBody, encodeInferenceRequest } from "@mme/core/kserve";

export interface BenchModel {
  /** Name in the report and in the S3 keys. */
  label: string;
  /** Local .tar.gz, as uploaded. */
  tarball: string;
  payload: EncodedBody;
}

export interface PreparedModels {
  models: BenchModel[];
  cleanup(): Promise<void>;
}

export const MODEL_LABELS = ["add_sub_onnx", "add_sub", "resnet50"] as const;
export type ModelLabel = (typeof MODEL_LABELS)[number];

export class MissingModelError extends Error {
  override readonly name = "MissingModelError";
}

export async function prepareModels(
  registryDir: string,
  labels: readonly ModelLabel[],
): Promise<PreparedModels> {
  const models: BenchModel[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  for (const label of labels) {
    if (label === "add_sub") {
      const packed = await packModel({ dir: join(registryDir, "add_sub") });
      cleanups.push(packed.cleanup);
      models.push({ label, tarball: packed.file, payload: addSubPayload() });
      continue;
    }
    const tarball = join(registryDir, "generated", `${label}_v0.tar.gz`);
    await access(tarball).catch(() => {
      throw new MissingModelError(`${tarball} is missing: run \`pnpm models\` first`);
    });
    models.push({ label, tarball, payload: label === "resnet50" ? imagePayload() : addSubPayload() });
  }
  return { models, cleanup: async () => void (await Promise.all(cleanups.map((c) => c()))) };
}

function addSubPayload(): EncodedBody {
  return encodeInferenceRequest(
    {
      inputs: [
        { name: "INPUT0", datatype: "FP32", shape: [4], data: Float32Array.from([1, 2, 3, 4]) },
        { name: "INPUT1", datatype: "FP32", shape: [4], data: Float32Array.from([10, 20, 30, 40]) },
      ],
    },
    { binary: false },
  );
}

/** INPUT__0 FP32 [1,3,224,224], binary in SageMaker's content type, OUTPUT__0 binary too. */
function imagePayload(): EncodedBody {
  const data = new Float32Array(3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 128) / 64;
  return encodeInferenceRequest(
    {
      inputs: [{ name: "INPUT__0", datatype: "FP32", shape: [1, 3, 224, 224], data }],
      outputs: [{ name: "OUTPUT__0", binary: true }],
    },
    { binary: true, sagemaker: true },
  );
}
