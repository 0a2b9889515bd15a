// One-shot seeding for an external S3 (MinIO): uploads each Triton model folder under
// /opt/mme/model_registry as <name>_v0.tar.gz below MME_MODEL_DATA_URL, skipping keys that exist.
// The emulator seeds its embedded S3 itself; this does the same for the compose stack.
// Runs inside the emulator image: `node apps/emulator/seed-models.mjs`.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { addModel, InvalidModelError, LOCAL_PROFILE, ObjectExistsError } from "@mme/core";

const env = process.env;
const endpoint = env.MME_S3_URL;
if (!endpoint) {
  console.error("seed-models: set MME_S3_URL to the S3 endpoint (e.g. http://minio:9000)");
  process.exit(2);
}
const modelDataUrl = env.MME_MODEL_DATA_URL ?? LOCAL_PROFILE.modelDataUrl;
const registry = env.MME_REGISTRY_DIR ?? new URL("../../model_registry/", import.meta.url).pathname;
const s3 = new S3Client({
  endpoint,
  region: env.AWS_REGION ?? LOCAL_PROFILE.region,
  forcePathStyle: true,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});

for (const name of (await readdir(registry)).sort()) {
  const dir = join(registry, name);
  if (!(await stat(join(dir, "config.pbtxt")).catch(() => undefined))) continue;
  try {
    const added = await addModel(s3, { dir, tarballName: `${name}_v0.tar.gz`, modelDataUrl });
    console.log(`seed-models: ${added.uri} (${added.bytes} bytes)`);
  } catch (error) {
    // triton-serve-pt's model.pt exists only where `pnpm models` ran with torch.
    if (error instanceof InvalidModelError) {
      console.log(
        `seed-models: ${name} is not a complete model here, skipped (${error.message.split("\n")[0]})`,
      );
      continue;
    }
    if (!(error instanceof ObjectExistsError)) throw error;
    console.log(`seed-models: ${modelDataUrl}${name}_v0.tar.gz exists, kept`);
  }
}
s3.destroy();
