// Puts the registry's models under the local models prefix as <name>_v0.tar.gz, never overwriting a
// key that exists: Triton-layout folders in model_registry/ are packed; tarballs already generated
// by `pnpm models` (model_registry/generated/*_v0.tar.gz) are uploaded as they are. A folder that is not
// a valid model yet (triton-serve-pt before `pnpm models` wrote its model.pt) is skipped, with a log line.
import { createReadStream } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { modelObjectLocation, packModel, validateModelDirectory } from "@mme/core";
import type { Logger } from "pino";

export interface SeedOptions {
  s3: S3Client;
  registryDir: string;
  modelDataUrl: string;
  logger: Logger;
}

interface SeedItem {
  tarballName: string;
  /** A model folder to pack, or a ready tarball. */
  folder?: string;
  tarball?: string;
}

export async function seedRegistryModels(options: SeedOptions): Promise<string[]> {
  const items = await findSeedItems(options.registryDir, options.logger);
  const seeded: string[] = [];
  for (const item of items) {
    const location = modelObjectLocation(options.modelDataUrl, item.tarballName);
    if (await exists(options.s3, location.bucket, location.key)) continue;
    const packed = item.folder ? await packModel({ dir: item.folder }) : undefined;
    try {
      const file = packed?.file ?? item.tarball!;
      const { size } = await stat(file);
      await options.s3.send(
        new PutObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          Body: createReadStream(file),
          ContentLength: size,
          ContentType: "application/gzip",
        }),
      );
      seeded.push(item.tarballName);
      options.logger.info({ key: location.uri, bytes: size }, "seeded registry model");
    } finally {
      await packed?.cleanup();
    }
  }
  return seeded;
}

async function findSeedItems(registryDir: string, logger: Logger): Promise<SeedItem[]> {
  const items = new Map<string, SeedItem>();
  for (const entry of await readdir(registryDir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const folder = join(registryDir, entry.name);
    if (await isFile(join(folder, "config.pbtxt"))) {
      const { problems } = await validateModelDirectory(folder);
      if (problems.length > 0) {
        logger.info(
          { folder, problem: problems[0]?.message },
          "not seeding a registry folder that is not a valid model",
        );
        continue;
      }
      items.set(`${entry.name}_v0.tar.gz`, { tarballName: `${entry.name}_v0.tar.gz`, folder });
    }
  }
  const generated = join(registryDir, "generated");
  for (const name of await readdir(generated).catch(() => [] as string[])) {
    if (name.endsWith("_v0.tar.gz") && !items.has(name)) {
      items.set(name, { tarballName: name, tarball: join(generated, name) });
    }
  }
  return [...items.values()].sort((a, b) => a.tarballName.localeCompare(b.tarballName));
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
