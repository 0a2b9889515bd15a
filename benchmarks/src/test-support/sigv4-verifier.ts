// A SageMaker runtime stand-in that checks every request's SigV4 signature with the SDK's own signer (never
// AWS): it re-signs the request it received, with the credentials the test gave the benchmark and the
// request's own x-amz-date, and answers 200 (a KServe add_sub reply) only when the signatures match,
// else 403 InvalidSignatureException as SageMaker does.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface VerifiedCall {
  path: string;
  targetModel: string | undefined;
  authorization: string;
  valid: boolean;
}

export interface SigV4Verifier {
  url: string;
  calls: VerifiedCall[];
  stop(): Promise<void>;
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return new Date(Number.NaN);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSigV4Verifier(options: {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}): Promise<SigV4Verifier> {
  const signer = new SignatureV4({
    service: "sagemaker",
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, "sha256"),
  });
  const calls: VerifiedCall[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const authorization = String(req.headers.authorization ?? "");
    const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
    const headers: Record<string, string> = {};
    for (const name of signedNames) headers[name] = String(req.headers[name] ?? "");
    const url = new URL(req.url ?? "/", "http://placeholder");
    const resigned = await signer.sign(
      new HttpRequest({
        method: req.method ?? "GET",
        protocol: "http:",
        hostname: String(req.headers.host ?? "").split(":")[0] ?? "",
        path: url.pathname,
        headers,
        body,
      }),
      { signingDate: parseAmzDate(String(req.headers["x-amz-date"] ?? "")) },
    );
    const valid = signedNames.length > 0 && resigned.headers.authorization === authorization;
    const targetModel = req.headers["x-amzn-sagemaker-target-model"] as string | undefined;
    calls.push({ path: url.pathname, targetModel, authorization, valid });
    if (!valid) {
      res.writeHead(403, {
        "content-type": "application/json",
        "x-amzn-ErrorType": "InvalidSignatureException",
      });
      res.end(
        JSON.stringify({
          message: "The request signature we calculated does not match the signature you provided.",
        }),
      );
      return;
    }
    res.writeHead(200, {
      "content-type": "application/json",
      "x-Amzn-Invoked-Production-Variant": "AllTraffic",
    });
    res.end(
      JSON.stringify({
        model_name: "add_sub_onnx",
        outputs: [{ name: "OUTPUT0", shape: [4], datatype: "FP32", data: [2, 2, 2, 2] }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
