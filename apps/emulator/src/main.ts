// `node apps/emulator/dist/main.js` (`pnpm start`): the local SageMaker MME until SIGINT/SIGTERM/SIGHUP,
// or (--exit-with-parent) until the process that started it exits.
import { join, resolve } from "node:path";
import { LOCAL_PROFILE, MmeError, removeLocalEmulator, scriptArgv, writeLocalEmulator } from "@mme/core";
import { warmColdPath } from "@mme/platform";
import { sessionThreads } from "@mme/runtime";
import { type EmulatorConfig, loadConfig, REPO_ROOT, USAGE } from "./config/emulator-config.js";
import { watchParent } from "./lifecycle/exit-with-parent.js";
import { startEmulator } from "./lifecycle/start-emulator.js";

async function main(): Promise<void> {
  // Whoever read our output may be gone (the starter killed, a closed pipe): a log line must not then crash
  // the emulator, least of all the shutdown's own. Other stream errors stay fatal.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  // The SDK warns on every Node 20 process that its 2027 releases will need Node 22; mme pins its SDK.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const argv = scriptArgv();
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(argv);
  const emulator = await startEmulator(config);
  // What `mme --local` reads to find this emulator (its ports and names), removed again on stop.
  await writeLocalEmulator(config.dataDir, {
    pid: process.pid,
    endpointUrl: emulator.url,
    s3EndpointUrl: emulator.s3Url,
    region: config.region,
    bucketName: LOCAL_PROFILE.bucketName,
    modelDataUrl: LOCAL_PROFILE.modelDataUrl,
    ...(config.defaultEndpoint ? { endpointName: LOCAL_PROFILE.endpointName } : {}),
  });
  const ready = config.defaultEndpoint
    ? `; try: ${localHint(config)}pnpm mme call-model add_sub_v0.tar.gz --local  (or aws sagemaker-runtime invoke-endpoint --endpoint-url ${emulator.url} --endpoint-name ${LOCAL_PROFILE.endpointName} --target-model add_sub_v0.tar.gz ...)`
    : "";
  const auth =
    emulator.authKeyCount === undefined
      ? "auth: off (any signature accepted)"
      : `auth: sigv4 (${emulator.authKeyCount} keys)`;
  if (config.auth === "none" && !isLoopback(config.host)) {
    console.error(
      `warning: listening on ${config.host}, beyond this machine, without --auth sigv4: anyone who can reach it can invoke, create and delete endpoints and read and write the embedded S3. Add --auth sigv4 --auth-keys FILE.`,
    );
  }
  // The signals are ours before the ready line goes out: a client may stop us the moment it reads it.
  const warmUp = new AbortController();
  let warmedUp: Promise<void> = Promise.resolve();
  let signals = 0;
  const stop = (signal: NodeJS.Signals | "parent exited") => {
    signals++;
    if (signals > 1) process.exit(130);
    emulator.logger.info({ signal }, "shutting down: draining in-flight requests");
    warmUp.abort();
    warmedUp
      .then(() => emulator.close())
      .then(() => removeLocalEmulator(config.dataDir, process.pid))
      .then(() => sessionThreads.closeAll())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          emulator.logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  if (config.exitWithParent) watchParent(() => stop("parent exited"));

  console.log(
    `mme emulator ready: SageMaker API ${emulator.url}, S3 ${emulator.s3Url}; explorer ${emulator.url}/_mme/; ${auth}${ready}`,
  );
  // One after the other, so that neither slows the other: both take a core while they run.
  if (config.containerUrl === undefined) {
    warmedUp = warmInProcessRuntime(config, warmUp.signal);
    void warmedUp.then(() => (warmUp.signal.aborted ? undefined : printPythonInterpreters()));
  }
}

/** `mme --local` finds an emulator through its data folder: a folder other than `.mme` must be named. */
function localHint(config: EmulatorConfig): string {
  return config.dataDir === resolve(REPO_ROOT, ".mme") ? "" : `MME_DATA_DIR=${config.dataDir} `;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The in-process runtime's cold path, run on a private model until V8 has compiled it, so that the first
 * cold starts a user sends take what later ones do. Never for an HTTP container: it would load models there.
 */
async function warmInProcessRuntime(config: EmulatorConfig, signal: AbortSignal): Promise<void> {
  const { rounds, ms, failure } = await warmColdPath(join(config.dataDir, "warm-up"), { signal });
  if (signal.aborted) return;
  if (failure === undefined)
    console.log(`mme emulator: cold path warmed (${rounds} model loads, ${Math.round(ms)} ms)`);
  else
    console.error(
      `mme emulator: cold path not warmed after ${rounds} model loads (${failure}); the first cold starts will be slower`,
    );
}

/** Which python3 the in-process runtime gives each kind of model (probing torch takes a second or two). */
async function printPythonInterpreters(): Promise<void> {
  const { describeInterpreters, formatInterpreterReport } = await import("@mme/runtime");
  for (const line of formatInterpreterReport(await describeInterpreters(process.env))) {
    console.log(`mme emulator: ${line}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof MmeError ? error.message : error);
  process.exit(error instanceof MmeError ? 2 : 1);
});
