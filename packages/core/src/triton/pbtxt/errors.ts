import { MmeError } from "../../errors/mme-errors.js";

/** A config.pbtxt is not valid protobuf text format. `reason` is the message without the location. */
export class PbtxtSyntaxError extends MmeError {
  override name = "PbtxtSyntaxError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}
