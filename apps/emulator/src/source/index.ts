export { ArchiveError, type ArchiveProblem, InvalidModelLocationError } from "./errors.js";
export type { ModelSource, ObjectLocation } from "./model-source.js";
export { missingModelMessage, S3ModelSource, type S3ModelSourceOptions } from "./s3-model-source.js";
export { parseS3Url, resolveTarget, type S3Location } from "./s3-url.js";
export { type Extractor, safeExtract } from "./safe-extract.js";
