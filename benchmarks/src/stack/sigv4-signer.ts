// SigV4 for InvokeEndpoint requests to a real SageMaker runtime (or an emulator that checks signatures): the
// default AWS credential chain (env, profile, SSO, instance/container role) and the SDK's own signer, service
// "sagemaker". The load generator sends prebuilt requests, so the signed headers of each (endpoint, target
// model) are prepared ahead and re-signed in the background well inside SigV4's 5-minute clock window;
// every request carries a valid signature for its exact method, path, headers and body.
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

export const SIGNING_SERVICE = "sagemaker";
/** Re-sign prepared headers this often: SigV4 accepts a signature up to 5 minutes from its x-amz-date. */
const RESIGN_MS = 60_000;

export interface SignedRequest {
  url: URL;
  body: Uint8Array;
  /** Lower-case header names, without host (taken from the URL). */
  headers: Record<string, string>;
}

export class InvocationSigner {
  readonly #signer: SignatureV4;

  constructor(
    readonly region: string,
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider = fromNodeProviderChain(),
  ) {
    this.#signer = new SignatureV4({
      service: SIGNING_SERVICE,
      region,
      credentials,
      sha256: Hash.bind(null, "sha256"),
    });
  }

  /** The request's headers plus host, x-amz-date, x-amz-content-sha256, authorization (and a session token). */
  async sign(request: SignedRequest, signingDate = new Date()): Promise<Record<string, string>> {
    const { url } = request;
    const signed = await this.#signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        headers: { ...request.headers, host: url.host },
        body: request.body,
      }),
      { signingDate },
    );
    return signed.headers;
  }

  /**
   * Signed headers for many requests that differ only in their headers (e.g. the target model), kept fresh
   * until stop(): `headersFor(id)` answers synchronously, as the load generator needs.
   */
  async prepare(requests: ReadonlyMap<string, SignedRequest>): Promise<PreparedSignatures> {
    const table = new Map<string, Record<string, string>>();
    const signAll = async () => {
      const date = new Date();
      for (const [id, request] of requests) table.set(id, await this.sign(request, date));
    };
    await signAll();
    let refreshing = Promise.resolve();
    const timer = setInterval(() => {
      refreshing = refreshing.then(signAll, signAll);
    }, RESIGN_MS);
    timer.unref();
    return {
      headersFor(id) {
        const headers = table.get(id);
        if (!headers) throw new Error(`no signed request prepared for ${id}`);
        return headers;
      },
      async stop() {
        clearInterval(timer);
        await refreshing.catch(() => {});
      },
    };
  }
}

export interface PreparedSignatures {
  headersFor(id: string): Record<string, string>;
  stop(): Promise<void>;
}

/** The region of a SageMaker runtime URL (runtime.sagemaker.<region>.amazonaws.com[.cn]), or undefined. */
export function sagemakerRuntimeRegion(url: string): string | undefined {
  const host = new URL(url).hostname;
  return /^runtime(?:-fips)?\.sagemaker\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}
