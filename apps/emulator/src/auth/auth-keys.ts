// The keys `--auth sigv4` accepts (`--auth-keys FILE`): who each access key is, and what it may do.
// {"keys":[{"accessKeyId","secretAccessKey","principal":"arn:aws:iam::<account>:user/<name>","policy"?}]}
import { readFile } from "node:fs/promises";
import { UsageError } from "@mme/core";
import { InvalidPolicyError, type PolicyDocument, parsePolicy } from "@mme/core/iam";
import { z } from "zod";

export interface AuthKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** The IAM principal calls signed with this key act as. */
  principal: string;
  /** An identity-based policy; without one the key may call everything. */
  policy?: PolicyDocument;
}

export type AuthKeys = ReadonlyMap<string, AuthKey>;

const KeysFileSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({
        accessKeyId: z.string().regex(/^[\w]{3,128}$/, "3–128 letters, digits or _"),
        secretAccessKey: z.string().min(1),
        principal: z
          .string()
          .regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, "an IAM ARN, arn:aws:iam::<account>:user/<name>"),
        policy: z.unknown().optional(),
      }),
    )
    .min(1),
});

export async function readAuthKeys(file: string): Promise<AuthKeys> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`Cannot read the auth keys file ${file}: ${(error as Error).message}`);
  }
  return parseAuthKeys(json, file);
}

export function parseAuthKeys(json: unknown, source = "auth keys"): AuthKeys {
  const result = KeysFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`Invalid ${source}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
  }
  const keys = new Map<string, AuthKey>();
  for (const [index, entry] of result.data.keys.entries()) {
    if (keys.has(entry.accessKeyId)) {
      throw new UsageError(
        `Invalid ${source}: keys.${index}: access key ${entry.accessKeyId} is listed twice`,
      );
    }
    let policy: PolicyDocument | undefined;
    try {
      policy = entry.policy === undefined ? undefined : parsePolicy(entry.policy, `keys.${index}.policy`);
    } catch (error) {
      if (error instanceof InvalidPolicyError) throw new UsageError(`Invalid ${source}: ${error.message}`);
      throw error;
    }
    keys.set(entry.accessKeyId, {
      accessKeyId: entry.accessKeyId,
      secretAccessKey: entry.secretAccessKey,
      principal: entry.principal,
      ...(policy ? { policy } : {}),
    });
  }
  return keys;
}
