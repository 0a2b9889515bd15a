// The verifier against requests signed by the SDK's signer at a fixed time: the 15-minute rule at its
// edges with AWS's exact wording, and every part of the request covered by the signature.
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { AuthFailure } from "./auth-failure.js";
import { parseAuthKeys } from "./auth-keys.js";
import { readSignatureClaim, type SignedRequest, verifySignature } from "./sigv4.js";

const KEY = { accessKeyId: "AKIATEST", secretAccessKey: "secret" };
const keys = parseAuthKeys({ keys: [{ ...KEY, principal: "arn:aws:iam::111122223333:user/t" }] });
const SIGNED_AT = new Date("2026-12-01T12:00:00Z");
const BODY = new TextEncoder().encode('{"inputs":[]}');

async function signedRequest(): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: KEY,
    region: "us-east-1",
    service: "sagemaker",
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 8080,
      path: "/endpoints/ep/invocations",
      query: { a: "1 2" },
      headers: {
        host: "127.0.0.1:8080",
        "content-type": "application/json",
        "x-amzn-sagemaker-target-model": "team/m.tar.gz",
      },
      body: BODY,
    },
    { signingDate: SIGNED_AT },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: "POST", url: "/endpoints/ep/invocations?a=1%202", headers };
}

async function verify(request: SignedRequest, atMs: number, body = BODY): Promise<string> {
  try {
    const claim = readSignatureClaim(request, { keys, region: "us-east-1", now: () => atMs });
    await verifySignature(request, claim, body);
    return "ok";
  } catch (error) {
    if (error instanceof AuthFailure) return `${error.kind}: ${error.message}`;
    throw error;
  }
}

const at = (minutes: number) => SIGNED_AT.getTime() + minutes * 60_000;

describe("SigV4 verification", () => {
  it("accepts the SDK's signature within 15 minutes either way", async () => {
    const request = await signedRequest();
    expect(await verify(request, at(0))).toBe("ok");
    expect(await verify(request, at(15))).toBe("ok");
    expect(await verify(request, at(-15))).toBe("ok");
  });

  it("refuses older or newer signatures with AWS's wording", async () => {
    const request = await signedRequest();
    expect(await verify(request, at(16))).toBe(
      "skew: Signature expired: 20261201T120000Z is now earlier than 20261201T120100Z (20261201T121600Z - 15 min.)",
    );
    expect(await verify(request, at(-16))).toBe(
      "skew: Signature not yet current: 20261201T120000Z is still later than 20261201T115900Z (20261201T114400Z + 15 min.)",
    );
  });

  it("a change to the body, a signed header, the path or the query breaks the signature", async () => {
    const request = await signedRequest();
    const mismatch = /^mismatch: The request signature we calculated does not match/;
    expect(await verify(request, at(0), new TextEncoder().encode('{"inputs":[1]}'))).toMatch(mismatch);
    const header = {
      ...request,
      headers: { ...request.headers, "x-amzn-sagemaker-target-model": "other.tar.gz" },
    };
    expect(await verify(header, at(0))).toMatch(mismatch);
    expect(await verify({ ...request, url: "/endpoints/ep2/invocations?a=1%202" }, at(0))).toMatch(mismatch);
    expect(await verify({ ...request, url: "/endpoints/ep/invocations?a=1%203" }, at(0))).toMatch(mismatch);
    // An unsigned header may change freely.
    expect(await verify({ ...request, headers: { ...request.headers, "user-agent": "x" } }, at(0))).toBe(
      "ok",
    );
  });

  it("names what a malformed Authorization header lacks", async () => {
    const request = await signedRequest();
    const bare = {
      ...request,
      headers: {
        host: "127.0.0.1:8080",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIATEST/20261201/us-east-1/sagemaker/aws4_request",
      },
    };
    expect(await verify(bare, at(0))).toBe(
      "malformed: Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIATEST/20261201/us-east-1/sagemaker/aws4_request",
    );
    const { authorization: _, ...unsigned } = request.headers;
    expect(await verify({ ...request, headers: unsigned }, at(0))).toBe(
      "missing: Missing Authentication Token",
    );
  });
});
