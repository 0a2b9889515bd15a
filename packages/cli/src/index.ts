export type { CliIo, OutputStream } from "./io.js";
export { rootCommand, VERSION } from "./root-command.js";
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from "./run-cli.js";
