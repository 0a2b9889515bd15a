// The registry's add_sub_ensemble as SageMaker takes an ensemble: one tarball whose top level is the
// ensemble folder beside its step folders, uploaded under a key (mme add-model packs one model folder).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { addSubEnsembleModels, writeAddSubEnsemble } from "@mme/model-registry";
import { create as createTar } from "tar";

export async function uploadAddSubEnsemble(s3: S3Client, bucket: string, key: string): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), "mme-ensemble-"));
  try {
    const repository = await writeAddSubEnsemble(join(workDir, "repository"));
    const tarball = join(workDir, "ensemble.tar.gz");
    const folders = (await addSubEnsembleModels()).map((m) => m.name);
    await createTar({ gzip: true, file: tarball, cwd: repository, portable: true }, folders);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(tarball) }));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
