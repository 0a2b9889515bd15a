// Two small ONNX models for inference-component tests that take the same request (add_sub's INPUT0 and
// INPUT1, FP32 [4]) and answer differently, so a test sees which model answered: `add` (OUTPUT0 = a + b,
// the registry's add_sub_onnx) and `mul` (OUTPUT0 = a × b). Uploaded as SageMaker tarballs to an S3.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import { addSubOnnxModel, type ModelFiles, OnnxGraphBuilder, writeModel } from "@mme/model-registry";

/** ADD_SUB_REQUEST's OUTPUT0 from each model. */
export const ANSWERS = { add: [11, 22, 33, 44], mul: [10, 40, 90, 160] } as const;

function mulModel(name: string): ModelFiles {
  const model = addSubOnnxModel({ name });
  const graph = new OnnxGraphBuilder("mul_sub");
  graph.input("INPUT0", "FLOAT", [4]);
  graph.input("INPUT1", "FLOAT", [4]);
  graph.node("Mul", ["INPUT0", "INPUT1"], {}, ["OUTPUT0"]);
  graph.node("Sub", ["INPUT0", "INPUT1"], {}, ["OUTPUT1"]);
  graph.output("OUTPUT0", "FLOAT", [4]);
  graph.output("OUTPUT1", "FLOAT", [4]);
  return { name, files: { ...model.files, "1/model.onnx": graph.toBytes("mul_sub") } };
}

/** Puts s3://mme-models/<prefix>/add.tar.gz and …/mul.tar.gz into the S3 at `s3Url`; returns their URLs. */
export async function uploadComponentModels(
  s3Url: string,
  prefix = "ic",
): Promise<{ add: string; mul: string }> {
  return {
    add: await uploadModel(s3Url, `${prefix}/add.tar.gz`, addSubOnnxModel({ name: "add" })),
    mul: await uploadModel(s3Url, `${prefix}/mul.tar.gz`, mulModel("mul")),
  };
}

/** Packs `model` as a SageMaker tarball and puts it at s3://mme-models/<key>; returns its URL. */
export async function uploadModel(s3Url: string, key: string, model: ModelFiles): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mme-ic-models-"));
  const s3 = createS3Client({ endpoint: s3Url, region: "us-east-1", credentials: LOCAL_PROFILE.credentials });
  try {
    const { tarball } = await writeModel(dir, model);
    await s3.send(new PutObjectCommand({ Bucket: "mme-models", Key: key, Body: await readFile(tarball) }));
    return `s3://mme-models/${key}`;
  } finally {
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
