// `node apps/emulator/dist/main.js` (`pnpm start`): the local SageMaker MME until SIGINT/SIGTERM.
import { LOCAL_PROFILE, MmeError } from "@mme/core";
import { loadConfig } from "./config/emulator-config.js";
import { startEmulator } from "./lifecycle/start-emulator.js";

async function main(): Promise<void> {
  // The SDK warns on every Node 20 process that its 2027 releases will need Node 22; mme pins its SDK.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const config = loadConfig(process.argv.slice(2));
  const emulator = await startEmulator(config);
  const ready = config.defaultEndpoint
    ? `; try: pnpm mme call-model add_sub_v0.tar.gz --local  (or aws sagemaker-runtime invoke-endpoint --endpoint-url ${emulator.url} --endpoint-name ${LOCAL_PROFILE.endpointName} --target-model add_sub_v0.tar.gz ...)`
    : "";
  console.log(
    `mme emulator ready: SageMaker API ${emulator.url}, S3 ${emulator.s3Url}; explorer ${emulator.url}/_mme/${ready}`,
  );

  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    emulator.logger.info({ signal }, "shutting down: draining in-flight requests");
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        emulator.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof MmeError ? error.message : error);
  process.exit(error instanceof MmeError ? 2 : 1);
});
