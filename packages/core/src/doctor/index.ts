export * from "./check-cold-load-retries.js";
export * from "./check-memory-fit.js";
export type { CheckStatus, DoctorCheck, DoctorReport } from "./doctor-check.js";
export * from "./format-bytes.js";
export * from "./model-memory.js";
export * from "./run-doctor.js";
export * from "./scan-tarballs.js";
