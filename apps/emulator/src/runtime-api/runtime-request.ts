// One request on the runtime plane (runtime-plane.ts): node's request and response, the request id,
// what the route and the signature check found, and a logger made only when something is logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Caller } from "../auth/caller.js";

const NO_BODY = Buffer.alloc(0);

export class RuntimeRequest {
  /** The endpoint name from the path, percent-decoded. */
  name = "";
  /** The whole (decoded) body, once read. */
  body: Buffer = NO_BODY;
  /** Who signed the request (with --auth sigv4). */
  caller: Caller | undefined;
  #log: Logger | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly id: string,
    private readonly logger: Logger,
  ) {}

  /** A child logger carrying the request id; a pino child costs ~2 µs, so only a request that logs makes one. */
  get log(): Logger {
    this.#log ??= this.logger.child({ requestId: this.id });
    return this.#log;
  }

  /** A request header by its lower-case name, as Express's req.get reads it. */
  header(name: string): string | undefined {
    return this.req.headers[name] as string | undefined;
  }
}
