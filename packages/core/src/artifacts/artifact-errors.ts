import { MmeError } from "../errors/index.js";

export class TarballNameError extends MmeError {
  override name = "TarballNameError";
}

export class ObjectNotFoundError extends MmeError {
  override name = "ObjectNotFoundError";
}
