// s3rver knows one access key (S3RVER) and answers 403 InvalidAccessKeyId to any other, even with
// allowMismatchedSignatures. The emulator promises to accept any signature, so `mme --local`, the
// AWS CLI and SDKs with whatever credentials are configured all work: unknown keys map to s3rver's
// built-in account. s3rver has no option for this, hence the patch of its key registry.
import { createRequire } from "node:module";

interface AccountModule {
  registry: Map<string, unknown>;
  DUMMY_ACCOUNT: { accessKeys: Map<string, string> };
}

let patched = false;

export function acceptAnyS3AccessKey(): void {
  if (patched) return;
  patched = true;
  const account = createRequire(import.meta.url)("s3rver/lib/models/account.js") as AccountModule;
  const { registry, DUMMY_ACCOUNT } = account;
  const getAccount = registry.get.bind(registry);
  registry.get = (key: string) => getAccount(key) ?? DUMMY_ACCOUNT;
  const getSecret = DUMMY_ACCOUNT.accessKeys.get.bind(DUMMY_ACCOUNT.accessKeys);
  DUMMY_ACCOUNT.accessKeys.get = (key: string) => getSecret(key) ?? "S3RVER";
}
