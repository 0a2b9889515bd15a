// What Node's HTTP parser refuses before Express sees a request (control characters in a header value,
// bad chunking, duplicate Content-Length, headers over the limit, a request that never finished) gets
// SageMaker's error shape, not Node's bare "400 Bad Request".
import { randomUUID } from "node:crypto";
import { type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type SageMakerError, ValidationError } from "@mme/core";
import type { Logger } from "pino";

interface ParserError extends Error {
  code?: string;
  reason?: string;
}

/** Node's parser error codes, as a client would understand them. */
const REASONS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "The request headers are larger than the server accepts.",
  HPE_INVALID_HEADER_TOKEN: "A request header has an invalid character in its name or value.",
  HPE_INVALID_CONTENT_LENGTH: "The request's Content-Length header is invalid.",
  HPE_UNEXPECTED_CONTENT_LENGTH: "The request has both Content-Length and Transfer-Encoding.",
  HPE_INVALID_CHUNK_SIZE: "The request's chunked body is malformed.",
  HPE_INVALID_TRANSFER_ENCODING: "The request's Transfer-Encoding header is invalid.",
  HPE_INVALID_METHOD: "The request method is invalid.",
  HPE_INVALID_URL: "The request URL is invalid.",
  HPE_INVALID_VERSION: "The request's HTTP version is invalid.",
  ERR_HTTP_REQUEST_TIMEOUT: "The request did not arrive in time.",
  HPE_HEADERS_TIMEOUT: "The request headers did not arrive in time.",
};

export function answerParserErrors(server: Server, logger: Logger): void {
  server.on("clientError", (error: ParserError, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inProgress?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const wireError = parserError(error);
    logger.info({ requestId, code: error.code, reason: error.reason }, "request rejected by the HTTP parser");
    socket.end(rawErrorResponse(wireError, requestId));
  });
}

export function parserError(error: ParserError): SageMakerError {
  const reason = (error.code && REASONS[error.code]) ?? "The request is not valid HTTP/1.1.";
  return new ValidationError(reason);
}

function rawErrorResponse(error: SageMakerError, requestId: string): string {
  const body = JSON.stringify(error.body());
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amzn-RequestId: ${requestId}`,
    `x-amzn-ErrorType: ${error.name}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}
