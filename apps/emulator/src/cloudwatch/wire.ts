// CloudWatch's three wire protocols, as botocore and the AWS SDKs speak them: Smithy RPC v2 CBOR
// (botocore's first choice), AWS JSON 1.0 (@aws-sdk/client-cloudwatch, older botocore) and Query
// (form-encoded request, XML response), each with its error shape. CBOR goes through the codec the
// AWS SDK itself uses (@smithy/core/cbor).
import { cbor, dateToTag } from "@smithy/core/cbor";
import type { Response } from "express";
import type { CloudWatchError } from "../wire/errors/cloudwatch.js";
import type { Input } from "./input.js";

export type CloudWatchProtocol = "rpc-v2-cbor" | "json" | "query";

export const XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
export const SHAPE_NAMESPACE = "com.amazonaws.cloudwatch";
/** Map-shaped output members (Query writes them as entry/key/value). */
const MAP_MEMBERS = new Set(["ExtendedStatistics"]);

export function decodeCbor(body: Buffer): Input {
  if (body.length === 0) return {};
  return cbor.deserialize(new Uint8Array(body.buffer, body.byteOffset, body.length)) as Input;
}

export function decodeJson(body: Buffer): Input {
  if (body.length === 0) return {};
  return JSON.parse(body.toString("utf8")) as Input;
}

/** Query parameters (`A.member.1.B=…`) as the nested input the other protocols send. */
export function decodeQuery(params: URLSearchParams): Input {
  const root: Input = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue;
    const path = key.split(".");
    let node = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      node[segment] ??= {};
      node = node[segment] as Input;
    });
  }
  return listsFromMembers(root) as Input;
}

function listsFromMembers(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const object = value as Input;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === "member") {
    const members = object.member as Input;
    return Object.keys(members)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => listsFromMembers(members[k]));
  }
  return Object.fromEntries(keys.map((k) => [k, listsFromMembers(object[k])]));
}

export function sendOutput(
  res: Response,
  protocol: CloudWatchProtocol,
  operation: string,
  output: object,
  requestId: string,
): void {
  res.status(200);
  if (protocol === "rpc-v2-cbor") {
    res.set("smithy-protocol", "rpc-v2-cbor").type("application/cbor");
    res.send(Buffer.from(cbor.serialize(convertDates(output, (d) => dateToTag(d)))));
  } else if (protocol === "json") {
    res
      .type("application/x-amz-json-1.0")
      .send(JSON.stringify(convertDates(output, (d) => d.getTime() / 1000)));
  } else {
    const result = xmlValue(output);
    res
      .type("text/xml")
      .send(
        `<${operation}Response xmlns="${XML_NAMESPACE}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
      );
  }
}

export function sendCloudWatchError(
  res: Response,
  protocol: CloudWatchProtocol,
  error: CloudWatchError,
  requestId: string,
): void {
  res.status(error.status).set("x-amzn-query-error", `${error.code};${error.fault}`);
  const messageKey = error.shape === "InternalServiceFault" ? "Message" : "message";
  const body = { __type: `${SHAPE_NAMESPACE}#${error.shape}`, [messageKey]: error.message };
  if (protocol === "rpc-v2-cbor") {
    res
      .set("smithy-protocol", "rpc-v2-cbor")
      .type("application/cbor")
      .send(Buffer.from(cbor.serialize(body)));
  } else if (protocol === "json") {
    res.type("application/x-amz-json-1.0").send(JSON.stringify(body));
  } else {
    res
      .type("text/xml")
      .send(
        `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
  }
}

function convertDates(value: unknown, convert: (date: Date) => unknown): unknown {
  if (value instanceof Date) return convert(value);
  if (Array.isArray(value)) return value.map((v) => convertDates(v, convert));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertDates(v, convert)]));
  }
  return value;
}

function xmlValue(value: unknown, key = ""): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlValue(v)}</member>`).join("");
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (MAP_MEMBERS.has(key)) {
      return entries
        .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${xmlValue(v)}</value></entry>`)
        .join("");
    }
    return entries.map(([k, v]) => `<${k}>${xmlValue(v, k)}</${k}>`).join("");
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", "'": "apos", '"': "quot" }[c]};`,
  );
}
