export { EmbeddedS3ModelSource, type ObjectReader } from "./embedded-s3-model-source.js";
export { ArchiveError, type ArchiveProblem, InvalidModelLocationError } from "./errors.js";
export type { ModelSource } from "./model-source.js";
export { missingModelMessage, S3ModelSource, type S3ModelSourceOptions } from "./s3-model-source.js";
export { resolveTarget } from "./s3-url.js";
export { type Extractor, safeExtract } from "./safe-extract.js";
