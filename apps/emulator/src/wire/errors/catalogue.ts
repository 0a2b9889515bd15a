// The shape of a service's error catalogue: each error the emulator puts on the wire, declared once with
// the name clients decode, its HTTP status and the members its body carries. The per-service files build
// their errors from these entries; wire-catalogue.test.ts checks every entry against botocore's models.
import { SageMakerError } from "@mme/core";

export interface WireErrorSpec {
  /** The name on the wire: `__type` / `x-amzn-ErrorType` for JSON protocols, `<Code>` for S3. */
  readonly name: string;
  readonly status: number;
  /** Body members besides the message (the model's member names). */
  readonly members: readonly string[];
  /** The Query protocol's error code, where it differs from the name (CloudWatch's awsQueryError). */
  readonly code?: string;
}

type SpecInput = Partial<WireErrorSpec> & { readonly status: number };

export interface Catalogue<K extends string = string> {
  /** botocore's service name (`botocore/data/<service>/`). */
  readonly service: string;
  readonly errors: { readonly [Id in K]: WireErrorSpec };
}

/** Entries are keyed by an id; the name on the wire defaults to the id. */
export function defineCatalogue<K extends string>(
  service: string,
  entries: { readonly [Id in K]: SpecInput },
): Catalogue<K> {
  const errors = Object.fromEntries(
    Object.entries<SpecInput>(entries).map(([id, spec]) => [
      id,
      { ...spec, name: spec.name ?? id, members: spec.members ?? [] },
    ]),
  ) as { [Id in K]: WireErrorSpec };
  return { service, errors };
}

/** The entry of an error class that declares itself (SageMaker Runtime's, in @mme/core). */
export function specOf(error: SageMakerError): SpecInput {
  const members = Object.keys(error.body()).filter((member) => member !== "message");
  return { name: error.name, status: error.status, members };
}

/** An error made from its entry, for the planes that write their own error bodies (CloudWatch, Logs). */
export class CataloguedError extends Error {
  readonly status: number;
  constructor(
    readonly spec: WireErrorSpec,
    message: string,
  ) {
    super(message);
    this.name = spec.name;
    this.status = spec.status;
  }
}

/** An AWS JSON error class (`{"message"}` body) from its catalogue entry. */
export function jsonErrorClass(spec: WireErrorSpec) {
  const errorClass = class extends SageMakerError {
    override readonly name = spec.name;
    readonly status = spec.status;
  };
  // Named as the error, for stack traces and the logger's `err.type`.
  Object.defineProperty(errorClass, "name", { value: spec.name });
  return errorClass;
}
