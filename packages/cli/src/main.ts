import { scriptArgv } from "@mme/core";
import { runCli } from "./run-cli.js";

// The SDK warns on every Node 20 process that its 2027 releases will need Node 22; mme pins its SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.exitCode = await runCli(scriptArgv());
