import { MmeError } from "../errors/mme-errors.js";
import type { KServeDatatype } from "../kserve/types.js";
import type { TritonDataType } from "./model-config.js";

/** A Triton data type with no KServe v2 datatype (TYPE_BF16). */
export class UnsupportedDataTypeError extends MmeError {
  override name = "UnsupportedDataTypeError";
}

const TO_KSERVE: Record<Exclude<TritonDataType, "TYPE_BF16">, KServeDatatype> = {
  TYPE_BOOL: "BOOL",
  TYPE_UINT8: "UINT8",
  TYPE_UINT16: "UINT16",
  TYPE_UINT32: "UINT32",
  TYPE_UINT64: "UINT64",
  TYPE_INT8: "INT8",
  TYPE_INT16: "INT16",
  TYPE_INT32: "INT32",
  TYPE_INT64: "INT64",
  TYPE_FP16: "FP16",
  TYPE_FP32: "FP32",
  TYPE_FP64: "FP64",
  TYPE_STRING: "BYTES",
};

/** True when the config data type can travel as a KServe v2 tensor (all but TYPE_BF16). */
export function hasKServeDatatype(
  dataType: TritonDataType,
): dataType is Exclude<TritonDataType, "TYPE_BF16"> {
  return dataType !== "TYPE_BF16";
}

/**
 * The KServe v2 datatype of a Triton config data type: TYPE_FP32 → FP32, TYPE_STRING → BYTES.
 * @throws UnsupportedDataTypeError for TYPE_BF16: the KServe v2 protocol has no BF16 (Triton's
 * own "BF16" wire name is an extension mme does not encode), so failing loudly beats a wrong cast.
 */
export function tritonToKServeDatatype(dataType: TritonDataType): KServeDatatype {
  if (!hasKServeDatatype(dataType)) {
    throw new UnsupportedDataTypeError(
      `${dataType} has no KServe v2 datatype; mme cannot encode BF16 tensors`,
    );
  }
  return TO_KSERVE[dataType];
}

/** The Triton config data type of a KServe v2 datatype: FP32 → TYPE_FP32, BYTES → TYPE_STRING. */
export function kserveToTritonDatatype(datatype: KServeDatatype): TritonDataType {
  return datatype === "BYTES" ? "TYPE_STRING" : `TYPE_${datatype}`;
}
