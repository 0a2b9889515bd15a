// Strings Triton's SageMaker front end matches on (src/sagemaker_server.cc).

export const TARGET_MODEL_HEADER = "x-amzn-sagemaker-target-model";

/** Matched as a prefix of the Content-Type, parameter and all: no space is allowed before `json-header-size`. */
export const SAGEMAKER_BINARY_MIME = "application/vnd.sagemaker-triton.binary+json;json-header-size=";

/** SageMakerMMECheckOOMError: an error whose message holds one of these is a 507, so the platform evicts and retries. */
const OUT_OF_MEMORY_MESSAGES = [
  "CUDA out of memory",
  "CUDA_OUT_OF_MEMORY",
  "Out of memory",
  "Out Of Memory",
  "out of memory",
  "MemoryError",
  "OutOfMemory",
  "OOM",
  "Dst tensor is not initialized",
  "Src tensor is not initialized",
  "CNMEM_STATUS_OUT_OF_MEMORY",
  "CUDNN_STATUS_NOT_INITIALIZED",
  "CUBLAS_STATUS_ALLOC_FAILED",
  "CUBLAS_STATUS_NOT_INITIALIZED",
  "Failed to allocate memory",
  "failed to allocate memory",
  "No space left on device",
];

export function isOutOfMemory(message: string): boolean {
  return OUT_OF_MEMORY_MESSAGES.some((m) => message.includes(m));
}
