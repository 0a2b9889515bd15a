// AWS Signature Version 4, checked on the server side: the signature a client sent is compared (in
// constant time) with the one the AWS SDK's own signer (@smithy/signature-v4) computes for the same
// request, key and time; requests more than 15 minutes from the server's clock are refused.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { AuthFailure } from "./auth-failure.js";
import type { AuthKey, AuthKeys } from "./auth-keys.js";

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_SKEW_MS = 15 * 60 * 1000;
const PAYLOAD_HASH_HEADER = "x-amz-content-sha256";

export interface SignedRequest {
  method: string;
  /** The request target exactly as received: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
}

/** What the headers say, checked before any body byte is read. */
export interface SignatureClaim {
  key: AuthKey;
  region: string;
  service: string;
  signingDate: Date;
  signedHeaders: string[];
  signature: string;
}

export interface VerifyOptions {
  keys: AuthKeys;
  /** The region the server is in: a credential scoped to another one is refused. */
  region: string;
  now?: () => number;
}

/** Checks presence, shape, key and clock; throws AuthFailure, else returns what to verify the body with. */
export function readSignatureClaim(request: SignedRequest, options: VerifyOptions): SignatureClaim {
  const authorization = headerValue(request.headers, "authorization");
  if (authorization === undefined) throw new AuthFailure("missing", "Missing Authentication Token");
  const amzDate = headerValue(request.headers, "x-amz-date");
  const fields = authorizationFields(authorization);
  const problems: string[] = [];
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new AuthFailure(
      "malformed",
      `Authorization header requires the ${ALGORITHM} algorithm. Authorization=${authorization}`,
    );
  }
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!fields.has(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  if (amzDate === undefined) {
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (problems.length > 0)
    throw new AuthFailure("malformed", `${problems.join(" ")} Authorization=${authorization}`);

  const credential = fields.get("Credential")!;
  const scope = credential.split("/");
  if (scope.length !== 5 || scope.some((part) => part === "") || scope[4] !== "aws4_request") {
    throw new AuthFailure(
      "malformed",
      `Credential should be scoped correctly: <access key>/<date>/<region>/<service>/aws4_request, got '${credential}'.`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  const signingDate = parseAmzDate(amzDate!);
  if (signingDate === undefined) {
    throw new AuthFailure(
      "malformed",
      `X-Amz-Date must be in the ISO8601 basic format (YYYYMMDD'T'HHMMSS'Z'), got '${amzDate}'.`,
    );
  }
  const signature = fields.get("Signature")!;
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw new AuthFailure(
      "malformed",
      `Signature must be 64 lower-case hex digits. Authorization=${authorization}`,
    );
  }
  const signedHeaders = fields.get("SignedHeaders")!.split(";");
  if (!signedHeaders.includes("host")) {
    throw new AuthFailure(
      "malformed",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }

  const key = options.keys.get(accessKeyId);
  if (key === undefined) {
    throw new AuthFailure("unknown-key", "The security token included in the request is invalid.");
  }
  checkClock(amzDate!, signingDate, (options.now ?? Date.now)());
  if (scopeDate !== amzDate!.slice(0, 8)) {
    throw new AuthFailure(
      "mismatch",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate!.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (region !== options.region) {
    throw new AuthFailure("mismatch", `Credential should be scoped to a valid region, not '${region}'.`);
  }
  return { key, region, service, signingDate, signedHeaders, signature };
}

/**
 * Recomputes the signature with the SDK's signer over exactly the headers the client signed and the
 * body (or, for S3, the X-Amz-Content-SHA256 the client signed), and compares in constant time.
 */
export async function verifySignature(
  request: SignedRequest,
  claim: SignatureClaim,
  body: Uint8Array | undefined,
): Promise<AuthKey> {
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) throw mismatch();
    headers[name] = value;
  }
  // The payload hash is the body's own: a signed X-Amz-Content-SHA256 that names another body (or
  // UNSIGNED-PAYLOAD) cannot match. S3 (no body here) signs the header the client declares.
  if (body !== undefined && headers[PAYLOAD_HASH_HEADER] !== undefined) {
    headers[PAYLOAD_HASH_HEADER] = createHash("sha256").update(body).digest("hex");
  }
  const { pathname, query } = splitTarget(request.url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: claim.key.accessKeyId, secretAccessKey: claim.key.secretAccessKey },
    region: claim.region,
    service: claim.service,
    sha256: Hash.bind(null, "sha256"),
    // S3 signs the path as sent; every other service signs it percent-encoded once more.
    uriEscapePath: claim.service !== "s3",
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: pathname,
      query,
      headers,
      ...(body === undefined ? {} : { body }),
    },
    { signingDate: claim.signingDate, signableHeaders: new Set(claim.signedHeaders) },
  );
  const expected = Buffer.from(
    /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? "",
    "hex",
  );
  const provided = Buffer.from(claim.signature, "hex");
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) throw mismatch();
  return claim.key;
}

function mismatch(): AuthFailure {
  return new AuthFailure(
    "mismatch",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );
}

function checkClock(amzDate: string, signingDate: Date, now: number): void {
  const nowText = formatAmzDate(new Date(now));
  if (signingDate.getTime() < now - MAX_SKEW_MS) {
    throw new AuthFailure(
      "skew",
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now - MAX_SKEW_MS))} (${nowText} - 15 min.)`,
    );
  }
  if (signingDate.getTime() > now + MAX_SKEW_MS) {
    throw new AuthFailure(
      "skew",
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now + MAX_SKEW_MS))} (${nowText} + 15 min.)`,
    );
  }
}

/** `Credential=…, SignedHeaders=…, Signature=…` after the algorithm. */
function authorizationFields(authorization: string): Map<string, string> {
  const fields = new Map<string, string>();
  const rest = authorization.slice(authorization.indexOf(" ") + 1);
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(",") : value;
}

function splitTarget(url: string): { pathname: string; query: Record<string, string | string[]> } {
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
      const existing = query[name];
      if (existing === undefined) query[name] = value;
      else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  }
  return { pathname, query };
}
