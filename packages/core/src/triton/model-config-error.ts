import { MmeError, type ModelProblem } from "../errors/mme-errors.js";

/** A config.pbtxt parses but does not describe a valid model config (unknown data_type, bad dims, …). */
export class ModelConfigError extends MmeError {
  override name = "ModelConfigError";
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The first problem's message, without its location. */
  readonly reason: string;

  /** @param problems every problem found, in document order; the first one is the headline. */
  constructor(
    readonly file: string,
    readonly problems: ModelProblem[],
  ) {
    const first = problems[0] ?? { file, message: "invalid model config" };
    const where = first.line === undefined ? file : `${file}:${first.line}:${first.column}`;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`${where}: ${first.message}${more}`);
    this.line = first.line;
    this.column = first.column;
    this.reason = first.message;
  }
}
