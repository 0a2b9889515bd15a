import { KServeCodecError } from "./errors.js";
import { isPlainObject, readParameters } from "./json-fields.js";
import { checkDatatype, checkName, checkShape } from "./tensor-checks.js";
import { type TensorRole, tensorLabel } from "./tensor-label.js";
import type { KServeDatatype, TensorParameters } from "./types.js";

/** The validated fields of a JSON tensor object, before its data is read from JSON or from a binary blob. */
export interface TensorHeader {
  name: string;
  datatype: KServeDatatype;
  shape: number[];
  count: number;
  label: string;
  parameters?: TensorParameters;
  data?: unknown;
}

export function readTensorHeader(raw: unknown, role: TensorRole, index: number): TensorHeader {
  if (!isPlainObject(raw)) throw new KServeCodecError(`${role} #${index} must be a JSON object`);
  const name = checkName(raw.name, role, index);
  const label = tensorLabel(role, name);
  const datatype = checkDatatype(raw.datatype, label);
  const count = checkShape(raw.shape, label);
  const parameters = readParameters(raw.parameters, `${label}: "parameters"`);
  return { name, datatype, shape: raw.shape as number[], count, label, parameters, data: raw.data };
}
