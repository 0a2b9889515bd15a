// Nothing outlives the stack: an emulator run with --exit-with-parent (as `pnpm start` runs it) stops
// when the process that started it is killed without passing the signal on (what pnpm does), and a
// Python worker stuck in initialize() dies with an emulator killed by SIGKILL.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel, createS3Client, LOCAL_PROFILE } from "@mme/core";
import { afterAll, expect, it, vi } from "vitest";
import { REPO_ROOT } from "../config/emulator-config.js";
import { startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST, writePythonModel } from "../test-support/models.js";

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

it("an emulator with --exit-with-parent stops, ports freed, when its starter is killed", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "mme-orphan-"));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  // The starter behaves like pnpm: it runs the emulator and dies on SIGTERM without passing it on.
  const emulatorArgs = [
    "--conditions=source",
    "--import",
    "tsx",
    "apps/emulator/src/main.ts",
    "--exit-with-parent",
    "--port",
    "0",
    "--s3-port",
    "0",
    "--data-dir",
    dataDir,
    "--no-seed",
  ];
  // The emulator's stderr goes to a file: a stop that crashes (its log line to a stdout nobody reads any
  // more, say) shows there.
  const stderrFile = join(dataDir, "emulator.stderr");
  const starterScript = `const c = require("node:child_process").spawn(process.execPath, ${JSON.stringify(emulatorArgs)}, { stdio: ["ignore", "pipe", require("node:fs").openSync(${JSON.stringify(stderrFile)}, "w")] });
c.stdout.on("data", (d) => { const m = /ready: SageMaker API http:\\/\\/[^:]+:(\\d+), S3 http:\\/\\/[^:]+:(\\d+)/.exec(String(d)); if (m) console.log(JSON.stringify({ pid: c.pid, port: +m[1], s3Port: +m[2] })); });`;
  const starter = spawn(process.execPath, ["-e", starterScript], {
    cwd: REPO_ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanup.push(() => starter.kill("SIGKILL"));
  const started = await new Promise<{ pid: number; port: number; s3Port: number }>((resolve, reject) => {
    starter.stdout.setEncoding("utf8").on("data", (line: string) => resolve(JSON.parse(line)));
    starter.once("exit", (code) => reject(new Error(`the starter exited with ${code}`)));
  });
  cleanup.push(() => alive(started.pid) && process.kill(started.pid, "SIGKILL"));
  expect(await portIsFree(started.port)).toBe(false);

  starter.kill("SIGTERM");
  await vi.waitFor(() => expect(alive(started.pid)).toBe(false), { timeout: 20_000, interval: 100 });
  expect(await portIsFree(started.port)).toBe(true);
  expect(await portIsFree(started.s3Port)).toBe(true);
  expect(await readFile(stderrFile, "utf8")).not.toMatch(/EPIPE|Unhandled|Error:/);
});

it("a Python worker stuck in initialize() dies with a SIGKILLed emulator", async () => {
  const workDir = await mkdtemp(join(tmpdir(), "mme-orphan-worker-"));
  cleanup.push(() => rm(workDir, { recursive: true, force: true }));
  const emulator = await startEmulatorProcess(["--data-dir", join(workDir, "data"), "--no-seed"]);
  cleanup.push(() => emulator.stop());
  const pidFile = join(workDir, "worker.pid");
  const modelDir = await writePythonModel(join(workDir, "models"), "stuck", {});
  await mkdir(join(modelDir, "1"), { recursive: true });
  await writeFile(
    join(modelDir, "1", "model.py"),
    `import os, time

class TritonPythonModel:
    def initialize(self, args):
        with open(${JSON.stringify(pidFile)}, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(600)

    def execute(self, requests):
        return []
`,
  );
  const s3 = createS3Client({
    endpoint: emulator.s3Url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  cleanup.push(() => s3.destroy());
  await addModel(s3, {
    dir: modelDir,
    tarballName: "stuck_v0.tar.gz",
    modelDataUrl: LOCAL_PROFILE.modelDataUrl,
  });
  const client = new SageMakerRuntimeClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
    maxAttempts: 1,
  });
  cleanup.push(() => client.destroy());
  const call = client
    .send(
      new InvokeEndpointCommand({
        EndpointName: LOCAL_PROFILE.endpointName,
        TargetModel: "stuck_v0.tar.gz",
        ContentType: "application/json",
        Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
      }),
    )
    .catch(() => "failed");
  const workerPid = await vi.waitFor(
    async () => {
      const pid = Number(await readFile(pidFile, "utf8"));
      expect(pid).toBeGreaterThan(0);
      return pid;
    },
    { timeout: 20_000, interval: 50 },
  );
  cleanup.push(() => alive(workerPid) && process.kill(workerPid, "SIGKILL"));

  emulator.child.kill("SIGKILL");
  await vi.waitFor(() => expect(alive(workerPid)).toBe(false), { timeout: 10_000, interval: 50 });
  expect(await call).toBe("failed");
});
