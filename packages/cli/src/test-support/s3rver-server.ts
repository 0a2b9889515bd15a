import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export interface S3rverServer {
  url: string;
  stop(): Promise<void>;
}

/** s3rver accepts any credentials; these name it. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The CLI's environment against an s3rver: its credentials and URL, the models under `modelDataUrl`. */
export function s3rverEnv(s3rver: S3rverServer, modelDataUrl: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    MME_REGION: "us-east-1",
    MME_S3_ENDPOINT_URL: s3rver.url,
    MME_MODEL_DATA_URL: modelDataUrl,
  };
}

/** s3rver (an S3-compatible server) on a free loopback port with the given buckets. */
export async function startS3rver(buckets: string[]): Promise<S3rverServer> {
  const directory = await mkdtemp(join(tmpdir(), "mme-s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    allowMismatchedSignatures: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = (await server.run()) as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
