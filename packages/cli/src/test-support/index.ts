// `@mme/cli/test-support` (source only, for tests): the CLI in-process with captured output, and the
// model and image fixtures its tests write. The emulator's CLI end-to-end tests use it too.

export { type MotoServer, startMotoServer } from "@mme/core/process";
export { metricsTable } from "../commands/metrics.js";
export { ADD_SUB_CONFIG, type ModelFixture, writeModel } from "./model-fixtures.js";
export { type MmeRun, type RunMmeOptions, runMme } from "./run-mme.js";
export { knownPicture, PICTURE_HEIGHT, PICTURE_WIDTH, writeJpeg, writePng } from "./test-images.js";
