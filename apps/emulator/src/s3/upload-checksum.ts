// The flexible checksums current SDKs send with an upload (`x-amz-checksum-crc32` from botocore ≥ 1.36 and
// the JS SDK v3 by default; SHA-1 and SHA-256 on request): computed over the bytes as they stream in and
// compared before the object or part becomes visible, so a mismatch is S3's `BadDigest` and stores
// nothing. CRC32C and CRC64NVME are accepted unchecked (no built-in implementation in Node 20).
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { crc32 } from "node:zlib";

const CHECKED = {
  crc32: "CRC32",
  sha1: "SHA1",
  sha256: "SHA256",
} as const;
type Algorithm = keyof typeof CHECKED;

export interface UploadChecksum {
  update(chunk: Buffer): void;
  /** The BadDigest message when the bytes do not match the header, else undefined. */
  mismatch(): string | undefined;
}

/** The checksum the request declares in a header, if it is one the emulator checks. */
export function uploadChecksum(headers: IncomingHttpHeaders | undefined): UploadChecksum | undefined {
  if (!headers) return undefined;
  const algorithm = (Object.keys(CHECKED) as Algorithm[]).find(
    (a) => typeof headers[`x-amz-checksum-${a}`] === "string",
  );
  if (!algorithm) return undefined;
  const expected = headers[`x-amz-checksum-${algorithm}`] as string;
  let crc = 0;
  const hash = algorithm === "crc32" ? undefined : createHash(algorithm);
  return {
    update(chunk) {
      if (hash) hash.update(chunk);
      else crc = crc32(chunk, crc);
    },
    mismatch() {
      let actual: string;
      if (hash) actual = hash.digest("base64");
      else {
        const bytes = Buffer.alloc(4);
        bytes.writeUInt32BE(crc >>> 0);
        actual = bytes.toString("base64");
      }
      return actual === expected
        ? undefined
        : `The ${CHECKED[algorithm]} you specified did not match the calculated checksum.`;
    },
  };
}

/** Koa middleware: a stored upload answers with the checksum header it was checked against, as S3 does. */
export async function echoUploadChecksum(
  ctx: {
    method: string;
    status: number;
    headers: IncomingHttpHeaders;
    set(name: string, value: string): void;
  },
  next: () => Promise<void>,
): Promise<void> {
  await next();
  if (ctx.method !== "PUT" || ctx.status !== 200 || ctx.headers["x-amz-copy-source"] !== undefined) return;
  for (const name of Object.keys(ctx.headers)) {
    if (name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-type") {
      ctx.set(name, ctx.headers[name] as string);
    }
  }
}
