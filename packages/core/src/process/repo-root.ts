import { fileURLToPath } from "node:url";

/** The repository root: this file sits in packages/core/{src,dist}/process/. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
